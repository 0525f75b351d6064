// Supervisor page: active cases per officer in the unit, as a table with bars and a flag above the
// threshold, and the reassignment of an officer's cases to another officer.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCaseload } from '../../api/case-endpoints.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { useLoad } from './case-ui.tsx';
import { REASSIGN_FILTER_ID, ReassignCases } from './reassign-cases.tsx';

export function CaseloadPage() {
  const { t } = useTranslation();
  usePageTitle(t('caseload.title'));
  const { load, reload } = useLoad((signal) => fetchCaseload(signal), 'caseload');
  const [fromUserId, setFromUserId] = useState('');
  const caseload = load.kind === 'loaded' ? load.value : null;
  const max = caseload
    ? Math.max(caseload.threshold + 1, ...caseload.officers.map((o) => o.activeCases))
    : 1;
  const overCount = caseload ? caseload.officers.filter((o) => o.overThreshold).length : 0;
  // Handing over needs someone to hand over to.
  const canReassign = caseload !== null && caseload.officers.length > 1;

  return (
    <>
      <PageHeading testId="caseload-heading">{t('caseload.title')}</PageHeading>
      {load.kind === 'loading' ? <p role="status">{t('caseload.loading')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} /> : null}
      {caseload ? (
        <>
          <p className="lead">{t('caseload.intro', { threshold: caseload.threshold })}</p>
          {caseload.officers.length === 0 ? (
            <p>{t('caseload.none')}</p>
          ) : (
            <>
              {overCount > 0 ? (
                <div className="message message-warning" data-testid="caseload-over-summary">
                  <p>{t('caseload.summary', { count: overCount })}</p>
                </div>
              ) : null}
              <TableWrap label={t('caseload.region')}>
                <table className="table" data-testid="caseload-table">
                  <caption className="visually-hidden">{t('caseload.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('caseload.colOfficer')}</th>
                      <th scope="col">{t('caseload.colCases')}</th>
                      <th scope="col">
                        {t('caseload.colChart')}
                        <span className="visually-hidden">
                          {' '}
                          ({t('caseload.thresholdLine', { threshold: caseload.threshold })})
                        </span>
                      </th>
                      <th scope="col">{t('caseload.colFlag')}</th>
                      {canReassign ? <th scope="col">{t('reassign.colReassign')}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {caseload.officers.map((officer) => (
                      <tr key={officer.userId} data-testid="caseload-row">
                        <th scope="row">{officer.displayName}</th>
                        <td>{officer.activeCases}</td>
                        <td>
                          {/* The number is in the previous column: the bar is a picture of it. */}
                          <div className="bar-track" aria-hidden="true">
                            <div
                              className={officer.overThreshold ? 'bar bar-over' : 'bar'}
                              style={{ width: `${(officer.activeCases / max) * 100}%` }}
                            />
                            <div
                              className="bar-threshold"
                              style={{ left: `${(caseload.threshold / max) * 100}%` }}
                            />
                          </div>
                        </td>
                        <td>
                          {officer.overThreshold ? (
                            <span className="badge badge-overdue" data-testid="over-threshold">
                              {t('caseload.over', { threshold: caseload.threshold })}
                            </span>
                          ) : (
                            t('caseload.notOver')
                          )}
                        </td>
                        {canReassign ? (
                          <td>
                            <button
                              type="button"
                              className="link-button"
                              aria-label={t('reassign.pickFromName', { name: officer.displayName })}
                              data-testid="caseload-reassign"
                              onClick={() => {
                                setFromUserId(officer.userId);
                                document.getElementById(REASSIGN_FILTER_ID)?.focus();
                              }}
                            >
                              {t('reassign.pickFrom')}
                            </button>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <p className="muted">
                {t('caseload.thresholdLine', { threshold: caseload.threshold })}
              </p>
              {canReassign ? (
                <ReassignCases
                  caseload={caseload}
                  fromUserId={fromUserId}
                  onFromChange={setFromUserId}
                  onReassigned={reload}
                />
              ) : null}
            </>
          )}
        </>
      ) : null}
    </>
  );
}
