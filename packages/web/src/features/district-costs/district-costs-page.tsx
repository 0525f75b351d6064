// "Kostnad per stadsdelsnämnd" (/kostnader): paid per district committee and month for a year,
// against its budget (deviation = budget − paid, negative a deficit), as a chart and a table,
// with CSV and XLSX downloads and, for the budget roles, the budget per district.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictCostReport } from '../../api/cost-types.ts';
import { MAX_BUDGET } from '../../api/cost-types.ts';
import {
  districtCostsExportUrl,
  fetchDistrictCosts,
  saveDistrictBudget,
} from '../../api/payment-endpoints.ts';
import { ErrorMessage, errorText } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import { LiveStatus, SelectField, SubmitButton, TextField } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { currentLanguage, formatKronor } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { todayInStockholm, useLoad } from '../cases/case-ui.tsx';
import { formatMonth, formatMonthShort } from '../payments/payment-ui.ts';
import '../payments/payments.css';
import { CostChart } from './cost-chart.tsx';

const TOTAL = 'total';

export function DistrictCostsPage() {
  const { t } = useTranslation();
  usePageTitle(t('districtCosts.title'));
  const { permissions } = useSignedIn();
  const currentYear = Number(todayInStockholm().slice(0, 4));
  const [year, setYear] = useState(currentYear);
  const { load, reload } = useLoad((signal) => fetchDistrictCosts(year, signal), String(year));
  const [status, setStatus] = useState<string | null>(null);
  const report = load.kind === 'loaded' ? load.value : null;
  // The report shown is the year asked for; while another year loads, the old one is not shown.
  const shown = report && report.year === year ? report : null;
  const years = Array.from({ length: 7 }, (_, i) => currentYear + 1 - i);

  return (
    <>
      <PageHeading testId="costs-heading">{t('districtCosts.title')}</PageHeading>
      <p className="lead">{t('districtCosts.intro')}</p>
      <SelectField
        label={t('districtCosts.year')}
        value={String(year)}
        onChange={(value) => {
          setStatus(null);
          setYear(Number(value));
        }}
        options={years.map((value) => ({ value: String(value), label: String(value) }))}
        testId="costs-year"
      />
      <LiveStatus message={status} testId="costs-status" />
      {load.kind === 'failed' ? <ErrorMessage error={load.error} onRetry={reload} /> : null}
      {!shown && load.kind !== 'failed' ? <p role="status">{t('districtCosts.loading')}</p> : null}
      {shown ? (
        <>
          <ChartPanel report={shown} />
          <CostTable report={shown} />
          {permissions.editBudgets ? (
            <BudgetForm
              key={shown.year}
              report={shown}
              onSaved={(message) => {
                setStatus(message);
                reload();
              }}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

function ChartPanel({ report }: { report: DistrictCostReport }) {
  const { t } = useTranslation();
  const [series, setSeries] = useState(TOTAL);
  const district = report.districts.find((d) => d.districtId === series);
  const line = district ?? report.total;
  const name = district ? district.name : t('districtCosts.wholeMunicipality');
  // The municipality's budget line only when every district has one (as its deviation).
  const budget = district
    ? district.budget
    : report.total.districtsWithoutBudget.length > 0
      ? null
      : report.total.budget;
  return (
    <section className="panel" aria-labelledby="costs-chart-heading">
      <h2 id="costs-chart-heading">
        {t('districtCosts.chartTitle', { year: report.year, series: name })}
      </h2>
      <SelectField
        label={t('districtCosts.series')}
        value={series}
        onChange={setSeries}
        options={[
          { value: TOTAL, label: t('districtCosts.municipality') },
          ...report.districts.map((d) => ({ value: d.districtId, label: d.name })),
        ]}
        testId="costs-series"
      />
      <CostChart
        title={t('districtCosts.chartTitle', { year: report.year, series: name })}
        months={report.months}
        values={line.monthly}
        budget={budget}
      />
    </section>
  );
}

function Deviation({ value }: { value: number | null }) {
  const { t } = useTranslation();
  if (value === null) return <>{t('districtCosts.noBudget')}</>;
  return value < 0 ? (
    <span className="deviation-negative">
      {formatKronor(value)} {t('districtCosts.deficit')}
    </span>
  ) : (
    <>{formatKronor(value)}</>
  );
}

function CostTable({ report }: { report: DistrictCostReport }) {
  const { t } = useTranslation();
  const noteId = useId();
  return (
    <section className="panel" aria-labelledby="costs-table-heading">
      <h2 id="costs-table-heading">{t('districtCosts.tableTitle')}</h2>
      <p id={noteId} className="hint">
        {t('districtCosts.deviationNote')}
      </p>
      {report.total.districtsWithoutBudget.length > 0 ? (
        <p className="message message-info" data-testid="costs-without-budget">
          {t('districtCosts.withoutBudget', {
            year: report.year,
            list: report.total.districtsWithoutBudget.join(', '),
          })}
        </p>
      ) : null}
      <TableWrap label={t('districtCosts.tableRegion')}>
        <table className="table table-compact" aria-describedby={noteId} data-testid="costs-table">
          <caption>{t('districtCosts.tableCaption', { year: report.year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('districtCosts.colDistrict')}</th>
              {report.months.map((month) => (
                <th scope="col" className="amount" key={month}>
                  <span aria-hidden="true">{formatMonthShort(t, month)}</span>
                  <span className="visually-hidden">{formatMonth(t, month)}</span>
                </th>
              ))}
              <th scope="col" className="amount">
                {t('districtCosts.colPaid')}
              </th>
              <th scope="col" className="amount">
                {t('districtCosts.colBudget')}
              </th>
              <th scope="col" className="amount">
                {t('districtCosts.colDeviation')}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.districts.map((line) => (
              <tr key={line.districtId} data-testid="costs-row">
                <th scope="row">{line.name}</th>
                {line.monthly.map((value, index) => (
                  <td className="amount nowrap" key={report.months[index] ?? index}>
                    {formatKronor(value)}
                  </td>
                ))}
                <td className="amount nowrap">{formatKronor(line.paid)}</td>
                <td className="amount nowrap">
                  {line.budget === null ? t('districtCosts.noBudget') : formatKronor(line.budget)}
                </td>
                <td className="amount nowrap" data-testid="costs-deviation">
                  <Deviation value={line.deviation} />
                </td>
              </tr>
            ))}
            <tr className="total-row" data-testid="costs-total">
              <th scope="row">{t('districtCosts.municipality')}</th>
              {report.total.monthly.map((value, index) => (
                <td className="amount nowrap" key={report.months[index] ?? index}>
                  {formatKronor(value)}
                </td>
              ))}
              <td className="amount nowrap" data-testid="costs-total-paid">
                {formatKronor(report.total.paid)}
              </td>
              <td className="amount nowrap">
                {report.total.budget === null
                  ? t('districtCosts.noBudget')
                  : formatKronor(report.total.budget)}
              </td>
              <td className="amount nowrap">
                <Deviation value={report.total.deviation} />
              </td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      <h3>{t('districtCosts.downloads')}</h3>
      <ul className="download-links">
        <li>
          <a
            href={districtCostsExportUrl(report.year, 'csv')}
            download={`kostnad-per-stadsdel-${String(report.year)}.csv`}
            data-testid="costs-csv"
          >
            {t('districtCosts.csv')}
          </a>
        </li>
        <li>
          <a
            href={districtCostsExportUrl(report.year, 'xlsx')}
            download={`kostnad-per-stadsdel-${String(report.year)}.xlsx`}
            data-testid="costs-xlsx"
          >
            {t('districtCosts.xlsx')}
          </a>
        </li>
      </ul>
    </section>
  );
}

function groupDigits(amount: number): string {
  return new Intl.NumberFormat(currentLanguage() === 'sv' ? 'sv-SE' : 'en-GB', {
    useGrouping: true,
    maximumFractionDigits: 0,
  })
    .format(amount)
    .replace(/,/g, '\u00a0');
}

/** Whole kronor typed with or without spaces, up to the server's largest budget; else null. */
function parseBudget(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f,]/g, '').replace(/kr$/i, '');
  if (!/^\d{1,12}$/.test(compact)) return null;
  const value = Number(compact);
  return value <= MAX_BUDGET ? value : null;
}

function BudgetForm({
  report,
  onSaved,
}: {
  report: DistrictCostReport;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const prefix = useId();
  const fieldId = (districtId: string) => `${prefix}-${districtId}`;
  // Shown with thousands separators, as people read large amounts; parseBudget takes them.
  const initial = () =>
    Object.fromEntries(
      report.districts.map((d) => [d.districtId, d.budget === null ? '' : groupDigits(d.budget)]),
    );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // A reloaded report (after saving) is what the fields start from again.
  useEffect(() => {
    setValues(initial());
  }, [report]);

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const found: Record<string, string> = {};
    const changes: { districtId: string; amount: number }[] = [];
    for (const district of report.districts) {
      const text = (values[district.districtId] ?? '').trim();
      const before = district.budget === null ? '' : String(district.budget);
      if (text === '' && before === '') continue;
      const amount = parseBudget(text);
      if (amount === null) {
        found[fieldId(district.districtId)] = t('districtCosts.budgetInvalid', {
          name: district.name,
        });
      } else if (amount !== district.budget) {
        changes.push({ districtId: district.districtId, amount });
      }
    }
    setErrors(found);
    setError(null);
    setNotice(null);
    if (Object.keys(found).length > 0) {
      setSummaryToken((n) => n + 1);
      return;
    }
    if (changes.length === 0) {
      setNotice(t('districtCosts.budgetNoChange'));
      return;
    }
    setPending(true);
    // One budget at a time; the first refusal is shown at its field (a PUT is idempotent, so
    // saving again after a correction repeats the ones already saved harmlessly).
    const saveAll = async (): Promise<{ districtId: string; cause: unknown } | null> => {
      for (const change of changes) {
        try {
          await saveDistrictBudget(change.districtId, report.year, change.amount);
        } catch (cause) {
          return { districtId: change.districtId, cause };
        }
      }
      return null;
    };
    saveAll()
      .then((failed) => {
        if (failed === null) {
          onSaved(t('districtCosts.budgetSaved', { count: changes.length }));
        } else {
          setErrors({ [fieldId(failed.districtId)]: errorText(t, failed.cause) });
          setSummaryToken((n) => n + 1);
        }
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  const summary: SummaryItem[] = Object.entries(errors).map(([fieldIdValue, message]) => ({
    fieldId: fieldIdValue,
    message,
  }));

  return (
    <section className="panel" aria-labelledby="budget-heading">
      <h2 id="budget-heading">{t('districtCosts.budgetTitle', { year: report.year })}</h2>
      <p className="hint">{t('districtCosts.budgetIntro')}</p>
      <form onSubmit={submit} noValidate data-testid="budget-form">
        <ErrorSummary items={summary} focusToken={summaryToken} testId="budget-error-summary" />
        {error ? <ErrorMessage error={error} testId="budget-error" /> : null}
        <div className="filter-grid">
          {report.districts.map((district) => (
            <TextField
              key={district.districtId}
              id={fieldId(district.districtId)}
              label={t('districtCosts.budgetFor', { name: district.name })}
              hint={t('districtCosts.budgetHint')}
              inputMode="numeric"
              value={values[district.districtId] ?? ''}
              onChange={(value) => {
                setValues((current) => ({ ...current, [district.districtId]: value }));
              }}
              error={errors[fieldId(district.districtId)]}
              maxLength={20}
              testId="budget-amount"
            />
          ))}
        </div>
        <LiveStatus message={notice} testId="budget-notice" />
        <div className="actions">
          <SubmitButton
            pending={pending}
            label={t('districtCosts.budgetSave')}
            pendingLabel={t('common.saving')}
            testId="budget-save"
          />
        </div>
      </form>
    </section>
  );
}
