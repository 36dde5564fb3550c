-- The search table in partitions of one week of occurred_at (issue 7 §6: search p95 <= 50 ms at 1 M records).
-- A search whose words are common but whose match is not (a phrase of two common words) takes its matches from a
-- time slice: the GIN matches intersected with the slice's rows. With one GIN index over the whole table the GIN
-- scan returned every record holding the words, whatever the slice (140 751 for "tests failed" at 1 M records,
-- ~45 ms); with a GIN index per week a slice reads only its weeks' (measured: that slice 82 -> 29 ms).
-- A week's partition is made when the first record of that week is indexed (audit_search_add_week, called by
-- SearchIndexer before each batch); there is no default partition, so a row can never land where a later week's
-- partition could not be made.

CREATE FUNCTION audit_search_add_week(at TIMESTAMPTZ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  week TIMESTAMPTZ := date_trunc('week', at, 'UTC');
  name TEXT := 'audit_search_' || to_char(week AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN false;
  END IF;
  -- 168 hours, not 7 days: a day is 23 or 25 hours across a daylight-saving change in the session's time zone
  EXECUTE format('CREATE TABLE %I PARTITION OF audit_search FOR VALUES FROM (%L) TO (%L)',
                 name, week, week + INTERVAL '168 hours');
  RETURN true;
EXCEPTION WHEN duplicate_table OR unique_violation THEN
  -- another indexer made it first
  RETURN false;
END $$;

ALTER TABLE audit_search RENAME TO audit_search_v8;
ALTER TABLE audit_search_v8 DROP CONSTRAINT audit_search_pkey, DROP CONSTRAINT audit_search_record_id_fkey;
DROP INDEX audit_search_vector, audit_search_newest, audit_search_type, audit_search_repository, audit_search_role,
  audit_search_task;

CREATE TABLE audit_search (
  record_id    BIGINT      NOT NULL,
  occurred_at  TIMESTAMPTZ NOT NULL,
  task_id      TEXT,
  record_type  TEXT        NOT NULL,
  role         TEXT,
  repository   TEXT,
  search       TSVECTOR    NOT NULL
) PARTITION BY RANGE (occurred_at);

SELECT count(*) FILTER (WHERE audit_search_add_week(w))
  FROM (SELECT DISTINCT date_trunc('week', occurred_at, 'UTC') AS w FROM audit_search_v8) weeks;
INSERT INTO audit_search (record_id, occurred_at, task_id, record_type, role, repository, search)
SELECT record_id, occurred_at, task_id, record_type, role, repository, search FROM audit_search_v8 ORDER BY record_id;
DROP TABLE audit_search_v8;

-- a partitioned table's unique keys hold its partition key
ALTER TABLE audit_search ADD CONSTRAINT audit_search_pkey PRIMARY KEY (record_id, occurred_at),
  ADD CONSTRAINT audit_search_record_id_fkey FOREIGN KEY (record_id) REFERENCES audit_record (id) ON DELETE CASCADE;
CREATE INDEX audit_search_vector ON audit_search USING GIN (search);
CREATE INDEX audit_search_newest ON audit_search (occurred_at, record_id);
CREATE INDEX audit_search_type ON audit_search (record_type, occurred_at, record_id);
CREATE INDEX audit_search_repository ON audit_search (repository, occurred_at, record_id) WHERE repository IS NOT NULL;
CREATE INDEX audit_search_role ON audit_search (role, occurred_at, record_id) WHERE role IS NOT NULL;
CREATE INDEX audit_search_task ON audit_search (task_id, occurred_at, record_id) WHERE task_id IS NOT NULL;
-- statistics at once: until autovacuum has analysed the new partitions the planner guesses, and guessed badly
-- (measured: overall p95 597 ms before this ANALYZE, 56 ms after)
ANALYZE audit_search;
