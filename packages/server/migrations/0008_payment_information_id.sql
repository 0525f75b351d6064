-- The bank file's payment-information id (PmtInfId) is stored with the run and, like the message
-- id and every end-to-end id, unique forever: a bank refuses an id it has seen before.
ALTER TABLE app.payment_run
  ADD COLUMN payment_information_id text,
  ADD CONSTRAINT payment_run_payment_information_uq UNIQUE (payment_information_id),
  ADD CONSTRAINT payment_run_payment_information_ck CHECK ((file_xml IS NULL) = (payment_information_id IS NULL));

CREATE OR REPLACE FUNCTION app.payment_run_file_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.file_xml IS NOT NULL AND (NEW.file_xml IS DISTINCT FROM OLD.file_xml
      OR NEW.message_id IS DISTINCT FROM OLD.message_id
      OR NEW.payment_information_id IS DISTINCT FROM OLD.payment_information_id
      OR NEW.status <> OLD.status) THEN
    RAISE EXCEPTION 'payment run % has its bank file and cannot be changed', OLD.id USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
