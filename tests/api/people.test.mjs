// people.test.mjs - the people and records of 法治 capacity through the
// API: the roster of 法律顾问 and 公职律师 (engaged, renewed, ended; counted
// when engaged at the year's end, newly engaged in the year) and 庭审旁听
// organised for officials (planned, held with attendees and of them 领导干部,
// corrected, cancelled). Refusals name their field and write nothing;
// every figure is rebuilt from records, with its drill-down and 2023.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, useServer, userWithRoles } from './lib.mjs';

const A = '/api/v1/records/legal_adviser';
const T = '/api/v1/records/hearing_attendance';

const ADVISER = {
  name: '重庆渝碚律师事务所',
  adviser_type: 'counsel_firm',
  unit: '重庆渝碚律师事务所',
  engaged_from: '2023-01-01',
  engaged_to: '2024-12-31',
  contract_number: 'FLGW-2023-01',
};
const HEARING = { court: '重庆市北碚区人民法院', case_name: '不服行政处罚决定案', attendance_form: 'on_site', organiser: '法规督察科', planned_on: '2024-04-01' };

describe('the advisers roster and 庭审旁听', () => {
  const h = useServer();
  const x = recordHelpers(h);
  const ids = {};
  let tongji;

  const indicators = () => x.indicators(2024);
  const groups = (i) => Object.fromEntries(i.groups.map((g) => [g.value ?? '-', g.records]));
  const records = (id) => x.recordIds(id, 2024);
  const of = (...keys) => keys.map((k) => ids[k]).sort((a, b) => a - b);

  before(async () => {
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    tongji = await userWithRoles(h, 'tongji', ['statistician']);
  });

  test('advisers: engaged, renewed, ended; refusals write nothing', async () => {
    let r = x.ok(await x.post(A, ADVISER));
    assert.match(r.number, /^GWMC-2023-\d{5}$/);
    assert.equal(r.state, 'engaged');
    ids.a1 = r.id;
    assertError(await x.take(A, r.id, 'renew', { engaged_to: '2022-12-31' }), 422, 'refused', 'engaged_to');
    r = x.ok(await x.take(A, r.id, 'renew', { engaged_to: '2025-12-31', contract_number: 'FLGW-2025-01' }));
    assert.equal(r.data.engaged_to, '2025-12-31');
    ids.a2 = x.ok(await x.post(A, { name: '刘律师', adviser_type: 'counsel_lawyer', unit: '重庆静昇律师事务所', licence_number: '15001201810000001', engaged_from: '2024-03-01' })).id;
    // Renewal needs a term's end (this one was engaged without one).
    assertError(await x.take(A, ids.a2, 'renew', {}), 400, 'invalid', 'engaged_to');
    const a3 = x.ok(await x.post(A, { name: '赵教授', adviser_type: 'counsel_scholar', unit: '西南大学法学院', engaged_from: '2022-06-01', engaged_to: '2025-05-31' }));
    ids.a3 = a3.id;
    assertError(await x.take(A, a3.id, 'end', { ended_on: '2024-05-31' }), 400, 'invalid', 'reason');
    assertError(await x.take(A, a3.id, 'end', { ended_on: '2022-05-31', reason: '提前解聘' }), 422, 'refused', 'ended_on');
    assertError(await x.take(A, a3.id, 'end', { ended_on: '2099-05-31', reason: '提前解聘' }), 422, 'refused', 'ended_on');
    r = x.ok(await x.take(A, a3.id, 'end', { ended_on: '2024-05-31', reason: '本人申请解聘' }));
    assert.equal(r.state, 'ended');
    assertError(await x.take(A, a3.id, 'renew', { engaged_to: '2026-05-31' }), 422, 'refused', 'transition');
    ids.a4 = x.ok(await x.post(A, { name: '李律师', adviser_type: 'public_lawyer', unit: '北碚区规划和自然资源局', engaged_from: '2024-07-01' })).id;
    ids.a5 = x.ok(await x.post(A, { name: '周律师', adviser_type: 'public_lawyer', unit: '北碚区规划和自然资源局', engaged_from: '2021-01-01' })).id;

    const n = await x.total(A);
    for (const [body, status, code, field] of [
      [{ ...ADVISER, adviser_type: 'friend' }, 400, 'invalid', 'adviser_type'],
      [{ ...ADVISER, unit: undefined }, 400, 'invalid', 'unit'],
      [{ ...ADVISER, engaged_from: undefined }, 400, 'invalid', 'engaged_from'],
      [{ ...ADVISER, engaged_from: '2024-02-30' }, 400, 'invalid', 'engaged_from'],
      [{ ...ADVISER, ended_on: '2024-01-01' }, 400, 'invalid', 'ended_on'], // only by 解聘
      [{ ...ADVISER, engaged_to: '2022-12-31' }, 422, 'refused', 'engaged_to'], // before engaged_from
    ]) assertError(await x.post(A, body), status, code, field);
    assertError(await x.post(A, ADVISER, tongji), 403, 'forbidden');
    assert.equal(await x.total(A), n);
  });

  test('roster figures: 4 engaged at the end of 2024 (2 公职律师), 2 new, 1 ended; 3 at the end of 2023', async () => {
    const v = await indicators();
    assert.equal(v['adviser_roster.engaged'].value, 4);
    assert.deepEqual(groups(v['adviser_roster.engaged']), { counsel_firm: 1, counsel_lawyer: 1, public_lawyer: 2 });
    assert.deepEqual(await records('adviser_roster.engaged'), of('a1', 'a2', 'a4', 'a5'));
    assert.equal(v['adviser_roster.engaged'].previous, 3);
    assert.equal(v['adviser_roster.counsel'].value, 2);
    assert.deepEqual(await records('adviser_roster.counsel'), of('a1', 'a2'));
    assert.equal(v['adviser_roster.public_lawyers'].value, 2);
    assert.deepEqual(await records('adviser_roster.public_lawyers'), of('a4', 'a5'));
    assert.equal(v['adviser_roster.newly_engaged'].value, 2);
    assert.deepEqual(await records('adviser_roster.newly_engaged'), of('a2', 'a4'));
    assert.equal(v['adviser_roster.ended'].value, 1);
    assert.deepEqual(await records('adviser_roster.ended'), of('a3'));
  });

  test('庭审旁听: held with attendees and leaders, corrected, cancelled; refusals write nothing', async () => {
    let r = x.ok(await x.post(T, HEARING));
    assert.match(r.number, /^TSPT-2024-\d{5}$/);
    const hist = async (id) => (await h.srv.req('GET', `${T}/${id}/history`, { session: x.fazhi })).json.events.length;
    const events = await hist(r.id);
    for (const [body, status, code, field] of [
      [{ held_on: '2024-04-10', attendees: 30, leader_attendees: 31 }, 422, 'refused', 'leader_attendees'],
      [{ held_on: '2024-03-31', attendees: 30, leader_attendees: 8 }, 422, 'refused', 'held_on'],
      [{ held_on: '2099-04-10', attendees: 30, leader_attendees: 8 }, 422, 'refused', 'held_on'],
      [{ held_on: '2024-04-10', leader_attendees: 8 }, 400, 'invalid', 'attendees'],
      [{ held_on: '2024-04-10', attendees: 30 }, 400, 'invalid', 'leader_attendees'],
      [{ held_on: '2024-04-10', attendees: 0, leader_attendees: 0 }, 400, 'invalid', 'attendees'],
    ]) assertError(await x.take(T, r.id, 'hold', body), status, code, field);
    assert.equal(await hist(r.id), events);
    r = x.ok(await x.take(T, r.id, 'hold', { held_on: '2024-04-10', attendees: 30, leader_attendees: 8 }));
    assert.equal(r.state, 'held');
    ids.h1 = r.id;
    r = x.ok(await x.post(T, { ...HEARING, planned_on: '2024-10-08', attendance_form: 'online' }));
    ids.h2 = r.id;
    x.ok(await x.take(T, r.id, 'hold', { held_on: '2024-10-15', attendees: 25, leader_attendees: 5 }));
    assertError(await x.take(T, r.id, 'correct', { leader_attendees: 6 }), 400, 'invalid', 'reason');
    assertError(await x.take(T, r.id, 'correct', { leader_attendees: 26, reason: '漏记' }), 422, 'refused', 'leader_attendees');
    r = x.ok(await x.take(T, r.id, 'correct', { leader_attendees: 6, reason: '漏记一名领导干部' }));
    assert.equal(r.data.leader_attendees, 6);
    r = x.ok(await x.post(T, { ...HEARING, planned_on: '2024-11-01' }));
    x.ok(await x.take(T, r.id, 'cancel', { reason: '庭审延期' }));
    assertError(await x.take(T, r.id, 'hold', { held_on: '2024-11-02', attendees: 10, leader_attendees: 1 }), 422, 'refused', 'transition');
    x.ok(await x.post(T, { ...HEARING, planned_on: '2024-12-20' })); // planned only
    r = x.ok(await x.post(T, { ...HEARING, planned_on: '2023-06-01' }));
    x.ok(await x.take(T, r.id, 'hold', { held_on: '2023-06-01', attendees: 20, leader_attendees: 4 }));

    const n = await x.total(T);
    for (const [body, field] of [
      [{ ...HEARING, court: undefined }, 'court'],
      [{ ...HEARING, attendance_form: 'radio' }, 'attendance_form'],
      [{ ...HEARING, planned_on: '2024-4-1' }, 'planned_on'],
      [{ ...HEARING, attendees: 10 }, 'attendees'], // only when held
    ]) assertError(await x.post(T, body), 400, 'invalid', field);
    assertError(await x.post(T, HEARING, tongji), 403, 'forbidden');
    assert.equal(await x.total(T), n);
  });

  test('庭审旁听 figures: 2 sessions, 55 attendees, 14 leaders (2023: 1, 20, 4)', async () => {
    const v = await indicators();
    assert.equal(v['hearing.sessions'].value, 2);
    assert.deepEqual(await records('hearing.sessions'), of('h1', 'h2'));
    assert.equal(v['hearing.sessions'].previous, 1);
    assert.equal(v['hearing.attendees'].value, 55);
    assert.equal(v['hearing.attendees'].previous, 20);
    assert.equal(v['hearing.leaders'].value, 14);
    assert.equal(v['hearing.leaders'].previous, 4);
    assert.deepEqual(await records('hearing.leaders'), of('h1', 'h2'));
  });
});
