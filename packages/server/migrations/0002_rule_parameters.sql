-- Official parameter values recorded by an administrator (e.g. the published 2026 riksnorm
-- replacing the derived one). Append-only: a correction is a newer row; history stays.

CREATE TABLE app.rule_parameter_version (
  id bigint GENERATED ALWAYS AS IDENTITY,
  parameter_id text NOT NULL,
  effective_from date NOT NULL,
  value jsonb NOT NULL,
  source text NOT NULL,
  status text NOT NULL,
  note text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by text NOT NULL,
  CONSTRAINT rule_parameter_version_pk PRIMARY KEY (id),
  CONSTRAINT rule_parameter_version_parameter_ck CHECK (parameter_id ~ '^[a-z0-9]+([.-][a-z0-9]+)*$'),
  CONSTRAINT rule_parameter_version_status_ck CHECK (status IN ('verified', 'derived')),
  CONSTRAINT rule_parameter_version_source_ck CHECK (length(btrim(source)) >= 5),
  CONSTRAINT rule_parameter_version_recorded_by_ck CHECK (length(btrim(recorded_by)) >= 1)
);
CREATE INDEX rule_parameter_version_lookup_ix ON app.rule_parameter_version (parameter_id, effective_from, id);
COMMENT ON TABLE app.rule_parameter_version IS 'National rule parameters (riksnorm, prisbasbelopp …) recorded after release: supersede the bundled file version with the same id and date; never updated or deleted.';

-- National data, not a municipality's: no municipality_id. Append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON app.rule_parameter_version FROM skyddsnat_app;
