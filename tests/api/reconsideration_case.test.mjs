// reconsideration_case.test.mjs - 行政复议 as the 复议机关 (the district
// government, org 1, since the 2023 行政复议法): 审查 within 5 working days
// (arts. 30, 88) restarted by the 补正 received (art. 31), 受理 / 不予受理,
// the 答复通知 within 7 working days (art. 48; 3 under 简易程序, art. 54),
// the respondent's reply within 10 working days (5 simple), the decision
// within 60 days with one extension of at most 30 by the 复议机构负责人, or
// 30 days simple (art. 62), 中止 suspending the clock (art. 39), the
// outcome and its class, 送达. Sending the notice to a department creates,
// in the same write, the department's own reconsideration record (its
// 10-working-day reply deadline) linked back by case_id; none when the
// government itself is the respondent. The `org` field (respondent_org)
// is refused outside the record's organisation's subtree. Figures and
// their drill-down.
//
// Dates by hand from 国办发明电〔2023〕7号: 国庆 10-1..10-7 off, Sun 9-29 and
// Sat 10-12 worked.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, useServer, userWithRoles } from './lib.mjs';

const C = '/api/v1/records/reconsideration_case';
const R = '/api/v1/records/reconsideration';

const CASE = {
  cause: '不服国有土地使用权登记',
  act: '北碚区规划和自然资源局2024年8月作出的不动产登记行为',
  act_type: 'registration',
  respondent_org: 2,
  applicant_name: '何丽',
  applicant_id_number: '500109199001011234',
  applicant_phone: '13700002222',
  request: '撤销该登记行为',
  received_on: '2024-09-23',
};

// A user of org with these roles (admin creates, secadmin grants, the
// temporary password changed): its session.
describe('行政复议机关: workflow, deadlines, the respondent linked', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let dept, head, justice;

  before(async () => {
    dept = await h.srv.login('fazhi', h.fx.pw('fazhi')); // org 2, a department
    const admin = await h.srv.login('admin', h.fx.pw('admin'));
    const o = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 1, name: '北碚区住房和城乡建设委员会', level: 'department' } });
    assert.equal(o.status, 201, o.text);
    justice = o.json.id;
    x.fazhi = await userWithRoles(h, 'fuyi', ['officer', 'reviewer'], 1, '复议机构 王芳');
    head = await userWithRoles(h, 'fuyihead', ['head'], 1, '复议机构 王芳');
  });

  const reply = (rec) => x.due(rec, 'reply');

  test('ordinary procedure: 补正 restarts the review, notice spawns the department record, extension, decision, delivery', async () => {
    let r = x.ok(await x.post(C, CASE));
    const id = r.id;
    assert.match(r.number, /^FYJG-2024-\d{5}$/);
    assert.equal(r.org_id, 1);
    assert.equal(r.state, 'received');
    assert.equal(r.org_names.respondent_org, '北碚区规划和自然资源局');
    // Mon 9-23 + 5 working days: 9-24..9-27 (4), Sun 9-29 worked (5).
    assert.equal(x.due(r, 'review').due, '2024-09-29');
    assert.equal(x.due(r, 'review').rule, 'recon_body.review');
    assert.match(x.due(r, 'review').basis, /第三十条/);
    // 补正 notice on 9-24: the clock waits for the applicant.
    r = x.ok(await x.take(C, id, 'request_correction', { correction_requested_on: '2024-09-24', correction_items: '补充提交登记行为的告知材料' }));
    assert.equal(r.state, 'correcting');
    assert.equal(x.due(r, 'review').status.id, 'paused');
    assertError(await x.take(C, id, 'accept', { accepted_on: '2024-10-08', procedure: 'ordinary' }), 422, 'refused', 'transition');
    // Received Tue 10-08 (after National Day): 10-09..10-11 (3), Sat 10-12
    // worked (4), Mon 10-14 (5).
    assertError(await x.take(C, id, 'receive_correction', { correction_received_on: '2024-09-23' }), 422, 'refused', 'correction_received_on');
    r = x.ok(await x.take(C, id, 'receive_correction', { correction_received_on: '2024-10-08' }));
    assert.equal(r.state, 'received');
    assert.equal(x.due(r, 'review').start, '2024-10-08');
    assert.equal(x.due(r, 'review').due, '2024-10-14');
    assertError(await x.take(C, id, 'accept', { accepted_on: '2024-10-07', procedure: 'ordinary' }), 422, 'refused', 'accepted_on');
    assertError(await x.take(C, id, 'accept', { accepted_on: '2024-10-14' }), 400, 'invalid', 'procedure');
    r = x.ok(await x.take(C, id, 'accept', { accepted_on: '2024-10-14', procedure: 'ordinary' }));
    assert.equal(r.state, 'accepted');
    assert.equal(x.due(r, 'review').status.id, 'done_on_time');
    // Notice: 10-15..10-18 (4), 10-21..10-23 (7). Decision: 60 days, Fri 12-13.
    assert.equal(x.due(r, 'notice').due, '2024-10-23');
    assert.equal(x.due(r, 'notice_simple'), undefined);
    assert.equal(x.due(r, 'decision').due, '2024-12-13');
    assert.equal(x.due(r, 'decision_simple'), undefined);
    const nDept = (await h.srv.req('GET', R, { session: dept })).json.total;
    r = x.ok(await x.take(C, id, 'send_notice', { notice_sent_on: '2024-10-15' }));
    assert.equal(r.state, 'reviewing');
    assert.equal(x.due(r, 'notice').status.id, 'done_on_time');
    // Reply: 10-16..10-18 (3), 10-21..10-25 (8), 10-28, 10-29 (10).
    assert.equal(reply(r).due, '2024-10-29');
    // The department sees its own obligation on its 工作台.
    const list = (await h.srv.req('GET', `${R}?f.case_id=${id}`, { session: dept })).json;
    assert.equal(list.total, 1);
    assert.equal((await h.srv.req('GET', R, { session: dept })).json.total, nDept + 1);
    const d = list.records[0];
    assert.equal(d.org_id, 2);
    assert.match(d.number, /^FYAJ-2024-\d{5}$/);
    assert.equal(d.state, 'received');
    assert.equal(d.data.case_id, id);
    assert.equal(d.data.capacity, 'respondent');
    assert.equal(d.data.received_on, '2024-10-15');
    assert.equal(d.data.cause, CASE.cause);
    assert.equal(d.data.case_number, r.number);
    assert.equal(d.data.reconsideration_body, '北碚区人民政府');
    assert.equal(x.due(d, 'reply').due, '2024-10-29');
    const due = (await h.srv.req('GET', `${R}?deadline=open`, { session: dept })).json.records.map((y) => y.id);
    assert.ok(due.includes(d.id));
    // The event is in the department's chain.
    const hist = (await h.srv.req('GET', `${R}/${d.id}/history`, { session: dept })).json.events;
    assert.equal(hist.length, 1);
    assert.equal(hist[0].type, 'record.create');
    assert.equal(hist[0].data.fields.case_id, id);
    // The government's case shows the linked record.
    r = await x.get(C, id);
    assert.equal(r.linked.length, 1);
    assert.deepEqual(
      { id: r.linked[0].id, number: r.linked[0].number, org: r.linked[0].org_name, state: r.linked[0].state_label },
      { id: d.id, number: d.number, org: '北碚区规划和自然资源局', state: '已收到' },
    );
    assert.equal(r.linked[0].deadlines.find((y) => y.name === 'reply').due, '2024-10-29');
    // The link is not the user's to set; the department replies.
    assertError(await x.take(R, d.id, 'reply', { replied_on: '2024-10-28', case_id: 1 }, dept), 400, 'invalid', 'case_id');
    x.ok(await x.take(R, d.id, 'reply', { replied_on: '2024-10-28' }, dept));
    r = await x.get(C, id);
    assert.equal(r.linked[0].state, 'replied');
    assert.equal(r.linked[0].deadlines.find((y) => y.name === 'reply').status.id, 'done_on_time');
    // The department's answer is the case's: its date comes back (echo), the
    // case's own reply deadline is met, and recording it again is refused.
    assert.equal(r.data.reply_received_on, '2024-10-28');
    assert.equal(reply(r).status.id, 'done_on_time');
    const echoed = (await h.srv.req('GET', `${C}/${id}/history`, { session: x.fazhi })).json.events.at(-1);
    assert.equal(echoed.type, 'record.echo');
    assert.deepEqual(echoed.data.fields, { reply_received_on: '2024-10-28' });
    assert.equal(echoed.data.from, `reconsideration:${d.id}`);
    assert.equal(echoed.hash_ok, true);
    assertError(await x.take(C, id, 'record_reply', { reply_received_on: '2024-10-29' }), 422, 'refused', 'reply_received_on');
    // 听证, then the extension: the head's, at most 30 days, once.
    x.ok(await x.take(C, id, 'hold_hearing', { hearing_on: '2024-11-20' }));
    const ext = { extension_days: 30, extension_approved_on: '2024-12-10', extension_approver: '区司法局 李局长' };
    assertError(await x.take(C, id, 'extend', ext), 403, 'forbidden', 'transition');
    assertError(await x.take(C, id, 'extend', { ...ext, extension_days: 31 }, head), 400, 'invalid', 'extension_days');
    r = x.ok(await x.take(C, id, 'extend', ext, head));
    // 12-13 + 30 = Sun 2025-01-12: the next working day.
    assert.equal(x.due(r, 'decision').due, '2025-01-13');
    assertError(await x.take(C, id, 'extend', { ...ext, extension_days: 5 }, head), 422, 'refused', 'extension_days');
    // The decision and its class.
    assertError(await x.take(C, id, 'conclude_upheld', { outcome: 'corrected.revoked', decided_on: '2025-01-10' }), 422, 'refused', 'outcome');
    assertError(await x.take(C, id, 'conclude_corrected', { outcome: 'corrected.revoked', decided_on: '2024-11-19' }), 422, 'refused', 'decided_on');
    r = x.ok(await x.take(C, id, 'conclude_corrected', { outcome: 'corrected.revoked', decided_on: '2025-01-10', decision_number: '碚府复决〔2024〕15号' }));
    assert.equal(r.state, 'decided');
    assert.equal(r.data.result, 'corrected');
    assert.equal(x.due(r, 'decision').status.id, 'done_on_time');
    assertError(await x.take(C, id, 'deliver', { delivered_on: '2025-01-09' }), 422, 'refused', 'delivered_on');
    r = x.ok(await x.take(C, id, 'deliver', { delivered_on: '2025-01-13' }));
    assert.equal(r.state, 'delivered');
    assert.deepEqual(r.actions, []);
  });

  test('simple procedure across National Day; 中止 suspends the clock; the government itself as respondent spawns nothing', async () => {
    const nAll = (await h.srv.req('GET', R, { session: x.fazhi })).json.total;
    let r = x.ok(await x.post(C, { ...CASE, respondent_org: 1, received_on: '2024-09-20' }));
    const id = r.id;
    assert.equal(r.org_names.respondent_org, '北碚区人民政府');
    r = x.ok(await x.take(C, id, 'accept', { accepted_on: '2024-09-23', procedure: 'simple' }));
    // Notice within 3 working days: 9-24, 9-25, 9-26.
    assert.equal(x.due(r, 'notice_simple').due, '2024-09-26');
    assert.equal(x.due(r, 'notice'), undefined);
    // 30 days from Mon 9-23: Wed 10-23.
    assert.equal(x.due(r, 'decision_simple').due, '2024-10-23');
    r = x.ok(await x.take(C, id, 'send_notice', { notice_sent_on: '2024-09-25' }));
    // Reply within 5 working days: 9-26, 9-27, Sun 9-29, 9-30, Tue 10-08.
    assert.equal(x.due(r, 'reply_simple').due, '2024-10-08');
    assert.equal(r.linked.length, 0);
    assert.equal((await h.srv.req('GET', `${R}?f.case_id=${id}`, { session: x.fazhi })).json.total, 0);
    assert.equal((await h.srv.req('GET', R, { session: x.fazhi })).json.total, nAll);
    r = x.ok(await x.take(C, id, 'record_reply', { reply_received_on: '2024-10-09' }));
    assert.equal(x.due(r, 'reply_simple').status.id, 'done_late');
    // 中止 10-10: suspended; resumed 10-19: the 10 days 10-10..10-19 do not
    // count, 10-23 + 10 = Sat 11-02, the next working day Mon 11-04.
    r = x.ok(await x.take(C, id, 'suspend', { suspended_on: '2024-10-10', suspend_reason: '申请人因病不能参加行政复议' }));
    assert.equal(r.state, 'suspended');
    assert.equal(x.due(r, 'decision_simple').status.id, 'suspended');
    assertError(await x.take(C, id, 'conclude_upheld', { outcome: 'upheld.upheld', decided_on: '2024-10-15' }), 422, 'refused', 'transition');
    assertError(await x.take(C, id, 'resume', { resumed_on: '2024-10-09' }), 422, 'refused', 'resumed_on');
    r = x.ok(await x.take(C, id, 'resume', { resumed_on: '2024-10-19' }));
    assert.equal(r.state, 'reviewing');
    assert.equal(x.due(r, 'decision_simple').due, '2024-11-04');
    r = x.ok(await x.take(C, id, 'conclude_other', { outcome: 'other.mediated', decided_on: '2024-11-05', decision_number: '碚府复调〔2024〕2号' }));
    assert.equal(r.data.result, 'other');
    assert.equal(x.due(r, 'decision_simple').status.id, 'done_late');
  });

  test('不予受理 with its reason; the review period checked', async () => {
    let r = x.ok(await x.post(C, { ...CASE, respondent_org: justice, received_on: '2024-11-04' }));
    assert.equal(x.due(r, 'review').due, '2024-11-11');
    assertError(await x.take(C, r.id, 'decline', { declined_on: '2024-11-12' }), 400, 'invalid', 'decline_reason');
    r = x.ok(await x.take(C, r.id, 'decline', { declined_on: '2024-11-12', decline_reason: '超过法定申请期限' }));
    assert.equal(r.state, 'declined');
    assert.equal(x.due(r, 'review').status.id, 'done_late');
  });

  test('respondent_org: outside the subtree or nonexistent is refused naming the field, nothing written', async () => {
    const nC = await x.total(C);
    const nDept = (await h.srv.req('GET', C, { session: dept })).json.total;
    // The department's own record cannot name the government above it.
    let e = assertError(await x.post(C, { ...CASE, respondent_org: 1 }, dept), 422, 'refused', 'respondent_org');
    assert.match(e.message, /被申请人须为本单位（北碚区规划和自然资源局）或其下属单位/);
    assert.doesNotMatch(e.message, /\d{2,}/);
    e = assertError(await x.post(C, { ...CASE, respondent_org: 9999 }), 422, 'refused', 'respondent_org');
    assert.match(e.message, /所选单位不存在或不在此范围内/);
    assertError(await x.post(C, { ...CASE, respondent_org: '2' }), 400, 'invalid', 'respondent_org');
    assertError(await x.post(C, { ...CASE, respondent_org: 0 }), 400, 'invalid', 'respondent_org');
    assertError(await x.post(C, { ...CASE, respondent_org: undefined }), 400, 'invalid', 'respondent_org');
    assert.equal(await x.total(C), nC);
    assert.equal((await h.srv.req('GET', C, { session: dept })).json.total, nDept);
  });

  test('figures: received, accepted by respondent, corrected, rates, pending; drill-down', async () => {
    // One more, pending at the year's end, against the 住建委; one upheld
    // against the 规划和自然资源局.
    let r = x.ok(await x.post(C, { ...CASE, respondent_org: justice, received_on: '2024-12-02' }));
    x.ok(await x.take(C, r.id, 'accept', { accepted_on: '2024-12-03', procedure: 'ordinary' }));
    r = x.ok(await x.post(C, { ...CASE, received_on: '2024-06-03' }));
    x.ok(await x.take(C, r.id, 'accept', { accepted_on: '2024-06-04', procedure: 'ordinary' }));
    x.ok(await x.take(C, r.id, 'send_notice', { notice_sent_on: '2024-06-05' }));
    x.ok(await x.take(C, r.id, 'conclude_upheld', { outcome: 'upheld.dismissed', decided_on: '2024-07-01' }));
    const q = await h.srv.req('GET', '/api/v1/indicators?year=2024&org_id=1', { session: x.fazhi });
    assert.equal(q.status, 200, q.text);
    const f = Object.fromEntries(q.json.indicators.map((i) => [i.id, i]));
    const v = (id) => f[`recon_body.${id}`].value;
    // 2024: received 5 (9-23, 9-20, 11-04, 12-02, 06-03), accepted 4,
    // declined 1; decided in 2024: the mediated one (11-05) and the upheld
    // one (07-01); the revoked one was decided in 2025.
    assert.equal(v('received'), 5);
    assert.equal(v('accepted'), 4);
    assert.equal(v('declined'), 1);
    assert.equal(v('concluded'), 2);
    assert.equal(v('corrected'), 0);
    assert.equal(v('mediated'), 1);
    assert.equal(v('correction_rate'), 0);
    assert.equal(f['recon_body.correction_rate'].decimals, 1);
    // On time: the upheld one (ordinary, 60 days); the mediated one late.
    assert.equal(v('concluded_on_time_ordinary'), 1);
    assert.equal(v('concluded_on_time_simple'), 0);
    assert.equal(v('on_time_rate'), 50);
    // Pending at 12-31: the revoked case (decided 2025) and the 12-03 one.
    assert.equal(v('pending'), 2);
    const by = f['recon_body.accepted_by_respondent'].groups;
    const named = Object.fromEntries(by.map((g) => [g.label, g.records]));
    assert.deepEqual(named, { 北碚区规划和自然资源局: 2, 北碚区人民政府: 1, 北碚区住房和城乡建设委员会: 1 });
    assert.deepEqual(
      f['recon_body.concluded'].groups.map((g) => [g.value, g.label, g.records]).sort(),
      [['other.mediated', '调解结案，制作行政复议调解书（第七十三条）', 1], ['upheld.dismissed', '驳回行政复议请求（第六十九条）', 1]],
    );
    // 2025: the revoked decision is a correction, 100%.
    const q25 = await h.srv.req('GET', '/api/v1/indicators?year=2025&org_id=1', { session: x.fazhi });
    const f25 = Object.fromEntries(q25.json.indicators.map((i) => [i.id, i]));
    assert.equal(f25['recon_body.corrected'].value, 1);
    assert.equal(f25['recon_body.correction_rate'].value, 100);
    // Drill-down: the records behind a figure.
    const d = await h.srv.req('GET', '/api/v1/indicators/recon_body.pending/records?year=2024&org_id=1', { session: x.fazhi });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.records.length, 2);
    assert.ok(d.json.records.every((y) => /^FYJG-2024-/.test(y.number)));
    assert.deepEqual(d.json.records.map((y) => y.state).sort(), ['accepted', 'delivered']);
    const m = await h.srv.req('GET', '/api/v1/indicators/recon_body.mediated/records?year=2024&org_id=1', { session: x.fazhi });
    assert.deepEqual(m.json.records.map((y) => [y.state, y.title]), [['decided', CASE.cause]]);
  });
});
