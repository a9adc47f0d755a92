-- What each role of a person may do, in the database too: the same table
-- as engine/core/roles.c (a test compares them row by row). The server sets
-- motcua.desk_role for the transaction of each request, beside the group
-- role and the agency (SET LOCAL: the request's own), and every event
-- written through the door is checked against it. The command line and the
-- office's tools set no desk role: the group role's rights (migration 0012)
-- are theirs, as before. The same trigger refuses a supplement request
-- that does not say what is missing.

CREATE TABLE desk_action (
    desk_role  text NOT NULL,
    action     text NOT NULL,     -- an action of the state machine, or 'backdate'
    PRIMARY KEY (desk_role, action)
);
INSERT INTO desk_action
    SELECT 'clerk', a FROM unnest(ARRAY['receive', 'forward', 'supplement_request',
        'supplement_received', 'return', 'refuse', 'withdraw', 'return_unprocessed']) AS a
    UNION ALL
    SELECT 'specialist', a FROM unnest(ARRAY['forward', 'result_ready', 'supplement_request',
        'pause', 'resume']) AS a
    UNION ALL
    SELECT 'head', a FROM unnest(ARRAY['forward', 'result_ready', 'supplement_request', 'pause',
        'resume', 'refuse', 'return_unprocessed']) AS a
    UNION ALL
    SELECT 'leader', a FROM unnest(ARRAY['forward', 'result_ready', 'supplement_request', 'pause',
        'resume', 'refuse', 'return_unprocessed']) AS a
    UNION ALL
    SELECT r, a FROM unnest(ARRAY['office', 'admin']) AS r, unnest(ARRAY['receive', 'forward',
        'result_ready', 'return', 'supplement_request', 'supplement_received', 'pause', 'resume',
        'refuse', 'withdraw', 'return_unprocessed', 'apology', 'correct', 'void', 'backdate']) AS a
    UNION ALL
    SELECT 'integration', a FROM unnest(ARRAY['receive', 'supplement_received', 'withdraw']) AS a;
GRANT SELECT ON desk_action TO motcua_clerk, motcua_office, motcua_auditor;

-- Who acted in which role stays in the log.
ALTER TABLE dossier_event ADD COLUMN desk_role text;
ALTER TABLE dossier_event ALTER COLUMN desk_role
    SET DEFAULT nullif(pg_catalog.current_setting('motcua.desk_role', true), '');

CREATE FUNCTION desk_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
DECLARE
    r text := nullif(pg_catalog.current_setting('motcua.desk_role', true), '');
BEGIN
    -- a supplement request says what is missing, whoever writes it (the
    -- engine's rule, mc_action_needs_note)
    IF NEW.action = 'supplement_request' AND (NEW.note IS NULL OR btrim(NEW.note) = '') THEN
        RAISE EXCEPTION 'a supplement request needs what is missing as a note' USING ERRCODE = '23514';
    END IF;
    IF r IS NULL THEN
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM motcua.desk_action d WHERE d.desk_role = r AND d.action = NEW.action) THEN
        RAISE EXCEPTION 'the role % may not %', r, NEW.action USING ERRCODE = '42501';
    END IF;
    IF NEW.backdate_reason IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM motcua.desk_action d WHERE d.desk_role = r AND d.action = 'backdate') THEN
        RAISE EXCEPTION 'the role % may not record a moment other than now', r USING ERRCODE = '42501';
    END IF;
    NEW.desk_role := r;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION desk_check() FROM PUBLIC;
-- (WHEN: an event with no desk role and no supplement request, the command
-- line's, costs no call of the function)
CREATE TRIGGER dossier_event_desk_role BEFORE INSERT ON dossier_event
    FOR EACH ROW
    WHEN (NEW.action = 'supplement_request'
          OR coalesce(pg_catalog.current_setting('motcua.desk_role', true), '') <> '')
    EXECUTE FUNCTION desk_check();
