// Forms for staff users: create, edit details/roles/units/groups, enable or disable, and set a password.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { STAFF_ROLES, type StaffRole } from '@skyddsnat/domain';
import * as api from '../../api/endpoints.ts';
import type { AdminUser, NewUser, Organisation, UserChange } from '../../api/types.ts';
import { ErrorMessage, errorText, isApiError } from '../../components/error-message.tsx';
import {
  CheckboxGroup,
  focusFirstInvalid,
  hasErrors,
  serverFieldErrors,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';

export const MIN_PASSWORD_LENGTH = 12;
const FIELDS = [
  'username',
  'displayName',
  'email',
  'password',
  'roles',
  'unitIds',
  'groupIds',
] as const;
type Field = (typeof FIELDS)[number];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Values {
  username: string;
  displayName: string;
  email: string;
  password: string;
  roles: StaffRole[];
  unitIds: string[];
  groupIds: string[];
}

const EMPTY: Values = {
  username: '',
  displayName: '',
  email: '',
  password: '',
  roles: [],
  unitIds: [],
  groupIds: [],
};

function isStaffRoleValue(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** Client-side checks with Swedish messages; the server validates again. */
function validate(t: TFunction, values: Values, creating: boolean): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  const required = (label: string) => t('validation.required', { field: label.toLowerCase() });
  if (creating && !values.username.trim()) errors.username = required(t('users.username'));
  if (!values.displayName.trim()) errors.displayName = required(t('users.displayName'));
  if (values.email.trim() && !EMAIL.test(values.email.trim())) errors.email = t('validation.email');
  if (values.password && values.password.length < MIN_PASSWORD_LENGTH) {
    errors.password = t('validation.passwordLength', { min: MIN_PASSWORD_LENGTH });
  }
  return errors;
}

/** Server errors that belong to one field. */
function fieldErrorsFor(t: TFunction, caught: unknown): FieldErrors<Field> | null {
  const fromServer = serverFieldErrors(t, caught, FIELDS);
  if (fromServer) return fromServer;
  if (isApiError(caught, 'username_taken')) return { username: errorText(t, caught) };
  if (isApiError(caught, 'weak_password')) return { password: errorText(t, caught) };
  if (isApiError(caught, 'unknown_unit')) return { unitIds: errorText(t, caught) };
  if (isApiError(caught, 'unknown_group')) return { groupIds: errorText(t, caught) };
  return null;
}

/** Display name and e-mail: the same fields when creating and editing a user. */
function NameAndEmailFields({
  values,
  errors,
  onChange,
}: {
  values: Values;
  errors: FieldErrors<Field>;
  onChange: (change: Partial<Values>) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('users.displayName')}
        value={values.displayName}
        onChange={(displayName) => {
          onChange({ displayName });
        }}
        error={errors.displayName}
        required
        autoComplete="off"
        maxLength={200}
        width="medium"
        testId="user-display-name"
      />
      <TextField
        label={t('users.email')}
        type="email"
        value={values.email}
        onChange={(email) => {
          onChange({ email });
        }}
        error={errors.email}
        optional
        autoComplete="off"
        spellCheck={false}
        maxLength={320}
        width="medium"
        testId="user-email"
      />
    </>
  );
}

/** Roles, units and the groups of the chosen units. */
function AccessFields({
  org,
  values,
  errors,
  onChange,
}: {
  org: Organisation;
  values: Values;
  errors: FieldErrors<Field>;
  onChange: (change: Partial<Values>) => void;
}) {
  const { t } = useTranslation();
  const groupOptions = org.units.flatMap((unit) =>
    unit.groups
      .filter((group) => values.unitIds.includes(unit.id) || values.groupIds.includes(group.id))
      .map((group) => ({
        value: group.id,
        label: t('users.groupInUnit', { group: group.name, unit: unit.name }),
      })),
  );
  return (
    <>
      <CheckboxGroup
        label={t('users.roles')}
        selected={values.roles}
        onChange={(roles) => {
          onChange({ roles: roles.filter(isStaffRoleValue) });
        }}
        error={errors.roles}
        options={STAFF_ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
        testId="user-roles"
      />
      <CheckboxGroup
        label={t('users.units')}
        selected={values.unitIds}
        onChange={(unitIds) => {
          // Groups of units the user leaves go with the unit.
          const kept = new Set(
            org.units
              .filter((unit) => unitIds.includes(unit.id))
              .flatMap((unit) => unit.groups.map((g) => g.id)),
          );
          onChange({ unitIds, groupIds: values.groupIds.filter((id) => kept.has(id)) });
        }}
        error={errors.unitIds}
        options={org.units.map((unit) => ({ value: unit.id, label: unit.name }))}
        emptyText={t('users.noUnits')}
        testId="user-units"
      />
      <CheckboxGroup
        label={t('users.groups')}
        hint={t('users.groupsHint')}
        selected={values.groupIds}
        onChange={(groupIds) => {
          onChange({ groupIds });
        }}
        error={errors.groupIds}
        options={groupOptions}
        emptyText={values.unitIds.length === 0 ? t('users.chooseUnitFirst') : t('users.noGroups')}
        testId="user-groups"
      />
    </>
  );
}

interface FormProps {
  org: Organisation;
  reload: () => Promise<unknown>;
  notify: (message: string) => void;
}

export function UserCreateForm({ org, reload, notify }: FormProps) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const change = (partial: Partial<Values>) => {
    setValues((previous) => ({ ...previous, ...partial }));
  };

  const submit = async () => {
    if (pending) return;
    const errors = validate(t, values, true);
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    const user: NewUser = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      roles: values.roles,
      unitIds: values.unitIds,
      groupIds: values.groupIds,
    };
    if (values.email.trim()) user.email = values.email.trim();
    if (values.password) user.password = values.password;
    setPending(true);
    try {
      await api.createUser(user);
      notify(t('users.created', { username: user.username }));
      setValues(EMPTY);
      await reload();
    } catch (caught) {
      const forFields = fieldErrorsFor(t, caught);
      if (forFields) {
        setFieldErrors(forFields);
        focusFirstInvalid(formRef.current);
      } else {
        setError(caught);
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      ref={formRef}
      noValidate
      data-testid="user-create-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {error ? <ErrorMessage error={error} /> : null}
      <TextField
        label={t('users.username')}
        hint={t('users.usernameHint')}
        value={values.username}
        onChange={(username) => {
          change({ username });
        }}
        error={fieldErrors.username}
        required
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        width="medium"
        testId="user-username"
      />
      <NameAndEmailFields values={values} errors={fieldErrors} onChange={change} />
      <TextField
        label={t('users.password')}
        hint={t('users.passwordHint')}
        type="password"
        value={values.password}
        onChange={(password) => {
          change({ password });
        }}
        error={fieldErrors.password}
        optional
        autoComplete="new-password"
        width="medium"
        testId="user-password"
      />
      <AccessFields org={org} values={values} errors={fieldErrors} onChange={change} />
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('common.create')}
          pendingLabel={t('common.saving')}
          testId="user-submit"
        />
      </div>
    </form>
  );
}

interface EditorProps extends FormProps {
  user: AdminUser;
  onClose: () => void;
  /** Reloads and opens the user again with fresh data (after a version conflict). */
  onRestart: () => void;
}

/** Edits one user; every change sends the version it started from, so parallel edits are detected. */
export function UserEditor({ org, user, reload, notify, onClose, onRestart }: EditorProps) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(user.version);
  const [disabled, setDisabled] = useState(user.disabled);
  const [values, setValues] = useState<Values>({
    ...EMPTY,
    username: user.username,
    displayName: user.displayName,
    email: user.email ?? '',
    roles: [...user.roles],
    unitIds: [...user.unitIds],
    groupIds: [...user.groupIds],
  });
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<'details' | 'status' | 'password' | null>(null);
  const detailsRef = useRef<HTMLFormElement>(null);
  const passwordRef = useRef<HTMLFormElement>(null);
  const change = (partial: Partial<Values>) => {
    setValues((previous) => ({ ...previous, ...partial }));
  };

  const save = async (
    kind: 'details' | 'status' | 'password',
    patch: Omit<UserChange, 'version'>,
    done: string,
    form: HTMLFormElement | null,
  ) => {
    if (pending) return;
    setPending(kind);
    setError(null);
    try {
      const updated = await api.updateUser(user.id, { ...patch, version });
      setVersion(updated.version);
      setDisabled(updated.disabled);
      if (kind === 'password') setPassword('');
      notify(done);
      await reload();
    } catch (caught) {
      const forFields = fieldErrorsFor(t, caught);
      if (forFields) {
        setFieldErrors(forFields);
        focusFirstInvalid(form);
      } else {
        setError(caught);
      }
    } finally {
      setPending(null);
    }
  };

  const saveDetails = () => {
    const errors = validate(t, { ...values, password: '' }, false);
    setFieldErrors(errors);
    if (hasErrors(errors)) {
      focusFirstInvalid(detailsRef.current);
      return;
    }
    const email = values.email.trim();
    const patch: Omit<UserChange, 'version'> = {
      displayName: values.displayName.trim(),
      roles: values.roles,
      unitIds: values.unitIds,
      groupIds: values.groupIds,
    };
    // An emptied address is removed (null); an address that was never set is left out.
    if (email) patch.email = email;
    else if (user.email !== null) patch.email = null;
    void save(
      'details',
      patch,
      t('users.updated', { username: user.username }),
      detailsRef.current,
    );
  };

  const savePassword = () => {
    const message = !password
      ? t('validation.required', { field: t('users.newPassword').toLowerCase() })
      : password.length < MIN_PASSWORD_LENGTH
        ? t('validation.passwordLength', { min: MIN_PASSWORD_LENGTH })
        : undefined;
    setFieldErrors(message ? { password: message } : {});
    if (message) {
      focusFirstInvalid(passwordRef.current);
      return;
    }
    void save(
      'password',
      { password },
      t('users.passwordSet', { username: user.username }),
      passwordRef.current,
    );
  };

  return (
    <div data-testid="user-editor">
      {error ? <ErrorMessage error={error} onReloadAfterConflict={onRestart} /> : null}
      <form
        ref={detailsRef}
        noValidate
        data-testid="user-edit-form"
        onSubmit={(event) => {
          event.preventDefault();
          saveDetails();
        }}
      >
        <TextField
          label={t('users.username')}
          value={values.username}
          onChange={() => undefined}
          disabled
          width="medium"
        />
        <NameAndEmailFields values={values} errors={fieldErrors} onChange={change} />
        <AccessFields org={org} values={values} errors={fieldErrors} onChange={change} />
        <div className="actions">
          <SubmitButton
            pending={pending === 'details'}
            label={t('common.save')}
            pendingLabel={t('common.saving')}
            testId="user-submit"
          />
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('users.close')}
          </button>
        </div>
      </form>

      <div className="subpanel">
        <h4>{t('users.statusTitle')}</h4>
        <p data-testid="user-status">
          {disabled ? t('users.statusDisabled') : t('users.statusActive')}
        </p>
        <button
          type="button"
          className={disabled ? 'button' : 'button button-danger'}
          aria-disabled={pending === 'status' ? true : undefined}
          data-testid="user-toggle-disabled"
          onClick={() => {
            const next = !disabled;
            const done = next
              ? t('users.disabledDone', { username: user.username })
              : t('users.enabledDone', { username: user.username });
            void save('status', { disabled: next }, done, null);
          }}
        >
          {disabled ? t('users.enable') : t('users.disable')}
        </button>
      </div>

      <div className="subpanel">
        <h4>{t('users.passwordTitle')}</h4>
        <form
          ref={passwordRef}
          noValidate
          data-testid="user-password-form"
          onSubmit={(event) => {
            event.preventDefault();
            savePassword();
          }}
        >
          <TextField
            label={t('users.newPassword')}
            hint={t('users.newPasswordHint')}
            type="password"
            value={password}
            onChange={setPassword}
            error={fieldErrors.password}
            required
            autoComplete="new-password"
            width="medium"
            testId="user-new-password"
          />
          <div className="actions">
            <SubmitButton
              pending={pending === 'password'}
              label={t('users.setPassword')}
              pendingLabel={t('common.saving')}
              testId="user-set-password"
            />
          </div>
        </form>
      </div>
    </div>
  );
}
