-- 0008: a night is evaluated in one transaction and recorded as done.
--
-- The job used to commit a page of alerts at a time and let a rerun add what
-- was missing (ON CONFLICT DO NOTHING). Each alert then paid for a
-- speculative insert, two B-tree indexes and a foreign-key check that locks
-- its dossier row (a write to the dossier table per alert): ten times the
-- cost of the row itself. Now the whole night is one transaction that ends by
-- recording the night here: a killed run leaves nothing behind, a rerun of a
-- finished night does nothing, and the alerts are plain appends.

CREATE TABLE nightly_run (
    agency_id    text NOT NULL REFERENCES agency,
    as_of        date NOT NULL,
    dossiers     integer NOT NULL,          -- open dossiers evaluated
    alerts       integer NOT NULL,          -- alerts recorded
    finished_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, as_of)
);

-- A night's alerts are written once, in the transaction that records the
-- night in nightly_run (whose key makes a second write of the night fail),
-- only by the job and from the dossier rows it has just read; dossiers are
-- never deleted. So an alert needs neither a key of its own nor a foreign
-- key: a B-tree on the alerts cost the job as much as writing them. Nights
-- are appended in order, so a BRIN index finds a night's rows for almost
-- nothing; the listing sorts them (per unit, kind, dossier).
ALTER TABLE alert DROP CONSTRAINT alert_agency_id_code_fkey;
DROP INDEX alert_listing;
ALTER TABLE alert DROP CONSTRAINT alert_pkey;
CREATE INDEX alert_night ON alert USING brin (as_of);

-- Nights evaluated before this migration count as done.
INSERT INTO nightly_run (agency_id, as_of, dossiers, alerts)
SELECT agency_id, as_of, count(DISTINCT code), count(*) FROM alert GROUP BY agency_id, as_of;

ALTER TABLE nightly_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE nightly_run FORCE ROW LEVEL SECURITY;
CREATE POLICY agency_rows ON nightly_run USING (agency_id = motcua.session_agency())
    WITH CHECK (agency_id = motcua.session_agency());
GRANT SELECT, INSERT ON nightly_run TO motcua_office;
GRANT SELECT ON nightly_run TO motcua_clerk, motcua_auditor;
