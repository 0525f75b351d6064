// "Ansökningar och beslut" on the case page: the case's applications and decisions with links,
// and the forms that register a new application or start an emergency decision (nödbistånd).
import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import {
  createApplication,
  createDraft,
  fetchApplications,
  fetchDecisions,
} from '../../api/decision-endpoints.ts';
import type { ApplicationSummary, DecisionSummary } from '../../api/decision-types.ts';
import { ErrorMessage, isRecord } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import { SelectField, SubmitButton, TextField } from '../../components/forms.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, formatKronor } from '../../i18n/index.ts';
import { todayInStockholm, useLoad } from '../cases/case-ui.tsx';
import { applicationPath, decisionPath, MONTH_PATTERN, parseKronor } from './application-ui.ts';

type Open = 'none' | 'application' | 'emergency';

export function ApplicationsSection({ caseId, caseOpen }: { caseId: string; caseOpen: boolean }) {
  const { t } = useTranslation();
  const { load } = useLoad(async (signal) => {
    const [applications, decisions] = await Promise.all([
      fetchApplications(caseId, signal),
      fetchDecisions(caseId, signal),
    ]);
    return { applications, decisions };
  }, caseId);
  const [open, setOpen] = useState<Open>('none');
  const applicationFormId = useId();
  const emergencyFormId = useId();
  const data = load.kind === 'loaded' ? load.value : null;

  const toggle = (which: Exclude<Open, 'none'>) => {
    setOpen((current) => (current === which ? 'none' : which));
  };

  return (
    <section
      className="panel"
      aria-labelledby="applications-heading"
      data-testid="case-applications"
    >
      <h2 id="applications-heading">{t('caseDecisions.title')}</h2>
      <p className="hint">{t('caseDecisions.intro')}</p>
      {load.kind === 'loading' ? <p role="status">{t('caseDecisions.loading')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} /> : null}
      {data ? (
        <>
          <ApplicationList caseId={caseId} applications={data.applications} />
          <DecisionList caseId={caseId} decisions={data.decisions} />
        </>
      ) : null}

      {caseOpen ? (
        <>
          <div className="button-row">
            <button
              type="button"
              className="button"
              aria-expanded={open === 'application'}
              aria-controls={applicationFormId}
              data-testid="new-application"
              onClick={() => {
                toggle('application');
              }}
            >
              {t('caseDecisions.newApplication')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={open === 'emergency'}
              aria-controls={emergencyFormId}
              data-testid="new-emergency"
              onClick={() => {
                toggle('emergency');
              }}
            >
              {t('caseDecisions.emergency')}
            </button>
          </div>
          <div id={applicationFormId}>
            {open === 'application' ? (
              <NewApplicationForm
                caseId={caseId}
                applications={data?.applications ?? []}
                onCancel={() => {
                  setOpen('none');
                }}
              />
            ) : null}
          </div>
          <div id={emergencyFormId}>
            {open === 'emergency' ? (
              <EmergencyForm
                caseId={caseId}
                onCancel={() => {
                  setOpen('none');
                }}
              />
            ) : null}
          </div>
        </>
      ) : (
        <p>{t('caseDecisions.closedCase')}</p>
      )}
    </section>
  );
}

function ApplicationList({
  caseId,
  applications,
}: {
  caseId: string;
  applications: ApplicationSummary[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('caseDecisions.applications')}</h3>
      {applications.length === 0 ? (
        <p data-testid="applications-empty">{t('caseDecisions.noApplications')}</p>
      ) : (
        <TableWrap label={t('caseDecisions.applicationsRegion')}>
          <table className="table table-compact">
            <caption className="visually-hidden">{t('caseDecisions.applications')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('caseDecisions.colMonth')}</th>
                <th scope="col">{t('caseDecisions.colKind')}</th>
                <th scope="col">{t('caseDecisions.colStatus')}</th>
                <th scope="col">{t('caseDecisions.colCalculated')}</th>
                <th scope="col">{t('caseDecisions.colConfirmed')}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((application) => (
                <tr key={application.id} data-testid="application-row">
                  <th scope="row">
                    <Link
                      to={applicationPath(caseId, application.id)}
                      data-testid="application-link"
                    >
                      {t('caseDecisions.applicationFor', { month: application.month })}
                    </Link>
                  </th>
                  <td>{t(`actions.kinds.${application.kind}`)}</td>
                  <td>{t(`applicationStatuses.${application.status}`)}</td>
                  <td className="nowrap">
                    {application.calculatedAmount === null
                      ? t('caseDecisions.notCalculated')
                      : formatKronor(application.calculatedAmount)}
                  </td>
                  <td>{application.confirmed ? t('common.yes') : t('common.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

function DecisionList({ caseId, decisions }: { caseId: string; decisions: DecisionSummary[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('caseDecisions.decisions')}</h3>
      {decisions.length === 0 ? (
        <p data-testid="decisions-empty">{t('caseDecisions.noDecisions')}</p>
      ) : (
        <TableWrap label={t('caseDecisions.decisionsRegion')}>
          <table className="table table-compact">
            <caption className="visually-hidden">{t('caseDecisions.decisions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('caseDecisions.colMonth')}</th>
                <th scope="col">{t('caseDecisions.colDecisionKind')}</th>
                <th scope="col">{t('caseDecisions.colOutcome')}</th>
                <th scope="col">{t('caseDecisions.colStatus')}</th>
                <th scope="col">{t('caseDecisions.colAmount')}</th>
                <th scope="col">{t('caseDecisions.colDecisionDate')}</th>
              </tr>
            </thead>
            <tbody>
              {decisions.map((decision) => (
                <tr key={decision.id} data-testid="decision-row">
                  <th scope="row">
                    <Link to={decisionPath(caseId, decision.id)} data-testid="decision-link">
                      {t('caseDecisions.decisionFor', {
                        month: decision.month,
                        kind: t(`decisionKinds.${decision.kind}`),
                      })}
                    </Link>
                  </th>
                  <td>{t(`decisionKinds.${decision.kind}`)}</td>
                  <td>{t(`actions.outcomes.${decision.outcome}`)}</td>
                  <td>
                    <span
                      className={
                        decision.status === 'signed' ? 'badge badge-locked' : 'badge badge-draft'
                      }
                    >
                      {t(`decisionStatuses.${decision.status}`)}
                    </span>
                    {decision.replacesDecisionId ? (
                      <>
                        {' '}
                        <span className="muted">{t('caseDecisions.replacesEarlier')}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="nowrap">{formatKronor(decision.amount)}</td>
                  <td className="nowrap">
                    {decision.decisionDate ? formatDate(decision.decisionDate) : t('common.none')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

type ApplicationField = 'month' | 'kind';

function NewApplicationForm({
  caseId,
  applications,
  onCancel,
}: {
  caseId: string;
  applications: ApplicationSummary[];
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const hasPrevious = applications.length > 0;
  const [month, setMonth] = useState(() => todayInStockholm().slice(0, 7));
  const [kind, setKind] = useState<'initial' | 'continued'>(hasPrevious ? 'continued' : 'initial');
  const [copy, setCopy] = useState(hasPrevious);
  const [errors, setErrors] = useState<Partial<Record<ApplicationField, string>>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ids = { month: useId(), kind: useId(), copy: useId(), copyHint: useId() };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const found: Partial<Record<ApplicationField, string>> = {};
    if (!MONTH_PATTERN.test(month.trim())) found.month = t('actions.monthInvalid');
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      setSummaryToken((n) => n + 1);
      return;
    }
    setPending(true);
    createApplication(caseId, {
      month: month.trim(),
      kind,
      costs: [],
      incomes: [],
      ...(copy && hasPrevious ? { copyFromPrevious: true } : {}),
    })
      .then(({ id }) => {
        void navigate(applicationPath(caseId, id));
      })
      .catch((cause: unknown) => {
        setError(cause);
        setPending(false);
      });
  };

  const summary: SummaryItem[] = errors.month
    ? [{ fieldId: ids.month, message: errors.month }]
    : [];
  const existingId =
    error instanceof ApiError &&
    error.code === 'duplicate_application' &&
    isRecord(error.details) &&
    typeof error.details.applicationId === 'string'
      ? error.details.applicationId
      : null;

  return (
    <form className="subpanel" onSubmit={submit} noValidate data-testid="new-application-form">
      <h3>{t('caseDecisions.newApplicationTitle')}</h3>
      <ErrorSummary items={summary} focusToken={summaryToken} />
      {error ? (
        <ErrorMessage error={error} testId="new-application-error">
          {existingId ? (
            <p>
              <Link to={applicationPath(caseId, existingId)}>
                {t('caseDecisions.openExisting')}
              </Link>
            </p>
          ) : null}
        </ErrorMessage>
      ) : null}
      <TextField
        id={ids.month}
        label={t('actions.fields.month')}
        hint={t('actions.fields.monthHint')}
        width="short"
        inputMode="numeric"
        value={month}
        onChange={setMonth}
        error={errors.month}
        required
        testId="new-application-month"
      />
      <SelectField
        id={ids.kind}
        label={t('actions.fields.kind')}
        value={kind}
        onChange={(value) => {
          setKind(value === 'continued' ? 'continued' : 'initial');
        }}
        options={(['initial', 'continued'] as const).map((value) => ({
          value,
          label: t(`actions.kinds.${value}`),
        }))}
        testId="new-application-kind"
      />
      {hasPrevious ? (
        <div className="checkbox field">
          <input
            id={ids.copy}
            type="checkbox"
            checked={copy}
            aria-describedby={ids.copyHint}
            data-testid="new-application-copy"
            onChange={(event) => {
              setCopy(event.target.checked);
            }}
          />
          <label htmlFor={ids.copy}>{t('caseDecisions.copyFromPrevious')}</label>
          <p id={ids.copyHint} className="hint hint-inline">
            {t('caseDecisions.copyHint')}
          </p>
        </div>
      ) : null}
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('caseDecisions.register')}
          pendingLabel={t('caseDecisions.registering')}
          testId="new-application-submit"
        />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

type EmergencyField = 'amount' | 'purpose';

function EmergencyForm({ caseId, onCancel }: { caseId: string; onCancel: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [amount, setAmount] = useState('');
  const [purpose, setPurpose] = useState('');
  const [errors, setErrors] = useState<Partial<Record<EmergencyField, string>>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ids = { amount: useId(), purpose: useId() };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const found: Partial<Record<EmergencyField, string>> = {};
    const kronor = parseKronor(amount);
    if (kronor === null || kronor < 1 || kronor > 100_000) {
      found.amount = t('caseDecisions.emergencyAmountInvalid');
    }
    if (purpose.trim().length < 3) found.purpose = t('caseDecisions.emergencyPurposeRequired');
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0 || kronor === null) {
      setSummaryToken((n) => n + 1);
      return;
    }
    setPending(true);
    createDraft(caseId, { kind: 'emergency', amount: kronor, purpose: purpose.trim() })
      .then(({ id }) => {
        void navigate(decisionPath(caseId, id));
      })
      .catch((cause: unknown) => {
        setError(cause);
        setPending(false);
      });
  };

  const summary: SummaryItem[] = [
    ...(errors.amount ? [{ fieldId: ids.amount, message: errors.amount }] : []),
    ...(errors.purpose ? [{ fieldId: ids.purpose, message: errors.purpose }] : []),
  ];

  return (
    <form className="subpanel" onSubmit={submit} noValidate data-testid="emergency-form">
      <h3>{t('caseDecisions.emergencyTitle')}</h3>
      <p className="hint">{t('caseDecisions.emergencyIntro')}</p>
      <ErrorSummary items={summary} focusToken={summaryToken} />
      {error ? <ErrorMessage error={error} testId="emergency-error" /> : null}
      <TextField
        id={ids.amount}
        label={t('caseDecisions.emergencyAmount')}
        hint={t('caseDecisions.emergencyAmountHint')}
        width="short"
        inputMode="numeric"
        value={amount}
        onChange={setAmount}
        error={errors.amount}
        required
        testId="emergency-amount"
      />
      <TextField
        id={ids.purpose}
        label={t('caseDecisions.emergencyPurpose')}
        hint={t('caseDecisions.emergencyPurposeHint')}
        value={purpose}
        onChange={setPurpose}
        error={errors.purpose}
        maxLength={200}
        required
        testId="emergency-purpose"
      />
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('caseDecisions.emergencySubmit')}
          pendingLabel={t('caseDecisions.emergencySubmitting')}
          testId="emergency-submit"
        />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
