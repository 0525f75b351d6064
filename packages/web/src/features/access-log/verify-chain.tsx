// "Kontrollera loggkedjan": asks the server to verify the access log's hash chain and shows the outcome.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../../api/endpoints.ts';
import type { ChainReport } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';

export function VerifyChain() {
  const { t } = useTranslation();
  const [reports, setReports] = useState<ChainReport[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const verify = async () => {
    if (pending) return;
    setPending(true);
    setError(null);
    setReports(null);
    try {
      setReports(await api.verifyAccessLog());
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  const broken = reports?.some((report) => !report.ok) ?? false;

  return (
    <section className="panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading">{t('verify.title')}</h2>
      <p>{t('verify.intro')}</p>
      <button
        type="button"
        className="button"
        aria-disabled={pending ? true : undefined}
        data-testid="verify-chain"
        onClick={() => {
          void verify();
        }}
      >
        {pending ? t('verify.running') : t('verify.button')}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
      {reports !== null ? (
        <div
          className={broken ? 'message message-error' : 'message message-success'}
          role={broken ? 'alert' : 'status'}
          data-testid="verify-result"
          data-ok={String(!broken)}
        >
          {reports.map((report) =>
            report.ok ? (
              <p key={report.municipalityId}>{t('verify.ok', { count: report.entries })}</p>
            ) : (
              <div key={report.municipalityId}>
                <p className="message-title">
                  {t('verify.broken', { seq: report.firstBreak?.seq ?? '?' })}
                </p>
                {report.firstBreak ? (
                  <p>
                    {t('verify.problem', {
                      problem: report.firstBreak.problem,
                      message: report.firstBreak.message,
                    })}
                  </p>
                ) : null}
              </div>
            ),
          )}
        </div>
      ) : null}
    </section>
  );
}
