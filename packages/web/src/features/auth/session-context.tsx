// The signed-in session: loads it, logs in and out, and ends it when the server answers 401.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { onUnauthenticated, setCsrfToken } from '../../api/client.ts';
import * as api from '../../api/endpoints.ts';
import type { SessionInfo } from '../../api/types.ts';
import { permissionsFor, type Permissions } from './permissions.ts';

/** Why there is no session: never logged in, logged out, or ended by the server or idle timer. */
export type EndReason = 'none' | 'logged_out' | 'expired';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: EndReason; idleTimeoutMinutes: number | null }
  | { status: 'authenticated'; session: SessionInfo; permissions: Permissions };

export interface SessionContextValue {
  state: SessionState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Asks the server for the session again (also resets its idle timer). */
  refresh: () => Promise<void>;
  /** Ends the session locally because the idle time has passed. */
  expire: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const authenticate = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'authenticated', session, permissions: permissionsFor(session.roles) });
  }, []);

  const end = useCallback((reason: EndReason) => {
    setCsrfToken(null);
    setState((previous) => ({
      status: 'anonymous',
      reason,
      idleTimeoutMinutes:
        previous.status === 'authenticated' ? previous.session.idleTimeoutMinutes : null,
    }));
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    api
      .fetchSession(controller.signal)
      .then(authenticate)
      .catch(() => {
        if (!controller.signal.aborted) end('none');
      });
    return () => {
      controller.abort();
    };
  }, [authenticate, end]);

  // Any 401 from the API means the server has ended the session (idle timeout, revoked, restarted).
  useEffect(
    () =>
      onUnauthenticated(() => {
        end('expired');
      }),
    [end],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      login: async (username, password) => {
        authenticate(await api.login(username, password));
      },
      logout: async () => {
        try {
          await api.logout();
        } finally {
          end('logged_out');
        }
      },
      refresh: async () => {
        try {
          authenticate(await api.fetchSession());
        } catch {
          end('expired');
        }
      },
      expire: () => {
        // The server ends the session on its own; tell it anyway in case the clocks disagree.
        api.logout().catch(() => undefined);
        end('expired');
      },
    }),
    [state, authenticate, end],
  );

  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The session of a page that is only rendered for a signed-in user (inside <RequireAuth>). */
export function useSignedIn(): { session: SessionInfo; permissions: Permissions } {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useSignedIn used outside <RequireAuth>');
  return state;
}
