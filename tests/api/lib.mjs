// lib.mjs - the harness of the API tests: a temporary database with the demo
// accounts, a real `fazhi serve` on a free loopback port, and small helpers
// for requests. Node 20 built-ins only. Only 127.0.0.1 is ever contacted.
//
//   const h = useServer({ args: ['--idle-seconds', '2'] });
//   test('...', async () => {
//     const admin = await h.srv.login('admin', h.fx.pw('admin'));
//     const r = await h.srv.req('GET', '/api/v1/orgs', { session: admin });
//   });
//
// useServer() registers a before() hook that makes the fixture and starts the
// server, and an after() hook that stops it with SIGTERM and asserts that it
// exits 0 (under ASan, a leak makes that fail too). Put the tests of a file
// in describe(): hooks at the top level do not wait for each other (or await
// h.ready).
//
// CTest runs each file as `node --test FILE` with FAZHI_BIN and FZ_SOURCE_DIR
// set. By hand: FAZHI_BIN=build-dev/fazhi node --test tests/api/errors.test.mjs
// FZ_KEEP_TMP=1 keeps the temporary directories (database, credentials).

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SOURCE_DIR = process.env.FZ_SOURCE_DIR || path.resolve(here, '../..');
export const BIN = process.env.FAZHI_BIN || path.join(SOURCE_DIR, 'build-dev/fazhi');

// Cheaper Argon2 for the many logins of the suite (same algorithm).
export const CHILD_ENV = { ...process.env, FAZHI_PWHASH_MEM_KIB: '8192' };

const START_TIMEOUT_MS = 20000;
const STOP_TIMEOUT_MS = 20000;
const FETCH_TIMEOUT_MS = 20000;

export const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// ---- the CLI ---------------------------------------------------------------

// Run `fazhi ARGS...`: {status, stdout, stderr}.
export function fazhi(args, { input, timeout = 30000 } = {}) {
  const r = spawnSync(BIN, args, {
    env: CHILD_ENV,
    input,
    encoding: 'utf8',
    timeout,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// Run the sqlite3 CLI on a database file; throws on failure.
export function sqlite(db, sql) {
  const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8', timeout: 30000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 ${db} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

// Lines "  USERNAME  DISPLAY NAME  密码: PASSWORD" of the credentials file.
export function parseCredentials(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^\s+(\S+)\s+.*密码:\s*(\S+)\s*$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

// A temporary directory with DIR/t.db made by `fazhi init --demo`.
export function makeFixture({ initArgs = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-api-'));
  const db = path.join(dir, 't.db');
  const credFile = path.join(dir, 'cred.txt');
  let r;
  try {
    r = fazhi(['init', '--db', db, '--demo', '--credentials', credFile, ...initArgs]);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  if (r.status !== 0) fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, `fazhi init failed: ${r.stderr}`);
  const cred = parseCredentials(fs.readFileSync(credFile, 'utf8'));
  for (const u of ['admin', 'secadmin', 'auditor', 'fazhi', 'zhifa'])
    assert.ok(cred[u], `no password for ${u} in ${credFile}`);
  return {
    dir,
    db,
    cred,
    pw(username) {
      assert.ok(cred[username], `no demo password for ${username}`);
      return cred[username];
    },
    cleanup() {
      if (!process.env.FZ_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- the server --------------------------------------------------------------

export class Server {
  constructor(proc, port, db) {
    this.proc = proc;
    this.port = port;
    this.db = db;
    this.base = `http://127.0.0.1:${port}`;
    this.stderr = '';
    this.exited = new Promise((res) => {
      proc.on('exit', (code, signal) => res({ code, signal }));
    });
  }

  // Start `fazhi serve --db DB --listen 127.0.0.1:0 --quiet ARGS` (with
  // more environment variables: env). Unless the
  // caller passes --rate, the login rate limit is lifted (the suite logs in
  // often); the rate-limit test passes its own.
  static async start(db, args = [], env = {}) {
    const extra = args.includes('--rate') ? args : ['--rate', '1000000', ...args];
    const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet', ...extra], {
      env: { ...CHILD_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let srv = null;
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => {
      err += d;
      if (srv) srv.stderr += d;
    });
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`fazhi serve did not start in time; stderr: ${err}`));
      }, START_TIMEOUT_MS);
      proc.stdout.setEncoding('utf8');
      proc.stdout.on('data', (d) => {
        out += d;
        const m = /fazhi: listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`fazhi serve exited (${code ?? signal}) before listening: ${err}`));
      });
      proc.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${BIN}: ${e.message}`));
      });
    });
    srv = new Server(proc, port, db);
    srv.stderr = err;
    return srv;
  }

  // SIGTERM, then wait for the exit: {code, signal}.
  async stop(signal = 'SIGTERM') {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    let timer;
    const res = await Promise.race([
      this.exited,
      new Promise((res) => {
        timer = setTimeout(() => res(null), STOP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (res === null) {
      this.proc.kill('SIGKILL');
      await this.exited;
      return { code: null, signal: 'timeout' };
    }
    return res;
  }

  // Stop with SIGTERM and assert a clean exit.
  async stopClean() {
    const r = await this.stop('SIGTERM');
    assert.deepEqual(r, { code: 0, signal: null }, `server did not exit 0; stderr:\n${this.stderr.slice(-4000)}`);
  }

  req(method, p, opts = {}) {
    return request(this.base, method, p, opts);
  }

  // Log in; asserts 200 and returns {cookie, csrf, user, org}.
  async login(username, password) {
    const r = await this.tryLogin(username, password);
    assert.equal(r.status, 200, `login ${username}: ${r.status} ${r.text}`);
    return r.session;
  }

  // Log in without asserting: the response, with .session when it worked.
  async tryLogin(username, password) {
    const r = await this.req('POST', '/api/v1/auth/login', { json: { username, password } });
    if (r.status === 200) r.session = sessionFrom(r);
    return r;
  }
}

// {cookie, csrf, user, org} from a response that started a session (login,
// password change).
export function sessionFrom(r) {
  const sc = r.headers.get('set-cookie') || '';
  const m = /fz_session=([^;]+)/.exec(sc);
  assert.ok(m, `no fz_session cookie in ${sc}`);
  assert.ok(r.json && typeof r.json.csrf_token === 'string', `no csrf_token in ${r.text}`);
  return { cookie: `fz_session=${m[1]}`, csrf: r.json.csrf_token, user: r.json.user, org: r.json.org };
}

// A change of a record (a step, 退回) carries the version of the record it
// acts on, as the console sends it: when a test gives none, the record is
// read first with the same credentials and its version added. A test of
// the version itself passes `version: undefined` (sent without it) or a
// value.
const CHANGE = /^\/api\/v1\/records\/[^/]+\/\d+\/(transitions\/[^/?]+|return)$/;
async function withVersion(base, method, p, opts) {
  const j = opts.json;
  if (method !== 'POST' || !CHANGE.test(p) || !j || typeof j !== 'object' || Array.isArray(j) || 'version' in j) return opts;
  const rec = p.replace(/\/(transitions\/[^/?]+|return)$/, '');
  const r = await request(base, 'GET', rec, { session: opts.session, token: opts.token, timeout: opts.timeout });
  if (r.status !== 200 || !r.json || typeof r.json.version !== 'number') return opts;
  return { ...opts, json: { ...j, version: r.json.version } };
}

// One request. opts: session ({cookie, csrf}: the cookie, and X-CSRF-Token on
// unsafe methods unless csrf:false or csrf:'value'), token (Bearer), json
// (serialised, Content-Type application/json), body (raw string or Buffer),
// contentType, headers. Returns {status, headers, text, json}.
export async function request(base, method, p, opts = {}) {
  opts = await withVersion(base, method, p, opts);
  const headers = { ...(opts.headers || {}) };
  let body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  }
  if (opts.body !== undefined) body = opts.body;
  if (opts.contentType !== undefined) headers['content-type'] = opts.contentType;
  if (opts.session) {
    headers.cookie = opts.session.cookie;
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (unsafe && opts.csrf !== false)
      headers['x-csrf-token'] = typeof opts.csrf === 'string' ? opts.csrf : opts.session.csrf;
  }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(base + p, {
    method,
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(opts.timeout || FETCH_TIMEOUT_MS),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

// Assert the one error shape {"error":{"code","message","field"}} with this
// status, code and (when given; null for none) field.
export function assertError(r, status, code, field) {
  const where = `${r.status} ${r.text}`;
  assert.equal(r.status, status, where);
  assert.match(r.headers.get('content-type') || '', /^application\/json/, where);
  assert.ok(r.json && typeof r.json === 'object', `not JSON: ${where}`);
  assert.deepEqual(Object.keys(r.json), ['error'], where);
  const e = r.json.error;
  assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message'], where);
  assert.equal(typeof e.code, 'string', where);
  assert.equal(typeof e.message, 'string', where);
  assert.ok(e.message.length > 0, where);
  assert.ok(e.field === null || typeof e.field === 'string', where);
  if (code !== undefined) assert.equal(e.code, code, where);
  if (field !== undefined) assert.equal(e.field, field, where);
  return e;
}

// ---- raw HTTP over node:net ------------------------------------------------

// Send raw bytes to 127.0.0.1:port; collect what comes back until the peer
// closes or timeoutMs passes. Returns {status, head, body, raw}; status is
// null when nothing parsable came back.
export function rawRequest(port, data, { timeoutMs = 10000, halfClose = false } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    const sock = net.connect({ host: '127.0.0.1', port });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(parseRaw(Buffer.concat(chunks)));
    };
    const timer = setTimeout(finish, timeoutMs);
    sock.on('connect', () => {
      sock.write(data, () => {
        if (halfClose) sock.end();
      });
    });
    sock.on('data', (d) => {
      chunks.push(d);
      // A complete response with Content-Length: we are done.
      const p = parseRaw(Buffer.concat(chunks));
      if (p.complete) finish();
    });
    sock.on('error', finish);
    sock.on('close', finish);
  });
}

export function parseRaw(buf) {
  const raw = buf.toString('latin1');
  const end = raw.indexOf('\r\n\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  if (!m || end < 0) return { status: m ? Number(m[1]) : null, head: raw, body: '', raw, complete: false };
  const head = raw.slice(0, end);
  const body = buf.subarray(end + 4);
  const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  const complete = cl ? body.length >= Number(cl[1]) : false;
  return { status: Number(m[1]), head, body: body.toString('utf8'), raw, complete };
}

// ---- hooks -------------------------------------------------------------------

// A fixture and a running server for the tests of one file; h.srv and h.fx
// are set in before(). after() stops the server (asserting exit 0) and
// removes the directory.
export function useServer({ args = [], env = {} } = {}) {
  const h = { srv: null, fx: null };
  let ready;
  // Other hooks may await h.ready (root-level hooks of node:test do not wait
  // for each other; inside describe() they do).
  h.ready = new Promise((res) => {
    ready = res;
  });
  before(async () => {
    h.fx = makeFixture();
    h.srv = await Server.start(h.fx.db, args, env);
    ready();
  });
  after(async () => {
    try {
      if (h.srv) await h.srv.stopClean();
    } finally {
      if (h.fx) h.fx.cleanup();
    }
  });
  return h;
}

// Every event of one chain the auditor can read (bounded: at most 20 pages).
export async function allEvents(srv, auditor, orgId) {
  const events = [];
  let after = 0;
  for (let page = 0; page < 20; page++) {
    const r = await srv.req('GET', `/api/v1/audit/events?org_id=${orgId}&limit=1000&after_seq=${after}`, {
      session: auditor,
    });
    assert.equal(r.status, 200, r.text);
    events.push(...r.json.events);
    if (r.json.events.length < 1000) return events;
    after = r.json.events[r.json.events.length - 1].seq;
  }
  throw new Error('more than 20000 events: unexpected in a test');
}

// The three administrators of 三员分立 (admin, secadmin, auditor) logged in,
// and every user's id by username.
export async function loginAdmins(h) {
  const admin = await h.srv.login('admin', h.fx.pw('admin'));
  const secadmin = await h.srv.login('secadmin', h.fx.pw('secadmin'));
  const auditor = await h.srv.login('auditor', h.fx.pw('auditor'));
  const r = await h.srv.req('GET', '/api/v1/users', { session: secadmin });
  assert.equal(r.status, 200, r.text);
  const ids = Object.fromEntries(r.json.users.map((u) => [u.username, u.id]));
  return { admin, secadmin, auditor, ids };
}

// What a refused request must leave as it was: the organisations, the users
// and the events of orgs 0 to 2, read by the sessions of loginAdmins().
export async function snapshotOf(h, { admin, secadmin, auditor }) {
  const orgs = await h.srv.req('GET', '/api/v1/orgs', { session: admin });
  const users = await h.srv.req('GET', '/api/v1/users', { session: secadmin });
  assert.equal(orgs.status, 200, orgs.text);
  assert.equal(users.status, 200, users.text);
  const events = [];
  for (const org of [0, 1, 2]) events.push(await allEvents(h.srv, auditor, org));
  return { orgs: orgs.json.orgs, users: users.json.users, events };
}

// ---- zip (DOCX, XLSX) ----------------------------------------------------------

// The bytes of one entry of a zip archive (stored or deflated), or null.
export function unzipEntry(buf, name) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const entry = buf.subarray(p + 46, p + 46 + nlen).toString('utf8');
    if (entry === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + csize);
      return method === 0 ? data : zlib.inflateRawSync(data);
    }
    p += 46 + nlen + xlen + clen;
  }
  return null;
}

// The text of a DOCX body: paragraphs joined by newlines.
export function docxText(buf) {
  const xml = unzipEntry(buf, 'word/document.xml');
  assert.ok(xml, 'no word/document.xml');
  return xml
    .toString('utf8')
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

// A new account of org 2 (or orgId: 1 is the fixture's 北碚区人民政府) with
// these roles (created by admin, roles granted by secadmin, temporary
// password changed): its session.
export async function userWithRoles(h, username, roles, orgId = 2, displayName = '统计员') {
  const admin = await h.srv.login('admin', h.fx.pw('admin'));
  const secadmin = await h.srv.login('secadmin', h.fx.pw('secadmin'));
  const c = await h.srv.req('POST', '/api/v1/users', {
    session: admin,
    json: { username, display_name: displayName, org_id: orgId, password: 'Temp-Passw0rd-1' },
  });
  assert.equal(c.status, 201, c.text);
  const g = await h.srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles } });
  assert.equal(g.status, 200, g.text);
  const s0 = await h.srv.login(username, 'Temp-Passw0rd-1');
  const ch = await h.srv.req('POST', '/api/v1/auth/password', {
    session: s0,
    json: { old_password: 'Temp-Passw0rd-1', new_password: 'Own-Passw0rd-22' },
  });
  assert.equal(ch.status, 200, ch.text);
  return sessionFrom(ch);
}

// An integration account of orgId with these (business) roles, made by the
// system administrator (account, token) and the security administrator
// (roles), as 三员分立 wants it: { id, token, tokenId }. `sessions` may
// pass { admin, secadmin } already logged in.
export async function integrationToken(srv, sessions, { username, roles, orgId = 2, name = '数据交换接口' }) {
  const { admin, secadmin } = sessions;
  const c = await srv.req('POST', '/api/v1/users', {
    session: admin,
    json: { username, display_name: `${name}（集成）`, org_id: orgId, integration: true },
  });
  assert.equal(c.status, 201, c.text);
  const g = await srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles } });
  assert.equal(g.status, 200, g.text);
  const t = await srv.req('POST', '/api/v1/tokens', { session: admin, json: { user_id: c.json.id, name } });
  assert.equal(t.status, 201, t.text);
  return { id: c.json.id, token: t.json.token, tokenId: t.json.id };
}

// Enforcement cases driven through the API, for the tests of the case kind:
// the demo officers (fazhi: officer, reviewer, head; zhifa: officer) logged
// in and certified by setup(), and a case brought to 案件审理 with a
// proposal by toReviewing(). x.fazhi, x.zhifa, x.ids after setup().
export const ENFORCEMENT_PARTY = Object.freeze({
  party_type: 'person', name: '王建国', id_number: '500109198503152316', phone: '13908881234', address: '北碚区歇马街道大磨滩村5组12号',
});
export function enforcementCases(h) {
  const C = '/api/v1/records/enforcement_case';
  const x = { C };
  x.post = (p, json, s = x.fazhi) => h.srv.req('POST', p, { session: s, json });
  x.take = (id, name, json, s = x.fazhi) => x.post(`${C}/${id}/transitions/${name}`, json, s);
  x.ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  x.setup = async () => {
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    x.zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    x.ids = { fazhi: x.fazhi.user.id, zhifa: x.zhifa.user.id, auditor: 3 };
    // Each officer on the roster, linked to the account, then the certificate.
    await certifyOfficers(h.srv, x.fazhi, [['张敏', x.ids.fazhi, '50010923001'], ['李强', x.ids.zhifa, '50010923002']]);
  };
  x.newCase = async (extra = {}) =>
    x.ok(await x.post(C, {
      case_title: '王某某未经批准占用集体土地建房案', clue_source: 'patrol', clue_on: '2024-03-01',
      parties: [ENFORCEMENT_PARTY], location: '歇马街道大磨滩村', violation_type: 'illegal_occupation',
      land_area: 320.5, farmland_area: 120, building_area: 280, ...extra,
    }));
  // clue -> verifying -> investigating -> reviewing (with a proposal)
  x.toReviewing = async (proposal) => {
    const c = await x.newCase();
    x.ok(await x.take(c.id, 'begin_verification', { verify_started_on: '2024-03-04' }));
    x.ok(await x.take(c.id, 'file_case', { filed_on: '2024-03-05', filing_approver: '李局长', investigators: [x.ids.fazhi, x.ids.zhifa] }));
    x.ok(await x.take(c.id, 'finish_investigation', { investigation_done_on: '2024-03-20', parties: [ENFORCEMENT_PARTY] }));
    x.ok(await x.take(c.id, 'propose', { reviewed_on: '2024-03-25', decision_type: 'penalty', ...proposal }));
    return c.id;
  };
  return x;
}

// Shorthands for tests that drive records: post, ok (asserts 200/201 and
// gives the JSON), take a transition, a deadline by name, get one record,
// a list's total. Set x.fazhi to the session they act as.
export function recordHelpers(h) {
  const x = {};
  x.post = (p, json, s = x.fazhi) => h.srv.req('POST', p, { session: s, json });
  x.ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  x.take = (K, id, name, json, s = x.fazhi) => x.post(`${K}/${id}/transitions/${name}`, json, s);
  x.due = (rec, name) => rec.deadlines.find((d) => d.name === name);
  x.get = async (K, id) => (await h.srv.req('GET', `${K}/${id}`, { session: x.fazhi })).json;
  x.total = async (K) => (await h.srv.req('GET', K, { session: x.fazhi })).json.total;
  // The year's indicators by id, and the ids of the records behind one
  // (sorted), as x.fazhi sees them.
  x.indicators = async (year) => {
    const r = await h.srv.req('GET', `/api/v1/indicators?year=${year}`, { session: x.fazhi });
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.indicators.map((i) => [i.id, i]));
  };
  x.recordIds = async (id, year) => {
    const r = await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=${year}&per_page=100`, { session: x.fazhi });
    assert.equal(r.status, 200, r.text);
    return r.json.records.map((rec) => rec.id).sort((a, b) => a - b);
  };
  return x;
}

// Officers on the roster of the session's organisation, each linked to an
// account and holding a certificate valid from `from` to `to` (行政处罚法
// 第四十二条 wants two for a case): people is [[name, userId, certNumber]].
export async function certifyOfficers(srv, session, people, { from = '2023-01-01', to = '2027-12-31' } = {}) {
  const post = async (p, json) => {
    const r = await srv.req('POST', p, { session, json });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  for (const [name, uid, no] of people) {
    const officer = await post('/api/v1/records/enforcement_officer', {
      name, id_number: '500109198503152316', enforcement_category: 'natural_resources', joined_on: '2020-01-01', user_id: uid,
    });
    await post('/api/v1/records/officer_certificate', {
      officer_id: officer.id, cert_number: no, enforcement_field: 'natural_resources',
      issuing_authority: '重庆市司法局', issued_on: from, valid_from: from, valid_to: to,
    });
  }
}

// A disclosure request as staff register one at the counter (the files and
// audit tests' record).
export const DISCLOSURE_REQUEST = Object.freeze({
  applicant_type: 'natural_person',
  applicant_name: '张三',
  channel: 'in_person',
  submitted_on: '2024-03-01',
  content: '北碚区2023年土地征收补偿安置方案',
});
