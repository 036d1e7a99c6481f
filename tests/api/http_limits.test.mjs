// http_limits.test.mjs - issue 16, "the smaller findings", at the HTTP edge:
// a long search text is refused naming q (list and export), never a 500;
// an export that breaks midway is seen broken by the client, never a
// silently short file; a request trickled in is cut at its total deadline;
// the login and the portal have rate-limit buckets of their own, the login
// one per account as well, and X-Forwarded-For counts only from
// --trusted-proxy; 414 and 431 come in the JSON error shape with the
// security headers; --https marks the cookie Secure and sends HSTS;
// /metrics answers only to --metrics-allow.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { assertError, rawRequest, sleep, useServer } from './lib.mjs';

const K = '/api/v1/records/disclosure_request';

// A server on a fresh fixture for one describe(), with these options.
const serverWith = (args, env = {}) => useServer({ args, env });

const submit = (srv, i, xff) =>
  srv.req('POST', '/api/v1/public/disclosure_request', {
    json: { org_id: 2, applicant_type: 'natural_person', applicant_name: '李四', content: `第${i}件申请：征地批复文件` },
    headers: xff ? { 'X-Forwarded-For': xff } : {},
  });

describe('search text, export and the request deadline', () => {
  // the export breaks once 3 rows are out
  const h = serverWith(['--request-timeout', '2'], { FZ_FAULT_EXPORT_ROWS: '3' });
  let s;
  before(async () => {
    s = await h.srv.login('fazhi', h.fx.pw('fazhi'));
  });

  test('a search text over 100 characters is refused naming q, on the list and the export', async () => {
    const long = encodeURIComponent('征地批复'.repeat(342)); // ~4 KiB of text
    for (const p of [`${K}?q=${long}`, `${K}/export?format=csv&q=${long}`, `${K}/export?format=xlsx&q=${long}`]) {
      const e = assertError(await h.srv.req('GET', p, { session: s }), 400, 'invalid', 'q');
      assert.match(e.message, /搜索内容过长/);
    }
    // 100 characters are a search like any other
    const ok = await h.srv.req('GET', `${K}?q=${encodeURIComponent('征'.repeat(100))}`, { session: s });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.total, 0);
  });

  test('an export that fails midway ends broken for the client, not as a short file', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await submit(h.srv, i)).status, 201);
    const raw = await rawRequest(h.srv.port,
      `GET ${K}/export?format=csv HTTP/1.1\r\nHost: x\r\nCookie: ${s.cookie}\r\nConnection: close\r\n\r\n`);
    assert.equal(raw.status, 200, raw.head);
    assert.match(raw.head, /transfer-encoding: chunked/i);
    // the chunked body never ends with its last, empty chunk
    assert.ok(!raw.raw.endsWith('\r\n0\r\n\r\n'), raw.raw.slice(-200));
    // a client sees an error, not a file
    await assert.rejects(async () => {
      const r = await fetch(`${h.srv.base}${K}/export?format=csv`, { headers: { Cookie: s.cookie } });
      await r.text();
    });
  });

  test('a request trickled in is cut at its total deadline; a prompt one on the same connection is not', async () => {
    const t0 = Date.now();
    const closed = await new Promise((resolve) => {
      const sock = net.connect({ host: '127.0.0.1', port: h.srv.port });
      const line = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(40);
      let i = 0;
      const timer = setInterval(() => {
        if (i < line.length && !sock.destroyed) sock.write(line[i++]);
      }, 300); // one byte every 300 ms: never idle, never done
      const end = (why) => {
        clearInterval(timer);
        sock.destroy();
        resolve(why);
      };
      sock.on('close', () => end('closed'));
      sock.on('error', () => end('closed'));
      setTimeout(() => end('still open'), 8000);
    });
    const took = Date.now() - t0;
    assert.equal(closed, 'closed');
    assert.ok(took >= 1900 && took < 6000, `cut after ${took} ms`);
    // requests that arrive whole are answered however long the connection lives
    const sock = net.connect({ host: '127.0.0.1', port: h.srv.port });
    await new Promise((r) => sock.on('connect', r));
    let got = '';
    sock.on('data', (d) => (got += d.toString('latin1')));
    for (let i = 0; i < 2; i++) {
      sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await sleep(1500); // 3 s in all: past the deadline, which restarts per request
    }
    sock.destroy();
    assert.equal((got.match(/HTTP\/1\.1 200/g) || []).length, 2, got.slice(0, 300));
  });

  test('414 and 431 in the JSON shape, with the security headers', async () => {
    const uri = await rawRequest(h.srv.port, `GET /healthz?x=${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(uri.status, 414, uri.head);
    assert.equal(JSON.parse(uri.body).error.code, 'uri_too_long');
    assert.match(uri.head, /x-content-type-options: nosniff/i);
    const hdr = await rawRequest(h.srv.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20000)}\r\nConnection: close\r\n\r\n`);
    assert.equal(hdr.status, 431, hdr.head);
    assert.equal(JSON.parse(hdr.body).error.code, 'headers_too_large');
    assert.match(hdr.head, /content-security-policy/i);
  });
});

describe('rate limits: the portal and the login apart, per account too, behind a proxy', () => {
  const h = serverWith(['--rate', '3', '--trusted-proxy', '127.0.0.1']);

  test('the portal used up does not stop staff from logging in; another address has its own bucket', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await submit(h.srv, i, '10.1.1.1')).status, 201);
    const e = assertError(await submit(h.srv, 9, '10.1.1.1'), 429, 'rate_limited');
    assert.match(e.message, /请求过于频繁/);
    assert.equal((await submit(h.srv, 9, '10.1.1.2')).status, 201);
    // the same address logs in: the login's bucket is its own
    const r = await h.srv.req('POST', '/api/v1/auth/login', {
      json: { username: 'fazhi', password: h.fx.pw('fazhi') }, headers: { 'X-Forwarded-For': '10.1.1.1' },
    });
    assert.equal(r.status, 200, r.text);
  });

  test('guesses at one account from many addresses are slowed, naming the account', async () => {
    const guess = (i) => h.srv.req('POST', '/api/v1/auth/login', {
      json: { username: 'nobody', password: 'wrong-password-1' }, headers: { 'X-Forwarded-For': `10.2.0.${i}` },
    });
    for (let i = 1; i <= 3; i++) assert.equal((await guess(i)).status, 401);
    assertError(await guess(4), 429, 'rate_limited', 'username');
  });

  test('X-Forwarded-For is the client only from the trusted proxy, and only its last address', async () => {
    // a client writing its own header in front of the proxy's gains nothing
    for (let i = 0; i < 3; i++) await submit(h.srv, i, '10.3.3.3');
    assertError(await submit(h.srv, 0, '10.9.9.9, 10.3.3.3'), 429, 'rate_limited');
  });
});

describe('XFF from a peer that is not the proxy is ignored', () => {
  const h = serverWith(['--rate', '3']);
  test('every request from 127.0.0.1 shares one bucket whatever it claims', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await submit(h.srv, i, `10.4.0.${i}`)).status, 201);
    assertError(await submit(h.srv, 9, '10.4.0.99'), 429, 'rate_limited');
  });
});

describe('--https and --metrics-allow', () => {
  const h = serverWith(['--https', '--metrics-allow', '10.0.0.7,::1']);
  test('behind TLS: the cookie Secure and HSTS', async () => {
    const r = await h.srv.req('POST', '/api/v1/auth/login', { json: { username: 'fazhi', password: h.fx.pw('fazhi') } });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('set-cookie'), /HttpOnly; SameSite=Strict; Secure/);
    assert.match(r.headers.get('strict-transport-security'), /max-age=\d+/);
  });
  test('/metrics refuses an address not allowed', async () => {
    const m = await h.srv.req('GET', '/metrics');
    assertError(m, 403, 'forbidden');
  });
});

describe('the defaults', () => {
  const h = serverWith([]);
  test('without --https neither Secure nor HSTS; /metrics from loopback', async () => {
    const r = await h.srv.req('POST', '/api/v1/auth/login', { json: { username: 'fazhi', password: h.fx.pw('fazhi') } });
    assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/);
    assert.equal(r.headers.get('strict-transport-security'), null);
    assert.equal((await h.srv.req('GET', '/metrics')).status, 200);
  });
  test('bad options are refused naming the option', async () => {
    const { fazhi } = await import('./lib.mjs');
    for (const [opt, v] of [['--trusted-proxy', 'proxy.local'], ['--metrics-allow', '127.0.0.1,x'], ['--request-timeout', '-1']]) {
      const r = fazhi(['serve', '--db', h.fx.db, '--listen', '127.0.0.1:0', opt, v]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, new RegExp(opt));
    }
  });
});
