-- 0006: roles and row-level security. A province runs many agencies in one
-- database: a clerk of agency A cannot read, change or even count agency B's
-- dossiers, by any SQL. Each login role is a member of one of the group roles
-- below and is listed in agency_member for the agencies it works for; a
-- session names its agency with the setting motcua.agency (motcua sets it),
-- and sees rows of that agency only if the login role belongs to it.
-- Superusers (the project-local cluster's bootstrap role) bypass RLS.

-- Roles are cluster-wide: another database of the cluster may be creating
-- them at the same moment, so "already there" is fine either way.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['motcua_clerk', 'motcua_office', 'motcua_auditor'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END LOOP;
END
$$;
-- motcua_clerk: receipts and actions; motcua_office: reports, apologies,
-- the nightly job; motcua_auditor: read-only (ISO 9001 audits).

CREATE TABLE agency_member (
    role_name  name NOT NULL,
    agency_id  text NOT NULL REFERENCES agency,
    PRIMARY KEY (role_name, agency_id)
);

-- The session's agency, if the login role belongs to it; NULL otherwise.
-- SECURITY DEFINER so that members cannot read or forge the membership list.
CREATE FUNCTION session_agency() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
    SELECT m.agency_id FROM motcua.agency_member m
    WHERE m.role_name = session_user
      AND m.agency_id = current_setting('motcua.agency', true)
$$;
REVOKE ALL ON FUNCTION session_agency() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_agency() TO motcua_clerk, motcua_office, motcua_auditor;

GRANT USAGE ON SCHEMA motcua TO motcua_clerk, motcua_office, motcua_auditor;
GRANT SELECT ON agency, procedure, procedure_version, catalog_set, catalog_set_member
    TO motcua_clerk, motcua_office, motcua_auditor;
GRANT SELECT, INSERT, UPDATE ON dossier, dossier_counter TO motcua_clerk, motcua_office;
GRANT SELECT, INSERT ON dossier_event TO motcua_clerk, motcua_office;
GRANT SELECT, INSERT, UPDATE ON alert, notification, apology_counter TO motcua_office;
GRANT SELECT, INSERT ON apology TO motcua_office;
GRANT SELECT ON alert, apology TO motcua_clerk;
GRANT SELECT ON dossier, dossier_event, dossier_counter, alert, notification, apology,
    apology_counter TO motcua_auditor;
-- nobody but the owner may rewrite history; the trigger stops the owner too
REVOKE UPDATE, DELETE, TRUNCATE ON dossier_event FROM PUBLIC;

-- The same policy on every per-agency table; FORCE makes it bind the
-- table owner too (superusers still bypass it).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dossier', 'dossier_event', 'dossier_counter', 'alert',
                             'notification', 'apology', 'apology_counter'] LOOP
        EXECUTE format('ALTER TABLE motcua.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE motcua.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY agency_rows ON motcua.%I USING (agency_id = motcua.session_agency()) '
                       'WITH CHECK (agency_id = motcua.session_agency())', t);
    END LOOP;
END
$$;
