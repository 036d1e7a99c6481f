-- 002: records of every kind (one engine, src/kinds/), their deadlines,
-- copies (抄送), numbering, full-text search, and the index behind a
-- record's history in the event log.

CREATE TABLE records (
  org_id      INTEGER NOT NULL REFERENCES orgs(org_id),
  record_id   INTEGER NOT NULL UNIQUE,
  kind        TEXT NOT NULL,
  number      TEXT NOT NULL,
  state       TEXT NOT NULL,
  prev_state  TEXT,               -- for 退回: the state before the last move
  title       TEXT NOT NULL DEFAULT '',
  data        TEXT NOT NULL,      -- the fields, a JSON object
  query_code  TEXT UNIQUE,        -- public portal, NULL for internal records
  created_at  INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  version     INTEGER NOT NULL,
  PRIMARY KEY (org_id, record_id)
);
CREATE INDEX records_kind_state ON records(org_id, kind, state);
CREATE INDEX records_kind_created ON records(org_id, kind, created_at);
CREATE INDEX records_kind_updated ON records(org_id, kind, updated_at);
CREATE UNIQUE INDEX records_number ON records(org_id, kind, number);

-- Sequence of record numbers per organisation, kind and year.
CREATE TABLE record_counters (
  org_id INTEGER NOT NULL,
  kind   TEXT NOT NULL,
  year   INTEGER NOT NULL,
  next   INTEGER NOT NULL,
  PRIMARY KEY (org_id, kind, year)
);

-- One row per deadline of a record, kept current by every change.
-- Dates are day numbers (days since 1970-01-01, Asia/Shanghai).
CREATE TABLE record_deadlines (
  org_id     INTEGER NOT NULL,
  record_id  INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  name       TEXT NOT NULL,
  rule       TEXT NOT NULL,
  start      INTEGER,             -- NULL: the clock has not started
  due        INTEGER,             -- NULL while suspended or not started
  done_on    INTEGER,             -- NULL while open
  suspended  INTEGER NOT NULL DEFAULT 0,
  paused     INTEGER NOT NULL DEFAULT 0,
  incomplete INTEGER NOT NULL DEFAULT 0,  -- calendar_incomplete
  PRIMARY KEY (org_id, record_id, name)
);
CREATE INDEX deadlines_open ON record_deadlines(org_id, kind, due)
  WHERE done_on IS NULL AND due IS NOT NULL;

-- 抄送: a record copied to people who must see it.
CREATE TABLE record_cc (
  org_id    INTEGER NOT NULL,
  record_id INTEGER NOT NULL,
  user_id   INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  note      TEXT NOT NULL DEFAULT '',
  at        INTEGER NOT NULL,
  PRIMARY KEY (org_id, record_id, user_id)
);
CREATE INDEX record_cc_user ON record_cc(user_id, at);

-- Full-text search over the fields declared `search`, with the trigram
-- tokenizer so that Chinese text is found (rowid = records.rowid).
CREATE VIRTUAL TABLE records_fts USING fts5(body, tokenize = 'trigram');

CREATE INDEX events_subject ON events(org_id, subject, seq);
