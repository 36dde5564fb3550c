-- Views for analysts (docs/analytics.md), and the read-only role agentline_analyst that may read them and nothing else.
-- They are defined over audit_record alone (body = the record as JSON), so they hold for any replay of the topics.
-- A task's records share one partition, so (occurred_at, kafka_offset) orders them; records of one planner turn
-- share their occurred_at.

CREATE VIEW task_summary AS
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
                                    AND body->>'status' IN ('DONE', 'FAILED', 'CANCELLED', 'BUDGET_EXHAUSTED')) AS ended_at,
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

COMMENT ON VIEW task_summary IS 'One row per submitted task: the ticket, where the task is, how long it took to a ready pull request, what it cost, how it went.';
COMMENT ON COLUMN task_summary.task_id IS 'The task id (the Kafka key of all its records).';
COMMENT ON COLUMN task_summary.repository IS 'Repository the ticket asked to change (git URL or path).';
COMMENT ON COLUMN task_summary.title IS 'Ticket title.';
COMMENT ON COLUMN task_summary.requester IS 'Who asked for the task; null when not given.';
COMMENT ON COLUMN task_summary.source IS 'Where the ticket came from: rest, cli, jira.';
COMMENT ON COLUMN task_summary.status IS 'Status of the latest STATE_CHANGED event (RECEIVED ... DONE, FAILED, CANCELLED, BUDGET_EXHAUSTED).';
COMMENT ON COLUMN task_summary.failure_code IS 'Typed reason (FailureReason) the task ended early; null when it did not.';
COMMENT ON COLUMN task_summary.submitted_at IS 'When the ticket was submitted (TaskSubmitted occurredAt).';
COMMENT ON COLUMN task_summary.pr_ready_at IS 'When the pull request was opened (first PR_OPENED event); null when none was.';
COMMENT ON COLUMN task_summary.ended_at IS 'When the task reached DONE, FAILED, CANCELLED or BUDGET_EXHAUSTED; null while it runs.';
COMMENT ON COLUMN task_summary.ticket_to_pr_seconds IS 'pr_ready_at - submitted_at in seconds: the pilot''s time from ticket to PR ready.';
COMMENT ON COLUMN task_summary.pr_url IS 'URL of the pull request (a branch URL for a local remote).';
COMMENT ON COLUMN task_summary.model_calls IS 'Model calls made for the task (ModelCall records, re-asks included).';
COMMENT ON COLUMN task_summary.cost_usd IS 'Sum of the cost of every model call of the task, USD.';
COMMENT ON COLUMN task_summary.tokens IS 'Input + output tokens of every model call of the task.';
COMMENT ON COLUMN task_summary.manager_tokens IS 'Tokens of the MANAGER role''s calls.';
COMMENT ON COLUMN task_summary.worker_tokens IS 'Tokens of every other role''s calls (code-edit, test-writer, analysis, review).';
COMMENT ON COLUMN task_summary.attempts IS 'Attempts of plan steps by workers (EXECUTE step requests).';
COMMENT ON COLUMN task_summary.failed_attempts IS 'Failed attempts of plan steps (STEP_FAILED events).';
COMMENT ON COLUMN task_summary.plan_revisions IS 'Times the manager revised the plan (PLAN_REVISED events): mis-plans.';
COMMENT ON COLUMN task_summary.test_failures IS 'Test or lint runs that failed (TESTS_FAILED and LINT_FAILED events).';
COMMENT ON COLUMN task_summary.review_verdict IS 'The review role''s verdict on the final diff: APPROVE, REQUEST_CHANGES, or null.';


CREATE VIEW step_attempts AS
SELECT rq.task_id,
       rq.body->>'requestId'                                      AS request_id,
       rq.body->>'stepId'                                         AS step_id,
       (rq.body->>'attempt')::int                                 AS attempt,
       rq.body->>'role'                                           AS role,
       rq.body->>'kind'                                           AS kind,
       rq.occurred_at                                             AS requested_at,
       rs.occurred_at                                             AS answered_at,
       extract(epoch FROM rs.occurred_at - rq.occurred_at)::numeric(12, 3) AS duration_seconds,
       (rs.body->>'ok')::boolean                                  AS ok,
       rs.body->>'error'                                          AS error,
       rs.body->>'model'                                          AS model,
       (rs.body->>'modelCalls')::int                              AS model_calls,
       (rs.body->'usage'->>'inputTokens')::bigint                 AS input_tokens,
       (rs.body->'usage'->>'outputTokens')::bigint                AS output_tokens,
       (rs.body->'usage'->>'costUsd')::numeric(14, 6)             AS cost_usd,
       coalesce(rs.body->'evaluation'->>'verdict', rs.body->'review'->>'verdict') AS verdict
  FROM audit_record rq
  LEFT JOIN LATERAL (
    SELECT r.occurred_at, r.body
      FROM audit_record r
     WHERE r.record_type = 'StepResult' AND r.task_id = rq.task_id AND r.body->>'requestId' = rq.body->>'requestId'
     ORDER BY r.occurred_at, r.kafka_offset
     LIMIT 1) rs ON true
 WHERE rq.record_type = 'StepRequest';

COMMENT ON VIEW step_attempts IS 'One row per model step the planner asked for (StepRequest), with the worker''s answer (StepResult) when there is one.';
COMMENT ON COLUMN step_attempts.task_id IS 'The task.';
COMMENT ON COLUMN step_attempts.request_id IS 'taskId/stepId/attempt (a phase may follow): joins the request, its result and its model calls.';
COMMENT ON COLUMN step_attempts.step_id IS 'Plan step id (s1, s2, ...) or the task-level step: analysis, plan, revise-<n>, review, summary.';
COMMENT ON COLUMN step_attempts.attempt IS '1 for the first attempt, 2 for the first retry, ...';
COMMENT ON COLUMN step_attempts.role IS 'Role that answers: MANAGER, CODE_EDIT, TEST_WRITER, ANALYSIS, REVIEW.';
COMMENT ON COLUMN step_attempts.kind IS 'What the call is for: PLAN, EXECUTE, EVALUATE, REVISE, REVIEW, SUMMARIZE, ANALYZE.';
COMMENT ON COLUMN step_attempts.requested_at IS 'When the planner asked.';
COMMENT ON COLUMN step_attempts.answered_at IS 'When the worker answered; null when no answer was recorded (timed out, or still running).';
COMMENT ON COLUMN step_attempts.duration_seconds IS 'answered_at - requested_at, seconds.';
COMMENT ON COLUMN step_attempts.ok IS 'Whether the worker produced a valid answer; null without an answer.';
COMMENT ON COLUMN step_attempts.error IS 'Why the answer was not valid (model error, invalid output).';
COMMENT ON COLUMN step_attempts.model IS 'Provider/model that answered.';
COMMENT ON COLUMN step_attempts.model_calls IS 'Model calls the step made: 2 when a malformed answer was re-asked.';
COMMENT ON COLUMN step_attempts.input_tokens IS 'Input tokens of the step''s model calls.';
COMMENT ON COLUMN step_attempts.output_tokens IS 'Output tokens of the step''s model calls.';
COMMENT ON COLUMN step_attempts.cost_usd IS 'Cost of the step''s model calls, USD.';
COMMENT ON COLUMN step_attempts.verdict IS 'EVALUATE: the manager''s verdict (ACCEPT, RETRY, REVISE); REVIEW: APPROVE or REQUEST_CHANGES.';


CREATE VIEW model_costs AS
SELECT date_trunc('day', occurred_at)::date                              AS day,
       body->>'role'                                                     AS role,
       body->>'provider'                                                 AS provider,
       body->>'model'                                                    AS model,
       count(*)                                                          AS calls,
       count(*) FILTER (WHERE NOT (body->>'ok')::boolean)                AS failed_calls,
       count(*) FILTER (WHERE (body->>'reask')::int > 0)                 AS reasks,
       count(DISTINCT task_id)                                           AS tasks,
       sum((body->'usage'->>'inputTokens')::bigint)::bigint              AS input_tokens,
       sum((body->'usage'->>'outputTokens')::bigint)::bigint             AS output_tokens,
       sum((body->'usage'->>'costUsd')::numeric)::numeric(14, 6)         AS cost_usd,
       round(avg((body->>'latencyMs')::bigint))::bigint                  AS avg_latency_ms,
       max((body->>'latencyMs')::bigint)                                 AS max_latency_ms
  FROM audit_record
 WHERE record_type = 'ModelCall'
 GROUP BY 1, 2, 3, 4;

COMMENT ON VIEW model_costs IS 'Model calls per day (UTC), role, provider and model: how many, how many failed, tokens, cost, latency.';
COMMENT ON COLUMN model_costs.day IS 'Day of the calls (UTC date of occurred_at).';
COMMENT ON COLUMN model_costs.role IS 'MANAGER, CODE_EDIT, TEST_WRITER, ANALYSIS, REVIEW.';
COMMENT ON COLUMN model_costs.provider IS 'Provider that served the calls (anthropic, openai, replay, ...).';
COMMENT ON COLUMN model_costs.model IS 'Model name.';
COMMENT ON COLUMN model_costs.calls IS 'Model calls.';
COMMENT ON COLUMN model_costs.failed_calls IS 'Calls that failed (provider error, malformed answer): ModelCall ok = false.';
COMMENT ON COLUMN model_costs.reasks IS 'Calls that re-asked after a malformed answer.';
COMMENT ON COLUMN model_costs.tasks IS 'Distinct tasks the calls served.';
COMMENT ON COLUMN model_costs.input_tokens IS 'Input tokens.';
COMMENT ON COLUMN model_costs.output_tokens IS 'Output tokens.';
COMMENT ON COLUMN model_costs.cost_usd IS 'Cost, USD.';
COMMENT ON COLUMN model_costs.avg_latency_ms IS 'Mean latency of a call, ms.';
COMMENT ON COLUMN model_costs.max_latency_ms IS 'Slowest call, ms.';


-- A failure counts once: an EXECUTE answer the worker could not make valid is its StepResult (ok = false), the
-- planner's STEP_FAILED that follows is not counted again; every other STEP_FAILED is a failed attempt of a plan step
-- (edits refused, tests failing, the manager asking again, a timeout), charged to the role that worked on the step.
CREATE VIEW worker_failures AS
SELECT r.occurred_at,
       r.task_id,
       r.body->>'role'                 AS role,
       r.body->>'stepId'               AS step_id,
       (r.body->>'attempt')::int       AS attempt,
       'StepResult'                    AS source,
       'MODEL_ERROR'                   AS reason,
       r.body->>'error'                AS detail
  FROM audit_record r
 WHERE r.record_type = 'StepResult' AND NOT (r.body->>'ok')::boolean
UNION ALL
SELECT f.occurred_at,
       f.task_id,
       coalesce(rq.role, 'UNKNOWN'),
       f.step_id,
       f.attempt,
       'STEP_FAILED',
       CASE
         WHEN f.message LIKE '%the edits could not be applied%' THEN coalesce(tr.error_code, 'EDITS_NOT_APPLIED')
         WHEN f.message LIKE '%the tests failed after the edits%' THEN 'TESTS_FAILED'
         WHEN f.message LIKE '%the manager asked for another attempt%' THEN 'MANAGER_RETRY'
         WHEN f.message LIKE '%context could not be gathered%' THEN 'CONTEXT_ERROR'
         WHEN f.message LIKE '%the tests could not run%' THEN 'TOOL_ERROR'
         WHEN f.message LIKE '%no answer to % within %' THEN 'STEP_TIMEOUT'
         ELSE 'OTHER'
       END,
       f.message
  FROM (SELECT occurred_at, kafka_offset, task_id, body->>'stepId' AS step_id, body->>'message' AS message,
               substring(body->>'message' FROM 'attempt ([0-9]+) failed')::int AS attempt
          FROM audit_record
         WHERE record_type = 'TaskEvent' AND body->>'type' = 'STEP_FAILED'
           AND body->>'message' NOT LIKE '%the worker''s answer was unusable%') f
  LEFT JOIN LATERAL (
    SELECT q.body->>'role' AS role
      FROM audit_record q
     WHERE q.record_type = 'StepRequest' AND q.task_id = f.task_id AND q.body->>'stepId' = f.step_id
       AND q.body->>'kind' = 'EXECUTE' AND q.occurred_at <= f.occurred_at
     ORDER BY q.occurred_at DESC, q.kafka_offset DESC
     LIMIT 1) rq ON true
  LEFT JOIN LATERAL (
    SELECT t.body->>'errorCode' AS error_code
      FROM audit_record t
     WHERE t.record_type = 'ToolResult' AND t.task_id = f.task_id AND t.body->>'tool' = 'APPLY_EDITS'
       AND t.body->>'requestId' = f.task_id || '/' || f.step_id || '/' || f.attempt || '/apply'
     LIMIT 1) tr ON true
UNION ALL
SELECT t.occurred_at,
       t.task_id,
       'TOOL_RUNNER',
       split_part(t.body->>'requestId', '/', 2),
       nullif(split_part(t.body->>'requestId', '/', 3), '')::int,
       'ToolResult',
       t.body->>'errorCode',
       t.body->>'tool' || ': ' || coalesce(t.body->>'error', '')
  FROM audit_record t
 WHERE t.record_type = 'ToolResult' AND NOT (t.body->>'ok')::boolean AND t.body->>'errorCode' IS NOT NULL
   AND t.body->>'tool' <> 'APPLY_EDITS';

COMMENT ON VIEW worker_failures IS 'One row per failure of a worker: an invalid answer (StepResult ok = false, any role), a failed attempt of a plan step (STEP_FAILED, charged to the role that executed the step), or a policy refusal of the tool runner outside edits (ToolResult with an errorCode, role TOOL_RUNNER). Each failure counts once.';
COMMENT ON COLUMN worker_failures.occurred_at IS 'When the failure was recorded.';
COMMENT ON COLUMN worker_failures.task_id IS 'The task.';
COMMENT ON COLUMN worker_failures.role IS 'MANAGER, CODE_EDIT, TEST_WRITER, ANALYSIS, REVIEW, or TOOL_RUNNER; UNKNOWN when no request of the step was recorded.';
COMMENT ON COLUMN worker_failures.step_id IS 'Plan step id, or analysis, plan, review, summary, ...';
COMMENT ON COLUMN worker_failures.attempt IS 'Attempt of the step that failed.';
COMMENT ON COLUMN worker_failures.source IS 'Record the failure comes from: StepResult, STEP_FAILED (a TaskEvent), ToolResult.';
COMMENT ON COLUMN worker_failures.reason IS 'Why, as a code: MODEL_ERROR (invalid or failed answer), TESTS_FAILED, MANAGER_RETRY, STEP_TIMEOUT, CONTEXT_ERROR, TOOL_ERROR, EDITS_NOT_APPLIED or the tool runner''s refusal (PROTECTED_PATH, PATH_NOT_ALLOWED, FILES_LIMIT, DIFF_LIMIT, FILE_TOO_LARGE, COMMAND_NOT_ALLOWED), OTHER.';
COMMENT ON COLUMN worker_failures.detail IS 'The error or the planner''s message, in words.';


CREATE VIEW plan_vs_actual AS
WITH plans AS (
  SELECT task_id,
         (array_agg(body->'plan' ORDER BY occurred_at DESC, kafka_offset DESC) FILTER (WHERE body->>'type' = 'PLAN_ACCEPTED'))[1] AS planned,
         (array_agg(body->'plan' ORDER BY occurred_at DESC, kafka_offset DESC))[1] AS final,
         count(*) FILTER (WHERE body->>'type' = 'PLAN_REVISED') AS revisions
    FROM audit_record
   WHERE record_type = 'TaskEvent' AND body->>'type' IN ('PLAN_ACCEPTED', 'PLAN_REVISED')
   GROUP BY task_id
), runs AS (
  SELECT task_id,
         count(DISTINCT body->>'stepId') FILTER (WHERE body->>'type' = 'STEP_STARTED') AS steps_run,
         count(DISTINCT body->>'stepId') FILTER (WHERE body->>'type' = 'STEP_COMPLETED') AS steps_completed,
         count(*) FILTER (WHERE body->>'type' = 'STEP_FAILED') AS failed_attempts
    FROM audit_record
   WHERE record_type = 'TaskEvent' AND body->>'type' IN ('STEP_STARTED', 'STEP_COMPLETED', 'STEP_FAILED')
   GROUP BY task_id
), ids AS (
  SELECT task_id, revisions, (final->>'version')::int AS final_version,
         ARRAY(SELECT s->>'id' FROM jsonb_array_elements(planned->'steps') s) AS planned_ids,
         ARRAY(SELECT s->>'id' FROM jsonb_array_elements(final->'steps') s) AS final_ids
    FROM plans
)
SELECT i.task_id,
       cardinality(i.planned_ids)                                           AS planned_steps,
       i.planned_ids                                                        AS planned_step_ids,
       i.final_version                                                      AS final_plan_version,
       i.revisions                                                          AS plan_revisions,
       cardinality(i.final_ids)                                             AS final_steps,
       ARRAY(SELECT unnest(i.final_ids) EXCEPT SELECT unnest(i.planned_ids) ORDER BY 1)   AS steps_added,
       ARRAY(SELECT unnest(i.planned_ids) EXCEPT SELECT unnest(i.final_ids) ORDER BY 1)   AS steps_dropped,
       coalesce(r.steps_run, 0)                                             AS steps_run,
       coalesce(r.steps_completed, 0)                                       AS steps_completed,
       coalesce(r.failed_attempts, 0)                                       AS failed_attempts
  FROM ids i
  LEFT JOIN runs r USING (task_id);

COMMENT ON VIEW plan_vs_actual IS 'One row per task with an accepted plan: the steps the manager planned against the steps the final plan had and the steps that ran.';
COMMENT ON COLUMN plan_vs_actual.task_id IS 'The task.';
COMMENT ON COLUMN plan_vs_actual.planned_steps IS 'Steps of the accepted plan (the latest PLAN_ACCEPTED: version 1).';
COMMENT ON COLUMN plan_vs_actual.planned_step_ids IS 'Their ids, in plan order.';
COMMENT ON COLUMN plan_vs_actual.final_plan_version IS 'Version of the last plan (1 + revisions).';
COMMENT ON COLUMN plan_vs_actual.plan_revisions IS 'PLAN_REVISED events.';
COMMENT ON COLUMN plan_vs_actual.final_steps IS 'Steps of the last plan version.';
COMMENT ON COLUMN plan_vs_actual.steps_added IS 'Step ids in the last plan that the accepted plan did not have.';
COMMENT ON COLUMN plan_vs_actual.steps_dropped IS 'Step ids of the accepted plan that the last plan no longer has.';
COMMENT ON COLUMN plan_vs_actual.steps_run IS 'Distinct steps started (STEP_STARTED).';
COMMENT ON COLUMN plan_vs_actual.steps_completed IS 'Distinct steps completed (STEP_COMPLETED).';
COMMENT ON COLUMN plan_vs_actual.failed_attempts IS 'Failed step attempts (STEP_FAILED).';


CREATE VIEW gate_waits AS
SELECT g.task_id,
       coalesce(g.body->>'stepId', 'plan')                                   AS gate,
       g.occurred_at                                                         AS requested_at,
       d.occurred_at                                                         AS decided_at,
       coalesce(d.decision, 'PENDING')                                       AS decision,
       d.actor,
       extract(epoch FROM coalesce(d.occurred_at, now()) - g.occurred_at)::numeric(12, 3) AS wait_seconds
  FROM audit_record g
  LEFT JOIN LATERAL (
    SELECT e.occurred_at,
           CASE WHEN e.body->>'type' = 'STATE_CHANGED' THEN e.body->>'status' ELSE e.body->>'type' END AS decision,
           e.body->>'actor' AS actor
      FROM audit_record e
     WHERE e.record_type = 'TaskEvent' AND e.task_id = g.task_id
       AND (e.occurred_at, e.kafka_offset) > (g.occurred_at, g.kafka_offset)
       AND (e.body->>'type' IN ('PLAN_APPROVED', 'PLAN_REJECTED', 'APPROVAL_EXPIRED', 'STEP_ACCEPTED', 'STEP_REJECTED')
            OR (e.body->>'type' = 'STEP_RETRIED' AND e.body->>'actor' IS NOT NULL)
            OR (e.body->>'type' = 'STATE_CHANGED' AND e.body->>'status' IN ('CANCELLED', 'FAILED')))
     ORDER BY e.occurred_at, e.kafka_offset
     LIMIT 1) d ON true
 WHERE g.record_type = 'TaskEvent' AND g.body->>'type' = 'APPROVAL_REQUESTED';

COMMENT ON VIEW gate_waits IS 'One row per approval gate (APPROVAL_REQUESTED): how long it waited for a person and what they decided.';
COMMENT ON COLUMN gate_waits.task_id IS 'The task.';
COMMENT ON COLUMN gate_waits.gate IS '"plan" for a plan approval, else the step id awaiting a decision.';
COMMENT ON COLUMN gate_waits.requested_at IS 'When the planner asked for approval.';
COMMENT ON COLUMN gate_waits.decided_at IS 'When it was decided; null while pending.';
COMMENT ON COLUMN gate_waits.decision IS 'PLAN_APPROVED, PLAN_REJECTED, APPROVAL_EXPIRED, STEP_ACCEPTED, STEP_REJECTED, STEP_RETRIED, CANCELLED, FAILED, or PENDING.';
COMMENT ON COLUMN gate_waits.actor IS 'Who decided (null for an expiry or a failure).';
COMMENT ON COLUMN gate_waits.wait_seconds IS 'decided_at (or now, while pending) - requested_at, seconds.';


-- The read-only role. Roles belong to the whole server, so it may exist already (another database, a re-run).
-- When the migrating user may not create roles, the views are still created and a warning says so.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'agentline_analyst') THEN
    BEGIN
      CREATE ROLE agentline_analyst NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'cannot create role agentline_analyst (%); create it and grant it SELECT on the analyst views by hand', SQLERRM;
      RETURN;
    END;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO agentline_analyst', current_schema());
  GRANT SELECT ON task_summary, step_attempts, model_costs, worker_failures, plan_vs_actual, gate_waits TO agentline_analyst;
END
$$;
