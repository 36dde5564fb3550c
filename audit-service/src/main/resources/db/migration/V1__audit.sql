-- One row per Kafka record on any agentline topic, dead-letter topics included.
-- (topic, kafka_partition, kafka_offset) identifies a record, so replaying the topics inserts nothing twice.
CREATE TABLE audit_record (
  id               BIGSERIAL PRIMARY KEY,
  topic            TEXT        NOT NULL,
  kafka_partition  INTEGER     NOT NULL,
  kafka_offset     BIGINT      NOT NULL,
  -- the record key; null only for keyless records
  task_id          TEXT,
  -- Avro record simple name (TaskEvent, ModelCall, ...), or DeadLetter / Undecodable
  record_type      TEXT        NOT NULL,
  -- TaskEvent: its type; StepRequest/StepResult/ModelCall: the step kind; ToolRequest/ToolResult: the tool
  event_type       TEXT,
  -- meta.occurredAt when the record has one, else the Kafka timestamp
  occurred_at      TIMESTAMPTZ NOT NULL,
  kafka_timestamp  TIMESTAMPTZ,
  ingested_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  summary          TEXT        NOT NULL,
  body             JSONB       NOT NULL,
  headers          JSONB       NOT NULL DEFAULT '{}'::jsonb,
  -- string values of the body (not its keys), for full-text search
  search           TSVECTOR    GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
  CONSTRAINT audit_record_position UNIQUE (topic, kafka_partition, kafka_offset)
);

CREATE INDEX audit_record_search ON audit_record USING GIN (search);
CREATE INDEX audit_record_timeline ON audit_record (task_id, occurred_at, topic, kafka_partition, kafka_offset);
CREATE INDEX audit_record_type ON audit_record (record_type, event_type);
