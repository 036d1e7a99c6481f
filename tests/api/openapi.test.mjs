// openapi.test.mjs - the API description served at /api/v1/openapi.json is
// docs/openapi.json, and it describes every route of the route table with
// its method (so the document cannot fall behind the code).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCE_DIR, useServer } from './lib.mjs';

const h = useServer();

test('every route is described; the served document is docs/openapi.json', async () => {
  await h.ready;
  const r = await h.srv.req('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const doc = JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, 'docs/openapi.json'), 'utf8'));
  assert.deepEqual(r.json, doc);
  assert.equal(doc.openapi, '3.0.3');
  const src = fs.readFileSync(path.join(SOURCE_DIR, 'src/api/common.c'), 'utf8');
  const table = src.slice(src.indexOf('api_routes[] = {'));
  const routes = [...table.matchAll(/\{\s*"([A-Z]+)",\s*"([^"]+)",/g)].map((m) => [m[1], m[2]]);
  assert.ok(routes.length > 40, `only ${routes.length} routes parsed`);
  for (const [method, p] of routes)
    assert.ok(doc.paths[p] && doc.paths[p][method.toLowerCase()], `${method} ${p} missing from docs/openapi.json`);
  for (const p of Object.keys(doc.paths))
    assert.ok(routes.some(([, q]) => q === p), `${p} in docs/openapi.json is not a route`);
});
