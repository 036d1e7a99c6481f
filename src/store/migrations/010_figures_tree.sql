-- 010: the figures of every organisation's subtree, kept beside each
-- organisation's own (figures, 007): a record's change adds its deltas to
-- its organisation's row and to the row of every organisation above it,
-- in the same transaction (store_fig_add). A report then reads one
-- organisation's rows however large its subtree: a province of 2,000
-- organisations read 1.4 million rows of figures for its report before
-- (docs/benchmarks.md, issue 13). Organisations do not move, so a row
-- counts the subtree it was added under.

CREATE TABLE figures_tree (
  root_org INTEGER NOT NULL,  -- the organisation whose subtree it counts
  ind      TEXT NOT NULL,
  year     INTEGER NOT NULL,
  grp      TEXT NOT NULL,
  n        INTEGER NOT NULL,
  s        INTEGER NOT NULL,
  x        INTEGER NOT NULL,
  PRIMARY KEY (root_org, ind, year, grp)
) WITHOUT ROWID;

INSERT INTO figures_tree(root_org, ind, year, grp, n, s, x)
  SELECT a.org_id, f.ind, f.year, f.grp, sum(f.n), sum(f.s), sum(f.x)
    FROM figures f
    JOIN orgs o ON o.org_id = f.org_id
    JOIN orgs a ON o.path >= a.path
               AND o.path < substr(a.path, 1, length(a.path) - 1) || '0'
   GROUP BY a.org_id, f.ind, f.year, f.grp
  HAVING sum(f.n) <> 0 OR sum(f.s) <> 0 OR sum(f.x) <> 0;
