-- Search filters (issue 7 §2). Both new columns are generated from body, so ingest code does not change:
-- repository: TaskSubmitted.repository, ToolRequest.repository, AnalysisCached.repository,
--             TaskState.submitted.repository, and the same inside a dead letter's decoded record.
--             Records that do not carry one are matched through their task's TaskSubmitted row (see the
--             partial index below).
-- role:       StepRequest/StepResult/ModelCall.role (and a dead-lettered one's). ChatMessage.role sits
--             inside prompt arrays, never at the top level, so it is not picked up.
ALTER TABLE audit_record
  ADD COLUMN repository TEXT GENERATED ALWAYS AS (
    COALESCE(body ->> 'repository', body #>> '{submitted,repository}', body #>> '{record,repository}')) STORED,
  ADD COLUMN role TEXT GENERATED ALWAYS AS (COALESCE(body ->> 'role', body #>> '{record,role}')) STORED;

-- newest matches first: the candidate window of a search, time ranges
-- replaces V2's (occurred_at) index: newest-first walks page by (occurred_at, id); retention still uses its prefix
DROP INDEX IF EXISTS audit_record_occurred;
CREATE INDEX audit_record_occurred ON audit_record (occurred_at, id);
-- task -> repository, one row per task
CREATE INDEX audit_record_task_repository ON audit_record (repository, task_id) WHERE record_type = 'TaskSubmitted';
CREATE INDEX audit_record_role ON audit_record (role, occurred_at) WHERE role IS NOT NULL;
-- repository of a hit whose record does not carry one: its task's
CREATE INDEX audit_record_submitted_task ON audit_record (task_id) INCLUDE (repository) WHERE record_type = 'TaskSubmitted';
