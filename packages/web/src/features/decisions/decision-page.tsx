// Decision page: a draft to complete and sign (or send to someone with delegation), or a signed
// decision, locked, with its letter, who decided it, and a new decision to change it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client.ts';
import { fetchDecision, fetchGuidance, replaceDecision } from '../../api/decision-endpoints.ts';
import type { DecisionGuidance, DecisionView } from '../../api/decision-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { LiveStatus } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, formatDateTime, formatKronor, hasKey, sv } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { applicationPath, decisionPath } from '../applications/application-ui.ts';
import { UrgentPayment } from '../payments/urgent-payment.tsx';
import { CalculationView } from '../applications/calculation-view.tsx';
import { hearingText, LegalBasis, LetterLink, serverText } from './decision-parts.tsx';
import { DraftEditor } from './draft-editor.tsx';

type State =
  { kind: 'loading' } | { kind: 'loaded'; view: DecisionView } | { kind: 'failed'; error: unknown };

export function DecisionPage() {
  const { t } = useTranslation();
  const { session } = useSignedIn();
  const { caseId = '', decisionId = '' } = useParams();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [guidance, setGuidance] = useState<DecisionGuidance | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: 'loading' });
    setStatus(null);
    fetchDecision(caseId, decisionId, controller.signal)
      .then((view) => {
        setState({ kind: 'loaded', view });
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setState({ kind: 'failed', error });
      });
    return () => {
      controller.abort();
    };
  }, [caseId, decisionId]);

  useEffect(() => {
    const controller = new AbortController();
    // The templates help with the motivering; the page works without them.
    fetchGuidance(controller.signal)
      .then(setGuidance)
      .catch(() => undefined);
    return () => {
      controller.abort();
    };
  }, []);

  const refresh = useCallback(async (): Promise<DecisionView | null> => {
    try {
      const view = await fetchDecision(caseId, decisionId);
      setState({ kind: 'loaded', view });
      return view;
    } catch (error) {
      setState({ kind: 'failed', error });
      return null;
    }
  }, [caseId, decisionId]);

  const view = state.kind === 'loaded' ? state.view : null;
  // When the draft on screen is signed, the editor goes away: take focus to what replaced it.
  const shownStatus = useRef<string | null>(null);
  useEffect(() => {
    const previous = shownStatus.current;
    shownStatus.current = view?.status ?? null;
    if (previous === 'draft' && view?.status === 'signed') {
      window.requestAnimationFrame(() => document.getElementById('signed-heading')?.focus());
    }
  }, [view?.status]);
  const title = view
    ? t(view.status === 'signed' ? 'decisionPage.headingSigned' : 'decisionPage.headingDraft', {
        month: view.month,
        kind: t(`decisionKinds.${view.kind}`),
      })
    : state.kind === 'failed'
      ? t('decisionPage.cannotShow')
      : t('decisionPage.title');
  usePageTitle(title);

  const back = (
    <p className="back-link">
      <Link to={`/arenden/${caseId}`}>{t('decisionPage.toCase')}</Link>
    </p>
  );

  if (!view) {
    return (
      <>
        {back}
        <PageHeading>{title}</PageHeading>
        {state.kind === 'failed' ? (
          <ErrorMessage error={state.error} />
        ) : (
          <p role="status">{t('decisionPage.loading')}</p>
        )}
      </>
    );
  }

  return (
    <>
      {back}
      <PageHeading testId="decision-heading">{title}</PageHeading>
      <LiveStatus message={status} testId="decision-status" />
      <DecisionOverview view={view} />
      {view.status === 'draft' ? (
        <DraftEditor
          key={view.id}
          view={view}
          guidance={guidance}
          userId={session.userId}
          refresh={refresh}
          announce={setStatus}
        />
      ) : (
        <SignedDecision view={view} />
      )}
      {view.calculation ? (
        <section className="panel" aria-labelledby="decision-calculation-heading">
          <h2 id="decision-calculation-heading">{t('decisionPage.calculation')}</h2>
          <CalculationView calculation={view.calculation} members={view.children} />
        </section>
      ) : null}
    </>
  );
}

function DecisionOverview({ view }: { view: DecisionView }) {
  const { t } = useTranslation();
  const signed = view.status === 'signed';
  return (
    <section className="panel" aria-labelledby="decision-overview">
      <h2 id="decision-overview">{t('decisionPage.overview')}</h2>
      <dl className="details" data-testid="decision-details">
        <div>
          <dt>{t('decisionPage.status')}</dt>
          <dd>
            <span
              className={signed ? 'badge badge-locked' : 'badge badge-draft'}
              data-testid="decision-state"
            >
              {signed ? t('decisionPage.signedLocked') : t('decisionStatuses.draft')}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('decisionPage.month')}</dt>
          <dd>{view.month}</dd>
        </div>
        <div>
          <dt>{t('decisionPage.kind')}</dt>
          <dd>{t(`decisionKinds.${view.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('decisionPage.outcome')}</dt>
          <dd data-testid="decision-outcome">{t(`actions.outcomes.${view.outcome}`)}</dd>
        </div>
        <div>
          <dt>{t('decisionPage.amount')}</dt>
          <dd>
            <strong data-testid="decision-amount">{formatKronor(view.amount)}</strong>
            {view.countedIncome > 0
              ? ` (${t('decisionPage.afterIncome', { income: formatKronor(view.countedIncome) })})`
              : null}
          </dd>
        </div>
        {view.applicationId ? (
          <div>
            <dt>{t('decisionPage.application')}</dt>
            <dd>
              <Link to={applicationPath(view.caseId, view.applicationId)}>
                {t('decisionPage.toApplication', { month: view.month })}
              </Link>
            </dd>
          </div>
        ) : null}
        {!signed ? (
          <div>
            <dt>{t('decisionPage.preparation')}</dt>
            <dd data-testid="decision-routine">
              {view.routine
                ? t('decisionPage.routine')
                : view.preparedBySystem
                  ? t('decisionPage.preparedNotRoutine')
                  : t('decisionPage.officerDraft')}
              {!view.routine && view.routineReasons.length > 0 ? (
                <ul className="plain-list muted">
                  {view.routineReasons.map((reason) => (
                    <li key={`${reason.code}-${reason.message}`}>
                      {serverText(
                        reason.message,
                        hasKey(sv.routineRules, reason.code)
                          ? t(`routineRules.${reason.code}`)
                          : reason.message,
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
            </dd>
          </div>
        ) : null}
        {view.replacesDecisionId ? (
          <div>
            <dt>{t('decisionPage.replaces')}</dt>
            <dd>
              <Link to={decisionPath(view.caseId, view.replacesDecisionId)}>
                {t('decisionPage.earlierDecision')}
              </Link>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function SignedDecision({ view }: { view: DecisionView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const replace = () => {
    if (pending) return;
    setPending(true);
    setError(null);
    replaceDecision(view.caseId, view.id)
      .then(({ id }) => {
        void navigate(decisionPath(view.caseId, id));
      })
      .catch((cause: unknown) => {
        setError(cause);
        setPending(false);
      });
  };
  const lineLabel = (line: DecisionView['lines'][number]) =>
    line.item === 'other' || line.item === 'emergency' || !hasKey(sv.decisionItems, line.item)
      ? line.label
      : t(`decisionItems.${line.item}`);

  return (
    <>
      <section className="panel" aria-labelledby="signed-heading" data-testid="signed-decision">
        <h2 id="signed-heading" tabIndex={-1}>
          {t('decisionPage.decidedTitle')}
        </h2>
        <p data-testid="decided-by">
          {view.automatic
            ? t('decisionPage.automatic', {
                date: view.decisionDate ? formatDate(view.decisionDate) : '',
                version: view.ruleVersion ?? '',
              })
            : t('decisionPage.signedBy', {
                name: view.signedBy?.name ?? '',
                time: view.signedAt ? formatDateTime(view.signedAt) : '',
              })}
        </p>
        <p className="hint">{t('decisionPage.lockedHint')}</p>
        <div className="button-row">
          <LetterLink view={view} />
        </div>
        {view.replacedByDecisionId ? (
          <p className="message message-info">
            {t('decisionPage.replacedBy')}{' '}
            <Link to={decisionPath(view.caseId, view.replacedByDecisionId)}>
              {t('decisionPage.newDecision')}
            </Link>
          </p>
        ) : (
          <>
            {error ? <ErrorMessage error={error} /> : null}
            <button
              type="button"
              className="button button-secondary"
              aria-disabled={pending ? true : undefined}
              aria-describedby="replace-hint"
              data-testid="decision-replace"
              onClick={replace}
            >
              {pending ? t('decisionPage.replacing') : t('decisionPage.replace')}
            </button>
            <p id="replace-hint" className="hint">
              {t('decisionPage.replaceHint')}
            </p>
          </>
        )}
        {view.kind === 'emergency' ? <UrgentPayment view={view} /> : null}
      </section>

      <section className="panel" aria-labelledby="signed-content-heading">
        <h2 id="signed-content-heading">{t('decisionPage.contentTitle')}</h2>
        <TableWrap label={t('decisionPage.lines')}>
          <table className="table table-compact" data-testid="signed-lines">
            <caption className="visually-hidden">{t('decisionPage.lines')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('decisionPage.colItem')}</th>
                <th scope="col">{t('decisionPage.applied')}</th>
                <th scope="col">{t('decisionPage.calculated')}</th>
                <th scope="col">{t('decisionPage.colGranted')}</th>
                <th scope="col">{t('decisionPage.colDeviation')}</th>
              </tr>
            </thead>
            <tbody>
              {view.lines.map((line) => (
                <tr key={line.item}>
                  <th scope="row">{lineLabel(line)}</th>
                  <td className="nowrap">{formatKronor(line.applied)}</td>
                  <td className="nowrap">{formatKronor(line.calculated)}</td>
                  <td className="nowrap">{formatKronor(line.granted)}</td>
                  <td>{line.deviationReason ?? t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <h3>{t('decisionPage.reasons')}</h3>
        <p className="note-body" data-testid="signed-reasons">
          {view.reasons}
        </p>
        <LegalBasis view={view} />
        {view.children.length > 0 ? (
          <>
            <h3>{t('decisionPage.childImpact')}</h3>
            <dl className="details">
              {view.children.map((child) => (
                <div key={child.personId}>
                  <dt>{child.name}</dt>
                  <dd className="note-body">
                    {view.childImpact.find((c) => c.personId === child.personId)?.assessment ??
                      t('common.none')}
                  </dd>
                </div>
              ))}
            </dl>
          </>
        ) : null}
        <h3>{t('hearing.title')}</h3>
        <p>{hearingText(t, view.hearing)}</p>
      </section>
    </>
  );
}
