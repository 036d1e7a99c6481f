// session.test.mjs - idle expiry (server started with --idle-seconds 2), the
// session cookie's attributes, logout.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, sleep, useServer } from './lib.mjs';

describe('sessions with --idle-seconds 2', () => {
  const h = useServer({ args: ['--idle-seconds', '2'] });

  test('the cookie is HttpOnly and SameSite=Strict, not readable by scripts', async () => {
    const r = await h.srv.tryLogin('fazhi', h.fx.pw('fazhi'));
    assert.equal(r.status, 200, r.text);
    const sc = r.headers.get('set-cookie');
    assert.match(sc, /^fz_session=[A-Za-z0-9_-]{43};/);
    assert.match(sc, /;\s*HttpOnly/i);
    assert.match(sc, /;\s*SameSite=Strict/i);
    assert.match(sc, /;\s*Path=\//);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.ok(!r.text.includes(sc.split(';')[0].split('=')[1]), 'the session token is in the body');
  });

  test('a session idle for 3 s gets 401; one used every second stays alive', async () => {
    const idle = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    const busy = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    const t0 = Date.now();
    // About 4 s of activity, one request a second: bounded in count and time.
    for (let i = 0; i < 4 && Date.now() - t0 < 8000; i++) {
      await sleep(1000);
      const r = await h.srv.req('GET', '/api/v1/auth/me', { session: busy });
      assert.equal(r.status, 200, `busy session, request ${i + 1} at ${Date.now() - t0} ms: ${r.text}`);
    }
    assert.ok(Date.now() - t0 >= 3000);
    const r = await h.srv.req('GET', '/api/v1/auth/me', { session: idle });
    assertError(r, 401, 'unauthenticated', null);
    // Expired means gone: it does not come back.
    assertError(await h.srv.req('GET', '/api/v1/orgs', { session: idle }), 401, 'unauthenticated');
    // The busy one is still alive, and a new login works.
    assert.equal((await h.srv.req('GET', '/api/v1/orgs', { session: busy })).status, 200);
    const again = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    assert.equal((await h.srv.req('GET', '/api/v1/auth/me', { session: again })).status, 200);
  });

  test('logout ends the session and clears the cookie', async () => {
    const s = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    const other = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    const r = await h.srv.req('POST', '/api/v1/auth/logout', { session: s });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('set-cookie') || '', /fz_session=;.*Max-Age=0/);
    assertError(await h.srv.req('GET', '/api/v1/auth/me', { session: s }), 401, 'unauthenticated');
    // Only that session: another login of the same user lives on.
    assert.equal((await h.srv.req('GET', '/api/v1/auth/me', { session: other })).status, 200);
  });
});
