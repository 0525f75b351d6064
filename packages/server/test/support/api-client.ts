// Calls the API in-process as a logged-in user: `call` returns the response as it is, `ok` the
// parsed body of a 2xx (and fails the test with the status and body otherwise).
import type { FastifyInstance } from 'fastify';
import type { Session } from './harness.ts';

export type Json = Record<string, unknown>;
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** `app` is read on every call, so the client can be made before the test context exists. */
export function apiClient(app: () => FastifyInstance) {
  const call = (session: Session, method: Method, url: string, payload?: unknown) =>
    app().inject({
      method,
      url: `/api/v1${url}`,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
  const ok = async <T = Json>(
    session: Session,
    method: Method,
    url: string,
    payload?: unknown,
  ): Promise<T> => {
    const res = await call(session, method, url, payload);
    if (res.statusCode >= 300) {
      throw new Error(`${method} ${url}: ${String(res.statusCode)} ${res.body}`);
    }
    return (res.body ? res.json() : null) as T;
  };
  return { call, ok };
}
