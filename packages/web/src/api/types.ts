// Shapes of the API's JSON answers and request bodies (contract of /api/v1).
import type { ProtectionLevel, Relation, StaffRole } from '@skyddsnat/domain';

export type { ProtectionLevel, Relation, StaffRole };

export interface NamedRef {
  id: string;
  name: string;
}

export interface SessionInfo {
  userId: string;
  username: string;
  displayName: string;
  roles: StaffRole[];
  municipality: NamedRef;
  units: NamedRef[];
  groups: (NamedRef & { unitId: string })[];
  csrfToken: string;
  expiresAt: string;
  idleTimeoutMinutes: number;
  authMethod: 'password' | 'oidc';
}

export interface SystemInfo {
  demoMode: boolean;
}

export interface OidcConfig {
  enabled: boolean;
}

export interface OrgDistrict {
  id: string;
  name: string;
  version: number;
}

export interface OrgGroup {
  id: string;
  name: string;
  version: number;
}

export interface OrgUnit {
  id: string;
  name: string;
  runByDistrictId: string;
  servedDistrictIds: string[];
  version: number;
  groups: OrgGroup[];
}

export interface Organisation {
  municipality: { id: string; code: string; name: string };
  districts: OrgDistrict[];
  units: OrgUnit[];
}

export interface SearchHit {
  id: string;
  personnummer: string;
  visibility: 'full' | 'restricted';
  name: string | null;
  districtName: string | null;
  protection: ProtectionLevel;
}

export interface PersonSearchResult {
  hits: SearchHit[];
  limit: number;
}

export interface Address {
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
}

export interface OpenCase {
  id: string;
  districtName: string;
  unitName: string;
  openedAt: string;
}

export interface PersonPage {
  id: string;
  personnummer: string;
  identityKind: 'personnummer' | 'samordningsnummer';
  firstName: string;
  lastName: string;
  districtId: string;
  districtName: string;
  protection: ProtectionLevel;
  address: Address | null;
  addressHidden: boolean;
  relation: Relation;
  openCases: OpenCase[];
  version: number;
}

export interface AccessHistoryEntry {
  id: string;
  occurredAt: string;
  actorUsername: string;
  actorDisplayName: string;
  actorRoles: StaffRole[];
  resource: string;
  fields: string[];
  purpose: string;
  caseId: string | null;
}

export interface NewPerson {
  personnummer: string;
  firstName: string;
  lastName: string;
  streetAddress?: string;
  postalCode?: string;
  city?: string;
  districtId: string;
  protection: ProtectionLevel;
}

export interface AccessLogEntry {
  id: string;
  seq: string;
  occurredAt: string;
  actorUsername: string;
  actorRoles: StaffRole[];
  persons: { id: string; personnummer: string }[];
  resource: string;
  fields: string[];
  purpose: string;
  caseId: string | null;
  clientIp: string;
}

export interface AccessLogFilter {
  username?: string;
  personnummer?: string;
  from?: string;
  to?: string;
}

export interface AccessLogPage {
  entries: AccessLogEntry[];
  total: number;
}

export interface ChainReport {
  municipalityId: string;
  entries: number;
  ok: boolean;
  firstBreak: { seq: string; entryId: string | null; problem: string; message: string } | null;
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: StaffRole[];
  unitIds: string[];
  groupIds: string[];
  disabled: boolean;
  version: number;
}

export interface NewUser {
  username: string;
  displayName: string;
  email?: string;
  password?: string;
  roles: StaffRole[];
  unitIds: string[];
  groupIds: string[];
}

export interface UserChange {
  displayName?: string;
  email?: string | null;
  roles?: StaffRole[];
  unitIds?: string[];
  groupIds?: string[];
  disabled?: boolean;
  password?: string;
  version: number;
}

export interface UnitInput {
  name: string;
  runByDistrictId: string;
  servedDistrictIds: string[];
}

export interface ChangeLogEntry {
  id: string;
  occurredAt: string;
  actorUsername: string;
  entity: string;
  entityId: string;
  change: string;
  before: unknown;
  after: unknown;
}
