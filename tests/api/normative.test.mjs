// normative.test.mjs - 行政规范性文件 (SPEC §2.5) through the API: the
// whole path 起草 → 征求意见 → 专家论证 → 风险评估 → 合法性审核 → 集体审议 →
// 公布 → 备案 → 清理 / 后评估, the legality review that publication cannot
// do without (a legal reviewer's transition; a stale or returned review does
// not count), the filing deadline after publication, refusals (wrong state,
// wrong role, a guard naming its field, bad input with nothing written), the
// public list, and every figure of the kind for 2024 against hand-worked
// values; the government's own documents (org 1): the review by its 司法局,
// the two filings (上一级人民政府, 本级人大常委会) and their period across
// 国庆 and 劳动节, and the figures of the district and of 本级. Dates worked out by hand from data/calendar/holidays.txt
// (国办发明电〔2022〕16号 for 2023, 〔2023〕7号 for 2024).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, fazhi as cli, userWithRoles, useServer } from './lib.mjs';

const N = '/api/v1/records/normative_document';

describe('normative documents', () => {
  const h = useServer();
  let fazhi, zhifa;

  const post = (p, json, s = fazhi) => h.srv.req('POST', p, { session: s, json });
  const take = (id, name, json = {}, s = fazhi) => post(`${N}/${id}/transitions/${name}`, json, s);
  const ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  const due = (rec, name) => rec.deadlines.find((d) => d.name === name);
  const newDoc = async (extra = {}) =>
    ok(await post(N, {
      title: '北碚区国有建设用地使用权出让管理办法', drafted_for: 'department', drafting_unit: '法规督察科',
      drafted_on: '2024-03-01', summary: '规范出让程序', ...extra,
    }));

  // Every step before publication, on the given dates.
  const prepare = async (id, d) => {
    ok(await take(id, 'open_comment', { comment_started_on: d.comment[0], comment_channel: '区政府网站' }));
    ok(await take(id, 'close_comment', { comment_ended_on: d.comment[1], comments_received: 3, comments_adopted: 1 }));
    ok(await take(id, 'expert_review', { expert_review_on: d.expert, expert_opinion: '可行' }));
    ok(await take(id, 'risk_assessment', { risk_assessed_on: d.expert, risk_level: 'low' }));
    ok(await take(id, 'submit_review', { review_submitted_on: d.review[0] }));
    ok(await take(id, 'pass_review', { legality_passed_on: d.review[1], legality_opinion: '合法' }));
    return ok(await take(id, 'deliberate', { deliberated_on: d.deliberated, deliberation_body: 'director_office' }));
  };
  const publish = (id, on, no, extra = {}, s = fazhi) =>
    take(id, 'publish', { published_on: on, doc_number: no, effective_on: on, ...extra }, s);

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
  });

  test('a document from drafting to filing, with the legality review it cannot be published without', async () => {
    const doc = await newDoc();
    assert.equal(doc.state, 'drafting');
    assert.match(doc.number, /^GFWJ-2024-\d{5}$/);
    let r = ok(await take(doc.id, 'open_comment', { comment_started_on: '2024-03-04', comment_channel: '区政府网站' }));
    assert.equal(r.state, 'commenting');
    r = ok(await take(doc.id, 'close_comment', { comment_ended_on: '2024-04-08', comments_received: 12, comments_adopted: 5, comment_feedback: '采纳5条' }));
    assert.equal(r.state, 'drafting');
    ok(await take(doc.id, 'expert_review', { expert_review_on: '2024-04-09', expert_opinion: '程序合法，内容可行' }));
    ok(await take(doc.id, 'risk_assessment', { risk_assessed_on: '2024-04-10', risk_level: 'low', risk_opinion: '风险可控' }));
    r = ok(await take(doc.id, 'submit_review', { review_submitted_on: '2024-04-11' }));
    assert.equal(r.state, 'legal_review');
    // Sent Thu 2024-04-11: 15 working days (国办发〔2018〕115号) are 4-12;
    // 4-15..4-19; 4-22..4-26; Sun 4-28 (a 劳动节 调休 working day), 4-29,
    // 4-30; 5-1..5-5 are off; Mon 5-6 is the 15th.
    assert.equal(due(r, 'legality_review').due, '2024-05-06');
    // No publication while the document is at the reviewer's desk.
    assertError(await publish(doc.id, '2024-04-12', '碚规资发〔2024〕1号'), 422, 'refused', 'transition');
    // Only a legal reviewer (法制审核人员) reviews.
    assertError(await take(doc.id, 'pass_review', { legality_passed_on: '2024-04-15', legality_opinion: '合法' }, zhifa), 403, 'forbidden');
    // Returned: a reason is required.
    assertError(await take(doc.id, 'return_review', { legality_returned_on: '2024-04-16', legality_opinion: '第五条缺乏上位法依据' }), 400, 'invalid', 'reason');
    r = ok(await take(doc.id, 'return_review', { legality_returned_on: '2024-04-16', legality_opinion: '第五条缺乏上位法依据', reason: '退回修改' }));
    assert.equal(r.state, 'drafting');
    assert.equal(r.data.legality_result, 'returned');
    ok(await take(doc.id, 'deliberate', { deliberated_on: '2024-04-18', deliberation_body: 'director_office', deliberation_summary: '原则通过' }));
    // A returned review is no review: refused, naming the missing pass.
    let e = assertError(await publish(doc.id, '2024-04-19', '碚规资发〔2024〕1号'), 422, 'refused', 'legality_passed_on');
    assert.match(e.message, /legality_passed_on/);
    ok(await take(doc.id, 'submit_review', { review_submitted_on: '2024-04-19' }));
    r = ok(await take(doc.id, 'pass_review', { legality_passed_on: '2024-04-25', legality_opinion: '修改后合法' }));
    assert.equal(r.data.legality_result, 'passed');
    assert.equal(due(r, 'legality_review').status.id, 'done_on_time');
    // Only a head publishes.
    assertError(await publish(doc.id, '2024-04-26', '碚规资发〔2024〕1号', {}, zhifa), 403, 'forbidden');
    assertError(await take(doc.id, 'publish', { published_on: '2024-04-26', doc_number: '碚规资发〔2024〕1号', effective_on: '2024-04-20' }), 422, 'refused', 'effective_on');
    r = ok(await publish(doc.id, '2024-04-26', '碚规资发〔2024〕1号', { effective_on: '2024-05-26', valid_until: '2029-05-25' }));
    assert.equal(r.state, 'published');
    // Published Fri 2024-04-26: filing within 30 days is Sun 5-26, which
    // is not a working day: the period ends on Mon 5-27.
    assert.equal(due(r, 'filing').due, '2024-05-27');
    assertError(await take(doc.id, 'file', { filed_on: '2024-04-25' }), 422, 'refused', 'filed_on');
    r = ok(await take(doc.id, 'file', { filed_on: '2024-05-20', filing_number: '碚备〔2024〕8号', filing_authority: '北碚区司法局' }, zhifa));
    assert.equal(r.state, 'in_force');
    assert.equal(due(r, 'filing').status.id, 'done_on_time');
    // 清理 (保留) and 后评估 later in the year.
    assertError(await take(doc.id, 'cleanup_retain', { cleanup_on: '2024-11-05' }, zhifa), 403, 'forbidden');
    ok(await take(doc.id, 'cleanup_retain', { cleanup_on: '2024-11-05', cleanup_note: '继续有效' }));
    r = ok(await take(doc.id, 'evaluate', { evaluated_on: '2024-12-10', evaluation_conclusion: '实施效果良好' }));
    assert.equal(r.state, 'in_force');
    const hist = (await h.srv.req('GET', `${N}/${doc.id}/history`, { session: fazhi })).json.events.map((x) => x.type);
    assert.deepEqual(hist.slice(0, 3), ['record.create', 'record.open_comment', 'record.close_comment']);
    assert.ok(hist.includes('record.return_review') && hist.includes('record.pass_review'));
    assert.equal(hist.at(-1), 'record.evaluate');
  });

  test('a pass older than the last submission does not count; the filing is late', async () => {
    const doc = await newDoc({ title: '北碚区临时用地管理规定', drafted_on: '2024-02-01' });
    await prepare(doc.id, { comment: ['2024-02-05', '2024-03-06'], expert: '2024-03-07', review: ['2024-03-08', '2024-03-12'], deliberated: '2024-03-14' });
    // Changed after the pass, sent again and returned: the old pass of
    // 3-12 is before the new submission of 3-15.
    ok(await take(doc.id, 'submit_review', { review_submitted_on: '2024-03-15' }));
    ok(await take(doc.id, 'return_review', { legality_returned_on: '2024-03-18', legality_opinion: '修改内容不合法', reason: '退回' }));
    const e = assertError(await publish(doc.id, '2024-03-19', '碚规资发〔2024〕2号'), 422, 'refused', 'legality_passed_on');
    assert.match(e.message, /不能早于送请合法性审核日期/);
    ok(await take(doc.id, 'submit_review', { review_submitted_on: '2024-03-19' }));
    ok(await take(doc.id, 'pass_review', { legality_passed_on: '2024-03-20', legality_opinion: '合法' }));
    let r = ok(await publish(doc.id, '2024-03-22', '碚规资发〔2024〕2号'));
    // Published Fri 3-22: 30 days is Sun 4-21, so Mon 4-22.
    assert.equal(due(r, 'filing').due, '2024-04-22');
    r = ok(await take(doc.id, 'file', { filed_on: '2024-04-25' }));
    assert.equal(due(r, 'filing').status.id, 'done_late');
  });

  test('publication is refused until every step is recorded, each named', async () => {
    const doc = await newDoc({ title: '未完成程序的文件', drafted_on: '2024-05-06' });
    ok(await take(doc.id, 'submit_review', { review_submitted_on: '2024-05-07' }));
    ok(await take(doc.id, 'pass_review', { legality_passed_on: '2024-05-08', legality_opinion: '合法' }));
    assertError(await publish(doc.id, '2024-05-09', '碚规资发〔2024〕9号'), 422, 'refused', 'comment_ended_on');
    ok(await take(doc.id, 'open_comment', { comment_started_on: '2024-05-09' }));
    ok(await take(doc.id, 'close_comment', { comment_ended_on: '2024-06-11', comments_received: 0 }));
    assertError(await publish(doc.id, '2024-06-12', '碚规资发〔2024〕9号'), 422, 'refused', 'expert_review_on');
    ok(await take(doc.id, 'expert_review', { expert_review_on: '2024-06-12', expert_opinion: '同意' }));
    assertError(await publish(doc.id, '2024-06-12', '碚规资发〔2024〕9号'), 422, 'refused', 'risk_assessed_on');
    ok(await take(doc.id, 'risk_assessment', { risk_assessed_on: '2024-06-12', risk_level: 'medium' }));
    assertError(await publish(doc.id, '2024-06-12', '碚规资发〔2024〕9号'), 422, 'refused', 'deliberated_on');
    // Abandoned by a head, with a reason; nothing more can be done.
    assertError(await take(doc.id, 'abandon', { reason: '上位法修改' }, zhifa), 403, 'forbidden');
    const r = ok(await take(doc.id, 'abandon', { reason: '上位法修改，停止制定' }));
    assert.equal(r.state, 'abandoned');
    assertError(await take(doc.id, 'deliberate', { deliberated_on: '2024-06-13', deliberation_body: 'party_group' }), 422, 'refused', 'transition');
  });

  test('documents of 2023 and 2024: on behalf of the government, cleaned up, late in the year', async () => {
    // D: drafted on behalf of the district government, published 2023.
    const d = await newDoc({ title: '北碚区农村村民住宅建设管理办法', drafted_for: 'government', drafted_on: '2023-06-01' });
    await prepare(d.id, { comment: ['2023-06-05', '2023-07-06'], expert: '2023-07-10', review: ['2023-07-11', '2023-07-20'], deliberated: '2023-08-01' });
    let r = ok(await publish(d.id, '2023-11-10', '北碚府发〔2023〕21号'));
    // The bureau does not file what the government issued.
    assert.equal(due(r, 'filing'), undefined);
    // E: the bureau's own, published and filed on time in 2023.
    const e = await newDoc({ title: '北碚区地质灾害防治工作规程', drafted_on: '2023-03-01' });
    await prepare(e.id, { comment: ['2023-03-06', '2023-04-06'], expert: '2023-04-10', review: ['2023-04-11', '2023-04-18'], deliberated: '2023-04-20' });
    r = ok(await publish(e.id, '2023-04-28', '碚规资发〔2023〕3号'));
    // Fri 2023-04-28 + 30 days = Sun 5-28, so Mon 5-29.
    assert.equal(due(r, 'filing').due, '2023-05-29');
    ok(await take(e.id, 'file', { filed_on: '2023-05-10' }));
    // G: on behalf of the government, published 2024.
    const g = await newDoc({ title: '北碚区城乡规划管理技术规定', drafted_for: 'government', drafted_on: '2024-01-15' });
    await prepare(g.id, { comment: ['2024-01-16', '2024-02-20'], expert: '2024-02-21', review: ['2024-02-22', '2024-03-01'], deliberated: '2024-03-05' });
    ok(await publish(g.id, '2024-08-15', '北碚府发〔2024〕5号'));
    // F: the bureau's own, published 2024-12-20, not yet filed.
    const f = await newDoc({ title: '北碚区不动产登记办事指南', drafted_on: '2024-10-08' });
    await prepare(f.id, { comment: ['2024-10-09', '2024-11-11'], expert: '2024-11-12', review: ['2024-11-13', '2024-11-20'], deliberated: '2024-11-26' });
    r = ok(await publish(f.id, '2024-12-20', '碚规资发〔2024〕15号'));
    // Fri 2024-12-20 + 30 = Sun 2025-01-19, so Mon 2025-01-20; overdue now.
    assert.equal(due(r, 'filing').due, '2025-01-20');
    assert.equal(due(r, 'filing').status.id, 'overdue');
    // The 2024 clean-up: D retained, E repealed (it leaves the force).
    assertError(await take(d.id, 'cleanup_retain', { cleanup_on: '2023-11-01' }), 422, 'refused', 'cleanup_on');
    ok(await take(d.id, 'cleanup_retain', { cleanup_on: '2024-11-05' }));
    r = ok(await take(e.id, 'cleanup_repeal', { cleanup_on: '2024-11-05', ended_on: '2024-12-01', cleanup_note: '上位法已废止' }));
    assert.equal(r.state, 'repealed');
    assert.equal(r.data.end_type, 'repealed');
    assertError(await take(e.id, 'cleanup_retain', { cleanup_on: '2024-11-06' }), 422, 'refused', 'transition');
    // Expiry needs a validity period.
    assertError(await take(g.id, 'expire', { ended_on: '2024-12-31' }, zhifa), 422, 'refused', 'valid_until');
  });

  test('bad input is refused naming the field, nothing written', async () => {
    const list = async () => (await h.srv.req('GET', N, { session: fazhi })).json.total;
    const before = await list();
    const good = { title: '测试文件', drafted_for: 'department', drafted_on: '2024-03-01' };
    for (const [extra, field] of [
      [{ title: undefined }, 'title'],
      [{ drafted_for: 'bureau' }, 'drafted_for'],
      [{ drafted_on: '2024-02-30' }, 'drafted_on'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ legality_passed_on: '2024-03-02' }, 'legality_passed_on'],
      [{ colour: 'red' }, 'colour'],
    ]) {
      const body = { ...good, ...extra };
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      assertError(await post(N, body), 400, 'invalid', field);
    }
    assert.equal(await list(), before);
    const doc = await newDoc({ title: '坏输入', drafted_on: '2024-03-01' });
    assertError(await take(doc.id, 'open_comment', { comment_started_on: '2024-02-28' }), 422, 'refused', 'comment_started_on');
    assertError(await take(doc.id, 'open_comment', { comment_started_on: '2099-01-01' }), 422, 'refused', 'comment_started_on');
    assertError(await take(doc.id, 'open_comment', {}), 400, 'invalid', 'comment_started_on');
    ok(await take(doc.id, 'open_comment', { comment_started_on: '2024-03-04' }));
    assertError(await take(doc.id, 'close_comment', { comment_ended_on: '2024-04-08', comments_received: -1 }), 400, 'invalid', 'comments_received');
    assertError(await take(doc.id, 'close_comment', { comment_ended_on: '2024-04-08', comments_received: 2, comments_adopted: 3 }), 422, 'refused', 'comments_adopted');
    assertError(await take(doc.id, 'file', { filed_on: '2024-04-08' }), 422, 'refused', 'transition');
    assertError(await take(doc.id, 'no_such_step', {}), 404, 'not_found', 'transition');
    const r = ok(await h.srv.req('GET', `${N}/${doc.id}`, { session: fazhi }));
    assert.equal(r.state, 'commenting');
    assert.equal(r.data.comments_received, undefined);
  });

  test('published documents in force are public', async () => {
    const pub = await h.srv.req('GET', '/api/v1/public/normative_document/list');
    assert.equal(pub.status, 200, pub.text);
    const numbers = pub.json.items.map((x) => x.doc_number).sort();
    // The repealed 碚规资发〔2023〕3号 is not listed, nor anything unpublished.
    assert.deepEqual(numbers, ['北碚府发〔2023〕21号', '北碚府发〔2024〕5号', '碚规资发〔2024〕15号', '碚规资发〔2024〕1号', '碚规资发〔2024〕2号'].sort());
    const one = pub.json.items.find((x) => x.doc_number === '碚规资发〔2024〕1号');
    assert.equal(one.title, '北碚区国有建设用地使用权出让管理办法');
    assert.equal(one.effective_on, '2024-05-26');
  });

  test('the figures of 2024 and 2023, and the records behind one', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: fazhi });
    assert.equal(r.status, 200, r.text);
    const ind = Object.fromEntries(r.json.indicators.map((x) => [x.id, x]));
    const v = (id) => ind[id].value;
    // Published in 2024: A (4-26, filed on time), B (3-22, filed late),
    // F (12-20, not filed) of the bureau; G on behalf of the government.
    assert.equal(v('normative.issued'), 4);
    assert.deepEqual(ind['normative.issued'].groups.map((g) => [g.value, g.records]), [['department', 3], ['government', 1]]);
    assert.equal(v('normative.issued_department'), 3);
    assert.equal(v('normative.issued_government'), 1);
    assert.equal(v('normative.legality_reviewed'), 4);
    assert.equal(v('normative.legality_review_rate'), 100);
    assert.equal(v('normative.filed'), 2);
    assert.equal(v('normative.filing_rate'), (2 * 100) / 3);
    assert.equal(v('normative.filed_on_time'), 1);
    assert.equal(v('normative.filing_on_time_rate'), 100 / 3);
    // Cleaned up in 2024: A and D retained, E repealed.
    assert.equal(v('normative.cleaned'), 3);
    assert.deepEqual(ind['normative.cleaned'].groups.map((g) => [g.value, g.records]), [['repeal', 1], ['retain', 2]]);
    assert.equal(v('normative.cleaned_department'), 2);
    assert.equal(v('normative.cleaned_government'), 1);
    assert.equal(v('normative.cleaned_retained'), 2);
    assert.equal(v('normative.cleaned_amended'), 0);
    assert.equal(v('normative.cleaned_repealed'), 1);
    // By class: D (on behalf of the government) retained; A retained and
    // E repealed of the bureau's own.
    assert.equal(v('normative.cleaned_government_retained'), 1);
    assert.equal(v('normative.cleaned_government_amended'), 0);
    assert.equal(v('normative.cleaned_government_repealed'), 0);
    assert.equal(v('normative.cleaned_department_retained'), 1);
    assert.equal(v('normative.cleaned_department_amended'), 0);
    assert.equal(v('normative.cleaned_department_repealed'), 1);
    assert.equal(v('normative.evaluated_department'), 1);
    assert.equal(v('normative.evaluated_government'), 0);
    assert.equal(v('normative.repealed'), 1);
    // In force on 2024-12-31: A, B, F, G and D (E ended on 12-01).
    assert.equal(v('normative.in_force'), 5);
    assert.equal(v('normative.evaluated'), 1);
    // Last year: D and E published, E filed on time; in force at the end
    // of 2023: D and E.
    assert.equal(ind['normative.issued'].previous, 2);
    assert.equal(ind['normative.filing_on_time_rate'].previous, 100);
    assert.equal(ind['normative.in_force'].previous, 2);
    const d = await h.srv.req('GET', '/api/v1/indicators/normative.cleaned/records?year=2024', { session: fazhi });
    assert.equal(d.status, 200, d.text);
    assert.deepEqual(d.json.records.map((x) => x.title).sort(),
      ['北碚区农村村民住宅建设管理办法', '北碚区国有建设用地使用权出让管理办法', '北碚区地质灾害防治工作规程'].sort());
    assert.deepEqual(d.json.records.map((x) => x.state).sort(), ['in_force', 'published', 'repealed']);
  });

  // ---- the district government's own documents (org 1) ----------------
  // GA: reviewed by the 区司法局 (returned once, then passed), published
  // before the 国庆 holiday, filed with the city on the last day and with
  // the 区人大常委会 a day late; cleaned up (retained).
  // GB: its review late, published before 劳动节, filed with both on time;
  // cleaned up (amended) and evaluated.
  // GC: at the 司法局's desk at the year's end.
  let gov;
  const G = {};
  const govDoc = async (title, drafted_on) =>
    ok(await post(N, { title, drafted_for: 'government', drafting_unit: '区政府办公室', drafted_on }, gov));
  const steps = async (id, d) => {
    ok(await take(id, 'open_comment', { comment_started_on: d.comment[0] }, gov));
    ok(await take(id, 'close_comment', { comment_ended_on: d.comment[1], comments_received: 2 }, gov));
    ok(await take(id, 'expert_review', { expert_review_on: d.expert, expert_opinion: '可行' }, gov));
    ok(await take(id, 'risk_assessment', { risk_assessed_on: d.expert, risk_level: 'low' }, gov));
  };
  const sj = { review_organ: '北碚区司法局', review_organ_type: 'justice' };

  test('a government document: reviewed by the 司法局, filed with the city government and the 人大常委会 across holidays', async () => {
    gov = await userWithRoles(h, 'bb_gov_fz', ['officer', 'reviewer', 'head', 'statistician'], 1);
    const ga = await govDoc('北碚区城市更新实施办法', '2024-06-03');
    G.ga = ga.id;
    assert.equal(ga.org_id, 1);
    await steps(ga.id, { comment: ['2024-06-04', '2024-07-05'], expert: '2024-07-08' });
    let r = ok(await take(ga.id, 'submit_review', { review_submitted_on: '2024-07-09', ...sj }, gov));
    assert.equal(r.data.review_organ, '北碚区司法局');
    ok(await take(ga.id, 'return_review', { legality_returned_on: '2024-07-12', legality_opinion: '第八条设定审批无上位法依据', reason: '退回修改' }, gov));
    r = ok(await take(ga.id, 'submit_review', { review_submitted_on: '2024-07-15' }, gov));
    // Sent again Mon 7-15: 15 working days are 7-16..8-5.
    assert.equal(due(r, 'legality_review').due, '2024-08-05');
    r = ok(await take(ga.id, 'pass_review', { legality_passed_on: '2024-07-22', legality_opinion: '修改后合法' }, gov));
    assert.equal(r.data.review_organ_type, 'justice');
    assert.equal(due(r, 'legality_review').status.id, 'done_on_time');
    ok(await take(ga.id, 'deliberate', { deliberated_on: '2024-08-01', deliberation_body: 'gov_executive' }, gov));
    r = ok(await publish(ga.id, '2024-09-05', '北碚府规〔2024〕3号', {}, gov));
    // Published Thu 9-05: 30 days is Sat 10-05, within 国庆 (10-01..10-07
    // off): both filings are due on Tue 10-08. The department's filing
    // deadline does not apply to the government's document.
    assert.equal(due(r, 'filing_upper').due, '2024-10-08');
    assert.equal(due(r, 'filing_npc').due, '2024-10-08');
    assert.equal(due(r, 'filing'), undefined);
    // Refused: before publication, in the future, without the date.
    assertError(await take(ga.id, 'file_upper', { filed_upper_on: '2024-09-04' }, gov), 422, 'refused', 'filed_upper_on');
    assertError(await take(ga.id, 'file_upper', { filed_upper_on: '2099-01-04' }, gov), 422, 'refused', 'filed_upper_on');
    assertError(await take(ga.id, 'file_npc', { filed_npc_authority: '北碚区人大常委会' }, gov), 400, 'invalid', 'filed_npc_on');
    r = ok(await h.srv.req('GET', `${N}/${ga.id}`, { session: gov }));
    assert.equal(r.state, 'published');
    assert.equal(r.data.filed_upper_on, undefined);
    assert.equal(r.data.filed_npc_authority, undefined);
    r = ok(await take(ga.id, 'file_upper', { filed_upper_on: '2024-10-08', filed_upper_authority: '重庆市人民政府', filed_upper_number: '渝府备〔2024〕56号' }, gov));
    assert.equal(r.state, 'in_force');
    assert.equal(due(r, 'filing_upper').status.id, 'done_on_time');
    assert.equal(due(r, 'filing_npc').status.id, 'overdue');
    // Each filing is made once.
    const e = assertError(await take(ga.id, 'file_upper', { filed_upper_on: '2024-10-09' }, gov), 422, 'refused', 'filed_upper_on');
    assert.match(e.message, /filed_upper_on/);
    r = ok(await take(ga.id, 'file_npc', { filed_npc_on: '2024-10-09', filed_npc_authority: '北碚区人大常委会' }, gov));
    assert.equal(due(r, 'filing_npc').status.id, 'done_late');
    assert.equal(r.data.filed_upper_on, '2024-10-08');

    const gb = await govDoc('北碚区公共资源交易管理办法', '2024-02-01');
    G.gb = gb.id;
    await steps(gb.id, { comment: ['2024-02-02', '2024-03-04'], expert: '2024-03-01' });
    ok(await take(gb.id, 'submit_review', { review_submitted_on: '2024-03-01', ...sj }, gov));
    // Sent Fri 3-01: due Fri 3-22; passed Mon 3-25, late.
    r = ok(await take(gb.id, 'pass_review', { legality_passed_on: '2024-03-25', legality_opinion: '合法' }, gov));
    assert.equal(due(r, 'legality_review').due, '2024-03-22');
    assert.equal(due(r, 'legality_review').status.id, 'done_late');
    ok(await take(gb.id, 'deliberate', { deliberated_on: '2024-03-28', deliberation_body: 'gov_executive' }, gov));
    r = ok(await publish(gb.id, '2024-04-01', '北碚府规〔2024〕1号', {}, gov));
    // Mon 4-01 + 30 days is Wed 5-01, within 劳动节 (5-01..5-05): Mon 5-06.
    assert.equal(due(r, 'filing_upper').due, '2024-05-06');
    ok(await take(gb.id, 'file_npc', { filed_npc_on: '2024-04-10' }, gov));
    r = ok(await take(gb.id, 'file_upper', { filed_upper_on: '2024-04-10' }, gov));
    assert.equal(due(r, 'filing_upper').status.id, 'done_on_time');
    assert.equal(due(r, 'filing_npc').status.id, 'done_on_time');
    ok(await take(gb.id, 'cleanup_amend', { cleanup_on: '2024-11-05', cleanup_note: '第六条与新修订的招标投标条例不一致' }, gov));
    ok(await take(gb.id, 'evaluate', { evaluated_on: '2024-12-02', evaluation_conclusion: '实施效果较好' }, gov));
    ok(await take(ga.id, 'cleanup_retain', { cleanup_on: '2024-12-03' }, gov));

    const gc = await govDoc('北碚区养犬管理规定', '2024-10-08');
    G.gc = gc.id;
    r = ok(await take(gc.id, 'submit_review', { review_submitted_on: '2024-12-20', ...sj }, gov));
    // Fri 12-20: 15 working days, 元旦 2025-01-01 off: Mon 2025-01-13.
    assert.equal(due(r, 'legality_review').due, '2025-01-13');
    assert.equal(due(r, 'legality_review').status.id, 'overdue');
  });

  test('the government filings are for government documents only, refused naming the field', async () => {
    const doc = await newDoc({ title: '部门文件不报人大常委会', drafted_on: '2024-04-01' });
    await prepare(doc.id, { comment: ['2024-04-02', '2024-05-06'], expert: '2024-05-07', review: ['2024-05-08', '2024-05-10'], deliberated: '2024-05-13' });
    ok(await publish(doc.id, '2024-05-14', '碚规资发〔2024〕5号'));
    const e = assertError(await take(doc.id, 'file_npc', { filed_npc_on: '2024-05-20' }), 422, 'refused', 'drafted_for');
    assert.match(e.message, /政府行政规范性文件/);
    assert.doesNotMatch(e.message, /'government'|'department'/);
    const r = ok(await h.srv.req('GET', `${N}/${doc.id}`, { session: fazhi }));
    assert.equal(r.state, 'published');
    assert.equal(r.data.filed_npc_on, undefined);
  });

  test('the figures of the government of 2024: the district (subtree) and 本级 (--own), with the records behind them', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024&org_id=1', { session: gov });
    assert.equal(r.status, 200, r.text);
    const sub = Object.fromEntries(r.json.indicators.map((x) => [x.id, x]));
    const c = cli(['indicators', '--db', h.srv.db, '--org', '1', '--year', '2024', '--json', '--own']);
    assert.equal(c.status, 0, c.stderr);
    const own = Object.fromEntries(JSON.parse(c.stdout).map((x) => [x.id, x]));
    const both = (id, district, selfOnly) => {
      assert.equal(sub[id].value, district, `${id} of the district`);
      assert.equal(own[id].value, selfOnly, `${id} of 本级`);
    };
    // Government drafts sent for review in 2024: GA, GB, GC of the
    // government; G drafted by the bureau on its behalf (no organ named).
    both('normative.gov_submitted', 4, 3);
    assert.equal(own['normative.gov_submitted'].groups.find((g) => g.value === 'justice').records, 3);
    // Reviewed (a conclusion given): GA, GB, G; on time GA and G (GB late).
    both('normative.gov_reviewed', 3, 2);
    both('normative.gov_reviewed_on_time', 2, 1);
    both('normative.gov_review_on_time_rate', 200 / 3, 50);
    both('normative.gov_passed', 3, 2);
    both('normative.gov_returned', 1, 1);
    // Published: GA, GB (and G in the bureau). GA filed with the city on
    // its last day, with the 人大常委会 a day late; GB both on time; G
    // neither.
    both('normative.issued_government', 3, 2);
    both('normative.gov_filed_upper', 2, 2);
    both('normative.gov_filed_upper_on_time', 2, 2);
    both('normative.gov_filed_npc', 2, 2);
    both('normative.gov_filed_npc_on_time', 1, 1);
    both('normative.gov_filed_both', 2, 2);
    both('normative.gov_filing_upper_rate', 200 / 3, 100);
    both('normative.gov_filing_upper_on_time_rate', 200 / 3, 100);
    both('normative.gov_filing_npc_rate', 200 / 3, 100);
    both('normative.gov_filing_npc_on_time_rate', 100 / 3, 50);
    both('normative.gov_filing_rate', 200 / 3, 100);
    // 清理 in 2024: the bureau's A (retained), E (repealed) and D (retained,
    // on behalf of the government); the government's GB (amended) and GA
    // (retained). 后评估: A of the bureau, GB of the government.
    both('normative.cleaned', 5, 2);
    assert.deepEqual(sub['normative.cleaned'].groups.map((g) => [g.value, g.records]), [['amend', 1], ['repeal', 1], ['retain', 3]]);
    assert.deepEqual(own['normative.cleaned'].groups.map((g) => [g.value, g.records]), [['amend', 1], ['retain', 1]]);
    both('normative.cleaned_government', 3, 2);
    both('normative.cleaned_department', 2, 0);
    both('normative.cleaned_government_retained', 2, 1);
    both('normative.cleaned_government_amended', 1, 1);
    both('normative.cleaned_government_repealed', 0, 0);
    both('normative.cleaned_department_retained', 1, 0);
    both('normative.cleaned_department_repealed', 1, 0);
    both('normative.evaluated', 2, 1);
    both('normative.evaluated_government', 1, 1);
    both('normative.evaluated_department', 1, 0);
    // The records behind the figures.
    const rec = async (id) => {
      const d = await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=2024&org_id=1`, { session: gov });
      assert.equal(d.status, 200, d.text);
      return d.json.records.map((x) => x.title).sort();
    };
    assert.deepEqual(await rec('normative.gov_filed_npc_on_time'), ['北碚区公共资源交易管理办法']);
    assert.deepEqual(await rec('normative.gov_filing_npc_on_time_rate'), ['北碚区公共资源交易管理办法']);
    assert.deepEqual(await rec('normative.gov_returned'), ['北碚区城市更新实施办法']);
    assert.deepEqual(await rec('normative.gov_submitted'),
      ['北碚区养犬管理规定', '北碚区公共资源交易管理办法', '北碚区城市更新实施办法', '北碚区城乡规划管理技术规定'].sort());
    assert.deepEqual(await rec('normative.cleaned_government_retained'), ['北碚区农村村民住宅建设管理办法', '北碚区城市更新实施办法'].sort());
    assert.deepEqual(await rec('normative.evaluated_government'), ['北碚区公共资源交易管理办法']);
    // The bureau's staff do not see the government's figures.
    const f = await h.srv.req('GET', '/api/v1/indicators?year=2024&org_id=1', { session: fazhi });
    assert.notEqual(f.status, 200);
  });
});
