// Application page: the household of the month, costs and incomes, the calculation line by line,
// documents, the applicant's confirmation and the way on to the decision draft.
import { useCallback, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  confirmApplication,
  createDraft,
  fetchApplication,
  fetchDecisions,
  recalculateApplication,
} from '../../api/decision-endpoints.ts';
import {
  CONFIRMATION_METHODS,
  type ApplicationView,
  type ConfirmationMethod,
  type DecisionSummary,
} from '../../api/decision-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { LiveStatus, SelectField, SubmitButton } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, formatDateTime, formatKronor } from '../../i18n/index.ts';
import { useLoad } from '../cases/case-ui.tsx';
import { decisionPath } from './application-ui.ts';
import { CalculationView } from './calculation-view.tsx';
import { CostsEditor, CostsReadOnly } from './costs-editor.tsx';
import { DocumentsSection } from './documents-section.tsx';

export function ApplicationPage() {
  const { t } = useTranslation();
  const { caseId = '', applicationId = '' } = useParams();
  const { load, reload } = useLoad(async (signal) => {
    const [application, decisions] = await Promise.all([
      fetchApplication(caseId, applicationId, signal),
      fetchDecisions(caseId, signal),
    ]);
    return { application, decisions };
  }, `${caseId}/${applicationId}`);
  const [status, setStatus] = useState<string | null>(null);
  const [costsDirty, setCostsDirty] = useState(false);
  const view = load.kind === 'loaded' ? load.value.application : null;
  const applicant = view?.household.find((m) => m.role === 'applicant')?.name ?? '';
  const title = view
    ? t('applicationPage.heading', { month: view.month, name: applicant })
    : load.kind === 'failed'
      ? t('applicationPage.cannotShow')
      : t('applicationPage.title');
  usePageTitle(title);

  const changed = useCallback(
    (message: string) => {
      setStatus(message);
      reload();
    },
    [reload],
  );

  const back = (
    <p className="back-link">
      <Link to={`/arenden/${caseId}`}>{t('applicationPage.toCase')}</Link>
    </p>
  );

  if (!view || load.kind !== 'loaded') {
    return (
      <>
        {back}
        <PageHeading>{title}</PageHeading>
        {load.kind === 'failed' ? (
          <ErrorMessage error={load.error} />
        ) : (
          <p role="status">{t('applicationPage.loading')}</p>
        )}
      </>
    );
  }

  const open = view.status === 'open';
  return (
    <>
      {back}
      <PageHeading testId="application-heading">{title}</PageHeading>
      <LiveStatus message={status} testId="application-status" />
      <ApplicationOverview view={view} />
      <Household view={view} />
      <section className="panel" aria-labelledby="costs-heading">
        <h2 id="costs-heading">{t('applicationPage.costsAndIncomes')}</h2>
        {open ? (
          <CostsEditor view={view} onSaved={changed} onDirtyChange={setCostsDirty} />
        ) : (
          <CostsReadOnly view={view} />
        )}
      </section>
      <CalculationSection view={view} onChanged={changed} />
      <DocumentsSection view={view} onChanged={changed} />
      <Confirmation view={view} onChanged={changed} />
      <DecisionLink view={view} decisions={load.value.decisions} unsaved={open && costsDirty} />
    </>
  );
}

function ApplicationOverview({ view }: { view: ApplicationView }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="application-overview">
      <h2 id="application-overview">{t('applicationPage.overview')}</h2>
      <dl className="details" data-testid="application-details">
        <div>
          <dt>{t('applicationPage.month')}</dt>
          <dd>{view.month}</dd>
        </div>
        <div>
          <dt>{t('applicationPage.kind')}</dt>
          <dd>{t(`actions.kinds.${view.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('applicationPage.status')}</dt>
          <dd data-testid="application-state">{t(`applicationStatuses.${view.status}`)}</dd>
        </div>
        <div>
          <dt>{t('applicationPage.calculated')}</dt>
          <dd>
            {view.calculation
              ? formatKronor(view.calculation.amount)
              : t('applicationPage.notCalculable')}
          </dd>
        </div>
        <div>
          <dt>{t('applicationPage.confirmedLabel')}</dt>
          <dd>
            {view.confirmedAt && view.confirmationMethod
              ? t('confirmation.confirmed', {
                  date: formatDateTime(view.confirmedAt),
                  method: t(`confirmationMethods.${view.confirmationMethod}`),
                })
              : t('confirmation.notConfirmed')}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Household({ view }: { view: ApplicationView }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="household-heading">
      <h2 id="household-heading">{t('applicationPage.household', { month: view.month })}</h2>
      <p className="hint">{t('applicationPage.householdIntro')}</p>
      {view.household.length === 0 ? (
        <p>{t('applicationPage.noHousehold')}</p>
      ) : (
        <TableWrap label={t('applicationPage.household', { month: view.month })}>
          <table className="table table-compact" data-testid="application-household">
            <caption className="visually-hidden">
              {t('applicationPage.household', { month: view.month })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('applicationPage.colName')}</th>
                <th scope="col">{t('applicationPage.colRole')}</th>
                <th scope="col">{t('applicationPage.colBirthDate')}</th>
              </tr>
            </thead>
            <tbody>
              {view.household.map((member) => (
                <tr key={member.personId} data-testid="household-member">
                  <th scope="row">{member.name}</th>
                  <td>{t(`case.householdRoles.${member.role}`)}</td>
                  <td className="nowrap">{member.birthDate}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function CalculationSection({
  view,
  onChanged,
}: {
  view: ApplicationView;
  onChanged: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const recalculate = () => {
    if (pending) return;
    setPending(true);
    setError(null);
    recalculateApplication(view.caseId, view.id)
      .then(() => {
        onChanged(t('calculation.recalculated'));
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };
  return (
    <section className="panel" aria-labelledby="calculation-heading">
      <h2 id="calculation-heading">{t('calculation.title')}</h2>
      {view.calculationError ? (
        <div className="message message-warning" data-testid="calculation-error">
          <p className="message-title">{t('calculation.errorTitle')}</p>
          <p>{t('calculation.error', { message: view.calculationError })}</p>
        </div>
      ) : null}
      {view.calculation ? (
        <CalculationView calculation={view.calculation} members={view.household} />
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {view.status === 'open' ? (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={pending ? true : undefined}
            aria-describedby="recalculate-hint"
            data-testid="recalculate"
            onClick={recalculate}
          >
            {pending ? t('calculation.recalculating') : t('calculation.recalculate')}
          </button>
          <span id="recalculate-hint" className="hint hint-inline">
            {t('calculation.recalculateHint')}
          </span>
        </div>
      ) : null}
    </section>
  );
}

function Confirmation({
  view,
  onChanged,
}: {
  view: ApplicationView;
  onChanged: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<ConfirmationMethod>('signed_paper');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const methodId = useId();
  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    confirmApplication(view.caseId, view.id, view.version, method)
      .then(() => {
        onChanged(t('confirmation.done'));
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };
  return (
    <section className="panel" aria-labelledby="confirmation-heading" data-testid="confirmation">
      <h2 id="confirmation-heading">{t('confirmation.title')}</h2>
      <p className="hint">{t('confirmation.intro')}</p>
      {view.confirmedAt && view.confirmationMethod ? (
        <p data-testid="confirmation-done">
          {t('confirmation.confirmed', {
            date: formatDateTime(view.confirmedAt),
            method: t(`confirmationMethods.${view.confirmationMethod}`),
          })}
        </p>
      ) : view.status === 'open' ? (
        <form onSubmit={submit} noValidate data-testid="confirmation-form">
          {error ? (
            <ErrorMessage
              error={error}
              onReloadAfterConflict={() => {
                onChanged('');
              }}
            />
          ) : null}
          <p>{t('confirmation.notConfirmed')}</p>
          <SelectField
            id={methodId}
            label={t('confirmation.method')}
            value={method}
            onChange={(value) => {
              const found = CONFIRMATION_METHODS.find((m) => m === value);
              if (found) setMethod(found);
            }}
            options={CONFIRMATION_METHODS.map((value) => ({
              value,
              label: t(`confirmationMethods.${value}`),
            }))}
            testId="confirmation-method"
          />
          <div className="actions">
            <SubmitButton
              pending={pending}
              label={t('confirmation.submit')}
              pendingLabel={t('common.saving')}
              testId="confirmation-submit"
            />
          </div>
        </form>
      ) : (
        <p>{t('confirmation.notConfirmed')}</p>
      )}
    </section>
  );
}

/**
 * The decision list names no application, but a case has at most one application per month, so
 * its decisions are those of the month that are not emergency decisions; a draft comes first.
 */
function decisionFor(view: ApplicationView, decisions: DecisionSummary[]) {
  const ofMonth = decisions.filter((d) => d.month === view.month && d.kind !== 'emergency');
  return ofMonth.find((d) => d.status === 'draft') ?? ofMonth[0] ?? null;
}

function DecisionLink({
  view,
  decisions,
  unsaved,
}: {
  view: ApplicationView;
  decisions: DecisionSummary[];
  unsaved: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const decision = decisionFor(view, decisions);
  const create = () => {
    if (pending) return;
    setPending(true);
    setError(null);
    createDraft(view.caseId, { kind: 'regular', applicationId: view.id })
      .then(({ id }) => {
        void navigate(decisionPath(view.caseId, id));
      })
      .catch((cause: unknown) => {
        setError(cause);
        setPending(false);
      });
  };
  return (
    <section className="panel" aria-labelledby="decision-link-heading">
      <h2 id="decision-link-heading">{t('applicationPage.decision')}</h2>
      {unsaved ? (
        <p className="message message-warning" data-testid="unsaved-before-decision">
          {t('applicationPage.unsavedBeforeDecision')}
        </p>
      ) : null}
      {decision ? (
        <>
          <p>
            {t('applicationPage.decisionState', {
              status: t(`decisionStatuses.${decision.status}`),
              amount: formatKronor(decision.amount),
            })}
            {decision.decisionDate
              ? ` ${t('applicationPage.decidedOn', { date: formatDate(decision.decisionDate) })}`
              : ''}
          </p>
          <p>
            <Link
              className="button"
              to={decisionPath(view.caseId, decision.id)}
              data-testid="to-decision"
            >
              {decision.status === 'draft'
                ? t('applicationPage.toDraft')
                : t('applicationPage.toDecision')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p>{t('applicationPage.noDraft')}</p>
          {error ? <ErrorMessage error={error} /> : null}
          {view.status === 'open' && view.calculation ? (
            <button
              type="button"
              className="button"
              aria-disabled={pending ? true : undefined}
              data-testid="create-draft"
              onClick={create}
            >
              {pending ? t('applicationPage.creatingDraft') : t('applicationPage.createDraft')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
