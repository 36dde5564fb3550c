-- The planner's TaskState records (a snapshot of the whole task on every change, ~20 a task) stay in audit_record but
-- leave the search index: their words are all in the task's other records, and they filled half of every search's
-- hits with near copies. Ingest no longer queues them (AuditStore); this removes those indexed or queued before.
DELETE FROM audit_search_pending p USING audit_record r WHERE p.record_id = r.id AND r.record_type = 'TaskState';
DELETE FROM audit_search WHERE record_type = 'TaskState';
