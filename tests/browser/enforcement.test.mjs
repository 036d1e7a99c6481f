// enforcement.test.mjs - a 行政执法案件 through the interface, from clue to
// decision: 立案 with two certified officers, 调查终结, 案件审理 proposing a
// fine that makes the case major; 告知 is not offered, and the steps held
// back say why (行政处罚法第五十八条: a major case needs a passed legal
// review); after the legal review (only a 法制审核人员 may take it) and the
// collective discussion, 告知 and 作出决定 go through; 流程进度 shows the
// path and what comes next.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLabelled, choose, fill, fillDate, formItem, screenshot, useBrowser } from './lib.mjs';

describe('enforcement case in the browser', () => {
  const b = useBrowser();

  before(async () => {
    // The two officers' certificates (setup, through the API).
    const api = await b.api('fazhi');
    const zhifa = await b.api('zhifa');
    for (const [uid, name, no] of [[api.session.user.id, '张敏', '50010923001'], [zhifa.session.user.id, '李强', '50010923002']])
      await api.post('/api/v1/records/officer_certificate', {
        officer_id: (await api.post('/api/v1/records/enforcement_officer', { name, id_number: '500109198503152316', enforcement_category: 'natural_resources', joined_on: '2023-01-01', user_id: uid })).id, cert_number: no, enforcement_field: 'natural_resources',
        issuing_authority: '重庆市司法局', issued_on: '2023-01-01', valid_from: '2023-01-01', valid_to: '2027-12-31',
      });
  });

  // Take the step `name` of the record on the page, filling its dialog.
  async function step(page, name, fillIn) {
    await page.locator('.actions').getByRole('button', { name, exact: true }).click();
    const dlg = page.getByRole('dialog', { name });
    await dlg.waitFor();
    await fillIn(dlg);
    await dlg.getByRole('button', { name: '确定' }).click();
    return dlg;
  }
  async function stepOk(page, name, state, fillIn) {
    const dlg = await step(page, name, fillIn);
    await dlg.waitFor({ state: 'hidden' });
    await page.locator('[data-test="state"]', { hasText: state }).waitFor();
  }

  test('from clue to decision; a major case is refused 告知 until legally reviewed', async () => {
    const page = await b.page();
    await b.login(page, 'fazhi');
    await page.goto(b.url('/records/enforcement_case/new'));
    await fill(page, '案由', '王某某未经批准占用集体土地建房案');
    await choose(page, '线索来源', '巡查发现');
    await fillDate(page, '线索登记日期', '2024-03-01');
    await page.getByRole('button', { name: '添加当事人' }).click();
    await choose(page, '类型', '自然人');
    await fill(page, '姓名或名称', '王建国');
    await fill(page, '身份证号或统一社会信用代码', '500109198503152316');
    await fill(page, '违法地点', '歇马街道大磨滩村');
    await choose(page, '违法类型', '非法占地');
    await fill(page, '占地面积（平方米）', '320.5');
    await assertLabelled(page, 'the case form');
    await page.getByRole('button', { name: '登记' }).click();
    await page.waitForURL(/\/records\/enforcement_case\/\d+$/);
    await page.locator('[data-test="state"]', { hasText: '线索登记' }).waitFor();
    // Steps not open now say why.
    await page.getByText(/暂不能办理的步骤/).click();
    await page.getByText(/作出决定：当前状态“线索登记”不能办理/).waitFor();

    await stepOk(page, '开始核查', '核查', (d) => fillDate(d, '核查日期', '2024-03-04'));
    await stepOk(page, '立案', '调查取证', async (d) => {
      await fillDate(d, '立案日期', '2024-03-05');
      await fill(d, '立案批准人', '李局长');
      await choose(d, '承办执法人员', '张敏', '李强');
    });
    await stepOk(page, '调查终结', '案件审理', (d) => fillDate(d, '调查终结日期', '2024-03-20'));
    await stepOk(page, '案件审理（拟处理意见）', '案件审理', async (d) => {
      await fillDate(d, '案件审理日期', '2024-03-25');
      await choose(d, '决定类型', '行政处罚');
      await fill(d, '罚款（元）', '200000');
      await fill(d, '处罚内容', '罚款贰拾万元，责令退还非法占用的土地');
    });

    // the proposal makes it a major case: flagged at once
    await page.locator('[data-test="major"]', { hasText: '重大执法决定：罚款200000元' }).waitFor();
    // 告知 of a major case is not offered before its legal review: the
    // steps held back say why beforehand, with the law.
    await page.locator('.actions').getByRole('button', { name: '法制审核', exact: true }).waitFor();
    assert.equal(await page.locator('.actions').getByRole('button', { name: '告知（陈述申辩、听证权利）', exact: true }).count(), 0);
    const held = page.locator('.blocked-list li', { hasText: '告知（陈述申辩、听证权利）' });
    await held.waitFor({ state: 'attached' });
    assert.match(await held.textContent(), /重大执法决定.*须经法制审核通过（行政处罚法第五十八条）/);
    await screenshot(page, 'guard-refusal');

    await stepOk(page, '法制审核', '案件审理', async (d) => {
      await fillDate(d, '法制审核日期', '2024-03-26');
      await choose(d, '法制审核结论', '通过');
      await fill(d, '法制审核意见', '事实清楚，证据确凿，程序合法');
    });
    await stepOk(page, '集体讨论', '案件审理', async (d) => {
      await fillDate(d, '集体讨论日期', '2024-03-26');
      await fill(d, '集体讨论决定', '同意处罚');
    });
    await stepOk(page, '告知（陈述申辩、听证权利）', '已告知', (d) => fillDate(d, '告知日期（行政处罚告知书送达）', '2024-03-27'));

    // A decision inside the 5-working-day hearing window is refused too,
    // on the field it names.
    page.expectHttp(422, /\/transitions\/decide$/);
    const early = await step(page, '作出决定', async (d) => {
      await fillDate(d, '决定日期', '2024-04-03');
      await fill(d, '决定书文号', '碚规资罚〔2024〕12号');
      await choose(d, '作出决定的执法人员', '张敏', '李强');
    });
    const err = formItem(early, '决定日期').locator('.el-form-item__error');
    await err.waitFor();
    assert.match(await err.textContent(), /当事人要求听证（《中华人民共和国行政处罚法》第六十四条第（一）项、第八十五条），该期限于2024年4月3日届满后方可办理/);
    await fillDate(early, '决定日期', '2024-04-08');
    await early.getByRole('button', { name: '确定' }).click();
    await early.waitFor({ state: 'hidden' });
    await page.locator('[data-test="state"]', { hasText: '已决定' }).waitFor();
    // 流程进度: where the case has been, where it is, and what comes next
    const steps = await page.locator('[data-test="progress"] .el-step__title').allTextContents();
    assert.deepEqual(steps.map((x) => x.trim()), ['线索登记', '核查', '调查取证', '案件审理', '已告知', '已决定', '下一步：已送达']);

    // The details read as the report writes them.
    await page.getByRole('tab', { name: '基本信息' }).click();
    await page.locator('.desc').getByText('20万元', { exact: true }).waitFor();
    await page.locator('.desc').getByText('320.5平方米', { exact: true }).waitFor();
    await page.getByRole('tab', { name: '全过程记录' }).click();
    await page.getByText(/全过程记录共9条，逐条哈希校验通过/).waitFor();
    await screenshot(page, 'enforcement-case');
    await b.done(page);
  });

  test('only a legal reviewer sees the legal review among the actions', async () => {
    const api = await b.api('zhifa');
    const c = await api.post('/api/v1/records/enforcement_case', {
      case_title: '某公司违法建设案', clue_source: 'report', clue_on: '2024-05-06', violation_type: 'illegal_construction',
      parties: [{ party_type: 'organisation', name: '重庆某某建设有限公司' }],
    });
    const page = await b.page();
    await b.login(page, 'zhifa');
    await page.goto(b.url(`/records/enforcement_case/${c.id}`));
    await page.locator('.actions').getByRole('button', { name: '开始核查' }).waitFor();
    await page.getByText(/暂不能办理的步骤/).click();
    await page.getByText(/^立案：当前状态“线索登记”不能办理/).waitFor();
    assert.equal(await page.locator('.actions').getByRole('button', { name: '法制审核' }).count(), 0);
    await b.done(page);
  });

  test('after 归档 no refused step is offered: each held back says why; 流程进度 ends at 归档', async () => {
    const api = await b.api('fazhi');
    const ids = [api.session.user.id, (await b.api('zhifa')).session.user.id];
    const C = '/api/v1/records/enforcement_case';
    const c = await api.post(C, {
      case_title: '李某某违法占地案', clue_source: 'patrol', clue_on: '2024-03-01', violation_type: 'illegal_occupation',
      parties: [{ party_type: 'person', name: '李四' }], location: '澄江镇',
    });
    const take = (name, json) => api.post(`${C}/${c.id}/transitions/${name}`, json);
    await take('begin_verification', { verify_started_on: '2024-03-04' });
    await take('file_case', { filed_on: '2024-03-05', filing_approver: '李局长', investigators: ids });
    await take('finish_investigation', { investigation_done_on: '2024-03-20' });
    await take('propose', { reviewed_on: '2024-03-25', decision_type: 'penalty', fine: 2000 });
    await take('notify', { notified_on: '2024-03-27' });
    await take('decide', { decided_on: '2024-04-08', decision_number: '碚规资罚〔2024〕20号', deciders: ids });
    await take('serve', { served_on: '2024-04-10' });
    await take('publish', { published_on: '2024-04-12' });
    await take('execute', { enforcement_route: 'voluntary', paid_on: '2024-04-20' });
    await take('close', { closed_on: '2024-04-22' });
    await take('archive', { archived_on: '2024-04-23' });

    const page = await b.page();
    await b.login(page, 'fazhi');
    await page.goto(b.url(`${C.replace('/api/v1', '')}/${c.id}`));
    await page.locator('[data-test="state"]', { hasText: '归档' }).waitFor();
    const bar = page.locator('.actions');
    await bar.getByRole('button', { name: '决定被撤销（复议、诉讼或自行纠正）', exact: true }).waitFor();
    for (const name of ['公示处罚决定', '撤回公示'])
      assert.equal(await bar.getByRole('button', { name, exact: true }).count(), 0, `${name} is offered after 归档`);
    await page.getByText(/暂不能办理的步骤/).click();
    await page.locator('.blocked-list li', { hasText: /^公示处罚决定：公示日期.*已经填写，此步骤只能办理一次/ }).waitFor();
    await page.locator('.blocked-list li', { hasText: /^撤回公示：须先填写决定被撤销日期/ }).waitFor();
    const steps = (await page.locator('[data-test="progress"] .el-step__title').allTextContents()).map((x) => x.trim());
    assert.equal(steps.at(-1), '归档');
    assert.ok(!steps.some((x) => x.startsWith('下一步')), steps.join(','));
    await b.done(page);
  });
});
