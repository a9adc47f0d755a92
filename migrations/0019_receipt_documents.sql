-- 0019: the documents received with a dossier (the desk's checklist of the
-- procedure's required documents, or what the clerk wrote down): a list of
-- names, in the order received, kept on the dossier and in the receive
-- event. Written only through the door: receive_dossier takes them as one
-- more parameter (a receipt stays one statement). NULL: not recorded
-- (dossiers received before, or a receipt that gave none).

-- A list of documents: a JSON array of at most 50 strings, each 1 to 300
-- characters without control characters. STRICT: a receipt without
-- documents (NULL) does not call it (the CHECK of every receipt).
CREATE FUNCTION documents_valid(p jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
    SELECT jsonb_typeof(p) = 'array' AND jsonb_array_length(p) <= 50
       AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p) AS e(v)
                       WHERE jsonb_typeof(v) <> 'string'
                          OR length(v #>> '{}') NOT BETWEEN 1 AND 300
                          OR (v #>> '{}') ~ '[\x01-\x1f\x7f\u0080-\u009f]')
$$;

ALTER TABLE dossier
    ADD COLUMN documents jsonb CONSTRAINT dossier_documents_check CHECK (documents IS NULL OR documents_valid(documents));

DROP FUNCTION receive_dossier(text, date, text, text, integer, text, text, text, text, text, text, text,
        timestamptz, timestamptz, timestamptz, text, text, timestamptz, text, text, boolean, text,
        text, text, text);

-- A receipt (0016), with the documents received.
CREATE FUNCTION receive_dossier(
    p_agency text, p_day date, p_prefix text, p_procedure text, p_version integer,
    p_channel text, p_name text, p_address text, p_phone text, p_id_number text,
    p_external_ref text, p_key text, p_received timestamptz, p_due_at_receipt timestamptz,
    p_due_at timestamptz, p_step_id text, p_step_unit text, p_step_due timestamptz,
    p_actor text, p_reason text, p_async boolean, p_code text,
    p_email text DEFAULT NULL, p_kind text DEFAULT NULL, p_delivery text DEFAULT NULL,
    p_documents jsonb DEFAULT NULL)
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
        step_unit, step_due_at, paused_ticks, supplement_count, revision)
    VALUES (p_agency, v_code, p_procedure, p_version, p_channel, p_name, p_address, p_phone,
        p_id_number, p_email, p_kind, p_delivery, p_documents, p_external_ref, p_key, p_received, p_due_at_receipt, p_due_at, 'in_step', 0,
        p_step_id, p_step_unit, p_step_due, 0, 0, 1);
    INSERT INTO motcua.dossier_event (agency_id, code, seq, at, action, actor, to_state, step_id,
        data, backdate_reason)
    VALUES (p_agency, v_code, 1, p_received, 'receive', p_actor, 'in_step', p_step_id,
        jsonb_strip_nulls(jsonb_build_object('procedure', p_procedure, 'version', p_version,
            'channel', p_channel, 'received_at', p_received,
            'applicant', jsonb_strip_nulls(jsonb_build_object('name', p_name,
                'address', p_address, 'phone', p_phone, 'id_number', p_id_number,
                'email', p_email, 'kind', p_kind)),
            'delivery', p_delivery, 'documents', p_documents, 'external_ref', p_external_ref, 'idempotency_key', p_key)),
        v_reason);
    RETURN v_code;
END
$$;

REVOKE ALL ON FUNCTION receive_dossier(text, date, text, text, integer, text, text, text, text, text, text, text,
        timestamptz, timestamptz, timestamptz, text, text, timestamptz, text, text, boolean, text,
        text, text, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION receive_dossier(text, date, text, text, integer, text, text, text, text, text, text, text,
        timestamptz, timestamptz, timestamptz, text, text, timestamptz, text, text, boolean, text,
        text, text, text, jsonb)
    TO motcua_clerk, motcua_office;
