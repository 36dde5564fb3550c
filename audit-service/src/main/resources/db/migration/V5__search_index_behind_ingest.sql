-- The full-text index is built behind ingest (issue 7 §6). Measured on 2 cores, to_tsvector plus the GIN
-- insert cost ~200 µs per record of a few KB, about nine tenths of what storing a record costs; done in
-- the ingest transaction it capped ingest near 2 000 events/s. Now ingest stores the record and queues
-- its id; SearchIndexer turns queued ids into search vectors in batches, and a search sees a record once
-- it is indexed (normally within a second; after a burst, as fast as the indexer catches up).
ALTER TABLE audit_record DROP COLUMN search;

CREATE TABLE audit_search (
  record_id    BIGINT      PRIMARY KEY REFERENCES audit_record (id) ON DELETE CASCADE,
  occurred_at  TIMESTAMPTZ NOT NULL,
  -- string values of the record's body (not its keys), as before
  search       TSVECTOR    NOT NULL
);
CREATE INDEX audit_search_vector ON audit_search USING GIN (search);

-- Records stored but not yet indexed. A queue, not a watermark: ids of concurrent transactions commit
-- out of order, and a record must not be skipped because a higher id became visible first.
CREATE TABLE audit_search_pending (record_id BIGINT PRIMARY KEY);
INSERT INTO audit_search_pending SELECT id FROM audit_record;
