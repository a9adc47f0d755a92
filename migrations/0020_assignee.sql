-- 0020: who holds a dossier's current step (the assignee). A new action of
-- the state machine, 'assign' ("Giao xử lý"), gives the current step to a
-- named person without changing the state; a forward may name the holder
-- of the next step (without one the new step is unassigned: the holder of
-- the old step does not hold the new one). Assigning is allowed while the
-- dossier is in a step: in_step, and also paused and supplement_requested
-- (the step is still someone's while its clock is stopped: the one who
-- takes it up again). Completing the last step, and every closing action,
-- leave the dossier with no holder.
--
-- The event log keeps the assignee an event named (dossier_event.assignee)
-- and the dossier row the current one (dossier.assignee), written only by
-- the door (append_event); `motcua db verify` replays the log and checks
-- it as every other column. The door refuses an assignee that is not an
-- active account of the dossier's agency whose role works on steps
-- (specialist, head, leader), with SQLSTATE 22023 as its other refusals of
-- a value. A receipt names no assignee: receive_dossier is not changed, and
-- an event without an assignee costs the door no more than before.

ALTER TABLE dossier ADD COLUMN assignee text;
ALTER TABLE dossier_event ADD COLUMN assignee text;

-- "My dossiers" (GET /api/v1/dossiers?assignee=, the desk's "Hồ sơ của
-- tôi"), alone or within a unit's queue: the open dossiers held by one
-- person, soonest due first, walked in order from the cursor on as the
-- queue walks dossier_open_due.
CREATE INDEX dossier_open_assignee ON dossier (agency_id, assignee, due_at, code)
    WHERE result IS NULL AND assignee IS NOT NULL;

-- The state machine's new transitions (engine/core/dossier.c; compared by
-- tests/test_door.c).
INSERT INTO transition VALUES
    ('in_step', 'assign', 'in_step'),
    ('supplement_requested', 'assign', 'supplement_requested'),
    ('paused', 'assign', 'paused');

-- Who may assign: heads of division, the department's leaders, the office
-- and the administrator (engine/core/roles.c, row for row). In the group
-- roles: the people's roles that act at the desk and the office.
INSERT INTO desk_action VALUES ('head', 'assign'), ('leader', 'assign'), ('office', 'assign'),
    ('admin', 'assign');
INSERT INTO action_role VALUES ('assign', 'motcua_clerk'), ('assign', 'motcua_office');

-- The staff of the session's agency, as the desk shows them (the name of
-- whoever holds a dossier, the list a head assigns from): no password, no
-- other agency's people. The accounts' table itself stays the server's
-- (migration 0013); this view reads it with its owner's rights.
CREATE VIEW staff AS
    SELECT u.login, u.full_name, u.role, u.unit, u.agency_id, NOT u.disabled AS active
      FROM motcua.app_user u
     WHERE (u.agency_id = (SELECT motcua.session_agency())
            -- a superuser's session (the command line on its own cluster)
            -- is in no agency's membership: the agency it names
            OR (u.agency_id = pg_catalog.current_setting('motcua.agency', true)
                AND (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)))
       AND u.role IN ('clerk', 'specialist', 'head', 'leader', 'office', 'admin', 'auditor');
GRANT SELECT ON staff TO motcua_clerk, motcua_office, motcua_auditor;

-- The door (0012), with the assignee: p_assignee names the holder an
-- 'assign' gives the step to (required) or a 'forward' gives the next step
-- to (optional); no other action takes one.
DROP FUNCTION append_event(text, text, integer, timestamptz, text, text, text, text, integer, text,
    text, timestamptz, timestamptz, timestamptz, bigint, integer, timestamptz, timestamptz, text,
    jsonb, text);

CREATE FUNCTION append_event(
    p_agency text, p_code text, p_revision integer, p_at timestamptz, p_action text,
    p_actor text, p_note text, p_to_state text, p_step_index integer, p_step_id text,
    p_step_unit text, p_step_due timestamptz, p_due_at timestamptz, p_paused_since timestamptz,
    p_paused_ticks bigint, p_supplements integer, p_finished timestamptz, p_closed timestamptz,
    p_result text, p_data jsonb, p_reason text, p_assignee text DEFAULT NULL)
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
           d.result, d.assignee, e.at AS last_at, pv.steps
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
       OR (p_action IN ('return', 'correct', 'apology', 'assign') AND p_result IS DISTINCT FROM cur.result)
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
    -- the assignee: only assign (required) and forward (optional) name one,
    -- and it is a person of this agency who works on steps (checked only
    -- when one is named: other events cost nothing more)
    IF p_action = 'assign' AND p_assignee IS NULL THEN
        RAISE EXCEPTION 'assign needs the assignee: a login' USING ERRCODE = '22023';
    END IF;
    IF p_assignee IS NOT NULL THEN
        IF p_action NOT IN ('assign', 'forward') THEN
            RAISE EXCEPTION 'the action % names no assignee (only assign and forward do)', p_action
                USING ERRCODE = '22023';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM motcua.app_user u WHERE u.login = p_assignee
                       AND u.agency_id = p_agency AND NOT u.disabled
                       AND u.role IN ('specialist', 'head', 'leader')) THEN
            RAISE EXCEPTION 'the assignee % is not an active specialist, head or leader of agency %',
                p_assignee, p_agency USING ERRCODE = '22023';
        END IF;
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
        to_state, step_id, data, backdate_reason, assignee)
    VALUES (p_agency, p_code, cur.revision + 1, p_at, p_action, p_actor, p_note, cur.state,
        p_to_state, p_step_id, p_data, v_reason, p_assignee);
    UPDATE motcua.dossier d SET state = p_to_state, step_index = p_step_index, step_id = p_step_id,
        step_unit = p_step_unit, step_due_at = p_step_due, due_at = p_due_at,
        paused_since = p_paused_since, paused_ticks = p_paused_ticks,
        supplement_count = p_supplements, finished_at = p_finished, closed_at = p_closed,
        result = p_result, revision = cur.revision + 1,
        -- the holder: the one named by assign or forward (a forward without
        -- one: nobody), nobody once the dossier leaves its steps
        assignee = CASE WHEN p_to_state NOT IN ('in_step', 'supplement_requested', 'paused') THEN NULL
                        WHEN p_action IN ('assign', 'forward') THEN p_assignee
                        ELSE cur.assignee END,
        applicant_name = CASE WHEN f = 'applicant_name' THEN p_data->>'new' ELSE d.applicant_name END,
        applicant_address = CASE WHEN f = 'applicant_address' THEN p_data->>'new' ELSE d.applicant_address END,
        applicant_phone = CASE WHEN f = 'applicant_phone' THEN p_data->>'new' ELSE d.applicant_phone END,
        applicant_id_number = CASE WHEN f = 'applicant_id_number' THEN p_data->>'new' ELSE d.applicant_id_number END,
        channel = CASE WHEN f = 'channel' THEN p_data->>'new' ELSE d.channel END
     WHERE d.agency_id = p_agency AND d.code = p_code;
    RETURN cur.revision + 1;
END
$$;

REVOKE ALL ON FUNCTION append_event(text, text, integer, timestamptz, text, text, text, text,
    integer, text, text, timestamptz, timestamptz, timestamptz, bigint, integer, timestamptz,
    timestamptz, text, jsonb, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION append_event(text, text, integer, timestamptz, text, text, text, text,
    integer, text, text, timestamptz, timestamptz, timestamptz, bigint, integer, timestamptz,
    timestamptz, text, jsonb, text, text) TO motcua_clerk, motcua_office;
