// reviewed_proposal.test.mjs - the decision of an enforcement case is the
// proposal that 法制审核 and 集体讨论 approved (issue 17, deliverable 2;
// 行政处罚法 arts. 57, 58): each review records what it saw of the
// decision's fields (the transition's "snapshot"), and decide with any of
// them changed is refused naming the field, both values and what to do,
// with nothing written; a new review after a new proposal allows it.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, enforcementCases, useServer } from './lib.mjs';

const C = '/api/v1/records/enforcement_case';

describe('the reviewed proposal is what is decided', () => {
  const h = useServer();
  const x = enforcementCases(h);
  const { take, ok, toReviewing } = x;
  let fazhi, ids;

  before(async () => {
    await x.setup();
    ({ fazhi, ids } = x);
  });

  test('the decision is the proposal that 法制审核 and 集体讨论 approved; a new review allows a new one', async () => {
    const id = await toReviewing({ fine: 150000, decision_text: '罚款壹拾伍万元' });
    ok(await take(id, 'legal_review', { legal_review_on: '2024-03-26', legal_review_result: 'passed', legal_review_opinion: '事实清楚，同意' }));
    ok(await take(id, 'collective_discussion', { collective_discussion_on: '2024-03-26', collective_decision: '同意' }));
    ok(await take(id, 'notify', { notified_on: '2024-03-27' }));
    const decide = (extra) => take(id, 'decide', { decided_on: '2024-04-08', decision_number: '碚规资罚〔2024〕15号', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty', ...extra });
    const histLen = async () => (await h.srv.req('GET', `${C}/${id}/history`, { session: fazhi })).json.events.length;
    const before = await histLen();
    // each reviewed field changed: refused naming it, with both values, nothing written
    for (const [field, value, label] of [
      ['fine', 0, /罚款（元）审核时为150000元、现为0元/],
      ['confiscated_gains', 5000, /没收违法所得/],
      ['order_demolition', true, /审核时为空、现为是/],
      ['decision_type', 'no_penalty', /审核时为[^、]+、现为不予/],
    ]) {
      const e = assertError(await decide({ [field]: value }), 422, 'refused', field);
      assert.match(e.message, /与法制审核时的处理意见不一致/);
      assert.match(e.message, label);
      assert.match(e.message, /须重新提出处理意见并再经审核/);
      assert.doesNotMatch(e.message.slice(e.message.indexOf(':') + 1), /[a-z_]{4,}/, e.message);
    }
    assert.equal(await histLen(), before);
    // the reviewed proposal, unchanged (or not given again): decided
    const r = ok(await decide({ fine: 150000 }));
    assert.equal(r.state, 'decided');
    assert.equal(r.data.fine, 150000);
    // the snapshot is in the review's event, so in the chain
    const ev = (await h.srv.req('GET', `${C}/${id}/history`, { session: fazhi })).json.events.find((x) => x.type === 'record.legal_review');
    assert.deepEqual(JSON.parse(ev.data.changed.legal_reviewed_proposal).fine, 150000);
  });

  test('a changed proposal needs a new review: the old one does not carry it', async () => {
    const id = await toReviewing({ fine: 8000 });
    // not a major case under the default criteria: no flag
    assert.equal((await h.srv.req('GET', `${C}/${id}`, { session: fazhi })).json.major, undefined);
    ok(await take(id, 'legal_review', { legal_review_on: '2024-03-26', legal_review_result: 'passed', legal_review_opinion: '同意' }));
    ok(await take(id, 'propose', { reviewed_on: '2024-03-26', decision_type: 'penalty', fine: 9000 }));
    ok(await take(id, 'notify', { notified_on: '2024-03-27' }));
    const decide = () => take(id, 'decide', { decided_on: '2024-04-08', decision_number: '碚规资罚〔2024〕16号', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty' });
    assertError(await decide(), 422, 'refused', 'fine');
    // reviewing again is in the reviewing state: send it back, review, notify
    ok(await h.srv.req('POST', `${C}/${id}/return`, { session: fazhi, json: { reason: '处理意见已改，重新审核' } }));
    ok(await take(id, 'legal_review', { legal_review_on: '2024-03-28', legal_review_result: 'passed', legal_review_opinion: '同意改后的意见' }));
    ok(await take(id, 'notify', { notified_on: '2024-03-28' }));
    const r = ok(await take(id, 'decide', { decided_on: '2024-04-09', decision_number: '碚规资罚〔2024〕16号', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty' }));
    assert.equal(r.data.fine, 9000);
  });

});
