// indicators.test.mjs - the indicator language end to end (docs/kinds.md,
// "Indicators"): conditions beyond equality (罚款 > 0), a distinct count
// (法律顾问), a rate of summed parts (立案率 = filed / (filed + declined)),
// decimals; and no comparison where the year before has no records of the
// kind: previous and change are null in /indicators and the 工作台's
// figures, and the XLSX indicator table leaves last year's cell empty and
// says 上年无数据 instead of a change formula.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { certifyOfficers, recordHelpers, unzipEntry, useServer } from './lib.mjs';

const C = '/api/v1/records/enforcement_case';
const D = '/api/v1/records/disclosure_request';
const L = '/api/v1/records/legal_advice';
const PARTY = { party_type: 'person', name: '王建国', id_number: '500109198503152316' };

describe('indicators', () => {
  const h = useServer();
  const x = recordHelpers(h);
  let fazhi, zhifa, all;
  const get = (p) => h.srv.req('GET', p, { session: fazhi });
  const byId = (a) => Object.fromEntries(a.map((i) => [i.id, i]));

  // A case of 2023: filed (and decided with `fine` when given), or declined.
  const newCase = async (day, { fine, decline } = {}) => {
    const c = x.ok(await x.post(C, {
      case_title: '占地建房案', clue_source: 'patrol', clue_on: day, parties: [PARTY],
      violation_type: 'illegal_occupation', land_area: 100,
    }));
    x.ok(await x.take(C, c.id, 'begin_verification', { verify_started_on: day }));
    if (decline) return x.ok(await x.take(C, c.id, 'decline_filing', { not_filed_on: day, reason: '不构成违法' }));
    const officers = [fazhi.user.id, zhifa.user.id];
    x.ok(await x.take(C, c.id, 'file_case', { filed_on: day, filing_approver: '李局长', investigators: officers }));
    if (fine === undefined) return c;
    const decision = { decision_type: 'penalty', ...(fine === null ? {} : { fine }) };
    x.ok(await x.take(C, c.id, 'finish_investigation', { investigation_done_on: day }));
    x.ok(await x.take(C, c.id, 'propose', { reviewed_on: day, ...decision }));
    x.ok(await x.take(C, c.id, 'notify', { notified_on: day }));
    return x.ok(await x.take(C, c.id, 'decide', { decided_on: '2023-09-20', deciders: officers, ...decision }));
  };

  const advice = async (adviser, day) => {
    const a = x.ok(await x.post(L, { adviser_type: 'counsel', adviser, activity: 'meeting', subject: '党组会', requested_on: day, quantity: 1 }));
    x.ok(await x.take(L, a.id, 'complete', { done_on: day }));
  };

  before(async () => {
    fazhi = x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    zhifa = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    await certifyOfficers(h.srv, fazhi, [['张敏', fazhi.user.id, '50010923001'], ['李强', zhifa.user.id, '50010923003']], { from: '2022-01-01', to: '2029-12-31' });
    // cases of 2023 only: filed three (fined 20000, fined 0, no fine), declined one
    await newCase('2023-03-01', { fine: 20000 });
    await newCase('2023-04-01', { fine: 0 });
    await newCase('2023-05-01', { fine: null });
    await newCase('2023-06-01', { decline: true });
    // disclosure requests of both years: compared
    for (const day of ['2022-05-09', '2023-03-01', '2023-06-12'])
      x.ok(await x.post(D, { applicant_type: 'natural_person', applicant_name: '张三', channel: 'in_person', submitted_on: day, content: '规划许可文件' }));
    // three pieces of advice of two advisers
    await advice('重庆渝碚律师事务所', '2023-02-01');
    await advice('重庆渝碚律师事务所', '2023-03-01');
    await advice('重庆某某律师事务所', '2023-04-01');
    const r = await get('/api/v1/indicators?year=2023');
    assert.equal(r.status, 200, r.text);
    all = byId(r.json.indicators);
  });

  test('conditions, a distinct count, a rate of summed parts, decimals', () => {
    assert.equal(all['enforcement.cases_filed'].value, 3);
    assert.equal(all['enforcement.decisions'].value, 3);
    assert.equal(all['enforcement.fined_cases'].value, 1); // fine > 0: not 0, not unset
    const rate = all['enforcement.filing_rate'];
    assert.equal(rate.value, 75); // 3 filed of 3 + 1 declined
    assert.equal(rate.records, 4);
    assert.equal(rate.decimals, 1);
    assert.deepEqual(rate.ratio, {
      numerator: ['enforcement.cases_filed'],
      denominator: ['enforcement.cases_filed', 'enforcement.not_filed'],
      complement: false, num: 3, den: 4,
    });
    const advisers = all['advice.advisers'];
    assert.equal(advisers.value, 2);
    assert.equal(advisers.records, 3);
    assert.equal(advisers.distinct, 'adviser');
    assert.equal(all['advice.meetings'].value, 3);
    // one key set for every entry; no decimals where none is declared
    assert.equal(all['enforcement.cases_filed'].decimals, undefined);
    assert.deepEqual(Object.keys(all['disclosure.received']).sort(),
      ['change', 'groups', 'id', 'kind', 'label', 'previous', 'records', 'unit', 'value']);
  });

  test('no records of the kind the year before: previous and change are null', async () => {
    for (const id of ['enforcement.cases_filed', 'enforcement.fines', 'enforcement.filing_rate', 'advice.advisers']) {
      assert.equal(all[id].previous, null, id);
      assert.equal(all[id].change, null, id);
    }
    // a kind with records in 2022 is compared, 0 where 2022 had none
    assert.equal(all['disclosure.received'].previous, 1);
    assert.equal(all['disclosure.received'].change, 1);
    assert.equal(all['disclosure.replied'].previous, 0);
    assert.equal(all['disclosure.on_time_rate'].previous, 0);
    // the 工作台's figures are ind_all's
    const r = await get('/api/v1/dashboard/figures?year=2023&ids=enforcement.cases_filed,disclosure.received');
    assert.equal(r.status, 200, r.text);
    const [cases, recv] = r.json.figures;
    assert.equal(cases.value, 3);
    assert.equal(cases.previous, null);
    assert.equal(cases.change, null);
    assert.equal(recv.previous, 1);
    // the year after: 2023's cases are the comparison
    const next = byId((await get('/api/v1/indicators?year=2024')).json.indicators);
    assert.equal(next['enforcement.cases_filed'].previous, 3);
    assert.equal(next['enforcement.cases_filed'].change, -3);
    assert.equal(next['enforcement.filing_rate'].previous, 75);
  });

  test('the XLSX: an empty cell and 上年无数据 instead of a change', async () => {
    const res = await fetch(`${h.srv.base}/api/v1/reports/annual?year=2023&format=xlsx`, { headers: { cookie: fazhi.cookie } });
    assert.equal(res.status, 200);
    const body = Buffer.from(await res.arrayBuffer());
    const strings = [...unzipEntry(body, 'xl/sharedStrings.xml').toString('utf8').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
    const sheet = unzipEntry(body, 'xl/worksheets/sheet1.xml').toString('utf8');
    const rows = [...sheet.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/g)];
    const cells = (row) => Object.fromEntries([...row.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(.*?)<\/c>)/g)].map((m) => {
      const v = /<v>([^<]*)<\/v>/.exec(m[3] || '');
      const f = /<f>([^<]*)<\/f>/.exec(m[3] || '');
      return [m[1], { v: v && (/t="s"/.test(m[2]) ? strings[Number(v[1])] : v[1]), f: f && f[1] }];
    }));
    const rowOf = (id) => {
      const r = rows.find((m) => cells(m[2]).B?.v === id);
      assert.ok(r, `${id} not in the sheet`);
      return cells(r[2]);
    };
    const cases = rowOf('enforcement.cases_filed');
    assert.equal(cases.F.v, '3');
    assert.equal(cases.G, undefined); // last year: empty
    assert.equal(cases.H.v, '上年无数据');
    assert.equal(cases.H.f, null);
    const recv = rowOf('disclosure.received');
    assert.equal(recv.G.v, '1');
    assert.match(recv.H.f, /^F\d+-G\d+$/);
    // a rate's numerator and denominator are its parts' sums
    const rate = rowOf('enforcement.filing_rate');
    assert.equal(rate.J.v, '3');
    assert.equal(rate.K.v, '4');
    assert.match(rate.F.f, /^IF\(K\d+=0,0,J\d+\/K\d+\*100\)$/);
    assert.equal(rate.H.v, '上年无数据');
  });
});
