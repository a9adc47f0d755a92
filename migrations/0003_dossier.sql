-- 0003: dossiers, their append-only event log, and the daily code counter.
-- The dossier row is the log's current summary: `motcua` rebuilds it from
-- dossier_event by replaying the state machine, and `revision` (the number of
-- events) makes concurrent changes fail instead of overwriting each other.

CREATE TABLE dossier_counter (
    agency_id  text NOT NULL REFERENCES agency,
    day        date NOT NULL,                 -- receipt date (Vietnam's time)
    last       integer NOT NULL CHECK (last BETWEEN 1 AND 9999),
    PRIMARY KEY (agency_id, day)
);

CREATE TABLE dossier (
    agency_id            text NOT NULL,
    code                 text NOT NULL,       -- AGENCYCODE-YYMMDD-XXXX
    procedure_code       text NOT NULL,
    procedure_version    integer NOT NULL,
    channel              text NOT NULL CHECK (channel IN ('in_person', 'post', 'online')),
    applicant_name       text NOT NULL,
    applicant_address    text,
    applicant_phone      text,
    applicant_id_number  text,
    external_ref         text,                -- the reference in the system it was imported from
    idempotency_key      text,
    received_at          timestamptz NOT NULL,
    due_at_receipt       timestamptz NOT NULL,
    due_at               timestamptz NOT NULL, -- moved by pauses, never by apologies
    state                text NOT NULL CHECK (state IN ('in_step', 'supplement_requested', 'paused',
                             'result_ready', 'returned', 'refused', 'withdrawn', 'returned_unprocessed')),
    step_index           integer,
    step_id              text,
    step_unit            text,
    step_due_at          timestamptz,
    paused_since         timestamptz,
    paused_ticks         bigint NOT NULL,
    supplement_count     integer NOT NULL,
    finished_at          timestamptz,         -- result ready at the one-stop desk
    closed_at            timestamptz,
    result               text CHECK (result IN ('early', 'on_time', 'late', 'refused', 'withdrawn',
                             'returned_unprocessed')),
    revision             integer NOT NULL CHECK (revision >= 1),
    PRIMARY KEY (agency_id, code),
    FOREIGN KEY (agency_id, procedure_code, procedure_version) REFERENCES procedure_version,
    UNIQUE (agency_id, idempotency_key),
    UNIQUE (agency_id, external_ref)
);

CREATE INDEX dossier_open_due ON dossier (agency_id, due_at) WHERE result IS NULL;
CREATE INDEX dossier_received ON dossier (agency_id, received_at);

CREATE TABLE dossier_event (
    agency_id    text NOT NULL,
    code         text NOT NULL,
    seq          integer NOT NULL CHECK (seq >= 1),
    at           timestamptz NOT NULL,        -- when it happened (may be historical)
    action       text NOT NULL,
    actor        text NOT NULL,
    note         text,
    from_state   text,
    to_state     text NOT NULL,
    step_id      text,                        -- the step the dossier is in after the event
    data         jsonb,                       -- receive: procedure, version, channel, applicant
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, code, seq),
    FOREIGN KEY (agency_id, code) REFERENCES dossier
);

-- The event log is the department's ISO 9001 record: it is never rewritten.
CREATE FUNCTION dossier_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dossier_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER dossier_event_no_update BEFORE UPDATE OR DELETE ON dossier_event
    FOR EACH ROW EXECUTE FUNCTION dossier_event_append_only();
CREATE TRIGGER dossier_event_no_truncate BEFORE TRUNCATE ON dossier_event
    FOR EACH STATEMENT EXECUTE FUNCTION dossier_event_append_only();
