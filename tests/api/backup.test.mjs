// backup.test.mjs - `fazhi backup` while the server runs and writes,
// `fazhi restore` into a new database, which verifies and serves; the CLI's
// exit codes: 2 and one line for a usage error, 1 for a failure at run time.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fazhi, makeFixture, Server, sqlite } from './lib.mjs';

function oneLine(r, re) {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got: ${JSON.stringify(r.stderr)}`);
  assert.ok(r.stderr.endsWith('\n'));
  if (re) assert.match(lines[0], re);
}

describe('backup and restore', () => {
  let fx, srv, admin;
  const names = [];

  before(async () => {
    fx = makeFixture();
    srv = await Server.start(fx.db);
    admin = await srv.login('admin', fx.pw('admin'));
  });
  after(async () => {
    try {
      if (srv) await srv.stopClean();
    } finally {
      fx.cleanup();
    }
  });

  test('backup while the server runs and writes; restore; verify; serve the copy', async () => {
    for (let i = 0; i < 10; i++) {
      const name = `备份前${i}`;
      const r = await srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 1, name, level: 'unit' } });
      assert.equal(r.status, 201, r.text);
      names.push(name);
    }
    // Writers keep going during the backup (bounded: 200 requests at most).
    let stop = false;
    let during = 0;
    const writer = (async () => {
      for (let i = 0; i < 200 && !stop; i++) {
        const r = await srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 1, name: `备份中${i}`, level: 'unit' } });
        assert.equal(r.status, 201, r.text);
        during++;
      }
    })();
    const out = path.join(fx.dir, 'backup.db');
    const b = fazhi(['backup', '--db', fx.db, '--out', out]);
    stop = true;
    await writer;
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /backup written to/);
    assert.ok(fs.existsSync(out));
    assert.ok(!fs.existsSync(out + '.tmp'), 'the temporary file was left behind');
    assert.ok(during > 0);

    const restored = path.join(fx.dir, 'restored.db');
    const r = fazhi(['restore', '--db', restored, '--from', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /intact: \d+ events/);
    const v = fazhi(['audit', 'verify', '--db', restored]);
    assert.equal(v.status, 0, v.stderr);

    // The copy holds what was acknowledged before the backup began, and
    // serves it: the same accounts log in.
    const copy = await Server.start(restored);
    try {
      const s = await copy.login('admin', fx.pw('admin'));
      const list = await copy.req('GET', '/api/v1/orgs', { session: s });
      const have = new Set(list.json.orgs.map((o) => o.name));
      for (const n of names) assert.ok(have.has(n), `${n} missing from the restored copy`);
      const auditor = await copy.login('auditor', fx.pw('auditor'));
      const ver = await copy.req('GET', '/api/v1/audit/verify', { session: auditor });
      assert.equal(ver.json.intact, true, ver.text);
    } finally {
      await copy.stopClean();
    }
  });

  test('restore of a tampered backup fails verification: exit 1', () => {
    const out = path.join(fx.dir, 'tampered.db');
    assert.equal(fazhi(['backup', '--db', fx.db, '--out', out]).status, 0);
    sqlite(out, `DROP TRIGGER events_no_update; UPDATE events SET actor='user:99' WHERE org_id=1 AND seq=2;`);
    const r = fazhi(['restore', '--db', path.join(fx.dir, 'from-tampered.db'), '--from', out]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    oneLine(r, /org 1 seq 2/);
  });

  test(
    'a restore that fails verification leaves the existing database as it was',
    () => {
      const good = path.join(fx.dir, 'good.db');
      const bad = path.join(fx.dir, 'bad-backup.db');
      assert.equal(fazhi(['backup', '--db', fx.db, '--out', good]).status, 0);
      assert.equal(fazhi(['backup', '--db', fx.db, '--out', bad]).status, 0);
      sqlite(bad, `DROP TRIGGER events_no_update; UPDATE events SET actor='user:99' WHERE org_id=1 AND seq=2;`);
      const r = fazhi(['restore', '--db', good, '--from', bad]);
      assert.equal(r.status, 1, r.stderr);
      const v = fazhi(['audit', 'verify', '--db', good]);
      assert.equal(v.status, 0, `the good database was replaced by the bad backup: ${v.stderr}`);
    },
  );

  test('usage errors: exit 2 with one line naming what is wrong', () => {
    const out = path.join(fx.dir, 'u.db');
    const cases = [
      [['backup', '--out', out], /--db/],
      [['backup', '--db', fx.db], /--out/],
      [['restore', '--from', out], /--db/],
      [['restore', '--db', out], /--from/],
      [['audit', 'verify'], /--db/],
      [['audit'], /verify/],
      [['backup', '--db', fx.db, '--out', out, '--bogus'], /--bogus/],
      [['backup', '--db'], /--db/],
    ];
    for (const [args, re] of cases) {
      const r = fazhi(args);
      assert.equal(r.status, 2, `fazhi ${args.join(' ')}: exit ${r.status} ${r.stderr}`);
      oneLine(r, re);
      assert.equal(r.stdout, '');
    }
    assert.ok(!fs.existsSync(out));
  });

  test('failures at run time: exit 1 with one line', () => {
    const target = path.join(fx.dir, 'never.db');
    let r = fazhi(['restore', '--db', target, '--from', '/nonexistent/backup.db']);
    assert.equal(r.status, 1, r.stderr);
    oneLine(r, /nonexistent/);
    assert.ok(!fs.existsSync(target), 'restore from nothing created the database');

    const junk = path.join(fx.dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not a database, just text\n'.repeat(200));
    r = fazhi(['restore', '--db', target, '--from', junk]);
    assert.equal(r.status, 1, r.stderr);
    oneLine(r);

    r = fazhi(['backup', '--db', '/nonexistent/x.db', '--out', path.join(fx.dir, 'b.db')]);
    assert.equal(r.status, 1, r.stderr);
    oneLine(r, /nonexistent/);

    r = fazhi(['backup', '--db', fx.db, '--out', '/nonexistent/dir/b.db']);
    assert.equal(r.status, 1, r.stderr);
    oneLine(r, /nonexistent/);

    r = fazhi(['audit', 'verify', '--db', '/nonexistent/x.db']);
    assert.equal(r.status, 1, r.stderr);
    oneLine(r, /nonexistent/);
  });
});
