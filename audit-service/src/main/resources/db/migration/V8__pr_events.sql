-- Issue 11: what happens on a task's pull request after it opened (reviews, comments, CI, merge, close).
-- pr_events is filled at ingest from agentline.pr-events (PullRequestEvent), in the raw row's transaction,
-- one row per thing that happened: the same thing seen by webhook and by polling has the same item_key and
-- is stored once (the first delivery stored wins; every delivery stays in audit_record).
CREATE TABLE pr_events (
  id            BIGSERIAL PRIMARY KEY,
  task_id       TEXT        NOT NULL,
  host          TEXT        NOT NULL,
  type          TEXT        NOT NULL,
  item_key      TEXT        NOT NULL,
  delivery_id   TEXT        NOT NULL,
  repository    TEXT        NOT NULL,
  number        INTEGER     NOT NULL,
  url           TEXT        NOT NULL,
  branch        TEXT,
  head_commit   TEXT,
  actor         TEXT        NOT NULL,
  body          TEXT,
  review_state  TEXT,
  comment_id    TEXT,
  thread_id     TEXT,
  path          TEXT,
  line          INTEGER,
  ci_name       TEXT,
  ci_conclusion TEXT,
  ci_url        TEXT,
  happened_at   TIMESTAMPTZ NOT NULL,
  via           TEXT        NOT NULL,
  at            TIMESTAMPTZ NOT NULL,
  UNIQUE (task_id, item_key)
);
CREATE INDEX pr_events_task ON pr_events (task_id, happened_at);
CREATE INDEX pr_events_type ON pr_events (type, happened_at);

-- The round of work a task event belongs to (1 for the ticket, 2 and up for review and CI feedback), and the
-- pull request event a PR_ACTIVITY event records. Rows stored before V8 are of iteration 1.
ALTER TABLE task_events ADD COLUMN iteration INTEGER NOT NULL DEFAULT 1;
ALTER TABLE task_events ADD COLUMN pr_item_key TEXT;

-- task_summary as in V4, except that a task also ends when its pull request is merged or closed (TaskStatus MERGED,
-- CLOSED, issue 11): ended_at is the latest of those states.
CREATE OR REPLACE VIEW task_summary AS
WITH submitted AS (
  SELECT DISTINCT ON (task_id) task_id, occurred_at, body
    FROM audit_record
   WHERE record_type = 'TaskSubmitted' AND task_id IS NOT NULL
   ORDER BY task_id, occurred_at, kafka_offset
), events AS (
  SELECT task_id,
         (array_agg(body->>'status' ORDER BY occurred_at DESC, kafka_offset DESC)
            FILTER (WHERE body->>'type' = 'STATE_CHANGED'))[1] AS status,
         min(occurred_at) FILTER (WHERE body->>'type' = 'PR_OPENED') AS pr_ready_at,
         max(occurred_at) FILTER (WHERE body->>'type' = 'STATE_CHANGED'
                                    AND body->>'status' IN ('DONE', 'FAILED', 'CANCELLED', 'BUDGET_EXHAUSTED', 'MERGED', 'CLOSED')) AS ended_at,
         (array_agg(body->>'reason' ORDER BY occurred_at DESC, kafka_offset DESC)
            FILTER (WHERE body->>'type' = 'STATE_CHANGED' AND body->>'status' IN ('FAILED', 'CANCELLED', 'BUDGET_EXHAUSTED')))[1] AS failure_code,
         (array_agg(body->'pullRequest'->>'url' ORDER BY occurred_at DESC) FILTER (WHERE body->>'type' = 'PR_OPENED'))[1] AS pr_url,
         count(*) FILTER (WHERE body->>'type' = 'PLAN_REVISED') AS plan_revisions,
         count(*) FILTER (WHERE body->>'type' IN ('TESTS_FAILED', 'LINT_FAILED')) AS test_failures,
         count(*) FILTER (WHERE body->>'type' = 'STEP_FAILED') AS failed_attempts,
         (array_agg(body->'review'->>'verdict' ORDER BY occurred_at DESC, kafka_offset DESC)
            FILTER (WHERE body->>'type' = 'REVIEWED'))[1] AS review_verdict
    FROM audit_record
   WHERE record_type = 'TaskEvent'
   GROUP BY task_id
), calls AS (
  SELECT task_id,
         count(*) AS model_calls,
         sum((body->'usage'->>'costUsd')::numeric) AS cost_usd,
         sum((body->'usage'->>'inputTokens')::bigint + (body->'usage'->>'outputTokens')::bigint)::bigint AS tokens,
         (sum((body->'usage'->>'inputTokens')::bigint + (body->'usage'->>'outputTokens')::bigint)
           FILTER (WHERE body->>'role' = 'MANAGER'))::bigint AS manager_tokens
    FROM audit_record
   WHERE record_type = 'ModelCall'
   GROUP BY task_id
), attempts AS (
  SELECT task_id, count(*) AS attempts
    FROM audit_record
   WHERE record_type = 'StepRequest' AND body->>'kind' = 'EXECUTE'
   GROUP BY task_id
)
SELECT s.task_id,
       s.body->>'repository'                                   AS repository,
       s.body->>'title'                                        AS title,
       nullif(s.body->>'requester', '')                        AS requester,
       s.body->>'source'                                       AS source,
       coalesce(e.status, 'RECEIVED')                          AS status,
       e.failure_code,
       s.occurred_at                                           AS submitted_at,
       e.pr_ready_at,
       e.ended_at,
       extract(epoch FROM e.pr_ready_at - s.occurred_at)::numeric(12, 3) AS ticket_to_pr_seconds,
       e.pr_url,
       coalesce(c.model_calls, 0)                              AS model_calls,
       coalesce(c.cost_usd, 0)::numeric(14, 6)                 AS cost_usd,
       coalesce(c.tokens, 0)                                   AS tokens,
       coalesce(c.manager_tokens, 0)                           AS manager_tokens,
       coalesce(c.tokens, 0) - coalesce(c.manager_tokens, 0)   AS worker_tokens,
       coalesce(a.attempts, 0)                                 AS attempts,
       coalesce(e.failed_attempts, 0)                          AS failed_attempts,
       coalesce(e.plan_revisions, 0)                           AS plan_revisions,
       coalesce(e.test_failures, 0)                            AS test_failures,
       e.review_verdict
  FROM submitted s
  LEFT JOIN events e USING (task_id)
  LEFT JOIN calls c USING (task_id)
  LEFT JOIN attempts a USING (task_id);

COMMENT ON COLUMN task_summary.status IS 'Status of the latest STATE_CHANGED event (RECEIVED ... DONE, TAKEN_OVER, MERGED, CLOSED, FAILED, CANCELLED, BUDGET_EXHAUSTED).';
COMMENT ON COLUMN task_summary.ended_at IS 'When the task last reached DONE (its pull request waits for review), MERGED, CLOSED, FAILED, CANCELLED or BUDGET_EXHAUSTED; null while it runs.';

-- The analysts' view of it (granted to agentline_analyst below): every pull request event with its task,
-- whether it is a person's review comment (what "review comments per PR" counts) and whether it is a failed CI run.
CREATE VIEW pr_activity AS
SELECT e.task_id,
       t.repository                                                        AS task_repository,
       e.host,
       e.type,
       e.item_key,
       e.delivery_id,
       e.repository,
       e.number,
       e.url,
       e.actor,
       e.review_state,
       e.path,
       e.line,
       e.ci_name,
       e.ci_conclusion,
       e.happened_at,
       e.via,
       (e.type IN ('REVIEW_COMMENT', 'COMMENT')
          AND e.actor NOT LIKE '%[bot]'
          AND coalesce(e.body, '') NOT LIKE '%<!-- agentline-reply -->%')  AS review_comment,
       (e.type = 'CI_COMPLETED' AND e.ci_conclusion IN ('FAILURE', 'TIMED_OUT')) AS ci_failed,
       left(e.body, 200)                                                   AS body_start
  FROM pr_events e
  LEFT JOIN tasks t USING (task_id);

COMMENT ON VIEW pr_activity IS 'One row per thing that happened on an agentline pull request (agentline.pr-events, deduplicated by item_key): reviews, comments, CI runs, pushes, merge, close.';
COMMENT ON COLUMN pr_activity.task_id IS 'The agentline task the pull request belongs to (from the marker in its body).';
COMMENT ON COLUMN pr_activity.task_repository IS 'The repository the ticket named (git URL), as in task_summary.';
COMMENT ON COLUMN pr_activity.host IS 'GITHUB or GITLAB.';
COMMENT ON COLUMN pr_activity.type IS 'REVIEW_SUBMITTED, REVIEW_COMMENT (on a diff line), COMMENT (on the conversation), CI_COMPLETED, PUSHED, MERGED, CLOSED, REOPENED.';
COMMENT ON COLUMN pr_activity.item_key IS 'Identity of the thing on the code host (github:review-comment:456, gitlab:pipeline:7, ...): the same by webhook and by polling.';
COMMENT ON COLUMN pr_activity.delivery_id IS 'The first delivery stored: the webhook delivery id, or poll:<item_key>.';
COMMENT ON COLUMN pr_activity.repository IS 'owner/name on GitHub, the project path on GitLab.';
COMMENT ON COLUMN pr_activity.number IS 'The pull request number (GitLab: the merge request iid).';
COMMENT ON COLUMN pr_activity.url IS 'The pull request''s page.';
COMMENT ON COLUMN pr_activity.actor IS 'Login of who did it.';
COMMENT ON COLUMN pr_activity.review_state IS 'REVIEW_SUBMITTED: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED.';
COMMENT ON COLUMN pr_activity.path IS 'REVIEW_COMMENT: the file commented on.';
COMMENT ON COLUMN pr_activity.line IS 'REVIEW_COMMENT: the line commented on.';
COMMENT ON COLUMN pr_activity.ci_name IS 'CI_COMPLETED: the check''s, status context''s or pipeline''s name.';
COMMENT ON COLUMN pr_activity.ci_conclusion IS 'CI_COMPLETED: SUCCESS, FAILURE, CANCELLED, TIMED_OUT, SKIPPED, NEUTRAL, ACTION_REQUIRED.';
COMMENT ON COLUMN pr_activity.happened_at IS 'When the code host says it happened.';
COMMENT ON COLUMN pr_activity.via IS 'webhook or poll: how it reached agentline first.';
COMMENT ON COLUMN pr_activity.review_comment IS 'A person''s comment (REVIEW_COMMENT or COMMENT; bots and agentline''s own replies excluded): what the pilot report counts as review comments.';
COMMENT ON COLUMN pr_activity.ci_failed IS 'A CI run that failed or timed out: what the pilot report counts as CI failures.';
COMMENT ON COLUMN pr_activity.body_start IS 'The first 200 characters of the review''s or comment''s text (redacted like everything stored).';

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'agentline_analyst') THEN
    GRANT SELECT ON pr_activity TO agentline_analyst;
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'cannot grant agentline_analyst SELECT on pr_activity (%); grant it by hand', SQLERRM;
END
$$;
