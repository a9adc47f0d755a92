-- The floor under any receipt with gap-free daily codes: one statement that
-- bumps the day's counter row, committed durably. Concurrent clients queue
-- on that row until each commit is flushed.
INSERT INTO bench_counter (agency_id, day, last) VALUES ('skhcn-quangngai', current_date, 1)
ON CONFLICT (agency_id, day) DO UPDATE SET last = bench_counter.last + 1;
