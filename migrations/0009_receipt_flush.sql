-- 0009: a receipt takes its number without holding the day's counter across
-- a disk flush (store_dossier.c: the receipt commits without waiting for the
-- flush, a second transaction then waits for it before the code is given),
-- so the receipt queue of 0007 goes, and so do the index entries a receipt
-- wrote for nothing.

DROP INDEX dossier_receipt;
ALTER TABLE dossier DROP COLUMN receipt_id;
DROP TABLE receipt_queue;

-- The nightly job no longer reads open dossiers in code order (0008).
DROP INDEX dossier_open_code;

-- Most receipts have neither an idempotency key nor an external reference:
-- index only those that have one (a unique constraint indexes NULLs too).
ALTER TABLE dossier DROP CONSTRAINT dossier_agency_id_idempotency_key_key;
ALTER TABLE dossier DROP CONSTRAINT dossier_agency_id_external_ref_key;
CREATE UNIQUE INDEX dossier_idempotency_key ON dossier (agency_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX dossier_external_ref ON dossier (agency_id, external_ref)
    WHERE external_ref IS NOT NULL;

-- Foreign keys lock the referenced row (a heap write and a WAL record) for
-- every referencing insert: every receipt locked the same procedure version
-- row and its own new dossier row, which made receipts by 8 clerks 2 to 4
-- times slower. Neither referenced row can disappear: dossiers are never
-- deleted (below), and a procedure version is changed or removed only by
-- catalog load, after it has checked under a share lock on the dossiers that
-- none uses it. Receipts check that their version exists (store_dossier.c),
-- events are written only for a dossier the same transaction read or wrote,
-- and `motcua db verify` looks for any row without its parent.
ALTER TABLE dossier_event DROP CONSTRAINT dossier_event_agency_id_code_fkey;
ALTER TABLE dossier DROP CONSTRAINT dossier_agency_id_procedure_code_procedure_version_fkey;

CREATE FUNCTION dossier_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dossiers are never deleted: % is not allowed', TG_OP
        USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER dossier_no_delete BEFORE DELETE ON dossier
    FOR EACH ROW EXECUTE FUNCTION dossier_no_delete();
CREATE TRIGGER dossier_no_truncate BEFORE TRUNCATE ON dossier
    FOR EACH STATEMENT EXECUTE FUNCTION dossier_no_delete();
