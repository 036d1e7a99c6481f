// admin.test.mjs - administration under 三员分立: the system administrator
// adds an organisation and an account (without roles); the security
// administrator grants roles, and a second duty of 三员分立 is refused with
// the reason; the audit administrator reads the log in Beijing time even
// from a browser set to another zone, and verifies the chain.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLabelled, choose, fill, formItem, screenshot, useBrowser } from './lib.mjs';

describe('administration and audit', () => {
  const b = useBrowser();

  test('the system administrator adds an organisation and an account', async () => {
    const page = await b.page();
    await b.login(page, 'admin');
    await page.waitForURL('**/admin/orgs');
    await page.getByRole('button', { name: '新增单位' }).click();
    const dlg = page.getByRole('dialog', { name: '新增单位' });
    await choose(dlg, '上级单位', '北碚区规划和自然资源局');
    await fill(dlg, '单位名称', '法规督察科');
    await choose(dlg, '层级', '内设机构或下属单位');
    await assertLabelled(page, 'the organisation dialog');
    await dlg.getByRole('button', { name: '保存' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await page.locator('[data-test="orgs"]').getByText('法规督察科').waitFor();
    await screenshot(page, 'admin-orgs');

    await page.goto(b.url('/admin/users'));
    await page.getByRole('button', { name: '新增用户' }).click();
    const u = page.getByRole('dialog', { name: '新增用户' });
    await fill(u, '用户名', 'wang');
    await fill(u, '姓名', '王审核');
    await choose(u, '所属单位', '北碚区规划和自然资源局');
    await fill(u, '临时密码', 'Temp-Passw0rd-7');
    await u.getByRole('button', { name: '确定' }).click();
    await u.waitFor({ state: 'hidden' });
    const row = page.locator('[data-test="users"] tr', { hasText: 'wang' });
    await row.getByText('未授权').waitFor();
    await row.getByText('临时密码').waitFor();
    // the system administrator grants no roles, and issues no token to a person
    assert.equal(await row.getByRole('button', { name: '授予角色' }).count(), 0);
    assert.equal(await row.getByRole('button', { name: '接口令牌' }).count(), 0);

    // an integration account: no password; its token is shown once
    await page.getByRole('button', { name: '新增用户' }).click();
    const i = page.getByRole('dialog', { name: '新增用户' });
    await fill(i, '用户名', 'api-tongji');
    await fill(i, '姓名', '统计数据接口');
    await choose(i, '所属单位', '北碚区规划和自然资源局');
    await i.getByText('集成账户（系统对接）').click();
    await formItem(i, '临时密码').waitFor({ state: 'detached' }); // no password for it
    await assertLabelled(page, 'the integration account dialog');
    await i.getByRole('button', { name: '确定' }).click();
    await i.waitFor({ state: 'hidden' });
    const irow = page.locator('[data-test="users"] tr', { hasText: 'api-tongji' });
    await irow.getByText('集成账户').waitFor();
    await irow.getByRole('button', { name: '接口令牌' }).click();
    const t = page.getByRole('dialog', { name: '接口令牌' });
    await fill(t, '令牌用途', '统计报表对接');
    await t.getByRole('button', { name: '确定' }).click();
    const token = await t.getByRole('textbox', { name: '令牌', exact: true }).inputValue();
    assert.match(token, /^fzt_[A-Za-z0-9_-]{43}$/);
    await t.getByRole('button', { name: '关闭', exact: true }).click();
    await b.done(page);
  });

  test('the security administrator grants roles; 三员分立 refuses two duties', async () => {
    const page = await b.page();
    await b.login(page, 'secadmin');
    await page.waitForURL('**/admin/users');
    const row = page.locator('[data-test="users"] tr', { hasText: 'wang' });
    // not his own roles; no administrator's password reset in the browser
    const own = page.locator('[data-test="users"] tr', { hasText: 'secadmin' });
    await own.first().waitFor();
    assert.equal(await own.getByRole('button', { name: '授予角色' }).count(), 0);
    for (const u of ['admin', 'auditor', 'secadmin'])
      assert.equal(await page.locator('[data-test="users"] tr', { hasText: u }).first().getByRole('button', { name: '重置密码' }).count(), 0, u);
    assert.equal(await row.getByRole('button', { name: '重置密码' }).count(), 1);
    await row.getByRole('button', { name: '授予角色' }).click();
    const dlg = page.getByRole('dialog', { name: '授予角色' });
    page.expectHttp(422, /\/api\/v1\/users\/\d+\/roles$/);
    await dlg.locator('label.el-checkbox', { hasText: '系统管理员' }).click();
    await dlg.locator('label.el-checkbox', { hasText: '审计管理员' }).click();
    await dlg.getByRole('button', { name: '确定' }).click();
    await dlg.locator('[role="alert"]', { hasText: '三员分立' }).waitFor();
    await dlg.locator('label.el-checkbox', { hasText: '系统管理员' }).click();
    await dlg.locator('label.el-checkbox', { hasText: '审计管理员' }).click();
    await dlg.locator('label.el-checkbox', { hasText: '法制审核人员' }).click();
    await dlg.getByRole('button', { name: '确定' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await row.getByText('法制审核人员').waitFor();
    await screenshot(page, 'admin-users');
    await b.done(page);
  });

  test('the audit administrator reads the log in Beijing time and verifies it', async () => {
    const page = await b.page({ timezoneId: 'America/New_York' });
    await b.login(page, 'auditor');
    await page.waitForURL('**/audit');
    await assertLabelled(page, 'the audit log');
    const rows = page.locator('[data-test="events"] .el-table__body tr');
    await rows.first().waitFor();
    // the times shown are the server's Asia/Shanghai times, not New York's
    const api = await b.api('auditor');
    const events = (await api.get('/api/v1/audit/events?limit=5')).events;
    const shown = await page.locator('[data-test="time"]').evaluateAll((els) => els.slice(0, 5).map((e) => e.textContent.trim()));
    assert.deepEqual(shown, events.map((e) => e.time));
    // filter: the organisations' additions only
    await page.getByRole('combobox', { name: '事件类型' }).click();
    await page.getByRole('option', { name: '单位（org.）' }).click();
    const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit/events') && r.url().includes('type=org.'));
    await page.getByRole('button', { name: '查询' }).click();
    await filtered;
    await page.settle();
    await page.locator('[data-test="events"]').getByText('新增单位（org.add）').first().waitFor();
    const types = await page.locator('[data-test="events"] .el-table__body tr td:nth-child(3)').allTextContents();
    assert.ok(types.length > 0 && types.every((t) => t.includes('org.')), types.join(','));
    await page.getByRole('button', { name: '校验完整性' }).click();
    await page.locator('[data-test="verdict"]', { hasText: '日志完整' }).waitFor();
    await screenshot(page, 'audit');
    await b.done(page);
  });
});
