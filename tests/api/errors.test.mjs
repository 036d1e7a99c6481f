// errors.test.mjs - every error status of the API with a real request, in the
// one error shape {"error":{"code","message","field"}}, naming the field
// where there is one.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, makeFixture, Server, useServer } from './lib.mjs';

const STRONG = 'Str0ng-Passw0rd!';

describe('default server', () => {
  const h = useServer();
  let admin, secadmin, zhifa, ids;

  before(async () => {
    admin = await h.srv.login('admin', h.fx.pw('admin'));
    secadmin = await h.srv.login('secadmin', h.fx.pw('secadmin'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    const r = await h.srv.req('GET', '/api/v1/users', { session: admin });
    assert.equal(r.status, 200, r.text);
    ids = Object.fromEntries(r.json.users.map((u) => [u.username, u.id]));
  });

  test('400 malformed JSON names the body', async () => {
    for (const body of ['{"parent_id":1,', '{parent_id:1}', "{'a':1}", '{"a":1}}', '']) {
      const r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, body, contentType: 'application/json' });
      assertError(r, 400, 'invalid', 'body');
    }
  });

  test('400 a body that is JSON but not an object', async () => {
    for (const json of [[], 'x', 1, null]) {
      const r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json });
      assertError(r, 400, 'invalid', 'body');
    }
  });

  test('400 wrong type names the field', async () => {
    const cases = [
      [{ parent_id: '1', name: 'a', level: 'unit' }, 'parent_id'],
      [{ parent_id: 1.5, name: 'a', level: 'unit' }, 'parent_id'],
      [{ parent_id: 1, name: 7, level: 'unit' }, 'name'],
      [{ parent_id: 1, name: 'a', level: ['unit'] }, 'level'],
      [{ parent_id: 1, name: 'a', level: true }, 'level'],
    ];
    for (const [json, field] of cases) {
      const r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json });
      assertError(r, 400, 'invalid', field);
    }
  });

  test('400 unknown field names it', async () => {
    const r = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 1, name: 'a', level: 'unit', colour: 'red' },
    });
    assertError(r, 400, 'invalid', 'colour');
  });

  test('400 missing required field names it', async () => {
    let r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 1, level: 'unit' } });
    assertError(r, 400, 'invalid', 'name');
    r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 1, name: null, level: 'unit' } });
    assertError(r, 400, 'invalid', 'name');
  });

  test('400 bad value: level, id in the path, query argument', async () => {
    let r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 1, name: 'a', level: 'city' } });
    assertError(r, 400, 'invalid', 'level');
    r = await h.srv.req('GET', '/api/v1/orgs/abc', { session: admin });
    assertError(r, 400, 'invalid', 'id');
    r = await h.srv.req('GET', '/api/v1/orgs/0', { session: admin });
    assertError(r, 400, 'invalid', 'id');
    const auditor = await h.srv.login('auditor', h.fx.pw('auditor'));
    r = await h.srv.req('GET', '/api/v1/audit/events?limit=0', { session: auditor });
    assertError(r, 400, 'invalid', 'limit');
    r = await h.srv.req('GET', '/api/v1/audit/events?org_id=x', { session: auditor });
    assertError(r, 400, 'invalid', 'org_id');
  });

  test('401 without a session, with a bad cookie, with a bad token', async () => {
    let r = await h.srv.req('GET', '/api/v1/orgs');
    assertError(r, 401, 'unauthenticated', null);
    r = await h.srv.req('GET', '/api/v1/auth/me', { headers: { cookie: 'fz_session=' + 'A'.repeat(43) } });
    assertError(r, 401, 'unauthenticated', null);
    r = await h.srv.req('GET', '/api/v1/auth/me', { headers: { cookie: 'fz_session=short' } });
    assertError(r, 401, 'unauthenticated', null);
    r = await h.srv.req('GET', '/api/v1/orgs', { token: 'fzt_nonsense' });
    assertError(r, 401, 'unauthenticated', null);
  });

  test('401 wrong password names the password; unknown user looks the same', async () => {
    const a = await h.srv.tryLogin('fazhi', 'Wrong-Passw0rd!');
    const ea = assertError(a, 401, 'unauthenticated', 'password');
    const b = await h.srv.tryLogin('nobody-here', 'Wrong-Passw0rd!');
    const eb = assertError(b, 401, 'unauthenticated', 'password');
    assert.equal(ea.message, eb.message, 'an unknown user name must not be told apart');
    assert.equal(a.headers.get('set-cookie'), null);
  });

  test('403 a role that is not allowed', async () => {
    const r = await h.srv.req('POST', '/api/v1/orgs', {
      session: zhifa,
      json: { parent_id: 2, name: '不该建立', level: 'unit' },
    });
    assertError(r, 403, 'forbidden', null);
    const r2 = await h.srv.req('GET', '/api/v1/audit/events', { session: admin });
    assertError(r2, 403, 'forbidden', null);
  });

  test('403 CSRF token missing or wrong', async () => {
    const json = { parent_id: 1, name: 'csrf-test', level: 'unit' };
    let r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json, csrf: false });
    assertError(r, 403, 'csrf', 'X-CSRF-Token');
    r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json, csrf: secadmin.csrf });
    assertError(r, 403, 'csrf', 'X-CSRF-Token');
    r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json, csrf: admin.csrf.slice(0, 20) });
    assertError(r, 403, 'csrf', 'X-CSRF-Token');
  });

  test('403 a locked account, even with the right password', async () => {
    const r = await h.srv.req('POST', `/api/v1/users/${ids.zhifa}/lock`, { session: admin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.disabled, true);
    const l = await h.srv.tryLogin('zhifa', h.fx.pw('zhifa'));
    assertError(l, 403, 'locked', 'username');
    // The lock also ended the sessions the account had.
    const me = await h.srv.req('GET', '/api/v1/auth/me', { session: zhifa });
    assertError(me, 401, 'unauthenticated', null);
    const u = await h.srv.req('POST', `/api/v1/users/${ids.zhifa}/unlock`, { session: secadmin });
    assert.equal(u.status, 200, u.text);
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
  });

  test('404 unknown path under /api', async () => {
    for (const p of ['/api/v1/nothing', '/api/v2/orgs', '/api/', '/api/v1/orgs/1/children']) {
      const r = await h.srv.req('GET', p, { session: admin });
      assertError(r, 404, 'not_found', 'path');
    }
    const r = await h.srv.req('POST', '/api/v1/nothing', { session: admin, json: {} });
    assertError(r, 404, 'not_found', 'path');
  });

  test('404 an organisation outside the scope, same as one that does not exist', async () => {
    const out = await h.srv.req('GET', '/api/v1/orgs/1', { session: zhifa });
    const eo = assertError(out, 404, 'not_found', 'id');
    const none = await h.srv.req('GET', '/api/v1/orgs/999999', { session: zhifa });
    const en = assertError(none, 404, 'not_found', 'id');
    assert.equal(eo.message.replace(/\d+/g, 'N'), en.message.replace(/\d+/g, 'N'));
    // In scope for the bureau's own user:
    const own = await h.srv.req('GET', '/api/v1/orgs/2', { session: zhifa });
    assert.equal(own.status, 200, own.text);
    // A child of the bureau is in the scope of the bureau's users.
    const fz = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    const u = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 2, name: '执法支队二大队', level: 'unit' },
    });
    assert.equal(u.status, 201, u.text);
    const parentOut = await h.srv.req('GET', `/api/v1/orgs/${u.json.id}`, { session: fz });
    assert.equal(parentOut.status, 200, parentOut.text);
  });

  test('405 wrong method on a known path, with an Allow header', async () => {
    const cases = [
      ['DELETE', '/api/v1/orgs', ['GET', 'HEAD', 'POST']],
      ['PUT', '/api/v1/orgs/1', ['GET', 'HEAD']],
      ['GET', '/api/v1/auth/login', ['POST']],
      ['POST', '/healthz', ['GET', 'HEAD']],
      ['GET', '/api/v1/users/1/roles', ['PUT']],
    ];
    for (const [method, p, allow] of cases) {
      const r = await h.srv.req(method, p, { session: admin, csrf: admin.csrf });
      assertError(r, 405, 'method_not_allowed');
      const got = (r.headers.get('allow') || '').split(/,\s*/).filter(Boolean).sort();
      assert.deepEqual(got, allow.sort(), `${method} ${p}: Allow ${r.headers.get('allow')}`);
    }
  });

  test('409 duplicate user name', async () => {
    const r = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'zhifa', display_name: '重名', org_id: 2, password: STRONG },
    });
    assertError(r, 409, 'conflict', 'username');
  });

  test('409 duplicate organisation name under the same parent (and not under another)', async () => {
    let r = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 1, name: '北碚区规划和自然资源局', level: 'department' },
    });
    assertError(r, 409, 'conflict', 'name');
    r = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 2, name: '北碚区规划和自然资源局', level: 'unit' },
    });
    assert.equal(r.status, 201, r.text);
  });

  test('415 POST with Content-Type text/plain (and none)', async () => {
    const body = JSON.stringify({ parent_id: 1, name: 'x', level: 'unit' });
    let r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, body, contentType: 'text/plain' });
    assertError(r, 415, 'unsupported_media_type', 'Content-Type');
    r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, body, contentType: 'application/jsonx' });
    assertError(r, 415, 'unsupported_media_type', 'Content-Type');
    r = await h.srv.req('POST', '/api/v1/auth/login', {
      body: JSON.stringify({ username: 'admin', password: h.fx.pw('admin') }),
      contentType: 'text/plain',
    });
    assertError(r, 415, 'unsupported_media_type', 'Content-Type');
    // The charset parameter is fine.
    r = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      body: JSON.stringify({ parent_id: 1, name: '字符集', level: 'unit' }),
      contentType: 'application/json; charset=utf-8',
    });
    assert.equal(r.status, 201, r.text);
  });

  test('422 weak password names the password', async () => {
    for (const password of ['short1A!', 'alllowercaseletters', 'Abcdefghijkl', 'Xx1-weakuser-pass']) {
      const r = await h.srv.req('POST', '/api/v1/users', {
        session: admin,
        json: { username: 'weakuser', display_name: '弱密码', org_id: 2, password },
      });
      assertError(r, 422, 'refused', 'password');
    }
  });

  test('422 a role set holding two of sysadmin, secadmin, auditor (三员分立)', async () => {
    for (const roles of [
      ['sysadmin', 'auditor'],
      ['secadmin', 'sysadmin'],
      ['auditor', 'secadmin', 'officer'],
      ['系统管理员', '审计管理员'],
    ]) {
      const r = await h.srv.req('PUT', `/api/v1/users/${ids.fazhi}/roles`, { session: secadmin, json: { roles } });
      assertError(r, 422, 'refused', 'roles');
    }
    const r = await h.srv.req('PUT', `/api/v1/users/${ids.fazhi}/roles`, {
      session: secadmin,
      json: { roles: ['nosuchrole'] },
    });
    assertError(r, 400, 'invalid', 'roles');
    const u = await h.srv.req('GET', `/api/v1/users/${ids.fazhi}`, { session: secadmin });
    assert.deepEqual(u.json.roles, ['officer', 'reviewer', 'head', 'statistician']);
  });
});

describe('server with --max-body 2048', () => {
  const h = useServer({ args: ['--max-body', '2048'] });

  test('413 a body over the cap names the body; at the cap it is fine', async () => {
    const admin = await h.srv.login('admin', h.fx.pw('admin'));
    const pad = 'x'.repeat(3000);
    let r = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 1, name: 'big', level: 'unit', pad },
    });
    assertError(r, 413, 'too_large', 'body');
    r = await h.srv.req('POST', '/api/v1/auth/login', { json: { username: 'admin', password: pad } });
    assertError(r, 413, 'too_large', 'body');
    // Exactly 2048 bytes is not over the cap (it fails on the unknown field).
    const base = JSON.stringify({ parent_id: 1, name: 'big', level: 'unit', pad: '' });
    const body = JSON.stringify({ parent_id: 1, name: 'big', level: 'unit', pad: 'y'.repeat(2048 - base.length) });
    assert.equal(Buffer.byteLength(body), 2048);
    r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, body, contentType: 'application/json' });
    assertError(r, 400, 'invalid', 'pad');
  });
});

describe('server with --rate 3', () => {
  let fx, srv;
  before(async () => {
    fx = makeFixture();
    srv = await Server.start(fx.db, ['--rate', '3']);
  });
  after(async () => {
    try {
      await srv.stopClean();
    } finally {
      fx.cleanup();
    }
  });

  test('429 when /api/v1/auth/login is hit past the burst', async () => {
    const statuses = [];
    let limited;
    for (let i = 0; i < 6; i++) {
      const r = await srv.req('POST', '/api/v1/auth/login', { json: { username: 'admin', password: 'Wrong-Passw0rd!' } });
      statuses.push(r.status);
      if (r.status === 429) {
        limited = r;
        break;
      }
    }
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    assertError(limited, 429, 'rate_limited', null);
    // Even the right password is refused now, and other routes are not limited.
    const r = await srv.tryLogin('admin', fx.pw('admin'));
    assertError(r, 429, 'rate_limited', null);
    const hz = await srv.req('GET', '/healthz');
    assert.equal(hz.status, 200);
  });
});
