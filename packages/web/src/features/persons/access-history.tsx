// "Vem har tittat på personen": loads, on request, who has read the person's data (itself a logged read).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import * as api from '../../api/endpoints.ts';
import type { AccessHistoryEntry } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDateTime, hasKey, sv } from '../../i18n/index.ts';

/** A log entry's resource and fields in words, e.g. "Personsida (personnummer, namn, adress)". */
export function describeAccess(t: TFunction, resource: string, fields: readonly string[]): string {
  // Resource names contain dots, which i18next reads as key separators.
  const key = resource.replaceAll('.', '_');
  const what = hasKey(sv.resources, key) ? t(`resources.${key}`) : resource;
  const data = fields.map((field) => (hasKey(sv.fields, field) ? t(`fields.${field}`) : field));
  return data.length > 0 ? `${what} (${data.join(', ')})` : what;
}

/**
 * A logged purpose in words: the server stores either the user's own text or the basis of the access
 * (`case:<id>`, `role:<role>`, `relation:<relation>`, `grant`).
 */
export function describePurpose(t: TFunction, purpose: string): string {
  const [kind, value = ''] = purpose.split(/:(.*)/s);
  if (kind === 'case' && value) return t('purpose.basisCase', { id: value });
  if (kind === 'role' && hasKey(sv.roles, value))
    return t('purpose.basisRole', { role: t(`roles.${value}`) });
  if (kind === 'relation' && hasKey(sv.relationShort, value)) {
    return t('purpose.basisRelation', { relation: t(`relationShort.${value}`) });
  }
  if (purpose === 'grant') return t('purpose.basisGrant');
  return purpose;
}

export function AccessHistory({
  personId,
  purpose,
}: {
  personId: string;
  purpose: string | undefined;
}) {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AccessHistoryEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const load = async () => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      setEntries(await api.fetchAccessHistory(personId, purpose));
    } catch (caught) {
      setEntries(null);
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  return (
    <section
      className="panel"
      aria-labelledby="access-history-heading"
      data-testid="access-history"
    >
      <h2 id="access-history-heading">{t('history.title')}</h2>
      <p>{t('history.intro')}</p>
      {entries === null ? (
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={pending ? true : undefined}
          data-testid="show-access-history"
          onClick={() => {
            void load();
          }}
        >
          {pending ? t('history.loading') : t('history.show')}
        </button>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {entries !== null && entries.length === 0 ? (
        <p role="status" data-testid="access-history-empty">
          {t('history.none')}
        </p>
      ) : null}
      {entries !== null && entries.length > 0 ? (
        <TableWrap label={t('history.caption')}>
          <table className="table" data-testid="access-history-table">
            <caption>{t('history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.colTime')}</th>
                <th scope="col">{t('history.colUser')}</th>
                <th scope="col">{t('history.colRoles')}</th>
                <th scope="col">{t('history.colWhat')}</th>
                <th scope="col">{t('history.colPurpose')}</th>
                <th scope="col">{t('history.colCase')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="access-history-row">
                  <th scope="row" className="nowrap">
                    {formatDateTime(entry.occurredAt)}
                  </th>
                  <td>
                    {entry.actorDisplayName} <span className="muted">({entry.actorUsername})</span>
                  </td>
                  <td>{entry.actorRoles.map((role) => t(`roles.${role}`)).join(', ')}</td>
                  <td>{describeAccess(t, entry.resource, entry.fields)}</td>
                  <td>{describePurpose(t, entry.purpose)}</td>
                  <td className="mono">{entry.caseId ?? t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}
