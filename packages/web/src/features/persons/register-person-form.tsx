// Form that registers a new person (casework roles): identity, address, home district and protection.
// On the person search page it goes on to the new person's page; in a household it hands the
// person back (`onRegistered`) so the case page stays where it is.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PROTECTION_LEVELS, type ProtectionLevel } from '@skyddsnat/domain';
import { ApiError, isAbort } from '../../api/client.ts';
import * as api from '../../api/endpoints.ts';
import type { NewPerson, OrgDistrict } from '../../api/types.ts';
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

const FIELDS = [
  'personnummer',
  'firstName',
  'lastName',
  'streetAddress',
  'postalCode',
  'city',
  'districtId',
  'protection',
] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const POSTAL_CODE = /^[0-9]{3} ?[0-9]{2}$/;

/** A newly registered person, as the household section shows them once chosen. */
export interface RegisteredPerson {
  id: string;
  name: string;
  personnummer: string;
  protection: ProtectionLevel;
}

function isProtectionLevel(value: string): value is ProtectionLevel {
  return (PROTECTION_LEVELS as readonly string[]).includes(value);
}

export function RegisterPersonForm({
  initialPersonnummer,
  initialDistrictId = '',
  onRegistered,
  intro,
  testIdPrefix = 'register',
}: {
  initialPersonnummer: string;
  /** E.g. the case's district: where a member of the household is usually registered too. */
  initialDistrictId?: string;
  /** Given: hand the person back instead of opening their page. */
  onRegistered?: (person: RegisteredPerson) => void;
  intro?: string;
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = (name: string) => `${testIdPrefix}-${name}`;
  const [values, setValues] = useState<Values>({
    personnummer: initialPersonnummer,
    firstName: '',
    lastName: '',
    streetAddress: '',
    postalCode: '',
    city: '',
    districtId: initialDistrictId,
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
    api
      .fetchOrganisation(controller.signal)
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

  const validate = (): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    if (!values.personnummer.trim()) errors.personnummer = required(t('register.personnummer'));
    if (!values.firstName.trim()) errors.firstName = required(t('register.firstName'));
    if (!values.lastName.trim()) errors.lastName = required(t('register.lastName'));
    if (values.postalCode.trim() && !POSTAL_CODE.test(values.postalCode.trim())) {
      errors.postalCode = t('register.postalCodeInvalid');
    }
    if (!values.districtId)
      errors.districtId = t('validation.choose', { field: t('register.district').toLowerCase() });
    return errors;
  };

  const submit = async () => {
    if (pending) return;
    const errors = validate();
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    const person: NewPerson = {
      personnummer: values.personnummer.trim(),
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      districtId: values.districtId,
      protection: isProtectionLevel(values.protection) ? values.protection : 'none',
    };
    const street = optional(values.streetAddress);
    const postalCode = optional(values.postalCode);
    const city = optional(values.city);
    if (street !== undefined) person.streetAddress = street;
    if (postalCode !== undefined) person.postalCode = postalCode;
    if (city !== undefined) person.city = city;

    setPending(true);
    try {
      const { id: personId } = await api.registerPerson(person);
      if (onRegistered) {
        setPending(false);
        onRegistered({
          id: personId,
          name: `${person.firstName} ${person.lastName}`,
          personnummer: person.personnummer,
          protection: person.protection,
        });
      } else {
        void navigate(`/personer/${personId}`);
      }
    } catch (caught) {
      setPending(false);
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
      data-testid={testIdPrefix === 'register' ? 'register-person-form' : id('form')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {intro ? <p className="hint">{intro}</p> : null}
      {error ? <ErrorMessage error={error} testId={id('error')} /> : null}
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
        testId={id('personnummer')}
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
        testId={id('first-name')}
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
        testId={id('last-name')}
      />
      <TextField
        label={t('register.streetAddress')}
        value={values.streetAddress}
        onChange={set('streetAddress')}
        error={fieldErrors.streetAddress}
        optional
        autoComplete="off"
        maxLength={200}
        testId={id('street-address')}
      />
      <TextField
        label={t('register.postalCode')}
        hint={t('register.postalCodeHint')}
        value={values.postalCode}
        onChange={set('postalCode')}
        error={fieldErrors.postalCode}
        optional
        autoComplete="off"
        inputMode="numeric"
        maxLength={6}
        width="short"
        testId={id('postal-code')}
      />
      <TextField
        label={t('register.city')}
        value={values.city}
        onChange={set('city')}
        error={fieldErrors.city}
        optional
        autoComplete="off"
        maxLength={100}
        width="medium"
        testId={id('city')}
      />
      <SelectField
        label={t('register.district')}
        value={values.districtId}
        onChange={set('districtId')}
        error={fieldErrors.districtId}
        required
        placeholder={t('register.chooseDistrict')}
        options={districts.map((district) => ({ value: district.id, label: district.name }))}
        testId={id('district')}
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
        testId={id('protection')}
      />
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('register.submit')}
          pendingLabel={t('register.submitting')}
          testId={id('submit')}
        />
      </div>
    </form>
  );
}
