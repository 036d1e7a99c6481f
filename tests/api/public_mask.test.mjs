// public_mask.test.mjs - issue 16, "masking of every public text": what the
// portal serves without an account never shows a natural person of the
// record by name, ID number, phone or street number, wherever the text
// (title, place, decision text) mentions them; a legal person's name is
// shown and its legal representative masked; the step that publishes
// records what was masked where (counts, never values). Checked on cases
// with random parties through the API, and on every public list of the
// demo's records, record by record.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, certifyOfficers, fazhi as runFazhi, makeFixture, sqlite, useServer } from './lib.mjs';

const C = '/api/v1/records/enforcement_case';

// A small generator with a seed, so that a failure can be replayed.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '欧阳', '司马'];
const GIVEN = '建国丽华伟强秀英明军德兴志平桂芳子涵雨轩';
const pick = (r, a) => a[Math.floor(r() * a.length)];
const digits = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
function person(r) {
  let given = '';
  for (let i = 0, n = 1 + Math.floor(r() * 2); i < n; i++) given += pick(r, [...GIVEN]);
  const surname = pick(r, SURNAMES);
  const village = pick(r, ['大磨滩村', '五星村', '金刚村', '石坝子村']);
  const street = `${village}${1 + Math.floor(r() * 9)}组${10 + Math.floor(r() * 80)}号`;
  return {
    party_type: 'person', name: surname + given, surname,
    id_number: `500109${1950 + Math.floor(r() * 50)}0${1 + Math.floor(r() * 9)}1${digits(r, 1)}${digits(r, 3)}${pick(r, ['X', '1', '7'])}`,
    phone: `13${3 + Math.floor(r() * 7)}${digits(r, 8)}`,
    address: `北碚区歇马街道${street}`, street,
  };
}
function company(r) {
  return {
    party_type: 'organisation', name: `重庆${pick(r, ['金源', '渝兴', '鼎盛', '华宇'])}${pick(r, ['建材', '砂石', '置业'])}有限公司`,
    id_number: `91500109${digits(r, 9)}X`, legal_representative: pick(r, SURNAMES) + pick(r, [...GIVEN]) + pick(r, [...GIVEN]),
    phone: `023-6${digits(r, 7)}`, address: `北碚区童家溪镇同兴路${10 + Math.floor(r() * 80)}号`,
  };
}
const clean = ({ surname, street, ...p }) => p; // eslint-disable-line no-unused-vars

describe('public texts masked with the record\'s own parties (random parties)', () => {
  const h = useServer();
  let s;
  const seed = Number(process.env.FZ_MASK_SEED || 20261207);
  const cases = [];
  const post = (p, json) => h.srv.req('POST', p, { session: s, json });
  const ok = (r) => {
    assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
    return r.json;
  };
  const take = async (id, name, json) => ok(await post(`${C}/${id}/transitions/${name}`, json));

  before(async () => {
    s = await h.srv.login('fazhi', h.fx.pw('fazhi'));
    const z = await h.srv.login('zhifa', h.fx.pw('zhifa'));
    await certifyOfficers(h.srv, s, [['张敏', s.user.id, '50010923001'], ['李强', z.user.id, '50010923002']]);
    const r = rng(seed);
    for (let i = 0; i < 6; i++) {
      const p = person(r);
      const co = i % 2 ? company(r) : null;
      const parties = co ? [clean(p), co] : [clean(p)];
      // the texts mention the parties as staff write them
      const c = ok(await post(C, {
        case_title: `${p.name}${co ? `、${co.name}` : ''}涉嫌非法占地案`, clue_source: 'patrol', clue_on: '2024-03-01',
        parties, location: `歇马街道${p.street}旁`, violation_type: 'illegal_occupation', land_area: 100 + i,
      }));
      await take(c.id, 'begin_verification', { verify_started_on: '2024-03-04' });
      await take(c.id, 'file_case', { filed_on: '2024-03-05', filing_approver: '李局长', investigators: [s.user.id, z.user.id] });
      await take(c.id, 'finish_investigation', { investigation_done_on: '2024-03-20', parties });
      const text = `当事人${p.name}（身份证号${p.id_number}，联系电话${p.phone}，住${p.address}）` +
        `${co ? `与${co.name}（法定代表人${co.legal_representative}，电话${co.phone}）` : ''}未经批准占用集体土地，罚款伍仟元`;
      await take(c.id, 'propose', { reviewed_on: '2024-03-25', decision_type: 'penalty', fine: 5000, decision_text: text });
      await take(c.id, 'notify', { notified_on: '2024-04-01' });
      await take(c.id, 'decide', { decided_on: '2024-04-10', decision_number: `碚规资罚〔2024〕${40 + i}号`, deciders: [s.user.id, z.user.id], decision_type: 'penalty', fine: 5000 });
      await take(c.id, 'publish', { published_on: '2024-04-12' });
      cases.push({ id: c.id, p, co, number: `碚规资罚〔2024〕${40 + i}号` });
    }
  });

  test('no person of a case is named, numbered or placed in its public entry; companies are shown', async () => {
    const pub = await h.srv.req('GET', '/api/v1/public/enforcement_case/list?per_page=100');
    assert.equal(pub.status, 200, pub.text);
    for (const { p, co, number } of cases) {
      const item = pub.json.items.find((x) => x.decision_number === number);
      assert.ok(item, `${number} not listed (seed ${seed})`);
      const text = JSON.stringify(item);
      for (const secret of [p.name, p.id_number, p.phone, p.address, p.street])
        assert.ok(!text.includes(secret), `${secret} in ${text} (seed ${seed})`);
      // the person as 张某某, in the title and the text alike
      assert.ok(item.case_title.startsWith(`${p.surname}某某`), item.case_title);
      assert.match(item.decision_text, new RegExp(`当事人${p.surname}某某（身份证号500109\\*{8}`));
      assert.match(item.location, /^歇马街道.*村\*组\*\*号旁$/);
      if (co) {
        // a legal person's name as a 公示 shows it; its representative and phone masked
        assert.equal(item.parties[1].name, co.name);
        assert.ok(item.case_title.includes(co.name), item.case_title);
        assert.ok(item.decision_text.includes(co.name));
        for (const secret of [co.legal_representative, co.phone])
          assert.ok(!text.includes(secret), `${secret} in ${text} (seed ${seed})`);
      }
    }
  });

  test('the step that publishes records what was masked where, without the values', async () => {
    const { id, p } = cases[1];
    const hist = await h.srv.req('GET', `${C}/${id}/history`, { session: s });
    assert.equal(hist.status, 200, hist.text);
    const ev = hist.json.events.find((e) => e.type === 'record.publish');
    assert.ok(ev, hist.text);
    const m = ev.data.published_masked;
    assert.ok(m, JSON.stringify(ev));
    assert.equal(m.case_title.name, 1);
    assert.equal(m.location.address, 1);
    assert.deepEqual(
      { name: m.decision_text.name, id: m.decision_text.id_number, address: m.decision_text.address },
      { name: 2, id: 1, address: 1 }, // the person and the representative; the company's number is not a person's
    );
    assert.ok(m.decision_text.phone >= 2, JSON.stringify(m));
    assert.equal(m.parties.name, 2); // the person and the representative
    assert.ok(!JSON.stringify(m).includes(p.name));
    // the other steps carry no such record
    assert.ok(!hist.json.events.some((e) => e.type !== 'record.publish' && e.data && e.data.published_masked));
  });
});

// The declarations' masked and personal fields, item fields included: the
// values of a record's natural persons (unmasked_when not holding).
function personalValues(decl, data) {
  const out = [];
  const walk = (fields, where) => {
    for (const f of fields) {
      const v = where[f.name];
      if (f.type === 'objects' && Array.isArray(v)) {
        for (const item of v) walk(f.items, item);
        continue;
      }
      if (!(f.mask || f.personal) || typeof v !== 'string' || v.length < 2) continue;
      const u = f.unmasked_when;
      if (u && u.values.includes(where[u.field])) continue;
      out.push(v);
    }
  };
  walk(decl.fields, data);
  return out;
}

describe('every public list of the demo, record by record', () => {
  let fx, srv, kinds;

  before(async () => {
    fx = makeFixture();
    const run = runFazhi(['demo', '--db', fx.db], { timeout: 300000 });
    assert.equal(run.status, 0, run.stderr);
    srv = await Server.start(fx.db, []);
    const s = await srv.login('fazhi', fx.pw('fazhi'));
    const pub = (await srv.req('GET', '/api/v1/public/kinds')).json.kinds.filter((k) => k.list);
    kinds = [];
    for (const k of pub) kinds.push((await srv.req('GET', `/api/v1/kinds/${k.kind}`, { session: s })).json);
  });
  after(async () => {
    if (srv) await srv.stopClean();
    if (fx) fx.cleanup();
  });

  test('no natural person of a listed record appears in its entry; legal persons do', async () => {
    let entries = 0, persons = 0, companies = 0;
    for (const decl of kinds) {
      const rows = sqlite(fx.db, `SELECT number, data FROM records WHERE kind = '${decl.kind}'`)
        .split('\n').filter(Boolean).map((l) => {
          const i = l.indexOf('|');
          return [l.slice(0, i), JSON.parse(l.slice(i + 1))];
        });
      const data = new Map(rows);
      for (let page = 1; page <= 50; page++) {
        const r = await srv.req('GET', `/api/v1/public/${decl.kind}/list?per_page=100&page=${page}`);
        assert.equal(r.status, 200, r.text);
        for (const item of r.json.items) {
          entries++;
          const text = JSON.stringify(item);
          for (const v of personalValues(decl, data.get(item.number))) {
            persons++;
            assert.ok(!text.includes(v), `${decl.kind} ${item.number}: ${v} in ${text}`);
          }
          for (const p of item.parties || [])
            if (p.party_type === '法人或其他组织' && !p.name.includes('某')) companies++;
        }
        if (r.json.items.length < 100) break;
      }
    }
    assert.ok(entries > 50, `${entries} public entries`);
    assert.ok(persons > 50, `${persons} personal values checked`);
    assert.ok(companies > 0, 'no legal person shown by name');
  });
});
