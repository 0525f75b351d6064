// "Show something for a date": the date field with its check, the load (today's on mount), and the
// loading and error state, shared by the due summary (Utbetalningar) and the reconciliation.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { SubmitButton, TextField } from '../../components/forms.tsx';
import { todayInStockholm } from '../cases/case-ui.tsx';
import { isPlainDate } from '@skyddsnat/domain';

export interface DateQuery<T> {
  dateId: string;
  date: string;
  setDate: (value: string) => void;
  dateError: string | null;
  summaryToken: number;
  /** The last answer; kept while a new date loads. */
  value: T | null;
  loading: boolean;
  error: unknown;
  /** Loads a day; a later load supersedes (aborts) one still running. */
  show: (day: string) => void;
  /** Checks the date field and loads it; `before` runs first, only for a real calendar day. */
  submit: (before?: (day: string) => void) => void;
}

/** Today's answer on mount, then the chosen day's on submit. */
export function useDateQuery<T>(
  fetcher: (day: string, signal: AbortSignal) => Promise<T>,
): DateQuery<T> {
  const { t } = useTranslation();
  const dateId = useId();
  const [date, setDate] = useState(todayInStockholm);
  const [dateError, setDateError] = useState<string | null>(null);
  const [summaryToken, setSummaryToken] = useState(0);
  const [value, setValue] = useState<T | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const current = useRef<AbortController | null>(null);

  const show = (day: string) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    setLoading(true);
    setError(null);
    fetcher(day, controller.signal)
      .then((next) => {
        if (!controller.signal.aborted) setValue(next);
      })
      .catch((cause: unknown) => {
        if (!isAbort(cause) && !controller.signal.aborted) setError(cause);
      })
      .finally(() => {
        // A superseded load leaves the state to the one that replaced it.
        if (current.current === controller) {
          current.current = null;
          setLoading(false);
        }
      });
  };

  useEffect(() => {
    show(todayInStockholm());
    return () => {
      current.current?.abort();
    };
  }, []);

  const submit = (before?: (day: string) => void) => {
    if (loading) return;
    const day = date.trim();
    if (!isPlainDate(day)) {
      setDateError(t('paymentsPage.dateInvalid'));
      setSummaryToken((n) => n + 1);
      return;
    }
    setDateError(null);
    before?.(day);
    show(day);
  };

  return {
    dateId,
    date,
    setDate,
    dateError,
    summaryToken,
    value,
    loading,
    error,
    show,
    submit,
  };
}

/** The error summary and the date form of a date query. */
export function DateQueryForm<T>({
  query,
  label,
  hint,
  showLabel,
  showingLabel,
  variant,
  onShow,
  formTestId,
  dateTestId,
  showTestId,
}: {
  query: DateQuery<T>;
  label: string;
  hint: string;
  showLabel: string;
  showingLabel: string;
  variant?: 'primary' | 'secondary';
  /** Runs before a valid date is loaded from the form. */
  onShow?: (day: string) => void;
  formTestId: string;
  dateTestId: string;
  showTestId: string;
}) {
  return (
    <>
      <ErrorSummary
        items={query.dateError ? [{ fieldId: query.dateId, message: query.dateError }] : []}
        focusToken={query.summaryToken}
      />
      <form
        className="search-row"
        onSubmit={(event) => {
          event.preventDefault();
          query.submit(onShow);
        }}
        noValidate
        data-testid={formTestId}
      >
        <TextField
          id={query.dateId}
          type="date"
          width="medium"
          label={label}
          hint={hint}
          value={query.date}
          onChange={query.setDate}
          error={query.dateError ?? undefined}
          required
          testId={dateTestId}
        />
        <SubmitButton
          pending={query.loading}
          label={showLabel}
          pendingLabel={showingLabel}
          variant={variant}
          testId={showTestId}
        />
      </form>
    </>
  );
}
