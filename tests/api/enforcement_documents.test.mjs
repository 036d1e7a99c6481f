// enforcement_documents.test.mjs - the six enforcement documents (执法文书)
// of a case as DOCX, filled from the record: 立案审批表, 责令停止违法行为
// 通知书, 行政处罚告知书, 听证通知书, 行政处罚决定书, 结案审批表. A case is
// driven from 线索 through 立案, the hearing, the decision and 结案; each
// document is fetched in the states the kind allows and read back (the
// party in full: these documents go to the party), and refused in a state
// it does not allow.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, certifyOfficers, docxText, useServer } from './lib.mjs';

const C = '/api/v1/records/enforcement_case';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const TITLE = '王建国未经批准占用集体土地建房案';
const PARTY = {
  party_type: 'person', name: '王建国', id_number: '500109198503152316', phone: '13908881234',
  address: '北碚区歇马街道大磨滩村5组12号',
};
const COMPANY = {
  party_type: 'organisation', name: '重庆市北碚区磨滩建材有限公司', id_number: '91500109MA5U7XXX1K',
  phone: '023-68221234', address: '北碚区歇马街道磨滩路8号', legal_representative: '王建国',
};
const SUMMARY = '当事人未经批准，在歇马街道大磨滩村占用集体土地修建住房一栋。';
const DECISION = '一、责令退还非法占用的土地320.5平方米；\n二、限期拆除在非法占用的土地上新建的建筑物和其他设施；\n三、处罚款。';

// Today as the server sees it (its local date), in the 2024年4月8日 form.
// A day as fazhi writes it: in Asia/Shanghai (UTC+8, no daylight saving),
// whatever the machine's zone; after 16:00 UTC it is tomorrow there.
const cnDate = (d) => {
  const s = new Date(d.getTime() + 8 * 3600e3);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
};

describe('enforcement documents', () => {
  const h = useServer();
  let fazhi, ids, org, names;

  const post = (p, json) => h.srv.req('POST', p, { session: fazhi, json });
  const take = (id, name, json) => post(`${C}/${id}/transitions/${name}`, json);
  const ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };

  // GET a document: asserts 200 and the DOCX type; returns the body text.
  const doc = async (id, name) => {
    const r = await fetch(`${h.srv.base}${C}/${id}/documents/${name}`, { headers: { cookie: fazhi.cookie } });
    const body = Buffer.from(await r.arrayBuffer());
    assert.equal(r.status, 200, `${name}: ${r.status} ${body.toString('utf8')}`);
    assert.equal(r.headers.get('content-type'), DOCX, name);
    // named in Chinese: the document and its 文号 (or the case's number)
    const cd = r.headers.get('content-disposition') || '';
    const m = /filename\*=UTF-8''(.+)$/.exec(cd);
    assert.ok(m, cd);
    const file = decodeURIComponent(m[1]);
    assert.match(file, /^[\u4e00-\u9fff]+（[^（）]+）\.docx$/, file);
    lastFile = file;
    return docxText(body);
  };
  let lastFile = '';
  const has = (text, name, values) => {
    for (const s of values) assert.ok(text.includes(s), `${s} not in ${name}:\n${text}`);
  };
  const refused = async (id, name) =>
    assertError(await h.srv.req('GET', `${C}/${id}/documents/${name}`, { session: fazhi }), 422, 'refused', 'state');

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    const zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    ids = { fazhi: fazhi.user.id, zhifa: zhifa.user.id };
    // The officers as the documents name them: as on their certificates.
    names = ['张敏', '李强'];
    org = (await h.srv.req('GET', `/api/v1/orgs/${fazhi.org.id}`, { session: fazhi })).json;
    assert.ok(org && org.name, 'the officer has an organisation');
    // Two certified officers (行政处罚法第四十二条) for 立案 and the decision.
    await certifyOfficers(h.srv, fazhi, [['张敏', ids.fazhi, '50010923001'], ['李强', ids.zhifa, '50010923002']]);
  });

  const newCase = async (parties = [PARTY]) =>
    ok(await post(C, {
      case_title: TITLE, clue_source: 'patrol', clue_on: '2024-03-01', clue_summary: SUMMARY,
      parties, location: '歇马街道大磨滩村', violation_type: 'illegal_occupation',
      land_area: 320.5, farmland_area: 120, building_area: 280,
    }));

  test('a case from 线索 to 结案: each document filled from the record', async () => {
    const c = await newCase();
    const id = c.id;
    const officers = [`${names[0]}（执法证号：50010923001）`, `${names[1]}（执法证号：50010923002）`];

    // Before 立案: the filing form and the stop order may be made; the rest not.
    let t = await doc(id, 'filing_approval');
    has(t, 'filing_approval', [org.name, '立案审批表', c.number, TITLE, '巡查发现', '2024年3月1日', PARTY.name,
      PARTY.id_number, PARTY.phone, PARTY.address, '歇马街道大磨滩村', '非法占地', '320.5', '120', '280', SUMMARY]);
    // Not approved yet: the approver and the date are blanks to fill in.
    assert.ok(t.includes('批准人：____'), t);
    for (const name of ['penalty_notice', 'hearing_notice', 'penalty_decision', 'closing_approval'])
      await refused(id, name);

    const before1 = new Date();
    t = await doc(id, 'stop_order');
    const after1 = new Date();
    has(t, 'stop_order', [org.name, '责令停止违法行为通知书', c.number, `${PARTY.name}：`, TITLE, '歇马街道大磨滩村',
      SUMMARY, '非法占地', '立即停止上述违法行为', '《中华人民共和国土地管理法》', '六十日内', '六个月内',
      '有管辖权的人民法院']);
    assert.ok(t.includes(cnDate(before1)) || t.includes(cnDate(after1)), `today not in the stop order:\n${t}`);

    ok(await take(id, 'begin_verification', { verify_started_on: '2024-03-04' }));
    ok(await take(id, 'file_case', { filed_on: '2024-03-05', filing_approver: '李局长', investigators: [ids.fazhi, ids.zhifa] }));
    t = await doc(id, 'filing_approval');
    has(t, 'filing_approval', ['2024年3月4日', '2024年3月5日', '批准人：李局长', `承办人员：${names.join('、')}`, ...officers]);

    ok(await take(id, 'finish_investigation', { investigation_done_on: '2024-03-20', parties: [PARTY] }));
    ok(await take(id, 'propose', { reviewed_on: '2024-03-25', decision_type: 'penalty', fine: 20000, confiscated_gains: 3500.5, decision_text: DECISION }));
    // The hearing below makes the case major: reviewed and discussed first.
    ok(await take(id, 'legal_review', { legal_review_on: '2024-03-26', legal_review_result: 'passed', legal_review_opinion: '事实清楚，证据确凿' }));
    ok(await take(id, 'collective_discussion', { collective_discussion_on: '2024-03-26', collective_decision: '同意处罚' }));

    // 行政处罚告知书: in review, before it is served, the date is a blank.
    t = await doc(id, 'penalty_notice');
    assert.ok(t.includes(`${org.name}（印章）\n____`), t);
    ok(await take(id, 'notify', { notified_on: '2024-03-27' }));
    t = await doc(id, 'penalty_notice');
    has(t, 'penalty_notice', [org.name, '行政处罚告知书', c.number, `${PARTY.name}：`, TITLE, '2024年3月5日', SUMMARY,
      '一、责令退还非法占用的土地320.5平方米；', '二、限期拆除在非法占用的土地上新建的建筑物和其他设施；',
      '罚款20,000.00元', '没收违法所得3,500.50元', '陈述和申辩', '五日内', '第六十三条、第六十四条', '2024年3月27日']);
    // Each line of the proposal is a paragraph of its own.
    assert.ok(t.includes('\n二、限期拆除'), t);
    await refused(id, 'hearing_notice');
    await refused(id, 'penalty_decision');

    ok(await take(id, 'request_hearing', { hearing_requested_on: '2024-03-29' }));
    t = await doc(id, 'hearing_notice');
    has(t, 'hearing_notice', [org.name, '听证通知书', `${PARTY.name}：`, '2024年3月29日', TITLE, '第六十四条', '听证主持人', '申请回避']);
    // Not yet held: the date is a blank.
    assert.ok(t.includes('本机关决定于____'), t);
    ok(await take(id, 'hold_hearing', { hearing_on: '2024-04-08', hearing_summary: '当事人对违法事实无异议，请求从轻处罚。' }));
    t = await doc(id, 'hearing_notice');
    has(t, 'hearing_notice', ['本机关决定于2024年4月8日']);
    await refused(id, 'penalty_decision');

    ok(await take(id, 'decide', {
      decided_on: '2024-04-12', decision_number: '碚规资罚〔2024〕12号', deciders: [ids.fazhi, ids.zhifa],
      decision_type: 'penalty', fine: 20000, confiscated_gains: 3500.5, decision_text: DECISION,
    }));
    t = await doc(id, 'penalty_decision');
    assert.equal(lastFile, '行政处罚决定书（碚规资罚〔2024〕12号）.docx');
    has(t, 'penalty_decision', [org.name, '行政处罚决定书', '碚规资罚〔2024〕12号',
      `当事人：${PARTY.name}，身份证号码或统一社会信用代码：${PARTY.id_number}，住址或住所：${PARTY.address}，联系电话：${PARTY.phone}。`,
      TITLE, '2024年3月5日', SUMMARY, '2024年3月27日', '当事人对违法事实无异议，请求从轻处罚。', '非法占地',
      '一、责令退还非法占用的土地320.5平方米；', '罚款20,000.00元', '没收违法所得3,500.50元', '十五日内', '第六十七条',
      '第七十二条', '百分之三', '六十日内', '六个月内', '有管辖权的人民法院', ...officers, '2024年4月12日']);
    // The demo bureau's parent: 行政复议 goes to it.
    has(t, 'penalty_decision', ['收到本决定书之日起六十日内向北碚区人民政府申请行政复议']);
    // One paragraph per officer, name and certificate together.
    assert.ok(t.includes(`\n${officers[0]}\n${officers[1]}\n`), t);
    // The party is named in full: no masking.
    assert.ok(!t.includes('王某某'), t);
    await refused(id, 'closing_approval');

    ok(await take(id, 'serve', { served_on: '2024-04-15' }));
    ok(await take(id, 'execute', { enforcement_route: 'voluntary', paid_on: '2024-04-22' }));
    await refused(id, 'closing_approval');
    ok(await take(id, 'close', { closed_on: '2024-04-24' }));
    t = await doc(id, 'closing_approval');
    has(t, 'closing_approval', [org.name, '结案审批表', c.number, TITLE, PARTY.name, PARTY.id_number, '2024年3月5日',
      '行政处罚', '碚规资罚〔2024〕12号', '2024年4月12日', '2024年4月15日', '罚款', '20,000.00元', '3,500.50元',
      '自动履行', '2024年4月22日', '2024年4月24日', names.join('、'), '三、处罚款。']);

    // Every document can still be made once the case is closed (and archived).
    ok(await take(id, 'archive', { archived_on: '2024-04-25' }));
    for (const name of ['filing_approval', 'stop_order', 'penalty_notice', 'hearing_notice', 'penalty_decision', 'closing_approval'])
      has(await doc(id, name), name, [PARTY.name]);
  });

  test('several parties: a row of the forms and a salutation each', async () => {
    const c = await newCase([PARTY, COMPANY]);
    let t = await doc(c.id, 'filing_approval');
    has(t, 'filing_approval', [PARTY.name, COMPANY.name, COMPANY.id_number, COMPANY.address]);
    t = await doc(c.id, 'stop_order');
    assert.ok(t.includes(`\n${PARTY.name}：\n${COMPANY.name}：\n`), t);
  });

  test('a document in a state the kind does not allow is refused naming state', async () => {
    const c = await newCase();
    const e = await refused(c.id, 'penalty_decision');
    assert.match(e.message, /行政处罚决定书/);
    assert.match(e.message, /clue/);
    assertError(await h.srv.req('GET', `${C}/${c.id}/documents/nope`, { session: fazhi }), 404, 'not_found', 'name');
  });

  // A party entered with only its type and name: the forms should print
  // blanks for the rest. documents.c passes the parties as stored, so a
  // party without id_number is an unknown field '.id_number' (400) until it
  // sets every declared item field (null when unset).
  test('a party with only a name', async () => {
    const c = await newCase([{ party_type: 'person', name: '赵六' }]);
    const t = await doc(c.id, 'filing_approval');
    // The row of the party: name, then blank ID number, phone and address.
    assert.ok(t.includes('\n赵六\n____\n____\n____\n'), t);
  });
});
