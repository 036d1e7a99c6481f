// enforcement.test.mjs - 行政执法案件 under the three systems, through the
// API: the whole path of a case, each guard refusing a wrong step with its
// reason (two certified officers, art. 42; legal review and collective
// discussion of a major case, arts. 57-58; no decision while the hearing
// window is open; the hearing within 5 working days), the deadlines (90
// days, service, payment, publication, withdrawal), the branches (不予立案,
// 撤案, hearing), 公示 with personal data masked, officer certificates
// and their renewal alert. Dates worked out by hand from 国办发明电〔2023〕7号.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENFORCEMENT_PARTY as PARTY, assertError, enforcementCases, useServer } from './lib.mjs';

const C = '/api/v1/records/enforcement_case';
const CERT = '/api/v1/records/officer_certificate';


describe('enforcement cases', () => {
  const h = useServer();
  const x = enforcementCases(h);
  const { post, take, ok, newCase, toReviewing } = x;
  let fazhi, zhifa, ids;
  const due = (rec, name) => rec.deadlines.find((d) => d.name === name);

  before(async () => {
    await x.setup();
    ({ fazhi, zhifa, ids } = x);
  });

  test('a case from clue to archive, with its deadlines', async () => {
    const id = await toReviewing({ fine: 20000, decision_text: '罚款贰万元' });
    let r = ok(await take(id, 'notify', { notified_on: '2024-03-27' }));
    // Filed 2024-03-05: the decision is due 90 days later, Mon 2024-06-03.
    assert.equal(due(r, 'decision').due, '2024-06-03');
    // The party may ask for a hearing within 5 working days of Wed 3-27:
    // 3-28, 3-29, 4-1, 4-2, 4-3. A decision before that window closes is
    // refused; 2024-04-08 (after 清明 4-4..4-6) is fine.
    assertError(await take(id, 'decide', { decided_on: '2024-04-03', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty', fine: 20000 }), 422, 'refused', 'decided_on');
    r = ok(await take(id, 'decide', { decided_on: '2024-04-08', decision_number: '碚规资罚〔2024〕12号', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty', fine: 20000 }));
    assert.equal(r.state, 'decided');
    assert.equal(due(r, 'decision').status.id, 'done_on_time');
    // Service within 7 working days of Mon 4-8: 4-9..4-12, 4-15..4-17.
    assert.equal(due(r, 'service').due, '2024-04-17');
    assert.equal(due(r, 'publication').due, '2024-04-17');
    r = ok(await take(id, 'serve', { served_on: '2024-04-10' }));
    // Payment 15 days after service: Thu 2024-04-25.
    assert.equal(due(r, 'payment').due, '2024-04-25');
    r = ok(await take(id, 'publish', { published_on: '2024-04-12' }));
    assert.equal(due(r, 'publication').status.id, 'done_on_time');
    r = ok(await take(id, 'execute', { enforcement_route: 'voluntary', paid_on: '2024-04-20' }));
    assert.equal(due(r, 'payment').status.id, 'done_on_time');
    r = ok(await take(id, 'close', { closed_on: '2024-04-22' }));
    r = ok(await take(id, 'archive', { archived_on: '2024-04-23' }));
    assert.equal(r.state, 'archived');
    // What is still open from 归档 says beforehand whether it can be taken:
    // published already, and nothing revoked to withdraw.
    const acts = Object.fromEntries(r.actions.map((a) => [a.name, a]));
    assert.match(acts.publish.blocked, /公示日期.*已经填写，此步骤只能办理一次/);
    assert.match(acts.withdraw_publication.blocked, /须先填写决定被撤销日期/);
    assert.equal(acts.revoke_decision.blocked, undefined);
    const hist = (await h.srv.req('GET', `${C}/${id}/history`, { session: fazhi })).json.events.map((e) => e.type);
    assert.deepEqual(hist.slice(0, 4), ['record.create', 'record.begin_verification', 'record.file_case', 'record.finish_investigation']);
    assert.equal(hist.at(-1), 'record.archive');
  });

  test('two certified officers, or the step is refused (行政处罚法第四十二条)', async () => {
    const c = await newCase();
    ok(await take(c.id, 'begin_verification', { verify_started_on: '2024-03-04' }));
    const r = await take(c.id, 'file_case', { filed_on: '2024-03-05', filing_approver: '李局长', investigators: [ids.fazhi, ids.auditor] });
    const e = assertError(r, 422, 'refused', 'investigators');
    // The person is named (the auditor's account is on no roster), not an id.
    assert.match(e.message, /审计管理员/);
    assert.doesNotMatch(e.message, /user/);
    assert.match(e.message, /第四十二条/);
    assertError(await take(c.id, 'file_case', { filed_on: '2024-03-05', filing_approver: '李', investigators: [ids.fazhi] }), 400, 'invalid', 'investigators');
    // An account that does not exist is refused naming the field, not the id; nothing is written.
    const none = assertError(
      await take(c.id, 'file_case', { filed_on: '2024-03-05', filing_approver: '李', investigators: [ids.fazhi, 999999] }),
      422,
      'refused',
      'investigators',
    );
    assert.match(none.message, /第2人/);
    assert.doesNotMatch(none.message, /999999/);
    const hist = (await h.srv.req('GET', `${C}/${c.id}/history`, { session: fazhi })).json.events.map((e) => e.type);
    assert.deepEqual(hist, ['record.create', 'record.begin_verification']);
    // A certificate not valid on the day does not count.
    assertError(await take(c.id, 'file_case', { filed_on: '2022-12-30', filing_approver: '李', investigators: [ids.fazhi, ids.zhifa] }), 422, 'refused');
  });

  test('a major case needs a passed legal review and collective discussion (arts. 57, 58)', async () => {
    const id = await toReviewing({ fine: 200000 });
    // flagged as soon as the proposal makes it major, and 告知 held back
    const rec = (await h.srv.req('GET', `${C}/${id}`, { session: fazhi })).json;
    assert.match(rec.major, /罚款200000元，达到\d+元/);
    assert.match(rec.actions.find((a) => a.name === 'notify').blocked, /须经法制审核通过（行政处罚法第五十八条）/);
    let e = assertError(await take(id, 'notify', { notified_on: '2024-03-27' }), 422, 'refused', 'legal_review_result');
    assert.match(e.message, /第五十八条/);
    // Only a legal reviewer (法制审核人员) reviews.
    assertError(await take(id, 'legal_review', { legal_review_on: '2024-03-26', legal_review_result: 'passed', legal_review_opinion: '同意' }, zhifa), 403, 'forbidden');
    ok(await take(id, 'legal_review', { legal_review_on: '2024-03-26', legal_review_result: 'passed', legal_review_opinion: '事实清楚，证据确凿' }));
    e = assertError(await take(id, 'notify', { notified_on: '2024-03-27' }), 422, 'refused', 'collective_discussion_on');
    assert.match(e.message, /第五十七条/);
    ok(await take(id, 'collective_discussion', { collective_discussion_on: '2024-03-26', collective_decision: '同意处罚' }));
    ok(await take(id, 'notify', { notified_on: '2024-03-27' }));
  });

  test('the hearing: requested within 5 working days, held before the decision', async () => {
    const id = await toReviewing({ fine: 30000, order_demolition: false });
    ok(await take(id, 'notify', { notified_on: '2024-03-27' }));
    assertError(await take(id, 'request_hearing', { hearing_requested_on: '2024-04-07' }), 422, 'refused', 'hearing_requested_on');
    ok(await take(id, 'request_hearing', { hearing_requested_on: '2024-04-03' }));
    assertError(await take(id, 'decide', { decided_on: '2024-04-20', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty' }), 422, 'refused', 'transition');
    ok(await take(id, 'hold_hearing', { hearing_on: '2024-04-16', hearing_summary: '当事人陈述意见' }));
    // A hearing held makes the case major under the default criteria.
    assertError(await take(id, 'decide', { decided_on: '2024-04-20', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty', fine: 30000 }), 422, 'refused', 'legal_review_result');
  });

  test('the 90-day limit is extended once, by a head, with a reason (art. 60)', async () => {
    const c = await newCase();
    ok(await take(c.id, 'begin_verification', { verify_started_on: '2026-11-02' }));
    ok(await take(c.id, 'file_case', { filed_on: '2026-11-02', filing_approver: '李', investigators: [ids.fazhi, ids.zhifa] }));
    assertError(await take(c.id, 'extend_decision', { decision_extension_days: 30, reason: '案情复杂' }, zhifa), 403, 'forbidden');
    assertError(await take(c.id, 'extend_decision', { decision_extension_days: 30 }), 400, 'invalid', 'reason');
    assertError(await take(c.id, 'extend_decision', { decision_extension_days: 31, reason: '复杂' }), 400, 'invalid', 'decision_extension_days');
    const r = ok(await take(c.id, 'extend_decision', { decision_extension_days: 30, reason: '案情复杂' }));
    // Filed Mon 2026-11-02: 90 days is Sun 2027-01-31 ... past 2026 the
    // calendar has no data; +30 days from there.
    assert.equal(due(r, 'decision').calendar_incomplete, true);
    assertError(await take(c.id, 'extend_decision', { decision_extension_days: 10, reason: '再次' }), 422, 'refused', 'decision_extension_days');
  });

  test('branches: 不予立案 and 撤案', async () => {
    let c = await newCase();
    ok(await take(c.id, 'begin_verification', { verify_started_on: '2024-03-04' }));
    let r = ok(await take(c.id, 'decline_filing', { not_filed_on: '2024-03-06', reason: '不构成违法' }));
    assert.equal(r.state, 'not_filed');
    const id = await toReviewing({ fine: 1000 });
    r = ok(await take(id, 'withdraw_case', { closed_on: '2024-03-28', reason: '违法事实不能成立' }));
    assert.equal(r.state, 'closed');
    assert.equal(r.data.decision_type, 'withdrawn');
    assert.equal(due(r, 'decision').status.id, 'done_on_time');
  });

  test('bad input is refused naming the field, nothing written', async () => {
    const before = (await h.srv.req('GET', C, { session: fazhi })).json.total;
    const bad = [
      [{ land_area: -5 }, 'land_area'],
      [{ parties: [{ party_type: 'person' }] }, 'parties[0].name'],
      [{ parties: [{ ...PARTY, nickname: 'x' }] }, 'parties[0].nickname'],
      [{ parties: [] }, 'parties'],
      [{ violation_type: 'jaywalking' }, 'violation_type'],
      [{ fine: 100 }, 'fine'],
    ];
    for (const [extra, field] of bad) {
      const r = await post(C, {
        case_title: '测试', clue_source: 'patrol', clue_on: '2024-03-01', parties: [PARTY],
        violation_type: 'illegal_occupation', ...extra,
      });
      assertError(r, 400, 'invalid', field);
    }
    assert.equal((await h.srv.req('GET', C, { session: fazhi })).json.total, before);
    const c = await newCase();
    // No decision before 立案: the transition is not open from 线索登记.
    assertError(await take(c.id, 'decide', { decided_on: '2024-03-02', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty' }), 422, 'refused', 'transition');
    assertError(await take(c.id, 'begin_verification', { verify_started_on: '2024-02-01' }), 422, 'refused', 'verify_started_on');
  });

  test('公示: published decisions with parties masked; withdrawn within 3 working days of revocation', async () => {
    const id = await toReviewing({ fine: 5000, decision_text: '罚款伍仟元，责令退还非法占用的土地' });
    ok(await take(id, 'notify', { notified_on: '2024-05-06' }));
    ok(await take(id, 'decide', { decided_on: '2024-05-14', decision_number: '碚规资罚〔2024〕31号', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty', fine: 5000 }));
    ok(await take(id, 'publish', { published_on: '2024-05-15' }));
    let pub = await h.srv.req('GET', '/api/v1/public/enforcement_case/list');
    assert.equal(pub.status, 200, pub.text);
    const item = pub.json.items.find((x) => x.decision_number === '碚规资罚〔2024〕31号');
    assert.ok(item, pub.text);
    assert.equal(item.parties[0].name, '王某某');
    assert.equal(item.violation_type, '非法占地');
    for (const secret of [PARTY.name, PARTY.id_number, PARTY.phone, PARTY.address, '5组12号'])
      assert.ok(!pub.text.includes(secret), `${secret} in ${pub.text}`);
    // Revoked on Fri 5-17: withdrawn by 3 working days later, Wed 5-22.
    let r = ok(await take(id, 'revoke_decision', { revoked_on: '2024-05-17', reason: '复议撤销' }));
    assert.equal(due(r, 'withdrawal').due, '2024-05-22');
    r = ok(await take(id, 'withdraw_publication', { withdrawn_on: '2024-05-20' }));
    assert.equal(due(r, 'withdrawal').status.id, 'done_on_time');
    pub = await h.srv.req('GET', '/api/v1/public/enforcement_case/list');
    assert.ok(!pub.json.items.some((x) => x.decision_number === '碚规资罚〔2024〕31号'));
  });

  test('certificates: the public roster, and the alert 30 days before expiry', async () => {
    const roster = await h.srv.req('GET', '/api/v1/public/officer_certificate/list');
    assert.equal(roster.status, 200);
    assert.ok(roster.json.items.some((x) => x.officer_name === '张敏' && x.cert_number === '50010923001'));
    // A certificate expiring in 20 days is in the alert list.
    const soon = new Date(Date.now() + 8 * 3600e3 + 20 * 86400e3).toISOString().slice(0, 10);
    const c = ok(await post(CERT, {
      officer_id: (await post('/api/v1/records/enforcement_officer', { name: '赵六', id_number: '500109198503152316', enforcement_category: 'natural_resources', joined_on: '2020-01-01' })).json.id, cert_number: '50010923009', enforcement_field: 'natural_resources',
      issued_on: '2021-01-01', valid_from: '2021-01-01', valid_to: soon,
    }));
    assert.equal(due(c, 'renewal').status.id, 'overdue');
    const alerts = (await h.srv.req('GET', `${CERT}?deadline=overdue`, { session: fazhi })).json;
    assert.ok(alerts.records.some((x) => x.id === c.id));
    const r = ok(await post(`${CERT}/${c.id}/transitions/renew`, { renewed_on: new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10), cert_number: '50010923010', valid_from: soon, valid_to: '2031-12-31' }));
    assert.equal(due(r, 'renewal').status.id, 'on_time');
    ok(await post(`${CERT}/${c.id}/transitions/revoke`, { revoked_on: '2024-01-01', revoke_reason: '调离执法岗位' }));
    const roster2 = await h.srv.req('GET', '/api/v1/public/officer_certificate/list');
    assert.ok(!roster2.json.items.some((x) => x.cert_number === '50010923009' || x.cert_number === '50010923010'));
  });
  test('the figures of 2024 count exactly the cases above, and open to them', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: fazhi });
    assert.equal(r.status, 200, r.text);
    const v = Object.fromEntries(r.json.indicators.map((x) => [x.id, x.value]));
    // Filed in 2024: the full path, the major case, the hearing, the
    // withdrawn case and the published one (the one filed in 2026 and the
    // declined one are not).
    assert.equal(v['enforcement.cases_filed'], 5);
    assert.equal(v['enforcement.land_area'], 5 * 320.5);
    assert.equal(v['enforcement.fines'], 25000);
    assert.equal(v['enforcement.decisions'], 2);
    assert.equal(v['enforcement.cases_closed'], 2);
    assert.equal(v['enforcement.closed_voluntary'], 1);
    assert.equal(v['enforcement.closed_court'], 0);
    assert.equal(v['enforcement.in_progress'], 3);
    assert.equal(v['enforcement.not_filed'], 1);
    assert.equal(v['enforcement.published'], 2);
    assert.equal(v['certificates.revoked'], 1);
    const prev = r.json.indicators.find((x) => x.id === 'certificates.issued');
    assert.equal(prev.value, 0);
    assert.equal(prev.previous, 2); // the two issued in 2023
    const d = await h.srv.req('GET', '/api/v1/indicators/enforcement.fines/records?year=2024', { session: fazhi });
    assert.equal(d.status, 200, d.text);
    assert.deepEqual(d.json.records.map((x) => x.state).sort(), ['archived', 'decided']);
    assertError(await h.srv.req('GET', '/api/v1/indicators/nope/records?year=2024', { session: fazhi }), 404, 'not_found', 'id');
    assertError(await h.srv.req('GET', '/api/v1/indicators', { session: fazhi }), 400, 'invalid', 'year');
  });
  test('the major-case criteria are an organisation setting (audited)', async () => {
    const admin = await h.srv.login('admin', h.fx.pw('admin'));
    let g = await h.srv.req('GET', '/api/v1/orgs/2/settings/major_case', { session: fazhi });
    assert.equal(g.json.value.min_fine, 100000); // the default
    assert.equal(g.json.set_by_org, null);
    assertError(await h.srv.req('PUT', '/api/v1/orgs/2/settings/major_case', { session: fazhi, json: {} }), 403, 'forbidden');
    assertError(await h.srv.req('PUT', '/api/v1/orgs/2/settings/major_case', { session: admin, json: { min_fine: -1, confiscation: true, demolition: true, hearing: true, license_revoked: true } }), 400, 'invalid', 'min_fine');
    assertError(await h.srv.req('PUT', '/api/v1/orgs/2/settings/colour', { session: admin, json: {} }), 404, 'not_found', 'key');
    const put = await h.srv.req('PUT', '/api/v1/orgs/1/settings/major_case', {
      session: admin, json: { min_fine: 500000, confiscation: true, demolition: true, hearing: true, license_revoked: true },
    });
    assert.equal(put.status, 200, put.text);
    // Set on the government, in force for the bureau below it.
    g = await h.srv.req('GET', '/api/v1/orgs/2/settings/major_case', { session: fazhi });
    assert.equal(g.json.value.min_fine, 500000);
    assert.equal(g.json.set_by_org, 1);
    // A fine of 200,000 is no longer major: no legal review needed.
    const id = await toReviewing({ fine: 200000 });
    ok(await take(id, 'notify', { notified_on: '2024-03-27' }));
  });
});
