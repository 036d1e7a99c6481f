// audit.test.mjs - the hash-chained event log: GET /api/v1/audit/verify and
// export for the auditor, the auditor's scope, and tamper detection by
// `fazhi audit verify` after the SQLite file was edited directly (server
// stopped): a changed, a removed, a reordered event, a truncated chain, a
// removed chain, an event appended outside fazhi.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { allEvents, assertError, fazhi, integrationToken, makeFixture, Server, sessionFrom, sqlite } from './lib.mjs';

const DROP_TRIGGERS = 'DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;\n';

describe('the event log through the API', () => {
  let fx, srv, auditor, admin;

  before(async () => {
    fx = makeFixture();
    srv = await Server.start(fx.db);
    admin = await srv.login('admin', fx.pw('admin'));
    auditor = await srv.login('auditor', fx.pw('auditor'));
  });
  after(async () => {
    try {
      await srv.stopClean();
    } finally {
      fx.cleanup();
    }
  });

  test('GET /api/v1/audit/verify reports intact on a fresh server', async () => {
    const r = await srv.req('GET', '/api/v1/audit/verify', { session: auditor });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.intact, true, r.text);
    assert.ok(r.json.events >= 9, r.text); // 2 orgs, 5 users, 2 logins
    assert.ok(r.json.chains >= 2, r.text);
    assert.equal(r.json.first_bad, undefined);
    // and every table agrees with its events
    assert.equal(r.json.projections.users, 5, r.text);
    assert.equal(r.json.projections.orgs, 2, r.text);
    assert.equal(r.json.projections.findings, 0, r.text);
  });

  test('events are chained and the export streams the whole chain as NDJSON', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await srv.req('POST', '/api/v1/orgs', {
        session: admin,
        json: { parent_id: 1, name: `审计科室${i}`, level: 'unit' },
      });
      assert.equal(r.status, 201, r.text);
    }
    const listed = await allEvents(srv, auditor, 1);
    assert.ok(listed.length >= 11);
    listed.forEach((e, i) => {
      assert.equal(e.seq, i + 1);
      assert.match(e.hash, /^[0-9a-f]{64}$/);
      assert.equal(e.prev_hash, i === 0 ? '0'.repeat(64) : listed[i - 1].hash);
    });
    const r = await srv.req('GET', '/api/v1/audit/export?org_id=1', { session: auditor });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/x-ndjson/);
    assert.match(r.headers.get('content-disposition') || '', /attachment; filename="fazhi-events-org1\.ndjson"/);
    const lines = r.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(lines, listed);
    // Filters: by type prefix, paging.
    const adds = await srv.req('GET', '/api/v1/audit/events?org_id=1&type=org.add&limit=1000', { session: auditor });
    assert.ok(adds.json.events.length >= 6);
    assert.ok(adds.json.events.every((e) => e.type === 'org.add'));
    const page = await srv.req('GET', '/api/v1/audit/events?org_id=1&limit=2&offset=1', { session: auditor });
    assert.deepEqual(page.json.events, listed.slice(1, 3));
  });

  test('an auditor of a department reads his subtree only, not the system chain', async () => {
    const secadmin = await srv.login('secadmin', fx.pw('secadmin'));
    const c = await srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'aud2', display_name: '局审计员', org_id: 2, password: 'Temp-Passw0rd-1' },
    });
    assert.equal(c.status, 201, c.text);
    const g = await srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles: ['auditor'] } });
    assert.equal(g.status, 200, g.text);
    // the grant cleared the temporary password: set on the server
    const cli = fazhi(['user', 'passwd', '--db', fx.db, '--username', 'aud2'], { input: 'Temp-Passw0rd-1\n' });
    assert.equal(cli.status, 0, cli.stderr);
    const s0 = await srv.login('aud2', 'Temp-Passw0rd-1');
    const ch = await srv.req('POST', '/api/v1/auth/password', {
      session: s0,
      json: { old_password: 'Temp-Passw0rd-1', new_password: 'Own-Passw0rd-22' },
    });
    assert.equal(ch.status, 200, ch.text);
    const s = sessionFrom(ch);
    const own = await srv.req('GET', '/api/v1/audit/events', { session: s });
    assert.equal(own.status, 200, own.text);
    assert.ok(own.json.events.length > 0 && own.json.events.every((e) => e.org_id === 2));
    assertError(await srv.req('GET', '/api/v1/audit/events?org_id=1', { session: s }), 404, 'not_found', 'org_id');
    assertError(await srv.req('GET', '/api/v1/audit/events?org_id=0', { session: s }), 404, 'not_found', 'org_id');
    assertError(await srv.req('GET', '/api/v1/audit/export?org_id=1', { session: s }), 404, 'not_found', 'org_id');
    // The root auditor reads the system chain.
    assert.equal((await srv.req('GET', '/api/v1/audit/events?org_id=0', { session: auditor })).status, 200);
  });

  test('every change is an event: logins, logout, accounts, roles, locks, passwords, tokens, organisations', async () => {
    const secadmin = await srv.login('secadmin', fx.pw('secadmin'));
    const seqOf = async (org) => {
      const ev = await allEvents(srv, auditor, org);
      return ev.length ? ev[ev.length - 1].seq : 0;
    };
    const from2 = await seqOf(2);
    const u = await srv.req('POST', '/api/v1/users', {
      session: admin,
      json: { username: 'evuser', display_name: '事件', org_id: 2, password: 'Events-Passw0rd-1' },
    });
    const uid = u.json.id;
    const steps = [
      await srv.req('PUT', `/api/v1/users/${uid}/roles`, { session: secadmin, json: { roles: ['viewer'] } }),
      await srv.req('POST', `/api/v1/users/${uid}/lock`, { session: admin }),
      await srv.req('POST', `/api/v1/users/${uid}/unlock`, { session: secadmin }),
      await srv.req('POST', `/api/v1/users/${uid}/password`, { session: secadmin, json: { password: 'Events-Passw0rd-2' } }),
    ];
    for (const r of [u, ...steps]) assert.ok(r.status < 300, r.text);
    const s = await srv.login('evuser', 'Events-Passw0rd-2');
    assert.equal((await srv.req('POST', '/api/v1/auth/logout', { session: s })).status, 200);
    const it = await integrationToken(srv, { admin, secadmin }, { username: 'api-ev', roles: ['viewer'], name: '事件' });
    assert.equal((await srv.req('DELETE', `/api/v1/tokens/${it.tokenId}`, { session: admin })).status, 200);
    const o = await srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 2, name: '事件科', level: 'unit' } });
    assert.equal(o.status, 201, o.text);

    const ev2 = (await allEvents(srv, auditor, 2)).filter((e) => e.seq > from2);
    const about = (ev, subject) => ev.filter((e) => e.subject === subject).map((e) => `${e.type} by ${e.actor}`);
    assert.deepEqual(about(ev2, `user:${uid}`), [
      `user.add by user:${admin.user.id}`,
      `user.roles by user:${secadmin.user.id}`,
      `user.lock by user:${admin.user.id}`,
      `user.unlock by user:${secadmin.user.id}`,
      `user.password by user:${secadmin.user.id}`,
      `auth.login by user:${uid}`,
      `auth.logout by user:${uid}`,
    ]);
    assert.deepEqual(about(ev2, `token:${it.tokenId}`), [`token.add by user:${admin.user.id}`, `token.revoke by user:${admin.user.id}`]);
    assert.deepEqual(about(ev2, `org:${o.json.id}`), [`org.add by user:${admin.user.id}`]);
  });

  test('no route of the API changes or deletes an event', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const r = await srv.req(method, '/api/v1/audit/events', { session: auditor, json: {} });
      assertError(r, 405, 'method_not_allowed');
    }
  });
});

// ---- tamper detection ---------------------------------------------------------

describe('tamper detection by fazhi audit verify', () => {
  let fx, dir, n1, n2;

  // A copy of the intact database to edit.
  function copy(name) {
    const dst = path.join(dir, `${name}.db`);
    for (const sfx of ['', '-wal', '-shm'])
      if (fs.existsSync(fx.db + sfx)) fs.copyFileSync(fx.db + sfx, dst + sfx);
    return dst;
  }

  function verify(db) {
    return fazhi(['audit', 'verify', '--db', db]);
  }

  // Exit 1 with one line on stderr naming org and seq.
  function assertBad(db, org, seq, what) {
    const r = verify(db);
    assert.equal(r.status, 1, `${what}: exit ${r.status}; stdout ${r.stdout}; stderr ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
    assert.match(lines[0], new RegExp(`\\borg ${org} seq ${seq}\\b`), `${what}: ${r.stderr}`);
    return lines[0];
  }

  const row = (org, seq) =>
    sqlite(
      fx.db,
      `SELECT ts, actor, type, subject, data, hex(prev_hash), hex(hash) FROM events WHERE org_id=${org} AND seq=${seq};`,
    );

  before(async () => {
    fx = makeFixture();
    dir = fx.dir;
    const srv = await Server.start(fx.db);
    try {
      const admin = await srv.login('admin', fx.pw('admin'));
      for (let i = 0; i < 6; i++) {
        const r = await srv.req('POST', '/api/v1/orgs', {
          session: admin,
          json: { parent_id: 1, name: `篡改测试${i}`, level: 'unit' },
        });
        assert.equal(r.status, 201, r.text);
      }
      await srv.login('zhifa', fx.pw('zhifa'));
    } finally {
      await srv.stopClean();
    }
    n1 = Number(sqlite(fx.db, 'SELECT max(seq) FROM events WHERE org_id=1;'));
    n2 = Number(sqlite(fx.db, 'SELECT max(seq) FROM events WHERE org_id=2;'));
    assert.ok(n1 >= 12 && n2 >= 3, `${n1} ${n2}`);
  });
  after(() => fx.cleanup());

  test('the intact database: exit 0', () => {
    const r = verify(fx.db);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^intact: \d+ events in \d+ chains/);
    assert.equal(r.stderr, '');
  });

  test('a changed event (data, actor, type, time or hash): exit 1 naming it', () => {
    const m = Math.floor(n1 / 2);
    const edits = {
      data: `UPDATE events SET data='{"name":"篡改"}' WHERE org_id=1 AND seq=${m};`,
      data2: `UPDATE events SET data=replace(data, '"parent_id":1', '"parent_id":2') WHERE org_id=1 AND seq=${n1 - 2};`,
      actor: `UPDATE events SET actor='user:99' WHERE org_id=1 AND seq=${m};`,
      type: `UPDATE events SET type='org.remove' WHERE org_id=1 AND seq=${m};`,
      ts: `UPDATE events SET ts=ts+1 WHERE org_id=1 AND seq=${m};`,
      hash: `UPDATE events SET hash=randomblob(32) WHERE org_id=1 AND seq=${m};`,
      bureau: `UPDATE events SET subject='user:1' WHERE org_id=2 AND seq=2;`,
    };
    // data2 must really have changed something.
    assert.match(row(1, n1 - 2), /"parent_id":1/);
    const expect = { data2: [1, n1 - 2], bureau: [2, 2] };
    for (const [name, sql] of Object.entries(edits)) {
      const db = copy(`changed-${name}`);
      sqlite(db, DROP_TRIGGERS + sql);
      const [org, seq] = expect[name] || [1, m];
      assertBad(db, org, seq, name);
    }
  });

  test('an event removed from the middle: exit 1 naming it', () => {
    const m = Math.floor(n1 / 2);
    const db = copy('removed');
    sqlite(db, DROP_TRIGGERS + `DELETE FROM events WHERE org_id=1 AND seq=${m};`);
    assert.match(assertBad(db, 1, m, 'removed'), /removed|missing/);
    // Two removed: the first is named.
    const db2 = copy('removed2');
    sqlite(db2, DROP_TRIGGERS + `DELETE FROM events WHERE org_id=1 AND seq IN (${m}, ${m + 2});`);
    assertBad(db2, 1, m, 'removed two');
  });

  test('two consecutive events swapped (every column but org_id, seq): exit 1', () => {
    const m = Math.floor(n1 / 2);
    const db = copy('reordered');
    const cols = ['ts', 'actor', 'type', 'subject', 'data', 'prev_hash', 'hash'];
    const set = (from) => cols.map((c) => `${c}=(SELECT ${c} FROM t WHERE seq=${from})`).join(', ');
    sqlite(
      db,
      DROP_TRIGGERS +
        `CREATE TEMP TABLE t AS SELECT * FROM events WHERE org_id=1 AND seq IN (${m}, ${m + 1});\n` +
        `UPDATE events SET ${set(m + 1)} WHERE org_id=1 AND seq=${m};\n` +
        `UPDATE events SET ${set(m)} WHERE org_id=1 AND seq=${m + 1};\n`,
    );
    // The swap really happened.
    assert.equal(
      sqlite(db, `SELECT hex(hash) FROM events WHERE org_id=1 AND seq=${m};`),
      row(1, m + 1).trim().split('|')[6] + '\n',
    );
    assertBad(db, 1, m, 'reordered');
    // Swapping only the contents but keeping the hashes in place: also caught.
    const db2 = copy('reordered-content');
    const cols2 = ['ts', 'actor', 'type', 'subject', 'data'];
    const set2 = (from) => cols2.map((c) => `${c}=(SELECT ${c} FROM t WHERE seq=${from})`).join(', ');
    sqlite(
      db2,
      DROP_TRIGGERS +
        `CREATE TEMP TABLE t AS SELECT * FROM events WHERE org_id=1 AND seq IN (${m}, ${m + 1});\n` +
        `UPDATE events SET ${set2(m + 1)} WHERE org_id=1 AND seq=${m};\n` +
        `UPDATE events SET ${set2(m)} WHERE org_id=1 AND seq=${m + 1};\n`,
    );
    assertBad(db2, 1, m, 'reordered content');
  });

  test('the last event of a chain removed: exit 1 naming it', () => {
    const db = copy('truncated');
    sqlite(db, DROP_TRIGGERS + `DELETE FROM events WHERE org_id=1 AND seq=${n1};`);
    assertBad(db, 1, n1, 'last removed');
    const db2 = copy('truncated2');
    sqlite(db2, DROP_TRIGGERS + `DELETE FROM events WHERE org_id=2 AND seq=${n2};`);
    assertBad(db2, 2, n2, 'last of the bureau removed');
  });

  test('a whole chain removed: exit 1 naming its first event', () => {
    const db = copy('chain-removed');
    sqlite(db, DROP_TRIGGERS + 'DELETE FROM events WHERE org_id=2;');
    assertBad(db, 2, 1, 'chain removed');
  });

  test('an event appended outside fazhi, even with a correct hash: exit 1 naming it', () => {
    // Forge event n1+1 of chain 1 exactly as fazhi would hash it (ASCII only,
    // so JSON.stringify equals jansson's canonical form).
    const prevHex = sqlite(fx.db, `SELECT hex(hash) FROM events WHERE org_id=1 AND seq=${n1};`).trim();
    const ev = { actor: 'user:1', data: {}, org: 1, seq: n1 + 1, subject: 'org:99', ts: Date.now(), type: 'org.add' };
    const hash = crypto
      .createHash('sha256')
      .update(Buffer.from(prevHex, 'hex'))
      .update(JSON.stringify(ev))
      .digest('hex');
    const db = copy('appended');
    sqlite(
      db,
      `INSERT INTO events VALUES(1, ${ev.seq}, ${ev.ts}, 'user:1', 'org.add', 'org:99', '{}', X'${prevHex}', X'${hash}');`,
    );
    assertBad(db, 1, n1 + 1, 'appended');
    // The forgery is right: with the chain head moved too, the chains verify
    // (the chain head is what an attacker must also forge); only the replay
    // of the projections names it, as an organisation with no row.
    const db2 = copy('appended-and-head');
    sqlite(
      db2,
      `INSERT INTO events VALUES(1, ${ev.seq}, ${ev.ts}, 'user:1', 'org.add', 'org:99', '{}', X'${prevHex}', X'${hash}');\n` +
        `UPDATE chain_heads SET seq=${ev.seq}, hash=X'${hash}' WHERE org_id=1;`,
    );
    const r = verify(db2);
    assert.doesNotMatch(r.stderr, /event org 1 seq/, `the forged event's hash is not what fazhi computes: ${r.stderr}`);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /organisation 99 \(\): its events have no row \(removed\)/);
  });

  // GET /api/v1/audit/verify as the auditor of a server on db: 200, its body.
  async function servedVerify(db) {
    const srv = await Server.start(db);
    try {
      const auditor = await srv.login('auditor', fx.pw('auditor'));
      const r = await srv.req('GET', '/api/v1/audit/verify', { session: auditor });
      assert.equal(r.status, 200, r.text);
      return r.json;
    } finally {
      await srv.stopClean();
    }
  }

  test('the server reports a table that disagrees with its events to the auditor', async () => {
    const db = copy('served-roles');
    sqlite(db, "UPDATE users SET roles=roles|4 WHERE username='fazhi';");
    const v = await servedVerify(db);
    assert.equal(v.intact, false, JSON.stringify(v));
    assert.equal(v.projections.findings, 1);
    assert.match(v.first_bad.message, /user \d+ \(fazhi\): roles does not match its events/);
  });

  test('the server reports the tampering to the auditor too', async () => {
    const m = Math.floor(n1 / 2);
    const db = copy('served');
    sqlite(db, DROP_TRIGGERS + `UPDATE events SET data='{}' WHERE org_id=1 AND seq=${m};`);
    const v = await servedVerify(db);
    assert.equal(v.intact, false, JSON.stringify(v));
    assert.equal(v.first_bad.org_id, 1);
    assert.equal(v.first_bad.seq, m);
    assert.match(v.first_bad.message, /changed/);
  });
});
