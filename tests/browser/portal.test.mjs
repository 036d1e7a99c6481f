// portal.test.mjs - the public portal on a 375-pixel phone screen, without
// an account: a disclosure request submitted and followed by its query
// code; published decisions with the party masked; the officer roster and
// the matters; no page wider than the screen.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLabelled, choose, fill, screenshot, useBrowser } from './lib.mjs';

const PHONE = { width: 375, height: 740, mobile: true };

async function fitsScreen(page, where) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 375, `${where} is ${w}px wide on a 375px screen`);
}

describe('public portal on a phone', () => {
  const b = useBrowser();
  let ids;

  before(async () => {
    // A published decision and the officers' certificates (setup, API).
    const fazhi = await b.api('fazhi');
    const zhifa = await b.api('zhifa');
    ids = { fazhi: fazhi.session.user.id, zhifa: zhifa.session.user.id };
    for (const [uid, name, no] of [[ids.fazhi, '张敏', '50010923001'], [ids.zhifa, '李强', '50010923002']])
      await fazhi.post('/api/v1/records/officer_certificate', {
        officer_id: (await fazhi.post('/api/v1/records/enforcement_officer', { name, id_number: '500109198503152316', enforcement_category: 'natural_resources', joined_on: '2023-01-01', user_id: uid })).id, cert_number: no, enforcement_field: 'natural_resources',
        issued_on: '2023-01-01', valid_from: '2023-01-01', valid_to: '2027-12-31',
      });
    const C = '/api/v1/records/enforcement_case';
    const c = await fazhi.post(C, {
      case_title: '王某某未经批准占用集体土地建房案', clue_source: 'patrol', clue_on: '2024-03-01', violation_type: 'illegal_occupation',
      parties: [{ party_type: 'person', name: '王建国', id_number: '500109198503152316', phone: '13908881234', address: '北碚区歇马街道大磨滩村5组12号' }],
    });
    const take = (name, json) => fazhi.post(`${C}/${c.id}/transitions/${name}`, json);
    await take('begin_verification', { verify_started_on: '2024-03-04' });
    await take('file_case', { filed_on: '2024-03-05', filing_approver: '李局长', investigators: [ids.fazhi, ids.zhifa] });
    await take('finish_investigation', { investigation_done_on: '2024-03-20' });
    await take('propose', { reviewed_on: '2024-03-25', decision_type: 'penalty', fine: 5000, decision_text: '罚款伍仟元' });
    await take('notify', { notified_on: '2024-03-27' });
    await take('decide', { decided_on: '2024-04-08', decision_number: '碚规资罚〔2024〕12号', deciders: [ids.fazhi, ids.zhifa], decision_type: 'penalty', fine: 5000 });
    await take('publish', { published_on: '2024-04-10' });
  });

  test('submit a disclosure request and follow it by its query code', async () => {
    const page = await b.page(PHONE);
    await page.goto(b.url('/public'));
    await page.getByRole('heading', { name: '政务公开服务' }).waitFor();
    await fitsScreen(page, 'the portal');
    await screenshot(page, 'portal-home');
    await page.getByRole('link', { name: /^政府信息公开申请/ }).click();
    await page.waitForURL('**/public/disclosure');
    await assertLabelled(page, 'the request form');
    // Without the required fields: refused here, nothing sent.
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('请填写申请公开的政府信息内容').waitFor();
    await choose(page, '受理机关', '北碚区规划和自然资源局');
    await choose(page, '申请人类型', '自然人');
    await fill(page, '申请人姓名或名称', '王五');
    await fill(page, '联系电话', '13800001111');
    await fill(page, '申请公开的政府信息内容', '请公开歇马街道某地块的建设工程规划许可证');
    await fitsScreen(page, 'the filled request form');
    await screenshot(page, 'portal-request');
    await page.getByRole('button', { name: '提交申请' }).click();
    const done = page.locator('[data-test="submitted"]');
    await done.waitFor();
    const code = (await page.locator('[data-test="query-code"]').textContent()).trim();
    assert.match(code, /^[0-9A-Z]{8,}$/);
    await fitsScreen(page, 'the confirmation');

    // Follow it: the state and the reply's due date, as the API gives them.
    await page.getByRole('button', { name: '查询办理进度' }).click();
    const status = page.locator('[data-test="status"]');
    await status.waitFor();
    const api = await (await fetch(b.url(`/api/v1/public/disclosure_request/${code}`))).json();
    assert.equal(api.state, 'received');
    const [y, m, d] = api.reply.due.split('-').map(Number);
    await status.getByText('已收到').waitFor();
    await status.getByText(`${y}年${m}月${d}日前答复`).waitFor();
    await screenshot(page, 'portal-status');

    // A wrong code says so.
    page.expectHttp(404, /\/api\/v1\/public\/disclosure_request\/NOSUCHCODE1$/);
    await page.getByLabel('查询码').fill('NOSUCHCODE1');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByText('查询码不存在，请核对后重新输入').waitFor();

    // The officer sees it, registered as received over the internet.
    const fazhi = await b.api('fazhi');
    const list = await fazhi.get('/api/v1/records/disclosure_request?q=' + encodeURIComponent('建设工程规划许可证'));
    assert.equal(list.total, 1);
    assert.equal(list.records[0].data.channel, 'online');
    await b.done(page);
  });

  test('published decisions are masked; the roster and the matters are public', async () => {
    const page = await b.page(PHONE);
    await page.goto(b.url('/public/list/enforcement_case'));
    const items = page.locator('[data-test="public-items"] article');
    await items.first().waitFor();
    const text = await items.first().textContent();
    assert.match(text, /碚规资罚〔2024〕12号/);
    assert.match(text, /王某某/);
    assert.match(text, /5000元/);
    for (const secret of ['王建国', '500109198503152316', '13908881234', '5组12号']) assert.ok(!text.includes(secret), `${secret} shown: ${text}`);
    await fitsScreen(page, 'the decisions');
    await screenshot(page, 'portal-decisions');

    await page.getByRole('link', { name: '执法人员' }).click();
    await page.waitForURL('**/public/list/officer_certificate');
    await page.getByRole('heading', { name: '张敏' }).waitFor();
    await page.getByText('50010923002').waitFor();
    await fitsScreen(page, 'the roster');

    await page.getByRole('link', { name: '执法事项' }).click();
    await page.waitForURL('**/public/list/enforcement_matter');
    await page.getByRole('heading', { name: '行政执法事项清单' }).waitFor();
    await page.getByRole('link', { name: '规范性文件' }).click();
    await page.waitForURL('**/public/list/normative_document');
    await page.getByRole('heading', { name: '行政规范性文件' }).waitFor();
    await fitsScreen(page, 'the documents');
    await b.done(page);
  });
});
