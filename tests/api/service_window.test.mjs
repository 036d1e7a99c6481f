// service_window.test.mjs - 政务服务大厅窗口 through the API: windows opened
// and closed, counted at the year's end (a window closed on 31 December is
// not open at the year's end), of which 综合窗口 and its share, by level,
// opened and closed in the year; the records behind a figure; refusals (a
// close date before the open date, bad input) that write nothing.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, recordHelpers, useServer } from './lib.mjs';

const W = '/api/v1/records/service_window';

describe('service windows', () => {
  const h = useServer();
  const x = recordHelpers(h);
  const ids = {};

  const open = async (name, level, type, opened) =>
    (ids[name] = x.ok(await x.post(W, { window_name: name, hall: level === 'district_center' ? '北碚区政务服务中心' : '天生街道便民服务中心', level, window_type: type, opened_on: opened })));

  before(async () => {
    x.fazhi = await h.srv.login('fazhi', h.fx.pw('fazhi'));
  });

  test('windows opened and closed; a close date before the opening is refused and writes nothing', async () => {
    await open('综合受理一号窗口', 'district_center', 'comprehensive', '2023-05-01');
    await open('综合受理二号窗口', 'district_center', 'comprehensive', '2024-03-01');
    const w3 = await open('不动产登记专业窗口', 'district_center', 'specialised', '2022-01-10');
    await open('帮办代办窗口', 'town_center', 'assisted', '2024-02-01');
    const w5 = await open('社保医保专业窗口', 'town_center', 'specialised', '2024-08-01');
    await open('街道综合窗口', 'town_center', 'comprehensive', '2024-10-01');
    await open('街道新设综合窗口', 'town_center', 'comprehensive', '2025-01-05');
    const w8 = await open('临时咨询窗口', 'town_center', 'other', '2024-01-02');
    assert.equal(w5.state, 'open');

    // Closed before it opened: refused naming closed_on, the window stays
    // open with no close date.
    assertError(await x.take(W, w5.id, 'close', { closed_on: '2024-07-31', reason: '职能调整' }), 422, 'refused', 'closed_on');
    assertError(await x.take(W, w5.id, 'close', { closed_on: '2024-09-01' }), 400, 'invalid', 'reason');
    const still = await x.get(W, w5.id);
    assert.equal(still.state, 'open');
    assert.equal(still.data.closed_on, undefined);

    let r = x.ok(await x.take(W, w3.id, 'close', { closed_on: '2024-06-30', reason: '并入综合窗口' }));
    assert.equal(r.state, 'closed');
    assertError(await x.take(W, w3.id, 'close', { closed_on: '2024-07-01', reason: '再次' }), 422, 'refused', 'transition');
    // Closed on 31 December: not open at the year's end.
    r = x.ok(await x.take(W, w8.id, 'close', { closed_on: '2024-12-31', reason: '临时窗口撤销' }));
    assert.equal(r.data.closed_on, '2024-12-31');
    // The type is not corrected in place (a 专业窗口 made 综合 is a window
    // closed and one opened); name and hall are, with a reason.
    assertError(await x.take(W, w5.id, 'update', { window_type: 'comprehensive', reason: '改为综合窗口' }), 400, 'invalid', 'window_type');
    r = x.ok(await x.take(W, w5.id, 'update', { window_name: '社保医保窗口', reason: '更名' }));
    assert.equal(r.data.window_name, '社保医保窗口');
  });

  test('bad windows are refused naming the field, nothing written', async () => {
    const before = await x.total(W);
    const good = { window_name: '窗口', hall: '北碚区政务服务中心', level: 'district_center', window_type: 'comprehensive', opened_on: '2024-01-02' };
    for (const [extra, field] of [
      [{ window_type: 'express' }, 'window_type'],
      [{ level: 'city' }, 'level'],
      [{ opened_on: undefined }, 'opened_on'],
      [{ opened_on: '2024-02-30' }, 'opened_on'],
      [{ window_name: undefined }, 'window_name'],
      [{ closed_on: '2024-01-01' }, 'closed_on'],
    ]) {
      const b = { ...good, ...extra };
      for (const k of Object.keys(b)) if (b[k] === undefined) delete b[k];
      assertError(await x.post(W, b), 400, 'invalid', field);
    }
    // Opened in the future: refused.
    assertError(await x.post(W, { ...good, opened_on: '2199-01-05' }), 422, 'refused', 'opened_on');
    assert.equal(await x.total(W), before);
  });

  test('the figures of 2024 and the records behind them', async () => {
    const r = await h.srv.req('GET', '/api/v1/indicators?year=2024', { session: x.fazhi });
    assert.equal(r.status, 200, r.text);
    const ind = Object.fromEntries(r.json.indicators.map((i) => [i.id, i]));
    const v = (id) => ind[id].value;
    const groups = (id) => ind[id].groups.map((g) => [g.value, g.records]);
    // Open on 2024-12-31: 综合一号 (2023), 综合二号, 帮办代办, 社保医保,
    // 街道综合; not 不动产 (closed 6-30), 临时咨询 (closed 12-31), 街道新设
    // (2025).
    assert.equal(v('windows.open'), 5);
    assert.deepEqual(groups('windows.open'), [['assisted', 1], ['comprehensive', 3], ['specialised', 1]]);
    assert.equal(v('windows.comprehensive'), 3);
    assert.equal(v('windows.comprehensive_rate'), 60);
    assert.equal(ind['windows.comprehensive_rate'].decimals, 1);
    assert.deepEqual(ind['windows.comprehensive_rate'].ratio.num, 3);
    assert.deepEqual(ind['windows.comprehensive_rate'].ratio.den, 5);
    assert.equal(v('windows.assisted'), 1);
    assert.deepEqual(groups('windows.by_level'), [['district_center', 2], ['town_center', 3]]);
    // At the end of 2023: 综合一号 and 不动产: one of two is 综合.
    assert.equal(ind['windows.open'].previous, 2);
    assert.equal(ind['windows.comprehensive_rate'].previous, 50);
    assert.equal(v('windows.opened'), 5);
    assert.deepEqual(groups('windows.opened'), [['assisted', 1], ['comprehensive', 2], ['other', 1], ['specialised', 1]]);
    assert.equal(v('windows.closed'), 2);
    assert.deepEqual(groups('windows.closed'), [['other', 1], ['specialised', 1]]);

    const titles = async (id) => {
      const d = await h.srv.req('GET', `/api/v1/indicators/${id}/records?year=2024`, { session: x.fazhi });
      assert.equal(d.status, 200, d.text);
      return d.json.records.map((i) => i.title).sort();
    };
    assert.deepEqual(await titles('windows.comprehensive'), ['综合受理一号窗口', '综合受理二号窗口', '街道综合窗口'].sort());
    assert.deepEqual(await titles('windows.comprehensive_rate'), await titles('windows.comprehensive'));
    assert.deepEqual(await titles('windows.closed'), ['不动产登记专业窗口', '临时咨询窗口'].sort());
    assert.deepEqual(await titles('windows.open'), ['综合受理一号窗口', '综合受理二号窗口', '帮办代办窗口', '社保医保窗口', '街道综合窗口'].sort());
  });
});
