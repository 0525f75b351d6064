// Registers a person who is about to join a household and hands them back instead of leaving
// the case page (the person search page's form goes on to the new person's page).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROTECTION_LEVELS, type ProtectionLevel } from '@skyddsnat/domain';
import { ApiError, isAbort } from '../../api/client.ts';
import { fetchOrganisation, registerPerson } from '../../api/endpoints.ts';
import type { OrgDistrict } from '../../api/types.ts';
import { ErrorMessage, errorText } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  hasErrors,
  SelectField,
  serverFieldErrors,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';

const FIELDS = ['personnummer', 'firstName', 'lastName', 'districtId', 'protection'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

/** A person as the household section shows them once chosen. */
export interface ChosenPerson {
  id: string;
  name: string;
  personnummer: string;
  protection: ProtectionLevel;
}

function isProtectionLevel(value: string): value is ProtectionLevel {
  return (PROTECTION_LEVELS as readonly string[]).includes(value);
}

export function HouseholdPersonForm({
  initialPersonnummer,
  districtId,
  onRegistered,
}: {
  initialPersonnummer: string;
  /** The case's district: where a member of the household is usually registered too. */
  districtId: string;
  onRegistered: (person: ChosenPerson) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Values>({
    personnummer: initialPersonnummer,
    firstName: '',
    lastName: '',
    districtId,
    protection: 'none',
  });
  const [districts, setDistricts] = useState<OrgDistrict[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchOrganisation(controller.signal)
      .then((org) => {
        setDistricts(org.districts);
      })
      .catch((caught: unknown) => {
        if (!isAbort(caught)) setLoadError(caught);
      });
    return () => {
      controller.abort();
    };
  }, []);

  const set = (field: Field) => (value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
  };
  const required = (label: string) => t('validation.required', { field: label.toLowerCase() });

  const submit = async () => {
    if (pending) return;
    const errors: FieldErrors<Field> = {};
    if (!values.personnummer.trim()) errors.personnummer = required(t('register.personnummer'));
    if (!values.firstName.trim()) errors.firstName = required(t('register.firstName'));
    if (!values.lastName.trim()) errors.lastName = required(t('register.lastName'));
    if (!values.districtId)
      errors.districtId = t('validation.choose', { field: t('register.district').toLowerCase() });
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    const protection = isProtectionLevel(values.protection) ? values.protection : 'none';
    const person = {
      personnummer: values.personnummer.trim(),
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      districtId: values.districtId,
      protection,
    };
    setPending(true);
    try {
      const { id } = await registerPerson(person);
      onRegistered({
        id,
        name: `${person.firstName} ${person.lastName}`,
        personnummer: person.personnummer,
        protection,
      });
    } catch (caught) {
      const fromServer = serverFieldErrors(t, caught, FIELDS);
      if (fromServer) {
        setFieldErrors(fromServer);
        focusFirstInvalid(formRef.current);
      } else if (
        caught instanceof ApiError &&
        ['invalid_personnummer', 'person_exists'].includes(caught.code)
      ) {
        setFieldErrors({ personnummer: errorText(t, caught) });
        focusFirstInvalid(formRef.current);
      } else if (caught instanceof ApiError && caught.code === 'unknown_district') {
        setFieldErrors({ districtId: errorText(t, caught) });
        focusFirstInvalid(formRef.current);
      } else {
        setError(caught);
      }
    } finally {
      setPending(false);
    }
  };

  if (loadError) return <ErrorMessage error={loadError} />;
  if (districts === null) return <p role="status">{t('common.loading')}</p>;
  if (districts.length === 0)
    return <p className="message message-info">{t('register.noDistricts')}</p>;

  return (
    <form
      ref={formRef}
      noValidate
      className="form"
      data-testid="household-register-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <p className="hint">{t('household.registerIntro')}</p>
      {error ? <ErrorMessage error={error} testId="household-register-error" /> : null}
      <TextField
        label={t('register.personnummer')}
        hint={t('register.personnummerHint')}
        value={values.personnummer}
        onChange={set('personnummer')}
        error={fieldErrors.personnummer}
        required
        autoComplete="off"
        spellCheck={false}
        maxLength={20}
        width="medium"
        testId="household-register-personnummer"
      />
      <TextField
        label={t('register.firstName')}
        value={values.firstName}
        onChange={set('firstName')}
        error={fieldErrors.firstName}
        required
        autoComplete="off"
        maxLength={100}
        width="medium"
        testId="household-register-first-name"
      />
      <TextField
        label={t('register.lastName')}
        value={values.lastName}
        onChange={set('lastName')}
        error={fieldErrors.lastName}
        required
        autoComplete="off"
        maxLength={100}
        width="medium"
        testId="household-register-last-name"
      />
      <SelectField
        label={t('register.district')}
        value={values.districtId}
        onChange={set('districtId')}
        error={fieldErrors.districtId}
        required
        placeholder={t('register.chooseDistrict')}
        options={districts.map((district) => ({ value: district.id, label: district.name }))}
        testId="household-register-district"
      />
      <SelectField
        label={t('register.protection')}
        value={values.protection}
        onChange={set('protection')}
        error={fieldErrors.protection}
        options={PROTECTION_LEVELS.map((level) => ({
          value: level,
          label: t(`protection.${level}`),
        }))}
        testId="household-register-protection"
      />
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('register.submit')}
          pendingLabel={t('register.submitting')}
          testId="household-register-submit"
        />
      </div>
    </form>
  );
}
