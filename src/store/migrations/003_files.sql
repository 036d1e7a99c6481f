-- 003: evidence files attached to records (SPEC §2.1: "stored with their
-- SHA-256"). The bytes live outside the database, content-addressed, in
-- "<db path>.files/ab/abcdef…" (src/store/store_files.c); a row names the
-- blob by its SHA-256 and the record.file event (org_id, event_seq) that
-- put it there, whose data repeats file_id, sha256 and size inside the
-- hash chain. Rows, like events, are never changed or removed.

CREATE TABLE files (
  org_id       INTEGER NOT NULL,
  file_id      INTEGER NOT NULL UNIQUE,
  record_id    INTEGER NOT NULL,
  sha256       TEXT NOT NULL,       -- 64 lower-case hex digits
  size         INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  name         TEXT NOT NULL,       -- the uploader's file name, for display
  note         TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  event_seq    INTEGER NOT NULL,    -- the record.file event in org's chain
  PRIMARY KEY (org_id, file_id),
  FOREIGN KEY (org_id, record_id) REFERENCES records(org_id, record_id)
);
CREATE INDEX files_record ON files(org_id, record_id);

CREATE TRIGGER files_no_update BEFORE UPDATE ON files
BEGIN SELECT RAISE(ABORT, 'evidence files are never changed'); END;
CREATE TRIGGER files_no_delete BEFORE DELETE ON files
BEGIN SELECT RAISE(ABORT, 'evidence files are never removed'); END;
