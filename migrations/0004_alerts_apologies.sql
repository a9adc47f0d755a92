-- 0004: the nightly job's alerts and notifications, and apology letters.
-- Alerts are keyed by (dossier, kind, scope, night) so a rerun of the same
-- night, or of a run killed half way, adds what is missing and nothing twice.

CREATE TABLE alert (
    agency_id         text NOT NULL,
    code              text NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('due_soon', 'apology_required', 'overdue')),
    scope             text NOT NULL,           -- 'dossier' or the step id
    as_of             date NOT NULL,           -- the night the job evaluated
    unit              text NOT NULL,           -- the unit whose desk it is on
    due_at            timestamptz NOT NULL,
    late_ticks        bigint NOT NULL DEFAULT 0,    -- working time past due (1 day = 28800)
    apology_deadline  timestamptz,             -- last moment an apology is on time
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, as_of, code, kind, scope),
    FOREIGN KEY (agency_id, code) REFERENCES dossier
);

CREATE TABLE notification (
    agency_id   text NOT NULL,
    as_of       date NOT NULL,
    unit        text NOT NULL,
    recipient   text NOT NULL,
    subject     text NOT NULL,
    body        text NOT NULL,
    status      text NOT NULL CHECK (status IN ('pending', 'sent')),
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text,
    sent_at     timestamptz,
    PRIMARY KEY (agency_id, as_of, unit)
);

CREATE TABLE apology_counter (
    agency_id  text NOT NULL REFERENCES agency,
    year       integer NOT NULL,
    last       integer NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE apology (
    agency_id         text NOT NULL,
    year              integer NOT NULL,
    number            integer NOT NULL,        -- gap-free per agency per year
    code              text NOT NULL,
    issued_at         timestamptz NOT NULL,
    issued_by         text NOT NULL,
    reason            text NOT NULL,
    original_due      timestamptz NOT NULL,    -- unchanged by the apology
    new_appointment   timestamptz NOT NULL,
    deadline          timestamptz NOT NULL,    -- one working day before the due date
    late              boolean NOT NULL,        -- issued after the deadline
    forced            boolean NOT NULL DEFAULT false,
    force_reason      text,
    regime            text NOT NULL,           -- the circular whose form was used
    PRIMARY KEY (agency_id, year, number),
    FOREIGN KEY (agency_id, code) REFERENCES dossier,
    CHECK (NOT forced OR force_reason IS NOT NULL)
);
CREATE INDEX apology_code ON apology (agency_id, code);
