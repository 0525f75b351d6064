-- The within-grant check once per statement instead of once per row: a payment run moves tens of
-- thousands of lines in a few statements, and only changes that can raise a decision's planned
-- sum (a new line, a higher amount, a line coming back from cancelled or rejected, or a line
-- moved to another decision) need the check. The decisions concerned are locked in id order, so
-- concurrent plans for the same decision are still checked one after the other.

DROP TRIGGER payment_line_within_grant_tg ON app.payment_line;
DROP FUNCTION app.payment_line_within_grant();

CREATE FUNCTION app.payment_lines_within_grant(decision_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  over record;
BEGIN
  IF decision_ids IS NULL OR cardinality(decision_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM app.decision WHERE id = ANY (decision_ids) ORDER BY id FOR UPDATE;
  SELECT d.id, d.amount, s.planned INTO over
  FROM app.decision d
  JOIN (SELECT l.decision_id, sum(l.amount) AS planned FROM app.payment_line l
        WHERE l.decision_id = ANY (decision_ids) AND l.status NOT IN ('cancelled', 'rejected')
        GROUP BY l.decision_id) s ON s.decision_id = d.id
  WHERE s.planned > d.amount
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'payment lines for decision % would pay % kr, more than the % kr granted', over.id, over.planned, over.amount
      USING ERRCODE = 'P0002';
  END IF;
END
$$;

CREATE FUNCTION app.payment_line_inserted_within_grant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app.payment_lines_within_grant(ARRAY(SELECT DISTINCT decision_id FROM inserted_lines));
  RETURN NULL;
END
$$;

CREATE FUNCTION app.payment_line_updated_within_grant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM app.payment_lines_within_grant(ARRAY(
    SELECT DISTINCT n.decision_id FROM new_lines n JOIN old_lines o ON o.id = n.id
    WHERE n.status NOT IN ('cancelled', 'rejected')
      AND (n.amount > o.amount OR n.decision_id <> o.decision_id OR o.status IN ('cancelled', 'rejected'))));
  RETURN NULL;
END
$$;

CREATE TRIGGER payment_line_inserted_within_grant_tg AFTER INSERT ON app.payment_line
  REFERENCING NEW TABLE AS inserted_lines
  FOR EACH STATEMENT EXECUTE FUNCTION app.payment_line_inserted_within_grant();
CREATE TRIGGER payment_line_updated_within_grant_tg AFTER UPDATE ON app.payment_line
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION app.payment_line_updated_within_grant();

-- A payee account's number never changes: a change is a new account row for a second person to
-- approve (only the status and who decided may be written).
CREATE FUNCTION app.payee_account_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.account IS DISTINCT FROM OLD.account OR NEW.display IS DISTINCT FROM OLD.display
     OR NEW.payee_id IS DISTINCT FROM OLD.payee_id OR NEW.requested_by IS DISTINCT FROM OLD.requested_by
     OR NEW.requested_at IS DISTINCT FROM OLD.requested_at OR NEW.reason IS DISTINCT FROM OLD.reason THEN
    RAISE EXCEPTION 'payee account % cannot be changed; enter a new account for approval', OLD.id
      USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status IN ('rejected', 'superseded') THEN
    RAISE EXCEPTION 'payee account % is % and cannot change', OLD.id, OLD.status USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER payee_account_lock_tg BEFORE UPDATE ON app.payee_account
  FOR EACH ROW EXECUTE FUNCTION app.payee_account_lock();
