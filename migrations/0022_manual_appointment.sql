-- 0022: times counted in months, and appointments set by hand (issue 18).
--
-- A procedure version's time may be counted in months (Civil Code 2015 art.
-- 147-148: engine/core/calendar.c, mc_calendar_add_months).
--
-- Where a procedure's time is unknown (the sources give none), the office
-- (desk roles office and admin; at the command line the group role
-- motcua_office) may receive a dossier with an appointment it sets by hand,
-- and must say why. The dossier records that (appointment_manual) and why
-- (appointment_reason); the receive event carries both (data "appointment",
-- "appointment_reason"), so a replay of the log rebuilds the dossier (the
-- appointment is its due moment, moved by supplements and pauses). A manual
-- appointment on a procedure whose time is known is refused, and so is a
-- receipt of a procedure whose time is unknown without one.

ALTER TABLE procedure_version
    DROP CONSTRAINT procedure_version_statutory_unit_check,
    ADD CONSTRAINT procedure_version_statutory_unit_check
        CHECK (statutory_unit IN ('working_days', 'days', 'months')),
    DROP CONSTRAINT procedure_version_shortened_unit_check,
    ADD CONSTRAINT procedure_version_shortened_unit_check
        CHECK (shortened_unit IN ('working_days', 'days', 'months'));

ALTER TABLE dossier
    ADD COLUMN appointment_manual boolean NOT NULL DEFAULT false,
    ADD COLUMN appointment_reason text,
    ADD CONSTRAINT dossier_appointment_reason_check
        CHECK (appointment_manual = (appointment_reason IS NOT NULL)
               AND (appointment_reason IS NULL OR length(btrim(appointment_reason)) BETWEEN 1 AND 500));

-- Who may set an appointment by hand: the same rows as engine/core/roles.c
-- (mc_role_may_appoint), checked by desk_check.
INSERT INTO desk_action VALUES ('office', 'appoint'), ('admin', 'appoint');

DROP FUNCTION receive_dossier(text, date, text, text, integer, text, text, text, text, text, text, text,
        timestamptz, timestamptz, timestamptz, text, text, timestamptz, text, text, boolean, text,
        text, text, text, jsonb);

-- A receipt (0019), with an appointment set by hand and its reason.
CREATE FUNCTION receive_dossier(
    p_agency text, p_day date, p_prefix text, p_procedure text, p_version integer,
    p_channel text, p_name text, p_address text, p_phone text, p_id_number text,
    p_external_ref text, p_key text, p_received timestamptz, p_due_at_receipt timestamptz,
    p_due_at timestamptz, p_step_id text, p_step_unit text, p_step_due timestamptz,
    p_actor text, p_reason text, p_async boolean, p_code text,
    p_email text DEFAULT NULL, p_kind text DEFAULT NULL, p_delivery text DEFAULT NULL,
    p_documents jsonb DEFAULT NULL, p_appointment_reason text DEFAULT NULL)
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
                   AND pv.code = p_procedure AND pv.version = p_version) AS version_known,
           EXISTS (SELECT 1 FROM motcua.procedure_version pv WHERE pv.agency_id = p_agency
                   AND pv.code = p_procedure AND pv.version = p_version
                   AND pv.statutory_halves IS NOT NULL) AS time_known
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
       OR p_key ~ ctl OR length(p_actor) > 60 OR p_actor ~ ctl
       OR length(p_email) > 254 OR p_email ~ ctl THEN
        -- name the field
        PERFORM motcua.door_text('the applicant''s name', p_name, 300, false),
                motcua.door_text('the address', p_address, 500, false),
                motcua.door_text('the phone number', p_phone, 40, false),
                motcua.door_text('the ID number', p_id_number, 40, false),
                motcua.door_text('the external reference', p_external_ref, 100, false),
                motcua.door_text('the idempotency key', p_key, 200, false),
                motcua.door_text('the actor', p_actor, 60, false),
                motcua.door_text('the e-mail address', p_email, 254, false);
    END IF;
    IF p_email !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' THEN
        RAISE EXCEPTION 'the e-mail address % is not an e-mail address', p_email USING ERRCODE = '22023';
    END IF;
    IF p_kind NOT IN ('citizen', 'organisation') THEN
        RAISE EXCEPTION 'unknown applicant kind % (expected citizen or organisation)', p_kind
            USING ERRCODE = '22023';
    END IF;
    IF p_delivery NOT IN ('desk', 'post', 'online') THEN
        RAISE EXCEPTION 'unknown result delivery % (expected desk, post or online)', p_delivery
            USING ERRCODE = '22023';
    END IF;
    IF p_documents IS NOT NULL AND NOT motcua.documents_valid(p_documents) THEN
        RAISE EXCEPTION 'the documents received must be a list of at most 50 names of 1 to 300 characters without control characters'
            USING ERRCODE = '22023';
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
    -- 0022: the appointment (p_due_at_receipt) is set by hand only where the
    -- time is unknown, by the office, with its reason
    IF who.time_known AND p_appointment_reason IS NOT NULL THEN
        RAISE EXCEPTION 'procedure % version % has a known processing time: its appointment is counted, not set by hand',
            p_procedure, p_version USING ERRCODE = '22023';
    ELSIF NOT who.time_known AND coalesce(btrim(p_appointment_reason), '') = '' THEN
        RAISE EXCEPTION 'procedure % version % has no known processing time: an appointment set by hand needs its reason',
            p_procedure, p_version USING ERRCODE = '22023';
    ELSIF p_appointment_reason IS NOT NULL THEN
        IF NOT (who.super OR who.may_backdate) THEN
            RAISE EXCEPTION 'setting an appointment by hand needs the office role' USING ERRCODE = '42501';
        END IF;
        PERFORM motcua.door_text('the appointment''s reason', p_appointment_reason, 500, false);
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
        applicant_name, applicant_address, applicant_phone, applicant_id_number,
        applicant_email, applicant_kind, delivery, documents, external_ref, idempotency_key, received_at, due_at_receipt, due_at, state, step_index, step_id,
        step_unit, step_due_at, paused_ticks, supplement_count, revision, appointment_manual, appointment_reason)
    VALUES (p_agency, v_code, p_procedure, p_version, p_channel, p_name, p_address, p_phone,
        p_id_number, p_email, p_kind, p_delivery, p_documents, p_external_ref, p_key, p_received, p_due_at_receipt, p_due_at, 'in_step', 0,
        p_step_id, p_step_unit, p_step_due, 0, 0, 1, p_appointment_reason IS NOT NULL, p_appointment_reason);
    INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, to_state, step_id,
        data, backdate_reason)
    VALUES (p_agency, v_code, 1, p_received, 'receive', p_actor, 'in_step', p_step_id,
        jsonb_strip_nulls(jsonb_build_object('procedure', p_procedure, 'version', p_version,
            'channel', p_channel, 'received_at', p_received,
            'applicant', jsonb_strip_nulls(jsonb_build_object('name', p_name,
                'address', p_address, 'phone', p_phone, 'id_number', p_id_number,
                'email', p_email, 'kind', p_kind)),
            'delivery', p_delivery, 'documents', p_documents, 'external_ref', p_external_ref, 'idempotency_key', p_key,
            'appointment', CASE WHEN p_appointment_reason IS NOT NULL THEN p_due_at_receipt END,
            'appointment_reason', p_appointment_reason)),
        v_reason);
    RETURN v_code;
END
$$;

REVOKE ALL ON FUNCTION receive_dossier(text, date, text, text, integer, text, text, text, text, text, text, text,
        timestamptz, timestamptz, timestamptz, text, text, timestamptz, text, text, boolean, text,
        text, text, text, jsonb, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION receive_dossier(text, date, text, text, integer, text, text, text, text, text, text, text,
        timestamptz, timestamptz, timestamptz, text, text, timestamptz, text, text, boolean, text,
        text, text, text, jsonb, text)
    TO motcua_clerk, motcua_office;

-- An action on a dossier (0012, with 0020's assignee), with the one step of a
-- dossier whose appointment was set by hand. (CREATE OR REPLACE keeps 0020's
-- grants: its signature is the same.)
CREATE OR REPLACE FUNCTION append_event(
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
           d.result, d.assignee, e.at AS last_at, pv.steps, d.appointment_manual, d.step_id, d.step_unit
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
    -- 0022: a dossier whose appointment was set by hand runs through the
    -- one step it was received in (the version, whose time is unknown, has none)
    steps := CASE WHEN cur.appointment_manual
                  THEN jsonb_build_array(jsonb_build_object('id', cur.step_id, 'unit', cur.step_unit))
                  ELSE cur.steps END;
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

-- The desk roles' check (0018), with the right to set an appointment by hand.
CREATE OR REPLACE FUNCTION desk_check() RETURNS trigger
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
    -- 0022: an appointment set by hand
    IF NEW.action = 'receive' AND NEW.data ? 'appointment_reason' AND NOT EXISTS (
            SELECT 1 FROM motcua.desk_action d WHERE d.desk_role = r AND d.action = 'appoint') THEN
        RAISE EXCEPTION 'the role % may not set an appointment by hand', r USING ERRCODE = '42501';
    END IF;
    NEW.desk_role := r;
    RETURN NEW;
END
$$;
