-- Indexes found missing by the 100k-case benchmarks.
-- A case's open deadlines, earliest first: read on every write that touches
-- the case (stage move, action, pause), so it must not scan.
DROP INDEX deadlines_case;
CREATE INDEX deadlines_case_open ON deadlines(case_id, status, due_on);
-- The cases of one batch upload (the batch page and its error sheet).
CREATE INDEX cases_batch ON cases(batch_id);
-- The overdue list of a court: open cases by overall deadline.
CREATE INDEX cases_court_status_filed ON cases(court_id, status, filed_on DESC, id DESC);
-- Cases resumed (执恢) from a terminated one.
CREATE INDEX cases_parent ON cases(parent_case_id);

-- (SQLite adds a trigram full-text index for ?q= here; PostgreSQL answers the
-- same LIKE by a scan, see ARCHITECTURE.md.)
