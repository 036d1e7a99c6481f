// audit_signed.test.mjs - an audit log that a writer of the file cannot
// rewrite unseen (issue 16, deliverable 4): the server started with
// --audit-key signs checkpoints of every chain's head; `fazhi audit verify
// --pubkey` checks them and `--witness` a checkpoint kept elsewhere. On
// copies of a database worked through the API, an insider's edits with the
// sqlite3 CLI are each detected and named: a changed, removed or reordered
// event; a chain rehashed after a change (which the chain alone cannot
// show); a chain cut back with its head moved back; a whole organisation's
// chain deleted; a checkpoint edited or deleted; a record's data or state,
// a role, a token, an organisation's place, an evidence file's name; and a
// roll back to an earlier backup, by the witness. The whole suite runs
// twice: SHA-256 with Ed25519, and the 国密 option (SM3 chains, SM2 key).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DISCLOSURE_REQUEST, fazhi, makeFixture, Server, sqlite } from './lib.mjs';

const K = '/api/v1/records/disclosure_request';

// The events of one chain, as rows.
function chainOf(db, org) {
  const r = spawnSync('sqlite3', ['-json', db, `SELECT org_id, seq, ts, actor, type, subject, data, hex(prev_hash) AS prev FROM events WHERE org_id=${org} ORDER BY seq`], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout || '[]');
}

// What an insider does with 20 lines of script: recompute the hashes of
// org's chain from event `from` on (chain.h), and move its head.
function rehash(db, org, from, alg) {
  const rows = chainOf(db, org);
  let prev = Buffer.from(rows[from - 1].prev, 'hex');
  const sql = [];
  for (const ev of rows.slice(from - 1)) {
    const canon = `{"actor":${JSON.stringify(ev.actor)},"data":${ev.data},"org":${ev.org_id},"seq":${ev.seq},"subject":${JSON.stringify(ev.subject)},"ts":${ev.ts},"type":${JSON.stringify(ev.type)}}`;
    const h = createHash(alg).update(Buffer.concat([prev, Buffer.from(canon, 'utf8')])).digest();
    sql.push(`UPDATE events SET prev_hash=X'${prev.toString('hex')}', hash=X'${h.toString('hex')}' WHERE org_id=${org} AND seq=${ev.seq};`);
    prev = h;
  }
  const last = rows[rows.length - 1].seq;
  sql.push(`UPDATE chain_heads SET seq=${last}, hash=X'${prev.toString('hex')}' WHERE org_id=${org};`);
  sqlite(db, sql.join('\n'));
}

// Cut org's chain back by n events, its head moved back to the new last.
function cutBack(db, org, n) {
  const rows = chainOf(db, org);
  const keep = rows.length - n;
  sqlite(
    db,
    `DELETE FROM events WHERE org_id=${org} AND seq>${keep};
     UPDATE chain_heads SET seq=${keep}, hash=(SELECT hash FROM events WHERE org_id=${org} AND seq=${keep}) WHERE org_id=${org};`,
  );
}

for (const variant of [
  { name: 'SHA-256 chains, Ed25519 checkpoints', gm: false, alg: 'sha256', sig: 'ed25519' },
  { name: '国密: SM3 chains, SM2 checkpoints', gm: true, alg: 'sm3', sig: 'sm2' },
]) {
  describe(`signed checkpoints and witness: ${variant.name}`, () => {
    let fx, key, pub, backup, witness1, witness2, recId, fileId;
    const copies = [];

    // Work as the agency would: logins (one of an unknown name: the
    // system chain), a request with a step and a file, an organisation.
    async function work(srv, round) {
      const s = await srv.login('fazhi', fx.pw('fazhi'));
      const admin = await srv.login('admin', fx.pw('admin'));
      await srv.tryLogin(`nobody${round}`, 'Wrong-Passw0rd-1');
      const c = await srv.req('POST', K, { session: s, json: { ...DISCLOSURE_REQUEST, applicant_name: `申请人${round}` } });
      assert.equal(c.status, 201, c.text);
      recId = c.json.id;
      const f = await srv.req('POST', `${K}/${recId}/files?name=${encodeURIComponent(`证据${round}.pdf`)}`, {
        session: s,
        body: Buffer.from(`%PDF-1.4 signed ${round}`),
        contentType: 'application/pdf',
      });
      assert.equal(f.status, 201, f.text);
      fileId = f.json.id;
      const o = await srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 2, name: `第${round}科`, level: 'unit' } });
      assert.equal(o.status, 201, o.text);
      // the last events of org 2's chain: logins only (cut back below)
      for (let i = 0; i < 3; i++) await srv.login('zhifa', fx.pw('zhifa'));
    }

    before(async () => {
      fx = makeFixture({ initArgs: variant.gm ? ['--gm'] : [] });
      key = path.join(fx.dir, 'audit.key');
      pub = `${key}.pub`;
      const g = fazhi(['audit', 'keygen', '--out', key, ...(variant.gm ? ['--gm'] : [])]);
      assert.equal(g.status, 0, g.stderr);
      assert.match(g.stdout, new RegExp(`^${variant.sig} key [0-9a-f]{32} written`));
      assert.equal(fs.statSync(key).mode & 0o777, 0o600);
      const args = ['--audit-key', key, '--checkpoint-every', '4'];
      let srv = await Server.start(fx.db, args);
      try {
        await work(srv, 1);
      } finally {
        await srv.stopClean();
      }
      backup = `${fx.db}.backup`;
      sqlite(fx.db, `VACUUM INTO '${backup}';`);
      fs.symlinkSync(`${fx.db}.files`, `${backup}.files`);
      copies.push(backup, `${backup}.files`);
      witness1 = path.join(fx.dir, 'witness1.json');
      const w1 = fazhi(['audit', 'checkpoint', '--db', fx.db, '--out', witness1]);
      assert.equal(w1.status, 0, w1.stderr);
      srv = await Server.start(fx.db, args);
      try {
        await work(srv, 2);
      } finally {
        await srv.stopClean();
      }
      // a fresh checkpoint signed on the command line, kept as the witness
      witness2 = path.join(fx.dir, 'witness2.json');
      const w2 = fazhi(['audit', 'checkpoint', '--db', fx.db, '--out', witness2, '--audit-key', key]);
      assert.equal(w2.status, 0, w2.stderr);
    });
    after(() => {
      for (const c of copies) fs.rmSync(c, { force: true, recursive: true });
      fx.cleanup();
    });

    const copy = (name) => {
      const to = `${fx.db}.${name}`;
      sqlite(fx.db, `VACUUM INTO '${to}';`);
      fs.symlinkSync(`${fx.db}.files`, `${to}.files`);
      copies.push(to, `${to}.files`);
      // an insider with the file drops the append-only triggers first
      sqlite(to, ['events_no_update', 'events_no_delete', 'checkpoints_no_update', 'checkpoints_no_delete', 'files_no_update'].map((t) => `DROP TRIGGER ${t};`).join('\n'));
      return to;
    };
    const verify = (db, ...more) => fazhi(['audit', 'verify', '--db', db, '--pubkey', pub, ...more]);

    test('the untouched database verifies: every chain, every checkpoint, the witness', () => {
      const heads = sqlite(fx.db, 'SELECT DISTINCT alg FROM chain_heads;').trim();
      assert.equal(heads, variant.alg);
      const n = Number(sqlite(fx.db, 'SELECT count(*) FROM checkpoints;'));
      assert.ok(n >= 4, `${n} checkpoints: at start, every 4 events, at the end`);
      const r = verify(fx.db, '--witness', witness2);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /signed: \d+ checkpoints by key [0-9a-f]{32}, the last covering \d+ chains; 0 events since it; the witness is covered/);
      // the earlier witness is covered too: the log only grew since
      assert.equal(verify(fx.db, '--witness', witness1).status, 0);
      const body = JSON.parse(JSON.parse(fs.readFileSync(witness2, 'utf8')).body);
      assert.equal(body.alg, variant.sig);
      assert.ok(body.heads.every((h) => h.alg === variant.alg));
      assert.ok(body.heads.some((h) => h.org === 0), 'the system chain is signed');
    });

    test('bad options: no key, a key readable by others, a witness without a key; exit 2', () => {
      assert.equal(fazhi(['audit', 'verify', '--db', fx.db, '--pubkey', path.join(fx.dir, 'nokey.pub')]).status, 2);
      assert.equal(fazhi(['audit', 'verify', '--db', fx.db, '--witness', witness2]).status, 2);
      const loose = path.join(fx.dir, 'loose.key');
      fs.copyFileSync(key, loose);
      fs.chmodSync(loose, 0o644);
      const r = fazhi(['audit', 'checkpoint', '--db', fx.db, '--out', path.join(fx.dir, 'w.json'), '--audit-key', loose]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /chmod 600/);
      assert.ok(!fs.existsSync(path.join(fx.dir, 'w.json')));
    });

    const last2 = () => Number(sqlite(fx.db, 'SELECT seq FROM chain_heads WHERE org_id=2;'));
    const cases = [
      ['an event changed', (db) => sqlite(db, `UPDATE events SET data=replace(data,'127.0.0.1','10.9.9.9') WHERE org_id=2 AND seq=${last2() - 1};`),
        /event org 2 seq \d+: content does not match its hash \(changed\)/],
      ['an event removed', (db) => sqlite(db, 'DELETE FROM events WHERE org_id=2 AND seq=5;'), /event org 2 seq 5: missing \(removed\)/],
      ['two events reordered', (db) => sqlite(db, 'UPDATE events SET seq=-1 WHERE org_id=2 AND seq=5; UPDATE events SET seq=5 WHERE org_id=2 AND seq=6; UPDATE events SET seq=6 WHERE org_id=2 AND seq=-1;'),
        /event org 2 seq 5: does not follow the event before it/],
      ['a chain rehashed after a change', (db) => {
        sqlite(db, `UPDATE events SET data=replace(data,'127.0.0.1','10.9.9.9') WHERE org_id=2 AND seq=${last2() - 1};`);
        rehash(db, 2, last2() - 1, variant.alg);
      }, /organisation 2's chain: event seq \d+ is not the one checkpoint \d+ of .* signed \(rewritten\)/, true],
      ['a chain cut back, its head moved back', (db) => cutBack(db, 2, 2),
        /organisation 2's chain has no event seq \d+, which checkpoint \d+ of .* signed: the chain was cut back or deleted/, true],
      ["a whole organisation's chain deleted", (db) => sqlite(db, 'DELETE FROM events WHERE org_id=0; DELETE FROM chain_heads WHERE org_id=0;'),
        /organisation 0's chain has no event seq \d+, which checkpoint \d+ of .* signed/, true],
      ['a checkpoint edited to match', (db) => sqlite(db, "UPDATE checkpoints SET body=replace(body,'\"seq\":','\"seq\": ') WHERE checkpoint_id=(SELECT max(checkpoint_id) FROM checkpoints);"),
        /checkpoint \d+ of .*: its signature does not verify \(changed\)/],
      ['every checkpoint deleted', (db) => sqlite(db, 'DELETE FROM checkpoints;'), /no checkpoint signed by this key/],
      ['a chain said to be of the other algorithm', (db) => sqlite(db, `UPDATE chain_heads SET alg='${variant.gm ? 'sha256' : 'sm3'}' WHERE org_id=1;`),
        /event org 1 seq 1: content does not match its hash/],
      ["a record's state", (db) => sqlite(db, `UPDATE records SET state='closed' WHERE record_id=${recId};`),
        () => new RegExp(`record disclosure_request:${recId} .*: state does not match its events`)],
      ["a record's data", (db) => sqlite(db, `UPDATE records SET data=json_set(data,'$.applicant_name','李四') WHERE record_id=${recId};`),
        /applicant_name does not match its events/],
      ['a record deleted', (db) => sqlite(db, `DELETE FROM records WHERE record_id=${recId};`), /its events have no row \(removed\)/],
      ['a role granted', (db) => sqlite(db, "UPDATE users SET roles=roles|4 WHERE username='fazhi';"), /user \d+ \(fazhi\): roles does not match its events/],
      ['a token inserted', (db) => sqlite(db, "INSERT INTO api_tokens(org_id,token_id,user_id,name,token_hash,created_at) SELECT org_id, 99, user_id, '后门', randomblob(32), 0 FROM users WHERE username='auditor';"),
        /API token 99 \(后门\) of user \d+: no token\.add event/],
      ['an organisation moved', (db) => sqlite(db, "UPDATE orgs SET parent_id=NULL, path='/2/' WHERE org_id=2;"), /organisation 2 \(.*\): parent does not match its events/],
      ['an evidence file renamed', (db) => sqlite(db, `UPDATE files SET name='无关.pdf' WHERE file_id=${fileId};`),
        () => new RegExp(`file ${fileId} .*name does not match its record\\.evidence event`)],
    ];
    for (const [what, tamper, expect, onlySigned] of cases) {
      test(`detected and named: ${what}`, () => {
        const db = copy(what.replace(/\W+/g, '_') || 'x');
        tamper(db);
        if (onlySigned) {
          // the chain alone says intact: only the signature shows it
          const plain = fazhi(['audit', 'verify', '--db', db]);
          assert.equal(plain.status, 0, plain.stdout + plain.stderr);
        }
        const r = verify(db);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, typeof expect === 'function' ? expect() : expect);
      });
    }

    test('rolled back to an earlier backup: consistent in itself, found by the witness', () => {
      const db = `${fx.db}.rollback`;
      fs.copyFileSync(backup, db);
      fs.symlinkSync(`${fx.db}.files`, `${db}.files`);
      copies.push(db, `${db}.files`);
      const alone = verify(db);
      assert.equal(alone.status, 0, 'the backup is a consistent earlier state: ' + alone.stderr);
      const r = verify(db, '--witness', witness2);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /the database's checkpoints end before the witness of .*: the database was rolled back/);
      assert.match(r.stderr, /organisation 2's chain has no event seq \d+, which the witness of .* signed: the database was rolled back/);
      // a witness file changed by hand does not verify
      const forged = path.join(fx.dir, `forged-${variant.sig}.json`);
      const w = JSON.parse(fs.readFileSync(witness2, 'utf8'));
      w.body = w.body.replace(/"seq":(\d+)/, (m, n) => `"seq":${Number(n) + 1}`);
      fs.writeFileSync(forged, JSON.stringify(w));
      const f = verify(fx.db, '--witness', forged);
      assert.equal(f.status, 1);
      assert.match(f.stderr, /the witness: its signature does not verify/);
    });
  });
}
