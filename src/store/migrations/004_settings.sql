-- 004: settings of an organisation that its subtree inherits (the nearest
-- organisation up the tree that sets a key wins), e.g. the criteria that
-- make an enforcement case "major" (行政处罚法 art. 58).

CREATE TABLE org_settings (
  org_id     INTEGER NOT NULL REFERENCES orgs(org_id),
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,   -- JSON
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, key)
);
