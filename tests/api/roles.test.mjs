// roles.test.mjs - each demo user against each route of the route table
// (src/api/common.c, read from the source so the matrix follows the table):
// 403 "forbidden" exactly when none of the user's roles is in the route's
// mask, the route's own answer otherwise; 401 for every route that needs an
// account when there is none.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertError, SOURCE_DIR, useServer } from './lib.mjs';

// ---- the route table, from the source ----------------------------------------

function roleConstants() {
  const text = fs.readFileSync(path.join(SOURCE_DIR, 'src/auth/roles.h'), 'utf8');
  const consts = {};
  for (const m of text.matchAll(/^\s*(ROLE_[A-Z_]+)\s*=\s*([^,/]+),/gm)) consts[m[1]] = evalMask(m[2], consts);
  return consts;
}

// Evaluate a C constant expression of role names, numbers and | & ~ << ( ).
function evalMask(expr, consts) {
  const js = expr
    .replace(/\bROLE_[A-Z_]+\b/g, (name) => {
      assert.ok(name in consts, `unknown role constant ${name} in "${expr}"`);
      return String(consts[name]);
    })
    .replace(/\b(0x[0-9a-fA-F]+|\d+)[uUlL]*\b/g, '$1')
    .trim();
  assert.match(js, /^[0-9a-fA-Fx\s|&~<>()]+$/, `unexpected role expression "${expr}"`);
  return Function(`"use strict"; return (${js}) >>> 0;`)();
}

function routeTable() {
  const text = fs.readFileSync(path.join(SOURCE_DIR, 'src/api/common.c'), 'utf8');
  const start = text.indexOf('api_routes[] = {');
  assert.ok(start >= 0, 'no api_routes[] in src/api/common.c');
  const body = text.slice(start, text.indexOf('\n};', start));
  const consts = roleConstants();
  const routes = [];
  const re = /\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*([^,]+?),\s*([^,]+?),\s*"([^"]+)"\s*\}/gs;
  for (const m of body.matchAll(re)) {
    const flags = m[5].split('|').map((s) => s.trim());
    routes.push({
      method: m[1],
      pattern: m[2],
      handler: m[3],
      roles: evalMask(m[4], consts),
      public: flags.includes('R_PUBLIC'),
      name: m[6],
    });
  }
  return { routes, consts, entries: (body.match(/\{\s*"[A-Z]+",/g) || []).length };
}

const { routes, consts, entries } = routeTable();

// Demo users and their roles (fazhi init --demo).
const USERS = {
  admin: consts.ROLE_SYSADMIN,
  secadmin: consts.ROLE_SECADMIN,
  auditor: consts.ROLE_AUDITOR,
  fazhi: consts.ROLE_OFFICER | consts.ROLE_REVIEWER | consts.ROLE_HEAD | consts.ROLE_STATS,
  zhifa: consts.ROLE_OFFICER,
};

// ---- a valid-enough request for every route -----------------------------------
//
// `ok` is the status an allowed user gets. Requests that would change
// something work on a sacrificial account ("victim") and an organisation made
// for this test, so the order of the matrix does not matter.

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

const REQUESTS = {
  healthz: () => ({ ok: [200] }),
  metrics: () => ({ ok: [200] }),
  openapi: () => ({ ok: [200] }),
  'auth.login': () => ({ json: { username: 'no-such-user', password: 'Wrong-Passw0rd!' }, ok: [401] }),
  'auth.logout': () => ({ ok: [200], ownSession: true }),
  'auth.me': () => ({ ok: [200] }),
  'auth.password': () => ({ json: { old_password: 'Not-The-Passw0rd', new_password: 'Another-Passw0rd1' }, ok: [422] }),
  roles: () => ({ ok: [200] }),
  'orgs.list': () => ({ ok: [200] }),
  'orgs.add': () => ({ json: { parent_id: 2, name: `矩阵科室${uniq()}`, level: 'unit' }, ok: [201] }),
  'orgs.get': () => ({ id: 2, ok: [200] }),
  'users.list': () => ({ ok: [200] }),
  'users.add': (ctx) => ({
    json: { username: `mx${uniq()}`, display_name: '矩阵用户', org_id: 2, password: 'Matrix-Passw0rd1' },
    ok: [201],
  }),
  'users.get': (ctx) => ({ id: ctx.victim, ok: [200] }),
  'users.roles': (ctx) => ({ id: ctx.victim, json: { roles: ['viewer'] }, ok: [200] }),
  'users.lock': (ctx) => ({ id: ctx.victim, ok: [200] }),
  'users.unlock': (ctx) => ({ id: ctx.victim, ok: [200] }),
  // Reset twice to the same password would be a reuse (422): also not 403.
  'users.password': (ctx) => ({ id: ctx.victim, json: { password: 'Reset-Passw0rd1' }, ok: [200, 422] }),
  'tokens.add': (ctx) => ({ json: { user_id: ctx.integration, name: `matrix ${uniq()}` }, ok: [201] }),
  'tokens.revoke': () => ({ id: 999999, ok: [404] }),
  'audit.events': () => ({ ok: [200] }),
  'audit.export': () => ({ ok: [200] }),
  'audit.verify': () => ({ ok: [200] }),
  'calendar.year': () => ({ id: 2024, ok: [200] }),
  'calendar.import': () => ({ json: { text: 'year 2031\nsource roles test\noff 2031-01-01 元旦\n' }, ok: [200] }),
  'rules.list': () => ({ ok: [200] }),
  'rules.override': () => ({ id: 'petition.handle', json: { org_id: 2, days: 45 }, ok: [200] }),
  deadline: () => ({ query: '?from=2024-09-27&working_days=20', ok: [200] }),
  'kinds.list': () => ({ ok: [200] }),
  'kinds.get': () => ({ id: ['disclosure_request'], ok: [200] }),
  'records.list': () => ({ id: ['disclosure_request'], ok: [200] }),
  'records.create': () => ({
    id: ['disclosure_request'],
    json: {
      applicant_type: 'natural_person',
      applicant_name: '王五',
      channel: 'in_person',
      submitted_on: '2024-03-01',
      content: `角色矩阵测试 ${uniq()}`,
    },
    ok: [201],
  }),
  'records.get': () => ({ id: ['disclosure_request', 999999], ok: [404] }),
  'records.transition': () => ({
    id: ['disclosure_request', 999999, 'accept'],
    json: { accepted_on: '2024-03-04' },
    ok: [404],
  }),
  'records.return': () => ({ id: ['disclosure_request', 999999], json: { reason: '退回测试' }, ok: [404] }),
  'records.cc': () => ({ id: ['disclosure_request', 999999], json: { user_ids: [1] }, ok: [404] }),
  'records.cc_ack': () => ({ id: ['disclosure_request', 999999], ok: [404] }),
  'records.history': () => ({ id: ['disclosure_request', 999999], ok: [404] }),
  'files.add': () => ({ id: ['disclosure_request', 999999], query: '?name=a.pdf', json: {}, ok: [404] }),
  'files.list': () => ({ id: ['disclosure_request', 999999], ok: [404] }),
  'files.get': () => ({ id: ['disclosure_request', 999999, 1], ok: [404] }),
  'records.document': () => ({ id: ['disclosure_request', 999999, 'reply_letter'], ok: [404] }),
  'public.orgs': () => ({ ok: [200] }),
  'public.kinds': () => ({ ok: [200] }),
  'orgs.setting_get': () => ({ id: [2, 'major_case'], ok: [200] }),
  'orgs.setting_put': () => ({
    id: [2, 'major_case'],
    json: { min_fine: 100000, confiscation: true, demolition: true, hearing: true, license_revoked: true },
    ok: [200],
  }),
  'indicators.list': () => ({ query: '?year=2024', ok: [200] }),
  'indicators.records': () => ({ id: ['enforcement.cases_filed'], query: '?year=2024', ok: [200] }),
  'dashboard.deadlines': () => ({ query: '?limit=5', ok: [200] }),
  'dashboard.figures': () => ({ query: '?year=2024&ids=enforcement.cases_filed,disclosure.on_time_rate&monthly=1', ok: [200] }),
  'dashboard.people': () => ({ ok: [200] }),
  'dashboard.departments': () => ({ query: '?year=2024', ok: [200] }),
  'public.list': () => ({ id: ['enforcement_case'], ok: [200] }),
  'records.export': () => ({ id: ['disclosure_request'], query: '?format=csv', ok: [200] }),
  'reports.disclosure_table': () => ({ query: '?year=2024', ok: [200] }),
  'reports.annual': () => ({ query: '?year=2024&format=md', ok: [200] }),
  'reports.sections': () => ({ query: '?year=2024', ok: [200] }),
  'reports.statements': () => ({ query: '?year=2024', ok: [200] }),
  'reports.section_put': () => ({ id: ['other'], query: '?year=2024', json: { text: `其他 ${uniq()}`, version: 0 }, ok: [200, 409] }),
  'reports.disclosure_records': () => ({ query: '?year=2024&row=new&col=total', ok: [200] }),
  'public.submit': () => ({
    id: ['disclosure_request'],
    json: { org_id: 2, applicant_type: 'natural_person', applicant_name: '赵六', content: `公开申请 ${uniq()}` },
    ok: [201],
  }),
  'public.status': () => ({ id: ['disclosure_request', 'NOSUCHCODE12'], ok: [404] }),
};

// Fill the {captures} of a pattern: one id for all, or an array in order.
function pathOf(route, id) {
  let i = 0;
  return route.pattern.replace(/\{[^}]+\}/g, () => String(Array.isArray(id) ? id[i++] : (id ?? 1)));
}

// ---- the tests ------------------------------------------------------------------

describe('route × role matrix', () => {
  const h = useServer();
  const ctx = {};

  test('the route table parses and every route has a request here', () => {
    assert.equal(routes.length, entries, 'a route entry of common.c did not parse');
    assert.ok(routes.length >= 20, `only ${routes.length} routes parsed`);
    for (const r of routes)
      assert.ok(r.name in REQUESTS, `route ${r.method} ${r.pattern} (${r.name}) has no request in roles.test.mjs`);
    // Spot checks of the parse against what SPEC §1 says.
    const byName = Object.fromEntries(routes.map((r) => [r.name, r]));
    assert.equal(byName['audit.events'].roles, consts.ROLE_AUDITOR);
    assert.equal(byName['orgs.add'].roles, consts.ROLE_SYSADMIN);
    assert.equal(byName['orgs.list'].roles & consts.ROLE_AUDITOR, 0);
    assert.equal(byName['auth.login'].public, true);
  });

  before(async () => {
    const admin = await h.srv.login('admin', h.fx.pw('admin'));
    const r = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'victim', display_name: '测试对象', org_id: 2, password: 'Sacrifice-Passw0rd1' },
    });
    assert.equal(r.status, 201, r.text);
    ctx.victim = r.json.id;
    // API tokens go to integration accounts only (三员分立)
    const i = await h.srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'matrix-api', display_name: '接口', org_id: 2, integration: true },
    });
    assert.equal(i.status, 201, i.text);
    ctx.integration = i.json.id;
  });

  for (const [username, roles] of Object.entries(USERS)) {
    test(`${username}: 403 exactly on the routes the roles do not allow`, async () => {
      const pw = h.fx.pw(username);
      const session = await h.srv.login(username, pw);
      const failures = [];
      let denied = 0;
      for (const route of routes) {
        const spec = REQUESTS[route.name](ctx);
        const allowed = route.public || route.roles === 0 || (route.roles & roles) !== 0;
        const s = spec.ownSession ? await h.srv.login(username, pw) : session;
        const r = await h.srv.req(route.method, pathOf(route, spec.id) + (spec.query || ''), {
          session: s,
          json: spec.json,
          // A public login must not be taken for the caller's own.
          ...(route.public ? { session: undefined } : {}),
        });
        const what = `${username} ${route.method} ${route.pattern}: ${r.status} ${r.text.slice(0, 200)}`;
        if (allowed) {
          if (!spec.ok.includes(r.status)) failures.push(`allowed, expected ${spec.ok.join('/')}: ${what}`);
        } else if (r.status !== 403 || r.json?.error?.code !== 'forbidden') {
          failures.push(`not allowed, expected 403 forbidden: ${what}`);
        } else {
          assertError(r, 403, 'forbidden', null);
          denied++;
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(denied > 0 && denied < routes.length, `${username}: ${denied} of ${routes.length} denied`);
      // The session is still good (nothing above ended it).
      const me = await h.srv.req('GET', '/api/v1/auth/me', { session });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json.username, username);
    });
  }

  test('without an account: 401 on every route but the public ones', async () => {
    const failures = [];
    for (const route of routes) {
      if (route.public) continue;
      const spec = REQUESTS[route.name](ctx);
      const r = await h.srv.req(route.method, pathOf(route, spec.id) + (spec.query || ''), { json: spec.json });
      if (r.status !== 401 || r.json?.error?.code !== 'unauthenticated')
        failures.push(`${route.method} ${route.pattern}: ${r.status} ${r.text.slice(0, 200)}`);
    }
    assert.deepEqual(failures, []);
  });
});
