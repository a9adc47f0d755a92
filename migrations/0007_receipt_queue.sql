-- 0007: receipts wait a moment in a queue for their code.
--
-- Codes are gap-free per day, so whoever numbers a day's receipts holds that
-- day's counter until the number is durable: one clerk at a time, one WAL
-- flush each. Instead a clerk's receipt is first queued (a cheap insert that
-- needs no flush of its own), then whoever holds the day's numbering lock
-- numbers every receipt queued by then in one transaction: dossier rows,
-- receive events and the counter move together, and one flush covers all of
-- them. Nobody gets a number that is not durable, and no number is lost: a
-- code exists only once its dossier does.

CREATE TABLE receipt_queue (
    id                   bigint GENERATED ALWAYS AS IDENTITY,
    agency_id            text NOT NULL,
    day                  date NOT NULL,            -- receipt date: the counter it takes a number from
    prefix               text NOT NULL,            -- AGENCYCODE-YYMMDD-
    procedure_code       text NOT NULL,
    procedure_version    integer NOT NULL,
    channel              text NOT NULL,
    applicant_name       text NOT NULL,
    applicant_address    text,
    applicant_phone      text,
    applicant_id_number  text,
    received_at          timestamptz NOT NULL,
    due_at_receipt       timestamptz NOT NULL,
    due_at               timestamptz NOT NULL,
    state                text NOT NULL,
    step_index           integer,
    step_id              text,
    step_unit            text,
    step_due_at          timestamptz,
    paused_ticks         bigint NOT NULL,
    supplement_count     integer NOT NULL,
    revision             integer NOT NULL,
    actor                text NOT NULL,
    data                 jsonb NOT NULL,           -- the receive event's data
    queued_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, day, id),
    -- checked at queueing time, so a bad receipt never reaches a batch
    FOREIGN KEY (agency_id, procedure_code, procedure_version) REFERENCES procedure_version
);

-- Which queued receipt made a dossier: a clerk whose receipt another clerk
-- numbered finds its code here. NULL for imported and keyed receipts.
ALTER TABLE dossier ADD COLUMN receipt_id bigint;
CREATE UNIQUE INDEX dossier_receipt ON dossier (agency_id, receipt_id) WHERE receipt_id IS NOT NULL;

GRANT SELECT, INSERT, DELETE ON receipt_queue TO motcua_clerk, motcua_office;
GRANT SELECT ON receipt_queue TO motcua_auditor;
-- currval: a clerk's session finds the receipt it just queued
GRANT USAGE ON SEQUENCE receipt_queue_id_seq TO motcua_clerk, motcua_office;
ALTER TABLE receipt_queue ENABLE ROW LEVEL SECURITY;
ALTER TABLE receipt_queue FORCE ROW LEVEL SECURITY;
CREATE POLICY agency_rows ON receipt_queue USING (agency_id = motcua.session_agency())
    WITH CHECK (agency_id = motcua.session_agency());
