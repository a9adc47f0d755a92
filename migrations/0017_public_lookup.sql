-- 0017: the citizen's look-up (Tra cứu hồ sơ, no login). A citizen gives
-- the dossier's code and the last four digits of the applicant's phone or
-- ID number, or opens the link of the slip's QR code, which carries the
-- dossier's unguessable look-up token; they learn the procedure, the state,
-- the appointment, and nothing else. The server answers them as the role
-- motcua_public (SET LOCAL ROLE), which has no right on any table: only
-- EXECUTE on the two SECURITY DEFINER functions below, which return those
-- facts alone, record each failure (with the client's address) and refuse
-- an address or a code that failed too often.

DO $$
BEGIN
    CREATE ROLE motcua_public NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- A look-up token: 24 bytes from the server's strong random source
-- (gen_random_uuid() is pg_strong_random; no pgcrypto needed), 182 random
-- bits (a version 4 UUID has 122, the next one's first 8 bytes 60 more),
-- as 32 characters of URL-safe base64 (no padding, no line break). Every
-- dossier has one, the ones already received too (a volatile default:
-- each row its own). The expression is the default itself, not a function
-- of ours: a function with SET search_path is called with its settings
-- saved and restored, on every receipt (a fifth of the receipt's time).
ALTER TABLE dossier ADD COLUMN lookup_token text NOT NULL
    DEFAULT pg_catalog.translate(pg_catalog.encode(
        pg_catalog.substr(pg_catalog.uuid_send(pg_catalog.gen_random_uuid()), 1, 16)
        || pg_catalog.substr(pg_catalog.uuid_send(pg_catalog.gen_random_uuid()), 1, 8),
        'base64'), '+/', '-_')
    CHECK (lookup_token ~ '^[A-Za-z0-9_-]{32}$');
CREATE UNIQUE INDEX dossier_lookup_token ON dossier (lookup_token);

-- The failed look-ups: the address they came from and the code asked for
-- (NULL: a token that matched nothing). Never the digits typed. Kept, as
-- the log of logins is: the limit bounds how fast one address adds rows.
CREATE TABLE lookup_failure (
    agency_id  text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now(),
    client     text NOT NULL CHECK (length(client) <= 100),
    code       text CHECK (length(code) <= 100)
);
CREATE INDEX lookup_failure_client ON lookup_failure (agency_id, client, at);
CREATE INDEX lookup_failure_code ON lookup_failure (agency_id, code, at) WHERE code IS NOT NULL;
ALTER TABLE lookup_failure ENABLE ROW LEVEL SECURITY;
ALTER TABLE lookup_failure FORCE ROW LEVEL SECURITY;
CREATE POLICY agency_rows ON lookup_failure
    USING (agency_id = (SELECT motcua.session_agency()))
    WITH CHECK (agency_id = (SELECT motcua.session_agency()));
REVOKE ALL ON lookup_failure FROM PUBLIC;
GRANT SELECT ON lookup_failure TO motcua_office, motcua_auditor;

-- Whether the address or the code failed too often: 10 failures in 15
-- minutes (either). Returns the seconds until the oldest of the last 10
-- leaves the window, 0 when not limited. One address's look-ups queue on
-- an advisory lock, so parallel requests cannot pass the count together.
CREATE FUNCTION lookup_limited(p_agency text, p_client text, p_code text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
#variable_conflict use_column
DECLARE
    win constant interval := interval '15 minutes';
    lim constant integer := 10;
    oldest timestamptz;
BEGIN
    PERFORM pg_advisory_xact_lock(1819242347, hashtext(p_client));
    SELECT min(at) INTO oldest FROM (
        SELECT f.at FROM motcua.lookup_failure f
         WHERE f.agency_id = p_agency AND f.client = p_client AND f.at > now() - win
         ORDER BY f.at DESC LIMIT lim) last
     HAVING count(*) >= lim;
    IF oldest IS NULL AND p_code IS NOT NULL THEN
        SELECT min(at) INTO oldest FROM (
            SELECT f.at FROM motcua.lookup_failure f
             WHERE f.agency_id = p_agency AND f.code = p_code AND f.at > now() - win
             ORDER BY f.at DESC LIMIT lim) last
         HAVING count(*) >= lim;
    END IF;
    IF oldest IS NULL THEN
        RETURN 0;
    END IF;
    RETURN greatest(1, ceil(extract(epoch FROM oldest + win - now()))::integer);
END
$$;

-- The public facts of one dossier: outcome 'found' (with the procedure's
-- name, the state, the appointment), 'not_found' (recorded as a failure)
-- or 'limited' (nothing looked at, nothing recorded; retry_after seconds).
-- "No such code" and "wrong digits" are the same 'not_found'. The agency is
-- the session's (the server sets motcua.agency); the digits are the last
-- four of the phone number or of the ID number (digits only).
CREATE FUNCTION public_lookup(p_code text, p_digits text, p_client text)
RETURNS TABLE (outcome text, code text, procedure_name text, state text, due_at timestamptz,
               retry_after integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
#variable_conflict use_column
DECLARE
    v_agency text := motcua.session_agency();
    v_client text := left(coalesce(nullif(p_client, ''), '?'), 100);
    v_code text := left(btrim(coalesce(p_code, '')), 100);
    wait integer;
BEGIN
    IF v_agency IS NULL THEN
        RAISE EXCEPTION 'this session does not act for an agency' USING ERRCODE = '42501';
    END IF;
    wait := motcua.lookup_limited(v_agency, v_client, upper(v_code));
    IF wait > 0 THEN
        RETURN QUERY SELECT 'limited', NULL::text, NULL::text, NULL::text, NULL::timestamptz, wait;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT 'found', d.code, p.name, d.state, d.due_at, 0
          FROM motcua.dossier d
          JOIN motcua.procedure p ON p.agency_id = d.agency_id AND p.code = d.procedure_code
         WHERE d.agency_id = v_agency AND d.code IN (v_code, upper(v_code))
           AND p_digits ~ '^[0-9]{4}$'
           AND (right(regexp_replace(coalesce(d.applicant_phone, ''), '[^0-9]', '', 'g'), 4) = p_digits
                OR right(regexp_replace(coalesce(d.applicant_id_number, ''), '[^0-9]', '', 'g'), 4) = p_digits)
         LIMIT 1;
    IF NOT FOUND THEN
        INSERT INTO motcua.lookup_failure (agency_id, client, code)
        VALUES (v_agency, v_client, upper(v_code));
        RETURN QUERY SELECT 'not_found', NULL::text, NULL::text, NULL::text, NULL::timestamptz, 0;
    END IF;
END
$$;

-- The same facts for the token of the slip's QR code. Limited per address
-- only: a token cannot be guessed, so a code's failures do not stop it.
CREATE FUNCTION public_lookup_token(p_token text, p_client text)
RETURNS TABLE (outcome text, code text, procedure_name text, state text, due_at timestamptz,
               retry_after integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
#variable_conflict use_column
DECLARE
    v_agency text := motcua.session_agency();
    v_client text := left(coalesce(nullif(p_client, ''), '?'), 100);
    wait integer;
BEGIN
    IF v_agency IS NULL THEN
        RAISE EXCEPTION 'this session does not act for an agency' USING ERRCODE = '42501';
    END IF;
    wait := motcua.lookup_limited(v_agency, v_client, NULL);
    IF wait > 0 THEN
        RETURN QUERY SELECT 'limited', NULL::text, NULL::text, NULL::text, NULL::timestamptz, wait;
        RETURN;
    END IF;
    RETURN QUERY
        SELECT 'found', d.code, p.name, d.state, d.due_at, 0
          FROM motcua.dossier d
          JOIN motcua.procedure p ON p.agency_id = d.agency_id AND p.code = d.procedure_code
         WHERE d.lookup_token = p_token AND d.agency_id = v_agency;
    IF NOT FOUND THEN
        INSERT INTO motcua.lookup_failure (agency_id, client, code) VALUES (v_agency, v_client, NULL);
        RETURN QUERY SELECT 'not_found', NULL::text, NULL::text, NULL::text, NULL::timestamptz, 0;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION lookup_limited(text, text, text), public_lookup(text, text, text),
    public_lookup_token(text, text) FROM PUBLIC;
GRANT USAGE ON SCHEMA motcua TO motcua_public;
GRANT EXECUTE ON FUNCTION public_lookup(text, text, text), public_lookup_token(text, text)
    TO motcua_public;
