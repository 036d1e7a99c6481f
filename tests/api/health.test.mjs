// health.test.mjs - /healthz, /metrics in Prometheus text, the embedded web
// pages, and the headers every response carries.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib.mjs';

describe('health, metrics, static pages', () => {
  const h = useServer();
  let admin;

  before(async () => {
    admin = await h.srv.login('admin', h.fx.pw('admin'));
  });

  test('/healthz answers without an account', async () => {
    const r = await h.srv.req('GET', '/healthz');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'ok' });
    assert.match(r.headers.get('content-type'), /^application\/json/);
  });

  test('/metrics counts requests by route and status, with a latency histogram and the database size', async () => {
    await h.srv.req('GET', '/api/v1/orgs', { session: admin });
    await h.srv.req('GET', '/api/v1/orgs', { session: admin });
    await h.srv.req('GET', '/api/v1/orgs/99999', { session: admin });
    await h.srv.req('GET', '/api/v1/no-such-thing', { session: admin });
    const r = await h.srv.req('GET', '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const m = r.text;
    const value = (re) => {
      const x = new RegExp(`^${re} (\\S+)$`, 'm').exec(m);
      assert.ok(x, `no ${re} in\n${m}`);
      return Number(x[1]);
    };
    assert.ok(value('fazhi_http_requests_total\\{route="orgs\\.list",status="200"\\}') >= 2);
    assert.ok(value('fazhi_http_requests_total\\{route="orgs\\.get",status="404"\\}') >= 1);
    assert.ok(value('fazhi_http_requests_total\\{route="auth\\.login",status="200"\\}') >= 1);
    assert.match(m, /^# TYPE fazhi_http_request_duration_seconds histogram$/m);
    assert.match(m, /^fazhi_http_request_duration_seconds_bucket\{.*le="\+Inf".*\} \d+$/m);
    assert.ok(value('fazhi_http_request_duration_seconds_count') >= 5);
    assert.ok(value('fazhi_db_size_bytes') > 0);
    // Every sample line is NAME{LABELS} VALUE or NAME VALUE.
    for (const line of m.split('\n')) {
      if (line === '' || line.startsWith('# ')) continue;
      assert.match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? ([-+0-9.eE]+|[-+]?Inf|NaN)$/, line);
    }
  });

  test('security headers on API answers and pages; no caching of the API', async () => {
    for (const [p, opts] of [
      ['/api/v1/orgs', { session: admin }],
      ['/api/v1/orgs', {}],
      ['/', {}],
    ]) {
      const r = await h.srv.req('GET', p, opts);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', p);
      assert.match(r.headers.get('content-security-policy') || '', /default-src 'self'/, p);
      if (p.startsWith('/api/')) assert.equal(r.headers.get('cache-control'), 'no-store', p);
    }
  });

  test('the web interface is embedded: / and app routes give index.html, no external resources', async () => {
    const root = await h.srv.req('GET', '/');
    assert.equal(root.status, 200);
    assert.match(root.headers.get('content-type'), /^text\/html/);
    assert.match(root.text, /<html lang="zh-CN">/);
    assert.ok(!/(src|href)=["']?(https?:)?\/\//i.test(root.text), 'index.html loads something from elsewhere');
    const app = await h.srv.req('GET', '/orgs/2');
    assert.equal(app.status, 200);
    assert.equal(app.text, root.text);
  });

  test('HEAD is answered like GET', async () => {
    const r = await h.srv.req('HEAD', '/healthz');
    assert.equal(r.status, 200);
  });
});
