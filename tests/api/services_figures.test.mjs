// services_figures.test.mjs - 政务服务 as a government reports it, through
// the API: the published lists kept on the items (零跑腿, 零材料提交, 即办件,
// 秒批秒办, 告知承诺制, 一件事一次办) counted at the year's end, items listed
// in the year and the promised limits against the statutory ones; on the
// applications the derived 即办 (completed the day it was accepted: same day
// vs the next), 网办率, the visits the applicant made, 好差评 by grade and by
// channel, 差评 and its 整改 within the 15 working days of service.bad_review
// (counted across National Day); refusals (a grade not declared or of the
// other class, a negative visit count, 整改 of a 好评) that write nothing.
// Dates worked out by hand from data/calendar/holidays.txt.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, useServer } from './lib.mjs';

const S = '/api/v1/records/service_application';
const P = '/api/v1/records/power_item';

describe('services as reported: lists, 即办, 网办, visits, 好差评', () => {
  const h = useServer();
  const x = recordHelpers(h);
  const app = {};

  // An application accepted and completed on the days given.
  const done = async (name, extra, accepted, completed, completeExtra = {}) => {
    const a = x.ok(await x.post(S, {
      item_name: name, item_type: 'public_service', channel: 'window', applicant_type: 'person', applicant: '张三',
      received_on: accepted, statutory_days: 20, promised_days: 10, ...extra,
    }));
    x.ok(await x.take(S, a.id, 'accept', { accepted_on: accepted }));
    if (!completed) return (app[name] = a);
    return (app[name] = x.ok(await x.take(S, a.id, 'complete', { completed_on: completed, result: 'approved', ...completeExtra })));
  };

  before(async () => {
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
  });

  test('即办 is derived: completed the day it was accepted, not the next day', async () => {
    let r = await done('户籍证明开具', { visits: 1 }, '2024-04-01', '2024-04-01');
    assert.equal(r.data.instant, true);
    assert.equal(r.data.actual_days, 0);
    r = await done('居住证签注', { channel: 'online', promised_days: 5 }, '2024-04-01', '2024-04-02', { visits: 0 });
    assert.equal(r.data.instant, false);
    assert.equal(r.data.visits, 0);
    r = await done('社保参保登记', { channel: 'online', statutory_days: 10, promised_days: 3, visits: 0 }, '2024-06-03', '2024-06-03');
    assert.equal(r.data.instant, true);
    r = await done('不动产登记资料查询', { promised_days: 15, visits: 2 }, '2024-07-01', '2024-07-05');
    assert.equal(r.data.instant, false);
    r = await done('企业开办', { visits: 1 }, '2024-12-16', '2024-12-18');
    r = await done('建设工程规划核实', {}, '2024-08-01', null);
    assert.equal(r.data.instant, undefined); // not completed: unset
    // Not entered by hand.
    assertError(await x.post(S, { item_name: 'x', item_type: 'permit', channel: 'window', applicant_type: 'person', applicant: '李四', received_on: '2024-04-01', statutory_days: 20, promised_days: 10, instant: true }), 400, 'invalid', 'instant');
  });

  test('a negative visit count is refused naming visits, nothing written', async () => {
    const before = await x.total(S);
    const good = { item_name: 'x', item_type: 'permit', channel: 'window', applicant_type: 'person', applicant: '李四', received_on: '2024-04-01', statutory_days: 20, promised_days: 10 };
    assertError(await x.post(S, { ...good, visits: -1 }), 400, 'invalid', 'visits');
    assertError(await x.post(S, { ...good, visits: 1.5 }), 400, 'invalid', 'visits');
    assert.equal(await x.total(S), before);
    const a = app['建设工程规划核实'];
    assertError(await x.take(S, a.id, 'complete', { completed_on: '2024-08-02', result: 'approved', visits: -2 }), 400, 'invalid', 'visits');
    const r = await x.get(S, a.id);
    assert.equal(r.state, 'accepted');
    assert.equal(r.data.completed_on, undefined);
  });

  test('好差评 by grade and channel; a 差评 is rectified within 15 working days', async () => {
    const ev = (name, json) => x.take(S, app[name].id, 'evaluate', json);
    // A grade not declared, and a grade of the other class: refused, the
    // record not evaluated; the message names the labels, no value id.
    assertError(await ev('户籍证明开具', { evaluation: 'good', grade: 'good.excellent', evaluated_on: '2024-04-01' }), 400, 'invalid', 'grade');
    const e = assertError(await ev('户籍证明开具', { evaluation: 'good', grade: 'bad.unsatisfied', evaluated_on: '2024-04-01' }), 422, 'refused', 'grade');
    assert.match(e.message, /不满意/);
    assert.match(e.message, /好评/);
    assert.doesNotMatch(e.message, /bad\.|good/);
    assertError(await ev('户籍证明开具', { evaluation: 'good', eval_channel: 'fax', evaluated_on: '2024-04-01' }), 400, 'invalid', 'eval_channel');
    assert.equal((await x.get(S, app['户籍证明开具'].id)).data.evaluation, undefined);

    x.ok(await ev('户籍证明开具', { evaluation: 'good', grade: 'good.very_satisfied', eval_channel: 'window_device', evaluated_on: '2024-04-01' }));
    x.ok(await ev('社保参保登记', { evaluation: 'good', grade: 'good.basic', eval_channel: 'mobile', evaluated_on: '2024-06-04' }));
    // A 好评 has nothing to rectify.
    assertError(await x.take(S, app['户籍证明开具'].id, 'rectify', { rectified_on: '2024-04-02', rectification: '无' }), 422, 'refused', 'evaluation');

    // 差评 on Fri 2024-09-27: 15 working days are Sun 9-29 (调休), 9-30,
    // (10-1..10-7 off), 10-8..10-11, Sat 10-12 (调休), 10-14..10-18,
    // 10-21, 10-22, 10-23: due 10-23. Rectified on its last day: in time.
    let r = x.ok(await ev('居住证签注', { evaluation: 'bad', grade: 'bad.unsatisfied', eval_channel: 'pc', evaluated_on: '2024-09-27' }));
    assert.equal(x.due(r, 'rectification').due, '2024-10-23');
    assertError(await x.take(S, r.id, 'rectify', { rectified_on: '2024-09-26', rectification: '已回访' }), 422, 'refused', 'rectified_on');
    assertError(await x.take(S, r.id, 'rectify', { rectified_on: '2024-10-23' }), 400, 'invalid', 'rectification');
    r = x.ok(await x.take(S, r.id, 'rectify', { rectified_on: '2024-10-23', rectification: '回访核实，优化网上申报指引' }));
    assert.equal(x.due(r, 'rectification').status.id, 'done_on_time');
    assertError(await x.take(S, r.id, 'rectify', { rectified_on: '2024-10-24', rectification: '再次' }), 422, 'refused', 'rectified_on');

    // 差评 recorded as 差评 alone (no grade, no channel), Mon 2024-07-08:
    // 7-9..7-12, 7-15..7-19, 7-22..7-26, 7-29: due 7-29; rectified 8-1,
    // late.
    r = x.ok(await ev('不动产登记资料查询', { evaluation: 'bad', evaluated_on: '2024-07-08' }));
    assert.equal(x.due(r, 'rectification').due, '2024-07-29');
    r = x.ok(await x.take(S, r.id, 'rectify', { rectified_on: '2024-08-01', rectification: '窗口人员培训' }));
    assert.equal(x.due(r, 'rectification').status.id, 'done_late');

    // 差评 on Fri 2024-12-20, not rectified: 12-23..12-27, 12-30, 12-31,
    // (2025-01-01 off), 1-2, 1-3, 1-6..1-10, 1-13: due 2025-01-13, overdue.
    r = x.ok(await ev('企业开办', { evaluation: 'bad', grade: 'bad.very_unsatisfied', eval_channel: 'sms', evaluated_on: '2024-12-20' }));
    assert.equal(x.due(r, 'rectification').due, '2025-01-13');
    assert.equal(x.due(r, 'rectification').status.id, 'overdue');
    // A 好评 has no rectification deadline.
    assert.equal(x.due(await x.get(S, app['社保参保登记'].id), 'rectification'), undefined);
  });

  test('the published lists on the items', async () => {
    const item = async (extra) =>
      x.ok(await x.post(P, { item_name: '食品经营许可', category: 'power', power_type: 'permit', listed_on: '2023-03-01', ...extra }));
    await item({ statutory_days: 20, promised_days: 5, fully_online: true, zero_visit: true, one_visit: true, instant: true, commitment: true, one_thing: '开办餐饮店' });
    await item({ item_name: '公共场所卫生许可', listed_on: '2024-02-01', statutory_days: 20, promised_days: 10, zero_material: true, instant_approval: true, one_thing: '开办餐饮店' });
    await item({ item_name: '出生医学证明', category: 'service', power_type: 'public_service', listed_on: '2024-05-01', statutory_days: 10, promised_days: 1, zero_visit: true, one_thing: '新生儿出生' });
    const removed = await item({ item_name: '对违法经营的行政处罚', power_type: 'penalty', listed_on: '2022-01-01', zero_visit: true, one_thing: '开办餐饮店' });
    const i5 = await item({ item_name: '对经营场所的行政检查', power_type: 'inspection', listed_on: '2024-03-01' });
    await item({ item_name: '户籍类别确认', power_type: 'confirmation', listed_on: '2024-04-01', statutory_days: 15 });
    x.ok(await x.take(P, removed.id, 'remove', { removed_on: '2024-06-30', reason: '职能调整' }));
    x.ok(await x.take(P, i5.id, 'update', { commitment: true, reason: '纳入告知承诺制清单' }));
    const before = await x.total(P);
    assertError(await x.post(P, { item_name: 'x', category: 'power', power_type: 'permit', listed_on: '2024-01-01', zero_visit: 'yes' }), 400, 'invalid', 'zero_visit');
    assertError(await x.post(P, { item_name: 'x', category: 'power', power_type: 'permit', listed_on: '2024-01-01', one_thing: 'x'.repeat(101) }), 400, 'invalid', 'one_thing');
    assert.equal(await x.total(P), before);
  });

  test('the figures of 2024 and the records behind them', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: x.fazhi });
    assert.equal(r.status, 200, r.text);
    const ind = Object.fromEntries(r.json.indicators.map((i) => [i.id, i]));
    const v = (id) => ind[id].value;
    const groups = (id) => ind[id].groups.map((g) => [g.value, g.records]);
    // Received in 2024: six, two online.
    assert.equal(v('service.received'), 6);
    assert.equal(v('service.online'), 2);
    assert.equal(v('service.online_rate'), (2 * 100) / 6);
    assert.equal(ind['service.online_rate'].decimals, 1);
    // Completed: five; 即办 the two completed the day accepted.
    assert.equal(v('service.completed'), 5);
    assert.equal(v('service.instant'), 2);
    assert.equal(v('service.instant_rate'), 40);
    // Visits of the completed: 1 + 0 + 0 + 2 + 1.
    assert.equal(v('service.visits'), 4);
    assert.equal(v('service.average_visits'), 4 / 5);
    assert.equal(v('service.zero_visits'), 2);
    assert.equal(v('service.at_most_one_visit'), 4);
    // Promised against statutory: 10+5+3+15+10 of 20+20+10+20+20.
    assert.equal(v('service.promised_days'), 43);
    assert.equal(v('service.statutory_days'), 90);
    assert.equal(v('service.promise_reduction'), 100 - (43 * 100) / 90);
    // 好差评: five evaluated, two good.
    assert.equal(v('service.evaluated'), 5);
    assert.equal(v('service.satisfied'), 2);
    assert.equal(v('service.satisfaction_rate'), 40);
    // The 差评 recorded without a channel or grade is the group null.
    assert.deepEqual(groups('service.evaluated_by_channel'), [[null, 1], ['mobile', 1], ['pc', 1], ['sms', 1], ['window_device', 1]]);
    assert.equal(ind['service.evaluated_by_channel'].records, 5);
    assert.deepEqual(groups('service.evaluated_by_grade'), [[null, 1], ['bad.unsatisfied', 1], ['bad.very_unsatisfied', 1], ['good.basic', 1], ['good.very_satisfied', 1]]);
    assert.deepEqual(groups('service.satisfied_by_channel'), [['mobile', 1], ['window_device', 1]]);
    assert.equal(v('service.dissatisfied'), 3);
    assert.deepEqual(groups('service.dissatisfied'), [[null, 1], ['pc', 1], ['sms', 1]]);
    assert.equal(v('service.dissatisfaction_rate'), 60);
    assert.equal(v('service.bad_rectified'), 2);
    assert.equal(v('service.bad_rectified_on_time'), 1);
    assert.equal(v('service.rectification_rate'), (2 * 100) / 3);
    assert.equal(v('service.rectification_on_time_rate'), 100 / 3);
    // The lists at 2024-12-31: five items (the penalty left on 6-30).
    assert.equal(v('items.all'), 5);
    assert.equal(v('items.zero_visit'), 2);
    assert.equal(ind['items.zero_visit'].previous, 2); // 2023: 食品经营许可 and the penalty
    assert.equal(v('items.zero_material'), 1);
    assert.equal(v('items.instant'), 1);
    assert.equal(v('items.instant_approval'), 1);
    assert.equal(v('items.commitment'), 2);
    assert.equal(v('items.one_visit'), 1);
    assert.equal(v('items.fully_online'), 1);
    assert.equal(v('items.fully_online_rate'), 20);
    assert.equal(v('items.one_thing'), 3);
    assert.equal(v('items.one_things'), 2); // 开办餐饮店, 新生儿出生
    assert.equal(v('items.listed'), 4);
    assert.deepEqual(groups('items.listed'), [['confirmation', 1], ['inspection', 1], ['permit', 1], ['public_service', 1]]);
    // Items with both limits: 5+10+1 promised of 20+20+10 statutory.
    assert.equal(v('items.promised_days'), 16);
    assert.equal(v('items.statutory_days'), 50);
    assert.equal(v('items.promise_reduction'), 68);

    const titles = async (id) => {
      const d = await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=2024`, { session: x.fazhi });
      assert.equal(d.status, 200, d.text);
      return d.json.records.map((i) => i.title).sort();
    };
    assert.deepEqual(await titles('service.instant'), ['户籍证明开具', '社保参保登记'].sort());
    assert.deepEqual(await titles('service.instant_rate'), await titles('service.instant'));
    assert.deepEqual(await titles('service.online_rate'), ['居住证签注', '社保参保登记'].sort());
    assert.deepEqual(await titles('service.dissatisfied'), ['企业开办', '居住证签注', '不动产登记资料查询'].sort());
    assert.deepEqual(await titles('service.bad_rectified_on_time'), ['居住证签注']);
    assert.deepEqual(await titles('service.zero_visits'), ['居住证签注', '社保参保登记'].sort());
    assert.deepEqual(await titles('items.zero_visit'), ['出生医学证明', '食品经营许可'].sort());
    assert.deepEqual(await titles('items.one_thing'), ['公共场所卫生许可', '出生医学证明', '食品经营许可'].sort());
  });
});
