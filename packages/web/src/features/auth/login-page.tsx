// Login page: username and password, the municipal SSO link when enabled, and why the user was logged out.
import { useEffect, useId, useRef, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import * as api from '../../api/endpoints.ts';
import { ErrorMessage, isRecord } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  hasErrors,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { hasKey, sv } from '../../i18n/index.ts';
import { useSession } from './session-context.tsx';

type LoginField = 'username' | 'password';

/** Only same-site paths are followed after login (never a full URL from history state). */
function returnPath(state: unknown): string {
  if (
    isRecord(state) &&
    typeof state.from === 'string' &&
    state.from.startsWith('/') &&
    !state.from.startsWith('//')
  ) {
    return state.from === '/login' ? '/' : state.from;
  }
  return '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useSession();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<LoginField>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [oidcEnabled, setOidcEnabled] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const errorId = useId();
  usePageTitle(t('login.title'));

  useEffect(() => {
    const controller = new AbortController();
    api
      .fetchOidcConfig(controller.signal)
      .then((config) => {
        setOidcEnabled(config.enabled);
      })
      .catch(() => {
        // Without the configuration only password login is offered.
      });
    return () => {
      controller.abort();
    };
  }, []);

  if (state.status === 'authenticated') return <Navigate to={returnPath(location.state)} replace />;

  const callbackCode = searchParams.get('fel');
  const callbackError =
    callbackCode === null
      ? null
      : hasKey(sv.login.callbackErrors, callbackCode)
        ? t(`login.callbackErrors.${callbackCode}`)
        : t('login.callbackErrors.unknown');

  const submit = async () => {
    if (pending) return;
    const errors: FieldErrors<LoginField> = {};
    if (!username.trim())
      errors.username = t('validation.required', { field: t('login.username').toLowerCase() });
    if (!password)
      errors.password = t('validation.required', { field: t('login.password').toLowerCase() });
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    try {
      await login(username.trim(), password);
    } catch (caught) {
      setError(caught);
      setPassword('');
      setPending(false);
    }
  };

  const ended = state.status === 'anonymous' ? state.reason : 'none';

  return (
    <div className="narrow">
      <PageHeading>{t('login.title')}</PageHeading>
      <p className="lead">{t('login.intro')}</p>

      {ended === 'expired' ? (
        <div className="message message-warning" role="status" data-testid="session-expired">
          <p>
            {t('session.expired', {
              count: state.status === 'anonymous' ? (state.idleTimeoutMinutes ?? 30) : 30,
            })}
          </p>
        </div>
      ) : null}
      {ended === 'logged_out' ? (
        <div className="message message-info" role="status" data-testid="logged-out">
          <p>{t('session.loggedOut')}</p>
        </div>
      ) : null}
      {callbackError ? (
        <div className="message message-error" role="alert" data-testid="login-callback-error">
          <p>{callbackError}</p>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="login-password-heading">
        <h2 id="login-password-heading">{t('login.passwordHeading')}</h2>
        <form
          ref={formRef}
          noValidate
          data-testid="login-form"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          {error ? <ErrorMessage error={error} id={errorId} testId="login-error" /> : null}
          <TextField
            label={t('login.username')}
            name="username"
            value={username}
            onChange={setUsername}
            error={fieldErrors.username}
            required
            autoComplete="username"
            spellCheck={false}
            width="medium"
            describedById={error ? errorId : undefined}
            testId="login-username"
          />
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            value={password}
            onChange={setPassword}
            error={fieldErrors.password}
            required
            autoComplete="current-password"
            width="medium"
            describedById={error ? errorId : undefined}
            testId="login-password"
          />
          <div className="actions">
            <SubmitButton
              pending={pending}
              label={t('login.submit')}
              pendingLabel={t('login.submitting')}
              testId="login-submit"
            />
          </div>
        </form>
      </section>

      {oidcEnabled ? (
        <section className="panel" aria-labelledby="login-sso-heading">
          <h2 id="login-sso-heading">{t('login.ssoHeading')}</h2>
          <p>
            <a
              className="button button-secondary"
              href={api.OIDC_START_URL}
              data-testid="login-sso"
            >
              {t('login.sso')}
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}
