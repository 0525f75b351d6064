// Accessible form building blocks: labelled fields whose hints and errors are linked by aria-describedby.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';
import { hasKey, sv } from '../i18n/index.ts';
import { isRecord } from './error-message.tsx';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean | undefined;
  children: ReactNode;
}

function describedBy(
  id: string,
  hint: string | undefined,
  error: string | undefined,
  extra?: string,
): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null, extra ?? null].filter(
    (v) => v !== null,
  );
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldFrame({ id, label, hint, error, optional, children }: FieldFrameProps) {
  const { t } = useTranslation();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional"> {t('common.optional')}</span> : null}
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
      {children}
    </div>
  );
}

interface CommonFieldProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  optional?: boolean | undefined;
  disabled?: boolean | undefined;
  name?: string | undefined;
  testId?: string | undefined;
  /** A fixed id for the control, so that an error summary can link to it. */
  id?: string | undefined;
}

interface TextFieldProps extends CommonFieldProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'email' | 'date' | 'search' | 'tel';
  autoComplete?: string | undefined;
  inputMode?: 'text' | 'numeric' | 'email' | 'search' | undefined;
  maxLength?: number | undefined;
  spellCheck?: boolean | undefined;
  width?: 'short' | 'medium' | 'full' | undefined;
  /** Id of another element that describes the field, e.g. a form-level error. */
  describedById?: string | undefined;
}

export function TextField(props: TextFieldProps) {
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const { label, hint, error, required, optional, value, onChange } = props;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        className={`input input-${props.width ?? 'full'}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
        required={required}
        disabled={props.disabled}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        spellCheck={props.spellCheck}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error, props.describedById)}
        data-testid={props.testId}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps extends CommonFieldProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** Shown first with an empty value, e.g. "Välj distrikt". */
  placeholder?: string | undefined;
}

export function SelectField(props: SelectFieldProps) {
  const generatedId = useId();
  const id = props.id ?? generatedId;
  const { label, hint, error, required, optional, value, onChange, options, placeholder } = props;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={id}
        className="input input-medium"
        name={props.name}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
        required={required}
        disabled={props.disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-testid={props.testId}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

interface CheckboxGroupProps extends CommonFieldProps {
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  options: readonly Option[];
  /** Shown instead of the boxes when there is nothing to choose from. */
  emptyText?: string | undefined;
}

/** A fieldset of checkboxes; the value is the list of checked option values in option order. */
export function CheckboxGroup(props: CheckboxGroupProps) {
  const id = useId();
  const { label, hint, error, optional, selected, onChange, options } = props;
  const toggle = (value: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(value);
    else next.delete(value);
    onChange(options.map((option) => option.value).filter((v) => next.has(v)));
  };
  return (
    <fieldset
      className={error ? 'field fieldset field-invalid' : 'field fieldset'}
      aria-describedby={describedBy(id, hint, error)}
      data-testid={props.testId}
    >
      <legend>
        {label}
        {optional ? <OptionalMark /> : null}
      </legend>
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
      {options.length === 0 && props.emptyText ? <p>{props.emptyText}</p> : null}
      <div className="checkboxes">
        {options.map((option, index) => (
          <div className="checkbox" key={option.value}>
            <input
              id={`${id}-${index}`}
              type="checkbox"
              name={props.name}
              value={option.value}
              checked={selected.includes(option.value)}
              disabled={props.disabled}
              onChange={(event) => {
                toggle(option.value, event.target.checked);
              }}
            />
            <label htmlFor={`${id}-${index}`}>{option.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function OptionalMark() {
  const { t } = useTranslation();
  return <span className="optional"> {t('common.optional')}</span>;
}

/** Moves focus to the first invalid field once React has rendered the error messages. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  window.requestAnimationFrame(() => {
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"], .field-invalid input');
    invalid?.focus();
  });
}

export function hasErrors(errors: Partial<Record<string, string>>): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}

/**
 * Maps a 400 `validation_failed` answer (`details: {path, message, keyword}[]`) to the form's fields;
 * returns null when the error is of another kind or names none of the fields.
 */
export function serverFieldErrors<F extends string>(
  t: TFunction,
  error: unknown,
  fields: readonly F[],
): FieldErrors<F> | null {
  if (
    !(error instanceof ApiError) ||
    error.code !== 'validation_failed' ||
    !Array.isArray(error.details)
  ) {
    return null;
  }
  const result: FieldErrors<F> = {};
  for (const detail of error.details as unknown[]) {
    if (!isRecord(detail) || typeof detail.path !== 'string') continue;
    const head = detail.path.split('.')[0];
    const field = fields.find((candidate) => candidate === head);
    if (field === undefined || result[field] !== undefined) continue;
    const keyword = typeof detail.keyword === 'string' ? detail.keyword : '';
    const message = typeof detail.message === 'string' ? detail.message : '';
    result[field] = hasKey(sv.validation.server, keyword)
      ? t(`validation.server.${keyword}`)
      : message
        ? t('validation.serverDetail', { message })
        : t('validation.serverField');
  }
  return hasErrors(result) ? result : null;
}

/** A polite live region that is always present, so that changes to its text are announced. */
export function LiveStatus({ message, testId }: { message: string | null; testId?: string }) {
  return (
    <div
      role="status"
      className={message ? 'message message-success' : 'visually-empty'}
      data-testid={testId}
    >
      {message}
    </div>
  );
}

/** The form's submit button; stays focusable while the request runs (aria-disabled, not disabled). */
export function SubmitButton({
  pending,
  label,
  pendingLabel,
  testId,
  variant = 'primary',
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  testId?: string | undefined;
  variant?: 'primary' | 'secondary';
}) {
  return (
    <button
      type="submit"
      className={variant === 'primary' ? 'button' : 'button button-secondary'}
      aria-disabled={pending ? true : undefined}
      data-testid={testId}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
