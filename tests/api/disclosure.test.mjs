// disclosure.test.mjs - 政府信息公开申请 end to end through the API: the
// received date per 条例 art. 31, 补正 restarting the reply clock, the
// third-party pause, the head's extension, the reply with its national-table
// reason; every refusal (state, role, guard, field) writes nothing; 退回 and
// 抄送; list filters and Chinese full-text search; the public portal.
// Expected dates are worked out by hand from 国办发明电〔2023〕7号 (2024).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertError, docxText, SOURCE_DIR, useServer } from './lib.mjs';

const K = '/api/v1/records/disclosure_request';

describe('disclosure requests', () => {
  const h = useServer();
  let fazhi, zhifa, admin;

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi')); // officer, reviewer, head
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa')); // officer only
    admin = await h.srv.login('admin', h.fx.pw('admin'));
  });

  const create = (json, s = fazhi) => h.srv.req('POST', K, { session: s, json });
  const take = (id, name, json, s = fazhi) =>
    h.srv.req('POST', `${K}/${id}/transitions/${name}`, { session: s, json });
  const get = async (id) => (await h.srv.req('GET', `${K}/${id}`, { session: fazhi })).json;
  const due = (rec, name) => rec.deadlines.find((d) => d.name === name);
  const history = async (id) => (await h.srv.req('GET', `${K}/${id}/history`, { session: fazhi })).json.events;

  const mailRequest = {
    applicant_type: 'natural_person',
    applicant_name: '张三',
    id_number: '500109199001011234',
    phone: '13812345678',
    channel: 'mail',
    submitted_on: '2024-09-20',
    signed_on: '2024-09-27',
    content: '北碚区2023年土地征收补偿安置方案',
  };

  test('the whole workflow, with the reply clock moving', async () => {
    const c = await create(mailRequest);
    assert.equal(c.status, 201, c.text);
    const id = c.json.id;
    // By mail, received the day it was signed for (art. 31).
    assert.equal(c.json.data.received_on, '2024-09-27');
    assert.match(c.json.number, /^GKSQ-2024-\d{5}$/);
    // 补正 within 7 working days: 9-29 (调休), 9-30, 10-8..10-11, 10-12 (调休).
    assert.equal(due(c.json, 'correction').due, '2024-10-12');
    // Reply within 20 working days: 2024-10-30 (see legaltime.test.mjs).
    assert.equal(due(c.json, 'reply').due, '2024-10-30');

    let r = await take(id, 'request_correction', { correction_requested_on: '2024-09-30', correction_items: '请明确地块' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'correction');
    assert.equal(due(r.json, 'correction').status.id, 'done_on_time');
    assert.equal(due(r.json, 'reply').status.id, 'suspended');
    // The clock restarts from the corrected request: 20 working days after
    // Tue 10-15 is Tue 11-12.
    r = await take(id, 'receive_correction', { correction_received_on: '2024-10-15' });
    assert.equal(due(r.json, 'reply').due, '2024-11-12');
    // Third-party consultation 10-16..10-25 (8 working days) does not count.
    r = await take(id, 'consult_third_party', { third_party_sent_on: '2024-10-16' });
    assert.equal(r.json.state, 'consulting');
    assert.equal(due(r.json, 'reply').status.id, 'paused');
    r = await take(id, 'third_party_replied', { third_party_replied_on: '2024-10-25' });
    assert.equal(due(r.json, 'reply').due, '2024-11-22');
    r = await take(id, 'reply', {
      reply_type: 'withhold',
      reply_reason: 'withhold.third_party',
      replied_on: '2024-11-20',
      reply_text: '经征求第三方意见，不予公开。',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'replied');
    assert.equal(due(r.json, 'reply').status.id, 'done_on_time');
    assert.deepEqual(r.json.actions, []);
    const types = (await history(id)).map((e) => e.type);
    assert.deepEqual(types, [
      'record.create',
      'record.request_correction',
      'record.receive_correction',
      'record.consult_third_party',
      'record.third_party_replied',
      'record.reply',
    ]);
    assert.ok((await history(id)).every((e) => e.hash_ok));
    // The reply letter (答复书), filled from the record.
    const doc = await fetch(`${h.srv.base}${K}/${id}/documents/reply_letter`, { headers: { cookie: fazhi.cookie } });
    assert.equal(doc.status, 200);
    assert.match(doc.headers.get('content-type'), /wordprocessingml/);
    const text = docxText(Buffer.from(await doc.arrayBuffer()));
    for (const s of ['北碚区规划和自然资源局', '张三', '2024年9月27日', '北碚区2023年土地征收补偿安置方案', '经征求第三方意见，不予公开。', '2024年11月20日', '北碚区人民政府'])
      assert.ok(text.includes(s), `${s} not in the letter:\n${text}`);
    assertError(await h.srv.req('GET', `${K}/${id}/documents/nope`, { session: fazhi }), 404, 'not_found', 'name');
  });

  test('an extension by the head adds up to 20 working days, once', async () => {
    const c = await create({ ...mailRequest, channel: 'in_person', submitted_on: '2024-09-27' });
    const id = c.json.id;
    // No letter before the reply.
    assertError(await h.srv.req('GET', `${K}/${id}/documents/reply_letter`, { session: fazhi }), 422, 'refused', 'state');
    await take(id, 'accept', { accepted_on: '2024-09-30' });
    // Only a head (负责人) may extend.
    assertError(await take(id, 'extend', { extension_days: 20, extension_approver: '李', reason: '复杂' }, zhifa), 403, 'forbidden', 'transition');
    assertError(await take(id, 'extend', { extension_days: 21, extension_approver: '李', reason: '复杂' }), 400, 'invalid', 'extension_days');
    // The original period ended 2024-10-30: after that it can no longer be
    // extended — and today is past it, so the guard refuses.
    assertError(await take(id, 'extend', { extension_days: 20, extension_approver: '李局长', reason: '涉及面广' }), 422, 'refused', 'reply');
  });

  test('refusals name the field and write nothing', async () => {
    const c = await create({ ...mailRequest, channel: 'in_person', submitted_on: '2024-05-06' });
    const id = c.json.id;
    const before = await get(id);
    const n = (await history(id)).length;
    const cases = [
      [await take(id, 'reply', { reply_type: 'disclose', replied_on: '2024-05-10', reply_text: 'x' }), 422, 'refused', 'transition'],
      [await take(id, 'nonsense', {}), 404, 'not_found', 'transition'],
      [await take(id, 'accept', {}), 400, 'invalid', 'accepted_on'],
      [await take(id, 'accept', { accepted_on: '2024-05-05' }), 422, 'refused', 'accepted_on'],
      [await take(id, 'accept', { accepted_on: '2099-01-01' }), 422, 'refused', 'accepted_on'],
      [await take(id, 'accept', { accepted_on: '2024-02-30' }), 400, 'invalid', 'accepted_on'],
      [await take(id, 'accept', { accepted_on: 20240506 }), 400, 'invalid', 'accepted_on'],
      [await take(id, 'accept', { accepted_on: '2024-05-07', content: '改' }), 400, 'invalid', 'content'],
      [await take(id, 'accept', { accepted_on: '2024-05-07', bogus: 1 }), 400, 'invalid', 'bogus'],
      [await take(id, 'accept', { accepted_on: '2024-05-07', version: 99 }), 409, 'conflict', 'version'],
      [await take(id, 'accept', { accepted_on: '2024-05-07' }, admin), 403, 'forbidden'],
    ];
    for (const [r, status, code, field] of cases) assertError(r, status, code, field);
    const after = await get(id);
    assert.equal(after.version, before.version);
    assert.equal(after.state, 'received');
    assert.equal((await history(id)).length, n);
    // Now accept, and a reply whose reason does not fit its type.
    assert.equal((await take(id, 'accept', { accepted_on: '2024-05-07' })).status, 200);
    for (const [json, field] of [
      [{ reply_type: 'withhold', replied_on: '2024-05-20', reply_text: 'x' }, 'reply_reason'],
      [{ reply_type: 'withhold', reply_reason: 'unavailable.not_held', replied_on: '2024-05-20', reply_text: 'x' }, 'reply_reason'],
      [{ reply_type: 'disclose', reply_reason: 'withhold.inquiry', replied_on: '2024-05-20', reply_text: 'x' }, 'reply_reason'],
    ])
      assertError(await take(id, 'reply', json), 422, 'refused', field);
    assertError(await take(id, 'reply', { reply_type: 'maybe', replied_on: '2024-05-20', reply_text: 'x' }), 400, 'invalid', 'reply_type');
  });

  test('creation refusals', async () => {
    const total = (await h.srv.req('GET', K, { session: fazhi })).json.total;
    const bad = [
      [{ ...mailRequest, signed_on: undefined }, 'signed_on'],
      [{ ...mailRequest, applicant_type: 'alien' }, 'applicant_type'],
      [{ ...mailRequest, content: undefined }, 'content'],
      [{ ...mailRequest, received_on: '2024-01-01' }, 'received_on'],
      [{ ...mailRequest, replied_on: '2024-01-01' }, 'replied_on'],
      [{ ...mailRequest, applicant_name: 'x'.repeat(101) }, 'applicant_name'],
      [{ ...mailRequest, org_id: 999 }, 'org_id'],
    ];
    for (const [json, field] of bad) {
      const r = await create(json);
      assert.ok([400, 404].includes(r.status), r.text);
      assert.equal(r.json.error.field, field, r.text);
    }
    assertError(await create(mailRequest, admin), 403, 'forbidden');
    assert.equal((await h.srv.req('GET', K, { session: fazhi })).json.total, total);
  });

  test('a value an enum does not have: the refusal lists the labels it does', async () => {
    const e = assertError(await create({ ...mailRequest, channel: 'pigeon' }), 400, 'invalid', 'channel');
    assert.match(e.message, /“pigeon”不是申请方式的可选值，可选：当面提交、邮寄、互联网、传真、其他/);
  });

  test('every change carries the version it acts on: none is 400, a stale one 409 with the current', async () => {
    const c = await create({ ...mailRequest, channel: 'in_person', submitted_on: '2024-06-03' });
    const id = c.json.id;
    const before = await history(id);
    for (const version of [undefined, 0, 'x', -1]) {
      const e = assertError(await take(id, 'accept', { accepted_on: '2024-06-04', version }), 400, 'invalid', 'version');
      assert.match(e.message, /版本/);
    }
    assertError(await h.srv.req('POST', `${K}/${id}/return`, { session: fazhi, json: { reason: '无', version: undefined } }), 400, 'invalid', 'version');
    assert.deepEqual(await history(id), before);
    const v = (await get(id)).version;
    assert.equal((await take(id, 'accept', { accepted_on: '2024-06-04', version: v })).status, 200);
    // the version it read is gone: 409 naming the current one, before any
    // other check (accept from 'accepted' would be refused otherwise)
    let e = assertError(await take(id, 'accept', { accepted_on: '2024-06-04', version: v }), 409, 'conflict', 'version');
    assert.match(e.message, new RegExp(`已被他人修改（现为第${v + 1}版）`));
    e = assertError(await h.srv.req('POST', `${K}/${id}/return`, { session: fazhi, json: { reason: '重复受理', version: v } }), 409, 'conflict', 'version');
    assert.match(e.message, /请刷新后再办理/);
    assert.equal((await history(id)).length, before.length + 1);
  });

  test('退回 goes one step back with a reason; 抄送 is recorded', async () => {
    const c = await create({ ...mailRequest, channel: 'in_person', submitted_on: '2024-06-03' });
    const id = c.json.id;
    assertError(await h.srv.req('POST', `${K}/${id}/return`, { session: fazhi, json: { reason: '无' } }), 422, 'refused', 'state');
    await take(id, 'accept', { accepted_on: '2024-06-04' });
    assertError(await h.srv.req('POST', `${K}/${id}/return`, { session: fazhi, json: {} }), 400, 'invalid', 'reason');
    const r = await h.srv.req('POST', `${K}/${id}/return`, { session: fazhi, json: { reason: '受理日期有误' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'received');
    const cc = await h.srv.req('POST', `${K}/${id}/cc`, { session: fazhi, json: { user_ids: [5], note: '请阅' } });
    assert.equal(cc.status, 200, cc.text);
    assertError(await h.srv.req('POST', `${K}/${id}/cc`, { session: fazhi, json: { user_ids: [9999] } }), 400, 'invalid', 'user_ids');
    const ev = await history(id);
    assert.equal(ev.at(-2).type, 'record.return');
    assert.equal(ev.at(-2).data.reason, '受理日期有误');
    assert.equal(ev.at(-1).type, 'record.cc');
  });

  test('list: filters, Chinese full-text search, overdue, pagination', async () => {
    await create({ ...mailRequest, content: '歇马街道规划调整方案的批复' });
    await create({ ...mailRequest, applicant_type: 'commercial', applicant_name: '重庆某某公司', content: '蔡家岗镇土地出让合同' });
    const q = async (query) => (await h.srv.req('GET', `${K}?${query}`, { session: fazhi })).json;
    let l = await q(`q=${encodeURIComponent('规划调整')}`);
    assert.equal(l.total, 1);
    assert.equal(l.records[0].title, '歇马街道规划调整方案的批复');
    l = await q(`q=${encodeURIComponent('出让')}`); // two characters: scanned
    assert.equal(l.total, 1);
    l = await q('f.applicant_type=commercial');
    assert.ok(l.records.every((x) => x.data.applicant_type === 'commercial'));
    assert.ok(l.total >= 1);
    l = await q('state=received&per_page=2&page=1&sort=number&order=asc');
    assert.equal(l.records.length, 2);
    assert.ok(l.records[0].number < l.records[1].number);
    l = await q('deadline=overdue');
    assert.ok(l.total >= 1);
    assert.ok(l.records.every((x) => x.deadlines.some((d) => d.status.id === 'overdue')));
    for (const [query, field] of [
      ['state=flying', 'state'],
      ['deadline=someday', 'deadline'],
      ['f.nonsense=1', 'f.nonsense'],
      ['per_page=0', 'per_page'],
      ['sort=random', 'sort'],
    ])
      assertError(await h.srv.req('GET', `${K}?${query}`, { session: fazhi }), 400, 'invalid', field);
    assertError(await h.srv.req('GET', '/api/v1/records/no_such_kind', { session: fazhi }), 404, 'not_found', 'kind');
  });

  test('the portal draws its form and lists from the declarations, without an account', async () => {
    const r = await h.srv.req('GET', '/api/v1/public/kinds');
    assert.equal(r.status, 200, r.text);
    const by = Object.fromEntries(r.json.kinds.map((k) => [k.kind, k]));
    const decl = JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, 'kinds/disclosure_request.json'), 'utf8'));
    // The form: the fields the declaration opens to the public, as declared.
    const form = by.disclosure_request.intake.fields;
    assert.deepEqual(form.map((f) => f.name), decl.public.fields);
    assert.deepEqual(form.find((f) => f.name === 'applicant_type'), decl.fields.find((f) => f.name === 'applicant_type'));
    assert.equal(by.disclosure_request.list, null);
    // A list: its title and intro, its columns in order.
    const cases = by.enforcement_case;
    assert.equal(cases.intake, null);
    assert.equal(cases.list.title, '行政处罚决定公示');
    assert.equal(cases.title_field, 'case_title');
    assert.equal(cases.list.fields[0].name, 'decision_number');
    assert.equal(cases.list.fields.find((f) => f.name === 'parties').type, 'objects');
    // Kinds with nothing public are not there.
    assert.equal(by.petition, undefined);
    assert.equal(by.legal_advice, undefined);
  });

  test('the public portal: submit, follow by code, nothing personal shown', async () => {
    const s = await h.srv.req('POST', '/api/v1/public/disclosure_request', {
      json: { org_id: 2, applicant_type: 'natural_person', applicant_name: '李四', phone: '13987654321', id_number: '50010919850505123X', content: '2024年征地批复文件' },
    });
    assert.equal(s.status, 201, s.text);
    assert.match(s.json.query_code, /^[2-9A-HJKMNP-Z]{12}$/);
    const st = await h.srv.req('GET', `/api/v1/public/disclosure_request/${s.json.query_code}`);
    assert.equal(st.status, 200, st.text);
    assert.equal(st.json.state, 'received');
    assert.ok(st.json.reply.due, st.text);
    for (const secret of ['李四', '13987654321', '50010919850505123X', 'applicant_name', 'phone'])
      assert.ok(!st.text.includes(secret), `${secret} in ${st.text}`);
    assertError(await h.srv.req('GET', '/api/v1/public/disclosure_request/NOSUCHCODE99'), 404, 'not_found', 'code');
    // Only the public fields: the channel and dates are the portal's.
    for (const [json, field] of [
      [{ org_id: 2, applicant_type: 'natural_person', applicant_name: '王', content: 'x', channel: 'mail' }, 'channel'],
      [{ org_id: 2, applicant_type: 'natural_person', applicant_name: '王', content: 'x', replied_on: '2024-01-01' }, 'replied_on'],
      [{ applicant_type: 'natural_person', applicant_name: '王', content: 'x' }, 'org_id'],
    ])
      assertError(await h.srv.req('POST', '/api/v1/public/disclosure_request', { json }), 400, 'invalid', field);
    // The officers see it, received online today.
    const l = (await h.srv.req('GET', `${K}?q=${encodeURIComponent('征地批复文件')}`, { session: fazhi })).json;
    assert.equal(l.records[0].data.channel, 'online');
    assert.equal(l.records[0].created_by, 'public');
  });
});
