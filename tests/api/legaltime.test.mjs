// legaltime.test.mjs - the calendar, the statutory rules and due dates over
// the API: dates across National Day 2024 worked out by hand from
// 国办发明电〔2023〕7号, calendar_incomplete for a year without data, an
// override of a period for one organisation (audited), a calendar import
// (audited), and bad input that names its field and changes nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, allEvents, useServer } from './lib.mjs';

const h = useServer();

async function sessions() {
  await h.ready;
  return {
    admin: await h.srv.login('admin', h.fx.pw('admin')),
    fazhi: await h.srv.login('fazhi', h.fx.pw('fazhi')),
    auditor: await h.srv.login('auditor', h.fx.pw('auditor')),
  };
}

test('due dates across National Day 2024 and with a pause', async () => {
  const { fazhi } = await sessions();
  // 20 working days after Fri 2024-09-27: Sun 9-29 (调休上班) 1, 9-30 2,
  // 10-1..10-7 off, 10-8..10-11 3-6, Sat 10-12 (调休上班) 7, 10-14..10-18
  // 8-12, 10-21..10-25 13-17, 10-28 18, 10-29 19, 10-30 20.
  let r = await h.srv.req('GET', '/api/v1/deadline?from=2024-09-27&rule=disclosure.reply', { session: fazhi });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.due, '2024-10-30');
  assert.equal(r.json.calendar_incomplete, false);
  assert.equal(r.json.rule.id, 'disclosure.reply');
  assert.ok(r.json.skipped.some((d) => d.date === '2024-10-01' && d.name === '国庆节'), r.text);
  assert.ok(r.json.adjusted_working_days.some((d) => d.date === '2024-10-12'), r.text);
  // The same with the clock stopped 10-08..10-09 (two working days): 11-01.
  r = await h.srv.req('GET', '/api/v1/deadline?from=2024-09-27&working_days=20&pauses=2024-10-08..2024-10-09', {
    session: fazhi,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.due, '2024-11-01');
  assert.equal(r.json.pauses[0].working_days_not_counted, 2);
});

test('a period running into a year without data is flagged', async () => {
  const { fazhi } = await sessions();
  const r = await h.srv.req('GET', '/api/v1/deadline?from=2026-12-20&working_days=20', { session: fazhi });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.calendar_incomplete, true);
  assert.deepEqual(r.json.years_without_data, [2027]);
  const y = await h.srv.req('GET', '/api/v1/calendar/2027', { session: fazhi });
  assert.equal(y.json.has_data, false);
});

test('bad input names its field', async () => {
  const { fazhi } = await sessions();
  const cases = [
    ['from=2024-02-30&working_days=5', 'from'],
    ['working_days=5', 'from'],
    ['from=2024-02-01&working_days=-3', 'working_days'],
    ['from=2024-02-01&working_days=99999', 'working_days'],
    ['from=2024-02-01&calendar_days=abc', 'calendar_days'],
    ['from=2024-02-01&working_days=5&calendar_days=5', 'working_days'],
    ['from=2024-02-01&rule=no.such.rule', 'rule'],
    ['from=2024-02-01&working_days=5&pauses=2024-02-05', 'pauses'],
    ['from=2024-02-01&working_days=5&pauses=2024-02-09..2024-02-05', 'pauses'],
    ['from=2024-02-01&working_days=5&soon=-1', 'soon'],
  ];
  for (const [q, field] of cases) {
    const r = await h.srv.req('GET', `/api/v1/deadline?${q}`, { session: fazhi });
    assertError(r, 400, 'invalid', field);
  }
  assertError(await h.srv.req('GET', '/api/v1/calendar/1800', { session: fazhi }), 400, 'invalid', 'year');
});

test('an organisation overrides a period; the override is audited', async () => {
  const { admin, fazhi, auditor } = await sessions();
  const before = await allEvents(h.srv, auditor, 2);
  // Only the system administrator may override.
  assertError(
    await h.srv.req('PUT', '/api/v1/rules/petition.handle/override', { session: fazhi, json: { org_id: 2, days: 45 } }),
    403,
    'forbidden',
  );
  assertError(
    await h.srv.req('PUT', '/api/v1/rules/petition.handle/override', { session: admin, json: { org_id: 2, days: 0 } }),
    400,
    'invalid',
    'days',
  );
  assertError(
    await h.srv.req('PUT', '/api/v1/rules/no.such/override', { session: admin, json: { org_id: 2, days: 45 } }),
    404,
    'not_found',
    'rule',
  );
  assertError(
    await h.srv.req('PUT', '/api/v1/rules/report.submission/override', { session: admin, json: { org_id: 2, days: 5 } }),
    422,
    'refused',
    'rule',
  );
  assert.equal((await allEvents(h.srv, auditor, 2)).length, before.length, 'refusals wrote events');
  const ok = await h.srv.req('PUT', '/api/v1/rules/petition.handle/override', {
    session: admin,
    json: { org_id: 2, days: 45 },
  });
  assert.equal(ok.status, 200, ok.text);
  // 45 days after 2024-09-27 is Mon 2024-11-11 for the bureau (org 2);
  // the government (org 1) keeps 60: Tue 2024-11-26.
  const mine = await h.srv.req('GET', '/api/v1/deadline?from=2024-09-27&rule=petition.handle', { session: fazhi });
  assert.equal(mine.json.due, '2024-11-11', mine.text);
  assert.equal(mine.json.overridden_by_org, 2);
  const gov = await h.srv.req('GET', '/api/v1/deadline?from=2024-09-27&rule=petition.handle', { session: admin });
  assert.equal(gov.json.due, '2024-11-26', gov.text);
  const rules = await h.srv.req('GET', '/api/v1/rules', { session: fazhi });
  const rule = rules.json.rules.find((x) => x.id === 'petition.handle');
  assert.equal(rule.days, 45);
  assert.equal(rule.national_days, 60);
  const after = await allEvents(h.srv, auditor, 2);
  assert.equal(after.length, before.length + 1);
  assert.equal(after.at(-1).type, 'rule.override');
  assert.equal(after.at(-1).data.days, 45);
});

test('a calendar year is imported through the API, audited; a bad file changes nothing', async () => {
  const { admin, fazhi, auditor } = await sessions();
  const sys0 = await allEvents(h.srv, auditor, 0);
  const bad = 'year 2030\noff 2030-02-30 春节\n';
  assertError(
    await h.srv.req('POST', '/api/v1/calendar/import', { session: admin, json: { text: bad } }),
    400,
    'invalid',
  );
  assert.equal((await h.srv.req('GET', '/api/v1/calendar/2030', { session: fazhi })).json.has_data, false);
  assertError(
    await h.srv.req('POST', '/api/v1/calendar/import', { session: fazhi, json: { text: 'year 2030\n' } }),
    403,
    'forbidden',
  );
  const text = 'year 2030\nsource test\noff 2030-01-01 元旦\n';
  const r = await h.srv.req('POST', '/api/v1/calendar/import', { session: admin, json: { text } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.years_imported, 1);
  const sys1 = await allEvents(h.srv, auditor, 0);
  assert.equal(sys1.length, sys0.length + 1, 'one event for the import, none for the refusals');
  assert.equal(sys1.at(-1).type, 'calendar.import');
  assert.deepEqual(sys1.at(-1).data.years, [2030]);
  const y = await h.srv.req('GET', '/api/v1/calendar/2030', { session: fazhi });
  assert.equal(y.json.has_data, true);
  assert.deepEqual(y.json.days, [{ date: '2030-01-01', working: false, name: '元旦' }]);
  // 1 working day after Mon 2029-12-31... 2029 has no data: flagged; from
  // 2030-01-01 (Tue, now a holiday) +1 working day is Wed 2030-01-02.
  const d = await h.srv.req('GET', '/api/v1/deadline?from=2029-12-31&working_days=1', { session: fazhi });
  assert.equal(d.json.due, '2030-01-02', d.text);
});
