// Administration of districts: list, create and rename (with optimistic-locking version).
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../../api/endpoints.ts';
import type { OrgDistrict } from '../../api/types.ts';
import { ErrorMessage, errorText, isApiError } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  serverFieldErrors,
  SubmitButton,
  TextField,
} from '../../components/forms.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { EditRowButton } from './edit-row-button.tsx';
import { focusLater, type SectionProps } from './admin-data.ts';

export function DistrictsSection({ org, reload, notify }: SectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<OrgDistrict | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const startEdit = (district: OrgDistrict | null) => {
    setEditing(district);
    setName(district?.name ?? '');
    setNameError(undefined);
    setError(null);
    focusLater(() => headingRef.current);
  };

  const submit = async () => {
    if (pending) return;
    const trimmed = name.trim();
    setError(null);
    if (!trimmed) {
      setNameError(t('validation.required', { field: t('districts.name').toLowerCase() }));
      focusFirstInvalid(formRef.current);
      return;
    }
    setNameError(undefined);
    setPending(true);
    try {
      if (editing) {
        await api.updateDistrict(editing.id, trimmed, editing.version);
        notify(t('districts.updated', { name: trimmed }));
      } else {
        await api.createDistrict(trimmed);
        notify(t('districts.created', { name: trimmed }));
      }
      setEditing(null);
      setName('');
      await reload();
    } catch (caught) {
      const fromServer = serverFieldErrors(t, caught, ['name'] as const);
      if (fromServer?.name || isApiError(caught, 'name_taken')) {
        setNameError(fromServer?.name ?? errorText(t, caught));
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
    const current =
      fresh && editing ? fresh.org.districts.find((d) => d.id === editing.id) : undefined;
    startEdit(current ?? null);
  };

  return (
    <section
      className="panel"
      id="distrikt"
      aria-labelledby="districts-heading"
      data-testid="admin-districts"
    >
      <h2 id="districts-heading">{t('districts.title')}</h2>
      {org.districts.length === 0 ? (
        <p>{t('districts.none')}</p>
      ) : (
        <TableWrap label={t('districts.caption')}>
          <table className="table">
            <caption className="visually-hidden">{t('districts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('districts.name')}</th>
                <th scope="col">{t('districts.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {org.districts.map((district) => (
                <tr key={district.id} data-testid="district-row">
                  <th scope="row">{district.name}</th>
                  <td>
                    <EditRowButton
                      text={t('districts.edit')}
                      label={t('districts.editLabel', { name: district.name })}
                      onEdit={() => {
                        startEdit(district);
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
          {editing ? t('districts.editTitle', { name: editing.name }) : t('districts.create')}
        </h3>
        <form
          ref={formRef}
          noValidate
          data-testid="district-form"
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
            label={t('districts.name')}
            value={name}
            onChange={setName}
            error={nameError}
            required
            maxLength={100}
            width="medium"
            testId="district-name"
          />
          <div className="actions">
            <SubmitButton
              pending={pending}
              label={editing ? t('common.save') : t('common.create')}
              pendingLabel={t('common.saving')}
              testId="district-submit"
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
      </div>
    </section>
  );
}
