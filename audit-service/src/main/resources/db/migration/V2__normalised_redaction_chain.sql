-- Issue 7 §1: redaction counts, the per-task hash chain, retention, and normalised tables filled at
-- ingest in the same transaction as the raw audit_record row (dead letters and undecodable
-- records stay raw only).

-- Secrets replaced in the row before it was stored, by kind, e.g. {"openai-key": 1, "url-password": 2}.
ALTER TABLE audit_record ADD COLUMN redactions JSONB NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE audit_record ADD COLUMN redaction_count INTEGER NOT NULL DEFAULT 0;

-- The hash chain: the row's place in its task's chain (1, 2, ... in the order rows were stored),
-- the previous row's hash and its own: sha256(prev_hash ':' chain_seq ':' content hash).
-- Rows without a task id are not chained (all three null).
ALTER TABLE audit_record ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_record ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_record ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_record_chain ON audit_record (task_id, chain_seq) WHERE chain_seq IS NOT NULL;
CREATE INDEX audit_record_occurred ON audit_record (occurred_at);

-- The head of each task's chain; locked (SELECT ... FOR UPDATE) while a batch extends it, so the
-- rows of one task are chained one transaction at a time whichever consumer stores them.
-- checkpoint_*: retention deleted chain positions 1..checkpoint_seq; checkpoint_hash is the hash of
-- the last deleted row, from which verification continues.
CREATE TABLE audit_chain (
  task_id          TEXT PRIMARY KEY,
  seq              BIGINT NOT NULL DEFAULT 0,
  head_hash        TEXT   NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  checkpoint_seq   BIGINT NOT NULL DEFAULT 0,
  checkpoint_hash  TEXT   NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
  checkpoint_at    TIMESTAMPTZ
);

-- One row per task, upserted from TaskSubmitted, TaskEvent, TaskState, ToolRequest/ToolResult.
CREATE TABLE tasks (
  task_id       TEXT PRIMARY KEY,
  repository    TEXT,
  title         TEXT,
  requester     TEXT,
  labels        TEXT[],
  source        TEXT,
  submitted_at  TIMESTAMPTZ,
  status        TEXT,
  -- when the status was reported (the latest report wins, whatever order topics are read in)
  status_at     TIMESTAMPTZ,
  updated_at    TIMESTAMPTZ NOT NULL,
  branch        TEXT,
  pr_url        TEXT,
  failure_code  TEXT
);
CREATE INDEX tasks_status ON tasks (status, updated_at);

CREATE TABLE task_events (
  id               BIGSERIAL PRIMARY KEY,
  task_id          TEXT NOT NULL,
  type             TEXT NOT NULL,
  status           TEXT NOT NULL,
  previous_status  TEXT,
  step_id          TEXT,
  message          TEXT NOT NULL,
  reason           TEXT,
  actor            TEXT,
  input_tokens     INTEGER,
  output_tokens    INTEGER,
  cost_usd         DOUBLE PRECISION,
  at               TIMESTAMPTZ NOT NULL
);
CREATE INDEX task_events_task ON task_events (task_id, at);
CREATE INDEX task_events_type ON task_events (type, at);

-- Accepted plan versions, from the PLAN_ACCEPTED (version 1) and PLAN_REVISED task events.
CREATE TABLE plan_versions (
  task_id  TEXT    NOT NULL,
  version  INTEGER NOT NULL,
  goal     TEXT    NOT NULL,
  steps    INTEGER NOT NULL,
  plan     JSONB   NOT NULL,
  event    TEXT    NOT NULL,
  at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (task_id, version)
);

CREATE TABLE model_calls (
  id              BIGSERIAL PRIMARY KEY,
  task_id         TEXT NOT NULL,
  request_id      TEXT NOT NULL,
  role            TEXT NOT NULL,
  kind            TEXT NOT NULL,
  step_id         TEXT,
  attempt         INTEGER,
  reask           INTEGER NOT NULL,
  provider        TEXT NOT NULL,
  model           TEXT NOT NULL,
  prompt_version  TEXT NOT NULL,
  input_tokens    INTEGER NOT NULL,
  output_tokens   INTEGER NOT NULL,
  cost_usd        DOUBLE PRECISION NOT NULL,
  latency_ms      BIGINT NOT NULL,
  ok              BOOLEAN NOT NULL,
  error           TEXT,
  stop_reason     TEXT,
  at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX model_calls_task ON model_calls (task_id, at);
CREATE INDEX model_calls_role ON model_calls (role, at);

-- A ToolRequest and its ToolResult in one row, joined by request id (taskId/stepId/attempt/phase).
CREATE TABLE tool_calls (
  request_id    TEXT PRIMARY KEY,
  task_id       TEXT,
  tool          TEXT,
  step_id       TEXT,
  attempt       INTEGER,
  phase         TEXT,
  requested_at  TIMESTAMPTZ,
  ok            BOOLEAN,
  error         TEXT,
  error_code    TEXT,
  duration_ms   BIGINT,
  finished_at   TIMESTAMPTZ
);
CREATE INDEX tool_calls_task ON tool_calls (task_id);

CREATE TABLE step_results (
  id              BIGSERIAL PRIMARY KEY,
  task_id         TEXT NOT NULL,
  request_id      TEXT NOT NULL,
  role            TEXT NOT NULL,
  kind            TEXT NOT NULL,
  step_id         TEXT NOT NULL,
  attempt         INTEGER NOT NULL,
  ok              BOOLEAN NOT NULL,
  error           TEXT,
  input_tokens    INTEGER NOT NULL,
  output_tokens   INTEGER NOT NULL,
  cost_usd        DOUBLE PRECISION NOT NULL,
  model           TEXT,
  prompt_version  TEXT NOT NULL,
  model_calls     INTEGER NOT NULL,
  -- EVALUATE: the manager's verdict; PLAN/REVISE: the proposed plan (accepted versions are in plan_versions)
  verdict         TEXT,
  plan            JSONB,
  at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX step_results_task ON step_results (task_id, at);
CREATE INDEX step_results_role ON step_results (role, ok, at);

CREATE TABLE commands (
  id        BIGSERIAL PRIMARY KEY,
  task_id   TEXT NOT NULL,
  type      TEXT NOT NULL,
  actor     TEXT NOT NULL,
  step_id   TEXT,
  reason    TEXT,
  at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX commands_task ON commands (task_id, at);
