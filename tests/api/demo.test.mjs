// demo.test.mjs - `fazhi demo` (issue 7, "Demo"): on a database made by
// `fazhi init --demo` it generates the records of the seed agencies and of
// two agencies of no seed (a county bureau, a district government with its
// departments), and every statement its fixture lists (data/demo/*.json
// "statements": the sentence, the indicator, the value, the text the report
// writes) comes out of `fazhi indicators` for that organisation (the file's,
// or the unit a statement's "org" names) and year, with last year's value
// where the statement gives one. Also: the sentences of a seed's statements
// are the seed's own words; the "wanted" figures are well formed; the event
// log verifies; the records are spread over the year; a second run adds
// nothing; --year moves the whole fixture; the annual report of seeds 000
// and 001 writes each statement's text as its indicator's figure.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fazhi, makeFixture, Server, sqlite, SOURCE_DIR } from './lib.mjs';

const DEMO = path.join(SOURCE_DIR, 'data/demo');
const INDEX = JSON.parse(fs.readFileSync(path.join(DEMO, 'demo.json'), 'utf8'));
const ORGS = INDEX.organisations.map((file) => ({
  file,
  ...JSON.parse(fs.readFileSync(path.join(DEMO, file), 'utf8')),
}));
// Every organisation of the fixture: each file's own and its units.
const ALL_ORGS = ORGS.flatMap((o) => [o.organisation, ...(o.units || []).map((u) => u.organisation)]);
// The organisation a statement is about.
const orgOf = (file, s) => s.org || file.organisation.name;
const SEEDS = path.resolve(SOURCE_DIR, '../shared/seeds');
// The organisations whose annual report must write every statement.
const REPORTED = new Set(['000', '001']);

// The value a statement reads: the indicator's, or the sum of some of its
// groups, or their share of all its groups in percent.
function valueOf(ind, s) {
  if (!s.groups) return ind.value;
  const amount = (gs) => gs.reduce((a, g) => a + g.amount, 0);
  const part = amount((ind.groups || []).filter((g) => s.groups.includes(g.value)));
  if (!s.share) return part;
  const all = amount(ind.groups || []);
  return all ? (part * 100) / all : 0;
}

// Rates are compared as the statement writes them: half up, to its number
// of decimals and at least one (99.96% is 2499 of 2500: one decimal would
// read 100.0%).
const decimals = (x) => (String(x).split('.')[1] || '').length;
const rounded = (x, d) => Math.floor(x * 10 ** d + 0.5 + 1e-9) / 10 ** d;
function matches(actual, s) {
  if (s.format === 'percent') return rounded(actual, Math.max(1, decimals(s.value))) === s.value;
  return Math.abs(actual - s.value) < 1e-6;
}

function indicators(db, org, year, own = false) {
  const r = fazhi(['indicators', '--db', db, '--org', org, '--year', String(year), '--json', ...(own ? ['--own'] : [])]);
  assert.equal(r.status, 0, r.stderr);
  return new Map(JSON.parse(r.stdout).map((i) => [i.id, i]));
}

// The figures a statement is checked against: its organisation's (of its
// own records alone for a statement of scope "own"), cached in `map`.
function figuresFor(map, db, org, s, year) {
  const name = orgOf(org, s);
  const key = s.scope === 'own' ? `own:${name}` : name;
  if (!map.has(key)) map.set(key, indicators(db, name, year, s.scope === 'own'));
  return map.get(key);
}

// Every statement's failures against the figures of its organisation.
function check(figures, org, s, year = INDEX.year) {
  const ind = figures.get(s.indicator);
  const from = s.seed ? `seed ${s.seed}` : org.file;
  const where = `${orgOf(org, s)} ${year}, ${s.indicator} (${from}: 「${s.sentence}」)`;
  if (!ind) return [`${where}: no such indicator`];
  const out = [];
  const v = valueOf(ind, s);
  if (!matches(v, s)) out.push(`${where}: ${v}, the statement says ${s.value} (${s.text})`);
  if (s.previous !== undefined && !s.groups && Math.abs(ind.previous - s.previous) > 1e-6)
    out.push(`${where}: last year ${ind.previous}, the statement says ${s.previous}`);
  return out;
}

function count(db, sql) {
  return Number(sqlite(db, sql).trim());
}

// `fazhi org list` as a map: name -> {level, parent name} (its lines are
// "ID\tLEVEL\tNAME", indented two spaces a level below the one above).
function orgTree(db) {
  const r = fazhi(['org', 'list', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  const out = new Map();
  const stack = [];
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [, indent, level, name] = /^( *)\d+\t([^\t]+)\t(.+)$/.exec(line) || [];
    assert.ok(name, `org list: 「${line}」`);
    const depth = indent.length / 2;
    stack.length = depth;
    out.set(name, { level, parent: depth ? stack[depth - 1] : null });
    stack.push(name);
  }
  return out;
}

describe('fazhi demo', () => {
  let fx;
  const figures = new Map(); // organisation name -> indicators of the year
  let run;
  let present; // the organisations of the database before the demo

  before(() => {
    fx = makeFixture();
    present = orgTree(fx.db);
    const t0 = Date.now();
    run = fazhi(['demo', '--db', fx.db], { timeout: 300000 });
    run.ms = Date.now() - t0;
    assert.equal(run.status, 0, `fazhi demo failed: ${run.stderr}`);
    for (const o of ALL_ORGS) figures.set(o.name, indicators(fx.db, o.name, INDEX.year));
  });
  after(() => fx && fx.cleanup());

  test('it reports what it added, in one line', (t) => {
    t.diagnostic(`fazhi demo took ${run.ms} ms`);
    // the organisations the fixture makes and their parents, but for those
    // `fazhi init --demo` made
    const made = new Set(ALL_ORGS.filter((o) => o.level).flatMap((o) => [o.name, o.parent.name]));
    for (const name of present.keys()) made.delete(name);
    assert.ok(made.size >= 13, [...made].join(' '));
    const m = /^fazhi demo: \d+ records, \d+ steps, (\d+) organisations and \d+ accounts added to /.exec(run.stderr);
    assert.ok(m, run.stderr);
    assert.equal(Number(m[1]), made.size, [...made].join(' '));
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  });

  for (const org of ORGS) {
    for (const s of org.statements) {
      test(`${orgOf(org, s)}: ${s.indicator} ${s.text} — 「${s.sentence}」`, () => {
        const bad = check(figuresFor(figures, fx.db, org, s, INDEX.year), org, s);
        assert.deepEqual(bad, [], bad.join('\n'));
      });
    }
  }

  test('each statement quotes its seed: the figure in the sentence, the sentence in the seed file', () => {
    const seeds = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS) : [];
    for (const org of ORGS) {
      const names = new Set([org.organisation, ...(org.units || []).map((u) => u.organisation)].map((o) => o.name));
      for (const s of org.statements) {
        assert.ok(s.sentence.includes(s.figure), `「${s.figure}」 is not in 「${s.sentence}」`);
        assert.ok(typeof s.text === 'string' && s.text.length > 0, `no text for ${s.indicator}`);
        assert.ok(!s.org || names.has(s.org), `${org.file}: ${s.org} is none of its organisations`);
        if (!s.seed) continue; // an agency of no seed: its sentences are its fixture's
        assert.ok(org.seed && org.seed.startsWith(s.seed), `${org.file}: a statement of seed ${s.seed}`);
        const file = seeds.find((f) => f.startsWith(`${s.seed}_`));
        if (file) {
          const text = fs.readFileSync(path.join(SEEDS, file), 'utf8');
          assert.ok(text.includes(s.sentence), `seed ${s.seed} has no sentence 「${s.sentence}」`);
        }
      }
    }
    // every statement of the seeds 000 and 001 that fazhi records is listed
    assert.ok(ORGS.find((o) => o.seed?.startsWith('000')).statements.length >= 80);
    assert.ok(ORGS.find((o) => o.seed?.startsWith('001')).statements.length >= 40);
  });

  test('the fixtures of no seed: many statements, and the figures no indicator says yet are well formed', () => {
    const unseeded = ORGS.filter((o) => !o.seed);
    assert.ok(unseeded.length >= 2, unseeded.map((o) => o.file).join(' '));
    for (const org of unseeded) {
      assert.ok(org.statements.length >= 60, `${org.file}: ${org.statements.length} statements`);
      assert.ok(org.statements.every((s) => !s.seed), org.file);
      assert.ok(Array.isArray(org.wanted) && org.wanted.length > 0, `${org.file}: no wanted figures`);
      for (const w of org.wanted) {
        assert.deepEqual(Object.keys(w).sort(), ['figure', 'sentence', 'why'], JSON.stringify(w));
        assert.ok(w.sentence.includes(w.figure), `「${w.figure}」 is not in 「${w.sentence}」`);
        assert.ok(w.why.length > 20, JSON.stringify(w));
      }
    }
  });

  test('the organisations are where the fixture puts them', () => {
    const tree = orgTree(fx.db);
    for (const o of ALL_ORGS) {
      assert.ok(tree.has(o.name), `no organisation ${o.name}`);
      if (!o.parent) continue;
      assert.equal(tree.get(o.name).level, o.level, o.name);
      assert.equal(tree.get(o.name).parent, o.parent.name, o.name);
      assert.equal(tree.get(o.parent.name).level, o.parent.level, o.parent.name);
    }
    // 巴州分局 and 浦东 are not under 北碚's government: its data scope stays its own
    const bb = figures.get('北碚区人民政府') || indicators(fx.db, '北碚区人民政府', INDEX.year);
    assert.equal(bb.get('enforcement.cases_filed').value, 48);
  });

  test('the event log verifies, records and steps included', () => {
    const r = fazhi(['audit', 'verify', '--db', fx.db]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const records = count(fx.db, 'SELECT count(*) FROM records;');
    const creates = count(fx.db, "SELECT count(*) FROM events WHERE type = 'record.create';");
    assert.equal(creates, records);
    assert.ok(count(fx.db, "SELECT count(*) FROM events WHERE type = 'demo.generate';") === 1);
    // Every record's projection replayed from its events (audit/replay.c).
    const m = /projections match their events: (\d+) records, (\d+) users/.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.equal(Number(m[1]), records);
    assert.equal(Number(m[2]), count(fx.db, 'SELECT count(*) FROM users;'));
  });

  test('the records are spread over the year, on working days', () => {
    // the calendar's days off (休息) and worked weekend days (调休上班)
    const cal = fazhi(['calendar', 'show', String(INDEX.year)]);
    assert.equal(cal.status, 0, cal.stderr);
    const listed = new Map(cal.stdout.split('\n').map((l) => l.split('\t')).filter((f) => f.length >= 2).map((f) => [f[0], f[1]]));
    const working = (x) =>
      listed.has(x) ? listed.get(x) === '调休上班' : ![0, 6].includes(new Date(`${x}T00:00:00Z`).getUTCDay());
    const days = (kind, field) =>
      sqlite(
        fx.db,
        `SELECT DISTINCT json_extract(data, '$.${field}') FROM records r JOIN orgs o USING (org_id)
         WHERE o.name = '北碚区规划和自然资源局' AND kind = '${kind}'
           AND json_extract(data, '$.${field}') LIKE '${INDEX.year}-%';`,
      )
        .trim()
        .split('\n')
        .filter(Boolean);
    for (const [kind, field, min] of [
      ['disclosure_request', 'received_on', 100],
      ['enforcement_case', 'filed_on', 30],
      ['petition', 'received_on', 100],
      ['service_application', 'completed_on', 0],
    ]) {
      const d = days(kind, field);
      assert.ok(d.length >= min, `${kind}.${field}: ${d.length} distinct days`);
      if (!min) continue;
      const months = new Set(d.map((x) => x.slice(5, 7)));
      assert.ok(months.size >= 10, `${kind}.${field}: only months ${[...months]}`);
      const off = d.filter((x) => !working(x));
      assert.deepEqual(off, [], `${kind}.${field} on days off`);
    }
    // and 巴州分局's 995 applications too
    const bz = sqlite(
      fx.db,
      `SELECT count(DISTINCT json_extract(data, '$.received_on')) FROM records r JOIN orgs o USING (org_id)
       WHERE o.name = '巴中市自然资源和规划局巴州分局' AND kind = 'service_application';`,
    );
    assert.ok(Number(bz) >= 200, `巴州分局's applications on ${bz} days`);
  });

  test('a second run adds nothing and says so', () => {
    const before = [count(fx.db, 'SELECT count(*) FROM records;'), count(fx.db, 'SELECT count(*) FROM events;')];
    const r = fazhi(['demo', '--db', fx.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /already.*nothing added/);
    assert.deepEqual([count(fx.db, 'SELECT count(*) FROM records;'), count(fx.db, 'SELECT count(*) FROM events;')], before);
  });

  // The annual report must write each statement's text as the figure of
  // its own indicator: the HTML preview marks every figure with the
  // indicator it prints (<a class="fig" data-indicator="ID"
  // [data-groups="v1,v2"]>TEXT</a>), so a "100%" or "1次" is found where
  // that indicator is printed, not anywhere in the text.
  function figuresOf(html) {
    const out = new Map();
    for (const m of html.matchAll(/<a class="fig" data-indicator="([^"]+)"(?: data-groups="([^"]*)")? href="[^"]*">([^<]*)<\/a>/g)) {
      const key = m[2] ? `${m[1]}[${m[2]}]` : m[1];
      if (!out.has(key)) out.set(key, new Set());
      out.get(key).add(m[3]);
    }
    return out;
  }

  test('the annual report writes every statement as the figure of its indicator', () => {
    const missing = [];
    for (const org of ORGS.filter((o) => o.seed && REPORTED.has(o.seed.slice(0, 3)))) {
      const r = fazhi(['report', '--db', fx.db, '--org', org.organisation.name, '--year', String(INDEX.year), '--format', 'html']);
      assert.equal(r.status, 0, r.stderr);
      const md = fazhi(['report', '--db', fx.db, '--org', org.organisation.name, '--year', String(INDEX.year), '--format', 'md']);
      assert.equal(md.status, 0, md.stderr);
      const figs = figuresOf(r.stdout);
      for (const s of org.statements) {
        const key = s.groups ? `${s.indicator}[${s.groups.join(',')}]` : s.indicator;
        const texts = figs.get(key);
        if (!texts || !texts.has(s.text) || !md.stdout.includes(s.text))
          missing.push(
            `${org.organisation.name}: ${key} 「${s.text}」 is not in the report` +
              ` (it prints ${texts ? [...texts].join(' / ') : 'nothing'}; seed ${s.seed}: 「${s.sentence}」)`,
          );
      }
    }
    assert.deepEqual(missing, [], missing.join('\n'));
  });
});

describe('fazhi demo --year', () => {
  let fx;
  before(() => {
    fx = makeFixture();
  });
  after(() => fx && fx.cleanup());

  test('moves the whole fixture to another year: every statement holds for it', () => {
    const r = fazhi(['demo', '--db', fx.db, '--year', '2024'], { timeout: 300000 });
    assert.equal(r.status, 0, r.stderr);
    const bad = [];
    const figures = new Map(ALL_ORGS.map((o) => [o.name, indicators(fx.db, o.name, 2024)]));
    for (const org of ORGS) {
      for (const s of org.statements) bad.push(...check(figuresFor(figures, fx.db, org, s, 2024), org, s, 2024));
    }
    assert.deepEqual(bad, [], bad.join('\n'));
  });
});

describe('fazhi demo, refusals', () => {
  let dir;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-demo-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('usage: --db is required, --year is a year, --help works', () => {
    let r = fazhi(['demo']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^fazhi demo: --db is required\n$/);
    r = fazhi(['demo', '--db', path.join(dir, 'x.db'), '--year', '23']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^fazhi demo: --year: '23' is not an integer from/);
    r = fazhi(['demo', '--bogus']);
    assert.equal(r.status, 2);
    r = fazhi(['demo', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: fazhi demo --db PATH \[--year Y\]/);
  });

  test('a database without the demo organisations: one line naming what to run', () => {
    const db = path.join(dir, 'plain.db');
    assert.equal(fazhi(['init', '--db', db]).status, 0);
    const r = fazhi(['demo', '--db', db]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^fazhi demo: no organisation '北碚区规划和自然资源局' \(run fazhi init --demo first\)\n$/);
    assert.equal(count(db, 'SELECT count(*) FROM records;'), 0);
    assert.equal(count(db, 'SELECT count(*) FROM orgs;'), 0);
  });

  test('a database whose bureau has records already is refused, nothing written', async () => {
    const fx = makeFixture();
    try {
      const srv = await Server.start(fx.db);
      try {
        const zhifa = await srv.login('zhifa', fx.pw('zhifa'));
        const r = await srv.req('POST', '/api/v1/records/patrol', {
          session: zhifa,
          json: { patrol_on: '2023-05-10', area: '澄江镇', person_times: 4 },
        });
        assert.equal(r.status, 201, r.text);
      } finally {
        await srv.stopClean();
      }
      const events = count(fx.db, 'SELECT count(*) FROM events;');
      const r = fazhi(['demo', '--db', fx.db]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^fazhi demo: 北碚区规划和自然资源局 holds records already; the demo goes into a new database/);
      assert.equal(count(fx.db, 'SELECT count(*) FROM records;'), 1);
      assert.equal(count(fx.db, 'SELECT count(*) FROM orgs;'), 2);
      assert.equal(count(fx.db, 'SELECT count(*) FROM events;'), events);
    } finally {
      fx.cleanup();
    }
  });

  test('no database: exit 1', () => {
    const r = fazhi(['demo', '--db', path.join(dir, 'none.db')]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
});
