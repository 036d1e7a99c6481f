-- 005: the open deadlines of a kind in an organisation, by due date, with
-- the record id in the index: the overdue and due-soon lists are read from
-- the index alone (no table row per deadline), then one page of records.

DROP INDEX deadlines_open;
CREATE INDEX deadlines_open ON record_deadlines(org_id, kind, due, record_id)
  WHERE done_on IS NULL AND due IS NOT NULL;
