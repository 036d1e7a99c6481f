// land_dispute.test.mjs - 征地补偿安置争议协调 through the API: an
// application is accepted or declined (不予受理); a coordination ends in
// agreement (协调达成一致), or fails and goes to a ruling (裁决) where the
// locality has one, or ends (终结). The coordination period is a local rule
// (land_dispute.coordinate, 30 days here as a placeholder to override: the
// 2021 土地管理法实施条例 sets none); its clock, across holidays, stops at
// the agreement or at the day coordination failed. Refusals name their
// field and write nothing; every figure is rebuilt from records.
//
// Dates by hand from 国办发明电〔2023〕7号: 春节 2-10..2-17 off, Sun 2-18
// worked; 国庆 10-1..10-7 off.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, useServer, userWithRoles } from './lib.mjs';

const D = '/api/v1/records/land_compensation_dispute';

const APP = {
  applicant: '张德明',
  applicant_type: 'household',
  applicant_phone: '13900001111',
  project: '北碚区2023年第5批次城镇建设用地',
  approval_number: '渝府地〔2023〕123号',
  dispute_subject: 'standard',
  claims: '对地上附着物补偿标准有异议',
  received_on: '2024-01-10',
};

describe('land compensation disputes: workflow, the local period, refusals', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let tongji;

  before(async () => {
    x.fazhi = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    tongji = await userWithRoles(h, 'tongji', ['statistician']);
  });

  test('accepted, coordinated across Spring Festival, agreed', async () => {
    let r = x.ok(await x.post(D, APP));
    assert.match(r.number, /^ZDZY-2024-\d{5}$/);
    assert.equal(r.state, 'received');
    assert.equal(x.due(r, 'coordinate').status.id, 'not_started');
    // Accepted Fri 1-12: 30 days is Sun 2-11, inside 春节; due Sun 2-18 (worked).
    r = x.ok(await x.take(D, r.id, 'accept', { accepted_on: '2024-01-12' }));
    assert.equal(r.state, 'coordinating');
    assert.equal(x.due(r, 'coordinate').due, '2024-02-18');
    assert.equal(x.due(r, 'coordinate').rule, 'land_dispute.coordinate');
    r = x.ok(await x.take(D, r.id, 'agree', { concluded_on: '2024-02-18', agreement_summary: '按区片综合地价补足差额' }));
    assert.equal(r.state, 'agreed');
    assert.equal(r.data.outcome, 'agreed');
    assert.equal(x.due(r, 'coordinate').status.id, 'done_on_time');
    assert.deepEqual(r.actions, []);
  });

  test('coordination fails after National Day: late, then a ruling', async () => {
    let r = x.ok(await x.post(D, { ...APP, received_on: '2024-09-02', dispute_subject: 'both' }));
    // Accepted Mon 9-02: 30 days is Wed 10-02, inside 国庆; due Tue 10-08.
    r = x.ok(await x.take(D, r.id, 'accept', { accepted_on: '2024-09-02' }));
    assert.equal(x.due(r, 'coordinate').due, '2024-10-08');
    r = x.ok(await x.take(D, r.id, 'refer_ruling', { coordination_failed_on: '2024-10-09' }));
    assert.equal(r.state, 'ruling');
    assert.equal(x.due(r, 'coordinate').status.id, 'done_late');
    assertError(await x.take(D, r.id, 'rule', { concluded_on: '2024-10-08' }), 422, 'refused', 'concluded_on');
    assertError(await x.take(D, r.id, 'agree', { concluded_on: '2024-10-20' }), 422, 'refused', 'transition');
    r = x.ok(await x.take(D, r.id, 'rule', { concluded_on: '2024-11-20', ruling_number: '渝府裁〔2024〕3号', ruling_summary: '维持补偿标准' }));
    assert.equal(r.state, 'ruled');
    assert.equal(r.data.outcome, 'ruled');
  });

  test('不予受理 and 终结 need a reason', async () => {
    let r = x.ok(await x.post(D, APP));
    assertError(await x.take(D, r.id, 'decline', { declined_on: '2024-01-15' }), 400, 'invalid', 'reason');
    assertError(await x.take(D, r.id, 'decline', { declined_on: '2024-01-09', reason: '不属于受理范围' }), 422, 'refused', 'declined_on');
    r = x.ok(await x.take(D, r.id, 'decline', { declined_on: '2024-01-15', reason: '超过申请期限' }));
    assert.equal(r.state, 'declined');
    assertError(await x.take(D, r.id, 'accept', { accepted_on: '2024-01-16' }), 422, 'refused', 'transition');
    r = x.ok(await x.post(D, APP));
    r = x.ok(await x.take(D, r.id, 'accept', { accepted_on: '2024-01-11' }));
    assertError(await x.take(D, r.id, 'terminate', { concluded_on: '2024-01-20' }), 400, 'invalid', 'reason');
    r = x.ok(await x.take(D, r.id, 'terminate', { concluded_on: '2024-01-20', reason: '申请人撤回申请' }));
    assert.equal(r.data.outcome, 'terminated');
  });

  test('refusals: each names its field, nothing is written', async () => {
    const n = await x.total(D);
    const bad = [
      [{ ...APP, project: undefined }, 400, 'invalid', 'project'],
      [{ ...APP, applicant: '' }, 400, 'invalid', 'applicant'],
      [{ ...APP, dispute_subject: 'weather' }, 400, 'invalid', 'dispute_subject'],
      [{ ...APP, applicant_type: 'company' }, 400, 'invalid', 'applicant_type'],
      [{ ...APP, received_on: '2024-13-01' }, 400, 'invalid', 'received_on'],
      [{ ...APP, accepted_on: '2024-01-11' }, 400, 'invalid', 'accepted_on'],
      [{ ...APP, outcome: 'agreed' }, 400, 'invalid', 'outcome'],
      [{ ...APP, received_on: '2099-01-10' }, 422, 'refused', 'received_on'],
    ];
    for (const [body, status, code, field] of bad) assertError(await x.post(D, body), status, code, field);
    assertError(await x.post(D, APP, tongji), 403, 'forbidden');
    assert.equal(await x.total(D), n);
    const r = x.ok(await x.post(D, APP));
    const hist = async () => (await h.srv.req('GET', `${D}/${r.id}/history`, { session: x.fazhi })).json.events.length;
    const events = await hist();
    for (const [name, body, status, code, field, s] of [
      ['accept', { accepted_on: '2024-01-09' }, 422, 'refused', 'accepted_on'],
      ['accept', { accepted_on: '2099-01-11' }, 422, 'refused', 'accepted_on'],
      ['accept', {}, 400, 'invalid', 'accepted_on'],
      ['agree', { concluded_on: '2024-01-20' }, 422, 'refused', 'transition'],
      ['accept', { accepted_on: '2024-01-11' }, 403, 'forbidden', 'transition', tongji],
    ]) assertError(await x.take(D, r.id, name, body, s), status, code, field);
    assert.equal(await hist(), events);
    x.ok(await x.take(D, r.id, 'accept', { accepted_on: '2024-01-11' }));
    const events2 = await hist();
    for (const [name, body, status, code, field] of [
      ['agree', { concluded_on: '2024-01-10' }, 422, 'refused', 'concluded_on'],
      ['agree', { concluded_on: '2099-01-12' }, 422, 'refused', 'concluded_on'],
      ['agree', {}, 400, 'invalid', 'concluded_on'],
      ['refer_ruling', { coordination_failed_on: '2024-01-10' }, 422, 'refused', 'coordination_failed_on'],
      ['rule', { concluded_on: '2024-02-01' }, 422, 'refused', 'transition'],
    ]) assertError(await x.take(D, r.id, name, body), status, code, field);
    assert.equal(await hist(), events2);
  });

  test('the applicant is personal data with a mask; nothing is public', async () => {
    const kinds = (await h.srv.req('GET', '/api/v1/kinds', { session: x.fazhi })).json.kinds;
    const fields = kinds.find((k) => k.kind === 'land_compensation_dispute').fields;
    assert.equal(fields.find((f) => f.name === 'applicant').mask, 'name');
    assert.equal(fields.find((f) => f.name === 'applicant_phone').mask, 'phone');
    assert.equal((await h.srv.req('GET', '/api/v1/public/land_compensation_dispute/list')).status, 404);
  });
});

// [key, received, subject, steps: [[transition, body], ...]]
const APPS = [
  ['l1', '2024-02-01', 'standard', [['accept', { accepted_on: '2024-02-05' }], ['agree', { concluded_on: '2024-03-01' }]]],
  ['l2', '2024-03-01', 'resettlement', [['accept', { accepted_on: '2024-03-04' }], ['agree', { concluded_on: '2024-03-25' }]]],
  ['l3', '2024-04-01', 'standard', [['decline', { declined_on: '2024-04-03', reason: '不属于协调范围' }]]],
  ['l4', '2024-05-06', 'both', [['accept', { accepted_on: '2024-05-07' }], ['refer_ruling', { coordination_failed_on: '2024-06-10' }], ['rule', { concluded_on: '2024-07-15' }]]],
  ['l5', '2024-06-03', 'standard', [['accept', { accepted_on: '2024-06-04' }], ['terminate', { concluded_on: '2024-06-20', reason: '撤回' }]]],
  ['l6', '2024-11-04', 'resettlement', [['accept', { accepted_on: '2024-11-05' }]]],
  ['l7', '2024-12-02', 'standard', [['accept', { accepted_on: '2024-12-03' }], ['refer_ruling', { coordination_failed_on: '2024-12-20' }]]],
  ['l8', '2023-10-09', 'standard', [['accept', { accepted_on: '2023-10-10' }], ['agree', { concluded_on: '2023-11-01' }]]],
  ['l9', '2023-12-04', 'other', [['accept', { accepted_on: '2023-12-05' }], ['agree', { concluded_on: '2024-01-08' }]]],
];

describe('land dispute figures: a year rebuilt from records, against 2023', () => {
  const h = useServer();
  const x = recordHelpers(h);
  const ids = {};

  before(async () => {
    x.fazhi = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    for (const [key, received, subject, steps] of APPS) {
      const r = x.ok(await x.post(D, { ...APP, received_on: received, dispute_subject: subject }));
      ids[key] = r.id;
      for (const [name, body] of steps) x.ok(await x.take(D, r.id, name, body));
    }
  });

  const indicators = () => x.indicators(2024);
  const groups = (i) => Object.fromEntries(i.groups.map((g) => [g.value ?? '-', g.records]));
  const records = (id) => x.recordIds(id, 2024);
  const of = (...keys) => keys.map((k) => ids[k]).sort((a, b) => a - b);

  test('applications 7 (by subject), accepted 6, declined 1', async () => {
    const v = await indicators();
    assert.equal(v['land_dispute.applications'].value, 7);
    assert.deepEqual(groups(v['land_dispute.applications']), { standard: 4, resettlement: 2, both: 1 });
    assert.deepEqual(await records('land_dispute.applications'), of('l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7'));
    assert.equal(v['land_dispute.applications'].previous, 2);
    assert.equal(v['land_dispute.accepted'].value, 6);
    assert.deepEqual(await records('land_dispute.accepted'), of('l1', 'l2', 'l4', 'l5', 'l6', 'l7'));
    assert.equal(v['land_dispute.declined'].value, 1);
    assert.deepEqual(await records('land_dispute.declined'), of('l3'));
  });

  test('concluded 5: 3 agreed by coordination (60%), 1 ruled, 1 ended; 2 pending', async () => {
    const v = await indicators();
    assert.equal(v['land_dispute.concluded'].value, 5);
    assert.deepEqual(groups(v['land_dispute.concluded']), { agreed: 3, ruled: 1, terminated: 1 });
    assert.equal(v['land_dispute.agreed'].value, 3);
    assert.deepEqual(await records('land_dispute.agreed'), of('l1', 'l2', 'l9'));
    assert.equal(v['land_dispute.agreed'].previous, 1);
    assert.equal(v['land_dispute.agreement_rate'].value, 60);
    assert.equal(v['land_dispute.agreement_rate'].previous, 100);
    assert.equal(v['land_dispute.ruled'].value, 1);
    assert.deepEqual(await records('land_dispute.ruled'), of('l4'));
    assert.equal(v['land_dispute.pending'].value, 2);
    assert.deepEqual(await records('land_dispute.pending'), of('l6', 'l7'));
    assert.equal(v['land_dispute.pending'].previous, 1);
  });
});
