// dashboard.test.mjs - what the 工作台 reads (src/api/dashboard.c): the
// overdue and due-soon lists across kinds, chosen indicators with last
// year's value, their groups and their months, and the colleagues of the
// caller's organisation; with scope and bad input refused naming the
// parameter.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, useServer } from './lib.mjs';

const D = '/api/v1/records/disclosure_request';
const C = '/api/v1/records/enforcement_case';
const CERT = '/api/v1/records/officer_certificate';
const PARTY = { party_type: 'person', name: '王建国', id_number: '500109198503152316' };

describe('the workbench API', () => {
  const h = useServer();
  const officers = {}; // enforcement_officer ids by name
  const x = recordHelpers(h);
  let fazhi, zhifa, admin;
  const get = (p, s = fazhi) => h.srv.req('GET', p, { session: s });

  before(async () => {
    fazhi = x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    admin = await h.srv.login('admin', h.fx.pw('admin'));
  });

  const request = async (submitted, content) =>
    x.ok(
      await x.post(D, {
        applicant_type: 'natural_person',
        applicant_name: '张三',
        channel: 'in_person',
        submitted_on: submitted,
        content,
      }),
    );

  test('overdue and due-soon obligations of every kind, earliest first', async () => {
    const today = (await get('/api/v1/dashboard/deadlines')).json.today;
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
    // A start whose 补正 period (7 working days) ends within the next 3
    // working days: found through the deadline endpoint, not by hand.
    let soonStart = null;
    for (let back = 0; back < 20 && !soonStart; back++) {
      const from = new Date(Date.parse(today) - back * 86400e3).toISOString().slice(0, 10);
      const r = await get(`/api/v1/deadline?from=${from}&rule=disclosure.correction`);
      assert.equal(r.status, 200, r.text);
      if (r.json.status && r.json.status.id === 'due_soon' && from <= today) soonStart = from;
    }
    assert.ok(soonStart, 'no start date gives a due-soon period');
    const old1 = await request('2024-03-04', '旧申请甲');
    const old2 = await request('2024-01-08', '旧申请乙');
    const soon = await request(soonStart, '即将到期的申请');
    // a certificate expiring in 20 days: its renewal alert is overdue
    const soonCert = new Date(Date.parse(today) + 20 * 86400e3).toISOString().slice(0, 10);
    const cert = x.ok(
      await x.post(CERT, {
        officer_id: (officers['李强'] = (await x.post('/api/v1/records/enforcement_officer', { name: '李强', id_number: '500109198503152316', enforcement_category: 'natural_resources', joined_on: '2020-01-01', user_id: zhifa.user.id })).json.id), cert_number: '50010923002', enforcement_field: 'natural_resources',
        issued_on: '2021-01-01', valid_from: '2021-01-01', valid_to: soonCert,
      }),
    );
    const r = await get('/api/v1/dashboard/deadlines');
    assert.equal(r.status, 200, r.text);
    const { overdue, due_soon: dueSoon } = r.json;
    const ids = overdue.items.map((i) => `${i.kind}:${i.id}`);
    for (const k of [`disclosure_request:${old1.id}`, `disclosure_request:${old2.id}`, `officer_certificate:${cert.id}`])
      assert.ok(ids.includes(k), `${k} not overdue: ${r.text}`);
    assert.ok(!ids.includes(`disclosure_request:${soon.id}`));
    assert.ok(overdue.total >= 3);
    // earliest first: the January request before the March one
    assert.ok(ids.indexOf(`disclosure_request:${old2.id}`) < ids.indexOf(`disclosure_request:${old1.id}`));
    const dues = overdue.items.map((i) => i.deadline.due);
    assert.deepEqual(dues, [...dues].sort());
    const item = overdue.items.find((i) => i.id === old2.id && i.kind === 'disclosure_request');
    assert.equal(item.kind_label, '政府信息公开申请');
    assert.equal(item.number, old2.number);
    assert.equal(item.title, '旧申请乙');
    assert.equal(item.state_label, '已收到');
    assert.equal(item.deadline.name, 'correction');
    assert.equal(item.deadline.label, '补正告知期限');
    assert.equal(item.deadline.status.id, 'overdue');
    // the same as the record itself says
    const rec = await x.get(D, old2.id);
    assert.equal(item.deadline.due, x.due(rec, 'correction').due);
    const s = dueSoon.items.find((i) => i.id === soon.id && i.kind === 'disclosure_request');
    assert.ok(s, `not due soon: ${r.text}`);
    assert.equal(s.deadline.status.id, 'due_soon');
    assert.ok(s.deadline.due >= today && s.deadline.due <= r.json.soon_until);
    // met obligations leave the list
    x.ok(await x.take(D, old2.id, 'accept', { accepted_on: '2024-01-09' }));
    const after = (await get('/api/v1/dashboard/deadlines')).json;
    assert.ok(!after.overdue.items.some((i) => i.kind === 'disclosure_request' && i.id === old2.id && i.deadline.name === 'correction'));
    // limit cuts the items, not the total
    const one = (await get('/api/v1/dashboard/deadlines?limit=1')).json;
    assert.equal(one.overdue.items.length, 1);
    assert.equal(one.overdue.total, after.overdue.total);
  });

  test('figures: the year, last year, groups and months', async () => {
    const newCase = async (filed, fine, decided) => {
      const c = x.ok(await x.post(C, {
        case_title: '占地建房案', clue_source: 'patrol', clue_on: filed, parties: [PARTY],
        violation_type: 'illegal_occupation', land_area: 100,
      }));
      x.ok(await x.take(C, c.id, 'begin_verification', { verify_started_on: filed }));
      x.ok(await x.take(C, c.id, 'file_case', { filed_on: filed, filing_approver: '李局长', investigators: [fazhi.user.id, zhifa.user.id] }));
      if (decided) {
        x.ok(await x.take(C, c.id, 'finish_investigation', { investigation_done_on: filed }));
        x.ok(await x.take(C, c.id, 'propose', { reviewed_on: filed, decision_type: 'penalty', fine }));
        x.ok(await x.take(C, c.id, 'notify', { notified_on: filed }));
        x.ok(await x.take(C, c.id, 'decide', { decided_on: decided, deciders: [fazhi.user.id, zhifa.user.id], decision_type: 'penalty', fine }));
      }
      return c;
    };
    for (const [name, no] of [['张敏', '50010923001'], ['李强', '50010923003']])
      x.ok(await x.post(CERT, {
        // 李强 is on the roster already (above): a second certificate of his.
        officer_id: officers[name] ?? (await x.post('/api/v1/records/enforcement_officer', { name, id_number: '500109198503152316', enforcement_category: 'natural_resources', joined_on: '2020-01-01', user_id: fazhi.user.id })).json.id, cert_number: no,
        enforcement_field: 'natural_resources', issued_on: '2022-01-01', valid_from: '2022-01-01', valid_to: '2029-12-31',
      }));
    await newCase('2023-05-10');
    await newCase('2024-02-05', 20000, '2024-03-11');
    await newCase('2024-02-19', 5000.5, '2024-03-12');
    await newCase('2024-07-01', 30000, '2024-11-04');
    const r = await get('/api/v1/dashboard/figures?year=2024&monthly=1&ids=enforcement.cases_filed,enforcement.fines,disclosure.received,disclosure.on_time_rate,enforcement.in_progress');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.year, 2024);
    assert.equal(r.json.org_id, 2);
    const f = Object.fromEntries(r.json.figures.map((i) => [i.id, i]));
    assert.deepEqual(r.json.figures.map((i) => i.id), ['enforcement.cases_filed', 'enforcement.fines', 'disclosure.received', 'disclosure.on_time_rate', 'enforcement.in_progress']);
    const cases = f['enforcement.cases_filed'];
    assert.equal(cases.label, '立案查处违法案件');
    assert.equal(cases.unit, '宗');
    assert.equal(cases.value, 3);
    assert.equal(cases.previous, 1);
    assert.equal(cases.change, 2);
    assert.deepEqual(cases.months, [0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    const fines = f['enforcement.fines'];
    assert.equal(fines.value, 55000.5);
    assert.deepEqual(fines.months, [0, 0, 25000.5, 0, 0, 0, 0, 0, 0, 0, 30000, 0]);
    // the same value as the indicators endpoint gives
    const all = (await get('/api/v1/indicators?year=2024')).json.indicators;
    for (const id of Object.keys(f)) assert.equal(f[id].value, all.find((i) => i.id === id).value, id);
    // groups: requests of 2024 by applicant type (the test above made three)
    const recv = f['disclosure.received'];
    assert.equal(recv.value, 2);
    // no request of 2023: nothing to compare with (not 增加2件)
    assert.equal(recv.previous, null);
    assert.equal(recv.change, null);
    assert.equal(f['disclosure.on_time_rate'].previous, null);
    assert.deepEqual(recv.groups.map((g) => [g.value, g.label, g.records]), [['natural_person', '自然人', 2]]);
    assert.deepEqual(recv.months, [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // a rate per month: the request accepted in January is not replied
    assert.equal(f['disclosure.on_time_rate'].unit, '%');
    assert.equal(f['disclosure.on_time_rate'].months.length, 12);
    // counted at the year's end: no months
    assert.equal(f['enforcement.in_progress'].months, undefined);
    // without monthly, no months
    const plain = (await get('/api/v1/dashboard/figures?year=2024&ids=enforcement.cases_filed')).json.figures[0];
    assert.equal(plain.months, undefined);
    assert.equal(plain.value, 3);
  });

  test('bad parameters name themselves; scope holds', async () => {
    assertError(await get('/api/v1/dashboard/figures?ids=enforcement.fines'), 400, 'invalid', 'year');
    assertError(await get('/api/v1/dashboard/figures?year=2024'), 400, 'invalid', 'ids');
    assertError(await get('/api/v1/dashboard/figures?year=2024&ids=nope'), 400, 'invalid', 'ids');
    assertError(await get('/api/v1/dashboard/figures?year=2024&ids=enforcement.fines,'), 400, 'invalid', 'ids');
    assertError(await get('/api/v1/dashboard/figures?year=2024&ids=enforcement.fines&monthly=2'), 400, 'invalid', 'monthly');
    assertError(await get('/api/v1/dashboard/figures?year=2024&ids=enforcement.fines&org_id=1'), 404, 'not_found', 'org_id');
    assertError(await get('/api/v1/dashboard/deadlines?org_id=1'), 404, 'not_found', 'org_id');
    assertError(await get('/api/v1/dashboard/deadlines?limit=0'), 400, 'invalid', 'limit');
    assertError(await get('/api/v1/dashboard/deadlines', admin), 403, 'forbidden');
    const ids = Array.from({ length: 33 }, () => 'enforcement.fines').join(',');
    assertError(await get(`/api/v1/dashboard/figures?year=2024&ids=${ids}`), 400, 'invalid', 'ids');
  });

  test('people: the accounts of the caller’s subtree, nothing secret', async () => {
    const r = await get('/api/v1/dashboard/people', zhifa);
    assert.equal(r.status, 200, r.text);
    const names = r.json.users.map((u) => u.display_name);
    assert.ok(names.includes('法规督察科 张敏'), r.text);
    assert.ok(names.includes('执法支队 李强'), r.text);
    assert.ok(!names.includes('系统管理员'), 'an account outside the subtree is listed');
    for (const u of r.json.users) assert.deepEqual(Object.keys(u).sort(), ['display_name', 'id', 'org_id']);
  });
});
