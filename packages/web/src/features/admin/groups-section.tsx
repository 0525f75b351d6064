// Administration of groups within units: list, create in a unit, rename.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../../api/endpoints.ts';
import type { OrgGroup } from '../../api/types.ts';
import { ErrorMessage, errorText, isApiError } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  hasErrors,
  SelectField,
  serverFieldErrors,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { EditRowButton } from './edit-row-button.tsx';
import { focusLater, type SectionProps } from './admin-data.ts';

type Field = 'unitId' | 'name';
interface EditedGroup extends OrgGroup {
  unitId: string;
  unitName: string;
}

export function GroupsSection({ org, reload, notify }: SectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<EditedGroup | null>(null);
  const [unitId, setUnitId] = useState('');
  const [name, setName] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const groups: EditedGroup[] = org.units.flatMap((unit) =>
    unit.groups.map((group) => ({ ...group, unitId: unit.id, unitName: unit.name })),
  );

  const startEdit = (group: EditedGroup | null) => {
    setEditing(group);
    setName(group?.name ?? '');
    setUnitId(group?.unitId ?? '');
    setFieldErrors({});
    setError(null);
    focusLater(() => headingRef.current);
  };

  const submit = async () => {
    if (pending) return;
    const trimmed = name.trim();
    const errors: FieldErrors<Field> = {};
    if (!editing && !unitId)
      errors.unitId = t('validation.choose', { field: t('groups.unit').toLowerCase() });
    if (!trimmed) errors.name = t('validation.required', { field: t('groups.name').toLowerCase() });
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    try {
      if (editing) {
        await api.updateGroup(editing.id, trimmed, editing.version);
        notify(t('groups.updated', { name: trimmed }));
      } else {
        await api.createGroup(unitId, trimmed);
        notify(t('groups.created', { name: trimmed }));
      }
      setEditing(null);
      setName('');
      await reload();
    } catch (caught) {
      const fromServer = serverFieldErrors(t, caught, ['name'] as const);
      if (fromServer) {
        setFieldErrors(fromServer);
        focusFirstInvalid(formRef.current);
      } else if (isApiError(caught, 'name_taken')) {
        setFieldErrors({ name: errorText(t, caught) });
        focusFirstInvalid(formRef.current);
      } else if (isApiError(caught, 'unknown_unit') && !editing) {
        setFieldErrors({ unitId: errorText(t, caught) });
        focusFirstInvalid(formRef.current);
      } else {
        setError(caught);
      }
    } finally {
      setPending(false);
    }
  };

  const reloadAndRestart = async () => {
    const fresh = await reload();
    if (!fresh || !editing) {
      startEdit(null);
      return;
    }
    const unit = fresh.org.units.find((u) => u.id === editing.unitId);
    const group = unit?.groups.find((g) => g.id === editing.id);
    startEdit(unit && group ? { ...group, unitId: unit.id, unitName: unit.name } : null);
  };

  return (
    <section
      className="panel"
      id="grupper"
      aria-labelledby="groups-heading"
      data-testid="admin-groups"
    >
      <h2 id="groups-heading">{t('groups.title')}</h2>
      {groups.length === 0 ? (
        <p>{t('groups.none')}</p>
      ) : (
        <TableWrap label={t('groups.caption')}>
          <table className="table">
            <caption className="visually-hidden">{t('groups.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('groups.name')}</th>
                <th scope="col">{t('groups.unit')}</th>
                <th scope="col">{t('groups.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group.id} data-testid="group-row">
                  <th scope="row">{group.name}</th>
                  <td>{group.unitName}</td>
                  <td>
                    <EditRowButton
                      text={t('groups.edit')}
                      label={t('groups.editLabel', { name: group.name })}
                      onEdit={() => {
                        startEdit(group);
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <div className="subpanel">
        <h3 ref={headingRef} tabIndex={-1}>
          {editing ? t('groups.editTitle', { name: editing.name }) : t('groups.create')}
        </h3>
        {org.units.length === 0 ? (
          <p>{t('groups.needUnit')}</p>
        ) : (
          <form
            ref={formRef}
            noValidate
            data-testid="group-form"
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            {error ? (
              <ErrorMessage
                error={error}
                onReloadAfterConflict={() => {
                  void reloadAndRestart();
                }}
              />
            ) : null}
            {editing ? (
              <p>
                <strong>{t('groups.unit')}:</strong> {editing.unitName}{' '}
                <span className="muted">{t('groups.unitFixed')}</span>
              </p>
            ) : (
              <SelectField
                label={t('groups.unit')}
                value={unitId}
                onChange={setUnitId}
                error={fieldErrors.unitId}
                required
                placeholder={t('groups.chooseUnit')}
                options={org.units.map((unit) => ({ value: unit.id, label: unit.name }))}
                testId="group-unit"
              />
            )}
            <TextField
              label={t('groups.name')}
              value={name}
              onChange={setName}
              error={fieldErrors.name}
              required
              maxLength={100}
              width="medium"
              testId="group-name"
            />
            <div className="actions">
              <SubmitButton
                pending={pending}
                label={editing ? t('common.save') : t('common.create')}
                pendingLabel={t('common.saving')}
                testId="group-submit"
              />
              {editing ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    startEdit(null);
                  }}
                >
                  {t('common.cancel')}
                </button>
              ) : null}
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
