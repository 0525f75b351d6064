// Change log: who changed what in the organisation, users and permissions, filterable by kind of data.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isAbort } from '../../api/client.ts';
import * as api from '../../api/endpoints.ts';
import type { ChangeLogEntry } from '../../api/types.ts';
import { ErrorMessage, isRecord } from '../../components/error-message.tsx';
import { SelectField, SubmitButton } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDateTime, hasKey, sv } from '../../i18n/index.ts';

const LIMIT = 100;

function entityLabel(t: TFunction, entity: string): string {
  return hasKey(sv.changeLog.entities, entity) ? t(`changeLog.entities.${entity}`) : entity;
}

function changeLabel(t: TFunction, change: string): string {
  return hasKey(sv.changeLog.changes, change) ? t(`changeLog.changes.${change}`) : change;
}

function show(t: TFunction, value: unknown): string {
  if (value === undefined || value === null || value === '') return t('common.none');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** "field: before → after" for every field whose value differs between the two snapshots. */
function differences(t: TFunction, before: unknown, after: unknown): string[] {
  const old = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(old), ...Object.keys(now)])];
  return fields
    .filter((field) => JSON.stringify(old[field]) !== JSON.stringify(now[field]))
    .map((field) =>
      t('changeLog.fieldChange', {
        field,
        before: show(t, old[field]),
        after: show(t, now[field]),
      }),
    );
}

export function ChangeLogPage() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState('');
  const [entries, setEntries] = useState<ChangeLogEntry[] | null>(null);
  const [seenEntities, setSeenEntities] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  usePageTitle(t('changeLog.title'));

  const load = useCallback(async (filter: string, signal?: AbortSignal) => {
    setPending(true);
    setError(null);
    try {
      const result = await api.fetchChangeLog(
        filter ? { entity: filter, limit: LIMIT } : { limit: LIMIT },
        signal,
      );
      setEntries(result);
      // The filter offers the kinds of data that have occurred (the API has no list of them).
      setSeenEntities((previous) =>
        [...new Set([...previous, ...result.map((e) => e.entity)])].sort(),
      );
    } catch (caught) {
      if (!isAbort(caught)) setError(caught);
    } finally {
      setPending(false);
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load('', controller.signal);
    return () => {
      controller.abort();
    };
  }, [load]);

  return (
    <>
      <PageHeading>{t('changeLog.title')}</PageHeading>
      <p className="lead">{t('changeLog.intro')}</p>

      <form
        noValidate
        className="panel inline-form"
        data-testid="change-log-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!pending) void load(entity);
        }}
      >
        <SelectField
          label={t('changeLog.entity')}
          value={entity}
          onChange={setEntity}
          placeholder={t('changeLog.allEntities')}
          options={seenEntities.map((value) => ({ value, label: entityLabel(t, value) }))}
          testId="change-log-entity"
        />
        <SubmitButton
          pending={pending}
          label={t('changeLog.show')}
          pendingLabel={t('common.loading')}
          variant="secondary"
          testId="change-log-submit"
        />
      </form>

      {error ? <ErrorMessage error={error} /> : null}

      <div role="status" className="result-status">
        {entries !== null && entries.length === 0 ? t('changeLog.none') : null}
        {entries !== null && entries.length >= LIMIT
          ? t('changeLog.limited', { limit: LIMIT })
          : null}
      </div>

      {entries !== null && entries.length > 0 ? (
        <TableWrap label={t('changeLog.caption')}>
          <table className="table table-compact" data-testid="change-log">
            <caption className="visually-hidden">{t('changeLog.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('changeLog.colTime')}</th>
                <th scope="col">{t('changeLog.colUser')}</th>
                <th scope="col">{t('changeLog.colEntity')}</th>
                <th scope="col">{t('changeLog.colChange')}</th>
                <th scope="col">{t('changeLog.colDetails')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const details = differences(t, entry.before, entry.after);
                return (
                  <tr key={entry.id} data-testid="change-log-row">
                    <th scope="row" className="nowrap">
                      {formatDateTime(entry.occurredAt)}
                    </th>
                    <td>{entry.actorUsername}</td>
                    <td>
                      {entityLabel(t, entry.entity)}{' '}
                      <span className="mono muted">{entry.entityId}</span>
                    </td>
                    <td>{changeLabel(t, entry.change)}</td>
                    <td>
                      {details.length === 0 ? (
                        t('common.none')
                      ) : (
                        <ul className="plain-list">
                          {details.map((line) => (
                            <li key={line}>{line}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}
