-- Search filters meet the text match in one table (issue 7 §6: search p95 <= 50 ms at 1 M records).
-- A search for a common word takes the newest matching rows by walking an index newest first and checking
-- each row's vector; with a filter (repository, record type, role, task) the walk used to run over
-- audit_search, join every row to audit_record and drop the rows the filter refuses, reading 10-25 rows for
-- each one kept. With the filter columns here, the walk follows a (filter, occurred_at) index and reads only
-- rows the filter keeps.
--   task_id, record_type, role: copies of audit_record's.
--   repository: the record's own (audit_record.repository), else its task's (the TaskSubmitted row's).
--     A record indexed before its task's TaskSubmitted was stored gets it when that one is indexed
--     (SearchIndexer).
-- The table is rebuilt rather than updated in place: one pass, no dead rows, indexes built once.
CREATE TABLE audit_search_v7 (
  record_id    BIGINT      NOT NULL,
  occurred_at  TIMESTAMPTZ NOT NULL,
  task_id      TEXT,
  record_type  TEXT        NOT NULL,
  role         TEXT,
  repository   TEXT,
  search       TSVECTOR    NOT NULL
);
INSERT INTO audit_search_v7 (record_id, occurred_at, task_id, record_type, role, repository, search)
SELECT s.record_id, s.occurred_at, r.task_id, r.record_type, r.role,
       COALESCE(r.repository, (SELECT t.repository FROM audit_record t
                                WHERE t.record_type = 'TaskSubmitted' AND t.task_id = r.task_id LIMIT 1)),
       s.search
  FROM audit_search s JOIN audit_record r ON r.id = s.record_id
 ORDER BY s.record_id;
DROP TABLE audit_search;
ALTER TABLE audit_search_v7 RENAME TO audit_search;
ALTER TABLE audit_search ADD CONSTRAINT audit_search_pkey PRIMARY KEY (record_id),
  ADD CONSTRAINT audit_search_record_id_fkey FOREIGN KEY (record_id) REFERENCES audit_record (id) ON DELETE CASCADE;

CREATE INDEX audit_search_vector ON audit_search USING GIN (search);
-- newest first, for each filter: a search walks one of these backwards
CREATE INDEX audit_search_newest ON audit_search (occurred_at, record_id);
CREATE INDEX audit_search_type ON audit_search (record_type, occurred_at, record_id);
CREATE INDEX audit_search_repository ON audit_search (repository, occurred_at, record_id) WHERE repository IS NOT NULL;
CREATE INDEX audit_search_role ON audit_search (role, occurred_at, record_id) WHERE role IS NOT NULL;
CREATE INDEX audit_search_task ON audit_search (task_id, occurred_at, record_id) WHERE task_id IS NOT NULL;
