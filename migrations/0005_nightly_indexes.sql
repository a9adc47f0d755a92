-- 0005: indexes for the nightly job at scale. The job pages through open
-- dossiers by code, and lists a night's alerts by unit, kind and dossier:
-- both orders need an index, or each page sorts the whole set again.
CREATE INDEX dossier_open_code ON dossier (agency_id, code) WHERE result IS NULL;
CREATE INDEX alert_listing ON alert (agency_id, as_of, unit, kind, code, scope);
