// supervision.test.mjs - supervision the bureau receives, through the API:
// 人大代表建议 and 政协委员提案 (主办 / 协办, the reply due 90 days after
// 交办 — a local rule, configurable — the 协办 opinion due in 30, one
// extension, the 回执 satisfaction), 司法建议, 检察建议 and 检察磋商函
// (reply due per rule, rectification recorded); every refusal (wrong state,
// wrong role, a guard naming its field, bad input writing nothing); the
// figures of seed 000 (26 proposals: 5 lead, 21 assisting; 13 suggestions:
// 7 lead, 6 assisting; 2 检察建议, 2 磋商函, 3 司法建议, all on time, 回执
// 满意率 100%) rebuilt from records and compared with 2023.
//
// Dates by hand from 国办发明电〔2022〕16号 (2023) and 国办发明电〔2023〕7号
// (2024): 春节 2024 2-10..2-17 off, Sun 2-18 worked; 国庆 2024 10-1..10-7
// off. Calendar-day periods end on the next working day when the last day
// is not one.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, sessionFrom, useServer, userWithRoles } from './lib.mjs';

const S = '/api/v1/records/supervision';

const rate = (n, d) => (n * 100) / d; // as the server computes it
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);


const NPC = {
  source: 'npc_suggestion',
  role: 'lead',
  doc_number: '区十九届人大三次会议第112号',
  title: '关于加快老旧小区加装电梯规划审批的建议',
  submitter: '张代表',
  assigned_by: '区政府办公室',
  received_on: '2024-07-03',
  content: '简化加装电梯规划审批程序',
};

describe('supervision: workflow, deadlines, refusals', () => {
  const h = useServer();
  let fazhi, zhifa, tongji;
  const post = (json, s = fazhi) => h.srv.req('POST', S, { session: s, json });
  const take = (id, name, json, s = fazhi) => h.srv.req('POST', `${S}/${id}/transitions/${name}`, { session: s, json });
  const ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  const due = (rec, name) => rec.deadlines.find((d) => d.name === name);
  const total = async () => (await h.srv.req('GET', S, { session: fazhi })).json.total;

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    tongji = await userWithRoles(h, 'tongji', ['statistician']);
  });

  test('an NPC suggestion (主办) across National Day: replied, 回执 satisfied', async () => {
    let r = ok(await post(NPC, zhifa));
    assert.match(r.number, /^JDSX-2024-\d{5}$/);
    // 交办 Wed 7-03: 90 days is Tue 10-01, inside National Day (10-1..10-7);
    // due Tue 10-08. A lead unit has no 协办 deadline.
    assert.equal(due(r, 'npc_reply').due, '2024-10-08');
    assert.deepEqual(r.deadlines.map((d) => d.name), ['npc_reply']);
    assertError(await take(r.id, 'evaluate_satisfied', { evaluated_on: '2024-10-15' }), 422, 'refused', 'transition');
    assertError(await take(r.id, 'reply', { replied_on: '2024-07-02', reply_text: '已答复', reply_type: 'adopted' }), 422, 'refused', 'replied_on');
    r = ok(await take(r.id, 'reply', { replied_on: '2024-09-30', reply_type: 'adopted', reply_text: '已出台加装电梯规划审批办事指南' }, zhifa));
    assert.equal(r.state, 'replied');
    assert.equal(due(r, 'npc_reply').status.id, 'done_on_time');
    assertError(await take(r.id, 'evaluate_satisfied', { evaluated_on: '2024-09-29' }), 422, 'refused', 'evaluated_on');
    r = ok(await take(r.id, 'evaluate_satisfied', { evaluated_on: '2024-10-15' }));
    assert.equal(r.data.satisfaction, 'satisfied');
    assert.equal(r.data.satisfied, 'yes');
    assertError(await take(r.id, 'evaluate_unsatisfied', { evaluated_on: '2024-10-16' }), 422, 'refused', 'satisfaction');
  });

  test('a CPPCC proposal (协办) across Spring Festival: two deadlines', async () => {
    let r = ok(await post({ ...NPC, source: 'cppcc_proposal', role: 'assist', title: '关于保护缙云山生态的提案', received_on: '2024-01-12' }));
    // 交办 Fri 1-12: 90 days (Jan 19 + Feb 29 + Mar 31 + Apr 11) is Thu 4-11.
    assert.equal(due(r, 'cppcc_reply').due, '2024-04-11');
    // The 协办 opinion within 30 days: Sun 2-11, inside 春节; the next
    // working day is Sun 2-18 (worked).
    assert.equal(due(r, 'assist_opinion').due, '2024-02-18');
    assert.equal(due(r, 'npc_reply'), undefined);
    r = ok(await take(r.id, 'reply', { replied_on: '2024-02-19', reply_text: '协办意见已送主办单位' }));
    assert.equal(due(r, 'assist_opinion').status.id, 'done_late');
    assert.equal(due(r, 'cppcc_reply').status.id, 'done_on_time');
  });

  test('检察建议, 司法建议, 检察磋商函: reply due per rule, rectification', async () => {
    // 检察建议 received Fri 8-02: 60 days is Tue 10-01 (National Day): 10-08.
    let r = ok(await post({ source: 'procuratorial_advice', title: '关于督促依法履行耕地保护监管职责的检察建议', submitter: '北碚区人民检察院', doc_number: '碚检行建〔2024〕5号', received_on: '2024-08-02' }));
    assert.deepEqual(r.deadlines.map((d) => d.name), ['procuratorial_reply']);
    assert.equal(due(r, 'procuratorial_reply').due, '2024-10-08');
    assertError(await take(r.id, 'rectify', { rectified: 'yes', rectified_on: '2024-09-20', rectification: '已复耕' }), 400, 'invalid', 'rectified');
    assertError(await take(r.id, 'rectify', { rectified: true, rectified_on: '2024-08-01', rectification: '已复耕' }), 422, 'refused', 'rectified_on');
    r = ok(await take(r.id, 'rectify', { rectified: true, rectified_on: '2024-09-20', rectification: '违法占地已拆除复耕' }));
    assert.equal(r.state, 'received');
    r = ok(await take(r.id, 'reply', { replied_on: '2024-09-25', reply_text: '整改情况回复' }));
    assert.equal(due(r, 'procuratorial_reply').status.id, 'done_on_time');
    // 司法建议 received Fri 2023-12-15: 60 days is Tue 2024-02-13 (春节):
    // Sun 2-18.
    r = ok(await post({ source: 'judicial_advice', title: '关于规范征收补偿程序的司法建议', submitter: '北碚区人民法院', received_on: '2023-12-15' }));
    assert.equal(due(r, 'judicial_reply').due, '2024-02-18');
    // 检察磋商函 received Fri 9-06: 30 days is Sun 10-06 (National Day): 10-08.
    r = ok(await post({ source: 'procuratorial_consultation', title: '关于矿山生态修复的磋商函', submitter: '北碚区人民检察院', received_on: '2024-09-06' }));
    assert.equal(due(r, 'consultation_reply').due, '2024-10-08');
  });

  test('the extension of a suggestion: a head, once, while the period runs', async () => {
    const rcv = addDays(today(), -10);
    let r = ok(await post({ ...NPC, received_on: rcv }));
    assertError(await take(r.id, 'extend', { extension_days: 90, extension_approver: '区人大常委会选联工委', reason: '涉及面广' }, zhifa), 403, 'forbidden', 'transition');
    assertError(await take(r.id, 'extend', { extension_days: 91, extension_approver: '区人大常委会选联工委', reason: '涉及面广' }), 400, 'invalid', 'extension_days');
    r = ok(await take(r.id, 'extend', { extension_days: 90, extension_approver: '区人大常委会选联工委', reason: '涉及面广' }));
    const ext = (await h.srv.req('GET', `/api/v1/deadline?from=${rcv}&rule=supervision.npc_reply&extend=90`, { session: fazhi })).json.due;
    assert.equal(due(r, 'npc_reply').due, ext);
    assertError(await take(r.id, 'extend', { extension_days: 30, extension_approver: '区人大常委会选联工委', reason: '再次' }), 422, 'refused', 'extension_days');
    // Long past its 90 days: no extension; the guard names the deadline.
    r = ok(await post(NPC));
    assertError(await take(r.id, 'extend', { extension_days: 90, extension_approver: '区人大', reason: '涉及面广' }), 422, 'refused', 'npc_reply');
  });

  test('refusals: wrong role, bad input — nothing written', async () => {
    const n = await total();
    const r = ok(await post(NPC));
    const hist = async () => (await h.srv.req('GET', `${S}/${r.id}/history`, { session: fazhi })).json.events.length;
    const events = await hist();
    assertError(await take(r.id, 'reply', { replied_on: '2024-09-30', reply_text: 'x' }, tongji), 403, 'forbidden', 'transition');
    assertError(await take(r.id, 'reply', { replied_on: '2099-09-30', reply_text: 'x' }), 422, 'refused', 'replied_on');
    assertError(await take(r.id, 'reply', { replied_on: '2024-09-30' }), 400, 'invalid', 'reply_text');
    assertError(await take(r.id, 'reply', { replied_on: '2024-09-30', reply_text: 'x', reply_type: 'D' }), 400, 'invalid', 'reply_type');
    assertError(await take(r.id, 'reply', { replied_on: '2024-09-30', reply_text: 'x', satisfaction: 'satisfied' }), 400, 'invalid', 'satisfaction');
    assert.equal(await hist(), events);
    for (const [json, field] of [
      [{ ...NPC, source: 'letter' }, 'source'],
      [{ ...NPC, role: 'boss' }, 'role'],
      [{ ...NPC, title: undefined }, 'title'],
      [{ ...NPC, title: '' }, 'title'],
      [{ ...NPC, received_on: '2024-13-01' }, 'received_on'],
      [{ ...NPC, replied_on: '2024-09-30' }, 'replied_on'],
    ])
      assertError(await post(json), 400, 'invalid', field);
    assertError(await post(NPC, tongji), 403, 'forbidden');
    assert.equal(await total(), n + 1);
  });

  // Last in this server: it changes the period for org 2.
  test('a province sets its own period (fazhi rules override): 两个月 = 60 days', async () => {
    const admin = await h.srv.login('admin', h.fx.pw('admin'));
    const o = await h.srv.req('PUT', '/api/v1/rules/supervision.npc_reply/override', { session: admin, json: { org_id: 2, days: 60 } });
    assert.equal(o.status, 200, o.text);
    // 交办 Wed 7-03 + 60 days: Sun 9-01, so Mon 9-02.
    const r = ok(await post(NPC));
    assert.equal(due(r, 'npc_reply').due, '2024-09-02');
  });
});

// ---- the figures of seed 000 -------------------------------------------------

// [source, role, count, received from, replied after (days), 回执 of the
// leads in order]. Each answered 20 days after 交办 (on time for every
// rule); advice rectified the day it is answered.
const Y2024 = [
  ['cppcc_proposal', 'lead', 5, '2024-01-10', 20, ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'basic']],
  ['cppcc_proposal', 'assist', 21, '2024-01-10', 20, []],
  ['npc_suggestion', 'lead', 7, '2024-01-15', 20, ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied', 'satisfied']],
  ['npc_suggestion', 'assist', 6, '2024-01-15', 20, []],
  ['procuratorial_advice', null, 2, '2024-03-01', 20, []],
  ['procuratorial_consultation', null, 2, '2024-04-01', 20, []],
  ['judicial_advice', null, 3, '2024-05-06', 20, []],
];
// 2023: 10 NPC suggestions (lead) from Mon 1-16; the first answered after
// 100 days (1-16 + 90 = Sun 4-16 -> Mon 4-17 due; answered 4-26: late);
// 回执 of the first four: 3 satisfied, 1 not; one 检察建议.
const Y2023 = [
  ['npc_suggestion', 'lead', 10, '2023-01-16', 20, ['satisfied', 'unsatisfied', 'satisfied', 'satisfied']],
  ['procuratorial_advice', null, 1, '2023-06-01', 20, []],
];

describe('supervision figures: seed 000 rebuilt for 2024, against 2023', () => {
  const h = useServer();
  let fazhi;
  const ids = {};

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    const ok = async (p, json) => {
      const r = await h.srv.req('POST', p, { session: fazhi, json });
      assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
      return r.json;
    };
    for (const [year, rows] of [[2023, Y2023], [2024, Y2024]])
      for (const [source, role, count, from, after, receipts] of rows)
        for (let i = 0; i < count; i++) {
          const received = addDays(from, i);
          const json = { source, title: `${source}-${role}-${i}`, received_on: received };
          if (role) json.role = role;
          const rec = await ok(S, json);
          (ids[`${year}.${source}.${role}`] ||= []).push(rec.id);
          const replied = addDays(received, year === 2023 && source === 'npc_suggestion' && i === 0 ? 100 : after);
          const reply = { replied_on: replied, reply_text: '已答复' };
          if (!role) Object.assign(reply, { rectified: true, rectified_on: replied, rectification: '已整改' });
          await ok(`${S}/${rec.id}/transitions/reply`, reply);
          if (receipts[i]) await ok(`${S}/${rec.id}/transitions/evaluate_${receipts[i]}`, { evaluated_on: addDays(replied, 5) });
        }
  });

  const indicators = async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: fazhi });
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.indicators.map((i) => [i.id, i]));
  };
  const groups = (i) => Object.fromEntries(i.groups.map((g) => [g.value ?? '-', g.records]));

  test('人大代表建议 and 政协委员提案: 13 (7 + 6) and 26 (5 + 21), on time, 回执 satisfied', async () => {
    const v = await indicators();
    assert.equal(v['supervision.cppcc'].value, 26);
    assert.deepEqual(groups(v['supervision.cppcc']), { lead: 5, assist: 21 });
    assert.equal(v['supervision.cppcc_lead'].value, 5);
    assert.equal(v['supervision.cppcc_assist'].value, 21);
    assert.equal(v['supervision.npc'].value, 13);
    assert.equal(v['supervision.npc_lead'].value, 7);
    assert.equal(v['supervision.npc_assist'].value, 6);
    assert.equal(v['supervision.npc'].previous, 10);
    assert.equal(v['supervision.npc'].change, 3);
    const drill = await h.srv.req('GET', '/api/v1/indicators/supervision.npc_assist/records?year=2024', { session: fazhi });
    assert.deepEqual(drill.json.records.map((r) => r.id).sort((a, b) => a - b), ids['2024.npc_suggestion.assist']);
    // 已全部按时办结 (2023: 9 of 10).
    assert.equal(v['supervision.npc_replied'].value, 13);
    assert.equal(v['supervision.npc_replied_on_time'].value, 13);
    assert.equal(v['supervision.npc_on_time_rate'].value, 100);
    assert.equal(v['supervision.npc_on_time_rate'].previous, 90);
    assert.equal(v['supervision.npc_on_time_rate'].change, 10);
    assert.equal(v['supervision.cppcc_replied'].value, 26);
    assert.equal(v['supervision.cppcc_on_time_rate'].value, 100);
    // 回执满意率 100%: 11 满意 and 1 基本满意 of 12 (2023: 3 of 4).
    assert.equal(v['supervision.evaluated'].value, 12);
    assert.deepEqual(groups(v['supervision.evaluated']), { satisfied: 11, basic: 1 });
    assert.equal(v['supervision.satisfied'].value, 12);
    assert.equal(v['supervision.satisfaction_rate'].value, 100);
    assert.equal(v['supervision.satisfaction_rate'].previous, rate(3, 4));
  });

  test('检察建议 2, 检察磋商函 2, 司法建议 3: replied on time, rectified', async () => {
    const v = await indicators();
    assert.equal(v['supervision.procuratorial'].value, 2);
    assert.equal(v['supervision.procuratorial'].previous, 1);
    assert.equal(v['supervision.consultation'].value, 2);
    assert.equal(v['supervision.judicial'].value, 3);
    for (const k of ['procuratorial', 'consultation', 'judicial']) {
      assert.equal(v[`supervision.${k}_replied_on_time`].value, v[`supervision.${k}_replied`].value, k);
      assert.equal(v[`supervision.${k}_on_time_rate`].value, 100, k);
    }
    assert.equal(v['supervision.rectified'].value, 7);
    assert.deepEqual(groups(v['supervision.rectified']), { judicial_advice: 3, procuratorial_advice: 2, procuratorial_consultation: 2 });
    assert.equal(v['supervision.received'].value, 46);
    assert.deepEqual(groups(v['supervision.received']), {
      cppcc_proposal: 26, npc_suggestion: 13, procuratorial_advice: 2, procuratorial_consultation: 2, judicial_advice: 3,
    });
  });
});
