// capacity.test.mjs - capacity (SPEC §2.7) and manual figures (§2.8)
// through the API: 法律顾问 / 公职律师 work, 学法 sessions, training, exams and
// 普法 events are planned (or requested) and then recorded as done with a
// date that cannot precede the plan nor lie in the future; the figures
// count what was done in the year. A statistician enters a figure that is
// not a record (宣传资料 20000余份, 电梯设计方案 227部) with its source; it
// counts once confirmed, for the year of its as_of date. Refusals (wrong
// state, wrong role, each guard naming its field, bad input with nothing
// written) and every figure of 2024 against hand-worked values.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, useServer } from './lib.mjs';

const R = '/api/v1/records';

describe('capacity and manual figures', () => {
  const h = useServer();
  let fazhi, zhifa, admin;

  const post = (p, json, s = fazhi) => h.srv.req('POST', p, { session: s, json });
  const take = (kind, id, name, json = {}, s = fazhi) => post(`${R}/${kind}/${id}/transitions/${name}`, json, s);
  const ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  const create = async (kind, json, s = fazhi) => ok(await post(`${R}/${kind}`, json, s));
  const total = async (kind) => (await h.srv.req('GET', `${R}/${kind}`, { session: fazhi })).json.total;
  let figures; // GET /indicators?year=2024, by id
  const leaderExams = {}; // ids of the leaders' 任前 and 年度 exams

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    admin = await h.srv.login('admin', h.fx.pw('admin'));
  });

  test('法律顾问 and 公职律师: requested, then done; counted by the day done', async () => {
    const K = 'legal_advice';
    const advice = async (activity, qty, requested, done, extra = {}) => {
      const a = await create(K, {
        adviser_type: 'counsel', adviser: '重庆渝碚律师事务所', activity, subject: '法律顾问工作',
        requested_on: requested, quantity: qty, ...extra,
      }, zhifa);
      if (done) ok(await take(K, a.id, 'complete', { done_on: done, opinion: '已出具意见', adopted: true }, zhifa));
      return a;
    };
    await advice('meeting', 1, '2024-01-08', '2024-01-09', { subject: '局长办公会' });
    await advice('meeting', 3, '2024-03-01', '2024-03-29', { subject: '专题会议' });
    await advice('review', 5, '2024-04-01', '2024-04-10', { review_object: 'document' });
    const c = await advice('review', 2, '2024-05-06', '2024-05-08', { review_object: 'contract' });
    await advice('litigation', 1, '2024-06-03', '2024-06-20', { adviser_type: 'public_lawyer', adviser: '李律师（公职律师）' });
    await advice('review', 4, '2023-12-20', '2024-01-05', { review_object: 'contract' }); // done in 2024
    await advice('meeting', 2, '2023-06-01', '2023-06-02'); // 2023
    await advice('review', 1, '2024-12-30', null, { review_object: 'document' }); // not done
    // A correction needs a reason; it is an event in the history.
    assertError(await take(K, c.id, 'correct', { quantity: 3 }), 400, 'invalid', 'reason');
    let r = ok(await take(K, c.id, 'correct', { quantity: 3, reason: '漏记一份合同' }));
    assert.equal(r.data.quantity, 3);
    const x = await advice('review', 1, '2024-07-01', null, { review_object: 'document' });
    assertError(await take(K, x.id, 'complete', { done_on: '2024-06-30' }), 422, 'refused', 'done_on');
    assertError(await take(K, x.id, 'complete', { done_on: '2099-07-02' }), 422, 'refused', 'done_on');
    assertError(await take(K, x.id, 'correct', { quantity: 2, reason: 'x' }), 422, 'refused', 'transition');
    r = ok(await take(K, x.id, 'cancel', { reason: '无需审查' }));
    assert.equal(r.state, 'cancelled');
    assertError(await take(K, x.id, 'complete', { done_on: '2024-07-02' }), 422, 'refused', 'transition');
    const before = await total(K);
    for (const [body, field] of [
      [{ quantity: 0 }, 'quantity'],
      [{ activity: 'golf' }, 'activity'],
      [{ subject: undefined }, 'subject'],
      [{ requested_on: '2024-7-1' }, 'requested_on'],
      [{ done_on: '2024-07-02' }, 'done_on'],
    ]) {
      const b = { adviser_type: 'counsel', adviser: '律所', activity: 'meeting', subject: '会议', requested_on: '2024-07-01', quantity: 1, ...body };
      if (b.subject === undefined) delete b.subject;
      assertError(await post(`${R}/${K}`, b), 400, 'invalid', field);
    }
    assertError(await post(`${R}/${K}`, { adviser_type: 'counsel', adviser: '律所', activity: 'meeting', subject: '会议', requested_on: '2024-07-01', quantity: 1 }, admin), 403, 'forbidden');
    assert.equal(await total(K), before);
  });

  test('学法: planned, held or cancelled', async () => {
    const K = 'study_session';
    const session = async (type, planned, held, attendees, extra = {}) => {
      const s = await create(K, { session_type: type, topic: '习近平法治思想', leader: '局党组书记', planned_on: planned, ...extra });
      assert.equal(s.state, 'planned');
      if (held) ok(await take(K, s.id, 'hold', { held_on: held, attendees }));
      return s;
    };
    await session('central_group', '2024-01-10', '2024-01-12', 15, { xi_thought: true });
    await session('central_group', '2024-03-05', '2024-03-06', 14, { xi_thought: true });
    await session('central_group', '2024-05-06', '2024-05-07', 15, { topic: '《土地管理法实施条例》', xi_thought: false });
    await session('director_office', '2024-02-19', '2024-02-19', 10, { topic: '《行政复议法》', leader: '局长', led_by_head: true });
    await session('director_office', '2023-12-25', '2023-12-26', 10, { led_by_head: true });
    const p = await session('party_group', '2024-06-03', null);
    assertError(await take(K, p.id, 'hold', { held_on: '2024-06-02', attendees: 9 }), 422, 'refused', 'held_on');
    assertError(await take(K, p.id, 'hold', {}), 400, 'invalid', 'held_on');
    ok(await take(K, p.id, 'cancel', { reason: '改期' }));
    assertError(await take(K, p.id, 'hold', { held_on: '2024-06-04' }), 422, 'refused', 'transition');
    await session('director_office', '2024-12-30', null); // planned only
    const before = await total(K);
    assertError(await post(`${R}/${K}`, { session_type: 'tea_party', topic: 't', leader: 'l', planned_on: '2024-01-01' }), 400, 'invalid', 'session_type');
    assertError(await post(`${R}/${K}`, { session_type: 'other', topic: 't', planned_on: '2024-01-01' }), 400, 'invalid', 'leader');
    assertError(await post(`${R}/${K}`, { session_type: 'other', topic: 't', leader: 'l', planned_on: '2024-01-01', xi_thought: 'yes' }), 400, 'invalid', 'xi_thought');
    assert.equal(await total(K), before);
  });

  test('training and exams: participants, passed at most sat, sat at most expected', async () => {
    let t = await create('training', { title: '《民法典》专题培训', training_type: 'legal', trainer: '律师', planned_on: '2024-03-01' });
    ok(await take('training', t.id, 'hold', { held_on: '2024-03-15', participants: 80, certificate_applicants: 0, hours: 3 }));
    t = await create('training', { title: '提升行政执法质量三年行动培训', training_type: 'enforcement', planned_on: '2024-06-01' });
    assertError(await take('training', t.id, 'hold', { held_on: '2024-06-12', participants: 70, certificate_applicants: 90 }), 422, 'refused', 'certificate_applicants');
    assertError(await take('training', t.id, 'hold', { held_on: '2024-06-12' }), 400, 'invalid', 'participants');
    ok(await take('training', t.id, 'hold', { held_on: '2024-06-12', participants: 70, certificate_applicants: 15 }));
    t = await create('training', { title: '参加市局执法培训', training_type: 'external', planned_on: '2023-11-01' });
    ok(await take('training', t.id, 'hold', { held_on: '2023-11-20', participants: 5 }));
    assertError(await post(`${R}/training`, { title: 'x', training_type: 'legal', planned_on: '2024-01-01', hours: 2 }), 400, 'invalid', 'hours');

    const exam = async (type, planned, expected, held, sat, passed) => {
      const e = await create('exam', { title: '法治理论知识考试', exam_type: type, planned_on: planned, expected });
      ok(await take('exam', e.id, 'hold', { held_on: held, participants: sat, passed }));
      return e;
    };
    let e = await create('exam', { title: '2024年度法治理论知识考试', exam_type: 'annual', planned_on: '2024-11-01', expected: 126 });
    assertError(await take('exam', e.id, 'hold', { held_on: '2024-11-15', participants: 130, passed: 120 }), 422, 'refused', 'participants');
    assertError(await take('exam', e.id, 'hold', { held_on: '2024-11-15', participants: 126, passed: 127 }), 422, 'refused', 'passed');
    assertError(await take('exam', e.id, 'hold', { held_on: '2024-11-15', participants: 126 }), 400, 'invalid', 'passed');
    ok(await take('exam', e.id, 'hold', { held_on: '2024-11-15', participants: 126, passed: 126 }));
    await exam('leader', '2024-09-01', 2, '2024-09-10', 1, 1);
    e = await exam('enforcement', '2024-06-01', 20, '2024-06-20', 20, 18);
    assertError(await take('exam', e.id, 'correct', { passed: 21, reason: '复核' }), 422, 'refused', 'passed');
    ok(await take('exam', e.id, 'correct', { passed: 19, reason: '复核后更正' }));
    await exam('annual', '2023-11-01', 120, '2023-11-20', 118, 118);
    // The leaders' exams: 任前 (5 expected, 5 sat, 4 passed) and 年度
    // (12 expected, 11 sat, 11 passed), besides the 抽考 above.
    leaderExams.pre = (await exam('leader_pre_appointment', '2024-04-01', 5, '2024-04-12', 5, 4)).id;
    leaderExams.annual = (await exam('leader_annual', '2024-10-08', 12, '2024-10-18', 11, 11)).id;
    const n = await total('exam');
    assertError(await post(`${R}/exam`, { title: '考试', exam_type: 'leader_quiz', planned_on: '2024-01-02', expected: 3 }), 400, 'invalid', 'exam_type');
    assert.equal(await total('exam'), n);
  });

  test('only business roles plan and record; an administrator is refused, nothing written', async () => {
    const planned = { title: '计划', planned_on: '2024-01-02' };
    for (const [kind, body] of [
      ['study_session', { session_type: 'other', topic: '学法', leader: '科长', planned_on: '2024-01-02' }],
      ['training', { ...planned, training_type: 'legal' }],
      ['exam', { ...planned, exam_type: 'annual', expected: 3 }],
      ['publicity_event', { ...planned, theme_day: 'none', form: 'online' }],
    ]) {
      const before = await total(kind);
      assertError(await post(`${R}/${kind}`, body, admin), 403, 'forbidden');
      const x = await create(kind, body, zhifa);
      assertError(await take(kind, x.id, 'cancel', { reason: '不再举办' }, admin), 403, 'forbidden');
      ok(await take(kind, x.id, 'cancel', { reason: '不再举办' }, zhifa));
      assert.equal(await total(kind), before + 1);
    }
  });

  test('普法 events: theme day, place, materials, audience', async () => {
    const K = 'publicity_event';
    const event = async (theme, planned, held, materials, audience, extra = {}) => {
      const ev = await create(K, { title: '普法宣传', theme_day: theme, form: 'on_site', planned_on: planned, ...extra });
      if (held) ok(await take(K, ev.id, 'hold', { held_on: held, place: '缙云广场', materials, audience }));
      return ev;
    };
    await event('earth_day', '2024-04-15', '2024-04-22', 2000, 500);
    await event('land_day', '2024-06-20', '2024-06-25', 3000, 800);
    await event('constitution_day', '2024-12-01', '2024-12-04', 5000, 1200);
    await event('none', '2024-08-01', '2024-08-10', 500, 100, { form: 'display' });
    await event('constitution_day', '2023-12-01', '2023-12-04', 4000, 1000);
    const x = await event('surveying_day', '2024-08-20', null);
    assertError(await take(K, x.id, 'hold', { held_on: '2024-08-29', materials: 100, audience: 50 }), 400, 'invalid', 'place');
    assertError(await take(K, x.id, 'hold', { held_on: '2024-08-29', place: '广场', materials: -1, audience: 50 }), 400, 'invalid', 'materials');
    ok(await take(K, x.id, 'cancel', { reason: '天气原因取消' }));
    assertError(await post(`${R}/${K}`, { title: 'x', theme_day: '5.20', form: 'on_site', planned_on: '2024-05-20' }), 400, 'invalid', 'theme_day');
  });

  test('manual figures: entered by a statistician, counted once confirmed, for the year of as_of', async () => {
    const K = 'manual_figure';
    const fig = (year, asOf, figure, label, value, unit, extra = {}) =>
      create(K, { year, as_of: asOf, figure, label, value, unit, source_note: '科室台账', ...extra });
    // A figure is not a case: an officer cannot enter one.
    assertError(await post(`${R}/${K}`, { year: 2024, as_of: '2024-12-31', figure: 'other', label: 'x', value: 1, unit: '件', source_note: 's' }, zhifa), 403, 'forbidden');
    const m1 = await fig(2023, '2023-12-31', 'publicity_materials', '订阅宣传手册、画册等', 20000, '份', { approximate: true });
    assert.equal(m1.state, 'draft');
    assert.match(m1.number, /^RGSJ-2023-/);
    assertError(await take(K, m1.id, 'confirm', { confirmed_on: '2024-01-10' }, zhifa), 403, 'forbidden');
    assertError(await take(K, m1.id, 'confirm', { confirmed_on: '2023-12-30' }), 422, 'refused', 'confirmed_on');
    let r = ok(await take(K, m1.id, 'confirm', { confirmed_on: '2024-01-10' }));
    assert.equal(r.state, 'confirmed');
    assert.equal(r.data.figure_status, 'confirmed');
    const m2 = await fig(2024, '2024-12-31', 'elevator_designs', '完成加装电梯设计方案规划审查', 227, '部', { source_note: '规划科审查台账' });
    ok(await take(K, m2.id, 'confirm', { confirmed_on: '2025-01-08' }));
    const m3 = await fig(2024, '2024-12-31', 'publicity_materials', '订阅宣传手册、画册等', 18000, '份', { approximate: true });
    ok(await take(K, m3.id, 'confirm', { confirmed_on: '2025-01-08' }));
    // Corrected: back to draft (not counted) until confirmed again.
    r = ok(await take(K, m3.id, 'correct', { value: 19000, reason: '补录第四季度' }));
    assert.equal(r.state, 'draft');
    ok(await take(K, m3.id, 'confirm', { confirmed_on: '2025-01-09' }));
    // as_of must lie in the year entered.
    const m4 = await fig(2023, '2024-06-30', 'other', '参与加装电梯协调', 50, '部', { approximate: true });
    const e = assertError(await take(K, m4.id, 'confirm', { confirmed_on: '2024-07-01' }), 422, 'refused', 'as_of');
    assert.match(e.message, /不在2023年内/);
    ok(await take(K, m4.id, 'correct', { year: 2024, reason: '年度填错' }));
    ok(await take(K, m4.id, 'confirm', { confirmed_on: '2024-07-01' }));
    // Withdrawn, or never confirmed: not counted.
    const m5 = await fig(2024, '2024-12-31', 'property_registrations', '受理不动产各类业务', 50796, '件');
    ok(await take(K, m5.id, 'confirm', { confirmed_on: '2025-01-08' }));
    assertError(await take(K, m5.id, 'withdraw', {}), 400, 'invalid', 'reason');
    r = ok(await take(K, m5.id, 'withdraw', { reason: '已由不动产登记系统统计' }));
    assert.equal(r.data.figure_status, 'withdrawn');
    await fig(2024, '2024-12-31', 'financing', '支持企业和群众获得融资贷款', 3724000000, '元');
    // A figure of a year not yet over cannot be confirmed.
    const m7 = await fig(2099, '2099-12-31', 'other', '未来', 1, '件');
    assertError(await take(K, m7.id, 'confirm', { confirmed_on: '2099-12-31' }), 422, 'refused', 'as_of');
    // Bad input: named, nothing written.
    const before = await total(K);
    for (const [body, field] of [
      [{ year: 1999 }, 'year'],
      [{ year: 2024.5 }, 'year'],
      [{ value: -1 }, 'value'],
      [{ value: '227' }, 'value'],
      [{ figure: 'elevators' }, 'figure'],
      [{ unit: '单位'.repeat(11) }, 'unit'],
      [{ source_note: undefined }, 'source_note'],
      [{ figure_status: 'confirmed' }, 'figure_status'],
    ]) {
      const b = { year: 2024, as_of: '2024-12-31', figure: 'other', label: '标签', value: 1, unit: '件', source_note: '来源', ...body };
      if (b.source_note === undefined) delete b.source_note;
      assertError(await post(`${R}/${K}`, b), 400, 'invalid', field);
    }
    assert.equal(await total(K), before);
    // The figures of a year, listed by the year field.
    const list = await h.srv.req('GET', `${R}/${K}?f.year=2024&per_page=50`, { session: fazhi });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.total, 5); // m2, m3, m4 (corrected), m5, the financing draft
  });

  test('the figures of 2024 and the records behind them', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: fazhi });
    assert.equal(r.status, 200, r.text);
    figures = Object.fromEntries(r.json.indicators.map((x) => [x.id, x]));
    const v = (id) => figures[id].value;
    const groups = (id) => figures[id].groups.map((g) => [g.value, g.amount]);
    // 法律顾问: meetings 1 + 3; reviewed 5 documents, 3 (corrected) + 4
    // contracts (requested 2023, done 2024); 1 litigation by a 公职律师.
    assert.equal(v('advice.meetings'), 4);
    assert.equal(figures['advice.meetings'].previous, 2);
    assert.equal(v('advice.reviewed'), 12);
    assert.equal(v('advice.documents_reviewed'), 5);
    assert.equal(v('advice.contracts_reviewed'), 7);
    assert.equal(v('advice.public_lawyer'), 1);
    assert.equal(v('advice.work'), 17);
    assert.deepEqual(groups('advice.work'), [['litigation', 1], ['meeting', 4], ['review', 12]]);
    // 学法: three 中心组 sessions (two on 习近平法治思想), one 局长办公会 led
    // by the head; the cancelled and the merely planned do not count.
    assert.equal(v('study.sessions'), 4);
    assert.deepEqual(groups('study.sessions'), [['central_group', 3], ['director_office', 1]]);
    assert.equal(v('study.central_group'), 3);
    assert.equal(v('study.central_group_xi'), 2);
    assert.equal(v('study.party_group'), 0);
    assert.equal(v('study.director_office'), 1);
    assert.equal(figures['study.director_office'].previous, 1);
    assert.equal(v('study.led_by_head'), 1);
    assert.equal(v('study.attendees'), 15 + 14 + 15 + 10);
    // Training: 80 + 70 participants, 15 of them applying for a certificate.
    assert.equal(v('training.sessions'), 2);
    assert.equal(v('training.participants'), 150);
    assert.equal(figures['training.participants'].previous, 5);
    assert.equal(v('training.certificate_applicants'), 15);
    // Exams: expected 126 + 2 + 20 + 5 + 12, sat 126 + 1 + 20 + 5 + 11,
    // passed 126 + 1 + 19 + 4 + 11.
    assert.equal(v('exam.sessions'), 5);
    assert.deepEqual(groups('exam.sessions').sort(), [['annual', 1], ['enforcement', 1], ['leader', 1], ['leader_annual', 1], ['leader_pre_appointment', 1]]);
    assert.equal(v('exam.expected'), 165);
    assert.equal(v('exam.participants'), 163);
    assert.equal(v('exam.passed'), 161);
    assert.equal(v('exam.pass_rate'), (161 * 100) / 163);
    assert.equal(v('exam.participation_rate'), (163 * 100) / 165);
    assert.equal(figures['exam.pass_rate'].previous, 100);
    // Each leaders' exam on its own: 抽考 1 of 2 sat, passed; 任前 5 of 5
    // sat, 4 passed; 年度 11 of 12 sat, all passed.
    assert.equal(v('exam.leader_participants'), 1);
    assert.equal(v('exam.leader_expected'), 2);
    assert.equal(v('exam.leader_passed'), 1);
    assert.equal(v('exam.leader_pass_rate'), 100);
    assert.equal(v('exam.leader_participation_rate'), 50);
    assert.equal(v('exam.pre_appointment_participants'), 5);
    assert.equal(v('exam.pre_appointment_expected'), 5);
    assert.equal(v('exam.pre_appointment_passed'), 4);
    assert.equal(v('exam.pre_appointment_pass_rate'), 80);
    assert.equal(v('exam.pre_appointment_participation_rate'), 100);
    assert.equal(v('exam.leader_annual_participants'), 11);
    assert.equal(v('exam.leader_annual_expected'), 12);
    assert.equal(v('exam.leader_annual_passed'), 11);
    assert.equal(v('exam.leader_annual_pass_rate'), 100);
    assert.equal(v('exam.leader_annual_participation_rate'), (11 * 100) / 12);
    assert.equal(figures['exam.leader_annual_participation_rate'].decimals, 1);
    assert.equal(v('exam.all_leader_participants'), 17);
    const drill = async (id) => (await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=2024`, { session: fazhi })).json.records.map((x) => x.id);
    assert.deepEqual(await drill('exam.pre_appointment_pass_rate'), [leaderExams.pre]);
    assert.deepEqual(await drill('exam.leader_annual_participants'), [leaderExams.annual]);
    assert.equal((await drill('exam.all_leader_participants')).length, 3);
    // 普法: 4·22, 6·25, 12·4 and one ordinary day.
    assert.equal(v('publicity.events'), 4);
    assert.deepEqual(groups('publicity.events'), [['constitution_day', 1], ['earth_day', 1], ['land_day', 1], ['none', 1]]);
    assert.equal(v('publicity.constitution_day'), 1);
    assert.equal(v('publicity.materials'), 10500);
    assert.deepEqual(groups('publicity.materials'), [['constitution_day', 5000], ['earth_day', 2000], ['land_day', 3000], ['none', 500]]);
    assert.equal(figures['publicity.materials'].previous, 4000);
    assert.equal(v('publicity.audience'), 2600);
    // Manual figures: confirmed ones whose as_of falls in 2024.
    assert.equal(v('manual.figures'), 3);
    assert.deepEqual(groups('manual.figures'), [['elevator_designs', 1], ['other', 1], ['publicity_materials', 1]]);
    assert.equal(v('manual.elevator_designs'), 227);
    assert.equal(v('manual.publicity_materials'), 19000);
    assert.equal(figures['manual.publicity_materials'].previous, 20000);
    assert.equal(v('manual.property_registrations'), 0);
    assert.equal(v('manual.financing'), 0);
    const d = await h.srv.req('GET', '/api/v1/indicators/manual.figures/records?year=2024', { session: fazhi });
    assert.equal(d.status, 200, d.text);
    assert.deepEqual(d.json.records.map((x) => x.title).sort(), ['完成加装电梯设计方案规划审查', '参与加装电梯协调', '订阅宣传手册、画册等'].sort());
    const s = await h.srv.req('GET', '/api/v1/indicators/publicity.materials/records?year=2024', { session: fazhi });
    assert.equal(s.json.records.length, 4);
  });
});
