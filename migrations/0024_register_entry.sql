-- 0024: the register entry of a receipt (Sổ theo dõi hồ sơ: "Vào Sổ theo
-- dõi hồ sơ, Quyển số: ..., Số thứ tự: ..." on the receipt slip, Mẫu 01).
-- One register (quyển) per agency and year, named by its year; each desk
-- receipt is entered in the register of its receipt day's year under the
-- next number (số thứ tự), which restarts at 1 each year.
--
-- Why a number of its own and not one derived from the codes: a code's
-- number is gap-free per agency and day (dossier_counter), so the rank of
-- (day, number) within the year would be gap-free too, but not stable: a
-- receipt written into history (--at, the office role) takes the next
-- number of a past day and would shift every later entry of the year, and
-- a number printed on a slip must never change. Here a late entry takes
-- the next number of its year, as a line written at the end of a paper
-- register does, and no other entry moves.
--
-- The number is given in the receipt's own statement (a trigger on the
-- insert that receive_dossier makes), from a per-year counter held, like
-- the day's counter, for that statement's transaction only: gap-free under
-- concurrent clerks and lost together with the receipt in a crash before
-- its flush (migration 0009). Imported dossiers (their code is the old
-- system's, external_ref = code) are not entered: no number. `motcua db
-- verify` checks each year's entries 1..N with the counter at N.

CREATE TABLE register_counter (
    agency_id  text NOT NULL REFERENCES agency,
    year       smallint NOT NULL CHECK (year BETWEEN 2000 AND 2099),
    last       integer NOT NULL CHECK (last >= 1),
    PRIMARY KEY (agency_id, year)
);

ALTER TABLE dossier
    ADD COLUMN register_year smallint,
    ADD COLUMN register_no integer,
    ADD CONSTRAINT dossier_register_check CHECK ((register_year IS NULL) = (register_no IS NULL)
        AND (register_no IS NULL OR register_no >= 1)),
    ADD CONSTRAINT dossier_register_unique UNIQUE (agency_id, register_year, register_no);

-- The entry of a desk receipt: its receipt day's year (Vietnam's time).
CREATE FUNCTION register_entry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, motcua AS $$
DECLARE
    y smallint;
    n integer;
BEGIN
    IF NEW.external_ref IS NOT DISTINCT FROM NEW.code THEN
        PERFORM set_config('motcua.register_entry', '', true);
        RETURN NEW;             -- an import keeps its old code and has no entry here
    END IF;
    y := extract(year FROM (NEW.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::smallint;
    INSERT INTO motcua.register_counter AS c (agency_id, year, last) VALUES (NEW.agency_id, y, 1)
        ON CONFLICT (agency_id, year) DO UPDATE SET last = c.last + 1
        RETURNING c.last INTO n;
    NEW.register_year := y;
    NEW.register_no := n;
    -- for the receipt's own statement to return with its code (the engine
    -- prints it on the slip at once): "2026 153"
    PERFORM set_config('motcua.register_entry', y::text || ' ' || n::text, true);
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION register_entry() FROM PUBLIC;

-- The dossiers received so far, entered in the order of their codes within
-- each year (the day, then the day's number). Every agency's rows: the
-- policy is lifted for the owner while the migration fills them in.
ALTER TABLE dossier NO FORCE ROW LEVEL SECURITY;
WITH entries AS (
    SELECT agency_id, code,
           extract(year FROM (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh'))::smallint AS y
    FROM dossier WHERE external_ref IS DISTINCT FROM code
), numbered AS (
    SELECT agency_id, code, y,
           row_number() OVER (PARTITION BY agency_id, y
                              ORDER BY split_part(code, '-', 2), right(code, 4), code) AS n
    FROM entries
)
UPDATE dossier d SET register_year = x.y, register_no = x.n
FROM numbered x WHERE d.agency_id = x.agency_id AND d.code = x.code;

INSERT INTO register_counter (agency_id, year, last)
SELECT agency_id, register_year, max(register_no) FROM dossier
WHERE register_year IS NOT NULL GROUP BY 1, 2;
ALTER TABLE dossier FORCE ROW LEVEL SECURITY;

CREATE TRIGGER dossier_register_entry BEFORE INSERT ON dossier
    FOR EACH ROW EXECUTE FUNCTION register_entry();

-- Like the day's counter: every per-agency row behind the policy, read by
-- every role, written by nobody but the trigger (as the owner).
ALTER TABLE register_counter ENABLE ROW LEVEL SECURITY;
ALTER TABLE register_counter FORCE ROW LEVEL SECURITY;
CREATE POLICY agency_rows ON register_counter
    USING (agency_id = (SELECT motcua.session_agency()))
    WITH CHECK (agency_id = (SELECT motcua.session_agency()));
GRANT SELECT ON register_counter TO motcua_clerk, motcua_office, motcua_auditor;
