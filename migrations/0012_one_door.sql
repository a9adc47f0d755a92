-- 0012: one door for writes. People's roles lose INSERT and UPDATE on
-- dossier, dossier_event and dossier_counter; every write goes through the
-- two functions below (SECURITY DEFINER, fixed search_path), which take the
-- connected user and the server's clock from the session, check the event
-- against the state machine's transitions and the dossier's revision, bound
-- every text, and append it. The receive event carries every fact of the
-- receipt, so `motcua db verify` checks every column of a dossier against
-- its log. The engine computes due moments (the working-time calendar lives
-- in C); a forged due moment passed through the door is still a logged,
-- attributed event, and verify finds the row that disagrees with its replay.

-- Who was connected (session_user: not forgeable by the client, unlike the
-- actor's name) and, for an event dated other than when it was recorded
-- (an import, a correction of history), why. Events logged before this
-- migration keep NULL: who wrote them was not recorded.
ALTER TABLE dossier_event ADD COLUMN db_user name;
ALTER TABLE dossier_event ALTER COLUMN db_user SET DEFAULT session_user;
ALTER TABLE dossier_event ADD COLUMN backdate_reason text;

-- A receipt logged by mistake is voided: the code stays taken (numbering is
-- gap-free), the dossier leaves the statistics.
ALTER TABLE dossier DROP CONSTRAINT dossier_state_check;
ALTER TABLE dossier ADD CONSTRAINT dossier_state_check CHECK (state IN ('in_step',
    'supplement_requested', 'paused', 'result_ready', 'returned', 'refused', 'withdrawn',
    'returned_unprocessed', 'voided'));
ALTER TABLE dossier DROP CONSTRAINT dossier_result_check;
ALTER TABLE dossier ADD CONSTRAINT dossier_result_check CHECK (result IN ('early', 'on_time',
    'late', 'refused', 'withdrawn', 'returned_unprocessed', 'voided'));

-- The state machine's transitions (engine/core/dossier.c, mirrored here and
-- compared with it by tests/test_door.c): from a state, an action, to a
-- state. 'correct' and 'apology' leave the state as it is.
CREATE TABLE transition (
    from_state  text NOT NULL,
    action      text NOT NULL,
    to_state    text NOT NULL,
    PRIMARY KEY (from_state, action, to_state)
);
INSERT INTO transition VALUES
    ('in_step', 'forward', 'in_step'),
    ('in_step', 'result_ready', 'result_ready'),
    ('in_step', 'supplement_request', 'supplement_requested'),
    ('in_step', 'pause', 'paused'),
    ('in_step', 'refuse', 'refused'),
    ('in_step', 'withdraw', 'withdrawn'),
    ('in_step', 'return_unprocessed', 'returned_unprocessed'),
    ('in_step', 'apology', 'in_step'),
    ('supplement_requested', 'supplement_received', 'in_step'),
    ('supplement_requested', 'refuse', 'refused'),
    ('supplement_requested', 'withdraw', 'withdrawn'),
    ('supplement_requested', 'return_unprocessed', 'returned_unprocessed'),
    ('supplement_requested', 'apology', 'supplement_requested'),
    ('paused', 'resume', 'in_step'),
    ('paused', 'refuse', 'refused'),
    ('paused', 'withdraw', 'withdrawn'),
    ('paused', 'apology', 'paused'),
    ('result_ready', 'return', 'returned');
INSERT INTO transition
    SELECT s, 'correct', s FROM unnest(ARRAY['in_step', 'supplement_requested', 'paused',
        'result_ready', 'returned', 'refused', 'withdrawn', 'returned_unprocessed']) AS s
    UNION ALL
    SELECT s, 'void', 'voided' FROM unnest(ARRAY['in_step', 'supplement_requested', 'paused',
        'result_ready', 'returned', 'refused', 'withdrawn', 'returned_unprocessed']) AS s;

-- What a role may do: the group roles allowed each action. 'backdate' is
-- recording a moment other than now (imports, corrections of history).
-- Superusers may do everything (they can bypass any of this anyway).
CREATE TABLE action_role (
    action     text NOT NULL,
    role_name  name NOT NULL,
    PRIMARY KEY (action, role_name)
);
INSERT INTO action_role
    SELECT a, r FROM unnest(ARRAY['receive', 'forward', 'result_ready', 'return',
        'supplement_request', 'supplement_received', 'pause', 'resume', 'refuse', 'withdraw',
        'return_unprocessed']) AS a, unnest(ARRAY['motcua_clerk', 'motcua_office']::name[]) AS r
    UNION ALL
    SELECT a, 'motcua_office' FROM unnest(ARRAY['apology', 'correct', 'void', 'backdate']) AS a;
GRANT SELECT ON transition, action_role TO motcua_clerk, motcua_office, motcua_auditor;

-- Whose rights a write is checked against: the role the session took with
-- SET ROLE (a server acting for its logged-in users sets it per request, and
-- PostgreSQL lets a session take only a role it is a member of), else the
-- login. Inside these SECURITY DEFINER functions current_user is their
-- owner, but the role setting is still the caller's.
CREATE FUNCTION door_role() RETURNS name
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN pg_catalog.current_setting('role') IN ('none', '') THEN session_user
                ELSE pg_catalog.current_setting('role')::name END
$$;

CREATE FUNCTION door_may(p_action text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
    SELECT coalesce((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = motcua.door_role()), false)
        OR EXISTS (SELECT 1 FROM motcua.action_role ar
                   WHERE ar.action = p_action
                     AND pg_catalog.pg_has_role(motcua.door_role(), ar.role_name, 'MEMBER'))
$$;

-- A text a person typed: bounded, and no control characters (they forge
-- lines on printed slips and reach terminals); newlines only in notes.
CREATE FUNCTION door_text(p_field text, p_value text, p_max integer, p_multiline boolean)
RETURNS void LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
BEGIN
    IF p_value IS NULL THEN
        RETURN;
    END IF;
    IF length(p_value) > p_max THEN
        RAISE EXCEPTION '% is longer than % characters', p_field, p_max
            USING ERRCODE = '22001';
    END IF;
    IF (p_multiline AND p_value ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f]')
       OR (NOT p_multiline AND p_value ~ '[\x01-\x1f\x7f\u0080-\u009f]') THEN
        RAISE EXCEPTION '% contains a control character', p_field USING ERRCODE = '22023';
    END IF;
END
$$;

-- The moment of an event. Within the skew of the server's clock it is now
-- (a desk action: NULL is returned). Any other moment is history being
-- written (an import, a correction): it needs a reason and the 'backdate'
-- right, and the reason is returned to be logged. Never in the future.
CREATE FUNCTION door_moment(p_at timestamptz, p_reason text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
DECLARE
    skew constant interval := interval '5 minutes';
BEGIN
    IF p_at > now() + skew THEN
        RAISE EXCEPTION 'the moment % is in the future (the server''s clock says %)', p_at, now()
            USING ERRCODE = '22008';
    END IF;
    IF p_at >= now() - skew THEN
        RETURN NULL;
    END IF;
    IF p_reason IS NULL OR btrim(p_reason) = '' THEN
        RAISE EXCEPTION 'a moment other than now (%) is a correction of history: it needs a reason', p_at
            USING ERRCODE = '22023';
    END IF;
    IF NOT motcua.door_may('backdate') THEN
        RAISE EXCEPTION 'recording a moment other than now needs the office role'
            USING ERRCODE = '42501';
    END IF;
    PERFORM motcua.door_text('the reason', p_reason, 500, false);
    RETURN p_reason;
END
$$;

-- The session may act for p_agency: it is the session's agency, or the
-- session is a superuser's.
CREATE FUNCTION door_agency(p_agency text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
BEGIN
    IF NOT coalesce((SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = motcua.door_role()), false)
       AND p_agency IS DISTINCT FROM motcua.session_agency() THEN
        RAISE EXCEPTION 'this session does not act for agency %', p_agency USING ERRCODE = '42501';
    END IF;
END
$$;

-- A receipt: the day's next number, the dossier row and its receive event,
-- which carries every fact of the receipt. Returns the code, or NULL when
-- the procedure version is not stored. p_async: the transaction commits
-- without waiting for its WAL flush (store_dossier.c follows it with a
-- flushed transaction before the code is given). p_code: an imported
-- dossier keeps the code it has in the system it comes from, and takes no
-- number of the day's counter: an import of history never holds today's
-- desk. (One plpgsql function with its checks inlined: measured faster than
-- nested helper calls, and than a SQL function, which is planned per call.)
CREATE FUNCTION receive_dossier(
    p_agency text, p_day date, p_prefix text, p_procedure text, p_version integer,
    p_channel text, p_name text, p_address text, p_phone text, p_id_number text,
    p_external_ref text, p_key text, p_received timestamptz, p_due_at_receipt timestamptz,
    p_due_at timestamptz, p_step_id text, p_step_unit text, p_step_due timestamptz,
    p_actor text, p_reason text, p_async boolean, p_code text)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
DECLARE
    n integer;
    v_code text;
    v_reason text;
    who record;
    -- control characters (newline included): none in a one-line field
    ctl constant text := '[\x01-\x1f\x7f\u0080-\u009f]';
BEGIN
    -- who acts, with which rights, for which agency: one query (a receipt
    -- is the desk's hot path; door_may / door_agency say the same slower)
    SELECT coalesce(r.rolsuper, false) AS super,
           EXISTS (SELECT 1 FROM motcua.action_role ar WHERE ar.action = 'receive'
                   AND pg_has_role(motcua.door_role(), ar.role_name, 'MEMBER')) AS may_receive,
           EXISTS (SELECT 1 FROM motcua.action_role ar WHERE ar.action = 'backdate'
                   AND pg_has_role(motcua.door_role(), ar.role_name, 'MEMBER')) AS may_backdate,
           EXISTS (SELECT 1 FROM motcua.agency_member m WHERE m.role_name = session_user
                   AND m.agency_id = p_agency
                   AND p_agency = current_setting('motcua.agency', true)) AS member,
           (SELECT a.code FROM motcua.agency a WHERE a.agency_id = p_agency) AS agency_code,
           EXISTS (SELECT 1 FROM motcua.procedure_version pv WHERE pv.agency_id = p_agency
                   AND pv.code = p_procedure AND pv.version = p_version) AS version_known
      INTO who
      FROM (SELECT motcua.door_role() AS name) me
      LEFT JOIN pg_roles r ON r.rolname = me.name;
    IF NOT (who.super OR who.member) THEN
        RAISE EXCEPTION 'this session does not act for agency %', p_agency USING ERRCODE = '42501';
    END IF;
    IF NOT (who.super OR who.may_receive) THEN
        RAISE EXCEPTION 'this role may not receive dossiers' USING ERRCODE = '42501';
    END IF;
    IF length(p_name) > 300 OR p_name ~ ctl OR length(p_address) > 500 OR p_address ~ ctl
       OR length(p_phone) > 40 OR p_phone ~ ctl OR length(p_id_number) > 40 OR p_id_number ~ ctl
       OR length(p_external_ref) > 100 OR p_external_ref ~ ctl OR length(p_key) > 200
       OR p_key ~ ctl OR length(p_actor) > 60 OR p_actor ~ ctl THEN
        -- name the field
        PERFORM motcua.door_text('the applicant''s name', p_name, 300, false),
                motcua.door_text('the address', p_address, 500, false),
                motcua.door_text('the phone number', p_phone, 40, false),
                motcua.door_text('the ID number', p_id_number, 40, false),
                motcua.door_text('the external reference', p_external_ref, 100, false),
                motcua.door_text('the idempotency key', p_key, 200, false),
                motcua.door_text('the actor', p_actor, 60, false);
    END IF;
    IF p_name IS NULL OR btrim(p_name) = '' THEN
        RAISE EXCEPTION 'the applicant''s name is required' USING ERRCODE = '22023';
    END IF;
    -- the moment: now (within the skew), or history with a reason and the
    -- right to write it; never the future (as door_moment)
    IF p_received > now() + interval '5 minutes' THEN
        RAISE EXCEPTION 'the moment % is in the future (the server''s clock says %)', p_received, now()
            USING ERRCODE = '22008';
    ELSIF p_received < now() - interval '5 minutes' THEN
        IF p_reason IS NULL OR btrim(p_reason) = '' THEN
            PERFORM motcua.door_moment(p_received, p_reason);      -- its message
        ELSIF NOT (who.super OR who.may_backdate) THEN
            RAISE EXCEPTION 'recording a moment other than now needs the office role'
                USING ERRCODE = '42501';
        ELSIF length(p_reason) > 500 OR p_reason ~ ctl THEN
            PERFORM motcua.door_text('the reason', p_reason, 500, false);
        END IF;
        v_reason := p_reason;
    END IF;
    IF p_code IS NOT NULL THEN
        IF NOT (who.super OR who.may_backdate) THEN
            RAISE EXCEPTION 'importing dossiers needs the office role' USING ERRCODE = '42501';
        END IF;
        IF p_code !~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$' THEN
            RAISE EXCEPTION 'the imported code % is not a dossier code', p_code USING ERRCODE = '22023';
        END IF;
    ELSIF (p_received AT TIME ZONE 'Asia/Ho_Chi_Minh')::date IS DISTINCT FROM p_day
       OR p_prefix IS DISTINCT FROM who.agency_code || '-' || to_char(p_day, 'YYMMDD') || '-'
       OR p_day NOT BETWEEN date '2000-01-01' AND date '2099-12-31' THEN
        RAISE EXCEPTION 'the code prefix % does not match the receipt on %', p_prefix, p_day
            USING ERRCODE = '22023';
    END IF;
    IF NOT who.version_known THEN
        RETURN NULL;            -- the caller says "run catalog load"
    END IF;
    IF p_async THEN
        PERFORM set_config('synchronous_commit', 'off', true);
    END IF;
    IF p_code IS NOT NULL THEN
        v_code := p_code;
    ELSE
        INSERT INTO motcua.dossier_counter AS c (agency_id, day, last) VALUES (p_agency, p_day, 1)
            ON CONFLICT (agency_id, day) DO UPDATE SET last = c.last + 1
            RETURNING c.last INTO n;
        v_code := p_prefix || lpad(n::text, 4, '0');
    END IF;
    INSERT INTO motcua.dossier (agency_id, code, procedure_code, procedure_version, channel,
        applicant_name, applicant_address, applicant_phone, applicant_id_number, external_ref,
        idempotency_key, received_at, due_at_receipt, due_at, state, step_index, step_id,
        step_unit, step_due_at, paused_ticks, supplement_count, revision)
    VALUES (p_agency, v_code, p_procedure, p_version, p_channel, p_name, p_address, p_phone,
        p_id_number, p_external_ref, p_key, p_received, p_due_at_receipt, p_due_at, 'in_step', 0,
        p_step_id, p_step_unit, p_step_due, 0, 0, 1);
    INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, to_state, step_id,
        data, backdate_reason)
    VALUES (p_agency, v_code, 1, p_received, 'receive', p_actor, 'in_step', p_step_id,
        jsonb_strip_nulls(jsonb_build_object('procedure', p_procedure, 'version', p_version,
            'channel', p_channel, 'received_at', p_received,
            'applicant', jsonb_strip_nulls(jsonb_build_object('name', p_name,
                'address', p_address, 'phone', p_phone, 'id_number', p_id_number)),
            'external_ref', p_external_ref, 'idempotency_key', p_key)),
        v_reason);
    RETURN v_code;
END
$$;

-- An action on a dossier: checked against the transitions and their guards
-- on the step (forward moves to the next step, result_ready only from the
-- last), the role, the time order of the log and the revision the caller
-- read (p_revision: a stale one is a conflict), then appended; the row takes
-- the state the engine replayed. Every event the door accepts is one the
-- state machine replays, so no write through it can leave a dossier that
-- cannot be read again. A correction
-- (p_data {"field","old","new"}) changes one fact of the receipt, the old
-- value checked. Returns the new revision.
CREATE FUNCTION append_event(
    p_agency text, p_code text, p_revision integer, p_at timestamptz, p_action text,
    p_actor text, p_note text, p_to_state text, p_step_index integer, p_step_id text,
    p_step_unit text, p_step_due timestamptz, p_due_at timestamptz, p_paused_since timestamptz,
    p_paused_ticks bigint, p_supplements integer, p_finished timestamptz, p_closed timestamptz,
    p_result text, p_data jsonb, p_reason text)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
DECLARE
    cur record;
    v_reason text;
    f text;
    old_value text;
    steps jsonb;
    last_at timestamptz;
    want_step integer;
    who record;
BEGIN
    -- who acts, with which rights, for which agency: one query (as in
    -- receive_dossier)
    SELECT coalesce(r.rolsuper, false) AS super,
           EXISTS (SELECT 1 FROM motcua.action_role ar WHERE ar.action = p_action
                   AND pg_has_role(motcua.door_role(), ar.role_name, 'MEMBER')) AS may,
           EXISTS (SELECT 1 FROM motcua.agency_member m WHERE m.role_name = session_user
                   AND m.agency_id = p_agency
                   AND p_agency = current_setting('motcua.agency', true)) AS member
      INTO who
      FROM (SELECT motcua.door_role() AS name) me
      LEFT JOIN pg_roles r ON r.rolname = me.name;
    IF NOT (who.super OR who.member) THEN
        RAISE EXCEPTION 'this session does not act for agency %', p_agency USING ERRCODE = '42501';
    END IF;
    -- the row (locked), its last event's moment and its version's steps
    SELECT d.state, d.revision, d.applicant_name, d.applicant_address, d.applicant_phone,
           d.applicant_id_number, d.channel, d.step_index, d.procedure_code, d.procedure_version,
           d.result, e.at AS last_at, pv.steps
      INTO cur FROM motcua.dossier d
      LEFT JOIN motcua.dossier_event e ON e.agency_id = d.agency_id AND e.code = d.code
           AND e.seq = d.revision
      LEFT JOIN motcua.procedure_version pv ON pv.agency_id = d.agency_id
           AND pv.code = d.procedure_code AND pv.version = d.procedure_version
     WHERE d.agency_id = p_agency AND d.code = p_code FOR UPDATE OF d;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no dossier %', p_code USING ERRCODE = 'P0002';
    END IF;
    IF cur.revision <> p_revision THEN
        RAISE EXCEPTION 'dossier % was changed by someone else meanwhile', p_code
            USING ERRCODE = '40001';
    END IF;
    last_at := cur.last_at;
    steps := cur.steps;
    IF p_at < last_at THEN
        RAISE EXCEPTION 'cannot % at %: the dossier''s last action was at %', p_action, p_at, last_at
            USING ERRCODE = '55000';
    END IF;
    -- the step after the event: the next one on forward, the same one while
    -- the dossier is open, none once it is closed
    want_step := CASE WHEN p_to_state NOT IN ('in_step', 'supplement_requested', 'paused') THEN NULL
                      WHEN p_action = 'forward' THEN cur.step_index + 1
                      ELSE cur.step_index END;
    IF (p_action = 'forward' AND cur.step_index >= jsonb_array_length(steps) - 1)
       OR (p_action = 'result_ready' AND cur.step_index <> jsonb_array_length(steps) - 1)
       OR p_step_index IS DISTINCT FROM want_step
       OR (want_step IS NOT NULL AND (p_step_id IS DISTINCT FROM steps->want_step->>'id'
                                      OR p_step_unit IS DISTINCT FROM steps->want_step->>'unit'))
       OR (p_action = 'result_ready' AND (p_finished IS DISTINCT FROM p_at
                                          OR p_result NOT IN ('early', 'on_time', 'late')))
       OR (p_action IN ('return', 'correct', 'apology') AND p_result IS DISTINCT FROM cur.result)
       OR (p_to_state IN ('refused', 'withdrawn', 'returned_unprocessed', 'voided')
           AND (p_result IS DISTINCT FROM p_to_state OR p_closed IS DISTINCT FROM p_at))
       OR (p_to_state IN ('in_step', 'supplement_requested', 'paused') AND p_result IS NOT NULL) THEN
        RAISE EXCEPTION 'cannot % dossier % at step % of %: the event does not follow the procedure''s steps',
            p_action, p_code, cur.step_index, jsonb_array_length(steps) USING ERRCODE = '55000';
    END IF;
    IF NOT (who.super OR who.may) THEN
        RAISE EXCEPTION 'this role may not % a dossier', p_action USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM motcua.transition t WHERE t.from_state = cur.state
                   AND t.action = p_action AND t.to_state = p_to_state) THEN
        RAISE EXCEPTION 'cannot % a dossier in state % (to %)', p_action, cur.state, p_to_state
            USING ERRCODE = '55000';
    END IF;
    IF length(p_note) > 2000 OR p_note ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f]'
       OR length(p_actor) > 60 OR p_actor ~ '[\x01-\x1f\x7f\u0080-\u009f]' THEN
        PERFORM motcua.door_text('the note', p_note, 2000, true),
                motcua.door_text('the actor', p_actor, 60, false);
    END IF;
    IF p_action IN ('refuse', 'correct', 'void') AND (p_note IS NULL OR btrim(p_note) = '') THEN
        RAISE EXCEPTION '% needs the reason: a note', p_action USING ERRCODE = '22023';
    END IF;
    IF p_at > now() + interval '5 minutes' OR p_at < now() - interval '5 minutes' THEN
        v_reason := motcua.door_moment(p_at, p_reason);
    END IF;
    IF p_action = 'correct' THEN
        f := p_data->>'field';
        PERFORM motcua.door_text('the new value', p_data->>'new', 500, false);
        old_value := CASE f WHEN 'applicant_name' THEN cur.applicant_name
            WHEN 'applicant_address' THEN cur.applicant_address
            WHEN 'applicant_phone' THEN cur.applicant_phone
            WHEN 'applicant_id_number' THEN cur.applicant_id_number
            WHEN 'channel' THEN cur.channel
            ELSE NULL END;
        IF f IS NULL OR f NOT IN ('applicant_name', 'applicant_address', 'applicant_phone',
                                  'applicant_id_number', 'channel') THEN
            RAISE EXCEPTION 'the field % cannot be corrected', f USING ERRCODE = '22023';
        END IF;
        IF old_value IS DISTINCT FROM p_data->>'old' THEN
            RAISE EXCEPTION 'the % of dossier % is no longer %', f, p_code, p_data->>'old'
                USING ERRCODE = '40001';
        END IF;
        IF f = 'applicant_name' AND coalesce(btrim(p_data->>'new'), '') = '' THEN
            RAISE EXCEPTION 'the applicant''s name is required' USING ERRCODE = '22023';
        END IF;
    END IF;
    INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, note, from_state,
        to_state, step_id, data, backdate_reason)
    VALUES (p_agency, p_code, cur.revision + 1, p_at, p_action, p_actor, p_note, cur.state,
        p_to_state, p_step_id, p_data, v_reason);
    UPDATE motcua.dossier d SET state = p_to_state, step_index = p_step_index, step_id = p_step_id,
        step_unit = p_step_unit, step_due_at = p_step_due, due_at = p_due_at,
        paused_since = p_paused_since, paused_ticks = p_paused_ticks,
        supplement_count = p_supplements, finished_at = p_finished, closed_at = p_closed,
        result = p_result, revision = cur.revision + 1,
        applicant_name = CASE WHEN f = 'applicant_name' THEN p_data->>'new' ELSE d.applicant_name END,
        applicant_address = CASE WHEN f = 'applicant_address' THEN p_data->>'new' ELSE d.applicant_address END,
        applicant_phone = CASE WHEN f = 'applicant_phone' THEN p_data->>'new' ELSE d.applicant_phone END,
        applicant_id_number = CASE WHEN f = 'applicant_id_number' THEN p_data->>'new' ELSE d.applicant_id_number END,
        channel = CASE WHEN f = 'channel' THEN p_data->>'new' ELSE d.channel END
     WHERE d.agency_id = p_agency AND d.code = p_code;
    RETURN cur.revision + 1;
END
$$;

REVOKE ALL ON FUNCTION door_role(), door_may(text), door_text(text, text, integer, boolean),
    door_moment(timestamptz, text), door_agency(text),
    receive_dossier(text, date, text, text, integer, text, text, text, text, text, text, text,
        timestamptz, timestamptz, timestamptz, text, text, timestamptz, text, text, boolean, text),
    append_event(text, text, integer, timestamptz, text, text, text, text, integer, text, text,
        timestamptz, timestamptz, timestamptz, bigint, integer, timestamptz, timestamptz, text,
        jsonb, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION door_role(), door_may(text), door_text(text, text, integer, boolean),
    receive_dossier(text, date, text, text, integer, text, text, text, text, text, text, text,
        timestamptz, timestamptz, timestamptz, text, text, timestamptz, text, text, boolean, text),
    append_event(text, text, integer, timestamptz, text, text, text, text, integer, text, text,
        timestamptz, timestamptz, timestamptz, bigint, integer, timestamptz, timestamptz, text,
        jsonb, text)
    TO motcua_clerk, motcua_office;

-- The calendar is not versioned per dossier: a day off announced later
-- applies to every open dossier. When the calendar's fingerprint (what
-- decides working time: engine/core/calendar.c) differs from the one last
-- applied, the engine recomputes the due moments of every dossier still
-- open or due after now (a day off announced now moves no due moment that
-- has passed) through recompute_dossier, and every change is logged in
-- due_change. A dossier finished before its due moment keeps finishing
-- before it; only on_time can become early.
INSERT INTO action_role VALUES ('recompute', 'motcua_office');

CREATE TABLE calendar_state (
    agency_id    text PRIMARY KEY REFERENCES agency,
    fingerprint  text NOT NULL,
    applied_at   timestamptz NOT NULL DEFAULT now(),
    applied_by   name NOT NULL DEFAULT session_user
);

CREATE TABLE due_change (
    agency_id        text NOT NULL,
    code             text NOT NULL,
    changed_at       timestamptz NOT NULL DEFAULT now(),
    db_user          name NOT NULL DEFAULT session_user,
    fingerprint      text NOT NULL,           -- the calendar it was recomputed with
    old_due_at       timestamptz NOT NULL,
    new_due_at       timestamptz NOT NULL,
    old_step_due_at  timestamptz,
    new_step_due_at  timestamptz,
    old_result       text,
    new_result       text
);
CREATE INDEX due_change_code ON due_change (agency_id, code);
CREATE TRIGGER due_change_no_update BEFORE UPDATE OR DELETE ON due_change
    FOR EACH ROW EXECUTE FUNCTION dossier_event_append_only();

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['calendar_state', 'due_change'] LOOP
        EXECUTE format('ALTER TABLE motcua.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE motcua.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY agency_rows ON motcua.%I '
                       'USING (agency_id = (SELECT motcua.session_agency())) '
                       'WITH CHECK (agency_id = (SELECT motcua.session_agency()))', t);
    END LOOP;
END
$$;
GRANT SELECT ON calendar_state, due_change TO motcua_clerk, motcua_office, motcua_auditor;

-- A dossier's due moments (and so its result) as the current calendar gives
-- them (the engine replayed its log): changed only if they differ, and
-- logged. Returns whether anything changed.
CREATE FUNCTION recompute_dossier(p_agency text, p_code text, p_revision integer,
    p_due_at_receipt timestamptz, p_due_at timestamptz, p_step_due timestamptz,
    p_paused_ticks bigint, p_result text, p_fingerprint text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
DECLARE
    cur record;
BEGIN
    PERFORM motcua.door_agency(p_agency);
    IF NOT motcua.door_may('recompute') THEN
        RAISE EXCEPTION 'this role may not recompute due moments' USING ERRCODE = '42501';
    END IF;
    SELECT d.revision, d.result, d.due_at_receipt, d.due_at, d.step_due_at, d.paused_ticks
      INTO cur FROM motcua.dossier d
     WHERE d.agency_id = p_agency AND d.code = p_code FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no dossier %', p_code USING ERRCODE = 'P0002';
    END IF;
    IF cur.revision <> p_revision THEN
        RAISE EXCEPTION 'dossier % was changed by someone else meanwhile', p_code
            USING ERRCODE = '40001';
    END IF;
    -- a calendar moves due moments, never what happened: only the verdict
    -- of a finished dossier may follow its due moment
    IF p_result IS DISTINCT FROM cur.result
       AND NOT (cur.result IN ('early', 'on_time', 'late') AND p_result IN ('early', 'on_time', 'late')) THEN
        RAISE EXCEPTION 'dossier %: a calendar cannot change % into %', p_code, cur.result, p_result
            USING ERRCODE = '55000';
    END IF;
    IF (cur.due_at_receipt, cur.due_at, cur.step_due_at, cur.paused_ticks, cur.result)
       IS NOT DISTINCT FROM (p_due_at_receipt, p_due_at, p_step_due, p_paused_ticks, p_result) THEN
        RETURN false;
    END IF;
    INSERT INTO motcua.due_change (agency_id, code, fingerprint, old_due_at, new_due_at,
        old_step_due_at, new_step_due_at, old_result, new_result)
    VALUES (p_agency, p_code, p_fingerprint, cur.due_at, p_due_at, cur.step_due_at, p_step_due,
        cur.result, p_result);
    UPDATE motcua.dossier d SET due_at_receipt = p_due_at_receipt, due_at = p_due_at,
        step_due_at = p_step_due, paused_ticks = p_paused_ticks, result = p_result
     WHERE d.agency_id = p_agency AND d.code = p_code;
    RETURN true;
END
$$;

-- Record the calendar applied to the agency's open dossiers.
CREATE FUNCTION calendar_applied(p_agency text, p_fingerprint text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
BEGIN
    PERFORM motcua.door_agency(p_agency);
    IF NOT motcua.door_may('recompute') THEN
        RAISE EXCEPTION 'this role may not recompute due moments' USING ERRCODE = '42501';
    END IF;
    INSERT INTO motcua.calendar_state AS c (agency_id, fingerprint) VALUES (p_agency, p_fingerprint)
        ON CONFLICT (agency_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
            applied_at = now(), applied_by = session_user;
END
$$;
REVOKE ALL ON FUNCTION recompute_dossier(text, text, integer, timestamptz, timestamptz,
    timestamptz, bigint, text, text), calendar_applied(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION recompute_dossier(text, text, integer, timestamptz, timestamptz,
    timestamptz, bigint, text, text), calendar_applied(text, text) TO motcua_clerk, motcua_office;

-- The door is the only way in for people's roles.
REVOKE INSERT, UPDATE, DELETE ON dossier, dossier_counter FROM motcua_clerk, motcua_office;
REVOKE INSERT, UPDATE, DELETE ON dossier_event FROM motcua_clerk, motcua_office;
