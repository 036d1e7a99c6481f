-- 012: an audit log that a writer of the file cannot rewrite unseen
-- (issue 16). Each chain keeps the algorithm of its hash (SHA-256, or SM3
-- for the 国密 option), chosen from audit_settings.chain_hash when its first
-- event is written. The server signs the heads of every chain, with a key
-- that is not in the database, into checkpoints (src/audit/checkpoint.c);
-- `fazhi audit verify --pubkey` checks them. Both are small installation
-- tables, not organisation data.

ALTER TABLE chain_heads ADD COLUMN alg TEXT NOT NULL DEFAULT 'sha256';

CREATE TABLE audit_settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE checkpoints (
  checkpoint_id INTEGER PRIMARY KEY,
  ts            INTEGER NOT NULL,  -- unix ms, as signed
  key           TEXT NOT NULL,     -- the signing key's fingerprint
  body          TEXT NOT NULL,     -- the signed text (sign.h)
  sig           BLOB NOT NULL
);

-- Append-only for the application, as the events are (001).
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
