// The stated purpose (syfte) that oversight roles must give before searching or reading a person.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isRecord } from '../../components/error-message.tsx';
import { focusFirstInvalid, SubmitButton, TextField } from '../../components/forms.tsx';

export const PURPOSE_MAX_LENGTH = 500;

/** History state carried from the search page to the person page. */
export interface PersonLinkState {
  purpose?: string;
  fromSearch?: boolean;
}

export function linkStateOf(state: unknown): PersonLinkState {
  if (!isRecord(state)) return {};
  return {
    ...(typeof state.purpose === 'string' && state.purpose.trim()
      ? { purpose: state.purpose }
      : {}),
    ...(state.fromSearch === true ? { fromSearch: true } : {}),
  };
}

/** The "Syfte" field; always required where it is shown. */
export function PurposeField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      label={t('purpose.label')}
      hint={t('purpose.hint')}
      name="purpose"
      value={value}
      onChange={onChange}
      error={error}
      required
      maxLength={PURPOSE_MAX_LENGTH}
      testId="purpose-input"
    />
  );
}

/** A small form asking for the purpose before a person is fetched. */
export function PurposeForm({
  initial,
  onSubmit,
}: {
  initial: string;
  onSubmit: (purpose: string) => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | undefined>(undefined);
  const formRef = useRef<HTMLFormElement>(null);
  return (
    <section className="panel" aria-labelledby="purpose-form-heading">
      <h2 id="purpose-form-heading">{t('purpose.formTitle')}</h2>
      <p>{t('purpose.formIntro')}</p>
      <form
        ref={formRef}
        noValidate
        data-testid="purpose-form"
        onSubmit={(event) => {
          event.preventDefault();
          const purpose = value.trim();
          if (!purpose) {
            setError(t('purpose.required'));
            focusFirstInvalid(formRef.current);
            return;
          }
          setError(undefined);
          onSubmit(purpose);
        }}
      >
        <PurposeField value={value} onChange={setValue} error={error} />
        <div className="actions">
          <SubmitButton
            pending={false}
            label={t('purpose.submit')}
            pendingLabel={t('purpose.submit')}
            testId="purpose-submit"
          />
        </div>
      </form>
    </section>
  );
}
