// registers.test.mjs — a register in Chromium against a real server with the demo:
// a Tân Thanh officer finds a boarding house by typing its owner's name without
// diacritics, adds a boarding house that meets the "safe and civilised" checklist
// through the form generated from the register's schema (a bad number is caught at
// its field), and sees the computed indicator of the DA-NHATRO dashboard go up by one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, newPage, signIn, screenshot } from './helpers.mjs';

let server;
let browser;
let plan;

before(async () => {
  server = await startServer();
  browser = await launch();
  const c = new Client(server.url);
  await c.login('tanthanh.mttq', DEMO_PASSWORD);
  const plans = await c.get('/api/v1/plans?limit=100');
  plan = plans.body.items.find((p) => p.code === 'DA-NHATRO');
  assert.ok(plan, 'the demo has DA-NHATRO');
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function computedValue(page) {
  await page.goto(`${server.url}/#/plans/${plan.id}/dashboard?unit=07411`);
  const cell = page.locator('.computed-panel tr[data-code="NT08"] .computed-value');
  await cell.waitFor();
  const text = (await cell.textContent()).trim();
  return Number(text.split(' ')[0].replace(/\./g, '').replace(',', '.'));
}

test('adding a boarding house through the form raises the computed indicator on the dashboard', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'tanthanh.mttq', DEMO_PASSWORD);
  const before0 = await computedValue(page);
  assert.ok(Number.isFinite(before0), 'a number before');
  await screenshot(page, 'registers-dashboard-before');

  // the register's table: search without diacritics finds the owner
  await page.goto(`${server.url}/#/registers/boarding_house`);
  const firstOwner = (await page.locator('table.register-table tbody tr td.col-title a').first().textContent()).trim();
  const folded = firstOwner.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  await page.getByLabel('Tìm kiếm (không cần dấu)').fill(folded);
  await page.waitForFunction((name) => [...document.querySelectorAll('table.register-table td.col-title a')].some((a) => a.textContent === name), firstOwner);

  // the form from the schema
  await page.getByRole('link', { name: 'Thêm hồ sơ' }).click();
  await page.getByLabel('Chủ nhà trọ').fill('Giáp Văn Thuận');
  await page.getByLabel('Địa chỉ').fill('Số 5, thôn Hạ, xã Tân Thanh');
  await page.getByLabel('Số phòng').fill('12,5');
  await page.getByLabel('Số người ở').fill('1.020');
  for (const name of ['Có phương tiện phòng cháy, chữa cháy', 'Đăng ký tạm trú đầy đủ', 'Bảo đảm vệ sinh môi trường',
    'Niêm yết giá thuê phòng', 'Mật độ xây dựng trong giới hạn']) await page.getByLabel(name).check();
  await page.getByRole('button', { name: 'Thêm hồ sơ' }).click();
  await page.getByText('Phải là số nguyên').waitFor();
  await page.getByLabel('Số phòng').fill('12');
  await page.getByRole('button', { name: 'Thêm hồ sơ' }).click();
  await page.getByText('Đã thêm hồ sơ “Giáp Văn Thuận”.').waitFor();
  await screenshot(page, 'registers-list-after');

  const after1 = await computedValue(page);
  assert.equal(after1, before0 + 1);
  await screenshot(page, 'registers-dashboard-after');
  assert.deepEqual(page.errors, []);
});

test('the plan owner adds a field to the register\'s schema; the record form asks for it; old records keep their version', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'tinh.congdoan', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/registers/boarding_house/schema`);
  await page.getByRole('button', { name: 'Thêm trường' }).click();
  const row = page.locator('tr.field-row').last();
  await row.getByLabel('Tên trường').fill('union_group');
  await row.getByLabel('Nhãn').fill('Có tổ công đoàn');
  await row.getByLabel('Kiểu').selectOption('yesno');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByText('Đã lưu mẫu sổ (phiên bản 2).').waitFor();
  await page.goto(`${server.url}/#/registers/boarding_house/new`);
  await page.getByLabel('Có tổ công đoàn').waitFor();
  const c = new Client(server.url);
  await c.login('tinh.congdoan', DEMO_PASSWORD);
  const recs = await c.get('/api/v1/registers/boarding_house/records?limit=1000');
  assert.ok(recs.body.items.some((r) => r.schema_version === 1), 'old records keep schema version 1');
  await screenshot(page, 'registers-schema-new-field');
  assert.deepEqual(page.errors, []);
});
