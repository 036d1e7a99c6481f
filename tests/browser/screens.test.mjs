// screens.test.mjs - every screen opens without a console error or a
// failed request, and every form control on it has an accessible name:
// the list and the creation form of every kind the server declares (the
// forms are generated from the declarations, so a new field type or kind
// is checked here), the report and statistics screens, administration.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLabelled, screenshot, useBrowser } from './lib.mjs';

describe('every screen', () => {
  const b = useBrowser();

  test('each kind: its list and its creation form', async () => {
    const page = await b.page();
    await b.login(page, 'fazhi');
    const { kinds } = await (await b.api('fazhi')).get('/api/v1/kinds');
    assert.ok(kinds.length >= 20, `only ${kinds.length} kinds`);
    for (const k of kinds) {
      await page.spa(`/records/${k.kind}`);
      await page.getByRole('heading', { name: k.label, exact: true }).waitFor();
      await page.settle();
      await assertLabelled(page, `the list of ${k.kind}`);
      await page.spa(`/records/${k.kind}/new`);
      await page.getByRole('heading', { name: `新建${k.label}` }).waitFor();
      // every field of the creation form is there, by its label
      for (const name of k.create.fields) {
        const f = k.fields.find((x) => x.name === name);
        if (f && !f.derive)
          assert.ok(await page.locator(`.el-form-item__label:text-is("${f.label}")`).count(), `${k.kind}: no input for ${f.label}`);
      }
      await page.settle();
      await assertLabelled(page, `the creation form of ${k.kind}`);
    }
    await b.done(page);
  });

  test('reports, statistics and administration', async () => {
    const page = await b.page();
    await b.login(page, 'fazhi');
    for (const [path, heading] of [
      ['/indicators', /统计指标/],
      ['/report/disclosure', /政府信息公开工作年度报表/],
      ['/admin/officers', '执法人员和证件'],
      ['/admin/calendar', '节假日日历'],
      ['/admin/rules', '法定期限'],
      ['/admin/settings', '重大执法决定法制审核标准'],
      ['/admin/orgs', '单位管理'],
    ]) {
      await page.spa(path);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      await page.settle();
      await assertLabelled(page, path);
      await screenshot(page, `screen${path.replace(/\//g, '-')}`, { fullPage: false });
    }
    // each screen once in the menu (人工录入数据 is a kind of 统计)
    const menu = await page.locator('nav .el-menu-item').allTextContents();
    assert.equal(menu.filter((t) => t.trim() === '人工录入数据').length, 1, menu.join(' '));
    await b.done(page);
    const sec = await b.page();
    await b.login(sec, 'secadmin');
    await sec.getByRole('heading', { name: '用户和角色' }).waitFor();
    await assertLabelled(sec, 'the accounts');
    await sec.getByRole('button', { name: '重置密码' }).first().click();
    await sec.getByRole('dialog').waitFor();
    await assertLabelled(sec, 'the password reset dialog');
    await sec.keyboard.press('Escape');
    // the administration the roles open, in the menu and by address alike
    const items = await sec.locator('nav .el-menu-item').allTextContents();
    assert.deepEqual(items.map((t) => t.trim()), ['单位管理', '用户和角色']);
    await sec.goto(b.url('/admin/calendar'));
    await sec.waitForURL('**/admin/users');
    await sec.getByRole('heading', { name: '用户和角色' }).waitFor();
    await b.done(sec);
  });

  test('the portal, on a phone', async () => {
    const page = await b.page({ width: 375, height: 740, mobile: true });
    for (const kind of ['enforcement_case', 'officer_certificate', 'enforcement_matter', 'normative_document', 'major_decision', 'power_item']) {
      await page.goto(b.url(`/public/list/${kind}`));
      await page.locator('h1').waitFor();
      await page.settle();
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(w <= 375, `/public/list/${kind} is ${w}px wide`);
    }
    await page.goto(b.url('/public/disclosure?tab=query'));
    await page.getByLabel('查询码').waitFor();
    await assertLabelled(page, 'the query form');
    await b.done(page);
  });
});
