-- 013: 抄送 is read-only; its recipient may acknowledge it (issue 16): when,
-- as record.cc_ack in the record's chain. 0: not yet.

ALTER TABLE record_cc ADD COLUMN acked_at INTEGER NOT NULL DEFAULT 0;
