-- 009: each record's earliest open deadline (not done, not paused, not
-- suspended), one row per record that has one, kept by
-- store_deadlines_put in the same transaction as the deadlines. A record
-- is overdue exactly when this date has passed, so the overdue list reads
-- one page of this index and counts a range of it, instead of grouping
-- every open deadline of the organisation by record on every request
-- (docs/benchmarks.md, issue 4). The due-soon and open lists still read
-- record_deadlines: a record overdue on one deadline may be due soon on
-- another.

CREATE TABLE record_due (
  org_id    INTEGER NOT NULL,
  record_id INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  due       INTEGER NOT NULL,   -- days since 1970-01-01, as in deadlines
  PRIMARY KEY (org_id, record_id)
) WITHOUT ROWID;
CREATE INDEX record_due_by_due ON record_due(org_id, kind, due, record_id);

INSERT INTO record_due(org_id, record_id, kind, due)
  SELECT org_id, record_id, kind, min(due) FROM record_deadlines
   WHERE done_on IS NULL AND due IS NOT NULL AND paused = 0
   GROUP BY org_id, record_id;
