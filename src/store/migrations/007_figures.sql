-- 007: the report's figures kept current (src/kinds/figures.c,
-- docs/architecture.md "Figures kept current"). Per organisation,
-- indicator, year and group value: the count and the sum of the records
-- the organisation itself holds, changed by the engine in the same
-- transaction as each record. A report sums the rows of the organisations
-- of its subtree instead of recounting the records.

CREATE TABLE figures (
  org_id INTEGER NOT NULL,
  ind    TEXT NOT NULL,     -- indicator id ("enforcement.fines")
  year   INTEGER NOT NULL,  -- the year of the date; for open-at-year-end
                            -- indicators the year of a change (+1 opened,
                            -- -1 closed), summed up to the year asked
  grp    TEXT NOT NULL,     -- '' no group value; '=' || the group value
  n      INTEGER NOT NULL,  -- records
  s      INTEGER NOT NULL,  -- sum of the field, in its unit (fen, 0.0001)
  x      INTEGER NOT NULL,  -- records whose value is not kept exactly: the
                            -- indicator is then recounted by its query
  PRIMARY KEY (org_id, ind, year, grp)
) WITHOUT ROWID;

-- Per kind, the definition its figures were counted under (org_id 0: the
-- whole database). A kind whose declaration no longer matches has no row
-- here: its indicators are recounted by query until a rebuild.
CREATE TABLE figure_defs (
  org_id INTEGER NOT NULL,
  kind   TEXT NOT NULL,
  def    TEXT NOT NULL,
  PRIMARY KEY (org_id, kind)
);
