// screenshot-workbench.mjs - the picture of the 工作台 in docs/ (docs/web.md):
// log in to a running fazhi in Debian's chromium, open the workbench on a
// year, save a PNG.
//
//   node web/scripts/screenshot-workbench.mjs URL USER PASSWORD YEAR OUT.png
import { chromium } from 'playwright-core';

const [url, user, password, year, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: screenshot-workbench.mjs URL USER PASSWORD YEAR OUT.png');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.FZ_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  page.setDefaultTimeout(20000);
  await page.goto(`${url}/login`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/workbench');
  const input = page.getByRole('combobox', { name: '年度' });
  await page.locator('.el-select__wrapper', { has: input }).click();
  await page.locator(`#${await input.getAttribute('aria-controls')}`).getByRole('option', { name: `${year}年`, exact: true }).click();
  await page.waitForLoadState('networkidle');
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1500); // chart animations
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
