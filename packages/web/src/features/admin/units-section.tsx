// Administration of units: which district runs each unit and which districts it serves.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import * as api from '../../api/endpoints.ts';
import type { OrgUnit, UnitInput } from '../../api/types.ts';
import { ErrorMessage, errorText, isApiError } from '../../components/error-message.tsx';
import {
  CheckboxGroup,
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

const FIELDS = ['name', 'runByDistrictId', 'servedDistrictIds'] as const;
type Field = (typeof FIELDS)[number];
const EMPTY: UnitInput = { name: '', runByDistrictId: '', servedDistrictIds: [] };

export function UnitsSection({ org, reload, notify }: SectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<OrgUnit | null>(null);
  const [values, setValues] = useState<UnitInput>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const districtName = (id: string) => org.districts.find((d) => d.id === id)?.name ?? id;
  const districtOptions = org.districts.map((d) => ({ value: d.id, label: d.name }));

  const startEdit = (unit: OrgUnit | null) => {
    setEditing(unit);
    setValues(
      unit
        ? {
            name: unit.name,
            runByDistrictId: unit.runByDistrictId,
            servedDistrictIds: [...unit.servedDistrictIds],
          }
        : EMPTY,
    );
    setFieldErrors({});
    setError(null);
    focusLater(() => headingRef.current);
  };

  const submit = async () => {
    if (pending) return;
    const input: UnitInput = { ...values, name: values.name.trim() };
    const errors: FieldErrors<Field> = {};
    if (!input.name)
      errors.name = t('validation.required', { field: t('units.name').toLowerCase() });
    if (!input.runByDistrictId)
      errors.runByDistrictId = t('validation.choose', { field: t('units.runBy').toLowerCase() });
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    try {
      if (editing) {
        await api.updateUnit(editing.id, input, editing.version);
        notify(t('units.updated', { name: input.name }));
      } else {
        await api.createUnit(input);
        notify(t('units.created', { name: input.name }));
      }
      setEditing(null);
      setValues(EMPTY);
      await reload();
    } catch (caught) {
      const fromServer = serverFieldErrors(t, caught, FIELDS);
      if (fromServer) {
        setFieldErrors(fromServer);
        focusFirstInvalid(formRef.current);
      } else if (isApiError(caught, 'name_taken')) {
        setFieldErrors({ name: errorText(t, caught) });
        focusFirstInvalid(formRef.current);
      } else if (caught instanceof ApiError && caught.code === 'unknown_district') {
        setFieldErrors({ runByDistrictId: errorText(t, caught) });
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
    const current = fresh && editing ? fresh.org.units.find((u) => u.id === editing.id) : undefined;
    startEdit(current ?? null);
  };

  return (
    <section
      className="panel"
      id="enheter"
      aria-labelledby="units-heading"
      data-testid="admin-units"
    >
      <h2 id="units-heading">{t('units.title')}</h2>
      {org.units.length === 0 ? (
        <p>{t('units.none')}</p>
      ) : (
        <TableWrap label={t('units.caption')}>
          <table className="table">
            <caption className="visually-hidden">{t('units.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('units.name')}</th>
                <th scope="col">{t('units.runBy')}</th>
                <th scope="col">{t('units.served')}</th>
                <th scope="col">{t('units.groups')}</th>
                <th scope="col">{t('units.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {org.units.map((unit) => (
                <tr key={unit.id} data-testid="unit-row">
                  <th scope="row">{unit.name}</th>
                  <td>{districtName(unit.runByDistrictId)}</td>
                  <td>
                    {unit.servedDistrictIds.length === 0
                      ? t('common.none')
                      : unit.servedDistrictIds.map(districtName).join(', ')}
                  </td>
                  <td>
                    {unit.groups.length === 0
                      ? t('common.none')
                      : unit.groups.map((g) => g.name).join(', ')}
                  </td>
                  <td>
                    <EditRowButton
                      text={t('units.edit')}
                      label={t('units.editLabel', { name: unit.name })}
                      onEdit={() => {
                        startEdit(unit);
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
          {editing ? t('units.editTitle', { name: editing.name }) : t('units.create')}
        </h3>
        {org.districts.length === 0 ? (
          <p>{t('units.needDistrict')}</p>
        ) : (
          <form
            ref={formRef}
            noValidate
            data-testid="unit-form"
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
            <TextField
              label={t('units.name')}
              value={values.name}
              onChange={(name) => {
                setValues((previous) => ({ ...previous, name }));
              }}
              error={fieldErrors.name}
              required
              maxLength={100}
              width="medium"
              testId="unit-name"
            />
            <SelectField
              label={t('units.runBy')}
              value={values.runByDistrictId}
              onChange={(runByDistrictId) => {
                setValues((previous) => ({ ...previous, runByDistrictId }));
              }}
              error={fieldErrors.runByDistrictId}
              required
              placeholder={t('units.chooseDistrict')}
              options={districtOptions}
              testId="unit-run-by"
            />
            <CheckboxGroup
              label={t('units.served')}
              selected={values.servedDistrictIds}
              onChange={(servedDistrictIds) => {
                setValues((previous) => ({ ...previous, servedDistrictIds }));
              }}
              error={fieldErrors.servedDistrictIds}
              options={districtOptions}
              testId="unit-served"
            />
            <div className="actions">
              <SubmitButton
                pending={pending}
                label={editing ? t('common.save') : t('common.create')}
                pendingLabel={t('common.saving')}
                testId="unit-submit"
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
