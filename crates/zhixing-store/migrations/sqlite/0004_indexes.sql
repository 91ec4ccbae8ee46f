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

-- Search by case number or party name (?q=): a trigram full-text index over
-- cases.search_text, kept in step by triggers. `LIKE '%…%'` with three or more
-- characters is answered from it instead of reading every case row.
-- (PostgreSQL answers the same LIKE by scanning; see ARCHITECTURE.md.)
CREATE VIRTUAL TABLE cases_search USING fts5(
    search_text, content = 'cases', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO cases_search(cases_search) VALUES ('rebuild');
CREATE TRIGGER cases_search_ai AFTER INSERT ON cases BEGIN
    INSERT INTO cases_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER cases_search_ad AFTER DELETE ON cases BEGIN
    INSERT INTO cases_search(cases_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER cases_search_au AFTER UPDATE OF search_text ON cases BEGIN
    INSERT INTO cases_search(cases_search, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO cases_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
