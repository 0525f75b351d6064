-- Applications (ansökan, fortsatt ansökan) with their documents and completion requests, and
-- decisions with legal basis, reasons, child impact, hearing, delegation and the letter.

CREATE TABLE app.application (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  case_id uuid NOT NULL,
  month text NOT NULL,
  kind text NOT NULL,
  costs jsonb NOT NULL DEFAULT '[]',
  incomes jsonb NOT NULL DEFAULT '[]',
  household_community_size integer,
  applicant_confirmed_at timestamptz,
  confirmation_method text,
  -- The rules engine's result with its trace, recalculated on every change.
  calculation jsonb,
  calculated_amount integer,
  calculation_error text,
  status text NOT NULL DEFAULT 'open',
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT application_pk PRIMARY KEY (id),
  CONSTRAINT application_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT application_case_month_uq UNIQUE (case_id, month),
  CONSTRAINT application_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT application_created_by_fk FOREIGN KEY (created_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT application_month_ck CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  CONSTRAINT application_kind_ck CHECK (kind IN ('initial', 'continued')),
  CONSTRAINT application_status_ck CHECK (status IN ('open', 'decided')),
  CONSTRAINT application_confirmation_ck CHECK (
    (applicant_confirmed_at IS NULL) = (confirmation_method IS NULL)
    AND (confirmation_method IS NULL OR confirmation_method IN ('signed_paper', 'e_service', 'in_person'))),
  CONSTRAINT application_amount_ck CHECK (calculated_amount IS NULL OR calculated_amount >= 0)
);
CREATE INDEX application_month_ix ON app.application (municipality_id, month, status);
COMMENT ON TABLE app.application IS 'Ansökan om ekonomiskt bistånd for one case and month (initial or continued), with costs, incomes and the attached calculation.';

CREATE TABLE app.application_document (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  application_id uuid NOT NULL,
  document_kind text NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  byte_size integer NOT NULL,
  sha256 bytea NOT NULL,
  content bytea NOT NULL,
  uploaded_by uuid NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT application_document_pk PRIMARY KEY (id),
  CONSTRAINT application_document_application_fk FOREIGN KEY (application_id, municipality_id)
    REFERENCES app.application (id, municipality_id),
  CONSTRAINT application_document_by_fk FOREIGN KEY (uploaded_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT application_document_kind_ck CHECK (document_kind IN
    ('rent_notice', 'electricity_bill', 'payslip', 'benefit_statement', 'bank_statement', 'other')),
  CONSTRAINT application_document_type_ck CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  CONSTRAINT application_document_size_ck CHECK (byte_size > 0 AND byte_size <= 10485760 AND byte_size = length(content)),
  CONSTRAINT application_document_name_ck CHECK (length(file_name) BETWEEN 1 AND 200)
);
CREATE INDEX application_document_application_ix ON app.application_document (application_id);
COMMENT ON TABLE app.application_document IS 'A document attached to an application (PDF, JPEG or PNG, at most 10 MiB, type checked by content); never changed or removed.';
REVOKE UPDATE, DELETE, TRUNCATE ON app.application_document FROM skyddsnat_app;

CREATE TABLE app.completion_request (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  application_id uuid NOT NULL,
  missing jsonb NOT NULL,
  message text NOT NULL,
  due_date date NOT NULL,
  requested_by uuid NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  resolved_at timestamptz,
  CONSTRAINT completion_request_pk PRIMARY KEY (id),
  CONSTRAINT completion_request_application_fk FOREIGN KEY (application_id, municipality_id)
    REFERENCES app.application (id, municipality_id),
  CONSTRAINT completion_request_by_fk FOREIGN KEY (requested_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT completion_request_message_ck CHECK (length(btrim(message)) > 0)
);
CREATE UNIQUE INDEX completion_request_open_uq ON app.completion_request (application_id) WHERE resolved_at IS NULL;
COMMENT ON TABLE app.completion_request IS 'Begäran om komplettering: what is missing from an application and by when; resolved when the documents are in.';

CREATE TABLE app.decision (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  case_id uuid NOT NULL,
  application_id uuid,
  month text NOT NULL,
  kind text NOT NULL,
  outcome text NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  -- Whole kronor paid for the month: the approved need less counted incomes.
  amount integer NOT NULL,
  counted_income integer NOT NULL DEFAULT 0,
  lines jsonb NOT NULL,
  reasons text NOT NULL DEFAULT '',
  legal_basis jsonb NOT NULL DEFAULT '[]',
  appeal jsonb,
  child_impact jsonb NOT NULL DEFAULT '[]',
  hearing jsonb,
  calculation jsonb,
  routine boolean NOT NULL DEFAULT false,
  routine_reasons jsonb NOT NULL DEFAULT '[]',
  automatic boolean NOT NULL DEFAULT false,
  rule_version text,
  prepared_by uuid,
  routed_to uuid,
  routed_note text,
  signed_by uuid,
  signed_at timestamptz,
  decision_date date,
  replaces_decision_id uuid,
  letter jsonb,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT decision_pk PRIMARY KEY (id),
  CONSTRAINT decision_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT decision_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT decision_application_fk FOREIGN KEY (application_id, municipality_id)
    REFERENCES app.application (id, municipality_id),
  CONSTRAINT decision_prepared_by_fk FOREIGN KEY (prepared_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT decision_routed_to_fk FOREIGN KEY (routed_to, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT decision_signed_by_fk FOREIGN KEY (signed_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT decision_replaces_fk FOREIGN KEY (replaces_decision_id, municipality_id)
    REFERENCES app.decision (id, municipality_id),
  CONSTRAINT decision_replaces_uq UNIQUE (replaces_decision_id),
  CONSTRAINT decision_month_ck CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  CONSTRAINT decision_kind_ck CHECK (kind IN ('regular', 'emergency', 'reduction', 'beyond_entitlement')),
  CONSTRAINT decision_outcome_ck CHECK (outcome IN ('granted', 'partly_granted', 'refused')),
  CONSTRAINT decision_status_ck CHECK (status IN ('draft', 'signed')),
  CONSTRAINT decision_amount_ck CHECK (amount >= 0 AND counted_income >= 0),
  CONSTRAINT decision_refused_pays_nothing_ck CHECK ((outcome = 'refused') = (amount = 0)),
  CONSTRAINT decision_application_ck CHECK (kind = 'emergency' OR application_id IS NOT NULL),
  CONSTRAINT decision_lines_ck CHECK (jsonb_typeof(lines) = 'array' AND jsonb_array_length(lines) > 0),
  -- A signed decision names who signed it (or that it was made automatically, by which rule
  -- version), when, its date, reasons, legal basis, appeal route and its letter.
  CONSTRAINT decision_signed_ck CHECK (status = 'draft' OR (
    signed_at IS NOT NULL AND decision_date IS NOT NULL AND letter IS NOT NULL AND appeal IS NOT NULL
    AND length(btrim(reasons)) > 0 AND jsonb_array_length(legal_basis) > 0
    AND ((signed_by IS NOT NULL AND NOT automatic) OR (signed_by IS NULL AND automatic AND rule_version IS NOT NULL)))),
  CONSTRAINT decision_automatic_grant_ck CHECK (NOT automatic OR (outcome = 'granted' AND kind = 'regular'))
);
-- One decision per case and month from the start; a change is a new decision replacing it.
CREATE UNIQUE INDEX decision_month_uq ON app.decision (case_id, month)
  WHERE status = 'signed' AND kind <> 'emergency' AND replaces_decision_id IS NULL;
CREATE UNIQUE INDEX decision_draft_uq ON app.decision (application_id) WHERE status = 'draft';
CREATE INDEX decision_case_ix ON app.decision (case_id, month);
CREATE INDEX decision_routed_ix ON app.decision (routed_to) WHERE status = 'draft';
COMMENT ON TABLE app.decision IS 'Beslut om ekonomiskt bistånd: drafts are prepared and edited; once signed the row is locked by trigger, and a change is a new decision that replaces it.';

CREATE FUNCTION app.decision_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'signed' THEN
      RAISE EXCEPTION 'decision % is signed and cannot be deleted', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'decision % is signed and cannot be changed; make a new decision that replaces it', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER decision_lock_tg BEFORE UPDATE OR DELETE ON app.decision
  FOR EACH ROW EXECUTE FUNCTION app.decision_lock();

CREATE TABLE app.delegation_rule (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  role text NOT NULL,
  decision_kind text NOT NULL,
  max_amount integer,
  may_decide_adverse boolean NOT NULL,
  CONSTRAINT delegation_rule_pk PRIMARY KEY (id),
  CONSTRAINT delegation_rule_municipality_fk FOREIGN KEY (municipality_id)
    REFERENCES app.municipality (id),
  CONSTRAINT delegation_rule_uq UNIQUE (municipality_id, role, decision_kind),
  CONSTRAINT delegation_rule_kind_ck CHECK (decision_kind IN ('regular', 'emergency', 'reduction', 'beyond_entitlement')),
  CONSTRAINT delegation_rule_amount_ck CHECK (max_amount IS NULL OR max_amount >= 0)
);
COMMENT ON TABLE app.delegation_rule IS 'Delegationsordning: which role may decide which kind of decision, up to which monthly amount, and whether adverse decisions too. No rule, no signature.';

CREATE TABLE app.decision_settings (
  municipality_id uuid NOT NULL,
  -- Switches for the rules that make a continued application non-routine: {"costs_changed": false}.
  routine_rules jsonb NOT NULL DEFAULT '{}',
  -- Förvaltningslagen 28 §: full grants of routine months decided without a person.
  auto_decide_full_grants boolean NOT NULL DEFAULT false,
  -- Printed in letters: where to send an appeal and how to reach the unit.
  letter_postal_address text NOT NULL DEFAULT '',
  letter_phone text NOT NULL DEFAULT '',
  letter_email text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT decision_settings_pk PRIMARY KEY (municipality_id),
  CONSTRAINT decision_settings_municipality_fk FOREIGN KEY (municipality_id)
    REFERENCES app.municipality (id),
  CONSTRAINT decision_settings_rules_ck CHECK (jsonb_typeof(routine_rules) = 'object')
);
COMMENT ON TABLE app.decision_settings IS 'Per municipality: routine-rule switches, automatic full grants, and the contact details printed in decision letters.';
