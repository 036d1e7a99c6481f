// petition.test.mjs - 信访事项, 12345热线工单 and 领导接访 through the API:
// each kind's main path with its deadlines across Spring Festival and
// National Day 2024, 复查 and 复核 (a request within 30 days, answered in
// 30, a 复核 hearing that stops the clock), every refusal (wrong state,
// wrong role, a guard naming its field, bad input writing nothing), and
// every figure of the annual report computed from a fixture of 2023-2024
// records against a table worked out by hand below.
//
// Dates are worked out by hand from 国办发明电〔2023〕7号 (2024):
// 春节 2-10..2-17 off, Sun 2-4 and Sun 2-18 worked; 清明 4-4..4-6 off, Sun
// 4-7 worked; 劳动节 5-1..5-5 off; 端午 6-10 off; 国庆 10-1..10-7 off, Sun
// 9-29 and Sat 10-12 worked. Calendar-day periods (信访工作条例) do not
// count the start day and end on the next working day when the last day is
// not one.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, sessionFrom, useServer, userWithRoles, recordHelpers } from './lib.mjs';

const P = '/api/v1/records/petition';
const H = '/api/v1/records/hotline_ticket';
const R = '/api/v1/records/leader_reception';

// A rate as the server computes it (num * 100 / den, exact; the report
// prints one decimal).
const rate = (n, d) => (n * 100) / d;
// Asia/Shanghai today, and a date n days from it.
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const daysFrom = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400e3).toISOString().slice(0, 10);

// A user in org 2 holding only the given roles (his first password is
// temporary: changed at the first login).


const LETTER = {
  channel: 'letter',
  received_on: '2023-12-08',
  petitioner_name: '刘德明',
  petitioner_phone: '13983001234',
  petitioner_id_number: '500109196505121234',
  petitioner_address: '北碚区天生街道云华路88号3-2',
  persons: 1,
  subject: 'land_acquisition',
  summary: '反映龙凤桥街道征地补偿标准问题',
  content: '要求按新标准补偿青苗费',
};

describe('信访事项: workflow, deadlines, refusals', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let zhifa, tongji;
  const take = (id, name, json, s) => x.take(P, id, name, json, s);

  before(async () => {
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi')); // officer, reviewer, head, statistician
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa')); // officer only
    tongji = await userWithRoles(h, 'tongji', ['statistician']);
  });

  test('a letter across Spring Festival 2024: accepted, answered, 复查, 复核, evaluated', async () => {
    let r = x.ok(await x.post(P, LETTER));
    const id = r.id;
    assert.equal(r.state, 'registered');
    assert.match(r.number, /^XFSX-2023-\d{5}$/);
    // 受理告知 within 15 days of Fri 2023-12-08: Sat 12-23, a rest day,
    // so the next working day, Mon 12-25.
    assert.equal(x.due(r, 'accept').due, '2023-12-25');
    // Only the acceptance runs yet: handling starts with 受理, 复查 and 复核
    // with their requests.
    assert.deepEqual(r.deadlines.map((d) => d.name), ['accept']);
    r = x.ok(await take(id, 'accept', { accepted_on: '2023-12-13', handler: '耕保科' }));
    assert.equal(r.state, 'handling');
    assert.equal(r.data.intake, 'accepted');
    assert.equal(x.due(r, 'accept').status.id, 'done_on_time');
    // 60 days from Wed 2023-12-13: Dec 31 is day 18, Jan 31 day 49, Sun
    // 2024-02-11 day 60 — inside 春节 (2-10..2-17 off), so the next working
    // day: Sun 2-18, worked (调休上班).
    assert.equal(x.due(r, 'handle').due, '2024-02-18');
    r = x.ok(await take(id, 'reply', {
      replied_on: '2024-02-05', handling_result: 'explain', reply_text: '补偿标准符合渝府发〔2023〕规定，予以解释说明。',
      doc_number: '碚规资信〔2024〕3号', reply_served_on: '2024-02-07',
    }));
    assert.equal(r.state, 'replied');
    assert.equal(x.due(r, 'handle').status.id, 'done_on_time');
    // 复查 may be asked within 30 days of receiving the reply (Wed 2-07):
    // Fri 3-08 is the last day; 3-11 is too late.
    const late = assertError(await take(id, 'request_review', { review_requested_on: '2024-03-11', review_body: '北碚区人民政府' }), 422, 'refused', 'review_requested_on');
    assert.match(late.message, /2024年3月8日/);
    r = x.ok(await take(id, 'request_review', { review_requested_on: '2024-03-08', review_body: '北碚区人民政府' }));
    assert.equal(r.state, 'reviewing');
    // The 复查 opinion within 30 days of Fri 3-08: Sun 4-07, which is a
    // worked Sunday (清明调休), so it stays 4-07.
    assert.equal(x.due(r, 'review').due, '2024-04-07');
    r = x.ok(await take(id, 'answer_review', { reviewed_on: '2024-04-03', review_result: 'upheld', review_served_on: '2024-04-08' }));
    assert.equal(x.due(r, 'review').status.id, 'done_on_time');
    // 复核 within 30 days of receiving the 复查 opinion (Mon 4-08): 5-08.
    assertError(await take(id, 'request_recheck', { recheck_requested_on: '2024-05-09' }), 422, 'refused', 'recheck_requested_on');
    r = x.ok(await take(id, 'request_recheck', { recheck_requested_on: '2024-04-20', recheck_body: '重庆市规划和自然资源局' }));
    // 30 days from Sat 4-20: Mon 5-20.
    assert.equal(x.due(r, 'recheck').due, '2024-05-20');
    // A hearing stops the clock while it lasts (paused, no end yet) ...
    r = x.ok(await take(id, 'recheck_hearing', { recheck_hearing_from: '2024-05-06' }));
    assert.equal(x.due(r, 'recheck').status.id, 'paused');
    assertError(await take(id, 'recheck_hearing', { recheck_hearing_from: '2024-05-06', recheck_hearing_to: '2024-05-05' }), 422, 'refused', 'recheck_hearing_to');
    // ... and its 3 days (5-06..5-08) are not counted: 5-20 + 3 = Thu 5-23.
    r = x.ok(await take(id, 'recheck_hearing', { recheck_hearing_from: '2024-05-06', recheck_hearing_to: '2024-05-08' }));
    assert.equal(x.due(r, 'recheck').due, '2024-05-23');
    assertError(await take(id, 'answer_recheck', { rechecked_on: '2024-05-07', recheck_result: 'upheld' }), 422, 'refused', 'rechecked_on');
    r = x.ok(await take(id, 'answer_recheck', { rechecked_on: '2024-05-22', recheck_result: 'upheld' }));
    assert.equal(r.state, 'rechecked');
    assert.equal(x.due(r, 'recheck').status.id, 'done_on_time');
    r = x.ok(await take(id, 'evaluate_basic', { evaluated_on: '2024-05-25' }));
    assert.equal(r.data.satisfaction, 'basic');
    assert.equal(r.data.satisfied, 'yes');
    // Evaluated once only.
    assertError(await take(id, 'evaluate_satisfied', { evaluated_on: '2024-05-26' }), 422, 'refused', 'satisfaction');
    const hist = (await h.srv.req('GET', `${P}/${id}/history`, { session: x.fazhi })).json.events.map((e) => e.type);
    assert.deepEqual(hist, ['record.create', 'record.accept', 'record.reply', 'record.request_review', 'record.answer_review',
      'record.request_recheck', 'record.recheck_hearing', 'record.recheck_hearing', 'record.answer_recheck', 'record.evaluate_basic']);
  });

  test('around National Day 2024: a visit declined in time, a late acceptance', async () => {
    // A visit of 4 persons on Thu 9-19: 15 days is Fri 10-04, inside the
    // holiday (10-1..10-7), so 受理告知 is due Tue 10-08.
    let r = x.ok(await x.post(P, { ...LETTER, channel: 'visit', received_on: '2024-09-19', persons: 4, subject: 'elevator', summary: '加装电梯规划许可' }));
    assert.equal(x.due(r, 'accept').due, '2024-10-08');
    r = x.ok(await take(r.id, 'decline', { replied_on: '2024-09-30', decline_reason: 'legal_channel', reply_text: '请依法申请行政复议或提起行政诉讼' }));
    assert.equal(r.state, 'declined');
    assert.equal(r.data.intake, 'not_accepted');
    assert.equal(x.due(r, 'accept').status.id, 'done_on_time');
    assert.deepEqual(r.deadlines.map((d) => d.name), ['accept']);
    // Received Thu 9-26: 15 days is Fri 10-11, a working day. Accepted on
    // Mon 10-14: late.
    r = x.ok(await x.post(P, { ...LETTER, received_on: '2024-09-26' }));
    assert.equal(x.due(r, 'accept').due, '2024-10-11');
    r = x.ok(await take(r.id, 'accept', { accepted_on: '2024-10-14' }));
    assert.equal(x.due(r, 'accept').status.id, 'done_late');
    // 60 days from Mon 10-14: Fri 12-13.
    assert.equal(x.due(r, 'handle').due, '2024-12-13');
  });

  test('the extension: a head, once, before the period ends, at most 30 days', async () => {
    // Accepted ten days ago: the 60 days still run, so it may be extended.
    const acc = daysFrom(today(), -10);
    let r = x.ok(await x.post(P, { ...LETTER, received_on: daysFrom(today(), -12) }));
    const id = r.id;
    r = x.ok(await take(id, 'accept', { accepted_on: acc }));
    const plain = (await h.srv.req('GET', `/api/v1/deadline?from=${acc}&rule=petition.handle`, { session: x.fazhi })).json.due;
    assert.equal(x.due(r, 'handle').due, plain);
    assertError(await take(id, 'extend', { extension_days: 30, extension_approver: '王局长', reason: '涉及多个部门' }, zhifa), 403, 'forbidden', 'transition');
    assertError(await take(id, 'extend', { extension_days: 31, extension_approver: '王局长', reason: '涉及多个部门' }), 400, 'invalid', 'extension_days');
    assertError(await take(id, 'extend', { extension_days: 30, extension_approver: '王局长' }), 400, 'invalid', 'reason');
    r = x.ok(await take(id, 'extend', { extension_days: 30, extension_approver: '王局长', reason: '涉及多个部门' }));
    assert.equal(r.state, 'handling');
    // 30 more days counted on from the original due date (信访工作条例).
    const ext = (await h.srv.req('GET', `/api/v1/deadline?from=${acc}&rule=petition.handle&extend=30`, { session: x.fazhi })).json.due;
    assert.equal(x.due(r, 'handle').due, ext);
    assert.ok(ext > plain);
    assertError(await take(id, 'extend', { extension_days: 10, extension_approver: '王局长', reason: '再次' }), 422, 'refused', 'extension_days');
    // A petition whose 60 days ended long ago can no longer be extended:
    // the guard names the deadline.
    r = x.ok(await x.post(P, LETTER));
    x.ok(await take(r.id, 'accept', { accepted_on: '2023-12-13' }));
    assertError(await take(r.id, 'extend', { extension_days: 30, extension_approver: '王局长', reason: '复杂' }), 422, 'refused', 'handle');
  });

  test('refusals: wrong state, wrong role, guards, bad input — nothing written', async () => {
    const c = x.ok(await x.post(P, { ...LETTER, received_on: '2024-05-06' }));
    const id = c.id;
    const n = await x.total(P);
    const hist = async () => (await h.srv.req('GET', `${P}/${id}/history`, { session: x.fazhi })).json.events.length;
    const events = await hist();
    const cases = [
      // not from this state
      [await take(id, 'reply', { replied_on: '2024-05-10', handling_result: 'support', reply_text: 'x' }), 422, 'refused', 'transition'],
      [await take(id, 'evaluate_satisfied', { evaluated_on: '2024-05-10' }), 422, 'refused', 'transition'],
      [await take(id, 'nonsense', {}), 404, 'not_found', 'transition'],
      // a statistician reads but does not handle petitions
      [await take(id, 'accept', { accepted_on: '2024-05-07' }, tongji), 403, 'forbidden', 'transition'],
      // guards on dates
      [await take(id, 'accept', { accepted_on: '2024-05-05' }), 422, 'refused', 'accepted_on'],
      [await take(id, 'accept', { accepted_on: '2099-01-01' }), 422, 'refused', 'accepted_on'],
      [await take(id, 'decline', { replied_on: '2024-05-01', decline_reason: 'transferred' }), 422, 'refused', 'replied_on'],
      // bad input
      [await take(id, 'accept', {}), 400, 'invalid', 'accepted_on'],
      [await take(id, 'accept', { accepted_on: '2024-02-30' }), 400, 'invalid', 'accepted_on'],
      [await take(id, 'decline', { replied_on: '2024-05-07', decline_reason: 'bored' }), 400, 'invalid', 'decline_reason'],
      [await take(id, 'decline', { replied_on: '2024-05-07', decline_reason: 'transferred', intake: 'accepted' }), 400, 'invalid', 'intake'],
    ];
    for (const [r, status, code, field] of cases) assertError(r, status, code, field);
    assert.equal(await hist(), events);
    assert.equal((await x.get(P, id)).state, 'registered');
    // Creation: every bad field is named, and no record is made.
    const bad = [
      [{ ...LETTER, channel: 'fax' }, 'channel'],
      [{ ...LETTER, persons: 0 }, 'persons'],
      [{ ...LETTER, persons: 1.5 }, 'persons'],
      [{ ...LETTER, petitioner_name: undefined }, 'petitioner_name'],
      [{ ...LETTER, subject: 'weather' }, 'subject'],
      [{ ...LETTER, received_on: '2024-13-01' }, 'received_on'],
      [{ ...LETTER, summary: 'x'.repeat(201) }, 'summary'],
      [{ ...LETTER, summary: '' }, 'summary'],
      [{ ...LETTER, accepted_on: '2024-05-07' }, 'accepted_on'], // not given at creation
      [{ ...LETTER, colour: 'red' }, 'colour'],
    ];
    for (const [json, field] of bad) assertError(await x.post(P, json), 400, 'invalid', field);
    assertError(await x.post(P, LETTER, tongji), 403, 'forbidden');
    assert.equal(await x.total(P), n);
  });

  test('12345: five working days across Spring Festival and National Day; 退单; extension', async () => {
    const T = { ticket_number: 'BB20240207001', received_on: '2024-02-07', caller_name: '陈小燕', caller_phone: '13500001111',
      category: 'complaint', subject: 'real_estate', summary: '小区配套幼儿园未移交', content: '...' };
    let r = x.ok(await x.post(H, T));
    assert.match(r.number, /^RXGD-2024-\d{5}$/);
    // Wed 2-07 + 5 working days: 2-08 (1), 2-09 除夕 (2, a working day),
    // 2-10..2-17 off, Sun 2-18 worked (3), 2-19 (4), 2-20 (5).
    assert.equal(x.due(r, 'reply').due, '2024-02-20');
    assertError(await x.take(H, r.id, 'reply', { replied_on: '2024-02-19', handling_result: 'resolved' }), 400, 'invalid', 'reply_text');
    r = x.ok(await x.take(H, r.id, 'reply', { replied_on: '2024-02-19', handling_result: 'resolved', reply_text: '已督促开发商移交' }));
    assert.equal(r.data.disposal, 'handled');
    assert.equal(x.due(r, 'reply').status.id, 'done_on_time');
    r = x.ok(await x.take(H, r.id, 'evaluate_unsatisfied', { evaluated_on: '2024-02-22' }));
    assert.equal(r.data.satisfied, 'no');
    // Fri 9-27 + 5 working days: Sun 9-29 worked (1), 9-30 (2), 10-8 (3),
    // 10-9 (4), 10-10 (5).
    r = x.ok(await x.post(H, { ...T, ticket_number: 'BB20240927002', received_on: '2024-09-27' }));
    assert.equal(x.due(r, 'reply').due, '2024-10-10');
    assertError(await x.take(H, r.id, 'return_ticket', { replied_on: '2024-09-29' }), 400, 'invalid', 'reason');
    r = x.ok(await x.take(H, r.id, 'return_ticket', { replied_on: '2024-09-29', reason: '属住建部门职责' }));
    assert.equal(r.state, 'returned');
    assert.equal(r.data.disposal, 'returned');
    assertError(await x.take(H, r.id, 'evaluate_satisfied', { evaluated_on: '2024-10-08' }), 422, 'refused', 'transition');
    // An extension (head only) while the period runs.
    r = x.ok(await x.post(H, { ...T, ticket_number: 'BB-NOW', received_on: daysFrom(today(), -1) }));
    assertError(await x.take(H, r.id, 'extend', { extension_days: 3, extension_approver: '区12345热线中心', reason: '需现场踏勘' }, zhifa), 403, 'forbidden', 'transition');
    assertError(await x.take(H, r.id, 'extend', { extension_days: 6, extension_approver: '区12345热线中心', reason: '需现场踏勘' }), 400, 'invalid', 'extension_days');
    r = x.ok(await x.take(H, r.id, 'extend', { extension_days: 3, extension_approver: '区12345热线中心', reason: '需现场踏勘' }));
    const ext = (await h.srv.req('GET', `/api/v1/deadline?from=${daysFrom(today(), -1)}&rule=hotline.reply&extend=3`, { session: x.fazhi })).json.due;
    assert.equal(x.due(r, 'reply').due, ext);
    // Bad input names the field and writes nothing.
    const n = await x.total(H);
    assertError(await x.post(H, { ...T, category: 'gossip' }), 400, 'invalid', 'category');
    assertError(await x.post(H, { ...T, ticket_number: undefined }), 400, 'invalid', 'ticket_number');
    assertError(await x.post(H, { ...T, received_on: '24-02-07' }), 400, 'invalid', 'received_on');
    assert.equal(await x.total(H), n);
  });

  test('领导接访: scheduled, held, resolved; impossible numbers and dates refused', async () => {
    const n = await x.total(R);
    assertError(await x.post(R, { leader_name: '王局长', leader_level: 'minister', mode: 'office', planned_on: '2024-03-15' }), 400, 'invalid', 'leader_level');
    assertError(await x.post(R, { leader_name: '王局长', leader_level: 'bureau', mode: 'office' }), 400, 'invalid', 'planned_on');
    assertError(await x.post(R, { leader_name: '王局长', leader_level: 'bureau', mode: 'office', planned_on: '2024-03-15', visitors: 3 }), 400, 'invalid', 'visitors');
    assert.equal(await x.total(R), n);
    let r = x.ok(await x.post(R, { leader_name: '王局长', leader_title: '局长', leader_level: 'bureau', mode: 'office', planned_on: '2024-03-15', place: '局信访接待室' }));
    const id = r.id;
    assert.equal(r.state, 'scheduled');
    assertError(await x.take(R, id, 'close', { closed_on: '2024-03-20', matters_resolved: 1 }), 422, 'refused', 'transition');
    const held = { reception_on: '2024-03-15', visitors: 12, batches: 4, matters: 5, matters_resolved: 3, summary: '接待加装电梯、征地补偿来访群众' };
    assertError(await x.take(R, id, 'hold', { ...held, matters_resolved: 6 }), 422, 'refused', 'matters_resolved');
    assertError(await x.take(R, id, 'hold', { ...held, batches: 13 }), 422, 'refused', 'batches');
    assertError(await x.take(R, id, 'hold', { ...held, reception_on: '2099-03-15' }), 422, 'refused', 'reception_on');
    assertError(await x.take(R, id, 'hold', { ...held, visitors: -1 }), 400, 'invalid', 'visitors');
    assertError(await x.take(R, id, 'hold', { ...held, visitors: undefined }), 400, 'invalid', 'visitors');
    assertError(await x.take(R, id, 'hold', held, tongji), 403, 'forbidden', 'transition');
    assert.equal((await x.get(R, id)).state, 'scheduled');
    r = x.ok(await x.take(R, id, 'hold', held));
    assert.equal(r.state, 'held');
    assertError(await x.take(R, id, 'update_resolution', { matters_resolved: 7 }), 422, 'refused', 'matters_resolved');
    r = x.ok(await x.take(R, id, 'update_resolution', { matters_resolved: 4, resolution_note: '电梯事项已化解' }));
    assertError(await x.take(R, id, 'close', { closed_on: '2024-03-14', matters_resolved: 5 }), 422, 'refused', 'closed_on');
    r = x.ok(await x.take(R, id, 'close', { closed_on: '2024-04-30', matters_resolved: 5 }));
    assert.equal(r.state, 'closed');
    r = x.ok(await x.post(R, { leader_name: '李副局长', leader_level: 'bureau', mode: 'visiting', planned_on: '2024-04-02' }));
    assertError(await x.take(R, r.id, 'cancel', {}), 400, 'invalid', 'reason');
    assert.equal(x.ok(await x.take(R, r.id, 'cancel', { reason: '改期' })).state, 'cancelled');
  });

  test('personal data: the petitioner is personal and masked; nothing is public', async () => {
    const kinds = (await h.srv.req('GET', '/api/v1/kinds', { session: x.fazhi })).json.kinds;
    const pet = kinds.find((k) => k.kind === 'petition');
    const fld = (n) => pet.fields.find((f) => f.name === n);
    assert.equal(fld('petitioner_name').mask, 'name');
    assert.equal(fld('petitioner_phone').mask, 'phone');
    assert.equal(fld('petitioner_id_number').mask, 'id_number');
    assert.equal(fld('petitioner_address').mask, 'address');
    const hot = kinds.find((k) => k.kind === 'hotline_ticket');
    assert.equal(hot.fields.find((f) => f.name === 'caller_phone').mask, 'phone');
    for (const k of ['petition', 'hotline_ticket', 'leader_reception']) {
      const d = kinds.find((y) => y.kind === k);
      assert.ok(!d.public_intake && !d.public_list && !d.public, k);
      assert.equal((await h.srv.req('GET', `/api/v1/public/${k}/list`)).status, 404, k);
    }
  });
});

// ---- the figures -------------------------------------------------------------

// Petitions: [name, channel, received, persons, subject, campaign, accepted,
// replied (or declined), handling result, satisfaction, evaluated].
const PETITIONS = [
  // 2023
  ['y1', 'visit', '2023-06-01', 4, 'land_acquisition', null, '2023-06-02', '2023-06-30', 'support', null, null],
  ['y2', 'letter', '2023-09-01', 1, 'planning', null, '2023-09-04', '2023-10-10', 'explain', null, null],
  ['x', 'letter', '2023-12-28', 2, 'real_estate', null, '2024-01-03', '2024-02-01', 'explain', 'satisfied', '2024-02-05'],
  // 2024
  ['v1', 'visit', '2024-03-04', 3, 'land_acquisition', null, '2024-03-05', '2024-04-10', 'support', 'satisfied', '2024-04-15'],
  ['v2', 'visit', '2024-05-06', 5, 'planning', null, '2024-05-06', '2024-07-20', 'explain', 'basic', '2024-07-25'],
  ['v3', 'visit', '2024-06-03', 1, 'elevator', 'prominent_issues', '2024-06-04', '2024-06-28', 'not_support', 'unsatisfied', '2024-07-02'],
  ['l1', 'letter', '2024-01-15', 1, 'real_estate', null, '2024-01-16', '2024-02-20', 'explain', null, null],
  ['l2', 'letter', '2024-02-05', 2, 'land_acquisition', 'conflict_resolution', null, '2024-02-08', null, null, null], // declined
  ['o1', 'internet_supervision', '2024-08-01', 1, 'registration', null, '2024-08-20', '2024-08-30', 'support', 'satisfied', '2024-09-03'],
  ['o2', 'wenzheng', '2024-09-10', 1, 'land_acquisition', 'conflict_resolution', '2024-09-11', '2024-10-15', 'explain', null, null],
  ['o3', 'online', '2024-12-20', 1, 'other', null, '2024-12-23', null, null, null, null], // open at year end
  ['a1', 'assigned', '2024-11-15', 1, 'planning', null, null, null, null, null, null], // open: not yet accepted
  // 2025: outside
  ['z', 'letter', '2025-01-06', 1, 'other', null, null, null, null, null, null],
];

// 12345 tickets: [name, received, category, subject, campaign, replied,
// result or 'returned', satisfaction].
const TICKETS = [
  ['h0', '2023-10-09', 'consultation', 'planning', null, '2023-10-10', 'explained', null],
  ['h1', '2024-03-01', 'complaint', 'land_acquisition', null, '2024-03-06', 'resolved', 'satisfied'],
  ['h2', '2024-04-01', 'consultation', 'planning', null, '2024-04-12', 'explained', 'basic'],
  ['h3', '2024-05-06', 'request', 'elevator', 'citizen_appeals', '2024-05-07', 'returned', null],
  ['h4', '2024-12-30', 'report', 'other', null, null, null, null],
  ['h5', '2024-06-03', 'complaint', 'real_estate', 'citizen_appeals', '2024-06-05', 'unresolved', 'unsatisfied'],
];

// Reception days: [name, level, mode, planned/held, visitors, batches,
// matters, resolved at the day, resolved later, fate].
const RECEPTIONS = [
  ['r0', 'bureau', 'office', '2023-05-10', 19, 6, 3, 3, null, 'held'],
  ['r1', 'bureau', 'office', '2024-03-15', 12, 4, 5, 3, null, 'held'],
  ['r2', 'city', 'visiting', '2024-06-20', 30, 6, 8, 8, null, 'held'],
  ['r3', 'city', 'visiting', '2024-09-10', 20, 5, 4, 2, 4, 'held'],
  ['r4', 'bureau', 'office', '2024-12-20', 0, 0, 0, 0, null, 'scheduled'],
  ['r5', 'district', 'office', '2024-08-08', 0, 0, 0, 0, null, 'cancelled'],
];

describe('信访 figures for 2024 (with 2023 for the comparison)', () => {
  const h = useServer();
  const x = recordHelpers(h);
  const ids = {};

  before(async () => {
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    for (const [name, channel, received, persons, subject, campaign, accepted, replied, result, sat, evaluated] of PETITIONS) {
      const json = { ...LETTER, channel, received_on: received, persons, subject, summary: `事项${name}` };
      if (campaign) json.special_campaign = campaign;
      const id = (ids[name] = x.ok(await x.post(P, json)).id);
      if (!accepted && replied) {
        x.ok(await x.take(P, id, 'decline', { replied_on: replied, decline_reason: 'legal_channel' }));
        continue;
      }
      if (accepted) x.ok(await x.take(P, id, 'accept', { accepted_on: accepted }));
      if (replied) x.ok(await x.take(P, id, 'reply', { replied_on: replied, handling_result: result, reply_text: '答复' }));
      if (sat) x.ok(await x.take(P, id, `evaluate_${sat}`, { evaluated_on: evaluated }));
    }
    // v3 goes on to 复查, which changes the opinion.
    x.ok(await x.take(P, ids.v3, 'request_review', { review_requested_on: '2024-07-15', reply_served_on: '2024-07-01' }));
    x.ok(await x.take(P, ids.v3, 'answer_review', { reviewed_on: '2024-08-10', review_result: 'changed' }));

    for (const [name, received, category, subject, campaign, replied, result, sat] of TICKETS) {
      const json = { ticket_number: `T-${name}`, received_on: received, category, subject, summary: `工单${name}` };
      if (campaign) json.special_campaign = campaign;
      const id = (ids[name] = x.ok(await x.post(H, json)).id);
      if (result === 'returned') x.ok(await x.take(H, id, 'return_ticket', { replied_on: replied, reason: '非本单位职责' }));
      else if (replied) x.ok(await x.take(H, id, 'reply', { replied_on: replied, handling_result: result, reply_text: '已办理' }));
      if (sat) x.ok(await x.take(H, id, `evaluate_${sat}`, { evaluated_on: replied }));
    }

    for (const [name, level, mode, day, visitors, batches, matters, resolved, later, fate] of RECEPTIONS) {
      const id = (ids[name] = x.ok(await x.post(R, { leader_name: `领导${name}`, leader_level: level, mode, planned_on: day })).id);
      if (fate === 'cancelled') x.ok(await x.take(R, id, 'cancel', { reason: '改期' }));
      if (fate !== 'held') continue;
      x.ok(await x.take(R, id, 'hold', { reception_on: day, visitors, batches, matters, matters_resolved: resolved, summary: '接访' }));
      if (later !== null) x.ok(await x.take(R, id, 'update_resolution', { matters_resolved: later }));
    }
  });

  const indicators = async (year = 2024) => {
    const r = await h.srv.req('GET', `/api/v1/indicators?year=${year}`, { session: x.fazhi });
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.indicators.map((i) => [i.id, i]));
  };
  const groups = (i) => Object.fromEntries(i.groups.map((g) => [g.value ?? '-', g.records]));
  const records = async (id) =>
    (await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=2024`, { session: x.fazhi })).json.records.map((r) => r.id).sort();

  test('信访事项: received, channels, categories, visits, on time, satisfaction, open', async () => {
    const v = await indicators();
    // Received in 2024: v1 v2 v3 l1 l2 o1 o2 o3 a1 (x came in 2023, z in
    // 2025). In 2023: y1 y2 x.
    assert.equal(v['petition.received'].value, 9);
    assert.equal(v['petition.received'].previous, 3);
    assert.equal(v['petition.received'].change, 6);
    assert.deepEqual(groups(v['petition.received']), { visit: 3, letter: 2, internet_supervision: 1, wenzheng: 1, online: 1, assigned: 1 });
    // By category: 征地拆迁 v1 l2 o2; 区域规划咨询 v2 a1; 房地产开发 l1; the
    // three together 6 of 9 = 66.7% (the seed's "占总量的84%").
    assert.deepEqual(groups(v['petition.by_subject']), { land_acquisition: 3, planning: 2, real_estate: 1, elevator: 1, registration: 1, other: 1 });
    assert.equal(v['petition.by_subject'].groups.find((g) => g.value === 'planning').label, '区域规划咨询');
    assert.deepEqual(groups(v['petition.by_campaign']), { '-': 6, conflict_resolution: 2, prominent_issues: 1 });
    // Persons: 3+5+1+1+2+1+1+1+1; visits: 3 batches, 3+5+1 persons
    // (2023: y1, one batch of 4).
    assert.equal(v['petition.persons'].value, 16);
    assert.equal(v['petition.visit_batches'].value, 3);
    assert.equal(v['petition.visit_batches'].previous, 1);
    assert.equal(v['petition.visit_persons'].value, 9);
    assert.equal(v['petition.visit_persons'].previous, 4);
    // Accepted in 2024: x (1-03) v1 v2 v3 l1 o1 o2 o3 = 8. On time (15
    // days): all but o1, received Thu 8-01, due Fri 8-16, accepted 8-20.
    assert.equal(v['petition.accepted'].value, 8);
    assert.equal(v['petition.accepted_on_time'].value, 7);
    assert.equal(v['petition.accept_on_time_rate'].value, 87.5);
    assert.equal(v['petition.declined'].value, 1);
    assert.deepEqual(groups(v['petition.declined']), { legal_channel: 1 });
    // Answered in 2024 (accepted ones): x v1 v2 v3 l1 o1 o2 = 7. The 60
    // days: x 1-03 -> Sun 3-03 -> Mon 3-04; v1 3-05 -> Sat 5-04 (劳动节)
    // -> Mon 5-06; v2 5-06 -> Fri 7-05, answered 7-20: late; v3 6-04 ->
    // Sat 8-03 -> 8-05; l1 1-16 -> Sat 3-16 -> 3-18; o1 8-20 -> Sat 10-19
    // -> 10-21; o2 9-11 -> Sun 11-10 -> 11-11. On time: 6 of 7.
    assert.equal(v['petition.replied'].value, 7);
    assert.deepEqual(groups(v['petition.replied']), { support: 2, explain: 4, not_support: 1 });
    assert.equal(v['petition.replied_on_time'].value, 6);
    assert.equal(v['petition.on_time_rate'].value, rate(6, 7));
    assert.equal(v['petition.replied'].previous, 2); // y1, y2
    assert.equal(v['petition.on_time_rate'].previous, 100);
    // Open at the end of 2024: o3 (accepted, not answered), a1 (not yet
    // accepted); l2 was declined (告知) and counts as closed.
    assert.equal(v['petition.open'].value, 2);
    assert.deepEqual(await records('petition.open'), [ids.o3, ids.a1].sort());
    assert.equal(v['petition.reviews'].value, 1);
    assert.equal(v['petition.reviews_changed'].value, 1);
    assert.equal(v['petition.rechecks'].value, 0);
    // Evaluated in 2024: x v1 o1 满意, v2 基本满意, v3 不满意: 4 of 5.
    assert.equal(v['petition.evaluated'].value, 5);
    assert.deepEqual(groups(v['petition.evaluated']), { satisfied: 3, basic: 1, unsatisfied: 1 });
    assert.equal(v['petition.satisfied'].value, 4);
    assert.equal(v['petition.satisfaction_rate'].value, 80);
    assert.deepEqual(await records('petition.satisfaction_rate'), [ids.x, ids.v1, ids.v2, ids.o1].sort());
  });

  test('12345: received, on time, resolved, returned, satisfaction', async () => {
    const v = await indicators();
    assert.equal(v['hotline.received'].value, 5);
    assert.equal(v['hotline.received'].previous, 1);
    assert.deepEqual(groups(v['hotline.by_category']), { complaint: 2, consultation: 1, request: 1, report: 1 });
    assert.deepEqual(groups(v['hotline.by_campaign']), { '-': 3, citizen_appeals: 2 });
    // Handled (not returned): h1 h2 h5. Five working days: h1 Fri 3-01 ->
    // Fri 3-08; h2 Mon 4-01 -> 4-02, 4-03, (清明 4-4..4-6), Sun 4-07
    // worked, 4-08, 4-09: answered 4-12, late; h5 Mon 6-03 -> 6-04..6-07,
    // (端午 6-10) 6-11.
    assert.equal(v['hotline.replied'].value, 3);
    assert.equal(v['hotline.replied_on_time'].value, 2);
    assert.equal(v['hotline.on_time_rate'].value, rate(2, 3));
    assert.equal(v['hotline.resolved'].value, 1);
    assert.equal(v['hotline.resolution_rate'].value, rate(1, 3));
    assert.equal(v['hotline.returned'].value, 1);
    assert.equal(v['hotline.open'].value, 1);
    assert.deepEqual(await records('hotline.open'), [ids.h4]);
    assert.equal(v['hotline.evaluated'].value, 3);
    assert.equal(v['hotline.satisfied'].value, 2);
    assert.equal(v['hotline.satisfaction_rate'].value, rate(2, 3));
  });

  test('领导接访: days, visitors, batches, matters, resolved', async () => {
    const v = await indicators();
    // Held in 2024: r1 r2 r3 (r4 only scheduled, r5 cancelled).
    assert.equal(v['leader_reception.days'].value, 3);
    assert.equal(v['leader_reception.days'].previous, 1);
    assert.deepEqual(groups(v['leader_reception.days']), { bureau: 1, city: 2 });
    assert.equal(v['leader_reception.city_visits'].value, 2);
    assert.equal(v['leader_reception.visitors'].value, 12 + 30 + 20);
    assert.equal(v['leader_reception.visitors'].previous, 19);
    assert.equal(v['leader_reception.visitors'].change, 43);
    assert.equal(v['leader_reception.batches'].value, 15);
    assert.equal(v['leader_reception.matters'].value, 17);
    assert.equal(v['leader_reception.resolved'].value, 3 + 8 + 4);
    assert.equal(v['leader_reception.resolution_rate'].value, rate(15, 17));
    assert.deepEqual(await records('leader_reception.days'), [ids.r1, ids.r2, ids.r3].sort());
  });
});
