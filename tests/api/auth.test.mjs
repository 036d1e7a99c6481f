// auth.test.mjs - lockout after 5 failed logins and unlock by the security
// administrator, with their events; the password flows: a new account must
// change its password first, the policy, no reuse of the last 5, a reset by
// the security administrator.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allEvents, assertError, loginAdmins, sessionFrom, sqlite, useServer } from './lib.mjs';

describe('lockout and unlock', () => {
  const h = useServer();
  let admin, secadmin, auditor, ids;

  before(async () => {
    ({ admin, secadmin, auditor, ids } = await loginAdmins(h));
  });

  test('三员分立: only the security administrator locks an administrator account', async () => {
    for (const target of ['secadmin', 'auditor']) {
      const r = await h.srv.req('POST', `/api/v1/users/${ids[target]}/lock`, { session: admin });
      assertError(r, 403, 'forbidden', 'id');
      const u = await h.srv.req('GET', `/api/v1/users/${ids[target]}`, { session: secadmin });
      assert.equal(u.json.disabled, false, u.text);
    }
    // the security administrator locks an administrator, while another
    // account holds the role (never the last one: separation.test.mjs)
    const c = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'auditor2', display_name: '审计管理员乙', org_id: 1, password: 'Temp-Passw0rd-1' },
    });
    assert.equal(c.status, 201, c.text);
    const g = await h.srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles: ['auditor'] } });
    assert.equal(g.status, 200, g.text);
    const lock = await h.srv.req('POST', `/api/v1/users/${ids.auditor}/lock`, { session: secadmin });
    assert.equal(lock.status, 200, lock.text);
    assert.equal(lock.json.disabled, true);
    const unlock = await h.srv.req('POST', `/api/v1/users/${ids.auditor}/unlock`, { session: secadmin });
    assert.equal(unlock.status, 200, unlock.text);
    auditor = await h.srv.login('auditor', h.fx.pw('auditor'));
  });

  test('5 wrong passwords lock the account; secadmin unlocks it; the events are logged', async () => {
    const id = ids.zhifa;
    const before = await allEvents(h.srv, auditor, 2);
    const lastSeq = before.length ? before[before.length - 1].seq : 0;

    for (let i = 1; i <= 4; i++) {
      const r = await h.srv.tryLogin('zhifa', `Wrong-Passw0rd-${i}`);
      assertError(r, 401, 'unauthenticated', 'password');
    }
    const fifth = await h.srv.tryLogin('zhifa', 'Wrong-Passw0rd-5');
    assertError(fifth, 403, 'locked', 'username');
    const right = await h.srv.tryLogin('zhifa', h.fx.pw('zhifa'));
    assertError(right, 403, 'locked', 'username');
    assert.equal(right.headers.get('set-cookie'), null);

    let u = await h.srv.req('GET', `/api/v1/users/${id}`, { session: secadmin });
    assert.equal(u.json.locked, true, u.text);
    assert.equal(u.json.disabled, false, u.text);

    // The system administrator may not unlock (三员分立); the security one may.
    const byAdmin = await h.srv.req('POST', `/api/v1/users/${id}/unlock`, { session: admin });
    assertError(byAdmin, 403, 'forbidden', null);
    const unlock = await h.srv.req('POST', `/api/v1/users/${id}/unlock`, { session: secadmin });
    assert.equal(unlock.status, 200, unlock.text);
    assert.equal(unlock.json.locked, false, unlock.text);

    const again = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    assert.equal(again.user.username, 'zhifa');

    const events = (await allEvents(h.srv, auditor, 2)).filter((e) => e.seq > lastSeq && e.subject === `user:${id}`);
    assert.deepEqual(
      events.map((e) => e.type),
      [
        ...Array(5).fill('auth.login_failed'),
        'auth.lockout',
        'auth.login_refused',
        'user.unlock',
        'auth.login',
      ],
    );
    const failed = events[0];
    assert.equal(failed.org_id, 2);
    assert.equal(failed.data.username, 'zhifa');
    assert.equal(failed.data.addr, '127.0.0.1');
    assert.ok(!JSON.stringify(events).includes('Wrong-Passw0rd'), 'a tried password is in the log');
    const unlockEv = events.find((e) => e.type === 'user.unlock');
    assert.equal(unlockEv.actor, `user:${ids.secadmin}`);
  });

  test('a successful login clears the failure count', async () => {
    for (let i = 0; i < 4; i++) assertError(await h.srv.tryLogin('fazhi', 'Wrong-Passw0rd!'), 401, 'unauthenticated');
    await h.srv.login('fazhi', h.fx.pw('fazhi'));
    for (let i = 0; i < 4; i++) assertError(await h.srv.tryLogin('fazhi', 'Wrong-Passw0rd!'), 401, 'unauthenticated');
    await h.srv.login('fazhi', h.fx.pw('fazhi'));
  });

  test('concurrent failures all count: 5 at once lock the account', async () => {
    const c = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'sprinter', display_name: '并发', org_id: 2, password: 'Racer-1st-Passw0rd' },
    });
    assert.equal(c.status, 201, c.text);
    const rs = await Promise.all(Array.from({ length: 5 }, (_, i) => h.srv.tryLogin('sprinter', `Wrong-${i}-Passw0rd`)));
    const statuses = rs.map((r) => r.status).sort();
    assert.deepEqual(statuses, [401, 401, 401, 401, 403], statuses.join(','));
    assertError(await h.srv.tryLogin('sprinter', 'Racer-1st-Passw0rd'), 403, 'locked');
  });

  test('the lockout lasts 15 minutes, then one failure does not lock again', async () => {
    const c = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'waiter', display_name: '等待', org_id: 2, password: 'Patient-Passw0rd-1' },
    });
    assert.equal(c.status, 201, c.text);
    const g = await h.srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles: ['viewer'] } });
    assert.equal(g.status, 200, g.text);
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await h.srv.tryLogin('waiter', 'Wrong-Passw0rd!');
    const until = Number(sqlite(h.fx.db, `SELECT locked_until FROM users WHERE user_id=${c.json.id};`));
    const lockMs = until - t0;
    assert.ok(lockMs >= 15 * 60000 - 1000 && lockMs <= 15 * 60000 + 5000, `locked for ${lockMs} ms`);
    assertError(await h.srv.tryLogin('waiter', 'Patient-Passw0rd-1'), 403, 'locked');
    // Let the 15 minutes pass (the server reads the account on every login).
    sqlite(h.fx.db, `UPDATE users SET locked_until=${Date.now() - 1000} WHERE user_id=${c.json.id};`);
    assertError(await h.srv.tryLogin('waiter', 'Wrong-Passw0rd!'), 401, 'unauthenticated');
    await h.srv.login('waiter', 'Patient-Passw0rd-1');
    // Expired again, without a successful login in between: 5 new failures
    // lock it again (the guessing must not become unlimited).
    for (let i = 0; i < 5; i++) await h.srv.tryLogin('waiter', 'Wrong-Passw0rd!');
    sqlite(h.fx.db, `UPDATE users SET locked_until=${Date.now() - 1000} WHERE user_id=${c.json.id};`);
    const st = [];
    for (let i = 0; i < 5; i++) st.push((await h.srv.tryLogin('waiter', 'Wrong-Passw0rd!')).status);
    assert.deepEqual(st, [401, 401, 401, 401, 403]);
    assertError(await h.srv.tryLogin('waiter', 'Patient-Passw0rd-1'), 403, 'locked');
  });

  test('an unknown user name goes to the system chain, read by the root auditor', async () => {
    const r = await h.srv.tryLogin('ghost-user', 'Wrong-Passw0rd!');
    assertError(r, 401, 'unauthenticated', 'password');
    const ev = await allEvents(h.srv, auditor, 0);
    const mine = ev.filter((e) => e.type === 'auth.login_failed' && e.data.username === 'ghost-user');
    assert.equal(mine.length, 1);
    assert.equal(mine[0].org_id, 0);
  });
});

describe('password flows', () => {
  const h = useServer();
  let admin, secadmin, id;
  const P = Array.from({ length: 7 }, (_, i) => `Flow-${i}-Passw0rd!`);

  before(async () => {
    admin = await h.srv.login('admin', h.fx.pw('admin'));
    secadmin = await h.srv.login('secadmin', h.fx.pw('secadmin'));
  });

  // Change the password of the session's user; returns the new session.
  async function change(session, oldPw, newPw) {
    const r = await h.srv.req('POST', '/api/v1/auth/password', {
      session,
      json: { old_password: oldPw, new_password: newPw },
    });
    assert.equal(r.status, 200, `${oldPw} -> ${newPw}: ${r.text}`);
    assert.equal(r.json.user.must_change_password, false);
    return sessionFrom(r);
  }

  test('an account created by the system administrator must change its password', async () => {
    const c = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'newbie', display_name: '新同事', org_id: 2, password: P[0] },
    });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.must_change_password, true);
    assert.deepEqual(c.json.roles, []);
    id = c.json.id;
    // no session before a role is granted (三员分立: separation.test.mjs)
    assertError(await h.srv.tryLogin('newbie', P[0]), 403, 'forbidden', 'username');
    const g = await h.srv.req('PUT', `/api/v1/users/${id}/roles`, { session: secadmin, json: { roles: ['viewer'] } });
    assert.equal(g.status, 200, g.text);

    const s0 = await h.srv.login('newbie', P[0]);
    assert.equal(s0.user.must_change_password, true);
    for (const [method, p] of [
      ['GET', '/api/v1/roles'],
      ['GET', '/api/v1/orgs'],
      ['GET', '/api/v1/orgs/2'],
    ]) {
      const r = await h.srv.req(method, p, { session: s0 });
      assertError(r, 403, 'password_change_required', 'password');
    }
    const me = await h.srv.req('GET', '/api/v1/auth/me', { session: s0 });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.must_change_password, true);
    // the names the interface's header shows: the user's and the organisation's
    assert.equal(me.json.display_name, '新同事');
    const org = await h.srv.req('GET', '/api/v1/orgs/2', { session: admin });
    assert.equal(org.status, 200, org.text);
    assert.equal(me.json.org_name, org.json.name);

    // The policy and the old password are checked.
    let r = await h.srv.req('POST', '/api/v1/auth/password', {
      session: s0,
      json: { old_password: P[0], new_password: 'weak' },
    });
    assertError(r, 422, 'refused', 'password');
    r = await h.srv.req('POST', '/api/v1/auth/password', {
      session: s0,
      json: { old_password: 'Not-The-0ld-one', new_password: P[1] },
    });
    assertError(r, 422, 'refused', 'old_password');
    r = await h.srv.req('POST', '/api/v1/auth/password', {
      session: s0,
      json: { old_password: P[0], new_password: P[0] },
    });
    assertError(r, 422, 'refused', 'password');
    r = await h.srv.req('POST', '/api/v1/auth/password', {
      session: s0,
      json: { old_password: P[0], new_password: P[1] },
      csrf: false,
    });
    assertError(r, 403, 'csrf');

    const s1 = await change(s0, P[0], P[1]);
    // The old session ended; the new one works everywhere the roles allow.
    assertError(await h.srv.req('GET', '/api/v1/auth/me', { session: s0 }), 401, 'unauthenticated');
    const roles = await h.srv.req('GET', '/api/v1/roles', { session: s1 });
    assert.equal(roles.status, 200, roles.text);
    const again = await h.srv.login('newbie', P[1]);
    assert.equal(again.user.must_change_password, false);
    assertError(await h.srv.tryLogin('newbie', P[0]), 401, 'unauthenticated');
  });

  test('none of the last 5 passwords may be used again', async () => {
    let s = await h.srv.login('newbie', P[1]);
    s = await change(s, P[1], P[2]);
    s = await change(s, P[2], P[3]);
    s = await change(s, P[3], P[4]);
    // Current P4; before it P3, P2, P1, P0: all five refused.
    for (const old of [P[4], P[3], P[2], P[1], P[0]]) {
      const r = await h.srv.req('POST', '/api/v1/auth/password', {
        session: s,
        json: { old_password: P[4], new_password: old },
      });
      assertError(r, 422, 'refused', 'password');
    }
    s = await change(s, P[4], P[5]);
    // P0 is now the sixth back: allowed again.
    s = await change(s, P[5], P[0]);
    assert.ok(s.cookie);
  });

  test('a reset by the security administrator is temporary', async () => {
    const s = await h.srv.login('newbie', P[0]);
    const byAdmin = await h.srv.req('POST', `/api/v1/users/${id}/password`, {
      session: admin,
      json: { password: P[6] },
    });
    assertError(byAdmin, 403, 'forbidden');
    const weak = await h.srv.req('POST', `/api/v1/users/${id}/password`, {
      session: secadmin,
      json: { password: 'weak' },
    });
    assertError(weak, 422, 'refused', 'password');
    const r = await h.srv.req('POST', `/api/v1/users/${id}/password`, {
      session: secadmin,
      json: { password: P[6] },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.must_change_password, true);
    assertError(await h.srv.req('GET', '/api/v1/auth/me', { session: s }), 401, 'unauthenticated');
    const t = await h.srv.login('newbie', P[6]);
    assertError(await h.srv.req('GET', '/api/v1/roles', { session: t }), 403, 'password_change_required', 'password');
    await change(t, P[6], 'Fresh-Own-Passw0rd');
  });
});
