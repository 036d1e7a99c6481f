// separation.test.mjs - 三员分立 for every credential (issue 16, deliverable
// 1). API tokens go to integration accounts only (no password, no login,
// business roles only); no administrator makes a credential for another
// administrator or resets his password in the application (an
// administrator role granted there clears the temporary password); the security
// administrator grants roles to others only, never an administrator role
// with a business one, never away from the last holder; tokens and sessions
// of locked, role-less accounts are refused; a lock or a password change
// revokes tokens and sessions; a login lockout bars interactive login only;
// a wrong current password counts toward the lockout. Every refusal writes
// nothing.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  DISCLOSURE_REQUEST,
  allEvents,
  assertError,
  fazhi,
  integrationToken,
  loginAdmins,
  snapshotOf,
  sqlite,
  useServer,
} from './lib.mjs';

describe('三员分立 for every credential', () => {
  const h = useServer();
  let admin, secadmin, auditor, ids;

  before(async () => {
    ({ admin, secadmin, auditor, ids } = await loginAdmins(h));
  });

  const snapshot = () => snapshotOf(h, { admin, secadmin, auditor });
  // Each request refused as expected, and nothing written by any of them.
  async function refusedAll(cases) {
    const before = await snapshot();
    for (const [method, p, session, json, status, code, field] of cases) {
      const r = await h.srv.req(method, p, { session, json });
      assertError(r, status, code, field);
      assert.doesNotMatch(r.json.error.message, /(user|org|token):\d/, r.text);
    }
    const after = await snapshot();
    assert.deepEqual(after.users, before.users);
    assert.deepEqual(after.events, before.events);
  }

  test('no token for a person or an administrator: the system administrator cannot act as anyone', async () => {
    await refusedAll(
      ['auditor', 'secadmin', 'admin', 'zhifa', 'fazhi'].map((u) => [
        'POST',
        '/api/v1/tokens',
        admin,
        { user_id: ids[u], name: '冒用' },
        422,
        'refused',
        'user_id',
      ]),
    );
    const r = await h.srv.req('POST', '/api/v1/tokens', { session: admin, json: { user_id: ids.auditor, name: '冒用' } });
    assert.match(r.json.error.message, /集成账户/);
  });

  test('an integration account: no password, no login, business roles only; its token acts within them', async () => {
    await refusedAll([
      ['POST', '/api/v1/users', admin, { username: 'api-pw', display_name: '接口', org_id: 2, integration: true, password: 'Some-Passw0rd-1' }, 400, 'invalid', 'password'],
      ['POST', '/api/v1/users', admin, { username: 'api-nopw', display_name: '接口', org_id: 2 }, 400, 'invalid', 'password'],
      ['POST', '/api/v1/users', admin, { username: 'api-bool', display_name: '接口', org_id: 2, integration: 'yes' }, 400, 'invalid', 'integration'],
    ]);
    const it = await integrationToken(h.srv, { admin, secadmin }, { username: 'api-dx', roles: ['officer'], name: '数据交换' });
    const u = await h.srv.req('GET', `/api/v1/users/${it.id}`, { session: secadmin });
    assert.equal(u.json.integration, true);
    assert.equal(u.json.must_change_password, false);
    await refusedAll([
      ['PUT', `/api/v1/users/${it.id}/roles`, secadmin, { roles: ['auditor'] }, 422, 'refused', 'roles'],
      ['PUT', `/api/v1/users/${it.id}/roles`, secadmin, { roles: ['sysadmin'] }, 422, 'refused', 'roles'],
      ['POST', `/api/v1/users/${it.id}/password`, secadmin, { password: 'Reset-Passw0rd-77' }, 422, 'refused', 'id'],
    ]);
    // no interactive login, whatever is tried: the same answer as a wrong password
    for (const pw of ['!', '', 'x', 'Reset-Passw0rd-77']) {
      const l = await h.srv.tryLogin('api-dx', pw);
      assert.equal(l.status, pw ? 401 : 400, l.text);
    }
    // the token reads and writes as an officer of org 2, and nothing else
    const rec = await h.srv.req('POST', '/api/v1/records/disclosure_request', { token: it.token, json: { ...DISCLOSURE_REQUEST } });
    assert.equal(rec.status, 201, rec.text);
    assertError(await h.srv.req('GET', '/api/v1/audit/events', { token: it.token }), 403, 'forbidden');
    assertError(await h.srv.req('GET', '/api/v1/users', { token: it.token }), 403, 'forbidden');
    assertError(await h.srv.req('POST', '/api/v1/orgs', { token: it.token, json: { parent_id: 2, name: '接口科', level: 'unit' } }), 403, 'forbidden');
    // the tries at logging in did not lock it, and counted nothing
    const after = await h.srv.req('GET', `/api/v1/users/${it.id}`, { session: secadmin });
    assert.equal(after.json.locked, false);
    const ev = (await allEvents(h.srv, auditor, 2)).filter((e) => e.subject === `user:${it.id}`).map((e) => e.type);
    assert.ok(ev.includes('auth.login_refused') && !ev.includes('auth.lockout'), ev.join(','));
  });

  test('a role-less or locked integration account: its token is refused; a lock revokes it for good', async () => {
    const it = await integrationToken(h.srv, { admin, secadmin }, { username: 'api-tj', roles: ['statistician'], name: '统计接口' });
    assert.equal((await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token })).status, 200);
    // role-less
    assert.equal((await h.srv.req('PUT', `/api/v1/users/${it.id}/roles`, { session: secadmin, json: { roles: [] } })).status, 200);
    assertError(await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token }), 401, 'unauthenticated');
    assert.equal((await h.srv.req('PUT', `/api/v1/users/${it.id}/roles`, { session: secadmin, json: { roles: ['statistician'] } })).status, 200);
    assert.equal((await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token })).status, 200);
    // locked: refused, and revoked, so unlocking does not bring it back
    assert.equal((await h.srv.req('POST', `/api/v1/users/${it.id}/lock`, { session: admin })).status, 200);
    assertError(await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token }), 401, 'unauthenticated');
    assertError(await h.srv.req('POST', '/api/v1/tokens', { session: admin, json: { user_id: it.id, name: '停用后' } }), 422, 'refused', 'user_id');
    assert.equal((await h.srv.req('POST', `/api/v1/users/${it.id}/unlock`, { session: secadmin })).status, 200);
    assertError(await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token }), 401, 'unauthenticated');
    const rv = (await allEvents(h.srv, auditor, 2)).find((e) => e.type === 'token.revoke' && e.subject === `token:${it.tokenId}`);
    assert.equal(rv.data.reason, 'user.lock');
    assert.equal(rv.actor, `user:${ids.admin}`);
    assert.equal(sqlite(h.fx.db, `SELECT revoked FROM api_tokens WHERE token_id=${it.tokenId}`).trim(), '1');
  });

  test("a token a writer of the database gave a person is refused, and the person's password change revokes it", async () => {
    const token = 'fzt_' + 'P'.repeat(43);
    const hash = createHash('sha256').update(token).digest('hex');
    sqlite(
      h.fx.db,
      `INSERT INTO api_tokens(org_id,token_id,user_id,name,token_hash,created_at) VALUES(2,900,${ids.zhifa},'手工',X'${hash}',0)`,
    );
    assertError(await h.srv.req('GET', '/api/v1/orgs/2', { token }), 401, 'unauthenticated');
    const ok = await h.srv.req('POST', `/api/v1/users/${ids.zhifa}/password`, { session: secadmin, json: { password: 'Reset-Passw0rd-456' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(sqlite(h.fx.db, 'SELECT revoked FROM api_tokens WHERE token_id=900').trim(), '1');
    const rv = (await allEvents(h.srv, auditor, 2)).find((e) => e.type === 'token.revoke' && e.subject === 'token:900');
    assert.equal(rv.data.reason, 'user.password');
  });

  test('a login lockout bars interactive login only, not the integration', async () => {
    const it = await integrationToken(h.srv, { admin, secadmin }, { username: 'api-lk', roles: ['viewer'], name: '只读接口' });
    for (let i = 0; i < 6; i++) await h.srv.tryLogin('api-lk', `Wrong-Passw0rd-${i}`);
    assert.equal((await h.srv.req('GET', '/api/v1/orgs/2', { token: it.token })).status, 200);
  });

  test('the security administrator: not his own roles, no administrator with a business role', async () => {
    await refusedAll([
      ['PUT', `/api/v1/users/${ids.secadmin}/roles`, secadmin, { roles: ['secadmin', 'officer'] }, 422, 'refused', 'roles'],
      ['PUT', `/api/v1/users/${ids.secadmin}/roles`, secadmin, { roles: ['secadmin'] }, 422, 'refused', 'roles'],
      ['PUT', `/api/v1/users/${ids.zhifa}/roles`, secadmin, { roles: ['auditor', 'officer'] }, 422, 'refused', 'roles'],
      ['PUT', `/api/v1/users/${ids.zhifa}/roles`, secadmin, { roles: ['sysadmin', 'viewer'] }, 422, 'refused', 'roles'],
      ['PUT', `/api/v1/users/${ids.auditor}/roles`, secadmin, { roles: ['auditor', 'head'] }, 422, 'refused', 'roles'],
    ]);
    const r = await h.srv.req('PUT', `/api/v1/users/${ids.zhifa}/roles`, { session: secadmin, json: { roles: ['auditor', 'officer'] } });
    assert.match(r.json.error.message, /业务角色/);
  });

  test('never the last holder of an administrator role: neither by roles nor by a lock', async () => {
    await refusedAll([
      ['PUT', `/api/v1/users/${ids.admin}/roles`, secadmin, { roles: [] }, 422, 'refused', 'roles'],
      ['PUT', `/api/v1/users/${ids.auditor}/roles`, secadmin, { roles: ['viewer'] }, 422, 'refused', 'roles'],
      ['POST', `/api/v1/users/${ids.auditor}/lock`, secadmin, undefined, 422, 'refused', 'id'],
      ['POST', `/api/v1/users/${ids.admin}/lock`, secadmin, undefined, 422, 'refused', 'id'],
    ]);
    const r = await h.srv.req('PUT', `/api/v1/users/${ids.admin}/roles`, { session: secadmin, json: { roles: [] } });
    assert.match(r.json.error.message, /唯一的系统管理员/);
    // with a second system administrator, the first may lose the role
    const c = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'admin2', display_name: '系统管理员乙', org_id: 1, password: 'Temp-Passw0rd-1' },
    });
    assert.equal(c.status, 201, c.text);
    assert.equal((await h.srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles: ['sysadmin'] } })).status, 200);
    // the temporary password the system administrator chose is gone with the
    // grant: nobody logs in as the new administrator but its holder, whose
    // password is set on the server
    assertError(await h.srv.tryLogin('admin2', 'Temp-Passw0rd-1'), 401, 'unauthenticated', 'password');
    const grant = (await allEvents(h.srv, auditor, 1)).filter((e) => e.type === 'user.roles' && e.subject === `user:${c.json.id}`).at(-1);
    assert.equal(grant.data.password_cleared, true);
    const cli = fazhi(['user', 'passwd', '--db', h.fx.db, '--username', 'admin2'], { input: 'Server-Set-Passw0rd-8\n' });
    assert.equal(cli.status, 0, cli.stderr);
    const own = await h.srv.login('admin2', 'Server-Set-Passw0rd-8');
    assert.equal(own.user.must_change_password, false, 'set by its holder, on the server');
    const lock = await h.srv.req('POST', `/api/v1/users/${c.json.id}/lock`, { session: secadmin });
    assert.equal(lock.status, 200, lock.text);
    // locked, the second one does not count
    assertError(await h.srv.req('PUT', `/api/v1/users/${ids.admin}/roles`, { session: secadmin, json: { roles: [] } }), 422, 'refused', 'roles');
    assert.equal((await h.srv.req('POST', `/api/v1/users/${c.json.id}/unlock`, { session: secadmin })).status, 200);
    assert.equal((await h.srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles: [] } })).status, 200);
  });

  test("no administrator's password is reset in the application; the server's CLI does it, audited", async () => {
    await refusedAll(
      ['auditor', 'admin', 'secadmin'].map((u) => [
        'POST',
        `/api/v1/users/${ids[u]}/password`,
        secadmin,
        { password: 'Taken-Over-Passw0rd-1' },
        403,
        'forbidden',
        'id',
      ]),
    );
    const r = await h.srv.req('POST', `/api/v1/users/${ids.auditor}/password`, { session: secadmin, json: { password: 'Taken-Over-Passw0rd-1' } });
    assert.match(r.json.error.message, /fazhi user passwd/);
    // a business user's reset is the security administrator's duty
    const ok = await h.srv.req('POST', `/api/v1/users/${ids.zhifa}/password`, { session: secadmin, json: { password: 'Reset-Passw0rd-123' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.must_change_password, true);
    // the role-less account: no session at all, said plainly
    const c = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'norole', display_name: '未授权', org_id: 2, password: 'Temp-Passw0rd-1' },
    });
    assert.equal(c.status, 201, c.text);
    const l = await h.srv.tryLogin('norole', 'Temp-Passw0rd-1');
    assertError(l, 403, 'forbidden', 'username');
    assert.match(l.json.error.message, /尚未授予角色/);
    assert.equal(l.headers.get('set-cookie'), null);
    // the CLI on the server resets the auditor's, as "cli"
    const cli = fazhi(['user', 'passwd', '--db', h.fx.db, '--username', 'auditor'], { input: 'Cli-Reset-Passw0rd-9\n' });
    assert.equal(cli.status, 0, cli.stderr);
    const ev = (await allEvents(h.srv, auditor, 1)).filter((e) => e.type === 'user.password' && e.subject === `user:${ids.auditor}`);
    assert.equal(ev.at(-1).actor, 'cli');
  });

  test('wrong current passwords count toward the lockout and end the session', async () => {
    const s = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    for (let i = 1; i <= 4; i++) {
      const r = await h.srv.req('POST', '/api/v1/auth/password', {
        session: s,
        json: { old_password: `Guess-Passw0rd-${i}`, new_password: 'New-Passw0rd-1234' },
      });
      assertError(r, 422, 'refused', 'old_password');
      assert.match(r.json.error.message, new RegExp(`再错${5 - i}次`));
    }
    const fifth = await h.srv.req('POST', '/api/v1/auth/password', {
      session: s,
      json: { old_password: 'Guess-Passw0rd-5', new_password: 'New-Passw0rd-1234' },
    });
    assertError(fifth, 403, 'locked', 'old_password');
    assertError(await h.srv.req('GET', '/api/v1/auth/me', { session: s }), 401, 'unauthenticated');
    assertError(await h.srv.tryLogin('fazhi', h.fx.pw('fazhi')), 403, 'locked', 'username');
    const ev = (await allEvents(h.srv, auditor, 2)).filter((e) => e.subject === `user:${ids.fazhi}`).map((e) => e.type);
    assert.deepEqual(ev.slice(-7, -1), [...Array(5).fill('auth.password_failed'), 'auth.lockout']);
    assert.equal((await h.srv.req('POST', `/api/v1/users/${ids.fazhi}/unlock`, { session: secadmin })).status, 200);
    const back = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    assert.equal(back.user.username, 'fazhi');
  });

  test('audit verify replays every change above and names only the token inserted by hand', () => {
    const r = fazhi(['audit', 'verify', '--db', h.fx.db]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /API token 900 \(手工\).*no token\.add event/);
    assert.doesNotMatch(out, /^user \d+/m, out);
  });
});
