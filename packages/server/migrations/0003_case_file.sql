-- The case file: households with dated membership, the case as an append-only log of actions,
-- and the journal (drafts, signed notes locked by the database, addenda, Swedish full-text search).

-- Case: the action log is the truth; assistance_case keeps a projection for lists and locks.
ALTER TABLE app.assistance_case
  ADD COLUMN version integer NOT NULL DEFAULT 0,
  ADD COLUMN closure_reason text,
  ADD COLUMN last_action_at timestamptz,
  ADD CONSTRAINT assistance_case_closure_reason_ck CHECK (closure_reason IS NULL OR closure_reason IN
    ('work', 'studies', 'other_benefit', 'moved', 'no_longer_in_need', 'deceased', 'other'));

CREATE TABLE app.case_action (
  municipality_id uuid NOT NULL,
  case_id uuid NOT NULL,
  seq integer NOT NULL,
  action_type text NOT NULL,
  action jsonb NOT NULL,
  acted_at timestamptz NOT NULL,
  acted_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT case_action_pk PRIMARY KEY (case_id, seq),
  CONSTRAINT case_action_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT case_action_by_fk FOREIGN KEY (acted_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT case_action_seq_ck CHECK (seq >= 1),
  CONSTRAINT case_action_type_ck CHECK (action_type ~ '^[a-z_]+$')
);
COMMENT ON TABLE app.case_action IS 'The case as an append-only log of actions (opened, first contact, … closed, reopened, corrected); state is a pure fold in packages/domain.';
REVOKE UPDATE, DELETE, TRUNCATE ON app.case_action FROM skyddsnat_app;

-- Household: who lived in it in which period (every calculation needs the household of a month).
CREATE TABLE app.household_member (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  case_id uuid NOT NULL,
  person_id uuid NOT NULL,
  member_role text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT household_member_pk PRIMARY KEY (id),
  CONSTRAINT household_member_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT household_member_person_fk FOREIGN KEY (person_id, municipality_id)
    REFERENCES app.person (id, municipality_id),
  CONSTRAINT household_member_by_fk FOREIGN KEY (recorded_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT household_member_role_ck CHECK (member_role IN ('applicant', 'partner', 'child', 'other')),
  CONSTRAINT household_member_period_ck CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX household_member_case_ix ON app.household_member (case_id, valid_from);
CREATE INDEX household_member_person_ix ON app.household_member (person_id);
COMMENT ON TABLE app.household_member IS 'Members of a case''s household with the period they lived there (applicant, partner, children and school youths, others in the household community).';

-- Journal ------------------------------------------------------------------------------
CREATE TABLE app.journal_note (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  case_id uuid NOT NULL,
  event_date date NOT NULL,
  note_type text NOT NULL,
  body text NOT NULL DEFAULT '',
  children_situation text,
  children_not_addressed_reason text,
  violence_assessment text,
  status text NOT NULL DEFAULT 'draft',
  author_id uuid NOT NULL,
  signed_by uuid,
  signed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('swedish', body || ' ' || coalesce(children_situation, '') || ' ' || coalesce(violence_assessment, ''))
  ) STORED,
  CONSTRAINT journal_note_pk PRIMARY KEY (id),
  CONSTRAINT journal_note_case_fk FOREIGN KEY (case_id, municipality_id)
    REFERENCES app.assistance_case (id, municipality_id),
  CONSTRAINT journal_note_author_fk FOREIGN KEY (author_id, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT journal_note_signer_fk FOREIGN KEY (signed_by, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT journal_note_id_municipality_uq UNIQUE (id, municipality_id),
  CONSTRAINT journal_note_type_ck CHECK (note_type IN
    ('visit', 'phone', 'home_visit', 'collaboration', 'document_received', 'letter', 'other')),
  CONSTRAINT journal_note_status_ck CHECK (status IN ('draft', 'signed')),
  CONSTRAINT journal_note_signed_ck CHECK ((status = 'signed') = (signed_at IS NOT NULL AND signed_by IS NOT NULL)),
  CONSTRAINT journal_note_signed_body_ck CHECK (status = 'draft' OR length(btrim(body)) > 0)
);
CREATE INDEX journal_note_case_ix ON app.journal_note (case_id, event_date DESC);
CREATE INDEX journal_note_search_ix ON app.journal_note USING gin (search);
COMMENT ON TABLE app.journal_note IS 'Journalanteckning: drafts autosave; once signed the row is locked by trigger, and changes are addenda.';

-- A signed note can never change or disappear, whoever connects (the owner can drop the trigger,
-- the application role cannot).
CREATE FUNCTION app.journal_note_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'signed' THEN
      RAISE EXCEPTION 'journal note % is signed and cannot be deleted', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'journal note % is signed and cannot be changed; write an addendum', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER journal_note_lock_tg BEFORE UPDATE OR DELETE ON app.journal_note
  FOR EACH ROW EXECUTE FUNCTION app.journal_note_lock();

CREATE TABLE app.journal_addendum (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  municipality_id uuid NOT NULL,
  note_id uuid NOT NULL,
  body text NOT NULL,
  author_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT journal_addendum_pk PRIMARY KEY (id),
  CONSTRAINT journal_addendum_note_fk FOREIGN KEY (note_id, municipality_id)
    REFERENCES app.journal_note (id, municipality_id),
  CONSTRAINT journal_addendum_author_fk FOREIGN KEY (author_id, municipality_id)
    REFERENCES app.staff_user (id, municipality_id),
  CONSTRAINT journal_addendum_body_ck CHECK (length(btrim(body)) > 0)
);
CREATE INDEX journal_addendum_note_ix ON app.journal_addendum (note_id, created_at);
COMMENT ON TABLE app.journal_addendum IS 'Tillägg to a signed journal note: shown beside it; the original stays as signed.';
REVOKE UPDATE, DELETE, TRUNCATE ON app.journal_addendum FROM skyddsnat_app;
