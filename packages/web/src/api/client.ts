// Fetch wrapper for the Skyddsnät API: JSON bodies, the CSRF header, typed errors and session activity.

export const API_BASE = '/api/v1';

/** An error answer from the API (`{ error: { code, message, details } }`) or a failed request. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type QueryValue = string | number | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** A 401 is an expected answer here (login, session probe): do not treat it as an expired session. */
  expectUnauthenticated?: boolean;
}

type Listener = () => void;

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<Listener>();
const activityListeners = new Set<Listener>();
let lastActivity = Date.now();

/** The CSRF token of the current session, sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when an API request answers 401: the session has ended on the server. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => {
    unauthenticatedListeners.delete(listener);
  };
}

/** Time (ms since epoch) of the last request the server answered, which resets its idle timer. */
export function getLastActivity(): number {
  return lastActivity;
}

export function subscribeActivity(listener: Listener): () => void {
  activityListeners.add(listener);
  return () => {
    activityListeners.delete(listener);
  };
}

function markActivity(): void {
  lastActivity = Date.now();
  for (const listener of activityListeners) listener();
}

/** `?a=1&b=2` for the values that are set and non-empty, or an empty string. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const text = typeof value === 'number' ? String(value) : value.trim();
    if (text !== '') params.set(key, text);
  }
  const encoded = params.toString();
  return encoded ? `?${encoded}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${toQueryString(query)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return undefined;
  }
}

function toApiError(response: { status: number; statusText: string }, payload: unknown): ApiError {
  if (isRecord(payload) && isRecord(payload.error) && typeof payload.error.code === 'string') {
    const { code, message, details } = payload.error;
    return new ApiError(
      response.status,
      code,
      typeof message === 'string' ? message : code,
      details,
    );
  }
  return new ApiError(
    response.status,
    'http_error',
    `HTTP ${response.status} ${response.statusText}`,
  );
}

/** Sends one request and returns the parsed JSON answer (undefined for 204); throws ApiError. */
export async function request(path: string, options: RequestOptions = {}): Promise<unknown> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'The server could not be reached');
  }

  if (response.status !== 401) markActivity();
  if (response.status === 204) return undefined;
  const payload = await readJson(response);
  if (response.ok) return payload;

  const error = toApiError(response, payload);
  if (response.status === 401 && !options.expectUnauthenticated) {
    for (const listener of unauthenticatedListeners) listener();
  }
  throw error;
}

/** True when the error comes from an aborted request (a component went away); ignore it. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export interface UploadOptions {
  query?: Query;
  /** Sent as the body's content type; the server recognises the file by its bytes. */
  contentType: string;
  /** Called with the share sent, 0–1, while the file goes up. */
  onProgress?: (share: number) => void;
  signal?: AbortSignal;
}

/**
 * Sends a file as the raw request body (not a form) and returns the parsed JSON answer; throws
 * ApiError. XMLHttpRequest rather than fetch, because only it reports upload progress.
 */
export function uploadFile(path: string, file: Blob, options: UploadOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, options.query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', options.contentType);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0)
        options.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => {
      reject(new ApiError(0, 'network_error', 'The server could not be reached'));
    };
    xhr.onabort = () => {
      reject(new DOMException('The upload was aborted', 'AbortError'));
    };
    xhr.onload = () => {
      if (xhr.status !== 401) markActivity();
      let payload: unknown;
      try {
        payload = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload);
        return;
      }
      const error = toApiError({ status: xhr.status, statusText: xhr.statusText }, payload);
      if (xhr.status === 401) {
        for (const listener of unauthenticatedListeners) listener();
      }
      reject(error);
    };
    options.signal?.addEventListener('abort', () => {
      xhr.abort();
    });
    xhr.send(file);
  });
}
