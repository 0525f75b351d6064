// Small building blocks of the case pages: a labelled textarea, dates, and a loader hook.
import { useCallback, useEffect, useId, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client.ts';
import './cases.css';

export type Load<T> =
  { kind: 'loading' } | { kind: 'loaded'; value: T } | { kind: 'failed'; error: unknown };

/** Loads with `fetcher` when the key changes; `reload` fetches again and keeps the old value meanwhile. */
export function useLoad<T>(
  fetcher: (signal: AbortSignal) => Promise<T>,
  key: string,
): { load: Load<T>; reload: () => void } {
  const [load, setLoad] = useState<Load<T>>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    fetcher(controller.signal)
      .then((value) => {
        setLoad({ kind: 'loaded', value });
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setLoad({ kind: 'failed', error });
      });
    return () => {
      controller.abort();
    };
    // The fetcher is recreated on every render; the key says when to fetch again.
  }, [key, round]);
  const reload = useCallback(() => {
    setRound((value) => value + 1);
  }, []);
  return { load, reload };
}

/** Today as `YYYY-MM-DD` in the municipality's time zone. */
export function todayInStockholm(): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

interface TextAreaFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean | undefined;
  required?: boolean | undefined;
  rows?: number | undefined;
  testId?: string | undefined;
  textareaRef?: Ref<HTMLTextAreaElement> | undefined;
  /** A fixed id for the textarea, so that an error summary can link to it. */
  id?: string | undefined;
  maxLength?: number | undefined;
}

/** A labelled textarea whose hint and error are linked by aria-describedby. */
export function TextAreaField(props: TextAreaFieldProps) {
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const { t } = useTranslation();
  const { label, hint, error } = props;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter((v) => v !== null)
    .join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {props.optional ? <span className="optional"> {t('common.optional')}</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <textarea
        id={id}
        ref={props.textareaRef}
        className="input textarea"
        rows={props.rows ?? 4}
        value={props.value}
        required={props.required}
        maxLength={props.maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        data-testid={props.testId}
        onChange={(event) => {
          props.onChange(event.target.value);
        }}
      />
    </div>
  );
}
