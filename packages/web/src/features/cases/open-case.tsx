// "Öppna ärende" on the person page: opens a case in the user's first unit and goes to it.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CONTACT_CHANNELS, type ContactChannel } from '@skyddsnat/domain';
import { openCase } from '../../api/case-endpoints.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { SelectField, SubmitButton } from '../../components/forms.tsx';
import { useSignedIn } from '../auth/session-context.tsx';

export function OpenCaseForm({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useSignedIn();
  const unit = session.units[0];
  const [channel, setChannel] = useState<ContactChannel>('visit');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!unit) return <p>{t('openCase.noUnit')}</p>;

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    openCase({ personId, unitId: unit.id, channel })
      .then(({ id }) => {
        void navigate(`/arenden/${id}`);
      })
      .catch((cause: unknown) => {
        setError(cause);
        setPending(false);
      });
  };

  return (
    <form onSubmit={submit} noValidate data-testid="open-case-form" className="subpanel">
      <h3>{t('openCase.title')}</h3>
      <p>{t('openCase.intro', { unit: unit.name })}</p>
      {error ? <ErrorMessage error={error} /> : null}
      <SelectField
        label={t('openCase.channel')}
        value={channel}
        onChange={(value) => {
          setChannel(value as ContactChannel);
        }}
        options={CONTACT_CHANNELS.map((value) => ({ value, label: t(`channels.${value}`) }))}
        testId="open-case-channel"
      />
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('openCase.submit')}
          pendingLabel={t('openCase.submitting')}
          testId="open-case-submit"
        />
      </div>
    </form>
  );
}
