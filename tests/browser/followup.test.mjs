// followup.test.mjs — following the plans through, in Chromium against a real
// server with the demo database: a task with a past deadline is created and
// completed today, and shows as done late in the list and on the timeline; a
// commune's recommendation to Sở Tài chính is answered by the finance
// department and resolved by the commune; the plan page counts its follow-up;
// the notification bell of a district leader and "mark all read"; a budget
// line allocated late shows its delay; a report's limitation becomes a
// finding; and a 375px phone shows the task list and the timeline without
// overflow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs';
import { resolve } from 'node:path';
import { launch, newPage, signIn, screenshot, OUT } from './helpers.mjs';

let server;
let browser;
let owner;    // tinh.phunu: officer of the owner of DA-RACTHAI
let plan;     // DA-RACTHAI

// Today in Vietnam, as the server counts it.
function todayIct() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
const dmy = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function widths(page) {
  return page.evaluate(() => ({
    doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: document.documentElement.clientWidth,
  }));
}

before(async () => {
  server = await startServer();
  browser = await launch();
  owner = new Client(server.url);
  await owner.login('tinh.phunu', DEMO_PASSWORD);
  const plans = await owner.get('/api/v1/plans?limit=100');
  plan = plans.body.items.find((p) => p.code === 'DA-RACTHAI');
  assert.ok(plan, 'the demo has DA-RACTHAI');
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('a task whose deadline has passed, completed today, is "Hoàn thành muộn" in the list and on the timeline', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'tinh.phunu', DEMO_PASSWORD);
  const nav = page.getByRole('navigation', { name: 'Chức năng chính' });
  await nav.getByRole('link', { name: 'Nhiệm vụ' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ theo lộ trình' }).waitFor();
  await page.getByRole('link', { name: 'Thêm nhiệm vụ' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thêm nhiệm vụ' }).waitFor();

  const title = 'Kiểm tra việc thu gom riêng rác đã phân loại tại các xã điểm';
  await page.getByLabel('Kế hoạch, đề án').selectOption(String(plan.id));
  await page.getByLabel('Tên nhiệm vụ').fill(title);
  await page.getByLabel('Nội dung', { exact: true }).fill('Rác đã phân loại nhưng khi thu gom vẫn đổ chung một xe.');
  // the responsible organisation is the user's own unless changed
  assert.match(await page.getByRole('combobox', { name: 'Tổ chức chủ trì', exact: true }).locator('option:checked').innerText(), /Hội LHPN tỉnh Bắc Giang/);
  await page.getByLabel('Ngày bắt đầu').fill('01/04/2025');
  await page.getByLabel('Hạn hoàn thành').fill('30/06/2025');
  await page.getByLabel('Loại mốc').selectOption('quarter');
  await page.getByLabel('Mốc lộ trình').selectOption('2025Q2');
  await screenshot(page, 'task-new');
  await page.getByRole('button', { name: 'Thêm mới' }).click();

  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByText(`Đã thêm nhiệm vụ “${title}”.`).waitFor();
  const id = Number(/#\/tasks\/(\d+)/.exec(page.url())[1]);
  assert.ok(id > 0);
  const meta = page.locator('.page-head .plan-meta');
  assert.match(await meta.innerText(), /Quá hạn/, 'not done, past its deadline: overdue');

  // the responsible organisation completes it today
  const progress = page.getByRole('region', { name: 'Cập nhật tiến độ' });
  await progress.getByRole('button', { name: 'Hoàn thành hôm nay' }).click();
  assert.equal(await progress.getByLabel('Ngày hoàn thành').inputValue(), dmy(todayIct()));
  await progress.getByRole('button', { name: 'Lưu tiến độ' }).click();
  await page.getByText('Đã ghi nhận hoàn thành: Hoàn thành muộn.').waitFor();
  assert.match(await meta.innerText(), /Hoàn thành muộn/);
  const stored = (await owner.get(`/api/v1/tasks/${id}`)).body;
  assert.equal(stored.status, 'done_late');
  assert.equal(stored.completed_on, todayIct());
  assert.equal(stored.progress, 100);
  await screenshot(page, 'task-done-late');

  // the list: found by its title, with the status in words and how late
  await page.goto(`${server.url}/#/tasks?plan=${plan.id}&q=${encodeURIComponent('thu gom riêng rác đã phân loại tại các xã')}`);
  const row = page.locator('table.data-table tbody tr', { hasText: title });
  await row.waitFor();
  assert.match(await row.innerText(), /Hoàn thành muộn/);
  assert.match(await row.innerText(), /Muộn [\d.]+ ngày/);
  assert.match(await row.innerText(), /30\/06\/2025/);
  await screenshot(page, 'tasks-list');

  // the timeline of 2025: the task in its quarter, its bar coloured as done late
  await page.getByRole('link', { name: 'Biểu đồ tiến độ' }).click();
  await page.getByRole('heading', { level: 1, name: 'Biểu đồ tiến độ nhiệm vụ' }).waitFor();
  await page.getByLabel('Năm', { exact: true }).selectOption('2025');
  const group = page.locator('.tl-group', { hasText: 'Quý II/2025' });
  await group.waitFor();
  const tlRow = page.locator('.tl-row', { hasText: title });
  await tlRow.waitFor();
  assert.match(await tlRow.innerText(), /Hoàn thành muộn/);
  assert.equal(await tlRow.locator('rect.tl-bar.tl-done_late').count(), 1, 'a bar in the colour of done late');
  // late from the day after the deadline: the rest of 2025 is marked as the late part
  assert.equal(await tlRow.locator('rect.tl-late').count(), 1);
  const x = async (sel) => Number.parseFloat(await tlRow.locator(sel).getAttribute('x'));
  assert.ok(await x('rect.tl-late') > await x('rect.tl-bar'), 'after the bar');
  assert.equal(await tlRow.locator('circle.tl-done').count(), 0, 'completed after the window of 2025');
  // over the whole span the completion is drawn too, today
  await page.getByLabel('Năm', { exact: true }).selectOption('');
  await page.locator('.tl-row', { hasText: title }).locator('circle.tl-done').waitFor();
  assert.match(page.url(), /#\/tasks\/timeline/);
  await screenshot(page, 'tasks-timeline');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a commune recommends to Sở Tài chính; the finance department answers; the commune resolves it', async () => {
  // ---- Ủy ban MTTQ xã Tân Thanh (leader) raises it through the form
  const raiser = await newPage(browser);
  await signIn(raiser, server.url, 'tanthanh.mttq', DEMO_PASSWORD);
  await raiser.goto(`${server.url}/#/findings`);
  await raiser.getByRole('heading', { level: 1, name: 'Kiến nghị, tồn tại theo dõi' }).waitFor();
  await raiser.getByRole('link', { name: 'Nêu kiến nghị' }).click();
  await raiser.getByRole('heading', { level: 1, name: 'Nêu kiến nghị' }).waitFor();
  const title = 'Đề nghị bố trí kinh phí xây dựng điểm tập kết rác đã phân loại tại xã Tân Thanh';
  assert.equal(await raiser.getByRole('combobox', { name: 'Loại', exact: true }).inputValue(), 'recommendation');
  await raiser.getByLabel('Tiêu đề').fill(title);
  await raiser.getByLabel('Nội dung chi tiết').fill('Xã chưa có điểm tập kết rác; đề nghị Sở Tài chính hướng dẫn, bố trí kinh phí.');
  await raiser.getByRole('searchbox', { name: /Gửi tới/ }).fill('tài chính');
  const addressee = raiser.getByLabel('Gửi tới (cơ quan được kiến nghị)', { exact: true });
  await addressee.locator('option', { hasText: 'Sở Tài chính tỉnh Bắc Giang' }).waitFor({ state: 'attached' });
  await addressee.selectOption({ label: 'Sở Tài chính tỉnh Bắc Giang (taichinh-24)' });
  await raiser.getByLabel('Mức độ').selectOption('high');
  await raiser.getByLabel('Hạn giải quyết').fill('31/12/2099');
  await raiser.getByLabel('Kế hoạch, đề án').selectOption(String(plan.id));
  await raiser.getByRole('button', { name: 'Thêm mới' }).click();
  await raiser.getByRole('heading', { level: 1, name: title }).waitFor();
  const id = Number(/#\/findings\/(\d+)/.exec(raiser.url())[1]);
  assert.ok(id > 0);
  assert.match(await raiser.locator('.page-head .plan-meta').innerText(), /Chờ trả lời/);
  assert.equal(await raiser.getByRole('button', { name: 'Trả lời' }).count(), 0, 'the raiser does not answer its own recommendation');

  // ---- Sở Tài chính finds it among what is addressed to it, and answers
  const finance = await newPage(browser);
  await signIn(finance, server.url, 'tinh.taichinh', DEMO_PASSWORD);
  await finance.goto(`${server.url}/#/findings`);
  await finance.getByLabel('Liên quan').selectOption('to_me');
  const row = finance.locator('table.data-table tbody tr', { hasText: title });
  await row.waitFor();
  assert.match(await row.innerText(), /Ủy ban MTTQ xã Tân Thanh/);
  assert.match(await row.innerText(), /Chờ trả lời/);
  await row.getByRole('link', { name: title }).click();
  await finance.getByRole('heading', { level: 1, name: title }).waitFor();
  await finance.getByRole('button', { name: 'Trả lời' }).click();
  // an empty answer is refused before anything is sent
  await finance.getByRole('button', { name: 'Gửi trả lời' }).click();
  await finance.getByText('Vui lòng nhập mục này.').waitFor();
  const answer = 'Sở đã tham mưu UBND tỉnh bố trí 150.000.000 ₫ trong dự toán năm sau cho các xã điểm.';
  await finance.getByLabel('Nội dung trả lời').fill(answer);
  await finance.getByRole('button', { name: 'Gửi trả lời' }).click();
  await finance.getByText('Đã gửi trả lời. Trạng thái: Đã trả lời.').waitFor();
  assert.ok(await finance.getByRole('region', { name: 'Trả lời của cơ quan được kiến nghị' }).getByText(answer).isVisible());
  assert.equal(await finance.getByRole('button', { name: 'Xác nhận đã giải quyết' }).count(), 0, 'only the raiser decides');
  await screenshot(finance, 'finding-answered');
  assert.deepEqual(finance.errors, []);
  await finance.context().close();

  // ---- the commune reads the answer and resolves it
  await raiser.reload();
  await raiser.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.ok(await raiser.getByText(answer).isVisible());
  await raiser.getByRole('button', { name: 'Xác nhận đã giải quyết' }).click();
  await raiser.getByLabel('Ghi chú').fill('Đã có kinh phí trong dự toán.');
  await raiser.getByRole('button', { name: 'Xác nhận', exact: true }).click();
  await raiser.getByText('Đã xác nhận. Trạng thái: Đã giải quyết.').waitFor();
  assert.match(await raiser.locator('.page-head .plan-meta').innerText(), /Đã giải quyết/);
  const history = raiser.getByRole('region', { name: 'Diễn biến' });
  assert.match(await history.innerText(), /Nêu bởi Ủy ban MTTQ xã Tân Thanh/);
  assert.match(await history.innerText(), /Sở Tài chính tỉnh Bắc Giang trả lời/);
  assert.match(await history.innerText(), /Kết luận: đã giải quyết/);
  const stored = (await owner.get(`/api/v1/findings/${id}`)).body;
  assert.equal(stored.status, 'resolved');
  await screenshot(raiser, 'finding-resolved');
  assert.deepEqual(raiser.errors, []);
  await raiser.context().close();
});

test('the plan page shows its follow-up: tasks by status, budget, findings, inspections, models, activities', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'tinh.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/plans/${plan.id}`);
  const section = page.getByRole('region', { name: 'Theo dõi thực hiện' });
  const cards = section.locator('.fu-card');
  await cards.first().waitFor();
  const counts = (await owner.get(`/api/v1/plans/${plan.id}/follow-up`)).body;
  const total = async (name) => (await section.getByRole('region', { name, exact: true }).locator('.fu-total').innerText()).trim();
  assert.equal(await total('Nhiệm vụ'), new Intl.NumberFormat('vi-VN').format(counts.tasks.total));
  assert.ok(counts.tasks.total > 0 && counts.findings.total > 0 && counts.inspections.total > 0 && counts.models.total > 0 && counts.activities.total > 0,
    'the demo follows this plan through');
  assert.equal(await total('Kiến nghị, tồn tại'), String(counts.findings.total));
  assert.equal(await total('Kiểm tra, giám sát'), String(counts.inspections.total));
  assert.equal(await total('Mô hình điểm'), String(counts.models.total));
  assert.match(await total('Kinh phí dự kiến'), /^[\d.]+ ₫$/, 'money in VND: 1.234.567 ₫');
  assert.notEqual(await total('Kinh phí dự kiến'), '0 ₫');
  // each figure opens the list it counts
  await section.getByRole('region', { name: 'Nhiệm vụ', exact: true }).getByRole('link', { name: /Hoàn thành đúng hạn/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ theo lộ trình' }).waitFor();
  assert.match(page.url(), new RegExp(`plan=${plan.id}`));
  assert.match(page.url(), /status=done_on_time/);
  await page.getByText(/Tìm thấy [\d.]+ nhiệm vụ/).waitFor();
  const statuses = await page.locator('table.data-table tbody tr .badge').allInnerTexts();
  assert.ok(statuses.length > 0 && statuses.every((s) => s === 'Hoàn thành đúng hạn' || s === 'Đã gia hạn'), statuses.join());
  await page.goto(`${server.url}/#/plans/${plan.id}`);
  await cards.first().waitFor();
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'plan-followup');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the bell shows a district leader the approvals waiting; marking all read clears it', async () => {
  const leader = new Client(server.url);
  await leader.login('langgiang.phunu.lanhdao', DEMO_PASSWORD);
  // the server's sweep writes the notices when it starts
  let unread = 0;
  for (let i = 0; i < 50 && !unread; i += 1) {
    unread = (await leader.get('/api/v1/notifications?unread=1')).body.unread;
    if (!unread) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(unread > 0, 'the demo leaves reports waiting for this leader');

  const page = await newPage(browser);
  await signIn(page, server.url, 'langgiang.phunu.lanhdao', DEMO_PASSWORD);
  const bell = page.getByRole('button', { name: /Thông báo/ });
  const count = page.locator('.bell-count');
  await count.waitFor();
  assert.equal(await count.innerText(), String(unread));
  assert.match(await bell.innerText(), new RegExp(`${unread} thông báo chưa đọc`));
  await bell.click();
  assert.equal(await bell.getAttribute('aria-expanded'), 'true');
  const panel = page.getByRole('region', { name: 'Thông báo' });
  await panel.getByText('Chờ phê duyệt').first().waitFor();
  assert.match(await panel.innerText(), /Báo cáo chờ phê duyệt/);
  await screenshot(page, 'bell-open');
  await panel.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
  await count.waitFor({ state: 'hidden' });
  assert.match(await bell.innerText(), /không có thông báo chưa đọc/);
  assert.equal((await leader.get('/api/v1/notifications?unread=1')).body.unread, 0);

  // the inbox page keeps them, read, each a link to its record
  await page.goto(`${server.url}/#/notifications?show=all`);
  await page.getByRole('heading', { level: 1, name: 'Thông báo' }).waitFor();
  await page.getByText(/[\d.]+ thông báo, 0 chưa đọc/).waitFor();
  const first = page.locator('.notice-page-list li').first();
  assert.match(await first.innerText(), /Đã đọc/);
  const href = await first.locator('a.notice-link').getAttribute('href');
  assert.match(href, /^#\/reports\/\d+$/);
  await screenshot(page, 'notifications');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a budget line allocated late shows how many days late, flagged past 90 days', async () => {
  const finance = new Client(server.url);
  await finance.login('tinh.taichinh', DEMO_PASSWORD);
  const all = (await finance.get(`/api/v1/budgets?plan=${plan.id}&limit=1000`)).body.items;
  const late = all.find((b) => b.allocation_delay_days > 90);
  assert.ok(late, 'the demo has a line allocated more than 90 days late');
  const days = new Intl.NumberFormat('vi-VN').format(late.allocation_delay_days);

  const page = await newPage(browser);
  await signIn(page, server.url, 'tinh.taichinh', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/budgets?plan=${plan.id}&unit=${late.unit}&year=${late.year}&source=${late.source}`);
  await page.getByRole('heading', { level: 1, name: 'Kinh phí thực hiện' }).waitFor();
  const row = page.locator('table.data-table tbody tr', { has: page.locator(`a[href="#/budgets/${late.id}"]`) });
  await row.waitFor();
  const badge = row.locator('.badge-error', { hasText: `Cấp chậm ${days} ngày` });
  assert.ok(await badge.isVisible(), await row.innerText());
  assert.match(await row.innerText(), /[\d.]+ ₫/);
  await screenshot(page, 'budgets-late');

  // the line itself: the delay, and the finance department may record allocation and disbursement
  await row.getByRole('link').first().click();
  await page.getByRole('region', { name: 'Dòng kinh phí' }).waitFor();
  assert.ok(await page.getByRole('region', { name: 'Dòng kinh phí' }).getByText(`Cấp chậm ${days} ngày`).isVisible());
  assert.equal(await page.getByLabel('Kinh phí được cấp (đồng)').isDisabled(), false);
  assert.equal(await page.getByLabel('Kinh phí dự kiến (đồng)').isDisabled(), true, 'planned belongs to the organisation');

  // the finance view rolls every plan up the unit tree, and drills down
  await page.goto(`${server.url}/#/budgets/summary`);
  await page.getByRole('heading', { level: 1, name: 'Tổng hợp kinh phí các kế hoạch, đề án' }).waitFor();
  await page.getByRole('button', { name: 'Huyện Lạng Giang' }).click();
  await page.getByText('Theo đơn vị thuộc Huyện Lạng Giang').waitFor();
  await page.getByLabel('Tổng hợp theo').selectOption('source');
  await page.getByText('Theo nguồn kinh phí — Huyện Lạng Giang').waitFor();
  assert.ok(await page.locator('table.data-table').getByText('Ngân sách xã').isVisible());
  await screenshot(page, 'finance-summary');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a limitation in a report becomes a tracked finding of that report', async () => {
  // a district report of the women's union of Lạng Giang with a narrative
  const officer = new Client(server.url);
  const s = await officer.login('langgiang.phunu', DEMO_PASSWORD);
  const list = (await officer.get(`/api/v1/reports?plan=${plan.id}&organization=${s.user.organization.id}&status=approved&limit=200`)).body.items;
  let report = null;
  for (const r of list) {
    const full = (await officer.get(`/api/v1/reports/${r.id}`)).body;
    if (full.narrative && full.narrative.limitations) { report = full; break; }
  }
  assert.ok(report, 'an approved report with limitations');

  const page = await newPage(browser);
  await signIn(page, server.url, 'langgiang.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/reports/${report.id}`);
  const narrative = page.getByRole('region', { name: 'Nội dung báo cáo' });
  await narrative.waitFor();
  const action = narrative.getByRole('button', { name: 'Chuyển thành kiến nghị/tồn tại theo dõi' }).first();
  await action.click();
  const group = page.getByRole('group', { name: 'Theo dõi nội dung này' });
  assert.equal(await group.getByRole('combobox', { name: 'Loại', exact: true }).inputValue(), 'limitation');
  assert.ok((await group.getByLabel('Nội dung chi tiết').inputValue()).length > 0, 'the saved text is copied');
  await group.getByLabel('Tiêu đề').fill('Rác đã phân loại vẫn bị đổ chung khi thu gom');
  await group.getByRole('button', { name: 'Tạo mục theo dõi' }).click();
  await page.getByText('Đã tạo mục theo dõi “Rác đã phân loại vẫn bị đổ chung khi thu gom”.').waitFor();
  await page.getByRole('link', { name: 'Xem', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Rác đã phân loại vẫn bị đổ chung khi thu gom' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Từ báo cáo định kỳ' }).isVisible());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a 375px phone the task list and the timeline fit the screen', async () => {
  const page = await newPage(browser, { width: 375, height: 812 });
  await signIn(page, server.url, 'tinh.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/tasks?plan=${plan.id}`);
  await page.getByText(/Tìm thấy [\d.]+ nhiệm vụ/).waitFor();
  let w = await widths(page);
  assert.ok(w.doc <= w.view && w.body <= w.view, `task list: ${JSON.stringify(w)}`);
  await screenshot(page, 'tasks-phone');
  await page.goto(`${server.url}/#/tasks/timeline?plan=${plan.id}`);
  await page.locator('.tl-row .tl-bar').first().waitFor();
  w = await widths(page);
  assert.ok(w.doc <= w.view && w.body <= w.view, `timeline: ${JSON.stringify(w)}`);
  const track = await page.locator('.tl-track').nth(1).evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(track > 250, `the bars get the screen's width: ${track}`);
  await screenshot(page, 'timeline-phone');
  // the bell stays in sight with the menu closed; the menu lists the follow-up screens
  assert.ok(await page.getByRole('button', { name: /Thông báo/ }).isVisible());
  await page.getByRole('button', { name: 'Danh mục' }).click();
  const nav = page.getByRole('navigation', { name: 'Chức năng chính' });
  for (const name of ['Nhiệm vụ', 'Văn bản', 'Kinh phí', 'Kiến nghị', 'Kiểm tra', 'Mô hình', 'Hoạt động']) {
    assert.ok(await nav.getByRole('link', { name, exact: true }).isVisible(), name);
  }
  // what the phone shows: the open menu, not the page below it
  await page.screenshot({ path: resolve(OUT, 'menu-phone.png') });
  await nav.getByRole('link', { name: 'Kinh phí', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Kinh phí thực hiện' }).waitFor();
  w = await widths(page);
  assert.ok(w.doc <= w.view, `budget list: ${JSON.stringify(w)}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
