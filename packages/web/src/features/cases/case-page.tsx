// Case page: applicant (never an address), district, unit, officers, household, first visit,
// pending applications, payees and payments, recoveries, the actions allowed next, the case log
// and the journal.
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CaseAction } from '@skyddsnat/domain';
import { fetchCase } from '../../api/case-endpoints.ts';
import type { CaseView } from '../../api/case-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { ProtectionBadge } from '../../components/protection-badge.tsx';
import { formatDate, formatDateTime, hasKey, sv } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { ApplicationsSection } from '../applications/applications-section.tsx';
import { decisionPath } from '../applications/application-ui.ts';
import { PaymentsSection } from '../payments/payments-section.tsx';
import { RecoverySection } from '../recovery/recovery-section.tsx';
import { CaseActions } from './case-actions.tsx';
import { useLoad } from './case-ui.tsx';
import { HouseholdSection } from './household-section.tsx';
import { Journal } from './journal.tsx';
import { NextCaseShortcut } from './next-case-shortcut.tsx';

export function CasePage() {
  const { t } = useTranslation();
  const { session } = useSignedIn();
  const { caseId = '' } = useParams();
  const { load, reload } = useLoad((signal) => fetchCase(caseId, signal), caseId);
  const view = load.kind === 'loaded' ? load.value : null;
  usePageTitle(
    view
      ? t('case.heading', { name: view.applicant.name })
      : load.kind === 'failed'
        ? t('case.cannotShow')
        : t('case.title'),
  );

  const back = (
    <p className="back-link">
      <Link to="/arenden">{t('case.toMyCases')}</Link>
    </p>
  );

  if (!view) {
    return (
      <>
        {back}
        <PageHeading>{load.kind === 'failed' ? t('case.cannotShow') : t('case.title')}</PageHeading>
        {load.kind === 'failed' ? (
          <ErrorMessage error={load.error} />
        ) : (
          <p role="status">{t('case.loading')}</p>
        )}
      </>
    );
  }

  return (
    <>
      {back}
      <NextCaseShortcut caseId={view.id} />
      <PageHeading testId="case-heading">
        {t('case.heading', { name: view.applicant.name })}
      </PageHeading>
      {view.applicant.protection !== 'none' ? (
        <p className="heading-badge">
          <ProtectionBadge protection={view.applicant.protection} />
        </p>
      ) : null}
      <CaseOverview view={view} />
      <HouseholdSection view={view} onChanged={reload} />
      <ApplicationsSection caseId={view.id} caseOpen={view.status === 'open'} />
      <PaymentsSection caseId={view.id} />
      <RecoverySection caseId={view.id} />
      <CaseActions view={view} onChanged={reload} />
      <Journal caseId={view.id} userId={session.userId} />
      <CaseLog view={view} />
    </>
  );
}

function CaseOverview({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const { firstVisit } = view.state;
  const role = (value: string) =>
    hasKey(sv.case.officerRoles, value) ? t(`case.officerRoles.${value}`) : value;
  const householdRole = (value: string) =>
    hasKey(sv.case.householdRoles, value) ? t(`case.householdRoles.${value}`) : value;
  return (
    <section className="panel" aria-labelledby="case-overview">
      <h2 id="case-overview">{t('case.overview')}</h2>
      <dl className="details" data-testid="case-details">
        <div>
          <dt>{t('case.status')}</dt>
          <dd data-testid="case-status">
            {t(`case.statuses.${view.status}`)}
            {view.state.closure
              ? ` – ${t('case.closedBecause', {
                  reason: t(`actions.closureReasons.${view.state.closure.reason}`),
                })}`
              : null}
          </dd>
        </div>
        <div>
          <dt>{t('case.applicant')}</dt>
          <dd>
            {view.applicant.name}
            {view.applicant.protection !== 'none' ? (
              <>
                {' '}
                <ProtectionBadge protection={view.applicant.protection} />
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('case.personnummer')}</dt>
          <dd className="mono" data-testid="case-personnummer">
            {view.applicant.personnummer}
          </dd>
        </div>
        <div>
          <dt>{t('case.district')}</dt>
          <dd>{view.district.name}</dd>
        </div>
        <div>
          <dt>{t('case.unit')}</dt>
          <dd>{view.unit.name}</dd>
        </div>
        <div>
          <dt>{t('case.officers')}</dt>
          <dd data-testid="case-officers">
            {view.officers.length === 0 ? (
              t('case.noOfficers')
            ) : (
              <ul className="plain-list">
                {view.officers.map((o) => (
                  <li key={`${o.userId}-${o.role}`}>
                    {o.displayName} ({role(o.role)})
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('case.household')}</dt>
          <dd data-testid="case-household">
            {view.household.length === 0 ? (
              t('case.noHousehold')
            ) : (
              <ul className="plain-list">
                {view.household.map((member) => (
                  <li key={member.id}>
                    {member.name} – {householdRole(member.role)} (
                    {t('case.householdSince', { date: formatDate(member.validFrom) })})
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('case.firstVisit')}</dt>
          <dd data-testid="case-first-visit">
            <span className={view.firstVisitOverdue ? 'overdue-text' : undefined}>
              {t('case.deadline', { date: formatDate(firstVisit.deadline) })}
            </span>
            {view.firstVisitOverdue ? (
              <>
                {' '}
                <span className="badge badge-overdue" data-testid="case-overdue">
                  {t('myCases.overdue')}
                </span>
                <br />
                <span className="overdue-text">{t('case.overdue')}</span>
              </>
            ) : null}
            <br />
            {firstVisit.heldDate
              ? t('case.heldOn', { date: formatDate(firstVisit.heldDate) })
              : firstVisit.bookedDate
                ? t('case.bookedFor', { date: formatDate(firstVisit.bookedDate) })
                : t('case.notBooked')}
            {firstVisit.late ? ` (${t('case.late')})` : null}
          </dd>
        </div>
        <div>
          <dt>{t('case.pending')}</dt>
          <dd data-testid="case-pending">
            {view.state.pendingApplicationMonths.length > 0
              ? view.state.pendingApplicationMonths.join(', ')
              : t('case.noPending')}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** A short Swedish detail of an action for the timeline (dates, months, reasons). */
function detail(t: TFunction, action: CaseAction): string | null {
  switch (action.type) {
    case 'opened':
    case 'first_contact_recorded':
      return t(`channels.${action.channel}`);
    case 'first_visit_booked':
    case 'first_visit_held':
      return t('caseLog.detailDate', { date: formatDate(action.date) });
    case 'application_received':
      return `${t('caseLog.detailMonth', { month: action.month })}, ${t(`actions.kinds.${action.kind}`)}`;
    case 'decision_recorded':
      return `${t('caseLog.detailMonth', { month: action.month })}, ${t(`decisionKinds.${action.kind ?? 'regular'}`)}, ${t(`actions.outcomes.${action.outcome}`)}`;
    case 'closed':
      return t(`actions.closureReasons.${action.reason}`);
    case 'reopened':
    case 'transferred':
    case 'corrected':
      return action.reason;
    default:
      return null;
  }
}

function CaseLog({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const names = new Map(view.officers.map((o) => [o.userId, o.displayName]));
  const corrected = new Set(
    view.state.effectiveActions.filter((e) => e.correctedBySeq !== null).map((e) => e.seq),
  );
  return (
    <section className="panel" aria-labelledby="case-log-heading">
      <h2 id="case-log-heading">{t('caseLog.title')}</h2>
      <p className="hint">{t('caseLog.intro')}</p>
      {view.state.log.length === 0 ? (
        <p>{t('caseLog.none')}</p>
      ) : (
        <ol className="timeline" data-testid="case-log">
          {view.state.log.map((record) => {
            const action = record.action;
            const name = hasKey(sv.actions.names, action.type)
              ? t(`actions.names.${action.type}`)
              : action.type;
            const by = names.get(action.by);
            const text = detail(t, action);
            return (
              <li key={record.seq} data-testid="case-log-entry">
                <strong>{name}</strong>
                {text ? `: ${text}` : null}
                {corrected.has(record.seq) ? ` (${t('caseLog.corrected')})` : null}
                {action.type === 'decision_recorded' && action.decisionId ? (
                  <>
                    {' '}
                    <Link to={decisionPath(view.id, action.decisionId)}>
                      {t('caseLog.openDecision')}
                    </Link>
                  </>
                ) : null}
                <br />
                <span className="timeline-meta">
                  {formatDateTime(action.at)}
                  {by ? ` ${t('caseLog.by', { name: by })}` : null}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
