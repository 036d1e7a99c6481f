// filing_review.test.mjs - 行政规范性文件备案审查 through the API: the
// district government (org 1 of the fixture) receives the normative
// documents its departments and the governments below it file with it,
// registers them, reviews them within the period of filing_review.review
// (30 days, a local rule) and files them, has them corrected or revokes
// them, or declines those outside its scope. Refusals name their field and
// write nothing; every figure of the kind for 2024 is checked against
// hand-worked values, with the records behind it. Dates worked out by hand
// from data/calendar/holidays.txt (国办发明电〔2022〕16号 for 2023,
// 〔2023〕7号 for 2024, 〔2024〕12号 for 2025).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, fazhi as cli, userWithRoles, useServer } from './lib.mjs';

const K = '/api/v1/records/filing_review';

describe('备案审查 of the normative documents filed with the government', () => {
  const h = useServer();
  let gov, clerk, fazhi;
  const R = {};

  const post = (p, json, s = gov) => h.srv.req('POST', p, { session: s, json });
  const take = (id, name, json = {}, s = gov) => post(`${K}/${id}/transitions/${name}`, json, s);
  const ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  const get = async (id) => ok(await h.srv.req('GET', `${K}/${id}`, { session: gov }));
  const total = async () => (await h.srv.req('GET', K, { session: gov })).json.total;
  const due = (rec) => rec.deadlines.find((d) => d.name === 'review');
  const receive = async (title, organ, type, published, received, no) =>
    ok(await post(K, {
      title, doc_number: no, filing_organ: organ, filing_organ_type: type,
      doc_published_on: published, received_on: received,
    }));

  before(async () => {
    gov = await userWithRoles(h, 'bb_gov_fz', ['officer', 'reviewer', 'head', 'statistician'], 1);
    clerk = await userWithRoles(h, 'bb_gov_clerk', ['officer'], 1);
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
  });

  test('filed with the government, registered, reviewed: 予以备案 within the period across 清明', async () => {
    // R0: received late in 2023, reviewed in 2024.
    const r0 = await receive('北碚区规划和自然资源局行政执法公示办法', '北碚区规划和自然资源局', 'department', '2023-12-15', '2023-12-20', '碚规资发〔2023〕20号');
    R.r0 = r0.id;
    assert.equal(r0.number.slice(0, 10), 'BASC-2023-');
    ok(await take(r0.id, 'register', { registered_on: '2023-12-21', registration_number: '碚备审〔2023〕40号' }));
    let r = ok(await take(r0.id, 'approve', { reviewed_on: '2024-01-08', review_opinion: '未发现问题' }));
    assert.equal(r.state, 'filed');
    // Wed 2023-12-20 + 30 days = Fri 2024-01-19.
    assert.equal(due(r).due, '2024-01-19');
    assert.equal(due(r).status.id, 'done_on_time');

    // R1: received Tue 2024-03-05: 30 days is Thu 4-04, 清明 (4-04..4-06
    // off); Sun 4-07 is a working day (调休): the period ends then.
    const r1 = await receive('北碚区规划和自然资源局临时用地审批规程', '北碚区规划和自然资源局', 'department', '2024-03-01', '2024-03-05', '碚规资发〔2024〕3号');
    R.r1 = r1.id;
    assert.equal(r1.state, 'received');
    assert.match(r1.number, /^BASC-2024-\d{5}$/);
    assert.equal(due(r1).due, '2024-04-07');
    // No review before registration.
    assertError(await take(r1.id, 'approve', { reviewed_on: '2024-03-20' }), 422, 'refused', 'transition');
    assertError(await take(r1.id, 'register', { registered_on: '2024-03-04' }), 422, 'refused', 'registered_on');
    r = ok(await take(r1.id, 'register', { registered_on: '2024-03-06', registration_number: '碚备审〔2024〕5号' }, clerk));
    assert.equal(r.state, 'reviewing');
    assertError(await take(r1.id, 'approve', { reviewed_on: '2024-03-05' }), 422, 'refused', 'reviewed_on');
    r = ok(await take(r1.id, 'approve', { reviewed_on: '2024-03-20', review_opinion: '制定主体、程序、内容合法' }));
    assert.equal(r.state, 'filed');
    assert.equal(r.data.review_result, 'filed');
    assert.equal(due(r).status.id, 'done_on_time');
    assertError(await take(r1.id, 'require_correction', { reviewed_on: '2024-03-21', review_opinion: 'x' }), 422, 'refused', 'transition');
  });

  test('需要纠正: the notice, then corrected or revoked; 不予备案 outside the scope', async () => {
    // R2: a town government; reviewed after the period (due Fri 6-07).
    const r2 = await receive('澄江镇农村人居环境整治奖惩办法', '北碚区澄江镇人民政府', 'lower_government', '2024-05-06', '2024-05-08', '澄江府发〔2024〕6号');
    R.r2 = r2.id;
    ok(await take(r2.id, 'register', { registered_on: '2024-05-09' }));
    assertError(await take(r2.id, 'require_correction', { reviewed_on: '2024-06-20' }), 400, 'invalid', 'review_opinion');
    let r = ok(await take(r2.id, 'require_correction', { reviewed_on: '2024-06-20', review_opinion: '第九条设定罚款，超越权限' }));
    assert.equal(r.state, 'correcting');
    assert.equal(due(r).due, '2024-06-07');
    assert.equal(due(r).status.id, 'done_late');
    assertError(await take(r2.id, 'notify_correction', { correction_notified_on: '2024-06-19' }), 422, 'refused', 'correction_notified_on');
    r = ok(await take(r2.id, 'notify_correction', { correction_notified_on: '2024-06-21', correction_notice_number: '碚府法函〔2024〕12号' }));
    assert.equal(r.state, 'notified');
    // A correction dated before the notice, or in the future: refused,
    // nothing written.
    let e = assertError(await take(r2.id, 'confirm_corrected', { corrected_on: '2024-06-20' }), 422, 'refused', 'corrected_on');
    assert.match(e.message, /不能早于纠正通知日期/);
    assertError(await take(r2.id, 'confirm_corrected', { corrected_on: '2099-06-20' }), 422, 'refused', 'corrected_on');
    assertError(await take(r2.id, 'confirm_corrected', { outcome_note: '已修改' }), 400, 'invalid', 'corrected_on');
    r = await get(r2.id);
    assert.equal(r.state, 'notified');
    assert.equal(r.data.corrected_on, undefined);
    assert.equal(r.data.outcome_note, undefined);
    r = ok(await take(r2.id, 'confirm_corrected', { corrected_on: '2024-07-15', outcome_note: '已删除第九条' }));
    assert.equal(r.state, 'corrected');
    assert.equal(r.data.correction_outcome, 'corrected');

    // R3: a department; not corrected, revoked by a head with a reason.
    const r3 = await receive('北碚区市场监督管理局柔性执法清单', '北碚区市场监督管理局', 'department', '2024-07-29', '2024-08-01', '碚市监发〔2024〕9号');
    R.r3 = r3.id;
    ok(await take(r3.id, 'register', { registered_on: '2024-08-02' }));
    r = ok(await take(r3.id, 'require_correction', { reviewed_on: '2024-08-20', review_opinion: '减损当事人权利' }));
    // Thu 8-01 + 30 days = Sat 8-31: Mon 9-02.
    assert.equal(due(r).due, '2024-09-02');
    assert.equal(due(r).status.id, 'done_on_time');
    ok(await take(r3.id, 'notify_correction', { correction_notified_on: '2024-08-22' }));
    assertError(await take(r3.id, 'revoke', { revoked_on: '2024-10-10', outcome_note: '逾期未纠正', reason: '逾期未纠正' }, clerk), 403, 'forbidden');
    assertError(await take(r3.id, 'revoke', { revoked_on: '2024-10-10', outcome_note: '逾期未纠正' }), 400, 'invalid', 'reason');
    assertError(await take(r3.id, 'revoke', { revoked_on: '2024-08-21', outcome_note: '逾期未纠正', reason: '逾期未纠正' }), 422, 'refused', 'revoked_on');
    r = ok(await take(r3.id, 'revoke', { revoked_on: '2024-10-10', outcome_note: '制定机关逾期未纠正，予以撤销', reason: '逾期未纠正' }));
    assert.equal(r.state, 'revoked');
    assert.equal(r.data.correction_outcome, 'revoked');

    // R4: outside the scope (an internal rule): 不予备案, with a reason.
    const r4 = await receive('东阳街道机关考勤管理制度', '北碚区东阳街道办事处', 'lower_government', '2024-08-28', '2024-09-02', '东阳办发〔2024〕3号');
    R.r4 = r4.id;
    // Mon 9-02 + 30 days = Wed 10-02, within 国庆 (10-01..10-07): Tue 10-08.
    assert.equal(due(r4).due, '2024-10-08');
    ok(await take(r4.id, 'register', { registered_on: '2024-09-03' }));
    assertError(await take(r4.id, 'decline', { reviewed_on: '2024-09-10', review_opinion: '内部管理制度' }), 400, 'invalid', 'reason');
    r = ok(await take(r4.id, 'decline', { reviewed_on: '2024-09-10', review_opinion: '属内部管理制度，不属于行政规范性文件', reason: '不属于备案审查范围' }));
    assert.equal(r.state, 'declined');
    assert.equal(r.data.review_result, 'declined');

    // R5: received in December, still being reviewed at the year's end.
    const r5 = await receive('北碚区生态环境局环境信用评价办法', '北碚区生态环境局', 'department', '2024-12-12', '2024-12-16', '碚环发〔2024〕30号');
    R.r5 = r5.id;
    r = ok(await take(r5.id, 'register', { registered_on: '2024-12-17' }));
    // Mon 12-16 + 30 days = Wed 2025-01-15; overdue now.
    assert.equal(due(r).due, '2025-01-15');
    assert.equal(due(r).status.id, 'overdue');
    const hist = ok(await h.srv.req('GET', `${K}/${R.r2}/history`, { session: gov })).events.map((x) => x.type);
    assert.deepEqual(hist, ['record.create', 'record.register', 'record.require_correction', 'record.notify_correction', 'record.confirm_corrected']);
  });

  test('bad input is refused naming the field, nothing written', async () => {
    const n = await total();
    const good = {
      title: '测试文件', doc_number: '测〔2024〕1号', filing_organ: '北碚区城市管理局', filing_organ_type: 'department',
      doc_published_on: '2024-03-01', received_on: '2024-03-04',
    };
    for (const [extra, status, field] of [
      [{ filing_organ: undefined }, 400, 'filing_organ'],
      [{ doc_number: undefined }, 400, 'doc_number'],
      [{ title: undefined }, 400, 'title'],
      [{ received_on: undefined }, 400, 'received_on'],
      [{ doc_published_on: undefined }, 400, 'doc_published_on'],
      [{ filing_organ_type: undefined }, 400, 'filing_organ_type'],
      [{ filing_organ_type: 'township' }, 400, 'filing_organ_type'],
      [{ received_on: '2024-02-30' }, 400, 'received_on'],
      [{ received_on: '2099-03-04' }, 422, 'received_on'],
      [{ received_on: '2024-02-28' }, 422, 'received_on'],
      [{ reviewed_on: '2024-03-05' }, 400, 'reviewed_on'],
    ]) {
      const body = { ...good, ...extra };
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      assertError(await post(K, body), status, status === 400 ? 'invalid' : 'refused', field);
    }
    assert.equal(await total(), n);
    // The bureau's staff neither see nor file here: the government's
    // records are outside their organisation.
    assert.equal((await h.srv.req('GET', `${K}/${R.r1}`, { session: fazhi })).status, 404);
  });

  test('the figures of 2024, with the records behind them', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024&org_id=1', { session: gov });
    assert.equal(r.status, 200, r.text);
    const ind = Object.fromEntries(r.json.indicators.filter((x) => x.kind === 'filing_review').map((x) => [x.id, x]));
    const v = (id) => ind[id].value;
    const groups = (id) => ind[id].groups.map((g) => [g.value, g.records]);
    // Received in 2024: R1, R3, R5 of departments; R2, R4 of the town
    // governments and the 街道 (below the district).
    assert.equal(v('filing_review.received'), 5);
    assert.deepEqual(groups('filing_review.received'), [['department', 3], ['lower_government', 2]]);
    assert.equal(v('filing_review.received_department'), 3);
    assert.equal(v('filing_review.received_lower_government'), 2);
    // Reviewed in 2024: R0 (received 2023), R1 filed; R2, R3 to correct;
    // R4 declined. On time all but R2.
    assert.equal(v('filing_review.reviewed'), 5);
    assert.deepEqual(groups('filing_review.reviewed'), [['correction', 2], ['declined', 1], ['filed', 2]]);
    assert.equal(v('filing_review.reviewed_on_time'), 4);
    assert.equal(v('filing_review.on_time_rate'), 80);
    assert.equal(v('filing_review.filed'), 2);
    assert.equal(v('filing_review.declined'), 1);
    assert.equal(v('filing_review.faulty'), 2);
    assert.deepEqual(groups('filing_review.faulty'), [['department', 1], ['lower_government', 1]]);
    assert.equal(v('filing_review.faulty_department'), 1);
    assert.equal(v('filing_review.faulty_lower_government'), 1);
    assert.equal(v('filing_review.fault_rate'), 40);
    assert.equal(v('filing_review.notified'), 2);
    assert.equal(v('filing_review.corrected'), 1);
    assert.equal(v('filing_review.revoked'), 1);
    assert.equal(v('filing_review.correction_rate'), 50);
    // Pending on 2024-12-31: R5; on 2023-12-31: R0.
    assert.equal(v('filing_review.pending'), 1);
    assert.deepEqual(groups('filing_review.pending'), [['department', 1]]);
    assert.equal(ind['filing_review.pending'].previous, 1);
    assert.equal(ind['filing_review.received'].previous, 1);
    const rec = async (id) => {
      const d = await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=2024&org_id=1`, { session: gov });
      assert.equal(d.status, 200, d.text);
      return d.json.records.map((x) => x.id).sort((a, b) => a - b);
    };
    const ids = (...xs) => xs.map((x) => R[x]).sort((a, b) => a - b);
    assert.deepEqual(await rec('filing_review.received'), ids('r1', 'r2', 'r3', 'r4', 'r5'));
    assert.deepEqual(await rec('filing_review.reviewed_on_time'), ids('r0', 'r1', 'r3', 'r4'));
    assert.deepEqual(await rec('filing_review.on_time_rate'), ids('r0', 'r1', 'r3', 'r4'));
    assert.deepEqual(await rec('filing_review.faulty'), ids('r2', 'r3'));
    assert.deepEqual(await rec('filing_review.corrected'), ids('r2'));
    assert.deepEqual(await rec('filing_review.correction_rate'), ids('r2'));
    assert.deepEqual(await rec('filing_review.revoked'), ids('r3'));
    assert.deepEqual(await rec('filing_review.declined'), ids('r4'));
    assert.deepEqual(await rec('filing_review.pending'), ids('r5'));
    assert.deepEqual(await rec('filing_review.received_lower_government'), ids('r2', 'r4'));
    // 本级 is the same: all the reviews are the government's own.
    const c = cli(['indicators', '--db', h.srv.db, '--org', '1', '--year', '2024', '--json', '--own']);
    assert.equal(c.status, 0, c.stderr);
    const own = Object.fromEntries(JSON.parse(c.stdout).map((x) => [x.id, x.value]));
    for (const id of Object.keys(ind)) assert.equal(own[id], v(id), id);
  });

  test('the period is a local rule: an override for the organisation applies', async () => {
    // `fazhi rules override` on a stopped server, or this API (sysadmin).
    const admin = await h.srv.login('admin', h.fx.pw('admin'));
    ok(await h.srv.req('PUT', '/api/v1/rules/filing_review.review/override', { session: admin, json: { org_id: 1, days: 15 } }));
    const r6 = await receive('北碚区城市管理局占道经营管理办法', '北碚区城市管理局', 'department', '2024-11-01', '2024-11-04', '碚城管发〔2024〕7号');
    // Mon 11-04 + 15 days = Tue 11-19.
    assert.equal(due(r6).due, '2024-11-19');
  });
});
