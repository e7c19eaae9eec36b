// helpers.mjs — what the browser tests share: Debian's Chromium driven by
// playwright-core (never a downloaded browser), a fresh page per test, signing
// in through the real form, and screenshots into tests/out/ for a human to look at.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const OUT = resolve('tests/out');

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    headless: true,
  });
}

// A new context (own cookies and storage) and page; errors in the page's own
// scripts are collected in page.errors so a test can assert there were none.
export async function newPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  // a blocked inline script or style would only show up in the console
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) page.errors.push(m.text());
  });
  page.setDefaultTimeout(10000);
  return page;
}

// Signs in through the form, as a user would, and waits for the header.
export async function signIn(page, url, username, password) {
  await page.goto(`${url}/#/plans`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  // attached, not visible: on a phone the button sits in the collapsed menu
  await page.getByRole('button', { name: 'Đăng xuất', includeHidden: true }).waitFor({ state: 'attached' });
}

export async function screenshot(page, name) {
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: resolve(OUT, `${name}.png`), fullPage: true });
}

export const DEMO_PLAN_CODES = ['KH-MTTQ-DDK', 'DA-NHATRO', 'DA-RACTHAI', 'DA-OCOP', 'DA-CCB-ANTT', 'DA-NANGLUCSO'];
