// government.test.mjs - a district government's own screens (issue 14): the
// 复议 case form chooses the respondent department by name; the case, once
// the notice is sent, lists the department's record it created; and the
// 工作台's 各部门对比 shows 本级 and each department, each number opening its
// records.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from '../api/lib.mjs';
import { chooseLabelled, screenshot, useBrowser } from './lib.mjs';

const PW = 'Gov-0wn-Passw0rd-9';

describe('a government', () => {
  const b = useBrowser();
  let year, caseNumber, deptNumber;

  before(async () => {
    year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() - 1;
    const admin = await b.api('admin');
    const secadmin = await b.api('secadmin');
    await admin.post('/api/v1/orgs', { parent_id: 1, name: '北碚区司法局', level: 'department' });
    const u = await admin.post('/api/v1/users', { username: 'govb', display_name: '区政府法制科 王芳', org_id: 1, password: 'Tmp-Gov-Passw0rd-1' });
    await secadmin.put(`/api/v1/users/${u.id}/roles`, { roles: ['officer', 'reviewer'] });
    const s0 = await b.srv.login('govb', 'Tmp-Gov-Passw0rd-1');
    const ch = await request(b.srv.base, 'POST', '/api/v1/auth/password', {
      session: s0,
      json: { old_password: 'Tmp-Gov-Passw0rd-1', new_password: PW },
    });
    assert.equal(ch.status, 200, ch.text);
    // a case against the department, through the API, and the department's answer
    const gov = { session: (await b.srv.login('govb', PW)) };
    const post = async (s, p, json) => {
      const r = await request(b.srv.base, 'POST', p, { session: s, json });
      assert.ok(r.status < 300, `${p}: ${r.status} ${r.text}`);
      return r.json;
    };
    const C = '/api/v1/records/reconsideration_case';
    const c = await post(gov.session, C, {
      cause: '不服不动产登记', act: '不动产登记行为', act_type: 'registration', respondent_org: 2, applicant_name: '何丽', received_on: `${year}-03-04`,
    });
    caseNumber = c.number;
    await post(gov.session, `${C}/${c.id}/transitions/accept`, { accepted_on: `${year}-03-06`, procedure: 'ordinary' });
    const n = await post(gov.session, `${C}/${c.id}/transitions/send_notice`, { notice_sent_on: `${year}-03-08` });
    assert.equal(n.linked.length, 1, JSON.stringify(n.linked));
    deptNumber = n.linked[0].number;
    const fazhi = await b.api('fazhi');
    await fazhi.post(`/api/v1/records/reconsideration/${n.linked[0].id}/transitions/reply`, { replied_on: `${year}-03-15` });
  });

  test('the 复议 form chooses the respondent by name; the case lists the department’s record', async () => {
    const page = await b.page();
    await b.login(page, 'govb', PW);
    await page.goto(b.url('/records/reconsideration_case/new'));
    await page.locator('.app-main h1').first().waitFor();
    await chooseLabelled(page, '被申请人', '北碚区规划和自然资源局');
    // a number is never shown for an organisation
    assert.equal(await page.getByRole('option', { name: /^\d+$/ }).count(), 0);
    await page.goto(b.url('/records/reconsideration_case'));
    await page.getByRole('link', { name: caseNumber }).click();
    await page.getByRole('tab', { name: /关联记录/ }).click();
    const linked = page.locator('[data-test="linked"]');
    await linked.getByRole('link', { name: deptNumber }).waitFor();
    await linked.getByText('北碚区规划和自然资源局').first().waitFor();
    await screenshot(page, 'reconsideration-case-linked');
    await b.done(page);
  });

  test('各部门对比: 本级 and each department, every number opening its records', async () => {
    const page = await b.page();
    await b.login(page, 'govb', PW);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await chooseLabelled(page, '年度', `${year}年`);
    const table = page.locator('[data-test="departments"]');
    await table.getByText('北碚区人民政府（本级）').waitFor();
    await table.getByText('北碚区规划和自然资源局').waitFor();
    await table.getByText('北碚区司法局').waitFor();
    // the department answered on time: its 按期答复率 opens to its answer
    await table.getByRole('button', { name: /北碚区规划和自然资源局行政复议按期答复率/ }).click();
    const drill = page.getByRole('dialog', { name: /行政复议按期答复率：记录明细/ });
    await drill.getByRole('link', { name: deptNumber }).waitFor();
    await screenshot(page, 'workbench-departments');
    await page.keyboard.press('Escape');
    await drill.waitFor({ state: 'hidden' });
    await b.done(page);
  });
});
