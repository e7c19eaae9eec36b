// admin.test.mjs — the administration screens in Chromium against a real
// server: editing an organisation when someone else saved first (409), a code
// already taken, creating a user who can then sign in, stored markup shown as
// text, and a session that ends while the page is open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ADMIN_PASSWORD } from '../lib/server.mjs';
import { launch, newPage, signIn, screenshot } from './helpers.mjs';

let server;
let browser;
let api;

before(async () => {
  server = await startServer();
  browser = await launch();
  api = new Client(server.url);
  await api.login('admin', ADMIN_PASSWORD);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function findOrg(code) {
  const r = await api.get(`/api/v1/organizations?q=${encodeURIComponent(code)}&limit=50`);
  return r.body.items.find((o) => o.code === code);
}

test('editing an organisation someone else just changed shows the conflict, then saves after reloading', async () => {
  const org = await findOrg('women-217');
  assert.ok(org, 'demo organisation women-217 exists');
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: 'Cơ quan, tổ chức' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cơ quan, tổ chức' }).waitFor();
  await page.getByRole('searchbox', { name: 'Tìm kiếm' }).fill('women-217');
  await page.getByRole('link', { name: org.name }).click();
  const name = page.getByRole('textbox', { name: 'Tên cơ quan, tổ chức' });
  await name.waitFor();
  assert.equal(await name.inputValue(), org.name);
  await page.getByText('Đơn vị: Huyện Lạng Giang').waitFor();

  // someone else saves first
  const other = await api.patch(`/api/v1/organizations/${org.id}`, { version: org.version, name: `${org.name} (bản của người khác)` });
  assert.equal(other.status, 200, JSON.stringify(other.body));

  await name.fill('Hội Liên hiệp Phụ nữ huyện Lạng Giang');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Dữ liệu đã bị thay đổi' });
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /chưa được lưu/);
  await screenshot(page, 'org-conflict');

  await conflict.getByRole('button', { name: 'Tải lại bản mới nhất' }).click();
  await page.waitForFunction((v) => document.querySelector('input[name=name]')?.value === v, `${org.name} (bản của người khác)`);
  await name.fill('Hội Liên hiệp Phụ nữ huyện Lạng Giang');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByText('Đã lưu thay đổi của “Hội Liên hiệp Phụ nữ huyện Lạng Giang”.').waitFor();
  const saved = (await api.get(`/api/v1/organizations/${org.id}`)).body;
  assert.equal(saved.name, 'Hội Liên hiệp Phụ nữ huyện Lạng Giang');
  assert.equal(saved.version, org.version + 2);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a code already taken is shown next to the code field', async () => {
  const org = await findOrg('mttq-217');
  assert.ok(org, 'demo organisation mttq-217 exists');
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${server.url}/#/admin/organizations/${org.id}`);
  const code = page.getByRole('textbox', { name: 'Mã', exact: true });
  await code.waitFor();
  await code.fill('women-217');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.waitForFunction(() => document.querySelector('input[name=code]')?.getAttribute('aria-invalid') === 'true');
  const describedBy = await code.getAttribute('aria-describedby');
  const message = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText();
  assert.ok(message.length > 0, 'the field says what is wrong');
  assert.equal(await page.getByText('Dữ liệu đã bị thay đổi').count(), 0, 'not mistaken for a stale version');
  assert.equal((await api.get(`/api/v1/organizations/${org.id}`)).body.code, 'mttq-217');
  await page.context().close();
});

test('an admin creates a user through the form, and that user can sign in', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await page.getByRole('heading', { level: 1, name: 'Người dùng' }).waitFor();
  await page.getByRole('link', { name: 'Thêm người dùng' }).click();
  await page.getByRole('textbox', { name: 'Tên đăng nhập' }).fill('thu.nghiem');
  await page.getByRole('textbox', { name: 'Họ và tên' }).fill('Đỗ Thị Thử Nghiệm');
  await page.getByRole('searchbox', { name: 'Tìm Cơ quan, tổ chức' }).fill('Tân Thanh');
  const option = page.locator('select option', { hasText: 'Hội LHPN xã Tân Thanh' });
  await option.first().waitFor({ state: 'attached' });
  await page.getByRole('combobox', { name: 'Cơ quan, tổ chức' }).selectOption(await option.first().getAttribute('value'));
  await page.getByRole('combobox', { name: 'Vai trò' }).selectOption('officer');
  await page.getByLabel('Mật khẩu', { exact: false }).fill('Thử-nghiệm-2026!');
  await page.getByRole('button', { name: 'Thêm mới' }).click();
  await page.getByText('Đã thêm người dùng “thu.nghiem”.').waitFor();
  await page.getByRole('searchbox', { name: 'Tìm kiếm' }).fill('thu.nghiem');
  const row = page.locator('table.data-table tbody tr', { hasText: 'thu.nghiem' });
  await row.waitFor();
  assert.match(await row.innerText(), /Hội LHPN xã Tân Thanh/);
  assert.match(await row.innerText(), /Cán bộ/);

  const other = await newPage(browser);
  await signIn(other, server.url, 'thu.nghiem', 'Thử-nghiệm-2026!');
  assert.match(await other.locator('#site-header').innerText(), /Đỗ Thị Thử Nghiệm/);
  await other.context().close();

  // edit: change the role; the list shows it
  await row.getByRole('link', { name: 'thu.nghiem' }).click();
  await page.getByRole('combobox', { name: 'Vai trò' }).selectOption('viewer');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByText('Đã lưu thay đổi của người dùng “thu.nghiem”.').waitFor();
  await page.getByRole('searchbox', { name: 'Tìm kiếm' }).fill('thu.nghiem');
  await page.locator('table.data-table tbody tr', { hasText: 'thu.nghiem' }).filter({ hasText: 'Người xem' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('stored markup in a name is shown as text and never runs', async () => {
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>Tổ chức thử';
  const created = await api.post('/api/v1/organizations', { name: evil, code: 'mttq-thu', system: 'mttq', unit: '24' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${server.url}/#/admin/organizations?q=mttq-thu`);
  await page.getByRole('link', { name: evil }).waitFor();
  await page.getByRole('link', { name: evil }).click();
  await page.getByRole('heading', { level: 1, name: `Sửa: ${evil}` }).waitFor();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('main img, main script').count(), 0);
  await page.context().close();
});

test('when the session ends the next screen asks to sign in again', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();
  await page.context().clearCookies();
  await page.getByRole('link', { name: 'Đơn vị hành chính' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByText('Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Đăng xuất' }).count(), 0);
  // signing in again lands where the user was going
  await page.getByLabel('Tên đăng nhập').fill('admin');
  await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đơn vị hành chính' }).waitFor();
  await page.context().close();
});
