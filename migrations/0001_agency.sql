-- 0001: agencies. Every other table is keyed by agency_id first, so one
-- database holds a province's agencies apart (row-level security comes with
-- the roles migration) and can be sharded by agency later.
CREATE TABLE agency (
    agency_id   text PRIMARY KEY CHECK (agency_id ~ '^[a-z0-9][a-z0-9-]*$'),
    code        text NOT NULL UNIQUE,   -- electronic code (QCVN 102:2016), prefix of dossier codes
    name        text NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE agency IS 'An agency (Sở) whose dossiers this database holds; loaded from procedures/agency.yaml';
