// static.test.mjs - the web interface as fazhi serves it (src/http/server.c,
// serve_static): index.html for the interface's routes, revalidated; the
// hashed assets cached for good; a .gz twin sent, with Content-Encoding,
// only to a client that takes gzip, and it decompresses to the very file;
// the security headers on every page; nothing fetched from elsewhere.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { assertError, rawRequest, useServer } from './lib.mjs';

describe('the embedded web interface', () => {
  const h = useServer();

  // GET over a raw socket, so that no client decompresses behind our back.
  const raw = async (path, headers = {}) => {
    const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    const r = await rawRequest(h.srv.port, `${lines.join('\r\n')}\r\n\r\n`);
    const header = (name) => {
      const m = new RegExp(`\\r\\n${name}:\\s*([^\\r]*)`, 'i').exec(r.head);
      return m ? m[1] : null;
    };
    const start = r.raw.indexOf('\r\n\r\n') + 4;
    return { status: r.status, header, bytes: Buffer.from(r.raw.slice(start), 'latin1') };
  };

  test('index.html: the page and every app route, revalidated', async () => {
    const root = await h.srv.req('GET', '/');
    assert.equal(root.status, 200);
    assert.match(root.headers.get('content-type'), /^text\/html; charset=utf-8/);
    assert.equal(root.headers.get('cache-control'), 'no-cache');
    assert.match(root.text, /<div id="app"><\/div>/);
    assert.match(root.text, /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    assert.ok(!/(src|href)=["']?(https?:)?\/\//i.test(root.text), 'index.html loads something from elsewhere');
    for (const p of ['/workbench', '/records/disclosure_request/12', '/public/list/enforcement_case', '/login'])
      assert.equal((await h.srv.req('GET', p)).text, root.text, p);
    assertError(await h.srv.req('GET', '/assets/nope-123.js'), 404, 'not_found', 'path');
  });

  test('assets: cached for good, gzip only when asked for, the same bytes', async () => {
    const index = (await h.srv.req('GET', '/')).text;
    const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), index);
    for (const a of assets) {
      const plain = await raw(a);
      assert.equal(plain.status, 200, a);
      assert.equal(plain.header('content-encoding'), null, a);
      assert.equal(plain.header('cache-control'), 'public, max-age=31536000, immutable', a);
      assert.equal(plain.header('vary'), 'Accept-Encoding', a);
      assert.match(plain.header('content-type'), a.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      assert.equal(Number(plain.header('content-length')), plain.bytes.length, a);

      const gz = await raw(a, { 'Accept-Encoding': 'br, gzip, deflate' });
      assert.equal(gz.status, 200, a);
      assert.equal(gz.header('content-encoding'), 'gzip', a);
      assert.ok(gz.bytes.length < plain.bytes.length, `${a}: compressed is not smaller`);
      assert.deepEqual(zlib.gunzipSync(gz.bytes), plain.bytes, `${a}: the .gz twin is not the file`);

      const refused = await raw(a, { 'Accept-Encoding': 'gzip;q=0, deflate' });
      assert.equal(refused.header('content-encoding'), null, `${a}: gzip sent though q=0`);
      assert.deepEqual(refused.bytes, plain.bytes);
    }
    // The security headers hold for the interface as for the API.
    const js = await raw(assets[0]);
    assert.equal(js.header('x-content-type-options'), 'nosniff');
    assert.match(js.header('content-security-policy'), /default-src 'self'/);
  });
});
