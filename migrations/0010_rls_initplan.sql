-- 0010: the row-level security policies ask for the session's agency once
-- per statement, not once per row. session_agency() is SECURITY DEFINER (so
-- members cannot read the membership list), which keeps PostgreSQL from
-- inlining it: called in the policy as is, it ran a query for every row a
-- statement touched (a report over a year of dossiers, a night's alerts).
-- As a scalar subquery it is an init plan: evaluated once.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dossier', 'dossier_event', 'dossier_counter', 'alert',
                             'notification', 'apology', 'apology_counter', 'nightly_run'] LOOP
        EXECUTE format('ALTER POLICY agency_rows ON motcua.%I '
                       'USING (agency_id = (SELECT motcua.session_agency())) '
                       'WITH CHECK (agency_id = (SELECT motcua.session_agency()))', t);
    END LOOP;
END
$$;
