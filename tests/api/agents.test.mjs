// agents.test.mjs - a department acting for its government (issue 14, item
// 8; admin/agents.h): the government's own setting `agents` names, per kind,
// the direct child department that works its records of that kind. The
// 司法局 then reads, lists, creates and acts on the government's records of
// those kinds, and sees their deadlines on its 工作台; it sees no other kind
// of the government's and nothing of another department; no other
// department sees the government's records; the setting is refused with
// the field named when it names a kind or an organisation it may not, and
// taking it away ends the access.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, useServer, userWithRoles } from './lib.mjs';

const RECON = '/api/v1/records/reconsideration';
const LIT = '/api/v1/records/litigation';
const SETTING = '/api/v1/orgs/1/settings/agents';

describe('a department acting for its government', () => {
  const h = useServer();
  let admin, gov, sfj, zhifa, sfjOrg;

  const recon = (org_id, cause) => ({
    org_id,
    capacity: 'respondent',
    reconsideration_body: '重庆市人民政府',
    cause,
    applicant_name: '张三',
    received_on: '2024-03-01',
  });
  const lawsuit = (org_id) => ({
    org_id,
    suit_type: 'administrative',
    capacity: 'defendant',
    trial_level: 'first',
    court: '北碚区人民法院',
    cause: '不履行法定职责',
    opponents: '李四',
    received_on: '2024-03-01',
  });
  const ids = async (s, p) => (await h.srv.req('GET', p, { session: s })).json.records.map((x) => x.id).sort();
  const overdue = async (s) =>
    (await h.srv.req('GET', '/api/v1/dashboard/deadlines?limit=50', { session: s })).json.overdue.items.map((x) => x.id);

  before(async () => {
    admin = await h.srv.login('admin', h.fx.pw('admin'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    const o = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 1, name: '北碚区司法局', level: 'department' },
    });
    assert.equal(o.status, 201, o.text);
    sfjOrg = o.json.id;
    gov = await userWithRoles(h, 'govofficer', ['officer'], 1, 'govofficer');
    sfj = await userWithRoles(h, 'sfjofficer', ['officer', 'reviewer'], sfjOrg, 'sfjofficer');
  });

  test('the setting: refused naming the field, by a non-administrator, and kept as the government’s own', async () => {
    for (const json of [
      { no_such_kind: sfjOrg },
      { reconsideration: 999 },
      { reconsideration: 1 },
      { reconsideration: 'sfj' },
    ]) {
      const r = await h.srv.req('PUT', SETTING, { session: admin, json });
      assertError(r, 400, 'invalid', 'agents');
      assert.match(r.json.error.message, /[\u4e00-\u9fff]/, r.text);
    }
    // an organisation below the government but not its direct child
    const sub = await h.srv.req('POST', '/api/v1/orgs', {
      session: admin,
      json: { parent_id: 2, name: '自然资源所', level: 'unit' },
    });
    assert.equal(sub.status, 201, sub.text);
    assertError(
      await h.srv.req('PUT', SETTING, { session: admin, json: { reconsideration: sub.json.id } }),
      400,
      'invalid',
      'agents',
    );
    // nothing was written
    assert.equal((await h.srv.req('GET', SETTING, { session: admin })).json.value, null);
    assertError(await h.srv.req('PUT', SETTING, { session: sfj, json: { reconsideration: sfjOrg } }), 403, 'forbidden');
    // before the setting the 司法局 cannot create for the government
    assertError(await h.srv.req('POST', RECON, { session: sfj, json: recon(1, '登记') }), 404, 'not_found', 'org_id');
    const ok = await h.srv.req('PUT', SETTING, { session: admin, json: { reconsideration: sfjOrg } });
    assert.equal(ok.status, 200, ok.text);
    const got = await h.srv.req('GET', SETTING, { session: admin });
    assert.deepEqual(got.json.value, { reconsideration: sfjOrg });
    // not inherited: the department's own value is none
    assert.equal((await h.srv.req('GET', '/api/v1/orgs/2/settings/agents', { session: admin })).json.value, null);
  });

  test('the 司法局 works the government’s records of that kind, and only those', async () => {
    const g = await h.srv.req('POST', RECON, { session: sfj, json: recon(1, '不动产登记') });
    assert.equal(g.status, 201, g.text);
    assert.equal(g.json.org_id, 1);
    const own = await h.srv.req('POST', RECON, { session: gov, json: recon(1, '征收补偿') });
    assert.equal(own.status, 201, own.text);
    const dept = await h.srv.req('POST', RECON, { session: zhifa, json: recon(2, '规划许可') });
    assert.equal(dept.status, 201, dept.text);
    const govSuit = await h.srv.req('POST', LIT, { session: gov, json: lawsuit(1) });
    assert.equal(govSuit.status, 201, govSuit.text);

    // lists: the government's own records of the kind, not the department's
    assert.deepEqual(await ids(sfj, RECON), [g.json.id, own.json.id].sort());
    assert.deepEqual(await ids(sfj, `${RECON}?org_id=1`), [g.json.id, own.json.id].sort());
    assert.deepEqual(await ids(sfj, LIT), []);
    assertError(await h.srv.req('GET', `${LIT}?org_id=1`, { session: sfj }), 404, 'not_found', 'org_id');
    // reading and acting
    assert.equal((await h.srv.req('GET', `${RECON}/${own.json.id}`, { session: sfj })).status, 200);
    assertError(await h.srv.req('GET', `${RECON}/${dept.json.id}`, { session: sfj }), 404, 'not_found', 'id');
    assertError(await h.srv.req('GET', `${LIT}/${govSuit.json.id}`, { session: sfj }), 404, 'not_found', 'id');
    assertError(await h.srv.req('POST', LIT, { session: sfj, json: lawsuit(1) }), 404, 'not_found', 'org_id');
    const rep = await h.srv.req('POST', `${RECON}/${g.json.id}/transitions/reply`, {
      session: sfj,
      json: { replied_on: '2024-03-08', reply_summary: '事实清楚' },
    });
    assert.equal(rep.status, 200, rep.text);
    const hist = await h.srv.req('GET', `${RECON}/${g.json.id}/history`, { session: gov });
    assert.equal(hist.status, 200, hist.text);
    assert.deepEqual(
      hist.json.events.map((e) => [e.type, e.actor, e.actor_name, e.hash_ok]),
      [
        ['record.create', `user:${sfj.user.id}`, 'sfjofficer', true],
        ['record.reply', `user:${sfj.user.id}`, 'sfjofficer', true],
      ],
    );
    // the 工作台: the government's overdue reply is the 司法局's, not the other department's
    assert.ok((await overdue(sfj)).includes(own.json.id));
    assert.ok(!(await overdue(sfj)).includes(dept.json.id));
    assert.ok(!(await overdue(zhifa)).includes(own.json.id));
    assert.ok((await overdue(gov)).includes(own.json.id));
    // the other department sees none of the government's
    assert.deepEqual(await ids(zhifa, RECON), [dept.json.id]);
    assertError(await h.srv.req('GET', `${RECON}/${g.json.id}`, { session: zhifa }), 404, 'not_found', 'id');
    assertError(await h.srv.req('GET', `${RECON}?org_id=1`, { session: zhifa }), 404, 'not_found', 'org_id');
  });

  test('taking the setting away ends the access', async () => {
    const list = (await h.srv.req('GET', `${RECON}?org_id=1`, { session: gov })).json.records;
    const r = await h.srv.req('PUT', SETTING, { session: admin, json: {} });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(await ids(sfj, RECON), []);
    assertError(await h.srv.req('GET', `${RECON}/${list[0].id}`, { session: sfj }), 404, 'not_found', 'id');
    assert.deepEqual(await overdue(sfj), []);
  });
});
