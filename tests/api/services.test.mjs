// services.test.mjs - 政务服务 and approvals (SPEC §2.7 of the seeds: "受理
// 995件，办结995件，按时办结率100%", "办件平均用时3天，缩短时限达70%"), the
// catalogue of 行政权力事项 and 公共服务事项 (全程网办, 通办), and 主动公开
// (国土空间规划信息, 征地信息) through the API: the permit deadlines of 行政许可法
// (补正告知 5 working days, decision 20 working days with pauses for expert
// review and one extension of 10 by a head, 证件送达 10 working days),
// the days an application took and whether it met its promised limit
// (derived), the catalogue counted at the year's end, the 20 working days
// of 政府信息公开条例 art. 26; refusals and bad input; every figure of 2024
// against hand-worked values. Dates worked out by hand from
// data/calendar/holidays.txt.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, useServer } from './lib.mjs';

const R = '/api/v1/records';
const S = `${R}/service_application`;
const P = `${R}/power_item`;
const D = `${R}/proactive_disclosure`;

describe('services, the catalogue of items, proactive disclosure', () => {
  const h = useServer();
  let fazhi, zhifa;

  const post = (p, json, s = fazhi) => h.srv.req('POST', p, { session: s, json });
  const take = (base, id, name, json = {}, s = fazhi) => post(`${base}/${id}/transitions/${name}`, json, s);
  const ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  const due = (rec, name) => rec.deadlines.find((d) => d.name === name);
  const apply = async (extra) =>
    ok(await post(S, {
      item_name: '建设用地规划许可证核发', item_code: '11500109MB1', item_type: 'permit', channel: 'window',
      applicant_type: 'organisation', applicant: '重庆某某置业有限公司', received_on: '2024-04-01',
      statutory_days: 20, promised_days: 10, ...extra,
    }));

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
  });

  test('a permit from the window: accepted, decided within its limits, certificate delivered, rated', async () => {
    const a = await apply();
    assert.equal(a.state, 'received');
    // Received Mon 2024-04-01: correction notice within 5 working days
    // (art. 32): 4-2, 4-3, (清明 4-4..4-6 off), Sun 4-7 (调休 working day),
    // 4-8, 4-9.
    assert.equal(due(a, 'correction').due, '2024-04-09');
    let r = ok(await take(S, a.id, 'accept', { accepted_on: '2024-04-01' }));
    assert.equal(due(r, 'correction').status.id, 'done_on_time');
    // Decision within 20 working days (art. 42): 4-2, 4-3, 4-7, 4-8..4-12,
    // 4-15..4-19, 4-22..4-26, Sun 4-28 (劳动节 调休), Mon 4-29.
    assert.equal(due(r, 'decision').due, '2024-04-29');
    assertError(await take(S, a.id, 'complete', { completed_on: '2024-03-29', result: 'approved' }), 422, 'refused', 'completed_on');
    r = ok(await take(S, a.id, 'complete', { completed_on: '2024-04-03', result: 'approved', decision_number: '地字第500109202400012号', certificate_issued: true }));
    assert.equal(r.state, 'completed');
    assert.equal(due(r, 'decision').status.id, 'done_on_time');
    // Working days in (4-1, 4-3]: 2, within the promised 10.
    assert.equal(r.data.actual_days, 2);
    assert.equal(r.data.on_time, true);
    assert.equal(r.data.within_statutory, true);
    // Certificate within 10 working days of Wed 4-3: 4-7, 4-8..4-12,
    // 4-15..4-18.
    assert.equal(due(r, 'delivery').due, '2024-04-18');
    r = ok(await take(S, a.id, 'deliver', { certificate_delivered_on: '2024-04-10' }));
    assert.equal(due(r, 'delivery').status.id, 'done_on_time');
    assertError(await take(S, a.id, 'evaluate', { evaluation: 'excellent', evaluated_on: '2024-04-10' }), 400, 'invalid', 'evaluation');
    ok(await take(S, a.id, 'evaluate', { evaluation: 'good', evaluated_on: '2024-04-10' }));
    assertError(await take(S, a.id, 'evaluate', { evaluation: 'bad', evaluated_on: '2024-04-11' }), 422, 'refused', 'evaluation');
    // The applicant's name is personal data: the record keeps it, the
    // history and list show it to staff only (no public list for this kind).
    assertError(await h.srv.req('GET', '/api/v1/public/service_application/list'), 404, 'not_found');
  });

  test('a permit online: 补正, expert review pausing the clock, past its promise but within the law', async () => {
    const a = await apply({ channel: 'online', received_on: '2024-04-26', promised_days: 5 });
    ok(await take(S, a.id, 'request_correction', { correction_requested_on: '2024-04-26', correction_items: '缺少宗地图' }));
    assertError(await take(S, a.id, 'accept', { accepted_on: '2024-04-29' }), 422, 'refused', 'transition');
    ok(await take(S, a.id, 'receive_correction', { correction_received_on: '2024-04-29' }));
    assertError(await take(S, a.id, 'accept', { accepted_on: '2024-04-28' }), 422, 'refused', 'accepted_on');
    let r = ok(await take(S, a.id, 'accept', { accepted_on: '2024-04-29' }));
    // Accepted Mon 4-29: 4-30, (5-1..5-5 off), 5-6..5-10, Sat 5-11
    // (调休), 5-13..5-17, 5-20..5-24, 5-27, 5-28, 5-29: the 20th is 5-29.
    assert.equal(due(r, 'decision').due, '2024-05-29');
    ok(await take(S, a.id, 'start_expert', { expert_started_on: '2024-05-06' }));
    assertError(await take(S, a.id, 'end_expert', { expert_ended_on: '2024-05-05' }), 422, 'refused', 'expert_ended_on');
    r = ok(await take(S, a.id, 'end_expert', { expert_ended_on: '2024-05-10' }));
    // 专家评审 5-6..5-10 (5 working days) does not count (art. 45): the
    // due date moves on 5 working days: 5-30, 5-31, 6-3, 6-4, 6-5.
    assert.equal(due(r, 'decision').due, '2024-06-05');
    assertError(await take(S, a.id, 'complete', { completed_on: '2024-05-09', result: 'approved' }), 422, 'refused', 'completed_on');
    r = ok(await take(S, a.id, 'complete', { completed_on: '2024-05-14', result: 'approved' }));
    // (4-29, 5-14]: 4-30, 5-6..5-10, 5-11, 5-13, 5-14 = 9 working days:
    // more than the 5 promised, within the 20 of the law.
    assert.equal(r.data.actual_days, 9);
    assert.equal(r.data.on_time, false);
    assert.equal(r.data.within_statutory, true);
    assert.equal(due(r, 'decision').status.id, 'done_on_time');
    assert.equal(due(r, 'delivery'), undefined); // no certificate
    ok(await take(S, a.id, 'evaluate', { evaluation: 'bad', evaluated_on: '2024-05-20' }));
  });

  test('a public service, a late permit, refusals of acceptance, withdrawals and a decision of 2023', async () => {
    let a = await apply({ item_name: '不动产登记资料查询', item_type: 'public_service', received_on: '2024-06-03', statutory_days: 10, promised_days: 3 });
    assert.deepEqual(a.deadlines, []); // the permit rules are for permits
    ok(await take(S, a.id, 'accept', { accepted_on: '2024-06-03' }));
    let r = ok(await take(S, a.id, 'complete', { completed_on: '2024-06-05', result: 'approved' }));
    assert.equal(r.data.actual_days, 2);
    assert.equal(r.data.on_time, true);
    ok(await take(S, a.id, 'evaluate', { evaluation: 'good', evaluated_on: '2024-06-06' }));
    // Accepted Mon 2024-12-30, completed Fri 2025-01-03 (1-1 off): 3 days,
    // counted in 2024 as accepted and in 2025 as completed.
    a = await apply({ item_name: '建设工程规划核实', item_type: 'other_power', received_on: '2024-12-30' });
    ok(await take(S, a.id, 'accept', { accepted_on: '2024-12-30' }));
    r = ok(await take(S, a.id, 'complete', { completed_on: '2025-01-03', result: 'approved' }));
    assert.equal(r.data.actual_days, 3);
    // Not accepted (with a reason) and withdrawn by the applicant.
    a = await apply({ received_on: '2024-07-01' });
    assertError(await take(S, a.id, 'refuse', { not_accepted_on: '2024-07-02' }), 400, 'invalid', 'reason');
    r = ok(await take(S, a.id, 'refuse', { not_accepted_on: '2024-07-02', reason: '不属于本机关职权范围' }));
    assert.equal(r.state, 'not_accepted');
    assert.equal(due(r, 'correction').status.id, 'done_on_time');
    a = await apply({ received_on: '2024-08-01' });
    ok(await take(S, a.id, 'accept', { accepted_on: '2024-08-01' }));
    r = ok(await take(S, a.id, 'withdraw', { withdrawn_on: '2024-08-05', reason: '申请人撤回' }));
    assert.equal(r.state, 'withdrawn');
    assertError(await take(S, a.id, 'complete', { completed_on: '2024-08-06', result: 'approved' }), 422, 'refused', 'transition');
    // Accepted Mon 2024-09-02: 9-3..9-6, 9-9..9-13, Sat 9-14 (调休),
    // (中秋 9-15..9-17 off), 9-18..9-20, 9-23..9-27, Sun 9-29 (调休),
    // 9-30: due 9-30. Decided 10-8, after National Day: late, 21 days.
    a = await apply({ item_name: '乡村建设规划许可证核发', received_on: '2024-09-02', promised_days: 15 });
    r = ok(await take(S, a.id, 'accept', { accepted_on: '2024-09-02' }));
    assert.equal(due(r, 'decision').due, '2024-09-30');
    r = ok(await take(S, a.id, 'complete', { completed_on: '2024-10-08', result: 'denied' }));
    assert.equal(due(r, 'decision').status.id, 'done_late');
    assert.equal(r.data.actual_days, 21);
    assert.equal(r.data.on_time, false);
    assert.equal(r.data.within_statutory, false);
    // 2023.
    a = await apply({ received_on: '2023-11-01' });
    ok(await take(S, a.id, 'accept', { accepted_on: '2023-11-01' }));
    ok(await take(S, a.id, 'complete', { completed_on: '2023-11-03', result: 'approved' }));
  });

  test('the decision period is extended once, by a head, with a reason (art. 42)', async () => {
    const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
    const a = await apply({ received_on: today });
    let r = ok(await take(S, a.id, 'accept', { accepted_on: today }));
    const before = due(r, 'decision').due;
    assertError(await take(S, a.id, 'extend', { extension_days: 10, reason: '需要现场踏勘' }, zhifa), 403, 'forbidden');
    assertError(await take(S, a.id, 'extend', { extension_days: 10 }), 400, 'invalid', 'reason');
    assertError(await take(S, a.id, 'extend', { extension_days: 11, reason: '复杂' }), 400, 'invalid', 'extension_days');
    r = ok(await take(S, a.id, 'extend', { extension_days: 10, reason: '需要现场踏勘' }));
    assert.ok(due(r, 'decision').due > before, `${due(r, 'decision').due} after ${before}`);
    assertError(await take(S, a.id, 'extend', { extension_days: 5, reason: '再次' }), 422, 'refused', 'extension_days');
  });

  test('bad applications are refused naming the field, nothing written', async () => {
    const total = async () => (await h.srv.req('GET', S, { session: fazhi })).json.total;
    const before = await total();
    const good = {
      item_name: '事项', item_type: 'permit', channel: 'window', applicant_type: 'person', applicant: '张三',
      received_on: '2024-04-01', statutory_days: 20, promised_days: 10,
    };
    for (const [extra, field] of [
      [{ item_type: 'licence' }, 'item_type'],
      [{ statutory_days: -1 }, 'statutory_days'],
      [{ promised_days: 2.5 }, 'promised_days'],
      [{ promised_days: undefined }, 'promised_days'],
      [{ received_on: '2024-04-31' }, 'received_on'],
      [{ actual_days: 1 }, 'actual_days'],
      [{ on_time: true }, 'on_time'],
      [{ cross_region: 'beijing' }, 'cross_region'],
    ]) {
      const b = { ...good, ...extra };
      for (const k of Object.keys(b)) if (b[k] === undefined) delete b[k];
      assertError(await post(S, b), 400, 'invalid', field);
    }
    assert.equal(await total(), before);
  });

  test('the catalogue of power and service items, counted at the end of the year', async () => {
    const item = async (extra) =>
      ok(await post(P, { item_name: '建设用地规划许可证核发', category: 'power', power_type: 'permit', listed_on: '2023-03-01', statutory_days: 20, promised_days: 10, ...extra }));
    const p1 = await item({ fully_online: true, cq_tongban: true });
    const p2 = await item({ item_name: '乡村建设规划许可证核发', fully_online: true, cq_tongban: true, chuanyu_tongban: true });
    const p3 = await item({ item_name: '对非法占用土地的行政处罚', power_type: 'penalty', online_excluded: true });
    await item({ item_name: '不动产登记资料查询', category: 'service', power_type: 'public_service', listed_on: '2024-02-01', fully_online: true, one_visit: true });
    const p5 = await item({ item_name: '土地权属争议调处', power_type: 'ruling' });
    await item({ item_name: '对自然资源开发利用的行政检查', power_type: 'inspection', listed_on: '2024-05-06' });
    await item({ item_name: '土地复垦费征收', power_type: 'levy', listed_on: '2025-01-10' });
    for (const p of [p1, p2, p3]) ok(await take(P, p.id, 'review', { reviewed_on: '2024-03-15' }));
    assertError(await take(P, p1.id, 'review', { reviewed_on: '2023-02-28' }), 422, 'refused', 'reviewed_on');
    ok(await take(P, p1.id, 'optimise', { optimised_on: '2024-04-10', optimisation: '精简申报材料3项' }));
    assertError(await take(P, p3.id, 'update', { cq_tongban: true }), 400, 'invalid', 'reason');
    assertError(await take(P, p3.id, 'update', { cq_tongban: 'yes', reason: '调整' }), 400, 'invalid', 'cq_tongban');
    ok(await take(P, p3.id, 'update', { cq_tongban: true, reason: '纳入全渝通办' }));
    assertError(await take(P, p5.id, 'remove', { removed_on: '2024-06-30', reason: '职能调整' }, zhifa), 403, 'forbidden');
    assertError(await take(P, p5.id, 'remove', { removed_on: '2023-02-01', reason: '职能调整' }), 422, 'refused', 'removed_on');
    const r = ok(await take(P, p5.id, 'remove', { removed_on: '2024-06-30', reason: '职能调整' }));
    assert.equal(r.state, 'removed');
    assertError(await take(P, p5.id, 'review', { reviewed_on: '2024-07-01' }), 422, 'refused', 'transition');
    const before = (await h.srv.req('GET', P, { session: fazhi })).json.total;
    for (const [extra, field] of [
      [{ category: 'both' }, 'category'],
      [{ fully_online: 'yes' }, 'fully_online'],
      [{ listed_on: undefined }, 'listed_on'],
      [{ removed_on: '2024-01-01' }, 'removed_on'],
    ]) {
      const b = { item_name: 'x', category: 'power', power_type: 'permit', listed_on: '2024-01-01', ...extra };
      for (const k of Object.keys(b)) if (b[k] === undefined) delete b[k];
      assertError(await post(P, b), 400, 'invalid', field);
    }
    assert.equal((await h.srv.req('GET', P, { session: fazhi })).json.total, before);
    // The public list: every item listed and not removed.
    const pub = await h.srv.req('GET', '/api/v1/public/power_item/list');
    assert.equal(pub.status, 200, pub.text);
    assert.equal(pub.json.total, 6);
    assert.ok(!pub.json.items.some((x) => x.item_name === '土地权属争议调处'));
  });

  test('proactive disclosure within 20 working days (条例第二十六条)', async () => {
    const info = async (extra) =>
      ok(await post(D, { title: '北碚区国土空间分区规划（2021—2035年）', category: 'spatial_planning', channel: 'website', formed_on: '2024-03-01', ...extra }));
    const publish = async (id, reviewed, published, extra = {}) => {
      ok(await take(D, id, 'review', { reviewed_on: reviewed, review_opinion: '不涉密，可公开' }));
      return ok(await take(D, id, 'publish', { published_on: published, url: 'http://www.beibei.gov.cn/', ...extra }));
    };
    // Formed Fri 2024-03-01: 20 working days are 3-4 .. 3-29.
    let d = await info();
    assert.equal(due(d, 'publication').due, '2024-03-29');
    assertError(await take(D, d.id, 'publish', { published_on: '2024-03-08' }), 422, 'refused', 'transition');
    assertError(await take(D, d.id, 'review', { reviewed_on: '2024-03-05' }, zhifa), 403, 'forbidden');
    let r = await publish(d.id, '2024-03-05', '2024-03-08');
    assert.equal(due(r, 'publication').status.id, 'done_on_time');
    assertError(await take(D, d.id, 'withdraw', { withdrawn_on: '2024-12-01', reason: '规划修改' }, zhifa), 403, 'forbidden');
    ok(await take(D, d.id, 'withdraw', { withdrawn_on: '2024-12-01', reason: '规划修改' }));
    // 征地信息 formed Fri 2024-09-20: 9-23..9-27, Sun 9-29, 9-30, (10-1..
    // 10-7 off), 10-8..10-11, Sat 10-12, 10-14..10-18, 10-21..10-23: the
    // 20th working day is 10-23.
    d = await info({ title: '北碚区2024年第5批次征收土地预公告', category: 'land_expropriation', formed_on: '2024-09-20' });
    assert.equal(due(d, 'publication').due, '2024-10-23');
    r = await publish(d.id, '2024-10-22', '2024-10-23');
    assert.equal(due(r, 'publication').status.id, 'done_on_time');
    // Formed Mon 5-6: due Fri 5-31 (Sat 5-11 is a working day); published
    // 6-20: late.
    d = await info({ title: '北碚区2024年第2批次征地补偿安置方案', category: 'land_expropriation', channel: 'new_media', formed_on: '2024-05-06' });
    assert.equal(due(d, 'publication').due, '2024-05-31');
    assertError(await take(D, d.id, 'review', { reviewed_on: '2024-05-05' }), 422, 'refused', 'reviewed_on');
    r = await publish(d.id, '2024-06-18', '2024-06-20');
    assert.equal(due(r, 'publication').status.id, 'done_late');
    d = await info({ title: '北碚区2023年第9批次征收土地公告', category: 'land_expropriation', formed_on: '2023-12-20' });
    await publish(d.id, '2023-12-28', '2024-01-05');
    // Withheld after review (not counted), and one of 2023.
    d = await info({ title: '内部管理文件', category: 'normative', formed_on: '2024-04-01' });
    assertError(await take(D, d.id, 'withhold', { withheld_on: '2024-04-02', review_opinion: '属于内部事务信息' }), 400, 'invalid', 'reason');
    r = ok(await take(D, d.id, 'withhold', { withheld_on: '2024-04-02', review_opinion: '属于内部事务信息', reason: '不属于主动公开范围' }));
    assert.equal(due(r, 'publication').status.id, 'done_on_time');
    d = await info({ title: '2023年部门预算', category: 'budget', formed_on: '2023-05-04' });
    await publish(d.id, '2023-05-05', '2023-05-10');
    const before = (await h.srv.req('GET', D, { session: fazhi })).json.total;
    assertError(await post(D, { title: 'x', category: 'gossip', channel: 'website', formed_on: '2024-01-01' }), 400, 'invalid', 'category');
    assertError(await post(D, { title: 'x', category: 'other', channel: 'website' }), 400, 'invalid', 'formed_on');
    assertError(await post(D, { title: 'x', category: 'other', channel: 'website', formed_on: '2024-01-01', published_on: '2024-01-02' }), 400, 'invalid', 'published_on');
    assert.equal((await h.srv.req('GET', D, { session: fazhi })).json.total, before);
  });

  test('the figures of 2024 and the records behind one', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: fazhi });
    assert.equal(r.status, 200, r.text);
    const ind = Object.fromEntries(r.json.indicators.map((x) => [x.id, x]));
    const v = (id) => ind[id].value;
    const groups = (id) => ind[id].groups.map((g) => [g.value, g.records]);
    // Received in 2024: 4-1, 4-26 (online), 6-3, 12-30, 7-1, 8-1, 9-2.
    assert.equal(v('service.received'), 7);
    assert.deepEqual(groups('service.received'), [['online', 1], ['window', 6]]);
    assert.equal(v('service.online'), 1);
    // Accepted in 2024: all but the one not accepted.
    assert.equal(v('service.accepted'), 6);
    assert.deepEqual(groups('service.accepted'), [['other_power', 1], ['permit', 4], ['public_service', 1]]);
    // Completed in 2024: 4-3 (2 days of 20, promised 10), 5-14 (9 of 20,
    // promised 5), 6-5 (2 of 10, promised 3), 10-8 (21 of 20, promised 15).
    assert.equal(v('service.completed'), 4);
    assert.deepEqual(groups('service.completed'), [['approved', 3], ['denied', 1]]);
    assert.equal(ind['service.completed'].previous, 1);
    assert.equal(v('service.completed_on_time'), 2);
    assert.equal(v('service.on_time_rate'), 50);
    assert.equal(v('service.days_used'), 2 + 9 + 2 + 21);
    assert.equal(v('service.statutory_days'), 20 + 20 + 10 + 20);
    assert.equal(v('service.promised_days'), 10 + 5 + 3 + 15);
    assert.equal(v('service.time_used_rate'), (34 * 100) / 70);
    // 办件平均用时: 34 days over the 4 completed; 缩短时限: 100 - 34/70.
    assert.equal(v('service.average_days'), 34 / 4);
    assert.equal(v('service.time_reduction'), 100 - (34 * 100) / 70);
    // Permits decided in 2024: 4-3 and 5-14 in time, 10-8 late.
    assert.equal(v('service.permit_decisions'), 3);
    assert.deepEqual(groups('service.permit_decisions'), [['approved', 2], ['denied', 1]]);
    assert.equal(v('service.permit_decisions_on_time'), 2);
    assert.equal(v('service.permit_on_time_rate'), (2 * 100) / 3);
    assert.equal(v('service.evaluated'), 3);
    assert.equal(v('service.satisfied'), 2);
    assert.equal(v('service.satisfaction_rate'), (2 * 100) / 3);
    // The catalogue at 2024-12-31: four power items (two permits, a
    // penalty, an inspection) and one service; the ruling left on 6-30,
    // the levy comes in 2025.
    assert.equal(v('items.all'), 5);
    assert.deepEqual(groups('items.all'), [['inspection', 1], ['penalty', 1], ['permit', 2], ['public_service', 1]]);
    assert.equal(ind['items.all'].previous, 4);
    assert.equal(v('items.power'), 4);
    assert.equal(v('items.service'), 1);
    assert.equal(v('items.fully_online'), 3);
    assert.equal(v('items.online_excluded'), 1);
    assert.equal(v('items.one_visit'), 1);
    assert.equal(v('items.cq_tongban'), 3);
    assert.equal(v('items.chuanyu_tongban'), 1);
    assert.equal(v('items.cross_province'), 0);
    assert.equal(v('items.reviewed'), 3);
    assert.equal(v('items.optimised'), 1);
    assert.equal(v('items.removed'), 1);
    // Proactive disclosure in 2024: one 国土空间规划 (withdrawn later, but
    // published), three 征地信息 (one late); 2023: the budget.
    assert.equal(v('proactive.published'), 4);
    assert.deepEqual(groups('proactive.published'), [['land_expropriation', 3], ['spatial_planning', 1]]);
    assert.equal(ind['proactive.published'].previous, 1);
    assert.equal(v('proactive.spatial_planning'), 1);
    assert.equal(v('proactive.land_expropriation'), 3);
    assert.deepEqual(groups('proactive.by_channel'), [['new_media', 1], ['website', 3]]);
    assert.equal(v('proactive.published_on_time'), 3);
    assert.equal(v('proactive.on_time_rate'), 75);
    const d = await h.srv.req('GET', '/api/v1/indicators/service.completed_on_time/records?year=2024', { session: fazhi });
    assert.equal(d.status, 200, d.text);
    assert.deepEqual(d.json.records.map((x) => x.title).sort(), ['不动产登记资料查询', '建设用地规划许可证核发']);
    const l = await h.srv.req('GET', '/api/v1/indicators/proactive.land_expropriation/records?year=2024', { session: fazhi });
    assert.equal(l.json.records.length, 3);
  });
});
