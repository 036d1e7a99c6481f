// litigation.test.mjs - 行政诉讼, 民事诉讼 and 行政复议 through the API: the
// defence within 15 days of the complaint copy (行政诉讼法 art. 67; 民事诉讼法
// art. 128), the reconsideration reply within 10 working days (行政复议法
// arts. 48, 88), the head's appearance in court, the outcome and its class
// (胜诉 / 败诉 / 撤诉、终结、调解), every refusal (wrong state, wrong role, a
// guard naming its field, bad input writing nothing), and the figures of
// seed 000 (37 lawsuits: 36 concluded, 1 pending, 33 won — 91.7%; 8 civil
// suits pending; 5 reconsiderations: 2 upheld, 2 terminated, 1 pending)
// rebuilt from records and compared with 2023.
//
// "Won" (胜诉): the court dismisses the claim (判决驳回诉讼请求), upholds
// the act (维持, 驳回上诉维持原判), or rejects the complaint (裁定驳回起诉);
// the win rate is won / concluded, so 撤诉, 终结 and 调解 count in the
// denominator only. For a reconsideration, 维持 and 驳回复议请求.
//
// Dates by hand from 国办发明电〔2023〕7号: 春节 2-10..2-17 off, Sun 2-4 and
// Sun 2-18 worked, 除夕 2-9 a working day; 国庆 10-1..10-7 off, Sun 9-29 and
// Sat 10-12 worked.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, fazhi as cli, makeFixture, sessionFrom, SOURCE_DIR, useServer, userWithRoles, recordHelpers } from './lib.mjs';
import fs from 'node:fs';
import path from 'node:path';

const L = '/api/v1/records/litigation';
const F = '/api/v1/records/reconsideration';

const rate = (n, d) => (n * 100) / d; // as the server computes it
const addDays = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);


const SUIT = {
  suit_type: 'administrative',
  capacity: 'defendant',
  trial_level: 'first',
  case_number: '（2024）渝0109行初123号',
  court: '重庆市北碚区人民法院',
  cause: '不服土地行政处罚决定',
  act_type: 'penalty',
  opponents: '周建华',
  claims: '撤销碚规资罚〔2024〕12号行政处罚决定',
  received_on: '2024-09-20',
  complaint_copy_on: '2024-09-20',
};

const RECON = {
  capacity: 'respondent',
  reconsideration_body: '北碚区人民政府',
  cause: '不服不动产登记行为',
  act_type: 'registration',
  applicant_name: '何丽',
  applicant_phone: '13700002222',
  received_on: '2024-09-23',
};


describe('lawsuits and reconsiderations: workflow, deadlines, refusals', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let zhifa, tongji;

  before(async () => {
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    tongji = await userWithRoles(h, 'tongji', ['statistician']);
  });

  test('an administrative suit: defence across National Day, the head in court, won', async () => {
    let r = x.ok(await x.post(L, SUIT, zhifa));
    const id = r.id;
    assert.match(r.number, /^YSAJ-2024-\d{5}$/);
    assert.equal(r.state, 'registered');
    // Complaint copy Fri 9-20: 15 days is Sat 10-05, inside the holiday
    // (10-1..10-7); the next working day is Tue 10-08. Only the
    // administrative deadline applies.
    assert.equal(x.due(r, 'defence').due, '2024-10-08');
    assert.equal(x.due(r, 'civil_defence'), undefined);
    r = x.ok(await x.take(L, id, 'submit_defence', { defence_submitted_on: '2024-10-08' }, zhifa));
    assert.equal(r.state, 'defended');
    assert.equal(x.due(r, 'defence').status.id, 'done_on_time');
    assertError(await x.take(L, id, 'hold_hearing', { hearing_on: '2024-11-05' }), 400, 'invalid', 'head_appeared');
    r = x.ok(await x.take(L, id, 'hold_hearing', { hearing_on: '2024-11-05', head_appeared: true, head_name: '王局长', attendees: '王局长、法规科张敏' }));
    assert.equal(r.state, 'heard');
    // 结案（胜诉） takes only the outcomes that are a win.
    const e = assertError(await x.take(L, id, 'conclude_won', { outcome: 'lost.revoked', concluded_on: '2024-12-10' }), 422, 'refused', 'outcome');
    assert.match(e.message, /不属于此步骤办理的“胜诉”/);
    assertError(await x.take(L, id, 'conclude_lost', { outcome: 'won.claim_dismissed', concluded_on: '2024-12-10' }), 422, 'refused', 'outcome');
    // Not before the hearing, not in the future.
    assertError(await x.take(L, id, 'conclude_won', { outcome: 'won.claim_dismissed', concluded_on: '2024-11-04' }), 422, 'refused', 'concluded_on');
    assertError(await x.take(L, id, 'conclude_won', { outcome: 'won.claim_dismissed', concluded_on: '2099-11-04' }), 422, 'refused', 'concluded_on');
    r = x.ok(await x.take(L, id, 'conclude_won', { outcome: 'won.claim_dismissed', concluded_on: '2024-12-10', judgment_number: '（2024）渝0109行初123号' }));
    assert.equal(r.state, 'concluded');
    assert.equal(r.data.result, 'won');
    assert.deepEqual(r.actions, []);
  });

  test('defence due across Spring Festival; a civil suit has its own deadline', async () => {
    // Complaint copy Wed 1-31: 15 days is Thu 2-15, inside 春节
    // (2-10..2-17); the next working day is Sun 2-18 (worked). Filed on
    // Mon 2-19: late.
    let r = x.ok(await x.post(L, { ...SUIT, received_on: '2024-01-31', complaint_copy_on: '2024-01-31' }));
    assert.equal(x.due(r, 'defence').due, '2024-02-18');
    assertError(await x.take(L, r.id, 'submit_defence', { defence_submitted_on: '2024-01-30' }), 422, 'refused', 'defence_submitted_on');
    r = x.ok(await x.take(L, r.id, 'submit_defence', { defence_submitted_on: '2024-02-19' }));
    assert.equal(x.due(r, 'defence').status.id, 'done_late');
    // A civil suit (民事诉讼法 art. 128): the same 15 days, its own rule.
    r = x.ok(await x.post(L, { ...SUIT, suit_type: 'civil', cause: '土地租赁合同纠纷', act_type: undefined }));
    assert.equal(x.due(r, 'defence'), undefined);
    assert.equal(x.due(r, 'civil_defence').due, '2024-10-08');
    assert.equal(x.due(r, 'civil_defence').rule, 'litigation.civil_defence');
    // The agency as plaintiff: no complaint copy, no defence clock.
    r = x.ok(await x.post(L, { ...SUIT, suit_type: 'civil', capacity: 'plaintiff', complaint_copy_on: undefined }));
    assert.equal(x.due(r, 'civil_defence').status.id, 'not_started');
    r = x.ok(await x.take(L, r.id, 'conclude_other', { outcome: 'other.mediated', concluded_on: '2024-10-30' }));
    assert.equal(r.data.result, 'other');
  });

  test('a reconsideration: 10 working days across National Day and Spring Festival', async () => {
    // Mon 9-23 + 10 working days: 9-24..9-27 (1-4), Sun 9-29 worked (5),
    // 9-30 (6), 10-8..10-11 (7-10): due Fri 10-11. Replied Sat 10-12 (a
    // worked Saturday): late.
    let r = x.ok(await x.post(F, RECON));
    assert.match(r.number, /^FYAJ-2024-\d{5}$/);
    assert.equal(x.due(r, 'reply').due, '2024-10-11');
    r = x.ok(await x.take(F, r.id, 'reply', { replied_on: '2024-10-12', reply_summary: '登记行为事实清楚、程序合法' }));
    assert.equal(r.state, 'replied');
    assert.equal(x.due(r, 'reply').status.id, 'done_late');
    assertError(await x.take(F, r.id, 'conclude_won', { outcome: 'other.terminated', decided_on: '2024-11-01' }), 422, 'refused', 'outcome');
    assertError(await x.take(F, r.id, 'conclude_other', { outcome: 'other.terminated', decided_on: '2024-10-11' }), 422, 'refused', 'decided_on');
    r = x.ok(await x.take(F, r.id, 'conclude_other', { outcome: 'other.terminated', decided_on: '2024-11-01', reason: '申请人撤回申请' }));
    assert.equal(r.state, 'decided');
    assert.equal(r.data.result, 'other');
    // Thu 2-01 + 10 working days: 2-02 (1), Sun 2-04 worked (2), 2-05..2-09
    // (3-7; 除夕 2-9 is worked), 春节 off, Sun 2-18 worked (8), 2-19 (9),
    // 2-20 (10). Replied on Sun 2-18: on time.
    r = x.ok(await x.post(F, { ...RECON, received_on: '2024-02-01' }));
    assert.equal(x.due(r, 'reply').due, '2024-02-20');
    r = x.ok(await x.take(F, r.id, 'reply', { replied_on: '2024-02-18' }));
    assert.equal(x.due(r, 'reply').status.id, 'done_on_time');
    r = x.ok(await x.take(F, r.id, 'conclude_won', { outcome: 'won.upheld', decided_on: '2024-03-20', decision_number: '碚府复〔2024〕8号' }));
    assert.equal(r.data.result, 'won');
  });

  test('refusals: wrong state, wrong role, bad input — nothing written', async () => {
    const nL = await x.total(L), nF = await x.total(F);
    const s = x.ok(await x.post(L, { ...SUIT, received_on: '2024-05-06', complaint_copy_on: '2024-05-08' }));
    const hist = async (K, id) => (await h.srv.req('GET', `${K}/${id}/history`, { session: x.fazhi })).json.events.length;
    const events = await hist(L, s.id);
    const cases = [
      [await x.take(L, s.id, 'submit_defence', { defence_submitted_on: '2024-05-07' }), 422, 'refused', 'defence_submitted_on'], // before the copy
      [await x.take(L, s.id, 'submit_defence', { defence_submitted_on: '2099-05-07' }), 422, 'refused', 'defence_submitted_on'],
      [await x.take(L, s.id, 'hold_hearing', { hearing_on: '2024-05-01', head_appeared: false }), 422, 'refused', 'hearing_on'],
      [await x.take(L, s.id, 'hold_hearing', { hearing_on: '2024-06-01', head_appeared: 'yes' }), 400, 'invalid', 'head_appeared'],
      [await x.take(L, s.id, 'conclude_won', { outcome: 'won.lucky', concluded_on: '2024-06-01' }), 400, 'invalid', 'outcome'],
      [await x.take(L, s.id, 'conclude_won', { outcome: 'won.upheld', concluded_on: '2024-06-01', result: 'lost' }), 400, 'invalid', 'result'],
      [await x.take(L, s.id, 'conclude_won', { outcome: 'won.upheld' }), 400, 'invalid', 'concluded_on'],
      [await x.take(L, s.id, 'submit_defence', { defence_submitted_on: '2024-05-10' }, tongji), 403, 'forbidden', 'transition'],
    ];
    for (const [r, status, code, field] of cases) assertError(r, status, code, field);
    assert.equal(await hist(L, s.id), events);
    x.ok(await x.take(L, s.id, 'conclude_other', { outcome: 'other.withdrawn', concluded_on: '2024-05-20' }));
    // Concluded: nothing more can happen to it.
    assertError(await x.take(L, s.id, 'submit_defence', { defence_submitted_on: '2024-05-21' }), 422, 'refused', 'transition');
    assertError(await x.take(L, s.id, 'hold_hearing', { hearing_on: '2024-05-21', head_appeared: true }), 422, 'refused', 'transition');
    const f = x.ok(await x.post(F, RECON));
    x.ok(await x.take(F, f.id, 'conclude_lost', { outcome: 'lost.revoked', decided_on: '2024-10-30' }));
    assertError(await x.take(F, f.id, 'reply', { replied_on: '2024-10-31' }), 422, 'refused', 'transition');
    // Bad input at creation.
    const bad = [
      [L, { ...SUIT, suit_type: 'criminal' }, 'suit_type'],
      [L, { ...SUIT, capacity: undefined }, 'capacity'],
      [L, { ...SUIT, court: undefined }, 'court'],
      [L, { ...SUIT, court: '' }, 'court'],
      [L, { ...SUIT, complaint_copy_on: '2024-9-20' }, 'complaint_copy_on'],
      [L, { ...SUIT, head_appeared: true }, 'head_appeared'], // not at creation
      [L, { ...SUIT, outcome: 'won.upheld' }, 'outcome'],
      [F, { ...RECON, capacity: 'judge' }, 'capacity'],
      [F, { ...RECON, applicant_name: undefined }, 'applicant_name'],
      [F, { ...RECON, received_on: '2024-02-30' }, 'received_on'],
    ];
    for (const [K, json, field] of bad) assertError(await x.post(K, json), 400, 'invalid', field);
    assertError(await x.post(L, SUIT, tongji), 403, 'forbidden');
    assertError(await x.post(F, RECON, tongji), 403, 'forbidden');
    assert.equal(await x.total(L), nL + 1);
    assert.equal(await x.total(F), nF + 1);
  });

  test('the other side is personal data: masked if ever listed; nothing public', async () => {
    const kinds = (await h.srv.req('GET', '/api/v1/kinds', { session: x.fazhi })).json.kinds;
    assert.equal(kinds.find((k) => k.kind === 'litigation').fields.find((f) => f.name === 'opponents').mask, 'name');
    assert.equal(kinds.find((k) => k.kind === 'reconsideration').fields.find((f) => f.name === 'applicant_name').mask, 'name');
    for (const k of ['litigation', 'reconsideration']) assert.equal((await h.srv.req('GET', `/api/v1/public/${k}/list`)).status, 404);
  });
});

// The guards check their declaration when the kinds load: a litigation
// kind whose outcome values do not name a class of `result`, or whose
// not_above compares a date, is refused when the kinds load (the server
// would not start), naming the file and the JSON path.
test('enum_class and not_above are checked when the kinds load', () => {
  const fx = makeFixture();
  const dir = path.join(fx.dir, 'kinds');
  fs.mkdirSync(dir);
  try {
    const decl = JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, 'kinds/litigation.json'), 'utf8'));
    const outcome = decl.fields.find((f) => f.name === 'outcome');
    outcome.values.push({ value: 'draw.split', label: '平局' });
    fs.writeFileSync(path.join(dir, 'litigation.json'), JSON.stringify(decl));
    let r = cli(['indicators', '--db', fx.db, '--org', '2', '--year', '2024', '--kinds', dir]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /litigation\.json: \$\.transitions\[\d+\]\.guards\[0\]: value 'draw\.split' of 'outcome': 'draw' is not a value of 'result'/);
    outcome.values.pop();
    decl.transitions[0].guards.push('not_above:received_on:court');
    fs.writeFileSync(path.join(dir, 'litigation.json'), JSON.stringify(decl));
    r = cli(['indicators', '--db', fx.db, '--org', '2', '--year', '2024', '--kinds', dir]);
    assert.match(r.stderr, /litigation\.json: \$\.transitions\[0\]\.guards\[\d+\]: 'received_on' is not a numeric field/);
  } finally {
    fx.cleanup();
  }
});

// ---- the figures of seed 000 -------------------------------------------------

// 37 administrative suits received in 2024, one a week from Mon 1-08; the
// complaint copy the same day. Suit i: defence 5 days later (25 for i = 3
// and 17: late whatever the holidays), hearing after 40 days for i < 20
// with the head in court, concluded after 60 days for i < 36:
//   i 0..24 判决驳回诉讼请求, 25..30 裁定驳回起诉, 31..32 二审维持 -> 33 won;
//   i 33 判决撤销, 34 确认违法 -> lost; 35 撤诉; 36 pending at year end.
// Defendant for i < 30, on behalf of the district government for 30..36.
function admin2024(i) {
  const r = addDays('2024-01-08', 7 * i);
  let outcome = null;
  if (i <= 24) outcome = 'won.claim_dismissed';
  else if (i <= 30) outcome = 'won.suit_dismissed';
  else if (i <= 32) outcome = 'won.upheld';
  else if (i === 33) outcome = 'lost.revoked';
  else if (i === 34) outcome = 'lost.illegal';
  else if (i === 35) outcome = 'other.withdrawn';
  return {
    received: r,
    capacity: i < 30 ? 'defendant' : 'agent',
    level: i === 31 || i === 32 ? 'second' : 'first',
    defence: addDays(r, i === 3 || i === 17 ? 25 : 5),
    hearing: i < 20 ? addDays(r, 40) : null,
    head: true,
    outcome,
    concluded: outcome ? addDays(r, 60) : null,
  };
}

// 2023: 30 suits from Mon 1-09, all concluded in 2023: 26 won, 3 revoked,
// 1 withdrawn; hearings for i < 10, the head absent at the first.
function admin2023(i) {
  const r = addDays('2023-01-09', 7 * i);
  return {
    received: r,
    capacity: 'defendant',
    level: 'first',
    defence: addDays(r, 5),
    hearing: i < 10 ? addDays(r, 40) : null,
    head: i !== 0,
    outcome: i < 26 ? 'won.claim_dismissed' : i < 29 ? 'lost.revoked' : 'other.withdrawn',
    concluded: addDays(r, 60),
  };
}

// Reconsiderations: [received, capacity, replied, outcome, decided].
const RECONS = [
  ['2023-05-05', 'respondent', '2023-05-12', 'won.upheld', '2023-06-20'],
  ['2023-08-01', 'respondent', '2023-08-08', 'lost.revoked', '2023-09-15'],
  // 2024: 2-01 due 2-20 (see above), replied 2-18; 4-10 due 4-24 (清明
  // 4-4..4-6 lie before), replied 4-18; 9-23 due 10-11, replied 10-12
  // (late); 11-20 due 12-04, replied 11-28. 6-03 terminated before any reply.
  ['2024-02-01', 'respondent', '2024-02-18', 'won.upheld', '2024-03-20'],
  ['2024-04-10', 'agent', '2024-04-18', 'won.upheld', '2024-05-30'],
  ['2024-06-03', 'respondent', null, 'other.terminated', '2024-06-20'],
  ['2024-09-23', 'respondent', '2024-10-12', 'other.terminated', '2024-11-01'],
  ['2024-11-20', 'respondent', '2024-11-28', null, null],
];

describe('litigation figures: seed 000 rebuilt for 2024, against 2023', () => {
  const h = useServer();
  const x = recordHelpers(h);
  const ids = { admin2024: [], civil: [], recon: [] };

  const suit = async (c, extra = {}) => {
    const rec = x.ok(await x.post(L, {
      ...SUIT, capacity: c.capacity, trial_level: c.level, received_on: c.received, complaint_copy_on: c.received, ...extra,
    }));
    x.ok(await x.take(L, rec.id, 'submit_defence', { defence_submitted_on: c.defence }));
    if (c.hearing) x.ok(await x.take(L, rec.id, 'hold_hearing', { hearing_on: c.hearing, head_appeared: c.head }));
    if (c.outcome) {
      const cls = c.outcome.split('.')[0];
      x.ok(await x.take(L, rec.id, `conclude_${cls}`, { outcome: c.outcome, concluded_on: c.concluded }));
    }
    return rec.id;
  };

  before(async () => {
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    for (let i = 0; i < 37; i++) ids.admin2024.push(await suit(admin2024(i)));
    for (let i = 0; i < 30; i++) await suit(admin2023(i));
    // 8 civil suits in 2024, all still before the court; 6 as defendant.
    for (let j = 0; j < 8; j++) {
      const r = addDays('2024-03-01', 20 * j);
      const rec = x.ok(await x.post(L, {
        ...SUIT, suit_type: 'civil', capacity: j < 6 ? 'defendant' : 'plaintiff', cause: '合同纠纷', received_on: r,
        complaint_copy_on: j < 6 ? r : undefined,
      }));
      ids.civil.push(rec.id);
    }
    for (const [received, capacity, replied, outcome, decided] of RECONS) {
      const rec = x.ok(await x.post(F, { ...RECON, capacity, received_on: received }));
      ids.recon.push(rec.id);
      if (replied) x.ok(await x.take(F, rec.id, 'reply', { replied_on: replied }));
      if (outcome) x.ok(await x.take(F, rec.id, `conclude_${outcome.split('.')[0]}`, { outcome, decided_on: decided }));
    }
  });

  const indicators = async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: x.fazhi });
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.indicators.map((i) => [i.id, i]));
  };
  const groups = (i) => Object.fromEntries(i.groups.map((g) => [g.value ?? '-', g.records]));
  const records = async (id) =>
    (await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=2024&per_page=100`, { session: x.fazhi })).json.records.map((r) => r.id).sort((a, b) => a - b);

  test('行政诉讼: 37 received, 36 concluded, 1 pending, 33 won — 91.7%', async () => {
    const v = await indicators();
    assert.equal(v['litigation.admin_received'].value, 37);
    assert.deepEqual(groups(v['litigation.admin_received']), { defendant: 30, agent: 7 });
    assert.equal(v['litigation.admin_concluded'].value, 36);
    assert.deepEqual(groups(v['litigation.admin_concluded']), {
      'won.claim_dismissed': 25, 'won.suit_dismissed': 6, 'won.upheld': 2, 'lost.revoked': 1, 'lost.illegal': 1, 'other.withdrawn': 1,
    });
    assert.equal(v['litigation.admin_pending'].value, 1);
    assert.deepEqual(await records('litigation.admin_pending'), [ids.admin2024[36]]);
    assert.equal(v['litigation.admin_won'].value, 33);
    assert.equal(v['litigation.admin_lost'].value, 2);
    // 33 of 36: 91.666…%, printed 91.7% (the seed's 91.6% truncates).
    assert.equal(v['litigation.admin_win_rate'].value, rate(33, 36));
    assert.equal(v['litigation.admin_win_rate'].value.toFixed(1), '91.7');
    assert.equal(v['litigation.admin_loss_rate'].value, rate(2, 36));
    // The rate opens to its numerator's records: the 33 won.
    assert.deepEqual(await records('litigation.admin_win_rate'), ids.admin2024.slice(0, 33).sort((a, b) => a - b));
    // Against 2023: 30 received, 30 concluded, 26 won (86.7%).
    assert.equal(v['litigation.admin_received'].previous, 30);
    assert.equal(v['litigation.admin_received'].change, 7);
    assert.equal(v['litigation.admin_won'].previous, 26);
    assert.equal(v['litigation.admin_win_rate'].previous, rate(26, 30));
    assert.ok(Math.abs(v['litigation.admin_win_rate'].change - 5) < 1e-9, String(v['litigation.admin_win_rate'].change));
    // Defence on time: all but i = 3 and 17 (25 days after the copy).
    assert.equal(v['litigation.admin_defended'].value, 37);
    assert.equal(v['litigation.admin_defended_on_time'].value, 35);
    assert.equal(v['litigation.defence_on_time_rate'].value, rate(35, 37));
  });

  test('负责人出庭应诉: 20 hearings, the head at each — 100% (2023: 9 of 10)', async () => {
    const v = await indicators();
    assert.equal(v['litigation.admin_hearings'].value, 20);
    assert.equal(v['litigation.head_appeared'].value, 20);
    assert.equal(v['litigation.head_appearance_rate'].value, 100);
    assert.equal(v['litigation.head_appearance_rate'].previous, 90);
    assert.equal(v['litigation.head_appearance_rate'].change, 10);
  });

  test('民事诉讼: 8, all pending, none among the administrative suits', async () => {
    const v = await indicators();
    assert.equal(v['litigation.civil_received'].value, 8);
    assert.deepEqual(groups(v['litigation.civil_received']), { defendant: 6, plaintiff: 2 });
    assert.equal(v['litigation.civil_pending'].value, 8);
    assert.equal(v['litigation.civil_concluded'].value, 0);
    assert.equal(v['litigation.civil_won'].value, 0);
    assert.deepEqual(await records('litigation.civil_pending'), [...ids.civil].sort((a, b) => a - b));
    const admin = await records('litigation.admin_received');
    assert.ok(ids.civil.every((id) => !admin.includes(id)));
  });

  test('行政复议: 5, of which 2 upheld, 2 terminated, 1 pending', async () => {
    const v = await indicators();
    assert.equal(v['reconsideration.received'].value, 5);
    assert.deepEqual(groups(v['reconsideration.received']), { respondent: 4, agent: 1 });
    assert.equal(v['reconsideration.concluded'].value, 4);
    assert.deepEqual(groups(v['reconsideration.concluded']), { 'won.upheld': 2, 'other.terminated': 2 });
    assert.equal(v['reconsideration.upheld'].value, 2);
    assert.equal(v['reconsideration.terminated'].value, 2);
    assert.equal(v['reconsideration.pending'].value, 1);
    assert.deepEqual(await records('reconsideration.pending'), [ids.recon[6]]);
    assert.equal(v['reconsideration.won'].value, 2);
    assert.equal(v['reconsideration.lost'].value, 0);
    assert.equal(v['reconsideration.win_rate'].value, 50);
    // Replied in 2024: 4, on time all but the one of 9-23.
    assert.equal(v['reconsideration.replied'].value, 4);
    assert.equal(v['reconsideration.replied_on_time'].value, 3);
    assert.equal(v['reconsideration.reply_on_time_rate'].value, 75);
    // 2023: 2 received, 1 upheld, 1 revoked.
    assert.equal(v['reconsideration.received'].previous, 2);
    assert.equal(v['reconsideration.lost'].previous, 1);
    assert.equal(v['reconsideration.win_rate'].previous, 50);
  });
});
