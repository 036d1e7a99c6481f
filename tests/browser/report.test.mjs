// report.test.mjs - the annual 法治政府建设情况报告 in the browser: the
// preview's figures are computed from the records and open to list them;
// a narrative section is edited, saved (a new version) and appears in the
// preview and in the downloads (DOCX, XLSX, Markdown); the statements the
// records did not support are listed with the reason, by part.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { assertLabelled, chooseLabelled, screenshot, useBrowser } from './lib.mjs';
import { docxText, unzipEntry } from '../api/lib.mjs';

describe('annual report in the browser', () => {
  const b = useBrowser();
  let year, numbers;

  before(async () => {
    // Two disclosure requests received last year (setup, API): the report
    // opens on last year.
    year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() - 1;
    const api = await b.api('fazhi');
    numbers = [];
    for (const [day, content] of [[`${year}-03-04`, '某地块控制性详细规划'], [`${year}-06-03`, '某村土地征收公告']]) {
      const r = await api.post('/api/v1/records/disclosure_request', {
        applicant_type: 'natural_person', applicant_name: '张三', channel: 'in_person', submitted_on: day, content,
      });
      numbers.push(r.number);
    }
  });

  test('preview, figures open their records, edit a section, download', async () => {
    const page = await b.page();
    await b.login(page, 'fazhi');
    await page.goto(b.url('/report'));
    await page.getByRole('heading', { name: `${year}年法治政府建设情况报告` }).waitFor();
    const frame = page.frameLocator('iframe[title="报告预览"]');
    const fig = frame.locator('a.fig[data-indicator="disclosure.received"]').first();
    await fig.waitFor();
    assert.equal((await fig.textContent()).trim(), '2件');
    await screenshot(page, 'report-preview', { fullPage: false });

    // A figure opens the records it counts.
    await fig.click();
    const drill = page.getByRole('dialog', { name: /收到政府信息公开申请：记录明细/ });
    await drill.waitFor();
    for (const n of numbers) await drill.getByRole('link', { name: n }).waitFor();
    await drill.getByText(`${year}年：2件，共2条记录`).waitFor();
    await drill.getByRole('button', { name: /关闭/ }).click();
    await drill.waitFor({ state: 'hidden' });

    // Edit 存在的不足和原因.
    await page.getByRole('tab', { name: '编辑叙述部分' }).click();
    await assertLabelled(page, 'the section editor');
    const card = page.locator('[data-section="shortcomings"]');
    await card.getByText('尚未填写').waitFor();
    const text = '基层执法力量不足，执法人员专业能力有待提高；部分案件办理期限较长。';
    await card.getByRole('textbox').fill(text);
    await card.getByText('有未保存的修改').waitFor();
    await card.getByRole('button', { name: '保存' }).click();
    await card.getByText('第1版').waitFor();
    await page.getByRole('tab', { name: '预览' }).click();
    await frame.getByText(text).waitFor();

    // Downloads: the section is in each.
    const get = async (format) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-format="${format}"]`).click()]);
      assert.equal(await dl.failure(), null);
      const p = await dl.path();
      return { name: dl.suggestedFilename(), bytes: fs.readFileSync(p) };
    };
    const docx = await get('docx');
    assert.match(docx.name, new RegExp(`annual-report-2-${year}\\.docx$`));
    const body = docxText(docx.bytes);
    assert.ok(body.includes(text), 'the edited section is not in the DOCX');
    assert.ok(body.includes('法治政府建设情况的报告'), 'no title in the DOCX');
    const xlsx = await get('xlsx');
    assert.match(xlsx.name, /\.xlsx$/);
    assert.ok(unzipEntry(xlsx.bytes, 'xl/workbook.xml'), 'not a workbook');
    const md = await get('md');
    assert.match(md.name, /\.md$/);
    const mdText = md.bytes.toString('utf8');
    assert.ok(mdText.includes(text));
    assert.ok(mdText.includes('2件'));
    await screenshot(page, 'report-edited', { fullPage: false });
    await b.done(page);
  });

  test('the statements left out of the report, and why', async () => {
    const api = await b.api('fazhi');
    const counts = async (y) => {
      const r = await api.get(`/api/v1/reports/annual/statements?year=${y}`);
      const out = r.statements.filter((s) => !s.written).length;
      return { ids: r.statements.map((s) => s.id), text: `已写入${r.statements.length - out}条，未写入${out}条` };
    };
    const now = await counts(year);
    const page = await b.page();
    await b.login(page, 'fazhi');
    await page.goto(b.url('/report'));
    await page.getByRole('heading', { name: `${year}年法治政府建设情况报告` }).waitFor();
    await page.getByRole('tab', { name: '未写入的表述' }).click();
    const pane = page.getByRole('tabpanel', { name: '未写入的表述' });
    await pane.getByText(now.text, { exact: true }).waitFor();
    // grouped by the parts of the report, each with its reason
    await pane.getByRole('heading', { name: '行政执法' }).waitFor();
    await pane.locator('.el-tag', { hasText: '无记录' }).first().waitFor();
    assert.ok((await pane.locator('.el-tag').count()) > 0);
    // what staff read is the sentence, never the statement's id
    const text = await page.locator('body').innerText();
    for (const id of now.ids) assert.ok(!text.includes(id), `the id ${id} is on the page`);
    assert.ok(!/[a-z]+\.[a-z_]+/.test(await pane.innerText()), await pane.innerText());
    assert.ok(!text.includes('{{'));
    await screenshot(page, 'report-left-out', { fullPage: false });

    // another year: the list of that year
    const before = await counts(year - 1);
    assert.notEqual(before.text, now.text);
    await chooseLabelled(page, '年度', `${year - 1}年`);
    await pane.getByText(before.text, { exact: true }).waitFor();
    await b.done(page);
  });

  test('the report of another year is another document', async () => {
    const page = await b.page();
    await b.login(page, 'fazhi');
    await page.goto(b.url('/report'));
    const frame = page.frameLocator('iframe[title="报告预览"]');
    await frame.locator('a.fig[data-indicator="disclosure.received"]').first().waitFor();
    await chooseLabelled(page, '年度', `${year - 1}年`);
    await page.getByRole('heading', { name: `${year - 1}年法治政府建设情况报告` }).waitFor();
    await frame.getByRole('heading', { name: new RegExp(`关于${year - 1}年法治政府建设情况的报告`) }).waitFor();
    // no records that year: the report writes no sentence of 0件
    assert.equal(await frame.locator('a.fig[data-indicator="disclosure.received"]').count(), 0);
    assert.equal(await frame.getByText(/收到政府信息公开申请0件/).count(), 0);
    await b.done(page);
  });
});
