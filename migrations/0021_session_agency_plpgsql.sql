-- 0021: the session's agency (0006) as a PL/pgSQL function, the same query.
-- Every statement of a person's role on a per-agency table calls it once,
-- in its row-level security policy's init plan (0010). As a SQL function
-- that is SECURITY DEFINER (never inlined), its query was parsed and
-- planned at every call, i.e. in every such statement of every request;
-- PL/pgSQL keeps the plan for the session. Same owner, same rights, same
-- fixed search_path, same result: the login's agency when it is a member
-- of the one the session names, else NULL.
CREATE OR REPLACE FUNCTION session_agency() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
BEGIN
    RETURN (SELECT m.agency_id FROM motcua.agency_member m
            WHERE m.role_name = session_user
              AND m.agency_id = current_setting('motcua.agency', true));
END
$$;
