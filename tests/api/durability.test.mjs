// durability.test.mjs - `kill -9` of the server during a stream of concurrent
// writes: after a restart on the same database every acknowledged write is
// there and the event log verifies.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fazhi, makeFixture, Server, sleep, sqlite, useServer } from './lib.mjs';

const CLIENTS = 16;
const STREAM_MS = 2000;

describe('kill -9 during concurrent writes', () => {
  let fx, srv;

  before(() => {
    fx = makeFixture();
  });
  after(async () => {
    try {
      if (srv) await srv.stopClean();
    } finally {
      fx.cleanup();
    }
  });

  test('every acknowledged organisation survives, and the chain verifies', async (tc) => {
    srv = await Server.start(fx.db);
    const admin = await srv.login('admin', fx.pw('admin'));

    const acked = new Map(); // id -> name
    const errors = [];
    let sent = 0;
    let killedAt = 0;
    const t0 = Date.now();
    // Each client writes until the server is gone (or a hard deadline), at
    // most 20000 requests: bounded in count and time.
    const client = async (c) => {
      for (let i = 0; i < 20000 && Date.now() - t0 < STREAM_MS + 3000; i++) {
        const name = `c${c}-${i}-${t0}`;
        sent++;
        let r;
        try {
          r = await srv.req('POST', '/api/v1/orgs', {
            session: admin,
            json: { parent_id: 1, name, level: 'unit' },
            timeout: 5000,
          });
        } catch (e) {
          if (!killedAt) errors.push(`before the kill: ${e.cause?.code || e.message}`);
          return; // the server is gone
        }
        if (r.status === 201) {
          assert.equal(r.json.name, name);
          acked.set(r.json.id, name);
        } else {
          errors.push(`${r.status} ${r.text}`);
          return;
        }
      }
    };
    const killer = (async () => {
      await sleep(STREAM_MS);
      killedAt = Date.now();
      srv.proc.kill('SIGKILL');
      const ex = await srv.exited;
      assert.equal(ex.signal, 'SIGKILL');
    })();
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), killer]);

    tc.diagnostic(`${acked.size} writes acknowledged of ${sent} sent by ${CLIENTS} clients before the kill at ${killedAt - t0} ms`);
    assert.deepEqual(errors, [], 'errors while the server was up');
    assert.ok(acked.size >= 50, `only ${acked.size} writes acknowledged in ${STREAM_MS} ms`);
    assert.ok(sent > acked.size, 'the kill came after the stream ended: nothing was in flight');

    // Restart on the same database.
    srv = await Server.start(fx.db);
    const admin2 = await srv.login('admin', fx.pw('admin'));
    const list = await srv.req('GET', '/api/v1/orgs', { session: admin2 });
    assert.equal(list.status, 200, list.text);
    const have = new Map(list.json.orgs.map((o) => [o.id, o.name]));
    const lost = [...acked].filter(([id, name]) => have.get(id) !== name);
    assert.deepEqual(lost, [], `${lost.length} of ${acked.size} acknowledged writes lost`);

    // Every organisation has its org.add event (none without, none twice).
    const auditor = await srv.login('auditor', fx.pw('auditor'));
    const v = await srv.req('GET', '/api/v1/audit/verify', { session: auditor });
    assert.equal(v.json.intact, true, v.text);
    await srv.stopClean();
    srv = null;

    const r = fazhi(['audit', 'verify', '--db', fx.db]);
    assert.equal(r.status, 0, r.stderr);
    const orphans = sqlite(
      fx.db,
      "SELECT count(*) FROM orgs o WHERE o.org_id > 2 AND (SELECT count(*) FROM events e WHERE e.org_id=1 AND e.type='org.add' AND e.subject='org:'||o.org_id) != 1;",
    );
    assert.equal(orphans.trim(), '0', 'an organisation without exactly one org.add event');
  });
});

describe('concurrent writes that conflict', () => {
  const h = useServer();

  test('of 8 concurrent creations of one name exactly one wins; the others are 409 and roll back alone', async () => {
    const admin = await h.srv.login('admin', h.fx.pw('admin'));
    const dup = Array.from({ length: 8 }, () =>
      h.srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 1, name: '同名科室', level: 'unit' } }),
    );
    const uniq = Array.from({ length: 8 }, (_, i) =>
      h.srv.req('POST', '/api/v1/orgs', { session: admin, json: { parent_id: 1, name: `独立科室${i}`, level: 'unit' } }),
    );
    const users = Array.from({ length: 8 }, () =>
      h.srv.req('POST', '/api/v1/users', {
        session: admin,
        json: { username: 'twin', display_name: '同名', org_id: 2, password: 'Same-Race-Passw0rd' },
      }),
    );
    const [d, u, us] = await Promise.all([Promise.all(dup), Promise.all(uniq), Promise.all(users)]);
    for (const group of [d, us]) {
      const st = group.map((r) => r.status).sort();
      assert.deepEqual(st, [201, 409, 409, 409, 409, 409, 409, 409], group.map((r) => r.text).join('\n'));
    }
    assert.deepEqual(u.map((r) => r.status), Array(8).fill(201));
    const list = await h.srv.req('GET', '/api/v1/orgs', { session: admin });
    assert.equal(list.json.orgs.filter((o) => o.name === '同名科室').length, 1);
    // One event per organisation written, none for the refused ones.
    const auditor = await h.srv.login('auditor', h.fx.pw('auditor'));
    const ev = await h.srv.req('GET', '/api/v1/audit/events?org_id=1&type=org.add&limit=1000', { session: auditor });
    assert.equal(ev.json.events.filter((e) => e.data.name === '同名科室').length, 1);
    assert.equal(ev.json.events.filter((e) => e.data.name.startsWith('独立科室')).length, 8);
    const v = await h.srv.req('GET', '/api/v1/audit/verify', { session: auditor });
    assert.equal(v.json.intact, true);
  });
});
