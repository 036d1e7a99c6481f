// mediation.test.mjs - 人民调解 through the API: 受理 → 调解中 → 调解成功
// (协议, 司法确认, 履行) / 调解不成功 (告知其他途径) / 终止; the period of
// 一个月 from 受理 (《人民调解工作若干规定》 art. 33, counted as 30 days) and
// for cases the court sends, its own period from the day the mediator signs
// for the court's file (《最高人民法院关于人民法院特邀调解的规定》 art. 27:
// 委派 30 days, 委托 15 days, 简易程序 7 days); every refusal naming its
// field with nothing written; and every figure of a year rebuilt from
// records, its drill-down and the comparison with 2023.
//
// Dates by hand from 国办发明电〔2023〕7号: 春节 2-10..2-17 off, Sun 2-4 and
// Sun 2-18 worked; 劳动节 5-1..5-5 off; 国庆 10-1..10-7 off.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, useServer, userWithRoles } from './lib.mjs';

const M = '/api/v1/records/mediation';

const CASE = {
  dispute_type: 'neighbour',
  summary: '相邻通行纠纷',
  applicant: '王建国',
  applicant_phone: '13812345678',
  respondent: '李小红',
  parties: 2,
  organisation: '天生街道人民调解委员会',
  organisation_type: 'township',
  source: 'application',
  received_on: '2024-09-02',
};

// A case sent by the court: the file signed for on `on`, accepted that day.
const court = (referral, on, extra = {}) => ({
  ...CASE, source: 'court', court_referral: referral, court_name: '重庆市北碚区人民法院',
  organisation: '北碚区人民法院诉调对接工作室', organisation_type: 'stationed', referral_received_on: on, received_on: on, ...extra,
});

describe('mediation: workflow, periods, refusals', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let tongji;

  before(async () => {
    x.fazhi = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    tongji = await userWithRoles(h, 'tongji', ['statistician']);
  });

  test('a case the court assigns: both periods run across National Day, settled with an agreement', async () => {
    let r = x.ok(await x.post(M, court('court.assigned', '2024-09-02')));
    assert.match(r.number, /^RMTJ-2024-\d{5}$/);
    assert.equal(r.state, 'registered');
    assert.equal(x.due(r, 'conclude').status.id, 'not_started');
    // Only the deadline of its referral applies.
    assert.equal(x.due(r, 'court_entrusted'), undefined);
    assert.equal(x.due(r, 'court_entrusted_summary'), undefined);
    // Signed for Mon 9-02: 30 days is Wed 10-02, inside 国庆; due Tue 10-08.
    assert.equal(x.due(r, 'court_assigned').due, '2024-10-08');
    assert.equal(x.due(r, 'court_assigned').rule, 'mediation.court_assigned');
    r = x.ok(await x.take(M, r.id, 'accept', { accepted_on: '2024-09-02', mediator: '陈调解员' }));
    assert.equal(r.state, 'mediating');
    assert.equal(x.due(r, 'conclude').due, '2024-10-08');
    assert.equal(x.due(r, 'conclude').rule, 'mediation.conclude');
    r = x.ok(await x.take(M, r.id, 'succeed', { concluded_on: '2024-10-08', agreement_form: 'written', agreement_amount: 8600.5, agreement_summary: '对方赔偿8600.50元' }));
    assert.equal(r.state, 'succeeded');
    assert.equal(r.data.outcome, 'success');
    assert.equal(x.due(r, 'conclude').status.id, 'done_on_time');
    assert.equal(x.due(r, 'court_assigned').status.id, 'done_on_time');
    // 司法确认 once, not before the agreement; then the performance.
    assertError(await x.take(M, r.id, 'confirm', { confirmed_on: '2024-10-07', confirming_court: '北碚区人民法院' }), 422, 'refused', 'confirmed_on');
    assertError(await x.take(M, r.id, 'confirm', { confirmed_on: '2099-10-07', confirming_court: '北碚区人民法院' }), 422, 'refused', 'confirmed_on');
    assertError(await x.take(M, r.id, 'confirm', { confirmed_on: '2024-10-10' }), 400, 'invalid', 'confirming_court');
    r = x.ok(await x.take(M, r.id, 'confirm', { confirmed_on: '2024-10-10', confirming_court: '北碚区人民法院' }));
    assert.equal(r.state, 'succeeded');
    assertError(await x.take(M, r.id, 'confirm', { confirmed_on: '2024-10-11', confirming_court: '北碚区人民法院' }), 422, 'refused', 'confirmed_on');
    assertError(await x.take(M, r.id, 'record_performance', { performance: 'fulfilled', performance_checked_on: '2024-10-01' }), 422, 'refused', 'performance_checked_on');
    assertError(await x.take(M, r.id, 'record_performance', { performance: 'maybe', performance_checked_on: '2024-11-01' }), 400, 'invalid', 'performance');
    r = x.ok(await x.take(M, r.id, 'record_performance', { performance: 'fulfilled', performance_checked_on: '2024-11-01' }));
    assert.equal(r.data.performance, 'fulfilled');
    // Settled: it cannot fail or end afterwards.
    assertError(await x.take(M, r.id, 'fail', { concluded_on: '2024-11-02', other_route: 'litigation' }), 422, 'refused', 'transition');
  });

  test('委托调解: 15 days (普通程序) across National Day, 7 days (简易程序) across Spring Festival', async () => {
    // Signed for Fri 9-20: 15 days is Sat 10-05, inside 国庆; due Tue 10-08.
    let r = x.ok(await x.post(M, court('court.entrusted', '2024-09-20')));
    assert.equal(x.due(r, 'court_entrusted').due, '2024-10-08');
    assert.equal(x.due(r, 'court_assigned'), undefined);
    r = x.ok(await x.take(M, r.id, 'accept', { accepted_on: '2024-09-23' }));
    // The general month runs from 受理: Mon 9-23 + 30 = Wed 10-23.
    assert.equal(x.due(r, 'conclude').due, '2024-10-23');
    r = x.ok(await x.take(M, r.id, 'fail', { concluded_on: '2024-10-09', other_route: 'litigation' }));
    assert.equal(r.state, 'failed');
    assert.equal(r.data.outcome, 'failed');
    assert.equal(x.due(r, 'court_entrusted').status.id, 'done_late');
    assert.equal(x.due(r, 'conclude').status.id, 'done_on_time');
    // Signed for Mon 2-05: 7 days is Mon 2-12, inside 春节 (2-10..2-17);
    // due Sun 2-18, a worked Sunday.
    r = x.ok(await x.post(M, court('court.entrusted_summary', '2024-02-05')));
    assert.equal(x.due(r, 'court_entrusted_summary').due, '2024-02-18');
    assert.equal(x.due(r, 'court_entrusted_summary').rule, 'mediation.court_entrusted_summary');
    r = x.ok(await x.take(M, r.id, 'accept', { accepted_on: '2024-02-05' }));
    r = x.ok(await x.take(M, r.id, 'succeed', { concluded_on: '2024-02-18', agreement_form: 'oral' }));
    assert.equal(x.due(r, 'court_entrusted_summary').status.id, 'done_on_time');
  });

  test('the month of 受理 across Spring Festival; no court period for a case the parties bring', async () => {
    // Accepted Mon 1-15: 30 days is Wed 2-14, inside 春节; due Sun 2-18.
    let r = x.ok(await x.post(M, { ...CASE, received_on: '2024-01-15' }));
    for (const d of ['court_assigned', 'court_entrusted', 'court_entrusted_summary']) assert.equal(x.due(r, d), undefined);
    r = x.ok(await x.take(M, r.id, 'accept', { accepted_on: '2024-01-15' }));
    assert.equal(x.due(r, 'conclude').due, '2024-02-18');
    r = x.ok(await x.take(M, r.id, 'succeed', { concluded_on: '2024-02-19', agreement_form: 'written' }));
    assert.equal(x.due(r, 'conclude').status.id, 'done_late');
    r = x.ok(await x.post(M, { ...CASE, received_on: '2024-01-15' }));
    r = x.ok(await x.take(M, r.id, 'accept', { accepted_on: '2024-01-16' }));
    assertError(await x.take(M, r.id, 'terminate', { concluded_on: '2024-01-20' }), 400, 'invalid', 'reason');
    r = x.ok(await x.take(M, r.id, 'terminate', { concluded_on: '2024-01-20', reason: '申请人撤回调解申请' }));
    assert.equal(r.state, 'terminated');
    assert.equal(r.data.outcome, 'terminated');
    assertError(await x.take(M, r.id, 'confirm', { confirmed_on: '2024-01-21', confirming_court: '北碚区人民法院' }), 422, 'refused', 'transition');
  });

  test('refusals: each names its field, nothing is written', async () => {
    const n = await x.total(M);
    const bad = [
      [{ ...CASE, dispute_type: 'gossip' }, 400, 'invalid', 'dispute_type'],
      [{ ...CASE, organisation_type: 'club' }, 400, 'invalid', 'organisation_type'],
      [{ ...CASE, source: 'rumour' }, 400, 'invalid', 'source'],
      [{ ...CASE, applicant: undefined }, 400, 'invalid', 'applicant'],
      [{ ...CASE, organisation: '' }, 400, 'invalid', 'organisation'],
      [{ ...CASE, received_on: '2024-02-30' }, 400, 'invalid', 'received_on'],
      [{ ...CASE, accepted_on: '2024-09-02' }, 400, 'invalid', 'accepted_on'], // only by 受理
      [{ ...CASE, outcome: 'success' }, 400, 'invalid', 'outcome'],
      [{ ...CASE, parties: 1 }, 400, 'invalid', 'parties'],
      [{ ...CASE, received_on: '2099-01-04' }, 422, 'refused', 'received_on'],
      // A court referral only for a case the court sends, and one is needed then.
      [{ ...CASE, source: 'police', court_referral: 'court.assigned' }, 422, 'refused', 'court_referral'],
      [{ ...CASE, source: 'court' }, 422, 'refused', 'court_referral'],
      [{ ...CASE, court_referral: 'court.sometimes' }, 400, 'invalid', 'court_referral'],
    ];
    for (const [body, status, code, field] of bad) assertError(await x.post(M, body), status, code, field);
    assertError(await x.post(M, CASE, tongji), 403, 'forbidden');
    assert.equal(await x.total(M), n);

    const r = x.ok(await x.post(M, court('court.assigned', '2024-05-06', { received_on: '2024-05-06' })));
    const hist = async () => (await h.srv.req('GET', `${M}/${r.id}/history`, { session: x.fazhi })).json.events.length;
    const events = await hist();
    const steps = [
      ['accept', { accepted_on: '2024-05-05' }, 422, 'refused', 'accepted_on'], // before received and signed for
      ['accept', { accepted_on: '2099-05-07' }, 422, 'refused', 'accepted_on'],
      ['accept', {}, 400, 'invalid', 'accepted_on'],
      ['succeed', { concluded_on: '2024-05-10', agreement_form: 'written' }, 422, 'refused', 'transition'], // not accepted yet
      ['accept', { accepted_on: '2024-05-07' }, 403, 'forbidden', 'transition', tongji],
    ];
    for (const [name, body, status, code, field, s] of steps) assertError(await x.take(M, r.id, name, body, s), status, code, field);
    assert.equal(await hist(), events);
    x.ok(await x.take(M, r.id, 'accept', { accepted_on: '2024-05-07' }));
    const events2 = await hist();
    const after = [
      ['succeed', { concluded_on: '2024-05-06', agreement_form: 'written' }, 422, 'refused', 'concluded_on'],
      ['succeed', { concluded_on: '2099-05-06', agreement_form: 'written' }, 422, 'refused', 'concluded_on'],
      ['succeed', { concluded_on: '2024-05-10' }, 400, 'invalid', 'agreement_form'],
      ['succeed', { concluded_on: '2024-05-10', agreement_form: 'video' }, 400, 'invalid', 'agreement_form'],
      ['succeed', { concluded_on: '2024-05-10', agreement_form: 'written', agreement_amount: -1 }, 400, 'invalid', 'agreement_amount'],
      ['succeed', { concluded_on: '2024-05-10', agreement_form: 'written', agreement_amount: 1.234 }, 400, 'invalid', 'agreement_amount'],
      ['succeed', { concluded_on: '2024-05-10', agreement_form: 'written', outcome: 'failed' }, 400, 'invalid', 'outcome'],
      ['fail', { concluded_on: '2024-05-10' }, 400, 'invalid', 'other_route'],
      ['fail', { concluded_on: '2024-05-10', other_route: 'duel' }, 400, 'invalid', 'other_route'],
    ];
    for (const [name, body, status, code, field] of after) assertError(await x.take(M, r.id, name, body), status, code, field);
    assert.equal(await hist(), events2);
    assert.equal((await x.get(M, r.id)).state, 'mediating');
  });

  test('the parties are personal data with a mask; nothing is public', async () => {
    const kinds = (await h.srv.req('GET', '/api/v1/kinds', { session: x.fazhi })).json.kinds;
    const fields = kinds.find((k) => k.kind === 'mediation').fields;
    assert.equal(fields.find((f) => f.name === 'applicant').mask, 'name');
    assert.equal(fields.find((f) => f.name === 'respondent').mask, 'name');
    assert.equal(fields.find((f) => f.name === 'applicant_phone').mask, 'phone');
    assert.equal((await h.srv.req('GET', '/api/v1/public/mediation/list')).status, 404);
  });
});

// ---- the figures of a year ---------------------------------------------------

// [key, body, accepted, step, concluded, extra]; step is succeed, fail,
// terminate or null (still being mediated at the year's end).
const CASES = [
  ['m1', { dispute_type: 'neighbour', organisation_type: 'village' }, '2024-03-04', 'succeed', '2024-03-20', { agreement_form: 'written', agreement_amount: 5000 }],
  // 4-01 + 30 = 5-01, inside 劳动节 (5-1..5-5): due 5-06; settled 5-15, late.
  ['m2', { dispute_type: 'marriage_family', source: 'initiative' }, '2024-04-01', 'succeed', '2024-05-15', { agreement_form: 'oral' }],
  ['m3', { ...court('court.assigned', '2024-06-03'), dispute_type: 'contract' }, '2024-06-03', 'succeed', '2024-06-20', { agreement_form: 'written', agreement_amount: 120000.5 }],
  ['m4', { ...court('court.entrusted', '2024-07-01'), dispute_type: 'damages' }, '2024-07-01', 'fail', '2024-07-25', { other_route: 'litigation' }],
  ['m5', { dispute_type: 'traffic', organisation_type: 'professional', source: 'police' }, '2024-08-05', 'succeed', '2024-08-15', { agreement_form: 'written', agreement_amount: 30000 }],
  ['m6', { dispute_type: 'expropriation', source: 'petition' }, '2024-09-02', 'terminate', '2024-09-10', { reason: '当事人撤回' }],
  ['m7', { dispute_type: 'property_service', organisation_type: 'village' }, '2024-12-02', null],
  ['m8', { ...court('court.entrusted_summary', '2024-12-20'), dispute_type: 'labour', organisation_type: 'enterprise' }, '2024-12-20', null],
  ['m9', {}, '2023-06-01', 'succeed', '2023-06-10', { agreement_form: 'oral' }],
  // Accepted in 2023, settled in 2024: a 2024 conclusion, open at 2023's end.
  // 12-20 + 30 = 1-19; settled 1-10, on time.
  ['m10', {}, '2023-12-20', 'succeed', '2024-01-10', { agreement_form: 'written', agreement_amount: 2000 }],
];

describe('mediation figures: a year rebuilt from records, against 2023', () => {
  const h = useServer();
  const x = recordHelpers(h);
  const ids = {};

  before(async () => {
    x.fazhi = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    for (const [key, body, accepted, step, concluded, extra] of CASES) {
      const r = x.ok(await x.post(M, { ...CASE, received_on: accepted, ...body }));
      ids[key] = r.id;
      x.ok(await x.take(M, r.id, 'accept', { accepted_on: accepted }));
      if (step) x.ok(await x.take(M, r.id, step, { concluded_on: concluded, ...extra }));
    }
    x.ok(await x.take(M, ids.m1, 'confirm', { confirmed_on: '2024-04-01', confirming_court: '北碚区人民法院' }));
    x.ok(await x.take(M, ids.m1, 'record_performance', { performance: 'fulfilled', performance_checked_on: '2024-05-06' }));
    x.ok(await x.take(M, ids.m5, 'record_performance', { performance: 'partly', performance_checked_on: '2024-09-02' }));
    // Registered, never accepted: counted nowhere.
    x.ok(await x.post(M, { ...CASE, received_on: '2024-10-08' }));
  });

  const indicators = () => x.indicators(2024);
  const groups = (i) => Object.fromEntries(i.groups.map((g) => [g.value ?? '-', g.records]));
  const records = (id) => x.recordIds(id, 2024);
  const of = (...keys) => keys.map((k) => ids[k]).sort((a, b) => a - b);

  test('受理 8, by source, type and organisation; 2 in 2023', async () => {
    const v = await indicators();
    assert.equal(v['mediation.accepted'].value, 8);
    assert.deepEqual(groups(v['mediation.accepted']), { application: 2, initiative: 1, court: 3, police: 1, petition: 1 });
    assert.deepEqual(await records('mediation.accepted'), of('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8'));
    assert.equal(v['mediation.accepted'].previous, 2);
    assert.equal(v['mediation.accepted'].change, 6);
    assert.deepEqual(groups(v['mediation.by_type']), {
      neighbour: 1, marriage_family: 1, contract: 1, damages: 1, traffic: 1, expropriation: 1, property_service: 1, labour: 1,
    });
    assert.deepEqual(groups(v['mediation.by_org_type']), { village: 2, township: 2, stationed: 2, professional: 1, enterprise: 1 });
  });

  test('调结 7 (one accepted in 2023), 5 settled — 71.4%; 6 within the month', async () => {
    const v = await indicators();
    assert.equal(v['mediation.concluded'].value, 7);
    assert.deepEqual(groups(v['mediation.concluded']), { success: 5, failed: 1, terminated: 1 });
    assert.deepEqual(await records('mediation.concluded'), of('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm10'));
    assert.equal(v['mediation.succeeded'].value, 5);
    assert.deepEqual(await records('mediation.succeeded'), of('m1', 'm2', 'm3', 'm5', 'm10'));
    assert.equal(v['mediation.success_rate'].value, (5 * 100) / 7);
    assert.equal(v['mediation.success_rate'].decimals, 1);
    assert.equal(v['mediation.success_rate'].value.toFixed(1), '71.4');
    assert.deepEqual(await records('mediation.success_rate'), of('m1', 'm2', 'm3', 'm5', 'm10'));
    assert.equal(v['mediation.success_rate'].previous, 100);
    assert.equal(v['mediation.concluded_on_time'].value, 6);
    assert.deepEqual(await records('mediation.concluded_on_time'), of('m1', 'm3', 'm4', 'm5', 'm6', 'm10'));
    assert.equal(v['mediation.on_time_rate'].value, (6 * 100) / 7);
  });

  test('协议金额, 书面协议, 司法确认, 履行', async () => {
    const v = await indicators();
    assert.equal(v['mediation.agreement_amount'].value, 157000.5);
    assert.equal(v['mediation.agreement_amount'].unit, '元');
    assert.deepEqual(await records('mediation.agreement_amount'), of('m1', 'm2', 'm3', 'm5', 'm10'));
    assert.equal(v['mediation.written_agreements'].value, 4);
    assert.deepEqual(await records('mediation.written_agreements'), of('m1', 'm3', 'm5', 'm10'));
    assert.equal(v['mediation.confirmed'].value, 1);
    assert.deepEqual(await records('mediation.confirmed'), of('m1'));
    assert.equal(v['mediation.fulfilled'].value, 1);
    assert.deepEqual(await records('mediation.fulfilled'), of('m1'));
  });

  test('诉调对接 3 (2 concluded, 1 settled — 50%), 警调 1, 访调 1', async () => {
    const v = await indicators();
    assert.equal(v['mediation.court_referred'].value, 3);
    assert.deepEqual(groups(v['mediation.court_referred']), { 'court.assigned': 1, 'court.entrusted': 1, 'court.entrusted_summary': 1 });
    assert.deepEqual(await records('mediation.court_referred'), of('m3', 'm4', 'm8'));
    assert.equal(v['mediation.court_concluded'].value, 2);
    assert.equal(v['mediation.court_succeeded'].value, 1);
    assert.deepEqual(await records('mediation.court_succeeded'), of('m3'));
    assert.equal(v['mediation.court_success_rate'].value, 50);
    assert.equal(v['mediation.police_referred'].value, 1);
    assert.deepEqual(await records('mediation.police_referred'), of('m5'));
    assert.equal(v['mediation.petition_referred'].value, 1);
    assert.deepEqual(await records('mediation.petition_referred'), of('m6'));
  });

  test('年末在调: 2 at the end of 2024, 1 at the end of 2023', async () => {
    const v = await indicators();
    assert.equal(v['mediation.pending'].value, 2);
    assert.deepEqual(await records('mediation.pending'), of('m7', 'm8'));
    assert.equal(v['mediation.pending'].previous, 1);
  });
});
