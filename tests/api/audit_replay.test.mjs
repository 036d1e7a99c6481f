// audit_replay.test.mjs - `fazhi audit verify` replays every event and
// compares the projections with what the events derive (src/audit/replay.c):
// on copies of a small database (records through the engine, a token, an
// evidence file), an insider's edits with the sqlite3 CLI - a record's data,
// its state, a deleted record, a granted role, an inserted token, a moved
// organisation, a renamed evidence file - are each detected and named; the
// untampered copy verifies intact.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fazhi, integrationToken, makeFixture, Server, sqlite, DISCLOSURE_REQUEST } from './lib.mjs';

const K = '/api/v1/records/disclosure_request';
const request = DISCLOSURE_REQUEST;

describe('audit verify replays the projections', () => {
  let fx, recId, fileId, copies = [];

  before(async () => {
    fx = makeFixture();
    const srv = await Server.start(fx.db);
    try {
      const s = await srv.login('fazhi', fx.pw('fazhi'));
      const admin = await srv.login('admin', fx.pw('admin'));
      const c = await srv.req('POST', K, { session: s, json: request });
      assert.equal(c.status, 201, c.text);
      recId = c.json.id;
      const t = await srv.req('POST', `${K}/${recId}/transitions/request_correction`, {
        session: s,
        json: { correction_requested_on: '2024-03-04', correction_items: '补正申请人身份证明' },
      });
      assert.equal(t.status, 200, t.text);
      const f = await srv.req('POST', `${K}/${recId}/files?name=${encodeURIComponent('现场照片.pdf')}`, {
        session: s,
        body: Buffer.from('%PDF-1.4 replay test'),
        contentType: 'application/pdf',
      });
      assert.equal(f.status, 201, f.text);
      fileId = f.json.id;
      const secadmin = await srv.login('secadmin', fx.pw('secadmin'));
      await integrationToken(srv, { admin, secadmin }, { username: 'api-dj', roles: ['officer'], name: '对接系统' });
    } finally {
      await srv.stopClean();
    }
  });
  after(() => {
    for (const c of copies) fs.rmSync(c, { force: true });
    fx.cleanup();
  });

  // A copy of the database (its files directory is shared: blobs are read only).
  const copy = (name) => {
    const to = `${fx.db}.${name}`;
    sqlite(fx.db, `VACUUM INTO '${to}';`);
    copies.push(to);
    fs.rmSync(`${to}.files`, { force: true });
    fs.symlinkSync(`${fx.db}.files`, `${to}.files`);
    copies.push(`${to}.files`);
    return to;
  };
  const verify = (db) => fazhi(['audit', 'verify', '--db', db]);

  test('the untampered copy verifies intact, every projection replayed', () => {
    const r = verify(copy('clean'));
    assert.equal(r.status, 0, r.stderr);
    const m = /projections match their events: (\d+) records, (\d+) users, (\d+) API tokens, (\d+) organisations, (\d+) files/.exec(r.stdout);
    assert.ok(m, r.stdout);
    assert.deepEqual(m.slice(1).map(Number).map((n) => n > 0), [true, true, true, true, true], r.stdout);
    assert.doesNotMatch(r.stdout, /in part/);
  });

  const cases = [
    ['a record\'s data', () => `UPDATE records SET data=json_set(data,'$.applicant_name','李四') WHERE record_id=${recId};`,
      () => new RegExp(`record disclosure_request:${recId} \\(.*\\): applicant_name does not match its events`)],
    ['a field the step derived or set, removed', () => `UPDATE records SET data=json_remove(data,'$.correction_items') WHERE record_id=${recId};`,
      () => new RegExp(`record disclosure_request:${recId} .*: correction_items does not match`)],
    ['a record\'s state', () => `UPDATE records SET state='closed' WHERE record_id=${recId};`,
      () => new RegExp(`record disclosure_request:${recId} .*: state does not match its events`)],
    ['a record deleted', () => `DELETE FROM records WHERE record_id=${recId};`,
      () => new RegExp(`record disclosure_request:${recId} .*: its events have no row \\(removed\\)`)],
    ['a role granted', () => `UPDATE users SET roles=roles|1|2|4|8|16|32 WHERE username='fazhi';`,
      () => /user \d+ \(fazhi\): roles does not match its events/],
    ['a lockout cleared', () => `UPDATE users SET failed_count=3 WHERE username='fazhi';`,
      () => /user \d+ \(fazhi\): lockout .* does not match its events/],
    ['a token inserted', () => `INSERT INTO api_tokens(org_id,token_id,user_id,name,token_hash,created_at) SELECT org_id, 99, user_id, '后门', randomblob(32), 0 FROM users WHERE username='auditor';`,
      () => /API token 99 \(后门\) of user \d+: no token\.add event/],
    ['a token revived', () => `UPDATE api_tokens SET token_hash=randomblob(32);`,
      () => /API token \d+ \(对接系统\): token hash does not match/],
    ['an organisation moved', () => `UPDATE orgs SET parent_id=NULL, path='/2/' WHERE org_id=2;`,
      () => /organisation 2 \(.*\): parent does not match its events/],
    ['an evidence file renamed', () => `DROP TRIGGER files_no_update; UPDATE files SET name='无关.pdf' WHERE file_id=${fileId};`,
      () => new RegExp(`file ${fileId} of record ${recId} \\(无关\\.pdf\\): name does not match its record\\.evidence event`)],
  ];
  for (const [what, sql, expect] of cases) {
    test(`detected and named: ${what}`, () => {
      const db = copy(what.replace(/\W+/g, '_'));
      sqlite(db, sql());
      const r = verify(db);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, expect(), r.stderr);
      assert.match(r.stderr, /finding/, r.stderr);
    });
  }
});
