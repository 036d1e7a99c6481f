// report.test.mjs - the annual 法治政府建设情况报告 through the API: figures
// from the records with last year's comparison, the government's report
// rolling up its bureau, the narrative sections (each edit an event,
// versions, refusals naming the field), the HTML preview linking figures to
// their indicators (and escaping what staff wrote), DOCX and XLSX downloads.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { allEvents, assertError, docxText, fazhi as cli, loginAdmins, unzipEntry, SOURCE_DIR, useServer } from './lib.mjs';

const K = '/api/v1/records/disclosure_request';
const A = '/api/v1/reports/annual';

const request = (submitted, n) => ({
  applicant_type: 'natural_person',
  applicant_name: `申请人${n}`,
  channel: 'in_person',
  submitted_on: submitted,
  content: `第${n}号地块的规划许可文件`,
});

describe('annual report', () => {
  const h = useServer();
  let fazhi, zhifa, auditor;
  const get = (p, s = fazhi) => h.srv.req('GET', p, { session: s });
  const bytes = async (p) => {
    const res = await fetch(`${h.srv.base}${p}`, { headers: { cookie: fazhi.cookie } });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const put = (section, json, q = 'year=2023', s = fazhi) =>
    h.srv.req('PUT', `${A}/sections/${section}?${q}`, { session: s, json });

  before(async () => {
    fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    ({ auditor } = await loginAdmins(h));
    // Three requests in 2023, one in 2022: 与去年相比增加2件.
    for (const [d, n] of [['2023-03-01', 1], ['2023-06-12', 2], ['2023-11-20', 3], ['2022-05-09', 4]]) {
      const r = await h.srv.req('POST', K, { session: fazhi, json: request(d, n) });
      assert.equal(r.status, 201, r.text);
    }
  });

  test('the Markdown carries the figures and the comparison with last year', async () => {
    const r = await get(`${A}?year=2023&format=md&date=2024-01-23`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /text\/markdown/);
    assert.match(r.text, /^# 北碚区规划和自然资源局关于2023年法治政府建设情况的报告/);
    assert.ok(r.text.includes('收到政府信息公开申请3件，与去年相比增加2件'), r.text);
    // open at the year's end: 2023's three and 2022's one; none replied,
    // and a zero is not written as a result
    assert.ok(r.text.includes('与去年相比增加2件，正在办理4件'), r.text);
    assert.ok(!r.text.includes('已办结0件'), r.text);
    assert.ok(!/[^0-9.]0(件|宗|次|人|%)/.test(r.text), r.text);
    assert.ok(r.text.includes('## 四、2024年工作安排'));
    assert.ok(r.text.trimEnd().endsWith('2024年1月23日'));
    // A section nobody wrote says so.
    assert.ok(r.text.includes('## 二、存在的不足和原因\n\n（本部分待填写）'));
    // The bureau has no departments: no roll-up sentence.
    assert.ok(!r.text.includes('所属'));
    // 2022 compared with 2021 (no records): no comparison clause.
    const y22 = await get(`${A}?year=2022&format=md`);
    assert.ok(y22.text.includes('收到政府信息公开申请1件，正在办理1件'), y22.text);
    assert.ok(!y22.text.includes('与去年相比'), y22.text);
  });

  test('statements: each with a label, written or left out and why', async () => {
    const r = await get(`${A}/statements?year=2023`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.year, 2023);
    assert.ok(r.json.statements.length > 10, r.text);
    const reasons = [null, '无记录', '上年无数据', '不适用于本级别', '已由其他表述写出'];
    for (const s of r.json.statements) {
      assert.equal(typeof s.written, 'boolean', JSON.stringify(s));
      assert.ok(reasons.includes(s.reason), JSON.stringify(s));
      assert.equal(s.reason === null, s.written, JSON.stringify(s));
      // what a person reads: Chinese text, no placeholder, at most 40
      // characters and "…"
      assert.equal(typeof s.label, 'string', JSON.stringify(s));
      assert.match(s.label, /[\u4e00-\u9fff]/, JSON.stringify(s));
      assert.ok(!s.label.includes('{{') && !s.label.includes('}}'), JSON.stringify(s));
      assert.ok([...s.label].length <= 41, JSON.stringify(s));
    }
    // the disclosure requests are written; the bureau has no cases
    // a label is the catalogue's sentence without its placeholders
    const dir = path.join(SOURCE_DIR, 'data/report/statements');
    const catalogue = fs.readdirSync(dir).flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).statements);
    const labelOf = (id) => {
      const c = catalogue.find((x) => x.id === id);
      const t = [...(c.voices?.department ?? c.text).replace(/\{\{[^}]*\}\}/g, '')];
      return t.length > 40 ? `${t.slice(0, 40).join('')}…` : t.join('');
    };
    const d = r.json.statements.find((s) => s.id === 'disclosure.received');
    assert.equal(d.written, true, JSON.stringify(d));
    assert.equal(d.label, labelOf('disclosure.received'));
    assert.ok(d.label.startsWith('收到政府信息公开申请'), d.label);
    const f = r.json.statements.find((s) => s.id === 'enforcement.filed');
    assert.equal(f.written, false, JSON.stringify(f));
    assert.equal(f.reason, '无记录');
    assert.equal(f.label, labelOf('enforcement.filed'));
  });

  test("the government's report rolls up its bureau", async () => {
    // The bureau's staff cannot read their government's report...
    assertError(await get(`${A}?year=2023&format=md&org_id=1`), 404, 'not_found', 'org_id');
    // ...which counts the bureau's records (read here with the CLI).
    const r = cli(['report', '--db', h.fx.db, '--org', '北碚区人民政府', '--year', '2023']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^# 北碚区人民政府关于2023年法治政府建设情况的报告/);
    assert.ok(r.stdout.includes('收到政府信息公开申请3件，与去年相比增加2件'));
    assert.ok(r.stdout.includes('本报告所列数据汇总了本级及所属1个单位的记录。'));
  });

  test('sections: listed with labels, each edit versioned and an event', async () => {
    let r = await get(`${A}/sections?year=2023`);
    assert.equal(r.status, 200, r.text);
    const names = r.json.sections.map((s) => s.section);
    assert.deepEqual(names.slice(0, 3), ['addressee', 'preface', 'study']);
    const sc = r.json.sections.find((s) => s.section === 'shortcomings');
    assert.equal(sc.label, '存在的不足和原因');
    assert.equal(sc.text, null);
    assert.equal(sc.version, 0);

    const text = '一是宣传形式较为单一。\n\n二是执法辅助人员管理制度还不够完善。';
    r = await put('shortcomings', { text, version: 0 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 1);
    r = await put('addressee', { text: '区委、区政府', version: 0 });
    assert.equal(r.status, 200, r.text);

    // Another editor's stale version is refused and writes nothing.
    assertError(await put('shortcomings', { text: '旧稿', version: 0 }), 409, 'conflict', 'version');
    r = await put('shortcomings', { text: `${text}\n\n三是法治宣传有待加强。`, version: 1 });
    assert.equal(r.json.version, 2);

    r = await get(`${A}/sections?year=2023`);
    const now = r.json.sections.find((s) => s.section === 'shortcomings');
    assert.equal(now.version, 2);
    assert.match(now.text, /三是法治宣传有待加强。$/);
    assert.match(now.updated_by, /^user:/);

    const md = (await get(`${A}?year=2023&format=md`)).text;
    assert.ok(md.includes('区委、区政府：'));
    assert.ok(md.includes('二是执法辅助人员管理制度还不够完善。\n\n三是法治宣传有待加强。'));

    const events = (await allEvents(h.srv, auditor, 2)).filter((e) => e.type === 'report.section');
    assert.equal(events.length, 3);
    assert.equal(events[2].subject, 'report:2023:shortcomings');
    assert.equal(events[2].data.version, 2);
  });

  test('bad section edits name the field and write nothing', async () => {
    const before = (await get(`${A}/sections?year=2023`)).json;
    assertError(await put('nosuch', { text: 'x', version: 0 }), 404, 'not_found', 'section');
    assertError(await put('plans', { text: 12, version: 0 }), 400, 'invalid', 'text');
    assertError(await put('plans', { text: 'x' }), 400, 'invalid', 'version');
    assertError(await put('plans', { text: 'x', version: -1 }), 400, 'invalid', 'version');
    assertError(await put('plans', { text: 'x'.repeat(65537), version: 0 }), 400, 'invalid', 'text');
    assertError(await put('plans', { text: 'x', version: 0 }, 'year=1800'), 400, 'invalid', 'year');
    assertError(await put('plans', { text: 'x', version: 0 }, ''), 400, 'invalid', 'year');
    // An officer only reads the report; editing is the legal section's.
    assert.equal((await put('plans', { text: 'x', version: 0 }, 'year=2023', zhifa)).status, 403);
    assert.deepEqual((await get(`${A}/sections?year=2023`)).json, before);
  });

  test('the HTML preview links each figure to its indicator and escapes text', async () => {
    await put('other', { text: '<script>alert(1)</script>\uE000x\uE001y\uE002', version: 0 });
    const r = await get(`${A}?year=2023&format=html`);
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /text\/html/);
    assert.ok(
      r.text.includes('<a class="fig" data-indicator="disclosure.received" href="#disclosure.received">3件</a>'),
      r.text.slice(0, 3000),
    );
    assert.ok(r.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;xy'));
    assert.ok(!r.text.includes('<script>'));
    assert.ok(r.text.includes('<h1>北碚区规划和自然资源局关于2023年法治政府建设情况的报告</h1>'));
    assert.match(r.text, /<p class="sign">北碚区规划和自然资源局<\/p>\n<p class="sign">\d{4}年\d{1,2}月\d{1,2}日<\/p>/);
  });

  test('DOCX and XLSX downloads', async () => {
    const d = await bytes(`${A}?year=2023&format=docx&date=2024-01-23`);
    assert.equal(d.status, 200);
    assert.match(d.headers.get('content-disposition'), /annual-report-2-2023\.docx/);
    const text = docxText(d.body);
    assert.ok(text.includes('北碚区规划和自然资源局关于2023年法治政府建设情况的报告'));
    assert.ok(text.includes('收到政府信息公开申请3件，与去年相比增加2件'));
    const doc = unzipEntry(d.body, 'word/document.xml').toString('utf8');
    assert.match(doc, /<w:pStyle w:val="Heading1"\/><\/w:pPr><w:r><w:t[^>]*>一、主要举措和成效/);
    assert.match(doc, /<w:pStyle w:val="Signature"\/><\/w:pPr><w:r><w:t[^>]*>2024年1月23日/);
    assert.ok(doc.includes('<w:pgSz w:w="11906" w:h="16838"/>'), 'A4');

    const x = await bytes(`${A}?year=2023&format=xlsx`);
    assert.equal(x.status, 200);
    const sheet = unzipEntry(x.body, 'xl/worksheets/sheet1.xml').toString('utf8');
    const shared = unzipEntry(x.body, 'xl/sharedStrings.xml').toString('utf8');
    assert.ok(shared.includes('disclosure.on_time_rate'));
    assert.match(sheet, /<f>IF\(K\d+=0,0,J\d+\/K\d+\*100\)<\/f>/);
    // a reduction (较法定时限缩短) is the complement of its rate
    assert.match(sheet, /<f>IF\(K\d+=0,0,100-J\d+\/K\d+\*100\)<\/f>/);
  });

  // LibreOffice (headless, its own profile in the fixture's directory)
  // converts FILE to `to` in the same directory: the output's path.
  const convert = (file, to) => {
    const dir = path.dirname(file);
    const r = spawnSync(
      'libreoffice',
      [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--convert-to', to, '--outdir', dir, file],
      { encoding: 'utf8', timeout: 120000 },
    );
    assert.equal(r.status, 0, `libreoffice: ${r.error || r.stderr}`);
    const out = file.replace(/\.[a-z]+$/, `.${to.split(':')[0]}`);
    assert.ok(fs.existsSync(out), `libreoffice wrote no ${out}: ${r.stdout} ${r.stderr}`);
    return out;
  };
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30000 });
    assert.equal(r.status, 0, `${cmd}: ${r.error || r.stderr}`);
    return r.stdout;
  };

  test('the DOCX and the XLSX open in LibreOffice', { timeout: 240000 }, async () => {
    const docx = path.join(h.fx.dir, 'report.docx');
    const xlsx = path.join(h.fx.dir, 'report.xlsx');
    for (const [f, out] of [['docx', docx], ['xlsx', xlsx]]) {
      const r = cli(['report', '--db', h.fx.db, '--org', '2', '--year', '2023', '--format', f, '--out', out, '--date', '2024-01-23']);
      assert.equal(r.status, 0, r.stderr);
    }
    const pdf = convert(docx, 'pdf');
    const info = run('pdfinfo', [pdf]);
    assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    assert.match(info, /Pages:\s+[2-9]/);
    // In the order it was laid out (-raw: no guessing of columns); justified
    // Chinese text comes out with spaces between characters, and the page
    // numbers (— 2 —) fall between the lines of a paragraph.
    const text = run('pdftotext', ['-raw', pdf, '-']).replace(/\s+/g, '').replace(/—\d+—/g, '');
    for (const s of ['北碚区规划和自然资源局关于2023年法治政府建设情况的报告', '一、主要举措和成效', '收到政府信息公开申请3件，与去年相比增加2件', '2024年1月23日'])
      assert.ok(text.includes(s), `${s} not in the PDF text:\n${text.slice(0, 2000)}`);

    // The XLSX as UTF-8 CSV: the figures and the rate Calc recomputed.
    const csv = fs.readFileSync(convert(xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76'), 'utf8');
    assert.match(csv, /disclosure\.received,收到政府信息公开申请,件,记录统计,3,1,2,3,/);
    assert.match(csv, /disclosure\.on_time_rate,政府信息公开申请按期答复率,%,记录统计,0,0,0,/);
  });

  test('the CLI: its own template, and one line naming each mistake', () => {
    const base = ['report', '--db', h.fx.db, '--org', '2', '--year', '2023'];
    const tpl = path.join(h.fx.dir, 'mine.md');
    fs.writeFileSync(tpl, '# {{org}}\n\n申请{{disclosure.received|count:件}}{{disclosure.received|compare:件}}。\n');
    let r = cli([...base, '--template', tpl]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '# 北碚区规划和自然资源局\n\n申请3件，与去年相比增加2件。\n');
    fs.writeFileSync(tpl, '# {{org}}\n\n{{disclosure.recieved|count:件}}\n');
    r = cli([...base, '--template', tpl]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /template line 3: unknown indicator 'disclosure\.recieved'/);
    for (const [args, code, msg] of [
      [['--format', 'pdf'], 2, /--format: 'pdf' is not md, html, docx or xlsx/],
      [['--format', 'docx'], 2, /--out: required with --format docx/],
      [['--date', '2024-02-30'], 2, /date/],
      [['--template', path.join(h.fx.dir, 'none.md')], 1, /--template: .*none\.md/],
    ]) {
      r = cli([...base, ...args]);
      assert.equal(r.status, code, `${args}: ${r.stderr}`);
      assert.match(r.stderr, msg);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    r = cli(['report', '--db', h.fx.db, '--org', '无此单位', '--year', '2023']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--org: no organisation '无此单位'/);
  });

  test('bad requests name the parameter', async () => {
    assertError(await get(`${A}?year=2023&format=pdf`), 400, 'invalid', 'format');
    assertError(await get(`${A}?format=md`), 400, 'invalid', 'year');
    assertError(await get(`${A}?year=2023&date=2024-13-01`), 400, 'invalid', 'date');
    assertError(await get(`${A}?year=2023&org_id=999`), 404, 'not_found', 'org_id');
  });

  // Last: the settings change the bureau's report for the tests after.
  test("the organisation's settings: how it writes its figures, what it is called, its own template", async () => {
    const { admin } = await loginAdmins(h);
    const set = (key, json, s = admin) => h.srv.req('PUT', `/api/v1/orgs/2/settings/${key}`, { session: s, json });
    const md = async () => (await get(`${A}?year=2023&format=md&date=2024-01-23`)).text;
    const before = await md();
    // refused, naming the field, and nothing changes
    assertError(await set('report.style', { 'disclosure.recieved': { unit: '份' } }), 400, 'invalid', 'disclosure.recieved');
    assertError(await set('report.style', { 'disclosure.received': { decimals: 9 } }), 400, 'invalid', 'disclosure.received');
    assertError(await set('report.style', { 'disclosure.received': { colour: 'red' } }), 400, 'invalid', 'disclosure.received');
    assertError(await set('report.voice', { region: 1 }), 400, 'invalid', 'region');
    assertError(await set('report.template', { text: '# {{org}}\n\n{{say:disclosure.recieved}}\n' }), 400, 'invalid', 'text');
    assertError(await set('report.template', { text: '# {{org}}\n\n{{disclosure.received|count:件}\n' }), 400, 'invalid', 'text');
    assertError(await set('report.style', { 'disclosure.received': { unit: '份' } }, fazhi), 403, 'forbidden');
    assert.equal(await md(), before);
    assert.equal((await get('/api/v1/orgs/2/settings/report.style')).json.value, null);
    // the style: 份 for the catalogue's 件, for that figure (not the others)
    let r = await set('report.style', { 'disclosure.received': { unit: '份' } });
    assert.equal(r.status, 200, r.text);
    assert.ok((await md()).includes('收到政府信息公开申请3份，与去年相比增加2份'));
    assert.deepEqual((await get('/api/v1/orgs/2/settings/report.style')).json.value, { 'disclosure.received': { unit: '份' } });
    // the voice and a template of its own, one statement chosen
    r = await set('report.voice', { region: '县' });
    assert.equal(r.status, 200, r.text);
    r = await set('report.template', { text: '# {{org}}的报告\n\n{{say:disclosure.received}}代{{region}}政府。\n' });
    assert.equal(r.status, 200, r.text);
    assert.equal(await md(), '# 北碚区规划和自然资源局的报告\n\n收到政府信息公开申请3份，与去年相比增加2份，正在办理4件。代县政府。\n');
    // its sections are its template's: none here
    assert.deepEqual((await get(`${A}/sections?year=2023`)).json.sections, []);
    // each change an event of the organisation
    const events = (await allEvents(h.srv, auditor, 2)).filter((e) => e.type === 'org.setting');
    assert.deepEqual(events.map((e) => e.data.key).slice(-3), ['report.style', 'report.voice', 'report.template']);
  });
});
