// Error display: turns API errors into plain-language text (403 reasons, translated codes, API message last).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DenyReason } from '@skyddsnat/domain';
import { ApiError } from '../api/client.ts';
import { currentLanguage, formatDateTime, hasKey, sv } from '../i18n/index.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function detailReason(error: ApiError): string | null {
  return isRecord(error.details) && typeof error.details.reason === 'string'
    ? error.details.reason
    : null;
}

/** The policy's reason for a 403 `forbidden`, or null for any other error. */
export function forbiddenReason(error: unknown): DenyReason | 'unknown' | null {
  if (!(error instanceof ApiError) || error.code !== 'forbidden') return null;
  const reason = detailReason(error);
  return reason !== null && hasKey(sv.errors.forbidden, reason) ? reason : 'unknown';
}

export function isApiError(error: unknown, code: string): error is ApiError {
  return error instanceof ApiError && error.code === code;
}

const DETAILED_IN_SWEDISH = new Set([
  'calculation_missing',
  'duplicate_application',
  'month_already_decided',
  'signing_blocked',
  'letter_incomplete',
  // Payments, recovery: the account's fault, the date, the counts, the file's problems, the
  // decisions and amounts concerned.
  'invalid_account',
  'no_due_lines',
  'run_lines_changed',
  'bank_file_invalid',
  'not_xml',
  'not_pain002',
  'invalid_report',
  'already_imported',
  'report_conflict',
  'unknown_message',
  'unknown_payment',
  'decision_not_signed',
  'ground_does_not_fit',
  'repayment_terms_not_stated',
  'amount_exceeds_paid',
  'invalid_plan',
  'plan_does_not_add_up',
]);

/** Plain-language text for any error thrown by the API layer. */
export function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  const forbidden = forbiddenReason(error);
  if (forbidden) return t(`errors.forbidden.${forbidden}`);
  if (error.code === 'invalid_personnummer') {
    // The API explains this one in Swedish already (format, checksum, date …).
    if (currentLanguage() === 'sv' && error.message) return error.message;
    const reason = detailReason(error);
    if (reason !== null && hasKey(sv.errors.personnummer, reason))
      return t(`errors.personnummer.${reason}`);
    return t('errors.codes.invalid_personnummer');
  }
  // These Swedish answers name the particulars (the month, what is missing, which child).
  if (DETAILED_IN_SWEDISH.has(error.code) && currentLanguage() === 'sv' && error.message) {
    return error.message;
  }
  if (hasKey(sv.errors.codes, error.code)) return t(`errors.codes.${error.code}`);
  return error.message || t('errors.unexpected');
}

/**
 * For a 409 `version_conflict`: the `<scope>.conflict` text naming who changed the record and when
 * (from the error's `changedBy`/`changedAt`), or `<scope>.conflictUnknown` when they are missing.
 * Null for any other error.
 */
export function conflictText(
  t: TFunction,
  error: unknown,
  scope: 'actions' | 'reassign',
): string | null {
  if (!isApiError(error, 'version_conflict')) return null;
  const details = isRecord(error.details) ? error.details : {};
  const name = typeof details.changedBy === 'string' ? details.changedBy : null;
  const at = typeof details.changedAt === 'string' ? details.changedAt : null;
  return name && at
    ? t(`${scope}.conflict`, { name, time: formatDateTime(at) })
    : t(`${scope}.conflictUnknown`);
}

/** A 422 refusal whose code has no translation carries the domain's own Swedish message; else null. */
export function domainRefusal(error: unknown): string | null {
  return error instanceof ApiError && error.status === 422 && !hasKey(sv.errors.codes, error.code)
    ? error.message
    : null;
}

export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => errorText(t, error);
}

interface ErrorMessageProps {
  error: unknown;
  /** Offered as a button, e.g. to reload after a version conflict. */
  onRetry?: (() => void) | undefined;
  /** Offered as the reload button only when the error is a version conflict (409). */
  onReloadAfterConflict?: (() => void) | undefined;
  retryLabel?: string | undefined;
  /** Shown instead of the text derived from the error (e.g. a conflict naming who changed what). */
  message?: string | undefined;
  id?: string | undefined;
  /** data-testid for errors other than 403 (which is always "forbidden"). */
  testId?: string | undefined;
  children?: ReactNode;
}

/** An announced error box; a 403 is shown as "what is missing" with data-testid="forbidden". */
export function ErrorMessage({
  error,
  onRetry: onRetryAlways,
  onReloadAfterConflict,
  retryLabel,
  message,
  id,
  testId,
  children,
}: ErrorMessageProps) {
  const { t } = useTranslation();
  const forbidden = forbiddenReason(error) !== null;
  const onRetry =
    onRetryAlways ?? (isApiError(error, 'version_conflict') ? onReloadAfterConflict : undefined);
  return (
    <div
      id={id}
      className="message message-error"
      role="alert"
      data-testid={forbidden ? 'forbidden' : (testId ?? 'error-message')}
    >
      <p className="message-title">{forbidden ? t('errors.forbiddenTitle') : t('errors.title')}</p>
      <p>{message ?? errorText(t, error)}</p>
      {children}
      {onRetry ? (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {retryLabel ?? t('common.reload')}
        </button>
      ) : null}
    </div>
  );
}

/** A 403 page body for a function the user's roles do not allow. */
export function ForbiddenMessage({ reason }: { reason: DenyReason }) {
  const { t } = useTranslation();
  return (
    <div className="message message-error" role="alert" data-testid="forbidden">
      <p className="message-title">{t('errors.forbiddenTitle')}</p>
      <p>{t(`errors.forbidden.${reason}`)}</p>
    </div>
  );
}
