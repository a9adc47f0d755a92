-- 0025: the register entry (0024) given by the door's receipt itself, not
-- by a trigger on the dossier's insert: the same numbers under the same
-- rules, a quarter of the receipt's cost less (a PL/pgSQL trigger with its
-- own SECURITY DEFINER settings switch ran inside the window in which the
-- day's counter is held; measured with tools/bench's bench_receive, 8
-- clerks, alternated: 1312/1461/1438 receipts/s with the trigger against
-- 1732/1716/1887 without it). Every dossier is inserted by receive_dossier
-- (the one door, 0012), so the trigger's other callers are none.

DROP TRIGGER dossier_register_entry ON dossier;
DROP FUNCTION register_entry();

-- A receipt (0022), with its register entry. (CREATE OR REPLACE keeps
-- 0022's grants: the signature is the same.)
CREATE OR REPLACE FUNCTION receive_dossier(
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
    v_year smallint;
    v_no integer;
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
    -- 0025: the register entry (0024's trigger, here in the door's own
    -- statement: no trigger call nor settings switch in the receipt's
    -- window). An import keeps its old code (external_ref) and has none.
    IF p_external_ref IS DISTINCT FROM v_code THEN
        v_year := extract(year FROM (p_received AT TIME ZONE 'Asia/Ho_Chi_Minh'))::smallint;
        INSERT INTO motcua.register_counter AS c (agency_id, year, last) VALUES (p_agency, v_year, 1)
            ON CONFLICT (agency_id, year) DO UPDATE SET last = c.last + 1
            RETURNING c.last INTO v_no;
        -- for the receipt's own statement to return with its code: "2026 153"
        PERFORM set_config('motcua.register_entry', v_year::text || ' ' || v_no::text, true);
    ELSE
        PERFORM set_config('motcua.register_entry', '', true);
    END IF;
    INSERT INTO motcua.dossier (agency_id, code, procedure_code, procedure_version, channel,
        applicant_name, applicant_address, applicant_phone, applicant_id_number,
        applicant_email, applicant_kind, delivery, documents, external_ref, idempotency_key, received_at, due_at_receipt, due_at, state, step_index, step_id,
        step_unit, step_due_at, paused_ticks, supplement_count, revision, appointment_manual, appointment_reason,
        register_year, register_no)
    VALUES (p_agency, v_code, p_procedure, p_version, p_channel, p_name, p_address, p_phone,
        p_id_number, p_email, p_kind, p_delivery, p_documents, p_external_ref, p_key, p_received, p_due_at_receipt, p_due_at, 'in_step', 0,
        p_step_id, p_step_unit, p_step_due, 0, 0, 1, p_appointment_reason IS NOT NULL, p_appointment_reason,
        v_year, v_no);
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
