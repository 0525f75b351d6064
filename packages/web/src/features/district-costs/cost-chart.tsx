// A bar chart of what was paid per month, drawn by hand in SVG: one bar per month, a dashed line
// for the budget per month, a title and a text summary for screen readers. The table on the page
// holds the same figures and is the accessible equivalent.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { TableWrap } from '../../components/table-wrap.tsx';
import { currentLanguage, formatKronor } from '../../i18n/index.ts';
import { formatMonth, formatMonthShort } from '../payments/payment-ui.ts';

const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { top: 16, right: 16, bottom: 36, left: 84 };
const TICKS = 4;

/** A round step for the value axis: 1, 2 or 5 times a power of ten. */
function niceStep(max: number): number {
  const raw = max / TICKS;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

function compactKronor(value: number): string {
  return new Intl.NumberFormat(currentLanguage() === 'sv' ? 'sv-SE' : 'en-GB', {
    style: 'currency',
    currency: 'SEK',
    notation: 'compact',
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }).format(value);
}

export function CostChart({
  title,
  months,
  values,
  budget,
}: {
  title: string;
  /** `YYYY-MM` of each bar. */
  months: readonly string[];
  /** Whole kronor paid, one per month. */
  values: readonly number[];
  /** The year's budget for the series, or null: drawn as the budget per month. */
  budget: number | null;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const descId = useId();
  const monthlyBudget = budget === null ? null : Math.round(budget / 12);
  const top = Math.max(1, ...values, monthlyBudget ?? 0);
  const step = niceStep(top);
  const axisMax = Math.ceil(top / step) * step;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (value: number) => MARGIN.top + plotHeight - (value / axisMax) * plotHeight;
  const slot = plotWidth / Math.max(1, values.length);
  const barWidth = slot * 0.62;
  const ticks = Array.from({ length: Math.round(axisMax / step) + 1 }, (_, i) => i * step);

  const paid = values.reduce((sum, value) => sum + value, 0);
  const highestIndex = values.reduce(
    (best, value, index) => (value > (values[best] ?? 0) ? index : best),
    0,
  );
  const over = monthlyBudget === null ? 0 : values.filter((value) => value > monthlyBudget).length;
  const summary = [
    t('districtCosts.chartSummary', { paid: formatKronor(paid) }),
    paid > 0
      ? t('districtCosts.chartHighest', {
          month: formatMonth(t, months[highestIndex] ?? ''),
          amount: formatKronor(values[highestIndex] ?? 0),
        })
      : t('districtCosts.chartNothing'),
    monthlyBudget === null
      ? t('districtCosts.chartNoBudget')
      : t('districtCosts.chartBudgetLine', { amount: formatKronor(monthlyBudget) }),
    over > 0 ? t('districtCosts.chartOverBudget', { count: over }) : null,
    t('districtCosts.chartTableNote'),
  ]
    .filter((text) => text !== null)
    .join(' ');

  return (
    <figure className="chart" data-testid="cost-chart">
      {/* The section's heading names the chart; the caption says what it shows in words. */}
      <figcaption className="chart-summary muted" data-testid="cost-chart-summary">
        {summary}
      </figcaption>
      <TableWrap label={title}>
        <svg
          viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          className="chart-svg"
          data-testid="cost-chart-svg"
        >
          <title id={titleId}>{title}</title>
          <desc id={descId}>{summary}</desc>
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                className={tick === 0 ? 'chart-axis' : 'chart-grid'}
                x1={MARGIN.left}
                x2={WIDTH - MARGIN.right}
                y1={y(tick)}
                y2={y(tick)}
              />
              <text className="chart-label" x={MARGIN.left - 8} y={y(tick) + 4} textAnchor="end">
                {compactKronor(tick)}
              </text>
            </g>
          ))}
          {values.map((value, index) => {
            const month = months[index] ?? '';
            const x = MARGIN.left + slot * index + (slot - barWidth) / 2;
            const overBudget = monthlyBudget !== null && value > monthlyBudget;
            return (
              <g key={month} data-testid="cost-chart-bar" data-value={value}>
                <rect
                  className={overBudget ? 'chart-bar chart-bar-over' : 'chart-bar'}
                  x={x}
                  y={y(value)}
                  width={barWidth}
                  height={Math.max(0, MARGIN.top + plotHeight - y(value))}
                >
                  <title>{`${formatMonth(t, month)}: ${formatKronor(value)}`}</title>
                </rect>
                <text
                  className="chart-label"
                  x={x + barWidth / 2}
                  y={HEIGHT - MARGIN.bottom + 18}
                  textAnchor="middle"
                >
                  {formatMonthShort(t, month)}
                </text>
              </g>
            );
          })}
          {monthlyBudget !== null ? (
            <line
              className="chart-budget"
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={y(monthlyBudget)}
              y2={y(monthlyBudget)}
              data-testid="cost-chart-budget"
            />
          ) : null}
        </svg>
      </TableWrap>
      <ul className="chart-legend">
        <li>
          <span className="chart-key" aria-hidden="true" />
          {t('districtCosts.legendPaid')}
        </li>
        {monthlyBudget !== null ? (
          <>
            <li>
              <span className="chart-key chart-key-over" aria-hidden="true" />
              {t('districtCosts.legendOver')}
            </li>
            <li>
              <span className="chart-key chart-key-budget" aria-hidden="true" />
              {t('districtCosts.legendBudget', { amount: formatKronor(monthlyBudget) })}
            </li>
          </>
        ) : null}
      </ul>
    </figure>
  );
}
