-- 008: the narrative sections of an organisation's annual report (issue 7),
-- one row per organisation, year and section: the text as last edited.
-- Every edit is also a `report.section` event in the organisation's chain
-- carrying the whole text, so the history of a section is in the log.

CREATE TABLE report_sections (
  org_id     INTEGER NOT NULL REFERENCES orgs(org_id),
  year       INTEGER NOT NULL,
  section    TEXT NOT NULL,
  text       TEXT NOT NULL,
  version    INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (org_id, year, section)
);
