// workbench.test.mjs - the 工作台: the overdue list of the user's scope,
// the year's key figures against last year (上年无数据 when the year
// before has no records of the kind), each opening its records (by
// keyboard too), the charts drawn; and what the first load costs: the
// compressed bytes of the interface (≤ 1.5 MB, issue 8) and the time of
// each API call, printed (timings are not asserted: machines differ).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertLabelled, chooseLabelled, screenshot, SHOTS, useBrowser } from './lib.mjs';

const BUDGET = 1.5e6; // bytes on the wire, first load

describe('workbench', () => {
  const b = useBrowser();
  let year, overdueNumber, caseNumber;

  before(async () => {
    year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() - 1;
    const fazhi = await b.api('fazhi');
    const zhifa = await b.api('zhifa');
    const ids = [fazhi.session.user.id, zhifa.session.user.id];
    for (const [uid, name, no] of [[ids[0], '张敏', '50010923001'], [ids[1], '李强', '50010923002']])
      await fazhi.post('/api/v1/records/officer_certificate', {
        officer_id: (await fazhi.post('/api/v1/records/enforcement_officer', { name, id_number: '500109198503152316', enforcement_category: 'natural_resources', joined_on: `${year - 1}-01-01`, user_id: uid })).id, cert_number: no, enforcement_field: 'natural_resources',
        issued_on: `${year - 1}-01-01`, valid_from: `${year - 1}-01-01`, valid_to: `${year + 5}-12-31`,
      });
    const d = await fazhi.post('/api/v1/records/disclosure_request', {
      applicant_type: 'commercial', applicant_name: '重庆某某公司', channel: 'in_person', submitted_on: `${year}-05-06`, content: '某地块土地出让合同',
    });
    overdueNumber = d.number;
    const C = '/api/v1/records/enforcement_case';
    const c = await fazhi.post(C, {
      case_title: '李某某非法占用耕地建房案', clue_source: 'satellite', clue_on: `${year}-03-01`, violation_type: 'farmland_destruction',
      parties: [{ party_type: 'person', name: '李某' }], land_area: 12000, farmland_area: 8000,
    });
    caseNumber = c.number;
    const take = (name, json) => fazhi.post(`${C}/${c.id}/transitions/${name}`, json);
    await take('begin_verification', { verify_started_on: `${year}-03-02` });
    await take('file_case', { filed_on: `${year}-03-05`, filing_approver: '李局长', investigators: ids });
    await take('finish_investigation', { investigation_done_on: `${year}-04-10` });
    await take('propose', { reviewed_on: `${year}-04-15`, decision_type: 'penalty', fine: 36000 });
    await take('notify', { notified_on: `${year}-04-16` });
    await take('decide', { decided_on: `${year}-05-06`, deciders: ids, decision_type: 'penalty', fine: 36000 });
  });

  test('first load: the bundle within budget; the API calls timed', async (t) => {
    const page = await b.page();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const urls = new Map();
    const bytes = [];
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => bytes.push({ url: urls.get(e.requestId) || '', n: e.encodedDataLength }));
    const sum = (pred) => bytes.filter((x) => pred(new URL(x.url, b.srv.base).pathname)).reduce((a, x) => a + x.n, 0);
    const isStatic = (p) => !p.startsWith('/api/');

    await page.goto(b.url('/login'));
    await page.settle();
    const loginBytes = sum(isStatic);
    await b.login(page, 'fazhi');
    await page.locator('[data-indicator="enforcement.cases_filed"]').waitFor();
    await page.settle();
    const total = sum(isStatic);
    const api = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.startsWith('/api/'))
        .map((e) => ({ url: new URL(e.name).pathname + new URL(e.name).search, ms: Math.round(e.duration * 10) / 10 })),
    );
    t.diagnostic(`login page, first load: ${loginBytes} bytes compressed`);
    t.diagnostic(`login page + workbench, first load: ${total} bytes compressed (budget ${BUDGET})`);
    for (const a of api) t.diagnostic(`API ${a.ms} ms ${a.url}`);
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.writeFileSync(path.join(SHOTS, 'first-load.json'), JSON.stringify({ loginBytes, total, api }, null, 1));
    assert.ok(loginBytes > 10000, `only ${loginBytes} bytes measured: not measuring`);
    assert.ok(total <= BUDGET, `first load is ${total} bytes, over ${BUDGET}`);
    // every asset went compressed
    const assets = bytes.filter((x) => /\/assets\/.*\.js$/.test(new URL(x.url).pathname));
    assert.ok(assets.length > 3);
    await cdp.detach();
    await b.done(page);
  });

  test('due lists, key figures with their records, charts', async () => {
    const page = await b.page();
    await b.login(page, 'fazhi');
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    // the overdue list of the scope: the request whose 补正 period ran out
    const overdue = page.locator('[data-test="overdue"]');
    await overdue.getByRole('link', { name: overdueNumber }).waitFor();
    await overdue.getByText('补正告知期限').first().waitFor();
    await assertLabelled(page, 'the workbench');

    await chooseLabelled(page, '年度', `${year}年`);
    const cases = page.locator('[data-indicator="enforcement.cases_filed"]');
    await cases.getByText('1宗', { exact: true }).waitFor();
    // no case of the year before: nothing to compare with, not 增加1宗
    await cases.getByText('上年无数据', { exact: true }).waitFor();
    assert.equal(await cases.getByText(/与去年相比/).count(), 0);
    await page.locator('[data-indicator="enforcement.fines"]').getByText('3.6万元', { exact: true }).waitFor();
    await page.locator('[data-indicator="enforcement.land_area"]').getByText('1.2万平方米', { exact: true }).waitFor();
    // by keyboard: the figure is a button
    await cases.focus();
    await page.keyboard.press('Enter');
    const drill = page.getByRole('dialog', { name: /立案查处违法案件：记录明细/ });
    await drill.getByRole('link', { name: caseNumber }).waitFor();
    await page.keyboard.press('Escape');
    await drill.waitFor({ state: 'hidden' });
    // the charts are drawn (canvas), each described for screen readers
    await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length >= 3);
    const labels = await page.locator('.chart[role="img"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.ok(labels.some((l) => l.includes('立案全年1')), labels.join('\n'));
    await screenshot(page, 'workbench');
    await b.done(page);
  });
});
