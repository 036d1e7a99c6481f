// departments.test.mjs - a government's departments compared on its 工作台
// (GET /api/v1/dashboard/departments, src/api/compare.c): the government's
// own work (本级) first, then each organisation directly under it with its
// subtree; on-time and correction rates, null where there was nothing to
// be a rate of; the overdue records counted today; every cell opening to
// its records (own=1 for 本级); bad parameters named; scope held.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, useServer, userWithRoles } from './lib.mjs';

const R = '/api/v1/records/reconsideration';
const DEPTS = '/api/v1/dashboard/departments';

describe('the departments compared', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let admin, gov, sfj, sfjOrg, ids;
  const get = (p, s = gov) => h.srv.req('GET', p, { session: s });

  const recon = (org_id, cause) => ({
    org_id,
    capacity: 'respondent',
    reconsideration_body: '北碚区人民政府',
    cause,
    applicant_name: '王五',
    received_on: '2024-03-01',
  });

  before(async () => {
    admin = await h.srv.login('admin', h.fx.pw('admin'));
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    const o = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 1, name: '北碚区司法局', level: 'department' },
    });
    assert.equal(o.status, 201, o.text);
    sfjOrg = o.json.id;
    gov = await userWithRoles(h, 'govhead', ['officer', 'head'], 1);
    sfj = await userWithRoles(h, 'sfjstaff', ['officer'], sfjOrg);
    // the department: one reply on time, one late; one corrected, one upheld
    const a = x.ok(await x.post(R, recon(2, '规划许可')));
    const b = x.ok(await x.post(R, recon(2, '不动产登记')));
    x.ok(await x.take(R, a.id, 'reply', { replied_on: '2024-03-08' }));
    x.ok(await x.take(R, b.id, 'reply', { replied_on: '2024-04-30' }));
    x.ok(await x.take(R, a.id, 'conclude_lost', { outcome: 'lost.revoked', decided_on: '2024-05-06' }));
    x.ok(await x.take(R, b.id, 'conclude_won', { outcome: 'won.upheld', decided_on: '2024-06-03' }));
    // the government itself: a reply never made, overdue today
    const g = x.ok(await h.srv.req('POST', R, { session: gov, json: recon(1, '征收补偿决定') }));
    ids = { a: a.id, b: b.id, g: g.id };
  });

  test('本级 first, then each department with its subtree', async () => {
    const r = await get(`${DEPTS}?year=2024`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.rows.map((w) => [w.org_id, w.scope]),
      [
        [1, 'own'],
        [2, 'all'],
        [sfjOrg, 'all'],
      ],
    );
    const col = (id) => r.json.columns.findIndex((c) => c.id === id);
    for (const id of ['reconsideration.reply_on_time_rate', 'reconsideration.correction_rate'])
      assert.ok(col(id) >= 0, `${id} is not a default column`);
    assert.equal(r.json.columns[col('reconsideration.correction_rate')].decimals, 1);
    assert.equal(r.json.columns[col('reconsideration.correction_rate')].label, '行政复议纠错率');
    const cell = (row, id) => r.json.rows[row].figures[col(id)];
    assert.deepEqual(cell(1, 'reconsideration.reply_on_time_rate'), {
      id: 'reconsideration.reply_on_time_rate',
      value: 50,
      records: 2,
    });
    assert.equal(cell(1, 'reconsideration.correction_rate').value, 50);
    // the government replied nothing: no rate, not 0%
    assert.equal(cell(0, 'reconsideration.reply_on_time_rate').value, null);
    // a department with no cases has no rates at all
    for (const f of r.json.rows[2].figures) assert.equal(f.value, null, JSON.stringify(f));
    // overdue today: the government's unanswered copy, none of the department's
    assert.deepEqual(
      r.json.rows.map((w) => w.overdue),
      [1, 0, 0],
    );
    assert.equal(r.json.rows[1].name, '北碚区规划和自然资源局');
  });

  test('each cell opens to its records; 本级 to the government’s own alone', async () => {
    const recs = async (q) => (await get(`/api/v1/indicators/${q}`)).json.records.map((w) => w.id).sort();
    assert.deepEqual(await recs('reconsideration.reply_on_time_rate/records?year=2024&org_id=2'), [ids.a]);
    assert.deepEqual(await recs('reconsideration.received/records?year=2024&org_id=1&own=1'), [ids.g]);
    assert.deepEqual(await recs('reconsideration.received/records?year=2024&org_id=1'), [ids.a, ids.b, ids.g].sort());
    const due = await get('/api/v1/dashboard/deadlines?org_id=1&limit=20');
    assert.ok(due.json.overdue.items.some((i) => i.id === ids.g));
    assertError(await get('/api/v1/indicators/reconsideration.received/records?year=2024&own=2'), 400, 'invalid', 'own');
  });

  test('chosen columns, bad parameters, scope', async () => {
    const r = await get(`${DEPTS}?year=2024&ids=reconsideration.received`);
    assert.deepEqual(
      r.json.rows.map((w) => w.figures[0].value),
      [1, 2, 0],
    );
    assertError(await get(`${DEPTS}?year=2024&ids=nope`), 400, 'invalid', 'ids');
    assertError(await get(`${DEPTS}`), 400, 'invalid', 'year');
    assertError(await get(`${DEPTS}?year=2024&org_id=1`, sfj), 404, 'not_found', 'org_id');
    assertError(await get(`${DEPTS}?year=2024`, admin), 403, 'forbidden');
    // a department sees itself alone
    const own = await get(`${DEPTS}?year=2024`, sfj);
    assert.deepEqual(
      own.json.rows.map((w) => w.org_id),
      [sfjOrg],
    );
  });
});
