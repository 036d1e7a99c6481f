// disclosure.test.mjs - a 政府信息公开申请 through the interface: the officer
// registers it, asks for 补正 (the reply clock stops), records the 补正
// (the reply is due 20 working days later: the due date moves), replies;
// the list finds it, the 全过程记录 shows each step with its hash checked.
// Expected dates as in tests/api/disclosure.test.mjs (国办发明电〔2023〕7号).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { unzipEntry } from '../api/lib.mjs';
import { assertLabelled, choose, dueOf, fill, fillDate, formItem, screenshot, useBrowser } from './lib.mjs';

describe('disclosure request in the browser', () => {
  const b = useBrowser();

  test('register, 补正, reply: the due dates move', async () => {
    const page = await b.page();
    await b.login(page, 'fazhi');
    await page.getByRole('menuitem', { name: '政务公开' }).click();
    await page.getByRole('menuitem', { name: '政府信息公开申请' }).click();
    await page.waitForURL('**/records/disclosure_request');
    await page.getByRole('button', { name: /新建/ }).click();
    await page.waitForURL('**/records/disclosure_request/new');
    await assertLabelled(page, 'the creation form');

    // A required field left out: refused by the server naming it, shown on
    // the field.
    page.expectHttp(400, /\/api\/v1\/records\/disclosure_request$/);
    await choose(page, '申请人类型', '自然人');
    await fill(page, '申请人姓名或名称', '张三');
    await choose(page, '申请方式', '邮寄');
    await fillDate(page, '提交日期', '2024-09-20');
    await fill(page, '申请公开的政府信息内容', '北碚区2023年土地征收补偿安置方案');
    await page.getByRole('button', { name: '登记' }).click();
    const signedItem = formItem(page, '签收日期（邮寄）');
    await signedItem.locator('.el-form-item__error').waitFor();
    assert.match(await signedItem.locator('.el-form-item__error').textContent(), /须填写/);
    await screenshot(page, 'record-form-error');

    await fillDate(page, '签收日期（邮寄）', '2024-09-27');
    await fill(page, '联系电话', '13812345678');
    await page.getByRole('button', { name: '登记' }).click();
    await page.waitForURL(/\/records\/disclosure_request\/\d+$/);
    await page.getByText('已收到', { exact: true }).first().waitFor();
    const number = (await page.locator('.number').textContent()).trim();
    assert.match(number, /^GKSQ-2024-\d{5}$/);

    await page.getByRole('tab', { name: /法定期限/ }).click();
    // By mail the request counts as received the day it was signed for
    // (art. 31): 补正 by 10-12, reply by 10-30.
    assert.equal(await dueOf(page, 'correction'), '2024-10-12');
    assert.equal(await dueOf(page, 'reply'), '2024-10-30');

    // 告知补正: the reply clock is suspended.
    await page.getByRole('button', { name: '告知补正' }).click();
    const dlg = page.getByRole('dialog', { name: '告知补正' });
    await assertLabelled(page, 'the 补正 dialog');
    await fillDate(dlg, '补正告知日期', '2024-09-30');
    await fill(dlg, '需要补正的事项', '请明确所需信息的地块位置');
    await dlg.getByRole('button', { name: '确定' }).click();
    await dlg.waitFor({ state: 'hidden' });
    await page.locator('[data-test="state"]', { hasText: '待补正' }).waitFor();
    await page.getByRole('tab', { name: /法定期限/ }).click();
    const replyRow = page.locator('[data-test="deadlines"] tr', { has: page.locator('[data-deadline="reply"]') });
    await replyRow.getByText('已中止计算').waitFor();

    // 收到补正 on Tue 10-15: 20 working days later is Tue 11-12.
    await page.getByRole('button', { name: '收到补正' }).click();
    const dlg2 = page.getByRole('dialog', { name: '收到补正' });
    await fillDate(dlg2, '收到补正日期', '2024-10-15');
    await dlg2.getByRole('button', { name: '确定' }).click();
    await dlg2.waitFor({ state: 'hidden' });
    await page.locator('[data-test="state"]', { hasText: '办理中' }).waitFor();
    await page.getByRole('tab', { name: /法定期限/ }).click();
    assert.equal(await dueOf(page, 'reply'), '2024-11-12');
    await screenshot(page, 'record-deadlines');

    // 答复.
    await page.getByRole('button', { name: '答复', exact: true }).click();
    const dlg3 = page.getByRole('dialog', { name: '答复' });
    await choose(dlg3, '答复类型', '予以公开');
    await fill(dlg3, '答复内容', '经审查，予以公开。');
    await fillDate(dlg3, '答复日期', '2024-11-08');
    await dlg3.getByRole('button', { name: '确定' }).click();
    await dlg3.waitFor({ state: 'hidden' });
    await page.locator('[data-test="state"]', { hasText: '已答复' }).waitFor();
    await page.getByRole('tab', { name: /法定期限/ }).click();
    await replyRow.getByText('按期办结').waitFor();
    assert.equal(await dueOf(page, 'reply'), '2024-11-12');

    // 全过程记录: four steps, each hash checked.
    await page.getByRole('tab', { name: '全过程记录' }).click();
    await page.getByText(/全过程记录共4条，逐条哈希校验通过/).waitFor();
    const steps = await page.locator('.el-timeline-item .ev-head strong').allTextContents();
    assert.deepEqual(steps, ['登记', '告知补正', '收到补正', '答复']);
    await screenshot(page, 'record-history');

    // The list finds it by a word of its content and by its state.
    await page.goto(b.url('/records/disclosure_request'));
    await page.getByLabel('关键词').fill('征收补偿');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/q=/);
    await page.getByRole('link', { name: number }).waitFor();
    await assertLabelled(page, 'the list');
    await screenshot(page, 'record-list');
    // Export to Excel, with the list's filters: a workbook with the request.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    assert.equal(await dl.failure(), null);
    assert.match(dl.suggestedFilename(), /\.xlsx$/);
    const xlsx = fs.readFileSync(await dl.path());
    const sheet = unzipEntry(xlsx, 'xl/worksheets/sheet1.xml');
    const strings = unzipEntry(xlsx, 'xl/sharedStrings.xml');
    const text = `${sheet || ''}${strings || ''}`;
    assert.ok(text.includes(number), 'the exported workbook lacks the request');
    await b.done(page);
  });
});
