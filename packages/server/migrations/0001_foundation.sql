-- Foundation: organisation, staff, sessions, person register, minimal case relation,
-- access log (hash-chained) and change log. Runs as the owner role; the application
-- connects as skyddsnat_app, which owns nothing and cannot rewrite the audit schema.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'skyddsnat_app') THEN
    CREATE ROLE skyddsnat_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;

CREATE SCHEMA app;
CREATE SCHEMA audit;
COMMENT ON SCHEMA app IS 'Operational data of Skyddsnät.';
COMMENT ON SCHEMA audit IS 'Append-only audit trail: access log and change log.';

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA app, audit TO skyddsnat_app;

-- Organisation ----------------------------------------------------------------

CREATE TABLE app.municipality (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT municipality_pk PRIMARY KEY (id),
  CONSTRAINT municipality_code_uq UNIQUE (code),
  CONSTRAINT municipality_code_format_ck CHECK (code ~ '^[0-9]{4}$'),
  CONSTRAINT municipality_name_ck CHECK (length(btrim(name)) BETWEEN 1 AND 200)
);
COMMENT ON TABLE app.municipality IS 'Kommun: the tenant. Every other row carries municipality_id (the sharding key).';

CREATE TABLE app.district (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT district_pk PRIMARY KEY (id),
  CONSTRAINT district_municipality_fk FOREIGN KEY (municipality_id) REFERENCES app.municipality (id),
  CONSTRAINT district_name_uq UNIQUE (municipality_id, name),
  CONSTRAINT district_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT district_name_ck CHECK (length(btrim(name)) BETWEEN 1 AND 200)
);
COMMENT ON TABLE app.district IS 'Stadsdelsnämnd (district committee): carries the cost and statistics of its cases.';

CREATE TABLE app.unit (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  name text NOT NULL,
  run_by_district_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT unit_pk PRIMARY KEY (id),
  CONSTRAINT unit_run_by_district_fk FOREIGN KEY (run_by_district_id, municipality_id)
    REFERENCES app.district (id, municipality_id),
  CONSTRAINT unit_name_uq UNIQUE (municipality_id, name),
  CONSTRAINT unit_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT unit_name_ck CHECK (length(btrim(name)) BETWEEN 1 AND 200)
);
COMMENT ON TABLE app.unit IS 'Enhet: handles cases; run by one district committee, may serve several districts.';

CREATE TABLE app.unit_district (
  municipality_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  district_id uuid NOT NULL,
  CONSTRAINT unit_district_pk PRIMARY KEY (unit_id, district_id),
  CONSTRAINT unit_district_unit_fk FOREIGN KEY (unit_id, municipality_id)
    REFERENCES app.unit (id, municipality_id) ON DELETE CASCADE,
  CONSTRAINT unit_district_district_fk FOREIGN KEY (district_id, municipality_id)
    REFERENCES app.district (id, municipality_id)
);
CREATE INDEX unit_district_district_ix ON app.unit_district (district_id);
COMMENT ON TABLE app.unit_district IS 'Which districts a unit serves (the joint unit of Östermalm serves three).';

CREATE TABLE app.staff_group (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT staff_group_pk PRIMARY KEY (id),
  CONSTRAINT staff_group_unit_fk FOREIGN KEY (unit_id, municipality_id) REFERENCES app.unit (id, municipality_id),
  CONSTRAINT staff_group_name_uq UNIQUE (unit_id, name),
  CONSTRAINT staff_group_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT staff_group_name_ck CHECK (length(btrim(name)) BETWEEN 1 AND 200)
);
COMMENT ON TABLE app.staff_group IS 'Grupp within a unit: Mottagning, Utredning, Arbete och rehabilitering, Bidragshandläggning.';

-- Staff ------------------------------------------------------------------------

CREATE TABLE app.staff_user (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  username text NOT NULL,
  display_name text NOT NULL,
  email text,
  password_hash text,
  oidc_subject text,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT staff_user_pk PRIMARY KEY (id),
  CONSTRAINT staff_user_municipality_fk FOREIGN KEY (municipality_id) REFERENCES app.municipality (id),
  CONSTRAINT staff_user_username_uq UNIQUE (username),
  CONSTRAINT staff_user_oidc_subject_uq UNIQUE (oidc_subject),
  CONSTRAINT staff_user_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT staff_user_username_ck CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  CONSTRAINT staff_user_display_name_ck CHECK (length(btrim(display_name)) BETWEEN 1 AND 200)
);
COMMENT ON TABLE app.staff_user IS 'Staff account (handläggare, arbetsledare, …). Local password (argon2id) and/or OIDC subject.';

CREATE TABLE app.staff_role (
  municipality_id uuid NOT NULL,
  user_id uuid NOT NULL,
  role text NOT NULL,
  CONSTRAINT staff_role_pk PRIMARY KEY (user_id, role),
  CONSTRAINT staff_role_user_fk FOREIGN KEY (user_id, municipality_id)
    REFERENCES app.staff_user (id, municipality_id) ON DELETE CASCADE,
  CONSTRAINT staff_role_role_ck CHECK (role IN (
    'reception_officer', 'social_worker', 'benefit_officer', 'supervisor', 'unit_manager',
    'fut_investigator', 'internal_auditor', 'administrator', 'jobbtorg_coach', 'management'))
);
COMMENT ON TABLE app.staff_role IS 'Roles held by a staff user; re-read on every request so a removed role takes effect at once.';

CREATE TABLE app.unit_membership (
  municipality_id uuid NOT NULL,
  user_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  CONSTRAINT unit_membership_pk PRIMARY KEY (user_id, unit_id),
  CONSTRAINT unit_membership_user_fk FOREIGN KEY (user_id, municipality_id)
    REFERENCES app.staff_user (id, municipality_id) ON DELETE CASCADE,
  CONSTRAINT unit_membership_unit_fk FOREIGN KEY (unit_id, municipality_id)
    REFERENCES app.unit (id, municipality_id) ON DELETE CASCADE
);
CREATE INDEX unit_membership_unit_ix ON app.unit_membership (unit_id);
COMMENT ON TABLE app.unit_membership IS 'A staff user works in these units.';

CREATE TABLE app.group_membership (
  municipality_id uuid NOT NULL,
  user_id uuid NOT NULL,
  group_id uuid NOT NULL,
  CONSTRAINT group_membership_pk PRIMARY KEY (user_id, group_id),
  CONSTRAINT group_membership_user_fk FOREIGN KEY (user_id, municipality_id)
    REFERENCES app.staff_user (id, municipality_id) ON DELETE CASCADE,
  CONSTRAINT group_membership_group_fk FOREIGN KEY (group_id, municipality_id)
    REFERENCES app.staff_group (id, municipality_id) ON DELETE CASCADE
);
CREATE INDEX group_membership_group_ix ON app.group_membership (group_id);
COMMENT ON TABLE app.group_membership IS 'A staff user belongs to these groups.';

CREATE TABLE app.staff_session (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  user_id uuid NOT NULL,
  token_hash bytea NOT NULL,
  csrf_token text NOT NULL,
  auth_method text NOT NULL,
  acr text,
  client_ip text NOT NULL,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CONSTRAINT staff_session_pk PRIMARY KEY (id),
  CONSTRAINT staff_session_token_uq UNIQUE (token_hash),
  CONSTRAINT staff_session_user_fk FOREIGN KEY (user_id, municipality_id)
    REFERENCES app.staff_user (id, municipality_id) ON DELETE CASCADE,
  CONSTRAINT staff_session_method_ck CHECK (auth_method IN ('password', 'oidc'))
);
CREATE INDEX staff_session_user_ix ON app.staff_session (user_id);
COMMENT ON TABLE app.staff_session IS 'Server-side sessions; the cookie holds a random token whose SHA-256 is stored here.';

CREATE TABLE app.login_attempt (
  id bigint GENERATED ALWAYS AS IDENTITY,
  username text NOT NULL,
  client_ip text NOT NULL,
  succeeded boolean NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT login_attempt_pk PRIMARY KEY (id)
);
CREATE INDEX login_attempt_username_ix ON app.login_attempt (username, attempted_at);
CREATE INDEX login_attempt_ip_ix ON app.login_attempt (client_ip, attempted_at);
COMMENT ON TABLE app.login_attempt IS 'Login attempts for throttling; not tied to a municipality because the user may be unknown.';

-- Person register --------------------------------------------------------------

CREATE TABLE app.person (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  personnummer text NOT NULL,
  identity_kind text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  street_address text,
  postal_code text,
  city text,
  district_id uuid NOT NULL,
  protection text NOT NULL DEFAULT 'none',
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT person_pk PRIMARY KEY (id),
  CONSTRAINT person_district_fk FOREIGN KEY (district_id, municipality_id)
    REFERENCES app.district (id, municipality_id),
  CONSTRAINT person_personnummer_uq UNIQUE (municipality_id, personnummer),
  CONSTRAINT person_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT person_personnummer_ck CHECK (personnummer ~ '^[0-9]{12}$'),
  CONSTRAINT person_identity_kind_ck CHECK (identity_kind IN ('personnummer', 'samordningsnummer')),
  CONSTRAINT person_protection_ck CHECK (protection IN ('none', 'sekretessmarkering', 'skyddad_folkbokforing')),
  CONSTRAINT person_postal_code_ck CHECK (postal_code IS NULL OR postal_code ~ '^[0-9]{3} ?[0-9]{2}$')
);
CREATE INDEX person_name_ix ON app.person (municipality_id, lower(last_name), lower(first_name));
CREATE INDEX person_district_ix ON app.person (district_id);
COMMENT ON TABLE app.person IS 'Person register (personakt identity). personnummer stored as 12 digits (folkbokföringslag 18 §).';

CREATE TABLE app.protected_data_grant (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  person_id uuid NOT NULL,
  user_id uuid NOT NULL,
  granted_by uuid NOT NULL,
  reason text NOT NULL,
  valid_until timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT protected_data_grant_pk PRIMARY KEY (id),
  CONSTRAINT protected_data_grant_person_fk FOREIGN KEY (person_id, municipality_id)
    REFERENCES app.person (id, municipality_id),
  CONSTRAINT protected_data_grant_user_fk FOREIGN KEY (user_id, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT protected_data_grant_granted_by_fk FOREIGN KEY (granted_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT protected_data_grant_reason_ck CHECK (length(btrim(reason)) >= 5)
);
CREATE INDEX protected_data_grant_lookup_ix ON app.protected_data_grant (person_id, user_id);
COMMENT ON TABLE app.protected_data_grant IS 'Explicit, time-limited permission for one user to see a protected person''s address.';

-- Minimal case relation (the case file itself arrives with the case module) --------

CREATE TABLE app.assistance_case (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  person_id uuid NOT NULL,
  district_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  group_id uuid,
  status text NOT NULL DEFAULT 'open',
  opened_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT assistance_case_pk PRIMARY KEY (id),
  CONSTRAINT assistance_case_person_fk FOREIGN KEY (person_id, municipality_id)
    REFERENCES app.person (id, municipality_id),
  CONSTRAINT assistance_case_district_fk FOREIGN KEY (district_id, municipality_id)
    REFERENCES app.district (id, municipality_id),
  CONSTRAINT assistance_case_unit_fk FOREIGN KEY (unit_id, municipality_id)
    REFERENCES app.unit (id, municipality_id),
  CONSTRAINT assistance_case_group_fk FOREIGN KEY (group_id, municipality_id)
    REFERENCES app.staff_group (id, municipality_id),
  CONSTRAINT assistance_case_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT assistance_case_status_ck CHECK (status IN ('open', 'closed'))
);
CREATE INDEX assistance_case_person_ix ON app.assistance_case (person_id) WHERE status = 'open';
COMMENT ON TABLE app.assistance_case IS 'Ärende om ekonomiskt bistånd: one district, one handling unit. Gives staff their relation to a person.';

CREATE TABLE app.case_assignment (
  municipality_id uuid NOT NULL,
  case_id uuid NOT NULL,
  user_id uuid NOT NULL,
  assignment_role text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  CONSTRAINT case_assignment_pk PRIMARY KEY (case_id, user_id, assignment_role, assigned_at),
  CONSTRAINT case_assignment_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT case_assignment_user_fk FOREIGN KEY (user_id, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT case_assignment_role_ck CHECK (assignment_role IN ('social_worker', 'benefit_officer'))
);
CREATE INDEX case_assignment_user_ix ON app.case_assignment (user_id) WHERE ended_at IS NULL;
COMMENT ON TABLE app.case_assignment IS 'Assigned officer(s) of a case by role; an ended assignment keeps its history.';

-- Access log (loggning av åtkomst, SoLPuL 10 §) -----------------------------------

CREATE TABLE audit.access_log_head (
  municipality_id uuid NOT NULL,
  last_seq bigint NOT NULL,
  last_hash bytea NOT NULL,
  CONSTRAINT access_log_head_pk PRIMARY KEY (municipality_id)
);
COMMENT ON TABLE audit.access_log_head IS 'Last sequence number and hash of each municipality''s access-log chain; maintained by trigger only.';

CREATE TABLE audit.access_log (
  municipality_id uuid NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  actor_user_id uuid NOT NULL,
  actor_username text NOT NULL,
  actor_roles text[] NOT NULL,
  actor_unit_ids uuid[] NOT NULL,
  person_ids uuid[] NOT NULL,
  resource text NOT NULL,
  fields text[] NOT NULL,
  case_id uuid,
  purpose text NOT NULL,
  session_id uuid,
  client_ip text NOT NULL,
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL,
  CONSTRAINT access_log_pk PRIMARY KEY (municipality_id, seq),
  CONSTRAINT access_log_persons_ck CHECK (cardinality(person_ids) >= 1),
  CONSTRAINT access_log_purpose_ck CHECK (length(btrim(purpose)) >= 1)
);
-- Few indexes, each cheap to maintain: the log is written on every read of personal data.
-- Rows arrive in time order, so a BRIN index serves period searches at almost no write cost.
CREATE INDEX access_log_person_ix ON audit.access_log USING gin (person_ids);
CREATE INDEX access_log_actor_ix ON audit.access_log (actor_user_id, occurred_at);
CREATE INDEX access_log_time_ix ON audit.access_log USING brin (occurred_at);
COMMENT ON TABLE audit.access_log IS 'One row per response that revealed personal data: who, whom, what, when, why. Append-only, SHA-256 hash chain per municipality.';

-- The canonical text of an entry, hashed together with the previous hash. The verifier
-- (src/modules/access-log/verify.ts) rebuilds the same text independently in TypeScript.
CREATE FUNCTION audit.access_log_canonical(e audit.access_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(E'\n',
    'v1',
    e.municipality_id::text,
    e.seq::text,
    e.id::text,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    e.actor_user_id::text,
    e.actor_username,
    array_to_string(e.actor_roles, ','),
    array_to_string(e.actor_unit_ids, ','),
    array_to_string(e.person_ids, ','),
    e.resource,
    array_to_string(e.fields, ','),
    coalesce(e.case_id::text, ''),
    replace(e.purpose, E'\n', ' '),
    coalesce(e.session_id::text, ''),
    e.client_ip,
    encode(e.prev_hash, 'hex'))
$$;

CREATE FUNCTION audit.access_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, audit AS $$
BEGIN
  -- The head row lock serialises the writers of one municipality's chain.
  SELECT h.last_seq + 1, h.last_hash INTO NEW.seq, NEW.prev_hash
    FROM audit.access_log_head h WHERE h.municipality_id = NEW.municipality_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO audit.access_log_head (municipality_id, last_seq, last_hash)
      VALUES (NEW.municipality_id, 0, '\x'::bytea)
      ON CONFLICT (municipality_id) DO NOTHING;
    SELECT h.last_seq + 1, h.last_hash INTO NEW.seq, NEW.prev_hash
      FROM audit.access_log_head h WHERE h.municipality_id = NEW.municipality_id FOR UPDATE;
  END IF;
  NEW.occurred_at := date_trunc('milliseconds', clock_timestamp());
  NEW.hash := sha256(convert_to(audit.access_log_canonical(NEW), 'UTF8'));
  UPDATE audit.access_log_head SET last_seq = NEW.seq, last_hash = NEW.hash
    WHERE municipality_id = NEW.municipality_id;
  RETURN NEW;
END
$$;

CREATE TRIGGER access_log_chain_tg BEFORE INSERT ON audit.access_log
  FOR EACH ROW EXECUTE FUNCTION audit.access_log_chain();

-- Change log (who changed what, administrative changes) -------------------------------

CREATE TABLE audit.change_log (
  id bigint GENERATED ALWAYS AS IDENTITY,
  municipality_id uuid NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_username text NOT NULL,
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  change text NOT NULL,
  before jsonb,
  after jsonb,
  client_ip text,
  CONSTRAINT change_log_pk PRIMARY KEY (id),
  CONSTRAINT change_log_change_ck CHECK (change IN ('created', 'updated', 'disabled', 'enabled', 'deleted', 'granted', 'revoked', 'password_set'))
);
CREATE INDEX change_log_entity_ix ON audit.change_log (entity, entity_id);
CREATE INDEX change_log_time_ix ON audit.change_log (municipality_id, occurred_at);
COMMENT ON TABLE audit.change_log IS 'Append-only record of administrative changes: who changed what, before and after.';

-- Privileges -------------------------------------------------------------------------

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO skyddsnat_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO skyddsnat_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO skyddsnat_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT USAGE, SELECT ON SEQUENCES TO skyddsnat_app;
REVOKE DELETE ON app.municipality FROM skyddsnat_app;

-- The audit schema: read and append only.
GRANT SELECT, INSERT ON audit.access_log TO skyddsnat_app;
GRANT SELECT, INSERT ON audit.change_log TO skyddsnat_app;
GRANT SELECT ON audit.access_log_head TO skyddsnat_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA audit TO skyddsnat_app;
