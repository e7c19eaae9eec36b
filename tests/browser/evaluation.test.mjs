// evaluation.test.mjs — evaluation, heads and the conference report, in
// Chromium against a real server with the demo database: the 2024 evaluation
// of DA-RACTHAI grades every district women's union (Yên Dũng below Lạng
// Giang) and opens the five components; the province women's union had two
// heads in 2024; an edited paragraph of the conference report comes back inside
// the downloaded .docx; a district user sees only its district; and the print
// layout hides the menu and the buttons.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer, Client, ADMIN_PASSWORD, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, newPage, signIn, screenshot, OUT } from './helpers.mjs';

let server;
let browser;
let plan;       // DA-RACTHAI
let province;   // Hội LHPN tỉnh Bắc Giang

before(async () => {
  server = await startServer();
  browser = await launch();
  const admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const plans = await admin.get('/api/v1/plans?limit=100');
  plan = plans.body.items.find((p) => p.code === 'DA-RACTHAI');
  assert.ok(plan, 'the demo has DA-RACTHAI');
  const ev = await admin.get(`/api/v1/evaluation?plan=${plan.id}&year=2024`);
  assert.equal(ev.status, 200);
  province = ev.body.items.find((i) => i.unit.level === 'province').organization;
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function evaluationRows(page) {
  return page.locator('tbody tr.eval-row').evaluateAll((rows) => rows.map((r) => ({
    level: [...r.classList].find((c) => c.startsWith('level-')),
    org: r.cells[1].textContent.trim(),
    grade: (r.querySelector('.grade') || { textContent: '' }).textContent.trim(),
  })));
}

test('admin: the 2024 evaluation of DA-RACTHAI grades each district women\'s union, Yên Dũng below Lạng Giang', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  const nav = page.getByRole('navigation', { name: 'Chức năng chính' });
  await nav.getByRole('link', { name: 'Đánh giá', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Đánh giá kết quả thực hiện' }).waitFor();
  await page.goto(`${server.url}/#/evaluation?plan=${plan.id}&year=2024`);
  await page.getByRole('heading', { level: 2, name: 'Kết quả đánh giá DA-RACTHAI năm 2024' }).waitFor();
  const rows = await evaluationRows(page);
  const districts = rows.filter((r) => r.level === 'level-district');
  assert.equal(districts.length, 10, 'the ten district women\'s unions');
  const grades = ['Hoàn thành xuất sắc nhiệm vụ', 'Hoàn thành tốt nhiệm vụ', 'Hoàn thành nhiệm vụ', 'Không hoàn thành nhiệm vụ'];
  for (const d of districts) assert.ok(grades.includes(d.grade), `${d.org}: ${d.grade}`);
  const lg = districts.findIndex((d) => d.org.includes('Lạng Giang'));
  const yd = districts.findIndex((d) => d.org.includes('Yên Dũng'));
  assert.ok(lg >= 0 && yd > lg, 'Yên Dũng is below Lạng Giang');

  // the five components of Yên Dũng
  const row = page.locator('tbody tr.eval-row', { hasText: 'Yên Dũng' });
  await row.getByRole('button', { name: 'Xem 5 thành phần' }).click();
  const breakdown = page.locator('tr.breakdown-row:not([hidden])');
  await breakdown.waitFor();
  for (const c of ['Chỉ tiêu', 'Nhiệm vụ', 'Báo cáo', 'Kinh phí', 'Kiến nghị']) {
    await breakdown.getByRole('cell', { name: c, exact: true }).first().waitFor();
  }
  await breakdown.getByRole('columnheader', { name: 'Trọng số thực tế' }).waitFor();
  assert.ok(await breakdown.getByRole('link', { name: 'Xem hồ sơ' }).count() >= 4);
  await screenshot(page, 'evaluation-plan');

  // print layout: no menu, no buttons, the table kept
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.mainnav').isVisible(), false, 'menu hidden in print');
  assert.equal(await page.getByRole('button', { name: 'In', exact: true }).isVisible(), false, 'print button hidden in print');
  assert.ok(await page.locator('table.eval-table').isVisible());
  await screenshot(page, 'evaluation-print');
  await page.pdf({ path: resolve(OUT, 'evaluation-print.pdf'), format: 'A4' });
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('link', { name: 'Xếp hạng địa bàn' }).click();
  await page.getByRole('heading', { level: 2, name: 'Xếp hạng các huyện, thành phố năm 2024' }).waitFor();
  assert.ok(await page.locator('tbody tr').count() >= 10);
  await screenshot(page, 'evaluation-ranking');
  assert.deepEqual(page.errors, []);
});

test('admin: the heads view lists the province women\'s union\'s two heads of 2024', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${server.url}/#/scorecards?year=2024`);
  await page.getByRole('heading', { level: 2, name: 'Người đứng đầu xếp theo điểm, năm 2024' }).waitFor();
  await page.getByText('Từ 01/07/2024 đến 31/12/2024').first().waitFor();
  await screenshot(page, 'scorecards-list');

  await page.goto(`${server.url}/#/scorecards/${province.id}?year=2024`);
  await page.getByRole('heading', { level: 1, name: province.name }).waitFor();
  const cards = page.locator('article.head-card');
  await cards.first().waitFor();
  assert.equal(await cards.count(), 2);
  const titles = await cards.locator('h2').allTextContents();
  assert.ok(titles.some((x) => x.includes('Trần Thị Hạnh')), titles.join(' | '));
  assert.ok(titles.some((x) => x.includes('Nguyễn Thị Thu Trang')), titles.join(' | '));
  await cards.first().getByText('Từ 01/01/2024 đến 30/06/2024').waitFor();
  await cards.first().getByRole('heading', { name: 'Chỉ tiêu đạt thấp nhất' }).waitFor();
  await screenshot(page, 'scorecards-org');
  assert.deepEqual(page.errors, []);
});

test('conference report: an edited paragraph comes back inside the downloaded .docx', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${server.url}/#/conference?year=2024`);
  await page.getByRole('heading', { level: 1, name: 'Báo cáo hội nghị' }).waitFor();
  const first = page.locator('textarea.conf-para').first();
  await first.waitFor();
  const edited = 'Đoạn này đã được sửa trên giao diện: hội nghị ghi nhận kết quả năm 2024.';
  await first.fill(edited);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải về .docx' }).click(),
  ]);
  const file = resolve(OUT, 'conference-edited.docx');
  await download.saveAs(file);
  assert.match(download.suggestedFilename(), /\.docx$/);
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
  assert.ok(xml.includes(edited), 'the edited text is in word/document.xml');
  await page.getByText('Đã tạo tệp .docx từ dự thảo đã sửa.').waitFor();
  await screenshot(page, 'conference');
  assert.deepEqual(page.errors, []);
});

test('a district user sees only its district in the evaluation', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'langgiang.phunu.lanhdao', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/evaluation?plan=${plan.id}&year=2024`);
  await page.getByRole('heading', { level: 2, name: 'Kết quả đánh giá DA-RACTHAI năm 2024' }).waitFor();
  const rows = await evaluationRows(page);
  assert.ok(rows.length >= 1);
  assert.ok(rows.some((r) => r.org.includes('Lạng Giang')), 'its own district');
  assert.ok(!rows.some((r) => r.org.includes('Yên Dũng') || r.org.includes('Tân Yên') || r.level === 'level-province'),
    rows.map((r) => r.org).join(' | '));
  await screenshot(page, 'evaluation-district');
  assert.deepEqual(page.errors, []);
});
