// scope.test.mjs - data scope by organisation subtree (SPEC §1): the
// administrators of a department see and change their subtree only; what is
// outside looks the same as what does not exist (404). Role changes end the
// sessions of the account and are logged with before and after.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allEvents, assertError, fazhi, sessionFrom, useServer } from './lib.mjs';

describe('data scope of a department\'s administrators', () => {
  const h = useServer();
  let admin, secadmin, auditor, badmin, bsec, ids;

  // A new account in org 2 with `roles`, logged in with its own password.
  async function account(username, roles) {
    const tmp = 'Tmp-Scope-Passw0rd1';
    const c = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username, display_name: username, org_id: 2, password: tmp },
    });
    assert.equal(c.status, 201, c.text);
    const g = await h.srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles } });
    assert.equal(g.status, 200, g.text);
    // an administrator role clears the temporary password: its holder sets
    // one on the server (三员分立, separation.test.mjs)
    const cli = fazhi(['user', 'passwd', '--db', h.fx.db, '--username', username], { input: `${tmp}\n` });
    assert.equal(cli.status, 0, cli.stderr);
    const s0 = await h.srv.login(username, tmp);
    const ch = await h.srv.req('POST', '/api/v1/auth/password', {
      session: s0,
      json: { old_password: tmp, new_password: 'Scope-0wn-Passw0rd' },
    });
    assert.equal(ch.status, 200, ch.text);
    return sessionFrom(ch);
  }

  before(async () => {
    admin = await h.srv.login('admin', h.fx.pw('admin'));
    secadmin = await h.srv.login('secadmin', h.fx.pw('secadmin'));
    auditor = await h.srv.login('auditor', h.fx.pw('auditor'));
    badmin = await account('badmin', ['sysadmin']);
    bsec = await account('bsec', ['secadmin']);
    const r = await h.srv.req('GET', '/api/v1/users', { session: admin });
    ids = Object.fromEntries(r.json.users.map((u) => [u.username, u.id]));
  });

  test('lists show the subtree only', async () => {
    const orgs = await h.srv.req('GET', '/api/v1/orgs', { session: badmin });
    assert.deepEqual(
      orgs.json.orgs.map((o) => o.id),
      [2],
    );
    const users = await h.srv.req('GET', '/api/v1/users', { session: bsec });
    assert.deepEqual(users.json.users.map((u) => u.username).sort(), ['badmin', 'bsec', 'fazhi', 'zhifa']);
    const all = await h.srv.req('GET', '/api/v1/users', { session: secadmin });
    assert.equal(all.json.users.length, 7);
    // No password material in any answer about accounts.
    for (const r of [users, all]) assert.ok(!/argon2|pw_hash|pw_history/.test(r.text), r.text);
  });

  test('outside the subtree: 404 naming the field, nothing written', async () => {
    const before = await allEvents(h.srv, auditor, 1);
    const cases = [
      [badmin, 'GET', '/api/v1/orgs/1', undefined, 'id'],
      [badmin, 'POST', '/api/v1/orgs', { parent_id: 1, name: '越权', level: 'unit' }, 'parent_id'],
      [badmin, 'POST', '/api/v1/users', { username: 'outsider', display_name: 'x', org_id: 1, password: 'Outsider-Passw0rd1' }, 'org_id'],
      [badmin, 'GET', `/api/v1/users/${ids.admin}`, undefined, 'id'],
      [badmin, 'POST', `/api/v1/users/${ids.admin}/lock`, undefined, 'id'],
      [badmin, 'POST', '/api/v1/tokens', { user_id: ids.admin, name: '越权' }, undefined],
      [bsec, 'PUT', `/api/v1/users/${ids.admin}/roles`, { roles: [] }, 'id'],
      [bsec, 'POST', `/api/v1/users/${ids.secadmin}/lock`, undefined, 'id'],
      [bsec, 'POST', `/api/v1/users/${ids.auditor}/unlock`, undefined, 'id'],
      [bsec, 'POST', `/api/v1/users/${ids.admin}/password`, { password: 'Takeover-Passw0rd1' }, 'id'],
    ];
    for (const [session, method, p, json, field] of cases) {
      const r = await h.srv.req(method, p, { session, json });
      assertError(r, 404, 'not_found', field);
    }
    assert.deepEqual(await allEvents(h.srv, auditor, 1), before);
    // Inside the subtree the same requests work.
    const ok = await h.srv.req('POST', '/api/v1/orgs', {
      session: badmin,
      json: { parent_id: 2, name: '自然资源所', level: 'unit' },
    });
    assert.equal(ok.status, 201, ok.text);
    const seen = await h.srv.req('GET', '/api/v1/orgs', { session: badmin });
    assert.deepEqual(seen.json.orgs.map((o) => o.id), [2, ok.json.id]);
  });

  test(
    'a token for a user outside the scope: the 404 names user_id',
    async () => {
      const r = await h.srv.req('POST', '/api/v1/tokens', { session: badmin, json: { user_id: ids.admin, name: '越权' } });
      assertError(r, 404, 'not_found', 'user_id');
    },
  );

  test('a role change ends the account\'s sessions and is logged with before and after', async () => {
    const z = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    assert.equal((await h.srv.req('GET', '/api/v1/orgs', { session: z })).status, 200);
    const r = await h.srv.req('PUT', `/api/v1/users/${ids.zhifa}/roles`, {
      session: bsec,
      json: { roles: ['officer', 'viewer'] },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.roles, ['officer', 'viewer']);
    assertError(await h.srv.req('GET', '/api/v1/orgs', { session: z }), 401, 'unauthenticated');
    const z2 = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    assert.deepEqual(z2.user.roles, ['officer', 'viewer']);
    const ev = (await allEvents(h.srv, auditor, 2)).filter((e) => e.type === 'user.roles' && e.subject === `user:${ids.zhifa}`);
    assert.equal(ev.length, 1);
    assert.deepEqual(ev[0].data, { from: 'officer', to: 'officer,viewer' });
    assert.equal(ev[0].actor, `user:${ids.bsec}`);
  });

  test('nobody can hold two administrator roles, not even by his own hand', async () => {
    const self = await h.srv.req('PUT', `/api/v1/users/${ids.secadmin}/roles`, {
      session: secadmin,
      json: { roles: ['secadmin', 'sysadmin'] },
    });
    assertError(self, 422, 'refused', 'roles');
    const lockSelf = await h.srv.req('POST', `/api/v1/users/${ids.badmin}/lock`, { session: badmin });
    assertError(lockSelf, 422, 'refused', 'id');
  });
});
