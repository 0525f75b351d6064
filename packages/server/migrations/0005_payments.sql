-- Payments: payees with four-eyes account changes, payment lines that only a signed decision can
-- produce and never beyond what it granted, payment runs attested by two people that produce one
-- ISO 20022 bank file, status reports, and budgets per district for cost follow-up.

-- Where payments go: the applicant's own account or a third party (landlord, electricity company).
CREATE TABLE app.payee (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  case_id uuid NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  -- The applicant's own account names the person; a third party has an organisation number.
  person_id uuid,
  organisation_number text,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT payee_pk PRIMARY KEY (id),
  CONSTRAINT payee_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT payee_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT payee_person_fk FOREIGN KEY (person_id, municipality_id)
    REFERENCES app.person (id, municipality_id),
  CONSTRAINT payee_created_by_fk FOREIGN KEY (created_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT payee_kind_ck CHECK (kind IN ('applicant', 'landlord', 'utility', 'other')),
  CONSTRAINT payee_name_ck CHECK (length(btrim(name)) BETWEEN 1 AND 70),
  CONSTRAINT payee_party_ck CHECK ((kind = 'applicant') = (person_id IS NOT NULL)),
  CONSTRAINT payee_orgnr_ck CHECK (organisation_number IS NULL OR organisation_number ~ '^[0-9]{6}-?[0-9]{4}$')
);
CREATE INDEX payee_case_ix ON app.payee (case_id);
COMMENT ON TABLE app.payee IS 'Betalningsmottagare for a case: the applicant, or a third party such as the landlord (direct payment of rent).';

-- Account versions: a new or changed account waits for a second person's approval.
CREATE TABLE app.payee_account (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  payee_id uuid NOT NULL,
  account jsonb NOT NULL,
  display text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  requested_by uuid NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  reason text NOT NULL,
  decided_by uuid,
  decided_at timestamptz,
  CONSTRAINT payee_account_pk PRIMARY KEY (id),
  CONSTRAINT payee_account_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT payee_account_payee_fk FOREIGN KEY (payee_id, municipality_id)
    REFERENCES app.payee (id, municipality_id),
  CONSTRAINT payee_account_requested_by_fk FOREIGN KEY (requested_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT payee_account_decided_by_fk FOREIGN KEY (decided_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT payee_account_status_ck CHECK (status IN ('pending', 'active', 'rejected', 'superseded')),
  CONSTRAINT payee_account_four_eyes_ck CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CONSTRAINT payee_account_decided_ck CHECK ((status = 'pending') = (decided_at IS NULL)),
  CONSTRAINT payee_account_reason_ck CHECK (length(btrim(reason)) > 0)
);
CREATE UNIQUE INDEX payee_account_active_uq ON app.payee_account (payee_id) WHERE status = 'active';
CREATE UNIQUE INDEX payee_account_pending_uq ON app.payee_account (payee_id) WHERE status = 'pending';
COMMENT ON TABLE app.payee_account IS 'A payee''s account (bank account, bankgiro or plusgiro, validated by check digits). A change is a new row that a second person must approve; the earlier one is kept as superseded.';
REVOKE DELETE, TRUNCATE ON app.payee_account FROM skyddsnat_app;

-- A signed decision is the only source of a payment line: the foreign key names the decision
-- together with its status, which can only be 'signed' here (and a signed decision is locked).
ALTER TABLE app.decision ADD CONSTRAINT decision_id_status_uq UNIQUE (id, status);

CREATE TABLE app.payment_run (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  -- Deterministic identity: 'payment-run:2026-02-25' (or ':urgent:<decision>'): a repeated or
  -- concurrent start finds the same run.
  run_key text NOT NULL,
  payment_date date NOT NULL,
  urgent boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'collecting',
  lines_total integer NOT NULL DEFAULT 0,
  total_kronor bigint NOT NULL DEFAULT 0,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  first_attest_by uuid,
  first_attest_at timestamptz,
  second_attest_by uuid,
  second_attest_at timestamptz,
  -- The bank file, once: its message id is unique forever, its bytes never regenerated differently.
  message_id text,
  file_xml text,
  file_sha256 text,
  file_created_at timestamptz,
  CONSTRAINT payment_run_pk PRIMARY KEY (id),
  CONSTRAINT payment_run_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT payment_run_key_uq UNIQUE (municipality_id, run_key),
  CONSTRAINT payment_run_message_uq UNIQUE (message_id),
  CONSTRAINT payment_run_created_by_fk FOREIGN KEY (created_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT payment_run_first_fk FOREIGN KEY (first_attest_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT payment_run_second_fk FOREIGN KEY (second_attest_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT payment_run_status_ck CHECK (status IN ('collecting', 'collected', 'attested', 'file_created', 'cancelled')),
  CONSTRAINT payment_run_four_eyes_ck CHECK (second_attest_by IS NULL OR (first_attest_by IS NOT NULL AND second_attest_by <> first_attest_by)),
  CONSTRAINT payment_run_attested_ck CHECK (status NOT IN ('attested', 'file_created') OR second_attest_by IS NOT NULL),
  CONSTRAINT payment_run_file_ck CHECK ((status = 'file_created') = (file_xml IS NOT NULL AND message_id IS NOT NULL)),
  CONSTRAINT payment_run_key_ck CHECK (run_key ~ '^payment-run:[0-9]{4}-[0-9]{2}-[0-9]{2}(:urgent:[0-9a-f-]{36})?$')
);
COMMENT ON TABLE app.payment_run IS 'Utbetalningsomgång: collects due lines for a date, is attested by two different people, then produces one pain.001 bank file.';

CREATE TABLE app.payment_line (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  decision_id uuid NOT NULL,
  decision_status text NOT NULL DEFAULT 'signed',
  case_id uuid NOT NULL,
  district_id uuid NOT NULL,
  payee_id uuid NOT NULL,
  cost_item text NOT NULL,
  amount integer NOT NULL,
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'planned',
  run_id uuid,
  -- The account the money went to, fixed when the run's file was made.
  payee_account_id uuid,
  end_to_end_id text NOT NULL,
  bank_status text,
  bank_reason text,
  bank_status_at timestamptz,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT payment_line_pk PRIMARY KEY (id),
  CONSTRAINT payment_line_decision_fk FOREIGN KEY (decision_id, decision_status)
    REFERENCES app.decision (id, status),
  CONSTRAINT payment_line_decision_m_fk FOREIGN KEY (decision_id, municipality_id)
    REFERENCES app.decision (id, municipality_id),
  CONSTRAINT payment_line_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT payment_line_district_fk FOREIGN KEY (district_id, municipality_id)
    REFERENCES app.district (id, municipality_id),
  CONSTRAINT payment_line_payee_fk FOREIGN KEY (payee_id, municipality_id)
    REFERENCES app.payee (id, municipality_id),
  CONSTRAINT payment_line_run_fk FOREIGN KEY (run_id, municipality_id)
    REFERENCES app.payment_run (id, municipality_id),
  CONSTRAINT payment_line_account_fk FOREIGN KEY (payee_account_id, municipality_id)
    REFERENCES app.payee_account (id, municipality_id),
  CONSTRAINT payment_line_created_by_fk FOREIGN KEY (created_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT payment_line_e2e_uq UNIQUE (end_to_end_id),
  CONSTRAINT payment_line_signed_ck CHECK (decision_status = 'signed'),
  CONSTRAINT payment_line_amount_ck CHECK (amount > 0),
  CONSTRAINT payment_line_status_ck CHECK (status IN ('planned', 'in_run', 'instructed', 'accepted', 'rejected', 'cancelled')),
  CONSTRAINT payment_line_run_ck CHECK ((status IN ('planned', 'cancelled')) OR run_id IS NOT NULL),
  CONSTRAINT payment_line_instructed_ck CHECK (status NOT IN ('instructed', 'accepted', 'rejected') OR payee_account_id IS NOT NULL),
  CONSTRAINT payment_line_e2e_ck CHECK (end_to_end_id ~ '^[A-Z0-9-]{1,35}$')
);
CREATE INDEX payment_line_due_ix ON app.payment_line (municipality_id, due_date) WHERE status = 'planned';
CREATE INDEX payment_line_run_ix ON app.payment_line (run_id);
CREATE INDEX payment_line_decision_ix ON app.payment_line (decision_id);
CREATE INDEX payment_line_case_ix ON app.payment_line (case_id);
COMMENT ON TABLE app.payment_line IS 'Utbetalningsrad: what a signed decision pays, to whom, when, for which cost item and district. Never more in all than the decision granted (trigger).';
REVOKE DELETE, TRUNCATE ON app.payment_line FROM skyddsnat_app;

-- The sum planned for a decision never exceeds what it granted. The decision row is locked first
-- so that two concurrent plans for the same decision are checked one after the other.
CREATE FUNCTION app.payment_line_within_grant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  granted integer;
  planned bigint;
BEGIN
  SELECT amount INTO granted FROM app.decision WHERE id = NEW.decision_id FOR UPDATE;
  SELECT coalesce(sum(amount), 0) INTO planned FROM app.payment_line
    WHERE decision_id = NEW.decision_id AND status NOT IN ('cancelled', 'rejected');
  IF planned > granted THEN
    RAISE EXCEPTION 'payment lines for decision % would pay % kr, more than the % kr granted', NEW.decision_id, planned, granted
      USING ERRCODE = 'P0002';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER payment_line_within_grant_tg AFTER INSERT OR UPDATE OF amount, status ON app.payment_line
  FOR EACH ROW EXECUTE FUNCTION app.payment_line_within_grant();

-- A line that has gone to the bank never changes its amount, payee, decision or run.
CREATE FUNCTION app.payment_line_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('instructed', 'accepted', 'rejected') AND (
    NEW.amount <> OLD.amount OR NEW.payee_id <> OLD.payee_id OR NEW.decision_id <> OLD.decision_id
    OR NEW.run_id IS DISTINCT FROM OLD.run_id OR NEW.payee_account_id IS DISTINCT FROM OLD.payee_account_id
    OR NEW.end_to_end_id <> OLD.end_to_end_id OR NEW.status IN ('planned', 'in_run', 'cancelled')) THEN
    RAISE EXCEPTION 'payment line % has been sent to the bank and cannot be changed', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER payment_line_lock_tg BEFORE UPDATE ON app.payment_line
  FOR EACH ROW EXECUTE FUNCTION app.payment_line_lock();

-- A run's bank file, once made, is never replaced.
CREATE FUNCTION app.payment_run_file_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.file_xml IS NOT NULL AND (NEW.file_xml IS DISTINCT FROM OLD.file_xml
      OR NEW.message_id IS DISTINCT FROM OLD.message_id OR NEW.status <> OLD.status) THEN
    RAISE EXCEPTION 'payment run % has its bank file and cannot be changed', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER payment_run_file_lock_tg BEFORE UPDATE ON app.payment_run
  FOR EACH ROW EXECUTE FUNCTION app.payment_run_file_lock();
REVOKE DELETE, TRUNCATE ON app.payment_run FROM skyddsnat_app;

CREATE TABLE app.payment_status_report (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  message_id text NOT NULL,
  original_message_id text NOT NULL,
  run_id uuid NOT NULL,
  group_status text,
  content_sha256 text NOT NULL,
  accepted integer NOT NULL,
  rejected integer NOT NULL,
  imported_by uuid NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT payment_status_report_pk PRIMARY KEY (id),
  CONSTRAINT payment_status_report_message_uq UNIQUE (municipality_id, message_id),
  CONSTRAINT payment_status_report_run_fk FOREIGN KEY (run_id, municipality_id)
    REFERENCES app.payment_run (id, municipality_id),
  CONSTRAINT payment_status_report_by_fk FOREIGN KEY (imported_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id)
);
COMMENT ON TABLE app.payment_status_report IS 'An imported pain.002 status report: which run it answered, what it accepted and rejected. A report is imported once; another with the same id is refused.';
REVOKE UPDATE, DELETE, TRUNCATE ON app.payment_status_report FROM skyddsnat_app;

CREATE TABLE app.district_budget (
  municipality_id uuid NOT NULL,
  district_id uuid NOT NULL,
  year integer NOT NULL,
  amount bigint NOT NULL,
  updated_by uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT district_budget_pk PRIMARY KEY (district_id, year),
  CONSTRAINT district_budget_district_fk FOREIGN KEY (district_id, municipality_id)
    REFERENCES app.district (id, municipality_id),
  CONSTRAINT district_budget_by_fk FOREIGN KEY (updated_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT district_budget_year_ck CHECK (year BETWEEN 2000 AND 2100),
  CONSTRAINT district_budget_amount_ck CHECK (amount >= 0)
);
COMMENT ON TABLE app.district_budget IS 'Budget for economic assistance per district committee and year, whole kronor; paid amounts are compared with it.';

-- Payment settings per municipality: the debtor account and the bank's conventions.
CREATE TABLE app.payment_settings (
  municipality_id uuid NOT NULL,
  debtor_name text NOT NULL,
  organisation_number text NOT NULL,
  debtor_account jsonb NOT NULL,
  debtor_bic text NOT NULL,
  bank_options jsonb NOT NULL DEFAULT '{}',
  CONSTRAINT payment_settings_pk PRIMARY KEY (municipality_id),
  CONSTRAINT payment_settings_municipality_fk FOREIGN KEY (municipality_id)
    REFERENCES app.municipality (id),
  CONSTRAINT payment_settings_orgnr_ck CHECK (organisation_number ~ '^[0-9]{6}-?[0-9]{4}$')
);
COMMENT ON TABLE app.payment_settings IS 'The municipality''s debtor account, BIC and bank-specific pain.001 options (from its bank''s implementation guide).';

GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO skyddsnat_app;
