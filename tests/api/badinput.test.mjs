// badinput.test.mjs - malformed JSON, wrong types, unknown fields, oversized
// bodies, invalid UTF-8, overlong headers, path traversal: each gets its clear
// error and nothing is written (organisations, users and every event chain
// are compared before and after).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, loginAdmins, parseRaw, rawRequest, snapshotOf, useServer } from './lib.mjs';

describe('bad input', () => {
  const h = useServer();
  let admin, secadmin, auditor;

  before(async () => {
    ({ admin, secadmin, auditor } = await loginAdmins(h));
  });

  const snapshot = () => snapshotOf(h, { admin, secadmin, auditor });

  // Run fn, then assert nothing was written.
  async function writesNothing(fn) {
    const before = await snapshot();
    await fn();
    const after = await snapshot();
    assert.deepEqual(after.orgs, before.orgs, 'an organisation was written');
    assert.deepEqual(after.users, before.users, 'a user was written');
    assert.deepEqual(after.events, before.events, 'an event was written');
  }

  const postOrg = (body, extra = {}) =>
    h.srv.req('POST', '/api/v1/orgs', { session: admin, body, contentType: 'application/json', ...extra });

  // A raw HTTP/1.1 request with the admin's session.
  function raw(head, body = Buffer.alloc(0), { session = admin } = {}) {
    const lines = [
      ...head,
      'Host: 127.0.0.1',
      `Cookie: ${session.cookie}`,
      `X-CSRF-Token: ${session.csrf}`,
      'Connection: close',
    ];
    return rawRequest(h.srv.port, Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]));
  }

  test('malformed JSON: 400 naming the body', async () => {
    await writesNothing(async () => {
      for (const body of [
        '{"parent_id":1,"name":"半截","level":"unit"',
        '{"parent_id":1,"name":"多余逗号","level":"unit",}',
        '{"parent_id":01,"name":"前导零","level":"unit"}',
        '{"parent_id":1,"name":"两个","name":"重复键","level":"unit"}',
        '{"parent_id":1,"name":"尾巴","level":"unit"} x',
        '{"parent_id":1,"name":"\\x41","level":"unit"}',
        "{'parent_id':1}",
        '',
        ' ',
        'null',
        '[{"parent_id":1,"name":"数组","level":"unit"}]',
        '"a string"',
        '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
      ]) {
        assertError(await postOrg(body), 400, 'invalid', 'body');
      }
      assertError(
        await h.srv.req('POST', '/api/v1/auth/login', { body: '{"username":"admin",', contentType: 'application/json' }),
        400,
        'invalid',
        'body',
      );
    });
  });

  test('wrong types and bad values: 400 naming the field', async () => {
    await writesNothing(async () => {
      const cases = [
        [{ parent_id: '1', name: '类型', level: 'unit' }, 'parent_id'],
        [{ parent_id: true, name: '类型', level: 'unit' }, 'parent_id'],
        [{ parent_id: [1], name: '类型', level: 'unit' }, 'parent_id'],
        [{ parent_id: { id: 1 }, name: '类型', level: 'unit' }, 'parent_id'],
        [{ parent_id: 1.0000001, name: '类型', level: 'unit' }, 'parent_id'],
        [{ parent_id: -1, name: '类型', level: 'unit' }, 'parent_id'],
        [{ parent_id: 0, name: '类型', level: 'unit' }, 'parent_id'],
        [{ parent_id: 1, name: 42, level: 'unit' }, 'name'],
        [{ parent_id: 1, name: '', level: 'unit' }, 'name'],
        [{ parent_id: 1, name: 'x'.repeat(201), level: 'unit' }, 'name'],
        [{ parent_id: 1, name: '有\n换行', level: 'unit' }, 'name'],
        [{ parent_id: 1, name: '类型', level: null }, 'level'],
        [{ parent_id: 1, name: '类型', level: 'planet' }, 'level'],
      ];
      for (const [json, field] of cases) {
        const r = await h.srv.req('POST', '/api/v1/orgs', { session: admin, json });
        assertError(r, 400, 'invalid', field);
      }
      // jansson refuses \u0000 while parsing: the body is named.
      assertError(await postOrg('{"parent_id":1,"name":"有\\u0000零字节","level":"unit"}'), 400, 'invalid', 'body');
      // Integers beyond 64 bits are not JSON jansson accepts: the body.
      assertError(await postOrg('{"parent_id":99999999999999999999,"name":"大数","level":"unit"}'), 400, 'invalid', 'body');
      const u = await h.srv.req('POST', '/api/v1/users', {
        session: admin,
        json: { username: 'Bad Name', display_name: '用户名', org_id: 2, password: 'Good-Passw0rd-1' },
      });
      assertError(u, 400, 'invalid', 'username');
      const roles = await h.srv.req('PUT', '/api/v1/users/5/roles', { session: secadmin, json: { roles: 'officer' } });
      assertError(roles, 400, 'invalid', 'roles');
      const roles2 = await h.srv.req('PUT', '/api/v1/users/5/roles', { session: secadmin, json: { roles: [1] } });
      assertError(roles2, 400, 'invalid', 'roles');
      const login = await h.srv.req('POST', '/api/v1/auth/login', { json: { username: 'admin', password: 12345 } });
      assertError(login, 400, 'invalid', 'password');
    });
  });

  test('unknown fields: 400 naming the field', async () => {
    await writesNothing(async () => {
      const cases = [
        ['POST', '/api/v1/orgs', admin, { parent_id: 1, name: '多字段', level: 'unit', id: 99 }, 'id'],
        ['POST', '/api/v1/orgs', admin, { parent_id: 1, name: '多字段', level: 'unit', path: '/9/' }, 'path'],
        [
          'POST',
          '/api/v1/users',
          admin,
          { username: 'extra', display_name: 'x', org_id: 2, password: 'Good-Passw0rd-1', roles: ['sysadmin'] },
          'roles',
        ],
        ['POST', '/api/v1/tokens', admin, { user_id: 1, name: 'x', scope: 'all' }, 'scope'],
        ['PUT', '/api/v1/users/5/roles', secadmin, { roles: ['viewer'], org_id: 1 }, 'org_id'],
      ];
      for (const [method, p, session, json, field] of cases) {
        const r = await h.srv.req(method, p, { session, json });
        assertError(r, 400, 'invalid', field);
      }
      const login = await h.srv.req('POST', '/api/v1/auth/login', {
        json: { username: 'admin', password: h.fx.pw('admin'), remember: true },
      });
      assertError(login, 400, 'invalid', 'remember');
    });
  });

  test('oversized bodies (over the default 1 MiB): 413 naming the body', async () => {
    await writesNothing(async () => {
      const big = JSON.stringify({ parent_id: 1, name: '大', level: 'unit', pad: 'x'.repeat(1536 * 1024) });
      assertError(await postOrg(big), 413, 'too_large', 'body');
      assertError(
        await h.srv.req('POST', '/api/v1/auth/login', { body: big, contentType: 'application/json' }),
        413,
        'too_large',
        'body',
      );
      // Chunked, without a Content-Length: the cap still holds.
      const chunk = Buffer.from('x'.repeat(256 * 1024));
      const parts = [Buffer.from('{"parent_id":1,"name":"分块","level":"unit","pad":"')];
      for (let i = 0; i < 5; i++) parts.push(chunk);
      parts.push(Buffer.from('"}'));
      const chunked = Buffer.concat(
        parts.flatMap((p) => [Buffer.from(p.length.toString(16) + '\r\n'), p, Buffer.from('\r\n')]).concat([Buffer.from('0\r\n\r\n')]),
      );
      const r = await raw(['POST /api/v1/orgs HTTP/1.1', 'Content-Type: application/json', 'Transfer-Encoding: chunked'], chunked);
      assert.equal(r.status, 413, r.raw.slice(0, 300));
      assert.equal(JSON.parse(r.body).error.field, 'body');
    });
  });

  test(
    'a declared Content-Length over the cap is refused at once, without reading the body',
    async () => {
      const t0 = Date.now();
      const r = await rawRequest(
        h.srv.port,
        'POST /api/v1/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 99999999999\r\n\r\n{"parent_id":1,',
        { timeoutMs: 1500 },
      );
      assert.equal(r.status, 413, `no answer in ${Date.now() - t0} ms`);
    },
  );

  test('invalid UTF-8 in a JSON string: 400, nothing written', async () => {
    await writesNothing(async () => {
      const bad = (bytes) =>
        Buffer.concat([Buffer.from('{"parent_id":1,"name":"'), Buffer.from(bytes), Buffer.from('","level":"unit"}')]);
      for (const bytes of [
        [0xc3, 0x28], // a two-byte sequence cut short
        [0xc0, 0xaf], // overlong '/'
        [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded
        [0xff],
        [0xe6, 0xb3], // 法 without its last byte
      ]) {
        const r = await postOrg(bad(bytes));
        assertError(r, 400, 'invalid', 'body');
      }
      // A lone surrogate escape is not valid Unicode either.
      assertError(await postOrg('{"parent_id":1,"name":"\\ud800","level":"unit"}'), 400, 'invalid', 'body');
      const login = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"x"}')]);
      assertError(
        await h.srv.req('POST', '/api/v1/auth/login', { body: login, contentType: 'application/json' }),
        400,
        'invalid',
        'body',
      );
    });
    // Valid multi-byte UTF-8 of course works (control: same request, good bytes).
    const good = await postOrg(
      Buffer.concat([Buffer.from('{"parent_id":1,"name":"'), Buffer.from([0xe6, 0xb3, 0x95]), Buffer.from('","level":"unit"}')]),
    );
    assert.equal(good.status, 201, good.text);
    assert.equal(good.json.name, '法');
  });

  test('an overlong header (100 KB): 4xx, and the server goes on serving', async () => {
    await writesNothing(async () => {
      const r = await rawRequest(
        h.srv.port,
        `GET /api/v1/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: ${'a'.repeat(100 * 1024)}\r\nConnection: close\r\n\r\n`,
      );
      assert.ok(r.status >= 400 && r.status < 500 && [400, 413, 431].includes(r.status), `status ${r.status}: ${r.head}`);
      const r2 = await raw([
        `POST /api/v1/orgs HTTP/1.1`,
        'Content-Type: application/json',
        `X-Long: ${'b'.repeat(100 * 1024)}`,
        'Content-Length: 45',
      ], Buffer.from('{"parent_id":1,"name":"长头","level":"unit"}'.padEnd(45)));
      assert.ok([400, 413, 431].includes(r2.status), `status ${r2.status}: ${r2.head}`);
      const r3 = await rawRequest(h.srv.port, `GET /api/v1/orgs?x=${'c'.repeat(100 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      assert.ok(r3.status >= 400 && r3.status < 500, `long request line: status ${r3.status}`);
    });
    const hz = await h.srv.req('GET', '/healthz');
    assert.equal(hz.status, 200);
    assert.deepEqual(hz.json, { status: 'ok' });
    assert.equal((await h.srv.req('GET', '/api/v1/orgs', { session: admin })).status, 200);
  });

  test('path traversal in static paths: 400 naming the path, never a file', async () => {
    const targets = [
      '/static/../../etc/passwd',
      '/..%2f..%2fetc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/static/..%5c..%5cetc%5cpasswd',
      '/static\\..\\..\\etc\\passwd',
      '/..',
      '/api/v1/../../etc/passwd',
      '../../etc/passwd',
      'etc/passwd',
      '*',
    ];
    await writesNothing(async () => {
      for (const target of targets) {
        const r = await rawRequest(h.srv.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
        assert.equal(r.status, 400, `${target}: ${r.raw.slice(0, 300)}`);
        assert.ok(!/root:|daemon:/.test(r.raw), `${target}: file contents in the response`);
        const e = JSON.parse(r.body).error;
        assert.equal(e.code, 'invalid', target);
        assert.equal(e.field, 'path', target);
      }
    });
    assert.equal((await h.srv.req('GET', '/healthz')).status, 200, 'the server died');
    // Names that merely contain dots are fine.
    const ok = await h.srv.req('GET', '/index.html');
    assert.equal(ok.status, 200);
    const miss = await h.srv.req('GET', '/static/a..b.js');
    assertError(miss, 404, 'not_found', 'path');
  });

  test('malformed requests: no 5xx but for an unknown HTTP version, no crash, nothing written', async () => {
    const c = admin.cookie;
    const reqs = [
      'GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /%zz%2 HTTP/1.1\r\nHost: x\r\n\r\n',
      `GET /${'a/'.repeat(2000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /api/v1/orgs/${'9'.repeat(70)} HTTP/1.1\r\nHost: x\r\nCookie: ${c}\r\n\r\n`,
      `GET /api/v1/orgs/-1 HTTP/1.1\r\nHost: x\r\nCookie: ${c}\r\n\r\n`,
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nCookie: fz_session=\xff\xfe\r\n\r\n',
      `GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nCookie: fz_session=${'A'.repeat(5000)}\r\n\r\n`,
      `GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'A'.repeat(30000)}\r\n\r\n`,
      'GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nCookie: a=b; fz_session=; fz_session=x\r\n\r\n',
      '\r\n\r\n',
      'GET\r\n\r\n',
      'GET /healthz\r\n\r\n',
      `GET /api/v1/orgs HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 2000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`,
    ];
    await writesNothing(async () => {
      for (const q of reqs) {
        const r = await rawRequest(h.srv.port, Buffer.from(q, 'latin1'), { timeoutMs: 1000 });
        const what = `${JSON.stringify(q.slice(0, 60))}: ${r.raw.slice(0, 200)}`;
        assert.ok(r.status === null || r.status < 500 || r.status === 505, what);
        const hz = await h.srv.req('GET', '/healthz');
        assert.equal(hz.status, 200, `after ${what}`);
      }
    });
  });

  test('raw parsing sanity: a well-formed raw request gets a JSON answer', async () => {
    const r = await raw(['GET /api/v1/auth/me HTTP/1.1']);
    assert.equal(r.status, 200, r.raw.slice(0, 300));
    assert.equal(JSON.parse(r.body).username, 'admin');
    assert.equal(parseRaw(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')).status, 204);
  });
});
