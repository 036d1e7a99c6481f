-- 001: organisations, users, API tokens, the event log and its chain heads,
-- the calendar overrides. Every table's key begins with the organisation id
-- (SPEC §6), so a province can distribute by it.

CREATE TABLE orgs (
  org_id     INTEGER PRIMARY KEY,
  parent_id  INTEGER REFERENCES orgs(org_id),
  name       TEXT NOT NULL,
  level      TEXT NOT NULL CHECK (level IN ('region','government','department','unit')),
  path       TEXT NOT NULL UNIQUE,  -- '/1/4/9/': ancestry, for subtree scope
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX orgs_parent_name ON orgs(ifnull(parent_id, 0), name);

CREATE TABLE users (
  org_id        INTEGER NOT NULL REFERENCES orgs(org_id),
  user_id       INTEGER NOT NULL UNIQUE,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  roles         INTEGER NOT NULL DEFAULT 0,
  pw_hash       TEXT NOT NULL,
  pw_history    TEXT NOT NULL DEFAULT '[]',
  must_change   INTEGER NOT NULL DEFAULT 0,
  failed_count  INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id)
);

CREATE TABLE api_tokens (
  org_id     INTEGER NOT NULL REFERENCES orgs(org_id),
  token_id   INTEGER NOT NULL UNIQUE,
  user_id    INTEGER NOT NULL REFERENCES users(user_id),
  name       TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, token_id)
);

CREATE TABLE events (
  org_id    INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  ts        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  type      TEXT NOT NULL,
  subject   TEXT NOT NULL,
  data      TEXT NOT NULL,
  prev_hash BLOB NOT NULL,
  hash      BLOB NOT NULL,
  PRIMARY KEY (org_id, seq)
) WITHOUT ROWID;
CREATE INDEX events_ts ON events(org_id, ts);

CREATE TABLE chain_heads (
  org_id INTEGER PRIMARY KEY,
  seq    INTEGER NOT NULL,
  hash   BLOB NOT NULL
);

-- The log is append-only for the application: no statement of fazhi
-- updates or deletes an event.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Calendar years imported by an administrator over the embedded data
-- (org 0: national; a province's own adjustments under its org id).
CREATE TABLE calendar_years (
  org_id     INTEGER NOT NULL,
  year       INTEGER NOT NULL,
  body       TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, year)
);

-- Overrides of statutory periods by a province whose rules differ.
CREATE TABLE rule_overrides (
  org_id     INTEGER NOT NULL,
  rule_id    TEXT NOT NULL,
  days       INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, rule_id)
);
