// csrf.test.mjs - a cookie session's unsafe request without the right
// X-CSRF-Token is refused (403 "csrf") and writes nothing; API tokens (of
// integration accounts) need no CSRF header, act as their account, and stop
// working when revoked or when the account is locked.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DISCLOSURE_REQUEST, allEvents, assertError, integrationToken, loginAdmins, snapshotOf, useServer } from './lib.mjs';

describe('CSRF and API tokens', () => {
  const h = useServer();
  let admin, secadmin, auditor, ids;

  before(async () => {
    ({ admin, secadmin, auditor, ids } = await loginAdmins(h));
  });

  // What a refused request must not change.
  const snapshot = () => snapshotOf(h, { admin, secadmin, auditor });

  test('cookie session without or with a wrong X-CSRF-Token: 403 csrf, nothing written', async () => {
    const before = await snapshot();
    const wrongs = [
      false, // header absent
      '',
      secadmin.csrf, // another session's token
      admin.csrf.slice(0, -1), // one character short
      admin.csrf.slice(0, -1) + (admin.csrf.endsWith('A') ? 'B' : 'A'), // one character off
      admin.csrf + 'x',
    ];
    const unsafe = [
      ['POST', '/api/v1/orgs', admin, { parent_id: 1, name: 'csrf-org', level: 'unit' }],
      ['POST', '/api/v1/users', admin, { username: 'csrfuser', display_name: 'x', org_id: 2, password: 'Csrf-Passw0rd1!' }],
      ['POST', '/api/v1/tokens', admin, { user_id: ids.admin, name: 'csrf' }],
      ['POST', `/api/v1/users/${ids.zhifa}/lock`, admin, undefined],
      ['PUT', `/api/v1/users/${ids.zhifa}/roles`, secadmin, { roles: ['viewer'] }],
      ['POST', `/api/v1/users/${ids.zhifa}/password`, secadmin, { password: 'Csrf-Reset-Passw0rd1' }],
      ['POST', '/api/v1/auth/logout', admin, undefined],
      ['POST', '/api/v1/auth/password', admin, { old_password: h.fx.pw('admin'), new_password: 'Csrf-New-Passw0rd1' }],
    ];
    for (const [method, p, session, json] of unsafe) {
      for (const csrf of wrongs) {
        const own = session === secadmin && csrf === secadmin.csrf ? admin.csrf : csrf;
        const r = await h.srv.req(method, p, { session, json, csrf: own });
        assertError(r, 403, 'csrf', 'X-CSRF-Token');
      }
    }
    const after = await snapshot();
    assert.deepEqual(after.orgs, before.orgs);
    assert.deepEqual(after.users, before.users);
    assert.deepEqual(after.events, before.events);
    // Both sessions are still alive (logout was refused too).
    assert.equal((await h.srv.req('GET', '/api/v1/auth/me', { session: admin })).status, 200);
    // Safe methods need no token; with the right token the write goes through.
    assert.equal((await h.srv.req('GET', '/api/v1/orgs', { session: admin })).status, 200);
    const ok = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 1, name: 'csrf-org', level: 'unit' },
    });
    assert.equal(ok.status, 201, ok.text);
  });

  test('an API token needs no CSRF header and acts as its integration account', async () => {
    const it = await integrationToken(h.srv, { admin, secadmin }, { username: 'api-csrf', roles: ['officer'], name: '数据交换接口' });
    assert.match(it.token, /^fzt_[A-Za-z0-9_-]{43}$/);
    const { token } = it;

    const one = await h.srv.req('GET', '/api/v1/orgs/2', { token });
    assert.equal(one.status, 200, one.text);
    const add = await h.srv.req('POST', '/api/v1/records/disclosure_request', { token, json: { ...DISCLOSURE_REQUEST } });
    assert.equal(add.status, 201, add.text);
    // Its own roles only: no organisation, no audit log; its scope only.
    assertError(await h.srv.req('GET', '/api/v1/orgs/1', { token }), 404, 'not_found', 'id');
    assertError(
      await h.srv.req('POST', '/api/v1/orgs', { token, json: { parent_id: 2, name: '无权', level: 'unit' } }),
      403,
      'forbidden',
    );
    assertError(await h.srv.req('GET', '/api/v1/audit/events', { token }), 403, 'forbidden');
    const ev = (await allEvents(h.srv, auditor, 2)).find((e) => e.type === 'record.create' && e.subject === `disclosure_request:${add.json.id}`);
    assert.equal(ev.actor, `user:${it.id}`);

    // Revoked: 401, and a second revoke finds nothing.
    const rv = await h.srv.req('DELETE', `/api/v1/tokens/${it.tokenId}`, { session: admin });
    assert.equal(rv.status, 200, rv.text);
    assert.equal(rv.json.revoked, true);
    assertError(await h.srv.req('GET', '/api/v1/orgs/2', { token }), 401, 'unauthenticated');
    assertError(
      await h.srv.req('POST', '/api/v1/records/disclosure_request', { token, json: { ...DISCLOSURE_REQUEST } }),
      401,
      'unauthenticated',
    );
    assertError(await h.srv.req('DELETE', `/api/v1/tokens/${it.tokenId}`, { session: admin }), 404, 'not_found', 'id');
    const types = (await allEvents(h.srv, auditor, 2)).map((e) => e.type);
    assert.ok(types.includes('token.add') && types.includes('token.revoke'), types.join(','));
  });

  test('a token of a locked integration account gets 401', async () => {
    const it = await integrationToken(h.srv, { admin, secadmin }, { username: 'api-zd', roles: ['officer'], name: '执法终端' });
    assert.equal((await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token })).status, 200);
    const lock = await h.srv.req('POST', `/api/v1/users/${it.id}/lock`, { session: admin });
    assert.equal(lock.status, 200, lock.text);
    assertError(await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token }), 401, 'unauthenticated');
  });

  test(
    'the system administrator can revoke a token he issued for an account of a sub-organisation',
    async () => {
      const it = await integrationToken(h.srv, { admin, secadmin }, { username: 'api-tj2', roles: ['statistician'], name: '统计接口' });
      const rv = await h.srv.req('DELETE', `/api/v1/tokens/${it.tokenId}`, { session: admin });
      assert.equal(rv.status, 200, rv.text);
      assertError(await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token }), 401, 'unauthenticated');
    },
  );

  test('a bearer token that is not one: 401', async () => {
    for (const token of ['', 'fzt_', 'fzt_' + 'A'.repeat(43), 'x'.repeat(500)]) {
      const r = await h.srv.req('GET', '/api/v1/orgs', { headers: { authorization: `Bearer ${token}` } });
      assertError(r, 401, 'unauthenticated', null);
    }
  });
});
