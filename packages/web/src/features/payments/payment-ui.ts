// Small helpers of the payment pages: paths, dates, months and texts for codes from the server.
import type { TFunction } from 'i18next';
import { hasKey, sv } from '../../i18n/index.ts';

export const PAYMENTS_PATH = '/utbetalningar';
export const REJECTED_PATH = '/utbetalningar/avvisade';
export const RECONCILIATION_PATH = '/utbetalningar/avstamning';
export const runPath = (runId: string) => `${PAYMENTS_PATH}/${runId}`;
export const casePath = (caseId: string) => `/arenden/${caseId}`;

/** "mars 2026" for `2026-03`; the text as it is when it is not a month. */
export function formatMonth(t: TFunction, month: string): string {
  const [year, number] = month.split('-');
  if (year === undefined || number === undefined || !hasKey(sv.months, number)) return month;
  return `${t(`months.${number}`)} ${year}`;
}

/** "mar" for `2026-03`, for narrow places such as a chart's axis. */
export function formatMonthShort(t: TFunction, month: string): string {
  const number = month.split('-')[1] ?? '';
  return hasKey(sv.monthsShort, number) ? t(`monthsShort.${number}`) : month;
}

/** The bank's answer on a payment in words: a rejection's reason, or its status and code. */
export function bankAnswerText(
  t: TFunction,
  line: { bankStatus: string | null; bankReason: string | null },
): string | null {
  if (line.bankReason) return line.bankReason;
  if (line.bankStatus === null) return null;
  return hasKey(sv.bankStatuses, line.bankStatus)
    ? `${t(`bankStatuses.${line.bankStatus}`)} (${line.bankStatus})`
    : line.bankStatus;
}

export function costItemText(t: TFunction, item: string): string {
  return hasKey(sv.costItems, item) ? t(`costItems.${item}`) : item;
}

/** The payment date of a run key: `payment-run:2026-03-25` or `…:urgent:<id>`. */
export function runKeyDate(runKey: string): string {
  return runKey.split(':')[1] ?? runKey;
}

export function isUrgentRunKey(runKey: string): boolean {
  return runKey.includes(':urgent:');
}

/** An organisation number as the server takes it: NNNNNN-NNNN or ten digits. */
export const ORGANISATION_NUMBER = /^\d{6}-?\d{4}$/;
