// officers.test.mjs - 执法人员库 and the certificates of its officers through
// the API: the roster (在岗 → 调离 / 退休) and its figures at the year's end;
// the link to an account (refused for no such account, an account of
// another organisation, an account already linked: 422 naming user_id,
// nothing written); a certificate of an officer (refused for no such
// officer and an officer of another organisation), its name taken from the
// officer, 换发 (a new number), 暂扣 and 恢复, 注销, the public roster and
// the figures (issued, renewed, suspended, revoked, valid at the year's
// end with its drill-down); the two-officer guard (行政处罚法第四十二条)
// reading the roster: two linked officers with valid certificates pass,
// a suspended certificate or an account not on the roster is refused with
// the person named, the date and the article, and no id.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, sessionFrom, useServer } from './lib.mjs';

const O = '/api/v1/records/enforcement_officer';
const CERT = '/api/v1/records/officer_certificate';
const C = '/api/v1/records/enforcement_case';

const PARTY = { party_type: 'person', name: '王建国', id_number: '500109198503152316', phone: '13908881234', address: '北碚区歇马街道大磨滩村5组12号' };
const CASE = {
  case_title: '王某某未经批准占用集体土地建房案', clue_source: 'patrol', parties: [PARTY], location: '歇马街道大磨滩村',
  violation_type: 'illegal_occupation', land_area: 320.5, farmland_area: 120, building_area: 280,
};

// An id as a number on its own: not a digit of a date (2024年5月10日).
const showsId = (text, id) => new RegExp(`(?<![0-9年月-])${id}(?![0-9年月日-])`).test(text);

describe('enforcement officers and their certificates', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let fazhi, zhifa, gov, auditorId;
  const off = {}; // officers by name
  const cert = {}; // certificates by letter

  // An account of the government above the bureau (org 1) with the roles
  // that keep the roster.
  const govUser = async () => {
    const admin = await h.srv.login('admin', h.fx.pw('admin'));
    const secadmin = await h.srv.login('secadmin', h.fx.pw('secadmin'));
    const c = await h.srv.req('POST', '/api/v1/users', {
      session: admin, json: { username: 'gov_fg', display_name: '区司法局 周平', org_id: 1, password: 'Temp-Passw0rd-1' },
    });
    assert.equal(c.status, 201, c.text);
    const g = await h.srv.req('PUT', `/api/v1/users/${c.json.id}/roles`, { session: secadmin, json: { roles: ['reviewer', 'head', 'officer'] } });
    assert.equal(g.status, 200, g.text);
    const s0 = await h.srv.login('gov_fg', 'Temp-Passw0rd-1');
    const ch = await h.srv.req('POST', '/api/v1/auth/password', {
      session: s0, json: { old_password: 'Temp-Passw0rd-1', new_password: 'Own-Passw0rd-22' },
    });
    assert.equal(ch.status, 200, ch.text);
    return sessionFrom(ch);
  };

  const officer = (name, extra) => x.post(O, {
    name, id_number: '500109198503152316', gender: 'male', position: '执法队员',
    enforcement_category: 'natural_resources', joined_on: '2023-01-01', ...extra,
  });
  const certificate = (officer_id, extra) => x.post(CERT, {
    officer_id, enforcement_field: 'natural_resources', issuing_authority: '重庆市人民政府',
    issued_on: '2024-01-15', valid_from: '2024-01-15', valid_to: '2029-01-14', ...extra,
  });
  const figures = async (year) => {
    const r = await h.srv.req('GET', `/api/v1/indicators?year=${year}`, { session: x.fazhi });
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.indicators.map((i) => [i.id, i]));
  };
  const drill = async (id, year) => {
    const r = await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=${year}&per_page=100`, { session: x.fazhi });
    assert.equal(r.status, 200, r.text);
    return r.json.records.map((x) => x.id).sort((a, b) => a - b);
  };

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    auditorId = (await h.srv.login('auditor', h.fx.pw('auditor'))).user.id;
    x.fazhi = fazhi;
    gov = await govUser();
  });

  test('the roster: officers linked to their accounts, 调离 and 退休', async () => {
    off['张敏'] = x.ok(await officer('张敏', { user_id: fazhi.user.id, gender: 'female' }));
    assert.equal(off['张敏'].state, 'on_duty');
    assert.equal(off['张敏'].data.user_id, fazhi.user.id);
    off['李强'] = x.ok(await officer('李强', { user_id: zhifa.user.id }));
    off['赵刚'] = x.ok(await officer('赵刚', { enforcement_category: 'urban_management', joined_on: '2023-03-01' }));
    off['王芳'] = x.ok(await officer('王芳', { enforcement_category: 'market_regulation', joined_on: '2024-02-01', gender: undefined, position: undefined }));
    let r = x.ok(await x.take(O, off['王芳'].id, 'transfer', { left_on: '2024-10-01', leave_reason: '调往区市场监管局' }));
    assert.equal(r.state, 'transferred');
    r = x.ok(await x.take(O, off['赵刚'].id, 'retire', { left_on: '2025-01-10' }));
    assert.equal(r.state, 'retired');
    // A left officer takes no further step.
    assertError(await x.take(O, off['赵刚'].id, 'update', { position: '队长' }), 422, 'refused', 'transition');
    // Leaving before joining is refused.
    const w = x.ok(await officer('孙丽', { joined_on: '2024-05-01' }));
    off['孙丽'] = w;
    assertError(await x.take(O, w.id, 'transfer', { left_on: '2024-04-01' }), 422, 'refused', 'left_on');
  });

  test('the account link: no such account, another organisation, already linked — 422, nothing written', async () => {
    const n = await x.total(O);
    let e = assertError(await officer('刘洋', { user_id: 999999 }), 422, 'refused', 'user_id');
    assert.match(e.message, /账号不存在/);
    e = assertError(await officer('刘洋', { user_id: gov.user.id }), 422, 'refused', 'user_id');
    assert.match(e.message, /区司法局 周平/);
    assert.match(e.message, /不属于本单位/);
    assert.ok(!showsId(e.message, gov.user.id), e.message);
    e = assertError(await officer('刘洋', { user_id: auditorId }), 422, 'refused', 'user_id');
    e = assertError(await officer('刘洋', { user_id: fazhi.user.id }), 422, 'refused', 'user_id');
    assert.match(e.message, /已关联执法人员“张敏”/);
    assert.ok(!showsId(e.message, fazhi.user.id), e.message);
    assert.equal(await x.total(O), n);
    // The same through 更正: 孙丽 cannot take 李强's account; her record is unchanged.
    const v0 = (await x.get(O, off['孙丽'].id)).version;
    assertError(await x.take(O, off['孙丽'].id, 'update', { user_id: zhifa.user.id }), 422, 'refused', 'user_id');
    const after = await x.get(O, off['孙丽'].id);
    assert.equal(after.version, v0);
    assert.equal(after.data.user_id, undefined);
    // Bad input: a 执法类别 not in the list.
    assertError(await officer('刘洋', { enforcement_category: 'fishing' }), 400, 'invalid', 'enforcement_category');
    assert.equal(await x.total(O), n);
    // An officer keeps the account he has (更正 of another field passes the link).
    x.ok(await x.take(O, off['张敏'].id, 'update', { name: '张敏', id_number: '500109198503152316', enforcement_category: 'natural_resources', position: '法规督察科科长' }));
  });

  test('a certificate is of an officer of its own organisation — else 422 naming officer_id, nothing written', async () => {
    const n = await x.total(CERT);
    const other = x.ok(await h.srv.req('POST', O, { session: gov, json: {
      name: '周平', id_number: '500109197901012345', enforcement_category: 'other', joined_on: '2022-01-01', user_id: gov.user.id,
    } }));
    assert.equal(other.org_id, 1);
    let e = assertError(await certificate(999999, { cert_number: '50010924009001' }), 422, 'refused', 'officer_id');
    assert.match(e.message, /执法人员/);
    e = assertError(await certificate(other.id, { cert_number: '50010924009002' }), 422, 'refused', 'officer_id');
    assert.match(e.message, /本单位没有所选的执法人员/);
    assert.ok(!showsId(e.message, other.id), e.message);
    // A record that is not an officer.
    const c = x.ok(await x.post(C, { ...CASE, clue_on: '2024-03-01' }));
    assertError(await certificate(c.id, { cert_number: '50010924009003' }), 422, 'refused', 'officer_id');
    assertError(await x.post(CERT, { cert_number: '50010924009004', enforcement_field: 'natural_resources', issued_on: '2024-01-15', valid_from: '2024-01-15', valid_to: '2029-01-14' }), 400, 'invalid', 'officer_id');
    // The name is the officer's, not entered.
    assertError(await certificate(off['李强'].id, { cert_number: '50010924009005', officer_name: '李四' }), 400, 'invalid', 'officer_name');
    assert.equal(await x.total(CERT), n);
  });

  test('新办, 换发, 暂扣 and 恢复, 注销; the public roster', async () => {
    cert.A = x.ok(await certificate(off['张敏'].id, { cert_number: '50010923001', issued_on: '2023-01-01', valid_from: '2023-01-01', valid_to: '2027-12-31' }));
    assert.equal(cert.A.data.officer_name, '张敏');
    assert.equal(cert.A.state, 'valid');
    cert.B = x.ok(await certificate(off['李强'].id, { cert_number: '50010924002' }));
    cert.C = x.ok(await certificate(off['赵刚'].id, { cert_number: '50010919003', enforcement_field: 'urban_management', issued_on: '2019-06-01', valid_from: '2019-06-01', valid_to: '2024-06-30' }));
    cert.D = x.ok(await certificate(off['王芳'].id, { cert_number: '50010924004', enforcement_field: 'market_regulation', issued_on: '2024-03-01', valid_from: '2024-03-01', valid_to: '2030-02-28' }));
    cert.F = x.ok(await certificate(off['李强'].id, { cert_number: '50010922006', enforcement_field: 'urban_management', issued_on: '2022-01-01', valid_from: '2022-01-01', valid_to: '2024-12-31' }));
    cert.H = x.ok(await certificate(off['张敏'].id, { cert_number: '50010920008', issued_on: '2020-01-01', valid_from: '2020-01-01', valid_to: '2023-12-31' }));

    // 换发: a new number and a new validity; the old number is refused.
    assertError(await x.take(CERT, cert.C.id, 'renew', { renewed_on: '2024-06-10', cert_number: '50010919003', valid_from: '2024-07-01', valid_to: '2030-06-30' }), 422, 'refused', 'cert_number');
    assertError(await x.take(CERT, cert.C.id, 'renew', { renewed_on: '2024-06-10', cert_number: '50010924003', valid_from: '2024-07-01', valid_to: '2024-06-01' }), 422, 'refused', 'valid_to');
    let r = x.ok(await x.take(CERT, cert.C.id, 'renew', { renewed_on: '2024-06-10', cert_number: '50010924003', valid_from: '2024-07-01', valid_to: '2030-06-30' }));
    assert.equal(r.state, 'valid');
    assert.equal(r.data.cert_number, '50010924003');
    assert.equal(r.data.officer_name, '赵刚');

    // 暂扣: with a reason; off the public roster while suspended.
    assertError(await x.take(CERT, cert.A.id, 'suspend', { suspended_on: '2024-05-06' }), 400, 'invalid', 'suspend_reason');
    r = x.ok(await x.take(CERT, cert.A.id, 'suspend', { suspended_on: '2024-05-06', suspend_reason: '涉嫌违规执法，暂扣执法证件接受调查' }));
    assert.equal(r.state, 'suspended');
    let pub = (await h.srv.req('GET', '/api/v1/public/officer_certificate/list')).json.items;
    assert.ok(!pub.some((i) => i.cert_number === '50010923001'));
    assert.ok(pub.some((i) => i.cert_number === '50010924002' && i.officer_name === '李强'));
    assertError(await x.take(CERT, cert.A.id, 'renew', { renewed_on: '2024-05-08', cert_number: 'X1', valid_from: '2024-05-08', valid_to: '2030-01-01' }), 422, 'refused', 'transition');
    // The two-officer guard on a day of the suspension (next test) needs it suspended now.
  });

  test('two certified officers on the day, from the roster (行政处罚法第四十二条)', async () => {
    const c = x.ok(await x.post(C, { ...CASE, clue_on: '2024-05-01' }));
    x.ok(await x.take(C, c.id, 'begin_verification', { verify_started_on: '2024-05-06' }));
    // 张敏's certificate is suspended from 2024-05-06: refused, naming her.
    let e = assertError(await x.take(C, c.id, 'file_case', { filed_on: '2024-05-10', filing_approver: '李局长', investigators: [fazhi.user.id, zhifa.user.id] }), 422, 'refused', 'investigators');
    assert.match(e.message, /张敏/);
    assert.match(e.message, /2024年5月10日/);
    assert.match(e.message, /没有有效的行政执法证件/);
    assert.match(e.message, /行政处罚法第四十二条/);
    assert.ok(!/user|\bid\b/.test(e.message), e.message);
    assert.ok(!showsId(e.message, fazhi.user.id) && !showsId(e.message, off['张敏'].id), e.message);
    // An account not on the roster: named by its display name.
    e = assertError(await x.take(C, c.id, 'file_case', { filed_on: '2024-05-10', filing_approver: '李局长', investigators: [zhifa.user.id, auditorId] }), 422, 'refused', 'investigators');
    assert.match(e.message, /审计管理员/);
    assert.match(e.message, /未列入本单位在岗执法人员库/);
    assert.ok(!showsId(e.message, auditorId), e.message);
    assert.equal((await x.get(C, c.id)).state, 'verifying');
    // 恢复 (not before the suspension), then both count.
    assertError(await x.take(CERT, cert.A.id, 'restore', { restored_on: '2024-05-01' }), 422, 'refused', 'restored_on');
    const r = x.ok(await x.take(CERT, cert.A.id, 'restore', { restored_on: '2024-05-20' }));
    assert.equal(r.state, 'valid');
    const f = x.ok(await x.take(C, c.id, 'file_case', { filed_on: '2024-05-21', filing_approver: '李局长', investigators: [fazhi.user.id, zhifa.user.id] }));
    assert.equal(f.state, 'investigating');
    // 注销: 王芳's certificate on her transfer; off the public roster.
    x.ok(await x.take(CERT, cert.D.id, 'revoke', { revoked_on: '2024-10-01', revoke_reason: '调离执法岗位' }));
    const pub = (await h.srv.req('GET', '/api/v1/public/officer_certificate/list')).json.items;
    assert.ok(pub.some((i) => i.cert_number === '50010923001'));
    assert.ok(!pub.some((i) => i.cert_number === '50010924004'));
    // The public roster shows no account or officer record.
    for (const i of pub) assert.ok(!('officer_id' in i) && !('user_id' in i), JSON.stringify(i));
  });

  test('the figures: issued, renewed, suspended, revoked, valid at the year end; the roster at the year end', async () => {
    const v = await figures(2024);
    assert.equal(v['certificates.issued'].value, 2); // B, D
    assert.equal(v['certificates.renewed'].value, 1); // C
    assert.equal(v['certificates.suspended'].value, 1); // A
    assert.equal(v['certificates.revoked'].value, 1); // D
    // Valid on 31 Dec 2024: A (restored), B, C (renewed), F (valid to
    // 12-31); not D (revoked) nor H (expired 2023-12-31).
    const ve = v['certificates.valid_year_end'];
    assert.equal(ve.value, 4);
    const g = Object.fromEntries(ve.groups.map((x) => [x.value, x.records]));
    assert.equal(g.natural_resources, 2);
    assert.equal(g.urban_management, 2);
    assert.deepEqual(await drill('certificates.valid_year_end', 2024), [cert.A.id, cert.B.id, cert.C.id, cert.F.id].sort((a, b) => a - b));
    // 2023's end: A, C (then to 2024-06-30), F, H (to 12-31).
    assert.deepEqual(await drill('certificates.valid_year_end', 2023), [cert.A.id, cert.C.id, cert.F.id, cert.H.id].sort((a, b) => a - b));
    assert.deepEqual(await drill('certificates.valid_year_end', 2025), [cert.A.id, cert.B.id, cert.C.id].sort((a, b) => a - b));
    assert.equal(v['certificates.issued'].previous, 1); // A in 2023

    // The roster at the end of 2024: 张敏, 李强, 赵刚 (retired 2025), 孙丽;
    // not 王芳 (transferred in October).
    const ro = v['officers.on_roster'];
    assert.equal(ro.value, 4);
    const rg = Object.fromEntries(ro.groups.map((x) => [x.value, x.records]));
    assert.equal(rg.natural_resources, 3);
    assert.equal(rg.urban_management, 1);
    assert.equal(rg.market_regulation ?? 0, 0);
    assert.equal(v['officers.linked'].value, 2);
    assert.equal(v['officers.joined'].value, 2); // 王芳, 孙丽
    assert.equal(v['officers.left'].value, 1); // 王芳
    assert.deepEqual(await drill('officers.on_roster', 2024), [off['张敏'].id, off['李强'].id, off['赵刚'].id, off['孙丽'].id].sort((a, b) => a - b));
    const v25 = await figures(2025);
    assert.equal(v25['officers.on_roster'].value, 3);
    assert.equal(v25['officers.left'].value, 1); // 赵刚
  });
});
