-- 006: the index of open deadlines carries every column the overdue and
-- due-soon lists test (done_on, paused), so SQLite 3.40 reads it alone
-- instead of one table row per deadline.

DROP INDEX deadlines_open;
CREATE INDEX deadlines_open
  ON record_deadlines(org_id, kind, due, record_id, paused, done_on)
  WHERE done_on IS NULL AND due IS NOT NULL;
