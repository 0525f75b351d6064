// Warns before the idle timeout ends the session, offers to stay logged in, and ends it locally on time.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { getLastActivity, subscribeActivity } from '../../api/client.ts';
import { formatTime } from '../../i18n/index.ts';
import { useSession } from './session-context.tsx';

const WARN_BEFORE_MS = 5 * 60_000;
// The server refreshes its idle clock at most every 30 s, so its deadline can come slightly earlier.
const SERVER_SLACK_MS = 30_000;
const TICK_MS = 10_000;

export function SessionExpiryNotice() {
  const { t } = useTranslation();
  const { state, refresh, expire } = useSession();
  const lastActivity = useSyncExternalStore(subscribeActivity, getLastActivity);
  const [now, setNow] = useState(() => Date.now());
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, TICK_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, []);

  let deadline = Number.POSITIVE_INFINITY;
  if (state.status === 'authenticated') {
    const { idleTimeoutMinutes, expiresAt } = state.session;
    const absolute = Date.parse(expiresAt);
    deadline = Math.min(
      lastActivity + idleTimeoutMinutes * 60_000 - SERVER_SLACK_MS,
      Number.isNaN(absolute) ? Number.POSITIVE_INFINITY : absolute,
    );
  }
  const remaining = deadline - now;

  useEffect(() => {
    if (remaining <= 0) expire();
  }, [remaining, expire]);

  if (state.status !== 'authenticated' || remaining > WARN_BEFORE_MS || remaining <= 0) return null;

  return (
    <div
      className="message message-warning session-notice"
      role="alert"
      data-testid="session-expiry-notice"
    >
      <p className="message-title">{t('session.warningTitle')}</p>
      <p>{t('session.warningText', { time: formatTime(deadline) })}</p>
      <button
        type="button"
        className="button"
        aria-disabled={pending ? true : undefined}
        onClick={() => {
          if (pending) return;
          setPending(true);
          void refresh().finally(() => {
            setPending(false);
          });
        }}
      >
        {t('session.stay')}
      </button>
    </div>
  );
}
