-- pgbench baseline for the receive benchmark: one single-row insert per
-- transaction into a table shaped like a dossier row (keyed by agency).
\set n random(1, 2000000000)
INSERT INTO bench_insert (agency_id, code, received_at, applicant, due_at, state)
VALUES ('skhcn-quangngai', :client_id || '-' || :n || '-' || clock_timestamp(), now(), 'Bench',
        now() + interval '7 days', 'in_step');
