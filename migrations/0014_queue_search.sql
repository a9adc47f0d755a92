-- 0014: indexes for the API's work queue search (GET /api/v1/dossiers?q=,
-- engine/store/queue.c). The queue itself walks dossier_open_due from the
-- cursor on; a search for a phone, an ID number or a code prefix is an OR
-- of three leakproof conditions (=, starts_with: under row-level security
-- an index serves no other kind), each with its index here, so that the
-- planner combines them (a bitmap OR) instead of reading every open
-- dossier to find one phone number.
CREATE INDEX dossier_code_prefix ON dossier (agency_id, code text_pattern_ops);
CREATE INDEX dossier_phone ON dossier (agency_id, applicant_phone)
    WHERE applicant_phone IS NOT NULL;
CREATE INDEX dossier_id_number ON dossier (agency_id, applicant_id_number)
    WHERE applicant_id_number IS NOT NULL;
