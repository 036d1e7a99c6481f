// cli.test.mjs - the legal-time commands end to end: `fazhi calendar import`
// validates the whole file before writing, `calendar show` and
// `deadline --db` then use the imported year, `rules override` is audited;
// bad input exits 2 with one line naming the value and changes nothing.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Server, fazhi, makeFixture, sqlite } from './lib.mjs';

let fx;
before(() => {
  fx = makeFixture();
});
after(() => fx.cleanup());

function oneLine(r, code, re) {
  assert.equal(r.status, code, `${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], re);
}

test('calendar import, show and deadline --db', () => {
  const file = path.join(fx.dir, 'y2027.txt');
  fs.writeFileSync(file, 'year 2027\nsource 测试\noff 2027-01-01 元旦\n');
  // Without the year: 2026-12-31 + 1 working day is Fri 2027-01-01, flagged.
  let r = fazhi(['deadline', '--from', '2026-12-31', '--working-days', '1', '--db', fx.db]);
  assert.equal(r.stdout.trim(), '2027-01-01');
  assert.match(r.stderr, /calendar_incomplete/);
  r = fazhi(['calendar', 'import', '--db', fx.db, file]);
  assert.equal(r.status, 0, r.stderr);
  r = fazhi(['deadline', '--from', '2026-12-31', '--working-days', '1', '--db', fx.db]);
  assert.equal(r.stdout.trim(), '2027-01-04', r.stderr);
  assert.equal(r.stderr, '');
  r = fazhi(['calendar', 'show', '2027', '--db', fx.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /2027-01-01\t休息\t元旦/);
  // The built-in calendar alone still lacks 2027.
  oneLine(fazhi(['calendar', 'show', '2027']), 1, /no calendar data for 2027/);
  assert.equal(fazhi(['audit', 'verify', '--db', fx.db]).status, 0);
});

test('a malformed calendar file is refused whole; nothing changes', () => {
  const file = path.join(fx.dir, 'bad.txt');
  fs.writeFileSync(file, 'year 2028\noff 2028-01-01 元旦\noff 2028-02-30 春节\n');
  oneLine(fazhi(['calendar', 'import', '--db', fx.db, file]), 1, /2028-02-30/);
  oneLine(fazhi(['calendar', 'show', '2028', '--db', fx.db]), 1, /no calendar data for 2028/);
});

test('rules override is audited; bad values exit 2', () => {
  let r = fazhi(['rules', 'override', '--db', fx.db, '--org', '2', '--rule', 'petition.accept', '--days', '10']);
  assert.equal(r.status, 0, r.stderr);
  oneLine(fazhi(['rules', 'override', '--db', fx.db, '--org', '2', '--rule', 'petition.accept', '--days', '0']), 2, /--days/);
  oneLine(fazhi(['rules', 'override', '--db', fx.db, '--org', '2', '--rule', 'nope', '--days', '5']), 1, /nope/);
  oneLine(fazhi(['rules', 'override', '--db', fx.db, '--org', '99', '--rule', 'petition.accept', '--days', '5']), 1, /--org/);
  r = fazhi(['audit', 'verify', '--db', fx.db]);
  assert.equal(r.status, 0, r.stderr);
});

test('user passwd (the administrator reset, 三员分立) is audited; an unknown user writes nothing', () => {
  const count = (where) => Number(sqlite(fx.db, `SELECT count(*) FROM events WHERE ${where};`).trim());
  const before = count('1');
  const resets = count("type = 'user.password' AND actor = 'cli'");
  let r = fazhi(['user', 'passwd', '--db', fx.db, '--username', 'secadmin'], { input: 'Reset-By-Cli-2026!x\n' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(count("type = 'user.password' AND actor = 'cli'"), resets + 1);
  assert.equal(count('1'), before + 1);
  oneLine(fazhi(['user', 'passwd', '--db', fx.db, '--username', 'nobody'], { input: 'Reset-By-Cli-2026!x\n' }), 1, /--username: no user 'nobody'/);
  assert.equal(count('1'), before + 1);
  r = fazhi(['audit', 'verify', '--db', fx.db]);
  assert.equal(r.status, 0, r.stderr);
});

test('user add --integration: no password read, business roles only; passwd refuses it', () => {
  const count = () => Number(sqlite(fx.db, 'SELECT count(*) FROM events;').trim());
  const before = count();
  for (const roles of ['auditor', 'sysadmin', 'officer,secadmin'])
    oneLine(fazhi(['user', 'add', '--db', fx.db, '--org', '2', '--username', 'cli-api', '--roles', roles, '--integration']), 2, /--roles: /);
  oneLine(fazhi(['user', 'add', '--db', fx.db, '--org', '2', '--username', 'cli-adm', '--roles', 'auditor,viewer'], { input: 'Cli-Add-Passw0rd-1\n' }), 2, /业务角色/);
  assert.equal(count(), before);
  const r = fazhi(['user', 'add', '--db', fx.db, '--org', '2', '--username', 'cli-api', '--roles', 'officer', '--integration'], { input: '' });
  assert.equal(r.status, 0, r.stderr);
  const id = Number(r.stdout.trim());
  assert.equal(sqlite(fx.db, `SELECT integration || ',' || must_change || ',' || pw_hash FROM users WHERE user_id=${id};`).trim(), '1,0,!');
  const ev = JSON.parse(sqlite(fx.db, `SELECT data FROM events WHERE type='user.add' AND subject='user:${id}';`));
  assert.equal(ev.integration, true);
  oneLine(fazhi(['user', 'passwd', '--db', fx.db, '--username', 'cli-api'], { input: 'Cli-Pw-Passw0rd-1\n' }), 1, /集成账户没有密码/);
  assert.equal(fazhi(['audit', 'verify', '--db', fx.db]).status, 0);
});

test('a missing or unknown subcommand exits 2 listing the subcommands', () => {
  oneLine(fazhi(['user']), 2, /needs a subcommand: add, list, passwd, lock, unlock or roles$/);
  oneLine(fazhi(['org', 'remove']), 2, /no subcommand 'remove' \(add or list\)$/);
  // `fazhi report` is the annual report itself; a stray word is refused.
  oneLine(fazhi(['report', 'annual']), 2, /unexpected argument 'annual'$/);
  oneLine(fazhi(['report', 'disclosure-table', '--format', 'pdf', '--db', 'x', '--org', '1', '--year', '2023']), 2, /--format: 'pdf' is not md or xlsx$/);
  oneLine(fazhi(['audit']), 2, /needs a subcommand: verify, keygen or checkpoint$/);
  assert.match(fazhi(['rules', '--help']).stdout, /fazhi rules/);
});

test('deadline: bad input exits 2 naming the value', () => {
  oneLine(fazhi(['deadline', '--from', '2024-02-30', '--working-days', '5']), 2, /2024-02-30/);
  oneLine(fazhi(['deadline', '--from', '2024-02-01', '--working-days', '-5']), 2, /-5/);
  oneLine(fazhi(['deadline', '--from', '2024-02-01', '--working-days', '100000']), 2, /100000/);
  oneLine(fazhi(['deadline', '--from', '1899-12-31', '--working-days', '5']), 2, /1899-12-31/);
  oneLine(fazhi(['deadline', '--from', '2024-02-01', '--working-days', '5', '--pause', '2024-02-05']), 2, /--pause/);
  oneLine(fazhi(['deadline', '--from', '2024-02-01']), 2, /exactly one/);
  // Spring Festival 2024 (国办发明电〔2023〕7号): off 2-10..2-17, Sun 2-4 and
  // Sun 2-18 worked. 5 working days after Thu 2-8: Fri 2-9 1, Sun 2-18 2,
  // Mon 2-19..Wed 2-21 3-5.
  const r = fazhi(['deadline', '--from', '2024-02-08', '--working-days', '5']);
  assert.equal(r.stdout.trim(), '2024-02-21');
});

test('serve --kinds: a bad declaration stops the start with file and path; a good one is added', async () => {
  const dir = path.join(fx.dir, 'kinds');
  fs.mkdirSync(dir);
  const good = {
    kind: 'memo',
    label: '备忘',
    number_prefix: 'BW',
    title: 'text',
    fields: [{ name: 'text', label: '内容', type: 'text', required: true }],
    states: [{ name: 'open', label: '未办' }, { name: 'done', label: '已办', final: true }],
    initial: 'open',
    create: { roles: ['officer'], fields: ['text'] },
    transitions: [{ name: 'finish', label: '办结', from: ['open'], to: 'done', roles: ['officer'] }],
  };
  fs.writeFileSync(path.join(dir, 'memo.json'), JSON.stringify({ ...good, transitions: [{ ...good.transitions[0], to: 'closed' }] }));
  let r = fazhi(['serve', '--db', fx.db, '--listen', '127.0.0.1:0', '--kinds', dir], { timeout: 10000 });
  oneLine(r, 1, /memo\.json: \$\.transitions\[0\]\.to: unknown state 'closed'/);
  fs.writeFileSync(path.join(dir, 'memo.json'), '{"kind": "memo",');
  r = fazhi(['serve', '--db', fx.db, '--listen', '127.0.0.1:0', '--kinds', dir], { timeout: 10000 });
  oneLine(r, 1, /memo\.json: line \d+/);
  fs.writeFileSync(path.join(dir, 'memo.json'), JSON.stringify(good));
  const srv = await Server.start(fx.db, ['--kinds', dir]);
  try {
    const s = await srv.login('fazhi', fx.pw('fazhi'));
    const k = await srv.req('GET', '/api/v1/kinds', { session: s });
    const kinds = k.json.kinds.map((x) => x.kind);
    assert.ok(kinds.includes('memo') && kinds.includes('disclosure_request'), kinds.join());
    const c = await srv.req('POST', '/api/v1/records/memo', { session: s, json: { text: '周一开会' } });
    assert.equal(c.status, 201, c.text);
    assert.match(c.json.number, /^BW-\d{4}-00001$/);
  } finally {
    await srv.stopClean();
  }
});

test('serve on a port another server listens on stops with one line, not sharing the port', async () => {
  const srv = await Server.start(fx.db);
  try {
    const r = fazhi(['serve', '--db', fx.db, '--listen', `127.0.0.1:${srv.port}`], { timeout: 10000 });
    oneLine(r, 1, new RegExp(`--listen: 127\\.0\\.0\\.1:${srv.port} is in use`));
    const h = await srv.req('GET', '/healthz');
    assert.equal(h.status, 200);
  } finally {
    await srv.stopClean();
  }
});

test('guards at creation: a date in the future is refused, nothing written', async () => {
  const srv = await Server.start(fx.db);
  try {
    const s = await srv.login('fazhi', fx.pw('fazhi'));
    const before = (await srv.req('GET', '/api/v1/records/petition', { session: s })).json.total;
    const r = await srv.req('POST', '/api/v1/records/disclosure_request', {
      session: s,
      json: { applicant_type: 'natural_person', applicant_name: '甲', channel: 'in_person', submitted_on: '2099-01-01', content: '未来的申请' },
    });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.field, 'submitted_on');
    const m = await srv.req('POST', '/api/v1/records/disclosure_request', {
      session: s,
      json: { applicant_type: 'natural_person', applicant_name: '甲', channel: 'mail', submitted_on: '2024-03-05', signed_on: '2024-03-01', content: '先签收后寄出' },
    });
    assert.equal(m.status, 422, m.text);
    assert.equal(m.json.error.field, 'signed_on');
    assert.equal((await srv.req('GET', '/api/v1/records/petition', { session: s })).json.total, before);
  } finally {
    await srv.stopClean();
  }
});
