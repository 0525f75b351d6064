// Kysely table types for the SQL schema in migrations/ (kept by hand, checked by the tests).
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type ReadonlyTimestamp = ColumnType<Date, never, never>;

export interface MunicipalityTable {
  id: Generated<string>;
  code: string;
  name: string;
  created_at: Generated<Date>;
}

export interface DistrictTable {
  id: Generated<string>;
  municipality_id: string;
  name: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}

export interface UnitTable {
  id: Generated<string>;
  municipality_id: string;
  name: string;
  run_by_district_id: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}

export interface UnitDistrictTable {
  municipality_id: string;
  unit_id: string;
  district_id: string;
}

export interface StaffGroupTable {
  id: Generated<string>;
  municipality_id: string;
  unit_id: string;
  name: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}

export interface StaffUserTable {
  id: Generated<string>;
  municipality_id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string | null;
  oidc_subject: string | null;
  disabled_at: Date | null;
  created_at: Generated<Date>;
  version: Generated<number>;
}

export interface StaffRoleTable {
  municipality_id: string;
  user_id: string;
  role: string;
}

export interface UnitMembershipTable {
  municipality_id: string;
  user_id: string;
  unit_id: string;
}

export interface GroupMembershipTable {
  municipality_id: string;
  user_id: string;
  group_id: string;
}

export interface StaffSessionTable {
  id: Generated<string>;
  municipality_id: string;
  user_id: string;
  token_hash: Buffer;
  csrf_token: string;
  auth_method: 'password' | 'oidc';
  acr: string | null;
  client_ip: string;
  user_agent: string | null;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Date | null;
}

export interface LoginAttemptTable {
  id: Generated<string>;
  username: string;
  client_ip: string;
  succeeded: boolean;
  attempted_at: Timestamp;
}

export interface PersonTable {
  id: Generated<string>;
  municipality_id: string;
  personnummer: string;
  identity_kind: 'personnummer' | 'samordningsnummer';
  first_name: string;
  last_name: string;
  street_address: string | null;
  postal_code: string | null;
  city: string | null;
  district_id: string;
  protection: 'none' | 'sekretessmarkering' | 'skyddad_folkbokforing';
  created_at: Generated<Date>;
  version: Generated<number>;
}

export interface ProtectedDataGrantTable {
  id: Generated<string>;
  municipality_id: string;
  person_id: string;
  user_id: string;
  granted_by: string;
  reason: string;
  valid_until: Timestamp;
  revoked_at: Date | null;
  created_at: Generated<Date>;
}

export interface AssistanceCaseTable {
  id: Generated<string>;
  municipality_id: string;
  person_id: string;
  district_id: string;
  unit_id: string;
  group_id: string | null;
  status: Generated<'open' | 'closed'>;
  opened_at: Timestamp;
  version: Generated<number>;
  closure_reason: string | null;
  last_action_at: Date | null;
}

export interface CaseActionTable {
  municipality_id: string;
  case_id: string;
  seq: number;
  action_type: string;
  action: unknown;
  acted_at: Timestamp;
  acted_by: string;
  recorded_at: Generated<Date>;
}

export interface HouseholdMemberTable {
  id: Generated<string>;
  municipality_id: string;
  case_id: string;
  person_id: string;
  member_role: 'applicant' | 'partner' | 'child' | 'other';
  valid_from: string;
  valid_to: string | null;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

export interface CaseAssignmentTable {
  municipality_id: string;
  case_id: string;
  user_id: string;
  assignment_role: 'social_worker' | 'benefit_officer';
  assigned_at: Timestamp;
  ended_at: Date | null;
}

export interface AccessLogTable {
  municipality_id: string;
  /** int8: node-postgres returns it as a string. Set by the chain trigger. */
  seq: ColumnType<string, never, never>;
  id: Generated<string>;
  occurred_at: ReadonlyTimestamp;
  actor_user_id: string;
  actor_username: string;
  actor_roles: string[];
  actor_unit_ids: string[];
  person_ids: string[];
  resource: string;
  fields: string[];
  case_id: string | null;
  purpose: string;
  session_id: string | null;
  client_ip: string;
  prev_hash: ColumnType<Buffer, never, never>;
  hash: ColumnType<Buffer, never, never>;
}

export interface AccessLogHeadTable {
  municipality_id: string;
  last_seq: string;
  last_hash: Buffer;
}

export interface ChangeLogTable {
  id: Generated<string>;
  municipality_id: string;
  occurred_at: Generated<Date>;
  actor_user_id: string | null;
  actor_username: string;
  entity: string;
  entity_id: string;
  change:
    | 'created'
    | 'updated'
    | 'disabled'
    | 'enabled'
    | 'deleted'
    | 'granted'
    | 'revoked'
    | 'password_set';
  before: unknown;
  after: unknown;
  client_ip: string | null;
}

export interface RuleParameterVersionTable {
  id: Generated<string>;
  parameter_id: string;
  /** date: read as text (to_char) so no time zone shifts it. */
  effective_from: string;
  value: unknown;
  source: string;
  status: 'verified' | 'derived';
  note: string | null;
  recorded_at: Generated<Date>;
  recorded_by: string;
}

export interface Database {
  'app.rule_parameter_version': RuleParameterVersionTable;
  'app.municipality': MunicipalityTable;
  'app.district': DistrictTable;
  'app.unit': UnitTable;
  'app.unit_district': UnitDistrictTable;
  'app.staff_group': StaffGroupTable;
  'app.staff_user': StaffUserTable;
  'app.staff_role': StaffRoleTable;
  'app.unit_membership': UnitMembershipTable;
  'app.group_membership': GroupMembershipTable;
  'app.staff_session': StaffSessionTable;
  'app.login_attempt': LoginAttemptTable;
  'app.person': PersonTable;
  'app.protected_data_grant': ProtectedDataGrantTable;
  'app.assistance_case': AssistanceCaseTable;
  'app.case_assignment': CaseAssignmentTable;
  'app.case_action': CaseActionTable;
  'app.household_member': HouseholdMemberTable;
  'audit.access_log': AccessLogTable;
  'audit.access_log_head': AccessLogHeadTable;
  'audit.change_log': ChangeLogTable;
}

export type PersonRow = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type StaffUserRow = Selectable<StaffUserTable>;
