// ui.test.mjs — the foundation as a user sees it in Chromium, against a real
// server with the demo database: sign-in, the plan list and a plan, the
// language switch, the unit search, a phone-sized screen, and what a commune
// officer may not see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ADMIN_PASSWORD, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, newPage, signIn, screenshot, DEMO_PLAN_CODES } from './helpers.mjs';

let server;
let browser;
let api;   // the same data read over HTTP, to compare with what the page shows

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

test('admin signs in and sees the six plans of the demo province', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('heading', { level: 1, name: 'Kế hoạch, đề án' }).waitFor();
  const table = page.locator('table.data-table');
  await table.waitFor();
  for (const code of DEMO_PLAN_CODES) {
    assert.ok(await table.getByText(code, { exact: true }).isVisible(), `${code} is listed`);
  }
  assert.equal(await table.locator('tbody tr').count(), 6);
  assert.ok(await page.getByText('Tìm thấy 6 kế hoạch, đề án').isVisible());
  // kind in words, owner, years
  assert.ok(await table.getByText('Kế hoạch', { exact: true }).first().isVisible());
  assert.ok(await table.getByText('Đề án', { exact: true }).first().isVisible());
  assert.ok(await table.getByText('2022–2025').first().isVisible());
  // the header names the user, the organisation and the role
  const header = page.locator('#site-header');
  assert.match(await header.innerText(), /Ban Dân vận Tỉnh ủy/);
  assert.match(await header.innerText(), /Quản trị hệ thống/);

  // a filter narrows the list and is kept in the address
  await page.getByLabel('Loại', { exact: true }).selectOption('ke_hoach');
  await page.getByText('Tìm thấy 1 kế hoạch, đề án').waitFor();
  assert.ok(await table.getByText('KH-MTTQ-DDK').isVisible());
  assert.match(page.url(), /kind=ke_hoach/);
  await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();
  await page.getByRole('searchbox', { name: 'Tìm kiếm' }).fill('nha tro');
  await page.getByText('Tìm thấy 1 kế hoạch, đề án').waitFor();
  assert.ok(await page.locator('table.data-table').getByText('DA-NHATRO').isVisible());
  await page.getByRole('searchbox', { name: 'Tìm kiếm' }).fill('');
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();
  await screenshot(page, 'plans');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a plan page shows its owner, the owner\'s head, coordinators and objectives', async () => {
  const list = await api.get('/api/v1/plans?q=KH-MTTQ-DDK');
  const plan = (await api.get(`/api/v1/plans/${list.body.items[0].id}`)).body;

  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: plan.title }).click();
  await page.getByRole('heading', { level: 1, name: plan.title }).waitFor();
  assert.match(page.url(), new RegExp(`#/plans/${plan.id}$`));

  const owner = page.getByRole('region', { name: 'Cơ quan chủ trì' });
  assert.match(await owner.innerText(), /Ủy ban MTTQ tỉnh/);
  assert.ok(await owner.getByText(plan.owner.name).isVisible());
  assert.ok(await owner.getByText(plan.owner.head.name).isVisible(), 'the head is named');
  assert.ok(await owner.getByText(plan.owner.head.title, { exact: true }).isVisible(), 'with the title');

  const objectives = page.getByRole('region', { name: 'Mục tiêu' });
  assert.equal(await objectives.locator('li').count(), plan.objectives.length);
  for (const o of plan.objectives) assert.ok(await objectives.getByText(o.title).isVisible(), o.title);

  const coord = page.getByRole('region', { name: 'Cơ quan phối hợp, giám sát' });
  assert.ok(await coord.getByText('Giám sát', { exact: true }).first().isVisible());
  assert.ok(await coord.getByText('Phối hợp', { exact: true }).first().isVisible());
  assert.match(await coord.innerText(), /Ban Dân vận Tỉnh ủy/);

  const doc = page.getByRole('region', { name: 'Văn bản phê duyệt' });
  if (plan.approving_doc) assert.ok(await doc.getByText(plan.approving_doc).isVisible());
  if (plan.approved_on) {
    const [y, m, d] = plan.approved_on.split('-');
    assert.ok(await doc.getByText(`${d}/${m}/${y}`, { exact: true }).isVisible(), 'the date is dd/mm/yyyy');
  }
  await screenshot(page, 'plan');

  await page.getByRole('navigation', { name: 'Vị trí trang' }).getByRole('link', { name: 'Kế hoạch, đề án' }).click();
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the language switch shows English labels, is remembered, and switches back', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Plans and projects' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Sign out' }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'Administrative units' }).isVisible());
  assert.ok(await page.getByRole('columnheader', { name: 'Owner' }).isVisible());
  await page.getByText('6 plans and projects found').waitFor();
  assert.ok(await page.locator('table.data-table').getByText('Project', { exact: true }).first().isVisible());
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Plans and projects' }).waitFor();

  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kế hoạch, đề án' }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'Đăng xuất' }).isVisible());
  assert.ok(await page.getByRole('button', { name: 'English' }).isVisible());
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the unit search finds "Huyện Lạng Giang" from "lang giang", and the tree opens', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: 'Đơn vị hành chính' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đơn vị hành chính' }).waitFor();

  await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('lang giang');
  const row = page.locator('table.data-table tbody tr', { hasText: 'Huyện Lạng Giang' });
  await row.waitFor();
  assert.ok(await row.getByText('Huyện', { exact: true }).isVisible(), 'level shown as Huyện');
  assert.ok(await row.getByText('217', { exact: true }).isVisible(), 'code shown');
  assert.ok(await row.getByText('Tỉnh Bắc Giang').isVisible(), 'parent shown by name');
  assert.match(page.url(), /#\/units\?q=lang\+giang|#\/units\?q=lang%20giang/);

  // clear the search: the tree comes back; open province then district
  await page.getByRole('searchbox', { name: 'Tìm đơn vị' }).fill('');
  const province = page.getByRole('button', { name: /Tỉnh Bắc Giang/ });
  await province.click();
  assert.equal(await province.getAttribute('aria-expanded'), 'true');
  const district = page.getByRole('button', { name: /Huyện Lạng Giang/ });
  await district.click();
  await page.getByText('Xã Tân Thanh').waitFor();
  await district.click();
  assert.equal(await district.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByText('Xã Tân Thanh').isVisible(), false);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a wrong password is refused with a Vietnamese message', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill('tinh.ubnd');
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng' });
  await alert.waitFor();
  assert.equal(await page.getByRole('button', { name: 'Đăng xuất' }).count(), 0, 'still signed out');
  assert.equal(await page.getByLabel('Mật khẩu').inputValue(), '', 'the password is cleared');
  assert.equal(await page.getByLabel('Tên đăng nhập').inputValue(), 'tinh.ubnd', 'the username is kept');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a 375px phone the plan list fits the screen and the menu collapses', async () => {
  const page = await newPage(browser, { width: 375, height: 812 });
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();
  for (const code of DEMO_PLAN_CODES) assert.ok(await page.getByText(code, { exact: true }).isVisible(), code);
  const widths = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: document.documentElement.clientWidth,
  }));
  assert.ok(widths.doc <= widths.view && widths.body <= widths.view, `no horizontal overflow: ${JSON.stringify(widths)}`);

  // the navigation hides behind a menu button, and opens on demand
  const menu = page.getByRole('button', { name: 'Danh mục' });
  assert.ok(await menu.isVisible());
  assert.equal(await page.getByRole('link', { name: 'Đơn vị hành chính' }).isVisible(), false);
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await screenshot(page, 'plans-phone-menu');
  await page.getByRole('link', { name: 'Đơn vị hành chính' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đơn vị hành chính' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Đơn vị hành chính' }).isVisible(), false, 'the menu closes');

  await page.goto(`${server.url}/#/plans`);
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();
  // a plan is one tap away
  await page.getByRole('link', { name: /Nhà trọ công nhân/ }).click();
  await page.getByRole('region', { name: 'Cơ quan chủ trì' }).waitFor();
  const after = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  assert.ok(after, 'the plan page fits too');
  await screenshot(page, 'plan-phone');
  await page.goto(`${server.url}/#/plans`);
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();
  await screenshot(page, 'plans-phone');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a commune officer sees no administration menu and cannot open it', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'tanthanh.phunu', DEMO_PASSWORD);
  await page.getByRole('heading', { level: 1, name: 'Kế hoạch, đề án' }).waitFor();
  const header = page.locator('#site-header');
  assert.match(await header.innerText(), /Hội LHPN xã Tân Thanh/);
  assert.match(await header.innerText(), /Cán bộ/);
  const nav = page.getByRole('navigation', { name: 'Chức năng chính' });
  assert.ok(await nav.getByRole('link', { name: 'Kế hoạch, đề án' }).isVisible());
  assert.equal(await page.getByText('Quản trị', { exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Người dùng' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Cơ quan, tổ chức' }).count(), 0);

  await page.goto(`${server.url}/#/admin/users`);
  await page.getByRole('heading', { level: 1, name: 'Không có quyền truy cập' }).waitFor();
  assert.equal(await page.locator('table.data-table').count(), 0);

  // signing out returns to the sign-in screen
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByText('Bạn đã đăng xuất.').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('keyboard only: sign in, reach a plan and open it, with the focus always visible', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/#/plans`);
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  // the username field has the focus on arrival
  await page.keyboard.type('admin');
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByText('Tìm thấy 6 kế hoạch, đề án').waitFor();

  let reached = false;
  for (let i = 0; i < 40 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => /Nhà trọ công nhân/.test(document.activeElement?.textContent || '')
      && document.activeElement.tagName === 'A');
  }
  assert.ok(reached, 'a plan link is reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused link shows a focus ring');
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Cơ quan chủ trì' }).waitFor();
  // after the route change, reading starts at the new heading
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
