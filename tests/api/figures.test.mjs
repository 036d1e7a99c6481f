// figures.test.mjs - the report's figures kept current (docs/architecture.md,
// "Figures kept current") counted from the records end to end: the demo's
// records are written through the engine before any count, so every
// indicator is recounted by query; `fazhi figures` counts them, after which
// `fazhi indicators` reads the figures and prints the same; a second count
// finds nothing stale, --all counts every kind again; a declaration changed
// with --kinds is counted alone (and back); `fazhi serve` counts at start
// what is stale; bad input exits 2 with one line.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Server, fazhi, makeFixture, sqlite } from './lib.mjs';

let fx;
before(() => {
  fx = makeFixture();
  const r = fazhi(['demo', '--db', fx.db], { timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
});
after(() => fx.cleanup());

const rows = (table) => Number(sqlite(fx.db, `SELECT count(*) FROM ${table};`).trim());

function indicators(org, year, kinds) {
  const args = ['indicators', '--db', fx.db, '--org', String(org), '--year', String(year), '--json'];
  const r = fazhi(kinds ? [...args, '--kinds', kinds] : args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function counted(args) {
  const r = fazhi(['figures', '--db', fx.db, ...args]);
  assert.equal(r.status, 0, r.stderr);
  const m = /^figures of (\d+) kinds? counted from the records\n$/.exec(r.stdout);
  assert.ok(m, r.stdout);
  return Number(m[1]);
}

test('fazhi figures: counted from the records, the same indicators before and after', () => {
  assert.equal(rows('figures'), 0); // the demo wrote before any count
  assert.equal(rows('figure_defs'), 0);
  const recount = [indicators(1, 2023), indicators(2, 2023), indicators(2, 2024)];
  const kinds = counted([]);
  assert.ok(kinds >= 20, `${kinds} kinds`);
  assert.equal(rows('figure_defs'), kinds);
  assert.ok(rows('figures') > 100);
  assert.deepEqual([indicators(1, 2023), indicators(2, 2023), indicators(2, 2024)], recount);
  const table = sqlite(fx.db, 'SELECT * FROM figures ORDER BY 1, 2, 3, 4;');
  assert.equal(counted([]), 0); // nothing stale
  assert.equal(counted(['--all']), kinds);
  assert.equal(sqlite(fx.db, 'SELECT * FROM figures ORDER BY 1, 2, 3, 4;'), table);
});

test('a changed declaration is counted alone, and back', () => {
  const dir = path.join(fx.dir, 'kinds');
  fs.mkdirSync(dir, { recursive: true });
  const src = path.join(process.env.FZ_SOURCE_DIR, 'kinds', 'petition.json');
  const decl = JSON.parse(fs.readFileSync(src, 'utf8'));
  const ind = decl.indicators.find((x) => x.id === 'petition.received');
  ind.group = 'subject';
  fs.writeFileSync(path.join(dir, 'petition.json'), JSON.stringify(decl));
  // read under the changed declaration before it is counted: recounted
  const changed = indicators(2, 2023, dir).find((x) => x.id === 'petition.received');
  const embedded = indicators(2, 2023).find((x) => x.id === 'petition.received');
  assert.equal(changed.value, embedded.value);
  assert.notDeepEqual(changed.groups, embedded.groups); // by subject now
  assert.equal(counted(['--kinds', dir]), 1);
  assert.deepEqual(indicators(2, 2023, dir).find((x) => x.id === 'petition.received'), changed);
  assert.equal(counted([]), 1);
  assert.deepEqual(indicators(2, 2023).find((x) => x.id === 'petition.received'), embedded);
});

test('fazhi serve counts what is stale at start', async () => {
  sqlite(fx.db, 'DELETE FROM figure_defs WHERE kind IN (\'petition\', \'exam\');');
  const srv = await Server.start(fx.db);
  try {
    const n = "SELECT count(*) FROM figure_defs WHERE kind IN ('petition', 'exam');";
    assert.equal(sqlite(fx.db, n).trim(), '2');
  } finally {
    await srv.stop();
  }
  assert.equal(counted([]), 0);
});

test('bad input exits 2 naming it', () => {
  let r = fazhi(['figures']);
  assert.equal(r.status, 2);
  assert.match(r.stderr.trim(), /^fazhi figures: .*--db/);
  r = fazhi(['figures', '--db', fx.db, '--nope']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  r = fazhi(['figures', '--db', path.join(fx.dir, 'absent.db')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /fazhi figures: /);
});
