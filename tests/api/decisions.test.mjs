// decisions.test.mjs - 重大行政决策 (SPEC §2.5; 重大行政决策程序暂行条例)
// through the API: a decision cannot be taken until 公众参与 (the draft out
// for comment at least 30 days, art. 14), 专家论证, 风险评估, 合法性审查
// (at least 7 working days, art. 26) and 集体讨论 are recorded; the comment
// cannot be closed before its 30 days have run; the yearly catalogue
// (public list and an indicator with drill-down); refusals (wrong state,
// wrong role, each guard naming its field, bad input with nothing written);
// the figures of 2024 against hand-worked values. Dates worked out by hand
// from data/calendar/holidays.txt.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, useServer } from './lib.mjs';

const M = '/api/v1/records/major_decision';

describe('major decisions', () => {
  const h = useServer();
  let fazhi, zhifa;

  const post = (p, json, s = fazhi) => h.srv.req('POST', p, { session: s, json });
  const take = (id, name, json = {}, s = fazhi) => post(`${M}/${id}/transitions/${name}`, json, s);
  const ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  const newDecision = async (extra = {}) =>
    ok(await post(M, { title: '北碚区集体土地征收补偿安置标准调整', decision_unit: '征地事务中心', started_on: '2024-02-01', ...extra }));

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
  });

  test('a decision through every step of the procedure, refused while a period runs', async () => {
    const d = await newDecision();
    assert.equal(d.state, 'preparing');
    assert.match(d.number, /^ZDJC-2024-\d{5}$/);
    assertError(await take(d.id, 'list_in_catalogue', { listed_on: '2024-02-05' }, zhifa), 403, 'forbidden');
    ok(await take(d.id, 'list_in_catalogue', { listed_on: '2024-02-05' }));
    assertError(await take(d.id, 'list_in_catalogue', { listed_on: '2024-02-06' }), 422, 'refused', 'listed_on');
    ok(await take(d.id, 'expert_review', { expert_review_on: '2024-03-11', expert_opinion: '标准测算合理' }));
    ok(await take(d.id, 'risk_assessment', { risk_assessed_on: '2024-03-12', risk_level: 'medium', risk_opinion: '风险可控' }));
    let r = ok(await take(d.id, 'open_comment', { comment_started_on: '2024-03-04', comment_channel: '区政府网站、座谈会' }));
    assert.equal(r.state, 'commenting');
    // No expert review while the draft is out for comment: not from this state.
    assertError(await take(d.id, 'expert_review', { expert_review_on: '2024-03-13', expert_opinion: 'x' }), 422, 'refused', 'transition');
    // Published Mon 2024-03-04: 30 days (art. 14) run to Wed 4-3, a working
    // day; the comment may not close before it.
    const e = assertError(await take(d.id, 'close_comment', { comment_ended_on: '2024-04-02', comments_received: 25 }), 422, 'refused', 'comment_ended_on');
    assert.match(e.message, /2024年4月3日/);
    r = ok(await take(d.id, 'close_comment', { comment_ended_on: '2024-04-03', comments_received: 25, comments_adopted: 6, comment_feedback: '采纳6条' }));
    assert.equal(r.state, 'preparing');
    ok(await take(d.id, 'hold_hearing', { hearing_on: '2024-03-20', hearing_summary: '被征收人代表12人参加' }));
    // No collective discussion before a passed legality review (art. 24).
    assertError(await take(d.id, 'collective_discussion', { discussed_on: '2024-04-03', meeting_body: 'director_office' }), 422, 'refused', 'legality_passed_on');
    r = ok(await take(d.id, 'send_legality_review', { legality_sent_on: '2024-04-03' }));
    assert.equal(r.state, 'legality_review');
    assertError(await take(d.id, 'pass_legality_review', { legality_passed_on: '2024-04-11', legality_opinion: '合法' }, zhifa), 403, 'forbidden');
    assertError(await take(d.id, 'pass_legality_review', { legality_passed_on: '2024-04-02', legality_opinion: '合法' }), 422, 'refused', 'legality_passed_on');
    ok(await take(d.id, 'pass_legality_review', { legality_passed_on: '2024-04-11', legality_opinion: '程序合法，内容合法' }));
    assertError(await take(d.id, 'collective_discussion', { discussed_on: '2024-04-12', meeting_body: 'director_office' }, zhifa), 403, 'forbidden');
    ok(await take(d.id, 'collective_discussion', { discussed_on: '2024-04-12', meeting_body: 'gov_executive', discussion_summary: '原则同意' }));
    // Sent for legality review Wed 4-3: 7 working days (art. 26) are Sun
    // 4-7 (a 清明 调休 working day; 4-4..4-6 are off), 4-8, 4-9, 4-10,
    // 4-11, 4-12, Mon 4-15. No decision on or before 4-15.
    const e2 = assertError(await take(d.id, 'decide', { decided_on: '2024-04-15', decision_number: '北碚府发〔2024〕9号' }), 422, 'refused', 'decided_on');
    assert.match(e2.message, /重大行政决策合法性审查时间（《重大行政决策程序暂行条例》第二十六条），该期限于2024年4月15日届满后方可办理/);
    assertError(await take(d.id, 'decide', { decided_on: '2024-04-16' }, zhifa), 403, 'forbidden');
    r = ok(await take(d.id, 'decide', { decided_on: '2024-04-16', decision_number: '北碚府发〔2024〕9号', decision_text: '调整补偿标准' }));
    assert.equal(r.state, 'decided');
    assertError(await take(d.id, 'publish', { published_on: '2024-04-15' }), 422, 'refused', 'published_on');
    r = ok(await take(d.id, 'publish', { published_on: '2024-04-19' }, zhifa));
    assert.equal(r.state, 'published');
    ok(await take(d.id, 'evaluate', { evaluated_on: '2024-12-02', evaluation_summary: '执行良好' }));
    const hist = (await h.srv.req('GET', `${M}/${d.id}/history`, { session: fazhi })).json.events.map((x) => x.type);
    assert.deepEqual(hist.slice(0, 2), ['record.create', 'record.list_in_catalogue']);
    assert.equal(hist.at(-1), 'record.evaluate');
  });

  test('decided before the 30 days of comment have run: refused on the decision date', async () => {
    const d = await newDecision({ title: '北碚区国土空间生态修复专项规划', started_on: '2024-02-20' });
    ok(await take(d.id, 'list_in_catalogue', { listed_on: '2024-02-26' }));
    ok(await take(d.id, 'expert_review', { expert_review_on: '2024-02-27', expert_opinion: '可行' }));
    ok(await take(d.id, 'risk_assessment', { risk_assessed_on: '2024-02-28', risk_level: 'low' }));
    // Sent Thu 2-29: 7 working days are 3-1, 3-4..3-8, 3-11.
    ok(await take(d.id, 'send_legality_review', { legality_sent_on: '2024-02-29' }));
    ok(await take(d.id, 'pass_legality_review', { legality_passed_on: '2024-03-01', legality_opinion: '合法' }));
    ok(await take(d.id, 'collective_discussion', { discussed_on: '2024-03-01', meeting_body: 'director_office' }));
    // Without public participation there is no decision.
    assertError(await take(d.id, 'decide', { decided_on: '2024-03-12' }), 422, 'refused', 'comment_ended_on');
    ok(await take(d.id, 'open_comment', { comment_started_on: '2024-03-04' }));
    assertError(await take(d.id, 'decide', { decided_on: '2024-03-12' }), 422, 'refused', 'transition');
    ok(await take(d.id, 'close_comment', { comment_ended_on: '2024-04-03', comments_received: 8, comments_adopted: 0 }));
    // A decision dated 3-28 lies inside the comment period of 3-4 .. 4-3.
    const e = assertError(await take(d.id, 'decide', { decided_on: '2024-03-28' }), 422, 'refused', 'decided_on');
    assert.match(e.message, /重大行政决策公开征求意见期（《重大行政决策程序暂行条例》第十四条），该期限于2024年4月3日届满后方可办理/);
    assert.match(e.message, /2024年4月3日/);
    assertError(await take(d.id, 'decide', { decided_on: '2024-04-03' }), 422, 'refused', 'decided_on');
    const r = ok(await take(d.id, 'decide', { decided_on: '2024-04-08', decision_number: '碚规资发〔2024〕6号' }));
    assert.equal(r.state, 'decided');
  });

  test('each missing step is named; a comment ending in the National Day holiday runs past it', async () => {
    const d = await newDecision({ title: '北碚区历史文化街区保护规划', started_on: '2024-06-03' });
    const steps = [
      ['comment_ended_on', async () => {
        ok(await take(d.id, 'open_comment', { comment_started_on: '2024-06-04' }));
        ok(await take(d.id, 'close_comment', { comment_ended_on: '2024-07-05', comments_received: 0 }));
      }],
      ['expert_review_on', async () => ok(await take(d.id, 'expert_review', { expert_review_on: '2024-07-08', expert_opinion: '同意' }))],
      ['risk_assessed_on', async () => ok(await take(d.id, 'risk_assessment', { risk_assessed_on: '2024-07-08', risk_level: 'high' }))],
      ['legality_passed_on', async () => {
        ok(await take(d.id, 'send_legality_review', { legality_sent_on: '2024-07-09' }));
        ok(await take(d.id, 'pass_legality_review', { legality_passed_on: '2024-07-19', legality_opinion: '合法' }));
      }],
      ['discussed_on', async () => ok(await take(d.id, 'collective_discussion', { discussed_on: '2024-07-22', meeting_body: 'party_group' }))],
    ];
    for (const [field, record] of steps) {
      assertError(await take(d.id, 'decide', { decided_on: '2024-07-23' }), 422, 'refused', field);
      await record();
    }
    // Returned by the reviewer: sent again, returned again. The earlier pass
    // is older than the latest sending and does not count.
    ok(await take(d.id, 'send_legality_review', { legality_sent_on: '2024-07-23' }));
    const r = ok(await take(d.id, 'return_legality_review', { legality_returned_on: '2024-07-25', legality_opinion: '补偿标准缺依据', reason: '退回' }));
    assert.equal(r.data.legality_result, 'returned');
    assertError(await take(d.id, 'decide', { decided_on: '2024-08-05' }), 422, 'refused', 'legality_passed_on');
    // A second round of comment, opened Mon 2024-09-02: 30 days reach Wed
    // 10-2, inside the National Day holiday (10-1..10-7), so the period
    // ends on Tue 10-8.
    ok(await take(d.id, 'open_comment', { comment_started_on: '2024-09-02' }));
    const e = assertError(await take(d.id, 'close_comment', { comment_ended_on: '2024-10-07', comments_received: 3 }), 422, 'refused', 'comment_ended_on');
    assert.match(e.message, /2024年10月8日/);
    assertError(await take(d.id, 'shelve', { reason: '规划调整' }, zhifa), 403, 'forbidden');
    assertError(await take(d.id, 'shelve', {}), 400, 'invalid', 'reason');
    const s = ok(await take(d.id, 'shelve', { reason: '上级规划调整，暂不决策' }));
    assert.equal(s.state, 'shelved');
    assertError(await take(d.id, 'close_comment', { comment_ended_on: '2024-10-08', comments_received: 3 }), 422, 'refused', 'transition');
  });

  test('a decision of 2023, evaluated in 2024', async () => {
    const d = await newDecision({ title: '北碚区城市更新实施办法', started_on: '2023-05-04' });
    assert.match(d.number, /^ZDJC-2023-/);
    ok(await take(d.id, 'list_in_catalogue', { listed_on: '2023-05-05' }));
    ok(await take(d.id, 'expert_review', { expert_review_on: '2023-05-05', expert_opinion: '可行' }));
    ok(await take(d.id, 'risk_assessment', { risk_assessed_on: '2023-05-05', risk_level: 'low' }));
    // Mon 2023-05-08 + 30 days = Wed 6-7.
    ok(await take(d.id, 'open_comment', { comment_started_on: '2023-05-08' }));
    ok(await take(d.id, 'close_comment', { comment_ended_on: '2023-06-07', comments_received: 10, comments_adopted: 2 }));
    // Sent Fri 6-9: 6-12..6-16, 6-19, 6-20: the 7th working day is 6-20.
    ok(await take(d.id, 'send_legality_review', { legality_sent_on: '2023-06-09' }));
    ok(await take(d.id, 'pass_legality_review', { legality_passed_on: '2023-06-16', legality_opinion: '合法' }));
    ok(await take(d.id, 'collective_discussion', { discussed_on: '2023-06-21', meeting_body: 'director_office' }));
    ok(await take(d.id, 'decide', { decided_on: '2023-06-26', decision_number: '碚规资发〔2023〕5号' }));
    ok(await take(d.id, 'publish', { published_on: '2023-07-03' }));
    ok(await take(d.id, 'evaluate', { evaluated_on: '2024-06-28', evaluation_summary: '达到预期' }));
  });

  test('bad input is refused naming the field, nothing written', async () => {
    const total = async () => (await h.srv.req('GET', M, { session: fazhi })).json.total;
    const before = await total();
    for (const [body, field] of [
      [{ decision_unit: '科室', started_on: '2024-02-01' }, 'title'],
      [{ title: '决策', started_on: '2024/02/01' }, 'started_on'],
      [{ title: '决策', started_on: '2024-02-01', decided_on: '2024-03-01' }, 'decided_on'],
      [{ title: '决策', started_on: '2024-02-01', budget: 1 }, 'budget'],
    ])
      assertError(await post(M, body), 400, 'invalid', field);
    assertError(await post(M, { title: '决策', started_on: '2024-02-01' }, await h.srv.login('admin', h.fx.pw('admin'))), 403, 'forbidden');
    assert.equal(await total(), before);
    const d = await newDecision({ title: '坏输入', started_on: '2024-02-01' });
    ok(await take(d.id, 'open_comment', { comment_started_on: '2024-03-04' }));
    assertError(await take(d.id, 'close_comment', { comment_ended_on: '2024-04-03', comments_received: 'many' }), 400, 'invalid', 'comments_received');
    assertError(await take(d.id, 'close_comment', { comment_ended_on: '2024-04-03', comments_received: 1, comments_adopted: 2 }), 422, 'refused', 'comments_adopted');
    assertError(await take(d.id, 'close_comment', { comment_ended_on: '2024-03-01', comments_received: 1 }), 422, 'refused', 'comment_ended_on');
    const r = ok(await h.srv.req('GET', `${M}/${d.id}`, { session: fazhi }));
    assert.equal(r.state, 'commenting');
    assert.equal(r.data.comment_ended_on, undefined);
  });

  test('the yearly catalogue is public; the figures of 2024 and the records behind one', async () => {
    const pub = await h.srv.req('GET', '/api/v1/public/major_decision/list');
    assert.equal(pub.status, 200, pub.text);
    // Listed: the three catalogued decisions (2023 and 2024), not the
    // shelved or the bad-input one.
    assert.deepEqual(pub.json.items.map((x) => x.title).sort(),
      ['北碚区集体土地征收补偿安置标准调整', '北碚区国土空间生态修复专项规划', '北碚区城市更新实施办法'].sort());
    const a = pub.json.items.find((x) => x.title === '北碚区集体土地征收补偿安置标准调整');
    assert.equal(a.decided_on, '2024-04-16');
    assert.equal(a.decision_number, '北碚府发〔2024〕9号');

    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: fazhi });
    assert.equal(r.status, 200, r.text);
    const ind = Object.fromEntries(r.json.indicators.map((x) => [x.id, x]));
    const v = (id) => ind[id].value;
    assert.equal(v('decision.catalogue'), 2);
    assert.equal(ind['decision.catalogue'].previous, 1);
    assert.equal(v('decision.decided'), 2);
    assert.equal(ind['decision.decided'].previous, 1);
    assert.equal(v('decision.legality_reviewed'), 2);
    assert.equal(v('decision.legality_review_rate'), 100);
    // Comments closed in 2024: 25 + 8 + 0 (the shelved one's first round).
    assert.equal(v('decision.comments_received'), 33);
    assert.equal(ind['decision.comments_received'].previous, 10);
    assert.equal(v('decision.hearings'), 1);
    assert.equal(v('decision.published'), 1);
    assert.equal(v('decision.evaluated'), 2);
    const d = await h.srv.req('GET', '/api/v1/indicators/decision.catalogue/records?year=2024', { session: fazhi });
    assert.equal(d.status, 200, d.text);
    assert.deepEqual(d.json.records.map((x) => x.title).sort(), ['北碚区集体土地征收补偿安置标准调整', '北碚区国土空间生态修复专项规划'].sort());
    const d23 = await h.srv.req('GET', '/api/v1/indicators/decision.catalogue/records?year=2023', { session: fazhi });
    assert.deepEqual(d23.json.records.map((x) => x.title), ['北碚区城市更新实施办法']);
  });
});
