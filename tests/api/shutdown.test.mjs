// shutdown.test.mjs - SIGTERM finishes the requests in flight (a login, a
// durable write), then the server exits 0; a request that never completes
// does not hold the shutdown for more than the drain limit.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { fazhi, makeFixture, parseRaw, Server, sleep, sqlite } from './lib.mjs';

// Open a connection, make sure the server has accepted it (a keep-alive
// GET /healthz answered on it), then send everything but the last byte of a
// request: from then on the request is in flight.
async function partialRequest(port, head, body) {
  const sock = net.connect({ host: '127.0.0.1', port });
  let chunks = [];
  let onData = null;
  sock.on('data', (d) => {
    chunks.push(d);
    if (onData) onData();
  });
  const closed = new Promise((res) => {
    sock.on('close', res);
    sock.on('error', res);
  });
  await new Promise((res, rej) => {
    sock.once('connect', res);
    sock.once('error', rej);
  });
  sock.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('no answer to the warm-up request')), 10000);
    onData = () => {
      if (parseRaw(Buffer.concat(chunks)).complete) {
        clearTimeout(timer);
        res();
      }
    };
  });
  onData = null;
  assert.equal(parseRaw(Buffer.concat(chunks)).status, 200);
  chunks = [];
  const all = Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n'), Buffer.from(body)]);
  await new Promise((res) => sock.write(all.subarray(0, all.length - 1), res));
  return {
    finish: () => new Promise((res) => sock.write(all.subarray(all.length - 1), res)),
    response: async (timeoutMs = 15000) => {
      let timer;
      await Promise.race([closed, new Promise((res) => (timer = setTimeout(res, timeoutMs)))]);
      clearTimeout(timer);
      sock.destroy();
      return parseRaw(Buffer.concat(chunks));
    },
    destroy: () => sock.destroy(),
  };
}

function loginRequest(fx) {
  const body = JSON.stringify({ username: 'admin', password: fx.pw('admin') });
  return [
    [
      'POST /api/v1/auth/login HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
    ],
    body,
  ];
}

describe('clean shutdown', () => {
  let fx;
  before(() => {
    fx = makeFixture();
  });
  after(() => fx.cleanup());

  test('a login in flight when SIGTERM arrives completes; then exit 0', async () => {
    const srv = await Server.start(fx.db);
    const [head, body] = loginRequest(fx);
    const p = await partialRequest(srv.port, head, body);
    await sleep(100); // the server has the headers: the request is in flight
    srv.proc.kill('SIGTERM');
    await sleep(300);
    assert.equal(srv.proc.exitCode, null, 'the server exited with a request in flight');
    await p.finish();
    const r = await p.response();
    assert.equal(r.status, 200, r.raw.slice(0, 400));
    assert.match(r.head, /\r\nSet-Cookie: fz_session=/i);
    assert.equal(JSON.parse(r.body).user.username, 'admin');
    const ex = await srv.stop();
    assert.deepEqual(ex, { code: 0, signal: null }, srv.stderr);
  });

  test('a durable write in flight when SIGTERM arrives is committed and acknowledged', async () => {
    const srv = await Server.start(fx.db);
    const admin = await srv.login('admin', fx.pw('admin'));
    const body = JSON.stringify({ parent_id: 1, name: '关机时写入', level: 'unit' });
    const p = await partialRequest(
      srv.port,
      [
        'POST /api/v1/orgs HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `Cookie: ${admin.cookie}`,
        `X-CSRF-Token: ${admin.csrf}`,
        'Connection: close',
      ],
      body,
    );
    await sleep(100);
    srv.proc.kill('SIGTERM');
    await sleep(200);
    await p.finish();
    const r = await p.response();
    assert.equal(r.status, 201, r.raw.slice(0, 400));
    const id = JSON.parse(r.body).id;
    const ex = await srv.stop();
    assert.deepEqual(ex, { code: 0, signal: null }, srv.stderr);
    assert.equal(sqlite(fx.db, `SELECT name FROM orgs WHERE org_id=${id};`).trim(), '关机时写入');
    const v = fazhi(['audit', 'verify', '--db', fx.db]);
    assert.equal(v.status, 0, v.stderr);
  });

  test('SIGINT stops it cleanly too', async () => {
    const srv = await Server.start(fx.db);
    assert.equal((await srv.req('GET', '/healthz')).status, 200);
    const ex = await srv.stop('SIGINT');
    assert.deepEqual(ex, { code: 0, signal: null }, srv.stderr);
  });

  test('a request that never completes holds the shutdown at most ~10 s', async () => {
    const srv = await Server.start(fx.db);
    const [head, body] = loginRequest(fx);
    const p = await partialRequest(srv.port, head, body);
    await sleep(100);
    const t0 = Date.now();
    const ex = await srv.stop('SIGTERM');
    const took = Date.now() - t0;
    p.destroy();
    assert.deepEqual(ex, { code: 0, signal: null }, srv.stderr);
    assert.ok(took < 15000, `shutdown took ${took} ms`);
  });
});
