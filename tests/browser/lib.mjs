// lib.mjs - the harness of the browser tests: the API tests' fixture and
// server (tests/api/lib.mjs: a temporary database made by `fazhi init
// --demo`, a real `fazhi serve` on a free 127.0.0.1 port), and Debian's
// chromium driven by playwright-core (web/node_modules). Only loopback
// addresses are contacted; every wait has a time limit.
//
//   const b = useBrowser();
//   test('...', async () => {
//     const page = await b.page();          // watched: see below
//     await b.login(page, 'fazhi');
//     ...
//     await b.done(page);                   // asserts nothing went wrong
//   });
//
// Every page is watched: a console error, an uncaught exception, a failed
// request or an HTTP answer of 400 and above fails the test in b.done(),
// unless the test said it expects that answer (page.expectHttp(422,
// /transitions\/notify/): a guard's refusal is such an answer, and Chromium
// logs it as a console error too). An expected answer that never came fails
// the test as well.
//
// Screenshots go to FZ_SCREENSHOT_DIR (CMake: build/screenshots of the
// source tree, not committed).

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeFixture, request, Server, SOURCE_DIR } from '../api/lib.mjs';

export { request, SOURCE_DIR };

const { chromium } = await import(pathToFileURL(path.join(SOURCE_DIR, 'web/node_modules/playwright-core/index.mjs')).href);

export const CHROMIUM = process.env.FZ_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.FZ_SCREENSHOT_DIR || path.join(SOURCE_DIR, 'build/screenshots');
const STEP_MS = 15000; // the longest any single wait may take
const QUIET_MS = 300; // no request for this long: the screen has settled

function watch(page) {
  const problems = [];
  const expected = [];
  const matches = (e, status, url) => e.status === status && e.url.test(url);
  page.expectHttp = (status, url) => expected.push({ status, url, seen: 0 });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    const loc = (m.location() && m.location().url) || '';
    const st = /status of (\d{3})/.exec(text);
    if (st && expected.some((e) => matches(e, Number(st[1]), loc))) return;
    problems.push(`console error: ${text} (${loc})`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on('response', (r) => {
    if (r.status() < 400) return;
    const e = expected.find((x) => matches(x, r.status(), r.url()));
    if (e) e.seen++;
    else problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  // Requests in flight: a test settles (no request for QUIET_MS) before it
  // navigates away, so that nothing the last screen asked for is aborted.
  let inflight = 0;
  let last = Date.now(); // the last time a request started or ended
  const open = new Set();
  page.on('request', (r) => {
    inflight++;
    open.add(r);
    last = Date.now();
  });
  for (const ev of ['requestfinished', 'requestfailed'])
    page.on(ev, (r) => {
      inflight--;
      open.delete(r);
      last = Date.now();
    });
  // Settled: nothing in flight for QUIET_MS, and the page's main thread
  // idle (a big chunk being compiled makes no request, then starts some).
  page.settle = async () => {
    const until = Date.now() + STEP_MS;
    while (Date.now() < until) {
      if (inflight <= 0 && Date.now() - last >= QUIET_MS) {
        const mark = last;
        await page.evaluate(() => new Promise((r) => requestIdleCallback(() => r(), { timeout: 2000 })));
        if (inflight <= 0 && last === mark) return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${inflight} requests still in flight after ${STEP_MS} ms on ${page.url()}: ${[...open].map((r) => r.url().slice(0, 120)).join(' ')}`);
  };
  const goto = page.goto.bind(page);
  page.goto = async (url, opts) => {
    if (page.url() !== 'about:blank') await page.settle();
    return goto(url, opts);
  };
  // Go to a path of the interface without reloading it (as a link would):
  // vue-router follows the history's popstate.
  page.spa = async (p) => {
    await page.settle();
    await page.evaluate((to) => {
      window.history.pushState({}, '', to);
      window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
    }, p);
  };
  page.problems = problems;
  page.expected = expected;
  page.setDefaultTimeout(STEP_MS);
  page.setDefaultNavigationTimeout(STEP_MS);
  return page;
}

// A fixture, a server and a browser for the tests of one file (inside
// describe(), so that the hooks run in order).
export function useBrowser({ args = [] } = {}) {
  const b = { srv: null, fx: null, browser: null, contexts: [] };
  before(async () => {
    b.fx = makeFixture();
    b.srv = await Server.start(b.fx.db, args);
    b.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      timeout: 30000,
    });
  });
  after(async () => {
    try {
      if (b.browser) await b.browser.close();
    } finally {
      try {
        if (b.srv) await b.srv.stopClean();
      } finally {
        if (b.fx) b.fx.cleanup();
      }
    }
  });

  // A new page in its own context (no shared cookies or storage).
  b.page = async ({ width = 1366, height = 900, timezoneId, mobile = false } = {}) => {
    const ctx = await b.browser.newContext({
      viewport: { width, height },
      locale: 'zh-CN',
      timezoneId,
      isMobile: mobile,
      hasTouch: mobile,
      deviceScaleFactor: 1,
      acceptDownloads: true,
    });
    b.contexts.push(ctx);
    return watch(await ctx.newPage());
  };
  b.url = (p) => b.srv.base + p;
  b.pw = (u) => b.fx.pw(u);

  // Log in through the login page; lands on the first screen of the roles.
  b.login = async (page, username, password = b.fx.pw(username)) => {
    await page.goto(b.url('/login'));
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    // the first screen of the roles (or the password change) is drawn, and
    // has its data, before the test moves on
    await page.locator('.app-main h1, .pw-page h1').first().waitFor();
    await page.settle();
  };

  // The API as a user (setup that is not what the test is about).
  b.api = async (username) => {
    const s = await b.srv.login(username, b.fx.pw(username));
    const call = async (method, p, json) => {
      const r = await request(b.srv.base, method, p, { session: s, json });
      assert.ok(r.status < 300, `${method} ${p}: ${r.status} ${r.text}`);
      return r.json;
    };
    return { session: s, get: (p) => call('GET', p), post: (p, j) => call('POST', p, j || {}), put: (p, j) => call('PUT', p, j) };
  };

  // Nothing went wrong on the page, and every expected refusal came.
  b.done = async (page) => {
    await page.settle();
    assert.deepEqual(page.problems, [], `problems on ${page.url()}:\n${page.problems.join('\n')}`);
    for (const e of page.expected) assert.ok(e.seen > 0, `expected HTTP ${e.status} ${e.url} never came`);
    await page.context().close();
  };
  return b;
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.settle();
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

// ---- Element Plus controls, found by their labels ---------------------------

// The form item whose label is `label` (exact), within scope.
export function formItem(scope, label) {
  return scope
    .locator(`.el-form-item__label:text-is("${label}")`)
    .first()
    .locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " el-form-item ")][1]');
}

// Type a date (YYYY-MM-DD) into the date picker of a form item.
export async function fillDate(scope, label, date) {
  const input = formItem(scope, label).locator('input');
  await input.click();
  await input.fill(date);
  await input.press('Enter'); // parses the text and closes the panel
  assert.equal(await input.inputValue(), date, `the date picker of ${label} did not take ${date}`);
}

// Choose options of the select of a form item: one, or several (a
// multiple select stays open: Tab leaves it). Waits for the list to close.
export async function choose(scope, label, ...options) {
  const page = scope.page ? scope.page() : scope;
  const input = formItem(scope, label).locator('.el-select input').first();
  await formItem(scope, label).locator('.el-select__wrapper').click();
  const list = page.locator(`#${await input.getAttribute('aria-controls')}`);
  for (const option of options) await list.locator('.el-select-dropdown__item', { hasText: option }).first().click();
  if (options.length > 1) await input.press('Tab');
  await list.waitFor({ state: 'hidden' });
}

// Choose an option of a select outside any form, by its aria-label.
export async function chooseLabelled(page, label, option) {
  const input = page.getByRole('combobox', { name: label });
  await page.locator('.el-select__wrapper', { has: input }).click();
  const list = page.locator(`#${await input.getAttribute('aria-controls')}`);
  await list.getByRole('option', { name: option, exact: true }).click();
  await list.waitFor({ state: 'hidden' });
}

export async function fill(scope, label, text) {
  await formItem(scope, label).locator('input, textarea').first().fill(String(text));
}

// Every form control on the page has an accessible name (from the
// accessibility tree, as a screen reader gets it). A dropdown that is still
// closing when the tree is read is gone a moment later: the tree is read
// again for up to 2 s, and a control that stays unnamed fails.
export async function assertLabelled(page, where) {
  let unnamed = [];
  for (let i = 0; i < 10; i++) {
    unnamed = await unnamedControls(page);
    if (unnamed.length === 0) return;
    await page.waitForTimeout(200);
  }
  assert.deepEqual(unnamed, [], `unlabelled controls on ${where}`);
}

async function unnamedControls(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const roles = new Set(['textbox', 'combobox', 'checkbox', 'radio', 'spinbutton', 'searchbox', 'listbox', 'switch', 'slider']);
  const unnamed = [];
  for (const n of nodes) {
    if (n.ignored || !n.role || !roles.has(n.role.value) || (n.name && String(n.name.value || '').trim())) continue;
    let html = '';
    try {
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: n.backendDOMNodeId });
      const r = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { return this.outerHTML.slice(0, 200); }', returnByValue: true });
      html = r.result.value;
    } catch {
      html = `backend node ${n.backendDOMNodeId}`;
    }
    unnamed.push(`${n.role.value}: ${html}`);
  }
  await cdp.detach();
  return unnamed;
}

// The text of the deadline `name` in the record detail's 法定期限 tab.
export async function dueOf(page, name) {
  return (await page.locator(`[data-deadline="${name}"]`).first().textContent()).trim();
}
