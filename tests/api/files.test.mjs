// files.test.mjs - evidence files of records (SPEC §2.1, §4.3): upload raw
// bytes to a disclosure request, list, download the identical bytes with an
// RFC 5987 file name, the record.evidence event in the record's history;
// identical content stored once; the upload cap (--max-upload) apart from
// the body cap of every other route (--max-body); each refusal (413, 415,
// 400, 404, 403) writes nothing: no row, no event, no new blob on disk.
// Then, with the server stopped: a changed blob and a removed blob make
// `fazhi audit verify` exit 1 naming the file (and the API says so too);
// `fazhi backup` copies the blobs next to its copy and `restore` brings
// them back, refusing a backup whose blobs were changed.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { allEvents, assertError, fazhi, makeFixture, Server, sessionFrom, sqlite, DISCLOSURE_REQUEST } from './lib.mjs';

const K = '/api/v1/records/disclosure_request';
const MAX_UPLOAD = 65536;
const MAX_BODY = 4096;

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

// A PDF-ish body: the magic, then bytes of every value.
function pdfBytes(n, seed = 0) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  b.write('%PDF-1.7\n', 0, 'latin1');
  return b;
}

// Every blob under DIR.files, relative paths sorted (temporary files too).
function blobs(db) {
  const root = `${db}.files`;
  if (!fs.existsSync(root)) return [];
  const out = [];
  for (const sub of fs.readdirSync(root)) for (const f of fs.readdirSync(path.join(root, sub))) out.push(`${sub}/${f}`);
  return out.sort();
}

const blobPath = (db, sha) => path.join(`${db}.files`, sha.slice(0, 2), sha);

const request = DISCLOSURE_REQUEST;

describe('evidence files', () => {
  let fx, srv, fazhiS, auditor, admin, secadmin, outsider, reader;

  // A new account in `org` with `roles`, its password changed, logged in.
  async function account(username, org, roles) {
    const tmp = 'Tmp-Files-Passw0rd1';
    const c = await srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username, display_name: username, org_id: org, password: tmp },
    });
    assert.equal(c.status, 201, c.text);
    const g = await srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles } });
    assert.equal(g.status, 200, g.text);
    const s0 = await srv.login(username, tmp);
    const ch = await srv.req('POST', '/api/v1/auth/password', {
      session: s0,
      json: { old_password: tmp, new_password: 'Files-0wn-Passw0rd' },
    });
    assert.equal(ch.status, 200, ch.text);
    return sessionFrom(ch);
  }

  const create = async () => {
    const r = await srv.req('POST', K, { session: fazhiS, json: request });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const upload = (id, body, { name = '现场照片 第1号.pdf', note, type = 'application/pdf', session = fazhiS, raw } = {}) => {
    const q = raw ?? `?name=${encodeURIComponent(name)}${note === undefined ? '' : `&note=${encodeURIComponent(note)}`}`;
    return srv.req('POST', `${K}/${id}/files${q}`, { session, body, ...(type === null ? {} : { contentType: type }) });
  };
  const list = (id, session = fazhiS) => srv.req('GET', `${K}/${id}/files`, { session });
  const download = async (id, fileId, session = fazhiS) => {
    const res = await fetch(`${srv.base}${K}/${id}/files/${fileId}`, { headers: { cookie: session.cookie } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const history = async (id) => (await srv.req('GET', `${K}/${id}/history`, { session: fazhiS })).json.events;
  const rows = () => Number(sqlite(fx.db, 'SELECT count(*) FROM files;').trim());

  before(async () => {
    fx = makeFixture();
    srv = await Server.start(fx.db, ['--max-upload', String(MAX_UPLOAD), '--max-body', String(MAX_BODY)]);
    fazhiS = await srv.login('fazhi', fx.pw('fazhi'));
    auditor = await srv.login('auditor', fx.pw('auditor'));
    admin = await srv.login('admin', fx.pw('admin'));
    secadmin = await srv.login('secadmin', fx.pw('secadmin'));
    // A unit below the bureau: its officer does not see the bureau's records.
    const o = await srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 2, name: '证据测试所', level: 'unit' } });
    assert.equal(o.status, 201, o.text);
    outsider = await account('outsider', o.json.id, ['officer']);
    reader = await account('reader', 2, ['viewer']);
  });
  after(async () => {
    try {
      if (srv) await srv.stopClean();
    } finally {
      fx.cleanup();
    }
  });

  let recId, file, bytes;

  test('upload, list, download the same bytes; the event is in the history', async () => {
    recId = await create();
    // Larger than --max-body: the upload route has its own cap.
    bytes = pdfBytes(20000);
    const r = await upload(recId, bytes, { note: '执法现场\n第一次' });
    assert.equal(r.status, 201, r.text);
    file = r.json;
    assert.equal(file.record_id, recId);
    assert.equal(file.org_id, 2);
    assert.equal(file.name, '现场照片 第1号.pdf');
    assert.equal(file.note, '执法现场\n第一次');
    assert.equal(file.content_type, 'application/pdf');
    assert.equal(file.size, bytes.length);
    assert.equal(file.sha256, sha256(bytes));
    assert.equal(file.created_by, `user:${fazhiS.user.id}`);
    assert.ok(fs.existsSync(blobPath(fx.db, file.sha256)), 'no blob named by its SHA-256');
    assert.deepEqual(fs.readFileSync(blobPath(fx.db, file.sha256)), bytes);

    const l = await list(recId);
    assert.equal(l.status, 200, l.text);
    assert.deepEqual(l.json.files, [file]);

    const d = await download(recId, file.id);
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.ok(d.body.equals(bytes), 'the download differs from the upload');
    const cd = d.headers.get('content-disposition');
    assert.match(cd, /^attachment; filename="_+ _+1_+\.pdf"; filename\*=UTF-8''/);
    assert.ok(cd.endsWith(`filename*=UTF-8''${encodeURIComponent('现场照片 第1号.pdf')}`), cd);

    const ev = (await history(recId)).at(-1);
    assert.equal(ev.type, 'record.evidence');
    assert.equal(ev.hash_ok, true);
    assert.deepEqual(ev.data, {
      file_id: file.id,
      sha256: file.sha256,
      size: bytes.length,
      content_type: 'application/pdf',
      name: '现场照片 第1号.pdf',
      note: '执法现场\n第一次',
    });
  });

  test('identical content is stored once; every allowed type is taken', async () => {
    const other = await create();
    const before = blobs(fx.db);
    const r = await upload(other, bytes, { name: 'copy.pdf', type: 'Application/PDF; charset=binary' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.sha256, file.sha256);
    assert.equal(r.json.content_type, 'application/pdf');
    assert.deepEqual(blobs(fx.db), before);
    const types = [
      'image/jpeg',
      'image/png',
      'image/tiff',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/msword',
      'audio/mpeg',
      'video/mp4',
      'text/plain',
    ];
    for (const [i, type] of types.entries()) {
      const t = await upload(other, Buffer.from(`file ${i} ${type}`), { name: `f${i}`, type });
      assert.equal(t.status, 201, `${type}: ${t.text}`);
    }
    const l = await list(other);
    assert.equal(l.json.files.length, types.length + 1);
    // A file of one record is not reachable through another.
    assertError(await srv.req('GET', `${K}/${recId}/files/${l.json.files[1].id}`, { session: fazhiS }), 404, 'not_found', 'file_id');
    assertError(await srv.req('GET', `${K}/${recId}/files/999999`, { session: fazhiS }), 404, 'not_found', 'file_id');
    assertError(await srv.req('GET', `${K}/${recId}/files/abc`, { session: fazhiS }), 400, 'invalid', 'file_id');
  });

  test('bad input: a clear error naming the field, and nothing written', async () => {
    const id = await create();
    const rowsBefore = rows();
    const eventsBefore = (await allEvents(srv, auditor, 2)).length;
    const blobsBefore = blobs(fx.db);
    const small = pdfBytes(100, 3);
    const cases = [
      [await upload(id, pdfBytes(MAX_UPLOAD + 1, 4)), 413, 'too_large', 'body'],
      [await upload(id, Buffer.from('<html></html>'), { type: 'text/html' }), 415, 'unsupported_media_type', 'Content-Type'],
      [await upload(id, small, { type: 'application/pdfx' }), 415, 'unsupported_media_type', 'Content-Type'],
      [await upload(id, small, { type: null }), 415, 'unsupported_media_type', 'Content-Type'],
      [await upload(id, small, { raw: '' }), 400, 'invalid', 'name'],
      [await upload(id, small, { raw: '?name=' }), 400, 'invalid', 'name'],
      [await upload(id, small, { name: '../etc/passwd' }), 400, 'invalid', 'name'],
      [await upload(id, small, { name: 'a\\b.pdf' }), 400, 'invalid', 'name'],
      [await upload(id, small, { raw: '?name=a%00b.pdf' }), 400, 'invalid', 'name'],
      [await upload(id, small, { name: '..' }), 400, 'invalid', 'name'],
      [await upload(id, small, { name: 'a\nb.pdf' }), 400, 'invalid', 'name'],
      [await upload(id, small, { name: '证'.repeat(201) }), 400, 'invalid', 'name'],
      [await upload(id, small, { raw: '?name=%FF%FE.pdf' }), 400, 'invalid', 'name'],
      [await upload(id, small, { note: 'x'.repeat(501) }), 400, 'invalid', 'note'],
      [await upload(id, Buffer.alloc(0)), 400, 'invalid', 'body'],
      [await upload(999999, small), 404, 'not_found', 'id'],
      [await upload(id, small, { session: outsider }), 404, 'not_found', 'id'],
      [await srv.req('POST', `/api/v1/records/no_such_kind/${id}/files?name=a.pdf`, { session: fazhiS, body: small, contentType: 'application/pdf' }), 404, 'not_found', 'kind'],
      [await upload(id, small, { session: reader }), 403, 'forbidden', null],
      [await upload(id, small, { session: auditor }), 403, 'forbidden', null],
      [await upload(id, small, { session: { ...fazhiS, csrf: undefined } }), 403, 'csrf', 'X-CSRF-Token'],
    ];
    for (const [r, status, code, field] of cases) assertError(r, status, code, field);
    // 200 characters is the limit, not 201.
    const ok = await upload(id, small, { name: '证'.repeat(200) });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(rows(), rowsBefore + 1);
    assert.equal((await allEvents(srv, auditor, 2)).length, eventsBefore + 1);
    assert.deepEqual(blobs(fx.db), [...blobsBefore, `${ok.json.sha256.slice(0, 2)}/${ok.json.sha256}`].sort());
    // Other routes keep --max-body.
    const big = await srv.req('POST', K, { session: fazhiS, json: { ...request, content: 'x'.repeat(MAX_BODY) } });
    assertError(big, 413, 'too_large', 'body');
  });

  test('reading: visible records only', async () => {
    assertError(await list(recId, outsider), 404, 'not_found', 'id');
    assertError(await srv.req('GET', `${K}/${recId}/files/${file.id}`, { session: outsider }), 404, 'not_found', 'id');
    assertError(await list(999999), 404, 'not_found', 'id');
    assertError(await list(recId, auditor), 403, 'forbidden', null);
    // The viewer reads what he may not add to.
    const l = await list(recId, reader);
    assert.equal(l.status, 200, l.text);
    const d = await download(recId, file.id, reader);
    assert.ok(d.body.equals(bytes));
    const v = await srv.req('GET', '/api/v1/audit/verify', { session: auditor });
    assert.equal(v.json.intact, true, v.text);
    assert.ok(v.json.files >= 11, v.text);
  });

  test('backup copies the files; restore brings them back and checks them', async () => {
    const out = path.join(fx.dir, 'backup.db');
    const b = fazhi(['backup', '--db', fx.db, '--out', out]);
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /backup written to .*\(\d+ files in .*backup\.db\.files\)/);
    assert.deepEqual(blobs(out), blobs(fx.db));
    const restored = path.join(fx.dir, 'restored.db');
    const r = fazhi(['restore', '--db', restored, '--from', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /intact: \d+ events in \d+ chains, \d+ files/);
    assert.deepEqual(blobs(restored), blobs(fx.db));
    const v = fazhi(['audit', 'verify', '--db', restored]);
    assert.equal(v.status, 0, v.stderr);

    // A backup whose blob was changed is refused; the database stays.
    fs.writeFileSync(blobPath(out, file.sha256), Buffer.from('changed'));
    const target = path.join(fx.dir, 'target.db');
    const bad = fazhi(['restore', '--db', target, '--from', out]);
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stderr, new RegExp(`file ${file.id} of record disclosure_request:${recId}`));
    assert.ok(!fs.existsSync(target), 'a refused restore created the database');
  });

  test('tampering with a stored file is found by the verifier', async () => {
    await srv.stopClean();
    srv = null;
    const good = fazhi(['audit', 'verify', '--db', fx.db]);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /intact: \d+ events in \d+ chains, \d+ files/);

    const p = blobPath(fx.db, file.sha256);
    const original = fs.readFileSync(p);
    const changed = Buffer.from(original);
    changed[100] ^= 1;
    fs.writeFileSync(p, changed);
    let r = fazhi(['audit', 'verify', '--db', fx.db]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`file ${file.id} of record disclosure_request:${recId} .*event org 2 seq \\d+: .*do not match its SHA-256 \\(changed\\)`));

    // The server says so too, and does not serve the changed bytes.
    srv = await Server.start(fx.db, ['--max-upload', String(MAX_UPLOAD)]);
    const aud = await srv.login('auditor', fx.pw('auditor'));
    const v = await srv.req('GET', '/api/v1/audit/verify', { session: aud });
    assert.equal(v.json.intact, false, v.text);
    assert.equal(v.json.first_bad.file_id, file.id);
    assert.equal(v.json.first_bad.record_id, recId);
    const fz = await srv.login('fazhi', fx.pw('fazhi'));
    assertError(await srv.req('GET', `${K}/${recId}/files/${file.id}`, { session: fz }), 500, undefined, 'file');
    await srv.stopClean();
    srv = null;

    fs.unlinkSync(p);
    r = fazhi(['audit', 'verify', '--db', fx.db]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`file ${file.id} of record disclosure_request:${recId} .*missing`));

    fs.writeFileSync(p, original);
    assert.equal(fazhi(['audit', 'verify', '--db', fx.db]).status, 0);
  });
});
