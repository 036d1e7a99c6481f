// login.test.mjs - signing in: by keyboard alone; a wrong password says so;
// five wrong passwords lock the account with the lockout message; a
// temporary password must be changed first, and the password policy's
// refusal is shown on the new password's field; signing out.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLabelled, formItem, screenshot, useBrowser } from './lib.mjs';

describe('login', () => {
  const b = useBrowser();

  before(async () => {
    // Two new accounts with temporary passwords (setup, API): made by the
    // system administrator, roles granted by the security administrator.
    const admin = await b.api('admin');
    const sec = await b.api('secadmin');
    for (const [username, name] of [['chen', '陈新'], ['zhou', '周锁']]) {
      const u = await admin.post('/api/v1/users', { username, display_name: name, org_id: 2, password: 'Temp-Passw0rd-1' });
      await sec.put(`/api/v1/users/${u.id}/roles`, { roles: ['officer'] });
    }
  });

  test('by keyboard, then out again', async () => {
    const page = await b.page();
    await page.goto(b.url('/'));
    await page.waitForURL('**/login');
    await assertLabelled(page, 'the login page');
    await screenshot(page, 'login');
    await page.getByLabel('用户名').focus();
    await page.keyboard.type('fazhi');
    await page.keyboard.press('Tab');
    await page.keyboard.type(b.pw('fazhi'));
    await page.keyboard.press('Enter');
    await page.waitForURL('**/workbench');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByRole('button', { name: '账户菜单' }).click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    // the session is gone: an app page sends back to the login page
    await page.goto(b.url('/records/disclosure_request'));
    await page.waitForURL('**/login?next=**');
    await b.done(page);
  });

  test('a wrong password, then the lockout after five', async () => {
    const page = await b.page();
    page.expectHttp(401, /\/api\/v1\/auth\/login$/);
    page.expectHttp(403, /\/api\/v1\/auth\/login$/);
    await page.goto(b.url('/login'));
    const attempt = async (password, says) => {
      await page.getByLabel('用户名').fill('zhou');
      await page.getByLabel('密码', { exact: true }).fill(password);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await page.getByRole('button', { name: '登录' }).click();
      await answer;
      await page.locator('[role="alert"]', { hasText: says }).waitFor();
    };
    for (let i = 1; i < 5; i++) await attempt(`Wrong-Passw0rd-${i}`, '用户名或密码错误');
    await attempt('Wrong-Passw0rd-5', '账户已锁定：连续5次登录失败，请15分钟后再试或联系安全管理员');
    // locked: even the right password is refused, with the same message
    await attempt('Temp-Passw0rd-1', '账户已锁定');
    assert.ok(page.url().includes('/login'));
    await screenshot(page, 'login-locked');
    await b.done(page);
  });

  test('a temporary password is changed first; the policy refuses a weak one', async () => {
    const page = await b.page();
    await b.login(page, 'chen', 'Temp-Passw0rd-1');
    await page.waitForURL('**/password');
    await page.getByText('您正在使用管理员设置的临时密码').waitFor();
    await assertLabelled(page, 'the password page');
    // nothing else opens before the change
    await page.goto(b.url('/workbench'));
    await page.waitForURL('**/password');

    page.expectHttp(422, /\/api\/v1\/auth\/password$/);
    await page.getByLabel('原密码').fill('Temp-Passw0rd-1');
    await page.getByLabel('新密码', { exact: true }).fill('abcdefghijk');
    await page.getByLabel('确认新密码').fill('abcdefghijk');
    await page.getByRole('button', { name: '保存新密码' }).click();
    const err = formItem(page, '新密码').locator('.el-form-item__error');
    await err.waitFor();
    assert.match(await err.textContent(), /须包含小写字母、大写字母、数字和符号中的至少三类/);
    await screenshot(page, 'password-refused');

    await page.getByLabel('新密码', { exact: true }).fill('Xin-Own-Passw0rd-9');
    await page.getByLabel('确认新密码').fill('Xin-Own-Passw0rd-9');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.waitForURL('**/workbench');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    // the header names the user and the organisation, after a reload too
    // (from GET /api/v1/auth/me; nothing of the account kept in the browser)
    const org = await (await b.api('admin')).get('/api/v1/orgs/2');
    const header = page.locator('.app-header');
    for (let i = 0; i < 2; i++) {
      if (i) {
        await page.settle(); // a reload mid-request aborts it (a problem to b.done)
        await page.reload();
      }
      await header.getByRole('button', { name: '账户菜单' }).getByText('陈新').waitFor();
      await header.getByText(org.name, { exact: true }).waitFor();
    }
    const kept = await page.evaluate(() => Object.keys(localStorage));
    assert.deepEqual(kept.filter((k) => k !== 'fz_session' && k !== 'fz_year'), []);
    await b.done(page);
    // the new password works, the old one no longer does
    assert.equal((await b.srv.tryLogin('chen', 'Xin-Own-Passw0rd-9')).status, 200);
    assert.equal((await b.srv.tryLogin('chen', 'Temp-Passw0rd-1')).status, 401);
  });
});
