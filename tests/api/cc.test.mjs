// cc.test.mjs - 抄送 is read-only (issue 16, deliverable 2): the recipient of
// a copy of another organisation's record reads it and may acknowledge it
// (once, record.cc_ack), but cannot take a step, send it back, attach a
// file or pass it on, each refused in plain Chinese with nothing written; a
// copy goes only to accounts of the record's line, and an unknown id gets
// the same answer as another branch's account.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DISCLOSURE_REQUEST, allEvents, assertError, fazhi, loginAdmins, userWithRoles, useServer } from './lib.mjs';

const K = '/api/v1/records/disclosure_request';

describe('抄送 is read-only', () => {
  const h = useServer();
  let admin, secadmin, auditor, ids, bureau, reader, readerId, otherId, recId;

  before(async () => {
    ({ admin, secadmin, auditor, ids } = await loginAdmins(h));
    bureau = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    // a unit below the bureau: its officer does not see the bureau's records
    const o = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 2, name: '抄送测试所', level: 'unit' } });
    assert.equal(o.status, 201, o.text);
    reader = await userWithRoles(h, 'ccreader', ['officer'], o.json.id, '所长');
    readerId = reader.user.id;
    // an account of another organisation tree, made on the server
    const org = fazhi(['org', 'add', '--db', h.fx.db, '--name', '另一区司法局', '--level', 'department']);
    assert.equal(org.status, 0, org.stderr);
    const u = fazhi(['user', 'add', '--db', h.fx.db, '--org', org.stdout.trim(), '--username', 'elsewhere', '--roles', 'officer'], {
      input: 'Other-Branch-Passw0rd-1\n',
    });
    assert.equal(u.status, 0, u.stderr);
    otherId = Number(u.stdout.trim());
    const c = await h.srv.req('POST', K, { session: bureau, json: { ...DISCLOSURE_REQUEST } });
    assert.equal(c.status, 201, c.text);
    recId = c.json.id;
  });

  const events = () => allEvents(h.srv, auditor, 2);

  test('a copy goes to the record\'s line only; an unknown id and another branch answer alike', async () => {
    assertError(await h.srv.req('GET', `${K}/${recId}`, { session: reader }), 404, 'not_found', 'id');
    const before = await events();
    const answers = [];
    for (const id of [999999, otherId]) {
      const r = await h.srv.req('POST', `${K}/${recId}/cc`, { session: bureau, json: { user_ids: [id], note: '请阅' } });
      assertError(r, 400, 'invalid', 'user_ids');
      answers.push(r.json.error.message);
    }
    assert.equal(answers[0], answers[1]);
    assert.doesNotMatch(answers[0], /另一区|elsewhere/);
    assert.deepEqual(await events(), before);
    const ok = await h.srv.req('POST', `${K}/${recId}/cc`, { session: bureau, json: { user_ids: [readerId], note: '请阅处理意见' } });
    assert.equal(ok.status, 200, ok.text);
  });

  test('the recipient reads it, and nothing more: no step, no return, no file, no copy onward', async () => {
    const r = await h.srv.req('GET', `${K}/${recId}`, { session: reader });
    assert.equal(r.status, 200, r.text);
    assert.equal((await h.srv.req('GET', `${K}/${recId}/history`, { session: reader })).status, 200);
    const before = await events();
    const tries = [
      ['POST', `${K}/${recId}/transitions/request_correction`, { correction_requested_on: '2024-03-04', correction_items: '补正' }],
      ['POST', `${K}/${recId}/return`, { reason: '退回' }],
      ['POST', `${K}/${recId}/cc`, { user_ids: [ids.zhifa] }],
    ];
    for (const [method, p, json] of tries) {
      const x = await h.srv.req(method, p, { session: reader, json });
      assertError(x, 403, 'forbidden', 'id');
      assert.match(x.json.error.message, /抄送给您的政府信息公开申请只能查看，不能办理、上传材料或再抄送/);
    }
    const f = await h.srv.req('POST', `${K}/${recId}/files?name=${encodeURIComponent('附件.pdf')}`, {
      session: reader,
      body: Buffer.from('%PDF-1.4 cc'),
      contentType: 'application/pdf',
    });
    assertError(f, 403, 'forbidden', 'id');
    assert.deepEqual(await events(), before);
  });

  test('the recipient acknowledges it once; nobody else can', async () => {
    const before = await events();
    assertError(await h.srv.req('POST', `${K}/${recId}/cc/ack`, { session: bureau }), 404, 'not_found', 'id');
    const other = await h.srv.login('elsewhere', 'Other-Branch-Passw0rd-1');
    assertError(await h.srv.req('POST', `${K}/${recId}/cc/ack`, { session: other }), 404, 'not_found', 'id');
    assert.deepEqual(await events(), before);
    const a = await h.srv.req('POST', `${K}/${recId}/cc/ack`, { session: reader });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.acknowledged, true);
    const ev = (await events()).filter((e) => e.type === 'record.cc_ack');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].actor, `user:${readerId}`);
    assert.equal(ev[0].subject, `disclosure_request:${recId}`);
    assert.equal(ev[0].data.user_id, readerId);
    // a second time: the first time's answer, nothing written
    const again = await h.srv.req('POST', `${K}/${recId}/cc/ack`, { session: reader });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(again.json.acked_at, a.json.acked_at);
    assert.equal((await events()).filter((e) => e.type === 'record.cc_ack').length, 1);
  });
});
