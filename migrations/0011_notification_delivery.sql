-- 0011: delivering the nightly e-mails once, and not forever.
-- A run claims one message at a time (claimed_by, claimed_at, committed
-- before sendmail is started) so that two runs at the same moment never hand
-- one message to sendmail twice; a claim older than the mailer's timeout plus
-- a margin is stale (its run died) and may be taken again. Every attempt is
-- recorded (attempts, last_attempt_at, last_error); after the last allowed
-- attempt the message is 'failed': given up, kept, no longer retried.
-- message_id is given on the first attempt and kept, so a retried message
-- carries the same Message-ID.

ALTER TABLE notification
    ADD COLUMN message_id       text,
    ADD COLUMN claimed_by       text,
    ADD COLUMN claimed_at       timestamptz,
    ADD COLUMN last_attempt_at  timestamptz;

ALTER TABLE notification DROP CONSTRAINT notification_status_check;
ALTER TABLE notification ADD CONSTRAINT notification_status_check
    CHECK (status IN ('pending', 'sent', 'failed'));
ALTER TABLE notification ADD CONSTRAINT notification_claim_check
    CHECK ((claimed_by IS NULL) = (claimed_at IS NULL));
ALTER TABLE notification ADD CONSTRAINT notification_message_id_key UNIQUE (message_id);

-- what is left to deliver, oldest first
CREATE INDEX notification_pending ON notification (agency_id, as_of, unit) WHERE status = 'pending';
