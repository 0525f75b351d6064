-- Recovery (återkrav): a decision that economic assistance paid out must be repaid, naming the
-- signed decisions whose payments it concerns, the legal ground, the amount (never more than those
-- decisions paid), a monthly repayment plan and whether the person consented in writing to
-- deductions from future assistance. Drafts are edited; a signed recovery decision is locked.

-- A recovery's source decisions must belong to the recovery's own case: the composite key below
-- lets the source table say so with a foreign key.
ALTER TABLE app.decision ADD CONSTRAINT decision_id_case_uq UNIQUE (id, case_id);

CREATE TABLE app.recovery_decision (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  case_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  -- The legal ground; its paragraph within the recovery chapter is cited in the letter.
  ground text NOT NULL,
  -- Whole kronor to repay.
  amount integer NOT NULL,
  reasons text NOT NULL,
  -- 33 kap. 2–3 §§ (9 kap. 2 § before): the assistance may only be reclaimed if the decision that
  -- granted it was in writing, was served, and stated why it could be reclaimed. The system's
  -- decisions do not record that, so the officer confirms it.
  repayment_terms_stated boolean NOT NULL DEFAULT false,
  -- Repayment plan: `months` monthly installments from `first_month`; every installment is
  -- `installment` except the last, which is `last_installment` (the remainder).
  installment integer NOT NULL,
  last_installment integer NOT NULL,
  first_month text NOT NULL,
  months integer NOT NULL,
  -- The date of the person's written consent to deductions from future assistance; without it
  -- the plan is paid by invoice and nothing is deducted.
  deduction_consent_on date,
  -- What the source decisions had paid (instructed or accepted payment lines) when last checked,
  -- and how much of that other signed recoveries already claim.
  paid_amount integer NOT NULL,
  previously_recovered integer NOT NULL DEFAULT 0,
  legal_basis jsonb NOT NULL DEFAULT '[]',
  letter jsonb,
  prepared_by uuid NOT NULL,
  signed_by uuid,
  signed_at timestamptz,
  decision_date date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT recovery_decision_pk PRIMARY KEY (id),
  CONSTRAINT recovery_decision_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT recovery_decision_id_case_uq UNIQUE (id, case_id),
  CONSTRAINT recovery_decision_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT recovery_decision_prepared_by_fk FOREIGN KEY (prepared_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT recovery_decision_signed_by_fk FOREIGN KEY (signed_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT recovery_decision_status_ck CHECK (status IN ('draft', 'signed')),
  CONSTRAINT recovery_decision_ground_ck CHECK (ground IN (
    'incorrect_information', 'failure_to_report', 'should_have_realised',
    'advance_on_benefit', 'labour_dispute', 'own_means_unavailable', 'repayment_condition')),
  CONSTRAINT recovery_decision_terms_ck CHECK (
    ground IN ('incorrect_information', 'failure_to_report', 'should_have_realised') OR repayment_terms_stated),
  CONSTRAINT recovery_decision_amount_ck CHECK (amount > 0 AND amount <= paid_amount - previously_recovered),
  CONSTRAINT recovery_decision_paid_ck CHECK (paid_amount >= 0 AND previously_recovered >= 0),
  CONSTRAINT recovery_decision_reasons_ck CHECK (length(btrim(reasons)) > 0),
  CONSTRAINT recovery_decision_month_ck CHECK (first_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  CONSTRAINT recovery_decision_plan_ck CHECK (
    months BETWEEN 1 AND 120
    AND installment > 0
    AND last_installment BETWEEN 1 AND installment
    AND installment::bigint * (months - 1) + last_installment = amount
    AND (months > 1 OR last_installment = installment)),
  CONSTRAINT recovery_decision_signed_ck CHECK (status = 'draft' OR (
    signed_by IS NOT NULL AND signed_at IS NOT NULL AND decision_date IS NOT NULL
    AND letter IS NOT NULL AND jsonb_array_length(legal_basis) > 0))
);
CREATE INDEX recovery_decision_case_ix ON app.recovery_decision (case_id, created_at);
COMMENT ON TABLE app.recovery_decision IS 'Beslut om återkrav (SoL 2025:400 33 kap.; SoL 2001:453 9 kap. for assistance granted before 2025-07-01): amount, ground, reasons, repayment plan and written consent to deductions. Drafts are edited; once signed the row is locked by trigger.';

CREATE TABLE app.recovery_decision_source (
  municipality_id uuid NOT NULL,
  recovery_id uuid NOT NULL,
  case_id uuid NOT NULL,
  decision_id uuid NOT NULL,
  -- Only a signed decision can be named (the same device as app.payment_line).
  decision_status text NOT NULL DEFAULT 'signed',
  CONSTRAINT recovery_decision_source_pk PRIMARY KEY (recovery_id, decision_id),
  CONSTRAINT recovery_decision_source_recovery_fk FOREIGN KEY (recovery_id, municipality_id)
    REFERENCES app.recovery_decision (id, municipality_id),
  CONSTRAINT recovery_decision_source_recovery_case_fk FOREIGN KEY (recovery_id, case_id)
    REFERENCES app.recovery_decision (id, case_id),
  CONSTRAINT recovery_decision_source_decision_fk FOREIGN KEY (decision_id, decision_status)
    REFERENCES app.decision (id, status),
  CONSTRAINT recovery_decision_source_decision_m_fk FOREIGN KEY (decision_id, municipality_id)
    REFERENCES app.decision (id, municipality_id),
  CONSTRAINT recovery_decision_source_decision_case_fk FOREIGN KEY (decision_id, case_id)
    REFERENCES app.decision (id, case_id),
  CONSTRAINT recovery_decision_source_signed_ck CHECK (decision_status = 'signed')
);
CREATE INDEX recovery_decision_source_decision_ix ON app.recovery_decision_source (decision_id);
COMMENT ON TABLE app.recovery_decision_source IS 'The signed decisions of the same case whose paid assistance a recovery decision claims back; their decision dates decide the legal basis. Fixed once the recovery is signed.';
-- A draft's sources are replaced by delete and insert; a row itself is never rewritten.
REVOKE UPDATE, TRUNCATE ON app.recovery_decision_source FROM skyddsnat_app;
REVOKE TRUNCATE ON app.recovery_decision FROM skyddsnat_app;

-- A signed recovery decision is never changed or removed. Signing is checked once more here, with
-- the source decisions locked so that two recoveries signed at once are checked one after the
-- other: it must name at least one decision and claim no more than they paid (payment lines
-- instructed or accepted) less what other signed recoveries of any of them already claim.
CREATE FUNCTION app.recovery_decision_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sources integer;
  paid bigint;
  recovered bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'signed' THEN
      RAISE EXCEPTION 'recovery decision % is signed and cannot be deleted', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'recovery decision % is signed and cannot be changed', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF NEW.status = 'signed' THEN
    PERFORM 1 FROM app.decision d
      WHERE d.id IN (SELECT s.decision_id FROM app.recovery_decision_source s WHERE s.recovery_id = NEW.id)
      ORDER BY d.id FOR UPDATE;
    SELECT count(*) INTO sources FROM app.recovery_decision_source WHERE recovery_id = NEW.id;
    IF sources = 0 THEN
      RAISE EXCEPTION 'recovery decision % names no decision', NEW.id USING ERRCODE = 'P0002';
    END IF;
    SELECT coalesce(sum(l.amount), 0) INTO paid FROM app.payment_line l
      WHERE l.decision_id IN (SELECT s.decision_id FROM app.recovery_decision_source s WHERE s.recovery_id = NEW.id)
        AND l.status IN ('instructed', 'accepted');
    SELECT coalesce(sum(r.amount), 0) INTO recovered FROM app.recovery_decision r
      WHERE r.status = 'signed' AND r.id <> NEW.id AND EXISTS (
        SELECT 1 FROM app.recovery_decision_source o
          JOIN app.recovery_decision_source s ON s.decision_id = o.decision_id AND s.recovery_id = NEW.id
        WHERE o.recovery_id = r.id);
    IF NEW.amount > paid - recovered THEN
      RAISE EXCEPTION 'recovery decision % claims % kr, more than the % kr paid less % kr already recovered',
        NEW.id, NEW.amount, paid, recovered USING ERRCODE = 'P0002';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER recovery_decision_guard_tg BEFORE UPDATE OR DELETE ON app.recovery_decision
  FOR EACH ROW EXECUTE FUNCTION app.recovery_decision_guard();

-- The sources of a signed recovery decision are fixed.
CREATE FUNCTION app.recovery_decision_source_lock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  recovery uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.recovery_id ELSE NEW.recovery_id END;
BEGIN
  IF EXISTS (SELECT 1 FROM app.recovery_decision WHERE id = recovery AND status = 'signed') THEN
    RAISE EXCEPTION 'recovery decision % is signed; its decisions cannot be changed', recovery USING ERRCODE = 'P0001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER recovery_decision_source_lock_tg BEFORE INSERT OR UPDATE OR DELETE ON app.recovery_decision_source
  FOR EACH ROW EXECUTE FUNCTION app.recovery_decision_source_lock();
