// disclosure_table.test.mjs - the national table (国办公开办函〔2021〕30号,
// 收到和处理政府信息公开申请情况) for 2024, counted from 31 requests made
// through the API, against a table worked out by hand below. Every row and
// every applicant column is touched, with requests carried in from 2023,
// carried out to 2025, and some outside the year altogether.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, fazhi as cli, useServer } from './lib.mjs';
import fs from 'node:fs';
import path from 'node:path';

const K = '/api/v1/records/disclosure_request';
const NP = 'natural_person', CO = 'commercial', RE = 'research', PI = 'public_interest', LS = 'legal_service', OT = 'other';

// [name, applicant, received, replied or null, reply type, reason]
const FIXTURE = [
  ['c1', NP, '2023-12-20', '2024-01-10', 'disclose', null],
  ['c2', CO, '2023-12-25', '2024-01-15', 'partial', null],
  ['c3', RE, '2023-12-27', '2023-12-29', 'disclose', null], // closed in 2023
  ['n1', NP, '2024-01-08', '2024-01-22', 'disclose', null],
  ['n2', PI, '2024-02-19', '2024-03-04', 'disclose', null],
  ['n3', LS, '2024-03-11', '2024-03-25', 'partial', null],
  ['n4', OT, '2024-04-01', '2024-04-15', 'disclose', null],
  ['n5', RE, '2024-04-08', '2024-04-22', 'partial', null],
  ['w1', NP, '2024-05-06', '2024-05-20', 'withhold', 'withhold.state_secret'],
  ['w2', CO, '2024-05-07', '2024-05-21', 'withhold', 'withhold.law_forbids'],
  ['w3', RE, '2024-05-08', '2024-05-22', 'withhold', 'withhold.three_safety'],
  ['w4', PI, '2024-05-09', '2024-05-23', 'withhold', 'withhold.third_party'],
  ['w5', LS, '2024-05-10', '2024-05-24', 'withhold', 'withhold.internal_affairs'],
  ['w6', OT, '2024-05-13', '2024-05-27', 'withhold', 'withhold.process_info'],
  ['w7', NP, '2024-05-14', '2024-05-28', 'withhold', 'withhold.enforcement_file'],
  ['w8', NP, '2024-05-15', '2024-05-29', 'withhold', 'withhold.inquiry'],
  ['u1', CO, '2024-06-03', '2024-06-17', 'unavailable', 'unavailable.not_held'],
  ['u2', NP, '2024-06-04', '2024-06-18', 'unavailable', 'unavailable.need_create'],
  ['u3', OT, '2024-06-05', '2024-06-19', 'unavailable', 'unavailable.unclear'],
  ['h1', NP, '2024-07-01', '2024-07-15', 'not_handled', 'not_handled.petition'],
  ['h2', NP, '2024-07-02', '2024-07-16', 'not_handled', 'not_handled.repeat'],
  ['h3', RE, '2024-07-03', '2024-07-17', 'not_handled', 'not_handled.publication'],
  ['h4', LS, '2024-07-04', '2024-07-18', 'not_handled', 'not_handled.massive'],
  ['h5', PI, '2024-07-05', '2024-07-19', 'not_handled', 'not_handled.confirm'],
  ['o1', NP, '2024-08-01', '2024-08-26', 'other', 'other.no_correction'], // via 补正 not made
  ['o2', CO, '2024-08-05', '2024-08-19', 'other', 'other.no_fee'],
  ['o3', OT, '2024-08-06', '2024-08-20', 'other', 'other.other'],
  ['x1', NP, '2024-12-20', null, null, null], // carried out: open
  ['x2', LS, '2024-12-27', null, null, null], // carried out: open
  ['x3', CO, '2024-12-30', '2025-01-06', 'disclose', null], // replied next year
  ['y1', NP, '2025-01-03', null, null, null], // 2025: not in the table
];

// Worked out by hand from FIXTURE; columns 自然人, 商业企业, 科研机构,
// 社会公益组织, 法律服务机构, 其他, 总计.
const EXPECTED = {
  new: [9, 4, 3, 3, 4, 4, 27],
  carried_in: [1, 1, 0, 0, 0, 0, 2],
  disclose: [2, 0, 0, 1, 0, 1, 4],
  partial: [0, 1, 1, 0, 1, 0, 3],
  'withhold.state_secret': [1, 0, 0, 0, 0, 0, 1],
  'withhold.law_forbids': [0, 1, 0, 0, 0, 0, 1],
  'withhold.three_safety': [0, 0, 1, 0, 0, 0, 1],
  'withhold.third_party': [0, 0, 0, 1, 0, 0, 1],
  'withhold.internal_affairs': [0, 0, 0, 0, 1, 0, 1],
  'withhold.process_info': [0, 0, 0, 0, 0, 1, 1],
  'withhold.enforcement_file': [1, 0, 0, 0, 0, 0, 1],
  'withhold.inquiry': [1, 0, 0, 0, 0, 0, 1],
  'unavailable.not_held': [0, 1, 0, 0, 0, 0, 1],
  'unavailable.need_create': [1, 0, 0, 0, 0, 0, 1],
  'unavailable.unclear': [0, 0, 0, 0, 0, 1, 1],
  'not_handled.petition': [1, 0, 0, 0, 0, 0, 1],
  'not_handled.repeat': [1, 0, 0, 0, 0, 0, 1],
  'not_handled.publication': [0, 0, 1, 0, 0, 0, 1],
  'not_handled.massive': [0, 0, 0, 0, 1, 0, 1],
  'not_handled.confirm': [0, 0, 0, 1, 0, 0, 1],
  'other.no_correction': [1, 0, 0, 0, 0, 0, 1],
  'other.no_fee': [0, 1, 0, 0, 0, 0, 1],
  'other.other': [0, 0, 0, 0, 0, 1, 1],
  total: [9, 4, 3, 3, 3, 4, 26],
  carried_out: [1, 1, 0, 0, 1, 0, 3],
};

describe('the national disclosure table', () => {
  const h = useServer();
  let fazhi;
  const ids = {};

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    const post = async (p, json) => {
      const r = await h.srv.req('POST', p, { session: fazhi, json });
      assert.ok(r.status === 200 || r.status === 201, `${p}: ${r.status} ${r.text}`);
      return r.json;
    };
    for (const [name, applicant, received, replied, type, reason] of FIXTURE) {
      const rec = await post(K, {
        applicant_type: applicant,
        applicant_name: `申请人${name}`,
        channel: 'in_person',
        submitted_on: received,
        content: `测试申请 ${name}`,
      });
      ids[name] = rec.id;
      if (!replied) continue;
      if (reason === 'other.no_correction') {
        await post(`${K}/${rec.id}/transitions/request_correction`, { correction_requested_on: received, correction_items: '补正' });
        await post(`${K}/${rec.id}/transitions/close_no_correction`, { replied_on: replied });
        continue;
      }
      await post(`${K}/${rec.id}/transitions/accept`, { accepted_on: received });
      const reply = { reply_type: type, replied_on: replied, reply_text: '答复' };
      if (reason) reply.reply_reason = reason;
      await post(`${K}/${rec.id}/transitions/reply`, reply);
    }
  });

  test('every cell matches the hand-worked table; 一+二 = 三+四', async () => {
    const r = await h.srv.req('GET', '/api/v1/reports/disclosure-table?year=2024', { session: fazhi });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.columns.map((c) => c.label),
      ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'],
    );
    const got = Object.fromEntries(r.json.rows.map((row) => [row.id, row.cells]));
    assert.deepEqual(Object.keys(got).sort(), Object.keys(EXPECTED).sort());
    for (const [row, cells] of Object.entries(EXPECTED)) assert.deepEqual(got[row], cells, `row ${row}`);
    assert.equal(r.json.balanced, true);
  });

  test('a cell opens to the records counted in it', async () => {
    const q = async (row, col) =>
      (await h.srv.req('GET', `/api/v1/reports/disclosure-table/records?year=2024&row=${row}&col=${col}`, { session: fazhi })).json;
    let d = await q('carried_out', 'total');
    assert.deepEqual(d.records.map((x) => x.id).sort(), [ids.x1, ids.x2, ids.x3].sort());
    d = await q('disclose', 'natural_person');
    assert.deepEqual(d.records.map((x) => x.id).sort(), [ids.c1, ids.n1].sort());
    assertError(
      await h.srv.req('GET', '/api/v1/reports/disclosure-table/records?year=2024&row=nope&col=total', { session: fazhi }),
      400,
      'invalid',
    );
    assertError(await h.srv.req('GET', '/api/v1/reports/disclosure-table', { session: fazhi }), 400, 'invalid', 'year');
    assertError(await h.srv.req('GET', '/api/v1/reports/disclosure-table?year=2024&format=pdf', { session: fazhi }), 400, 'invalid', 'format');
  });

  test('Markdown and XLSX through the API and the CLI', async () => {
    const md = await h.srv.req('GET', '/api/v1/reports/disclosure-table?year=2024&format=md', { session: fazhi });
    assert.equal(md.status, 200);
    assert.match(md.text, /北碚区规划和自然资源局2024年收到和处理政府信息公开申请情况/);
    assert.match(md.text, /\| 四、结转下年度继续办理 \| \| \| 1 \| 1 \| 0 \| 0 \| 1 \| 0 \| 3 \|/);
    const x = await fetch(`${h.srv.base}/api/v1/reports/disclosure-table?year=2024&format=xlsx`, {
      headers: { cookie: fazhi.cookie },
    });
    const bytes = Buffer.from(await x.arrayBuffer());
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    const out = path.join(h.fx.dir, 'table.md');
    // The server holds the database open; the CLI reads it all the same.
    const r = cli(['report', 'disclosure-table', '--db', h.fx.db, '--org', '2', '--year', '2024', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(out, 'utf8'), md.text);
    const bad = cli(['report', 'disclosure-table', '--db', h.fx.db, '--org', '2', '--year', '2024', '--format', 'pdf']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format/);
  });
  test('indicators: counts by applicant type, the on-time rate, drill-down', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: fazhi });
    assert.equal(r.status, 200, r.text);
    const by = Object.fromEntries(r.json.indicators.map((x) => [x.id, x]));
    assert.equal(by['disclosure.received'].value, 27);
    const groups = Object.fromEntries(by['disclosure.received'].groups.map((g) => [g.value, g.records]));
    assert.deepEqual(groups, { commercial: 4, legal_service: 4, natural_person: 9, other: 4, public_interest: 3, research: 3 });
    assert.equal(by['disclosure.received'].groups.find((g) => g.value === 'research').label, '科研机构');
    // Replied in 2024: the 26 of the table's total row, all within 20
    // working days (the slowest, c1: received 2023-12-20, due 2024-01-18,
    // replied 2024-01-10).
    assert.equal(by['disclosure.replied'].value, 26);
    assert.equal(by['disclosure.replied_on_time'].value, 26);
    assert.equal(by['disclosure.on_time_rate'].value, 100);
    assert.equal(by['disclosure.open'].value, 3);
    assert.equal(by['disclosure.received'].previous, 3); // c1, c2, c3 in 2023
    const d = await h.srv.req('GET', '/api/v1/indicators/disclosure.open/records?year=2024', { session: fazhi });
    assert.deepEqual(d.json.records.map((x) => x.id).sort(), [ids.x1, ids.x2, ids.x3].sort());
  });
});
