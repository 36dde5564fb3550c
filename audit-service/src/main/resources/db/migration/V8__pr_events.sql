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
