-- 0014: indexes for the API's work queue search (GET /api/v1/dossiers?q=,
-- engine/store/queue.c). The queue itself walks dossier_open_due from the
-- cursor on; a search is an OR of a code prefix, a phone, an ID number and
-- the words of the applicant's name, and each arm needs an index of its own
-- for the planner to combine them (a bitmap OR) instead of reading every
-- open dossier to find one phone number.
CREATE INDEX dossier_code_prefix ON dossier (agency_id, code text_pattern_ops);
CREATE INDEX dossier_phone ON dossier (agency_id, applicant_phone)
    WHERE applicant_phone IS NOT NULL;
CREATE INDEX dossier_id_number ON dossier (agency_id, applicant_id_number)
    WHERE applicant_id_number IS NOT NULL;
-- the name's words, lower case: "Hoa" or "thị hoa" finds "Nguyễn Thị Hoa"
CREATE INDEX dossier_name_words ON dossier
    USING gin (regexp_split_to_array(lower(applicant_name), '\s+'));
