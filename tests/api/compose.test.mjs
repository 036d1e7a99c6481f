// compose.test.mjs - the annual report composed for agencies of no seed
// (issue 13): a county bureau (云溪县规划和自然资源局) and a district
// government with five departments (临江区人民政府), from the demo's
// fixtures data/demo/yunxi.json and linjiang.json, beside the seeds'
// agencies. On every organisation's report:
//   - no figure is written as zero, and every figure is its indicator's
//     (checked at the figure's marks in the HTML preview: the value with
//     its unit, a rate with its denominator, a change against last year's
//     records, a group's amount);
//   - no comparison with last year without last year's records;
//   - a county's report says no 区 word, a government's separates its own
//     records (本级) from the roll-up and says which is which;
//   - every confirmed manual figure is in the report;
//   - the fixtures' statements are written at their indicators.

import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fazhi, makeFixture, sqlite, SOURCE_DIR } from './lib.mjs';

const DEMO = path.join(SOURCE_DIR, 'data/demo');
const INDEX = JSON.parse(fs.readFileSync(path.join(DEMO, 'demo.json'), 'utf8'));
const FILES = Object.fromEntries(
  INDEX.organisations.map((f) => [f.replace('.json', ''), JSON.parse(fs.readFileSync(path.join(DEMO, f), 'utf8'))]),
);
const COUNTY = FILES.yunxi.organisation.name;
const DISTRICT = FILES.linjiang.organisation.name;
const DEPARTMENTS = FILES.linjiang.units.map((u) => u.organisation.name);
const YEAR = INDEX.year;

// Every marked figure of an HTML report: {id, groups, own, text}.
function marks(html) {
  const re =
    /<a class="fig" data-indicator="([^"]+)"(?: data-groups="([^"]*)")?(?: data-scope="(own)")? href="[^"]*">([^<]*)<\/a>/g;
  return [...html.matchAll(re)].map((m) => ({ id: m[1], groups: m[2] || '', own: !!m[3], text: m[4] }));
}

const plain = (html) => html.replace(/<[^>]+>/g, '');

// The number a figure's text says, in the indicator's own unit (unit:
// an area in 平方米 written in 亩 is converted), with the precision it was
// written at: {value, step, approx, about}.
function reading(text, unit = '') {
  const m = text.match(/^(约)?(-?\d+(?:\.\d+)?)(万|亿)?(余)?(.*)$/);
  if (!m) return null;
  const digits = (m[2].split('.')[1] || '').length;
  let scale = m[3] === '万' ? 1e4 : m[3] === '亿' ? 1e8 : 1;
  if (m[5].startsWith('亩') && unit !== '亩') scale = 10000 / 15;
  return { value: Number(m[2]) * scale, step: 10 ** -digits * scale, approx: !!m[4], about: !!m[1], unit: m[5] };
}

// Whether text writes value: exactly at its precision (half up), or
// approximately (余: not above it, within the leading digit's step).
function says(text, value, pct, unit) {
  const r = reading(text.replace(/^，?(与去年相比|较去年)/, ''), unit);
  if (!r) return false;
  if (pct && !r.unit.startsWith('%')) return false;
  if (r.approx) return r.value <= value + 1e-9 && value < r.value * 10 + 1e-9;
  return Math.abs(value - r.value) <= r.step / 2 + 1e-6 * Math.max(1, Math.abs(value));
}

describe('the composed annual report', () => {
  let fx;
  const figures = new Map(); // `${org}|all|own` -> Map(id -> indicator)
  const reports = new Map(); // org -> {md, html}

  function indicators(org, own) {
    const key = `${org}|${own ? 'own' : 'all'}`;
    if (!figures.has(key)) {
      const r = fazhi(['indicators', '--db', fx.db, '--org', org, '--year', String(YEAR), '--json', ...(own ? ['--own'] : [])]);
      assert.equal(r.status, 0, r.stderr);
      figures.set(key, new Map(JSON.parse(r.stdout).map((i) => [i.id, i])));
    }
    return figures.get(key);
  }

  function report(org) {
    if (!reports.has(org)) {
      const out = {};
      for (const format of ['md', 'html']) {
        const r = fazhi(['report', '--db', fx.db, '--org', org, '--year', String(YEAR), '--format', format, '--date', '2024-01-20']);
        assert.equal(r.status, 0, r.stderr);
        out[format] = r.stdout;
      }
      reports.set(org, out);
    }
    return reports.get(org);
  }

  before(() => {
    fx = makeFixture();
    const r = fazhi(['demo', '--db', fx.db], { timeout: 300000 });
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => fx && fx.cleanup());

  const ORGS = [
    COUNTY,
    DISTRICT,
    ...DEPARTMENTS,
    FILES.beibei.organisation.name,
    FILES.bazhou.organisation.name,
    FILES.pudong.organisation.name,
  ];

  for (const org of ORGS) {
    test(`${org}: every figure is its indicator's, none is zero`, () => {
      const { html } = report(org);
      const bad = [];
      const ms = marks(html);
      assert.ok(ms.length > 3, `${org}: only ${ms.length} figures`);
      for (const m of ms) {
        const where = `${org}: ${m.id}${m.groups ? `[${m.groups}]` : ''}${m.own ? '@own' : ''} 「${m.text}」`;
        if (m.id === 'manual.figures') continue; // a figure as entered: below
        const ind = indicators(org, m.own).get(m.id);
        if (!ind) {
          bad.push(`${where}: no such indicator`);
          continue;
        }
        if (/^，?(与去年相比|较去年)/.test(m.text)) {
          if (ind.previous === null) bad.push(`${where}: a comparison without last year's records`);
          else if (/持平/.test(m.text) ? Math.abs(ind.value - ind.previous) > 0.05 : !says(m.text.replace(/(增加|减少|上升|下降)/, ''), Math.abs(ind.value - ind.previous)))
            bad.push(`${where}: the change is ${ind.value - ind.previous}`);
          continue;
        }
        const r = reading(m.text);
        if (!r || r.value === 0) bad.push(`${where}: written as zero`);
        if (ind.ratio) {
          if (!(ind.ratio.den > 0)) bad.push(`${where}: a rate over nothing (den ${ind.ratio.den})`);
          if (!says(m.text, ind.value, true)) bad.push(`${where}: the rate is ${ind.value}`);
          if (ind.value > 0 && ind.value < 100 && /^(0|100)%$/.test(m.text)) bad.push(`${where}: ${ind.value} written as ${m.text}`);
          continue;
        }
        let value = ind.value;
        if (m.groups) {
          const gs = m.groups.split(',');
          value = (ind.groups || []).filter((g) => gs.includes(g.value)).reduce((a, g) => a + g.amount, 0);
          if (m.text.endsWith('%') || /%$/.test(m.text)) continue; // a share: the demo test checks them
        }
        if (!says(m.text, value, false, ind.unit)) bad.push(`${where}: the indicator says ${value}`);
      }
      assert.deepEqual(bad, [], bad.join('\n'));
    });
  }

  test("no comparison with last year where the organisation has no records of the kind then", () => {
    // the county's fixture has kinds of 2023 alone (its file says which):
    // their figures have previous null, and no sentence compares them
    const figs = indicators(COUNTY, false);
    const none = [...figs.values()].filter((i) => i.previous === null && i.value > 0 && !i.ratio);
    assert.ok(none.length >= 3, 'the county has kinds without last year');
    const { html } = report(COUNTY);
    for (const m of marks(html).filter((x) => /与去年相比|较去年/.test(x.text)))
      assert.notEqual(figs.get(m.id).previous, null, `${m.id}: ${m.text}`);
    // and where last year has records, a change is written
    assert.ok(marks(html).some((x) => /与去年相比/.test(x.text)), 'no comparison at all');
  });

  test("a county's report speaks as a county's bureau", () => {
    const { md } = report(COUNTY);
    const words = md.match(/全区|区政府|区级|代区|来区|本区|区委|区人大|区政协/g);
    assert.equal(words, null, `区 words in the county's report: ${words}`);
    assert.match(md, /代县政府|县政府/, 'the county government is named by its region');
  });

  test("a government's report separates its own records (本级) from the roll-up", () => {
    const { md, html } = report(DISTRICT);
    const all = indicators(DISTRICT, false);
    const own = indicators(DISTRICT, true);
    // the district's own suits are fewer than all its organisations'
    const suits = own.get('litigation.admin_received').value;
    assert.ok(suits > 0 && suits < all.get('litigation.admin_received').value);
    assert.ok(md.includes(`区政府作为被告的行政诉讼案件${suits}件`), md);
    assert.ok(md.includes(`全区办理行政诉讼案件${all.get('litigation.admin_received').value}件`), md);
    // own figures are marked as such and are the organisation's own
    const ownMarks = marks(html).filter((m) => m.own);
    assert.ok(ownMarks.some((m) => m.id === 'litigation.admin_received'));
    // own = the government's total less its departments'
    const departments = DEPARTMENTS.reduce((a, d) => a + indicators(d, false).get('disclosure.received').value, 0);
    assert.equal(own.get('disclosure.received').value, all.get('disclosure.received').value - departments);
    assert.ok(md.includes(`区政府本级收到申请${own.get('disclosure.received').value}件`), md);
    // a government speaks as one: no 局长办公会, a roll-up says 全区
    assert.doesNotMatch(md, /局长办公会/);
    assert.match(md, /本报告所列数据汇总了本级及所属5个单位的记录。/);
  });

  test('every manual figure confirmed for the year is in the report', () => {
    // a department's of its subtree, a government's of its own (its
    // departments' are in their reports; the catalogued ones it writes
    // through their indicators, rolled up)
    for (const org of [COUNTY, DISTRICT, ...DEPARTMENTS, FILES.beibei.organisation.name, FILES.bazhou.organisation.name]) {
      const own = org === DISTRICT;
      const { md, html } = report(org);
      const rows = sqlite(
        fx.db,
        `SELECT json_extract(r.data, '$.figure'), json_extract(r.data, '$.label'), json_extract(r.data, '$.value'),
                json_extract(r.data, '$.unit'), coalesce(json_extract(r.data, '$.approximate'), 0)
         FROM records r JOIN orgs o USING (org_id)
         WHERE r.kind = 'manual_figure' AND json_extract(r.data, '$.figure_status') = 'confirmed'
           AND json_extract(r.data, '$.year') = ${YEAR}
           AND ${own ? `o.name = '${org}'` : `o.path LIKE (SELECT path FROM orgs WHERE name = '${org}') || '%'`};`,
      )
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('|'));
      if (!DEPARTMENTS.includes(org)) assert.ok(rows.length > 0, `${org}: no manual figures in the fixture`);
      const ids = new Set(marks(html).map((m) => m.id));
      for (const [figure, label, value, unit, approx] of rows) {
        if (figure !== 'other' && ids.has(`manual.${figure}`)) continue;
        const text = `${label}${Number(value)}${approx === '1' ? '余' : ''}${unit}`;
        assert.ok(md.includes(text), `${org}: 「${text}」 (${figure}) is not in the report`);
      }
    }
  });

  test("the fixtures' statements are written at their indicators' figures", (t) => {
    for (const f of ['yunxi', 'linjiang']) {
      const fixture = FILES[f];
      const { html } = report(fixture.organisation.name);
      // a statement of the government's own records (scope own) is found at
      // a figure marked so, the others at the roll-up's
      const texts = new Map();
      for (const m of marks(html)) {
        const key = `${m.own ? 'own:' : ''}${m.groups ? `${m.id}[${m.groups}]` : m.id}`;
        if (!texts.has(key)) texts.set(key, new Set());
        texts.get(key).add(m.text);
      }
      const mine = fixture.statements.filter((s) => !s.org);
      const missing = mine.filter((s) => {
        const key = `${s.scope === 'own' ? 'own:' : ''}${s.groups ? `${s.indicator}[${s.groups.join(',')}]` : s.indicator}`;
        return !(texts.get(key) && texts.get(key).has(s.text));
      });
      t.diagnostic(`${fixture.organisation.name}: ${mine.length - missing.length} of ${mine.length} statements written`);
      // What is left is the agency's own wording of shares of groups (a
      // sentence of its own template), not a figure the catalogue lacks.
      const unexplained = missing.filter((s) => !s.groups && !/\[/.test(s.indicator) && s.indicator !== 'publicity.constitution_day');
      assert.deepEqual(
        unexplained.map((s) => `${s.indicator} 「${s.text}」 of 「${s.sentence}」`),
        [],
        `${fixture.organisation.name}: statements not written`,
      );
      assert.ok(missing.length <= 4, `${fixture.organisation.name}: ${missing.length} statements not written`);
    }
  });

  test('nothing about a kind of work the organisation has no records of', () => {
    // the county has no hotline tickets, noncase handling, patrols or
    // leader receptions (its fixture says so)
    const text = plain(report(COUNTY).html);
    for (const [kind, word] of [['hotline_ticket', '12345'], ['noncase_handling', '非立案查处'], ['patrol', '巡查'], ['leader_reception', '接访']]) {
      const n = sqlite(fx.db, `SELECT count(*) FROM records r JOIN orgs o USING (org_id) WHERE o.name = '${COUNTY}' AND r.kind = '${kind}';`).trim();
      assert.equal(n, '0', `${kind}: the fixture has records`);
      assert.ok(!text.includes(word), `${word} in the county's report`);
    }
  });
});
