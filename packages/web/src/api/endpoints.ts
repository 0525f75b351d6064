// One typed function per API endpoint the web application uses.
import { apiUrl, request } from './client.ts';
import type {
  AccessHistoryEntry,
  AccessLogFilter,
  AccessLogPage,
  AdminUser,
  ChainReport,
  ChangeLogEntry,
  NewPerson,
  NewUser,
  OidcConfig,
  SystemInfo,
  Organisation,
  PersonPage,
  PersonSearchResult,
  SessionInfo,
  UnitInput,
  UserChange,
} from './types.ts';

type Signal = AbortSignal | undefined;
const created = (value: unknown): { id: string } => value as { id: string };

// Authentication
export async function login(username: string, password: string): Promise<SessionInfo> {
  const body = { username, password };
  return (await request('/auth/login', {
    method: 'POST',
    body,
    expectUnauthenticated: true,
  })) as SessionInfo;
}

export async function fetchSession(signal?: Signal): Promise<SessionInfo> {
  return (await request('/auth/session', { signal, expectUnauthenticated: true })) as SessionInfo;
}

export async function logout(): Promise<void> {
  await request('/auth/logout', { method: 'POST', expectUnauthenticated: true });
}

export async function fetchSystemInfo(signal?: Signal): Promise<SystemInfo> {
  return (await request('/system', { signal, expectUnauthenticated: true })) as SystemInfo;
}

export async function fetchOidcConfig(signal?: Signal): Promise<OidcConfig> {
  return (await request('/auth/oidc/config', {
    signal,
    expectUnauthenticated: true,
  })) as OidcConfig;
}

export const OIDC_START_URL = apiUrl('/auth/oidc/start');

// Organisation
export async function fetchOrganisation(signal?: Signal): Promise<Organisation> {
  return (await request('/org', { signal })) as Organisation;
}

// Persons
export async function searchPersons(
  q: string,
  purpose: string | undefined,
  signal?: Signal,
): Promise<PersonSearchResult> {
  return (await request('/persons', { query: { q, purpose }, signal })) as PersonSearchResult;
}

export async function fetchPerson(
  personId: string,
  purpose: string | undefined,
  signal?: Signal,
): Promise<PersonPage> {
  const path = `/persons/${encodeURIComponent(personId)}`;
  return (await request(path, { query: { purpose }, signal })) as PersonPage;
}

export async function fetchAccessHistory(
  personId: string,
  purpose: string | undefined,
  signal?: Signal,
): Promise<AccessHistoryEntry[]> {
  const path = `/persons/${encodeURIComponent(personId)}/access-history`;
  const result = (await request(path, { query: { purpose }, signal })) as {
    entries: AccessHistoryEntry[];
  };
  return result.entries;
}

export async function registerPerson(person: NewPerson): Promise<{ id: string }> {
  return created(await request('/persons', { method: 'POST', body: person }));
}

// Access log
export interface AccessLogQuery extends AccessLogFilter {
  limit: number;
  offset: number;
}

export async function searchAccessLog(
  query: AccessLogQuery,
  signal?: Signal,
): Promise<AccessLogPage> {
  return (await request('/access-log', { query: { ...query }, signal })) as AccessLogPage;
}

export function accessLogExportUrl(filter: AccessLogFilter): string {
  return apiUrl('/access-log/export.csv', { ...filter });
}

export async function verifyAccessLog(): Promise<ChainReport[]> {
  const result = (await request('/access-log/verify')) as { reports: ChainReport[] };
  return result.reports;
}

// Administration
export async function createDistrict(name: string): Promise<{ id: string }> {
  return created(await request('/admin/districts', { method: 'POST', body: { name } }));
}

export async function updateDistrict(id: string, name: string, version: number): Promise<void> {
  const path = `/admin/districts/${encodeURIComponent(id)}`;
  await request(path, { method: 'PATCH', body: { name, version } });
}

export async function createUnit(unit: UnitInput): Promise<{ id: string }> {
  return created(await request('/admin/units', { method: 'POST', body: unit }));
}

export async function updateUnit(id: string, unit: UnitInput, version: number): Promise<void> {
  const path = `/admin/units/${encodeURIComponent(id)}`;
  await request(path, { method: 'PATCH', body: { ...unit, version } });
}

export async function createGroup(unitId: string, name: string): Promise<{ id: string }> {
  const path = `/admin/units/${encodeURIComponent(unitId)}/groups`;
  return created(await request(path, { method: 'POST', body: { name } }));
}

export async function updateGroup(id: string, name: string, version: number): Promise<void> {
  const path = `/admin/groups/${encodeURIComponent(id)}`;
  await request(path, { method: 'PATCH', body: { name, version } });
}

export async function fetchUsers(signal?: Signal): Promise<AdminUser[]> {
  const result = (await request('/admin/users', { signal })) as { users: AdminUser[] };
  return result.users;
}

export async function createUser(user: NewUser): Promise<{ id: string }> {
  return created(await request('/admin/users', { method: 'POST', body: user }));
}

export async function updateUser(id: string, change: UserChange): Promise<AdminUser> {
  const path = `/admin/users/${encodeURIComponent(id)}`;
  return (await request(path, { method: 'PATCH', body: change })) as AdminUser;
}

export async function fetchChangeLog(
  filter: { entity?: string; limit: number },
  signal?: Signal,
): Promise<ChangeLogEntry[]> {
  const result = (await request('/admin/change-log', { query: { ...filter }, signal })) as {
    entries: ChangeLogEntry[];
  };
  return result.entries;
}
