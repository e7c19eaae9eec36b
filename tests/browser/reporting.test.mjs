// reporting.test.mjs — indicators, targets and periodic reports as people use
// them, in Chromium against a real server with the demo database: the women's
// union of Tân Thanh reports a month of DA-RACTHAI by keyboard and submits it,
// the Lạng Giang district leader approves it from the inbox, and the province
// dashboard shows the figure in the Lạng Giang column and the total, down to
// the commune. Also: values refused as they are typed, return with a reason, a
// stale save, evidence files, the overview, the plan page, a 375px phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, ADMIN_PASSWORD, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, newPage, signIn, screenshot } from './helpers.mjs';

let YEAR;          // the year of the main path's month
let MONTH;         // a month Tân Thanh has not reported yet (the demo fills many)
let MONTH_LABEL;   // 'Tháng 5/2025'
const free = [];   // more such months, most recent first, for the side tests

let server;
let browser;
let owner;      // tinh.phunu: owns DA-RACTHAI, sets its indicators and targets
let officer;    // tanthanh.phunu: the commune's women's union
let leader;     // langgiang.phunu.lanhdao: approves the communes of Lạng Giang
let plan;
let ind;        // {households, sessions, share} — the month indicators used here
let orgId;      // Hội LHPN xã Tân Thanh
let mainReport; // the report of the main path

const BASE = { time_agg: 'sum', unit_agg: 'sum', direction: 'up', frequency: 'month' };

async function ensureIndicator(existing, body) {
  const found = existing.find((i) => i.code === body.code);
  if (found) return found;
  const r = await owner.post(`/api/v1/plans/${plan.id}/indicators`, body);
  assert.equal(r.status, 201, `create indicator ${body.code}: ${r.text}`);
  return r.body;
}

async function setTargets(indicator, rows) {
  const r = await owner.put(`/api/v1/indicators/${indicator.id}/targets`, rows);
  assert.equal(r.status, 200, `targets of ${indicator.code}: ${r.text}`);
}

// A report of Tân Thanh for the next month nobody has reported, made over the
// API (for the side tests). -> the full report, plus `label` ('Tháng 7/2025').
async function officerReport() {
  const period = free.shift();
  assert.ok(period, 'a month left to report');
  const r = await officer.post('/api/v1/reports', { plan_id: plan.id, organization_id: orgId, unit: '07411', period });
  assert.equal(r.status, 201, `report ${period}: ${r.text}`);
  return { ...r.body, label: monthLabel(period) };
}

function monthLabel(code) { return `Tháng ${Number(code.slice(4))}/${code.slice(0, 4)}`; }

// The months of the plan that Tân Thanh's women's union has not reported yet.
async function freeMonths() {
  const done = new Set();
  for (let offset = 0; ; offset += 1000) {
    const r = await officer.get(`/api/v1/reports?plan=${plan.id}&organization=${orgId}&limit=1000&offset=${offset}`);
    assert.equal(r.status, 200, r.text);
    for (const x of r.body.items) done.add(x.period);
    if (offset + 1000 >= r.body.total) break;
  }
  const out = [];
  for (let y = plan.end_year; y >= plan.start_year; y -= 1) {
    for (let m = 12; m >= 1; m -= 1) {
      const code = `${y}${String(m).padStart(2, '0')}`;
      if (!done.has(code)) out.push(code);
    }
  }
  return out;
}

function noOverflow(page) {
  return page.evaluate(() => ({
    doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: document.documentElement.clientWidth,
  }));
}

before(async () => {
  server = await startServer();
  browser = await launch();
  owner = new Client(server.url);
  await owner.login('tinh.phunu', DEMO_PASSWORD);
  officer = new Client(server.url);
  const s = await officer.login('tanthanh.phunu', DEMO_PASSWORD);
  orgId = s.user.organization.id;
  leader = new Client(server.url);
  await leader.login('langgiang.phunu.lanhdao', DEMO_PASSWORD);

  const plans = await owner.get('/api/v1/plans?limit=100');
  plan = plans.body.items.find((p) => p.code === 'DA-RACTHAI');
  assert.ok(plan, 'the demo has DA-RACTHAI');
  const existing = await owner.get(`/api/v1/plans/${plan.id}/indicators`);
  assert.equal(existing.status, 200, existing.text);
  const items = existing.body.items || [];
  ind = {
    households: await ensureIndicator(items, {
      ...BASE, code: 'UI_HO_HUONG_DAN', name: 'Số hộ được hướng dẫn phân loại rác tại nhà', unit_label: 'hộ',
      value_type: 'integer', min: 0, max: 5000,
    }),
    sessions: await ensureIndicator(items, {
      ...BASE, code: 'UI_BUOI_RA_QUAN', name: 'Số buổi ra quân vệ sinh môi trường', unit_label: 'buổi', value_type: 'integer', min: 0, max: 100,
    }),
    share: await ensureIndicator(items, {
      ...BASE, code: 'UI_TL_THUNG_RAC', name: 'Tỷ lệ hộ có thùng rác phân loại', unit_label: '%',
      value_type: 'percent', decimals: 1, time_agg: 'last',
    }),
  };
  free.push(...await freeMonths());
  assert.ok(free.length >= 8, `enough unreported months: ${free.join(',')}`);
  MONTH = free.shift();
  YEAR = Number(MONTH.slice(0, 4));
  MONTH_LABEL = monthLabel(MONTH);
  // the targets of the main path's year, and of the plan's last year (the plan page shows it)
  for (const year of new Set([YEAR, plan.end_year])) {
    await setTargets(ind.households, [
      { unit: '24', year, value: 20000 }, { unit: '217', year, value: 3000 }, { unit: '07411', year, value: 600 },
    ]);
    await setTargets(ind.share, [
      { unit: '24', year, value: 80 }, { unit: '217', year, value: 80 }, { unit: '07411', year, value: 80 },
    ]);
  }
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the main path: a commune enters a month by keyboard and submits, the district approves, the province sees it', async () => {
  // ---- the commune officer creates the report through the screens
  const page = await newPage(browser);
  await signIn(page, server.url, 'tanthanh.phunu', DEMO_PASSWORD);
  await page.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: 'Báo cáo', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Báo cáo', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Tạo báo cáo' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tạo báo cáo' }).waitFor();
  await page.getByLabel('Kế hoạch, đề án').selectOption(String(plan.id));
  const period = page.getByLabel('Kỳ báo cáo');
  await period.locator(`option[value="${MONTH}"]`).waitFor({ state: 'attached' });
  const freqs = new Set((await owner.get(`/api/v1/plans/${plan.id}/indicators`)).body.items.map((i) => i.frequency));
  for (const [freq, code] of [['half', `${YEAR}S1`], ['year', String(YEAR)], ['quarter', `${YEAR}Q2`]]) {
    assert.equal(await period.locator(`option[value="${code}"]`).count(), freqs.has(freq) ? 1 : 0,
      `only the frequencies the plan's indicators use (${freq})`);
  }
  await period.selectOption(MONTH);
  const form = page.locator('form.form');
  assert.match(await form.innerText(), /Hội LHPN xã Tân Thanh/, 'the organisation is the user\'s own');
  await screenshot(page, 'report-new');
  await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
  await page.getByRole('heading', { level: 1, name: `Báo cáo ${MONTH_LABEL}` }).waitFor();
  const id = Number(/#\/reports\/(\d+)/.exec(page.url())[1]);
  assert.ok(id > 0);

  // the report's particulars
  const facts = page.getByRole('region', { name: 'Thông tin báo cáo' });
  const factsText = await facts.innerText();
  assert.match(factsText, /DA-RACTHAI/);
  assert.match(factsText, /Hội LHPN xã Tân Thanh/);
  assert.ok(factsText.includes(MONTH_LABEL));
  assert.match(factsText, /Nháp/);
  assert.ok(factsText.includes(`19/${MONTH.slice(4)}/${YEAR} 23:59`), 'the deadline, dd/mm/yyyy HH:mm in Vietnam time');
  assert.match(factsText, /Quá hạn [\d.]+ ngày/, 'the month is long past its deadline');

  // each row: name, unit, input, last period, target
  const values = page.getByRole('region', { name: 'Số liệu các chỉ tiêu' });
  const row = values.locator('tbody tr', { hasText: ind.households.name });
  assert.match(await row.innerText(), /hộ/);
  assert.match(await row.innerText(), /600/, 'the year\'s target for Tân Thanh is beside the field');
  const first = values.getByRole('textbox', { name: ind.households.name, exact: true });
  const third = values.getByRole('textbox', { name: ind.share.name, exact: true });

  // ---- keyboard only: type, Enter to move on, through every field of the form in order
  const created = (await officer.get(`/api/v1/reports/${id}`)).body;
  const rows = created.form.filter((f) => !f.computed && f.value_type !== 'boolean');
  assert.ok(rows.length >= 3);
  const typed = { [ind.households.id]: '120', [ind.sessions.id]: '8', [ind.share.id]: '65,5' };
  const field = (f) => values.getByRole('textbox', { name: f.name, exact: true });
  await field(rows[0]).focus();
  for (const [i, f] of rows.entries()) {
    assert.equal(await field(f).evaluate((el) => el === document.activeElement), true, `the focus is on ${f.code}`);
    await page.keyboard.type(typed[f.indicator_id] ?? String(10 + i));
    if (i === 1) {
      await page.keyboard.press('ArrowUp');
      assert.equal(await field(rows[0]).evaluate((el) => el === document.activeElement), true, '↑ goes back');
      await page.keyboard.press('ArrowDown');
      assert.equal(await field(f).evaluate((el) => el === document.activeElement), true, '↓ moves on');
    }
    await page.keyboard.press('Enter');
  }
  const results = page.getByLabel('Kết quả đạt được');
  assert.equal(await results.evaluate((el) => el === document.activeElement), true, 'after the last figure: the narrative');
  await page.keyboard.type('Tổ chức 8 buổi tuyên truyền tại các thôn.');
  await page.getByText('Có thay đổi chưa lưu.').waitFor();
  await screenshot(page, 'report-entry');

  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await page.getByText(/Đã lưu nháp lúc/).waitFor();
  let saved = (await officer.get(`/api/v1/reports/${id}`)).body;
  const byId = new Map(saved.values.map((v) => [v.indicator_id, v.value]));
  assert.equal(byId.get(ind.households.id), 120);
  assert.equal(byId.get(ind.sessions.id), 8);
  assert.equal(byId.get(ind.share.id), 65.5, 'a decimal comma is read as a decimal');
  assert.equal(saved.narrative.results, 'Tổ chức 8 buổi tuyên truyền tại các thôn.');
  assert.equal(saved.status, 'draft');
  assert.equal(await first.inputValue(), '120', 'the saved value is back in the field');

  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await page.getByText('Đã nộp báo cáo.').waitFor();
  saved = (await officer.get(`/api/v1/reports/${id}`)).body;
  assert.equal(saved.status, 'submitted');
  assert.ok(saved.submitted_at);
  assert.match(await facts.innerText(), /Đã nộp, chờ duyệt/);
  assert.match(await facts.innerText(), /Nộp muộn [\d.]+ ngày/);
  assert.equal(await page.getByRole('button', { name: 'Lưu nháp' }).count(), 0, 'no more editing once submitted');
  assert.equal(await page.getByRole('textbox', { name: ind.households.name, exact: true }).count(), 0);
  const history = page.getByRole('region', { name: 'Lịch sử xử lý' });
  assert.match(await history.innerText(), /Nộp báo cáo/);
  await screenshot(page, 'report-submitted');
  assert.deepEqual(page.errors, []);
  await page.context().close();
  mainReport = saved;

  // ---- the district leader approves it from the inbox
  const waiting = (await leader.get('/api/v1/reports?inbox=1&limit=1')).body.total;
  assert.ok(waiting >= 1);
  const lp = await newPage(browser);
  await signIn(lp, server.url, 'langgiang.phunu.lanhdao', DEMO_PASSWORD);
  const inboxLink = lp.getByRole('navigation', { name: 'Chức năng chính' }).getByRole('link', { name: /Chờ duyệt/ });
  await lp.locator('#inbox-count:not([hidden])').waitFor();
  assert.equal((await lp.locator('#inbox-count').innerText()).trim(), String(waiting), 'the menu counts what waits');
  await inboxLink.click();
  await lp.getByRole('heading', { level: 1, name: 'Chờ duyệt' }).waitFor();
  const line = lp.locator('table.data-table tbody tr', { hasText: 'Hội LHPN xã Tân Thanh' }).filter({ hasText: `Báo cáo ${MONTH_LABEL}` });
  await line.waitFor();
  await screenshot(lp, 'inbox');
  await line.getByRole('link', { name: `Báo cáo ${MONTH_LABEL}` }).click();
  await lp.getByRole('heading', { level: 1, name: `Báo cáo ${MONTH_LABEL}` }).waitFor();
  assert.ok(await lp.getByText('Báo cáo đang chờ bạn duyệt', { exact: false }).isVisible());
  const valuesText = await lp.getByRole('region', { name: 'Số liệu các chỉ tiêu' }).innerText();
  assert.match(valuesText, /120/);
  assert.match(valuesText, /65,5/);
  assert.ok(await lp.getByRole('button', { name: 'Trả lại' }).isVisible());
  await screenshot(lp, 'report-approver');
  await lp.getByRole('button', { name: 'Duyệt' }).click();
  await lp.getByText('Đã duyệt báo cáo.').waitFor();
  assert.match(await lp.getByRole('region', { name: 'Thông tin báo cáo' }).innerText(), /Đã duyệt/);
  assert.ok(await lp.getByRole('button', { name: 'Mở lại' }).isVisible(), 'the approver may reopen');
  if (waiting === 1) await lp.locator('#inbox-count[hidden]').waitFor({ state: 'attached' });
  else await lp.locator('#inbox-count').getByText(String(waiting - 1), { exact: true }).waitFor();
  assert.equal((await leader.get(`/api/v1/reports/${id}`)).body.status, 'approved');
  assert.deepEqual(lp.errors, []);
  await lp.context().close();

  // ---- the province dashboard shows the figure for Lạng Giang and in the total
  const ap = await newPage(browser);
  await signIn(ap, server.url, 'admin', ADMIN_PASSWORD);
  await ap.goto(`${server.url}/#/plans/${plan.id}/dashboard?period=${MONTH}&unit=24`);
  await ap.getByRole('heading', { level: 1, name: 'Bảng theo dõi DA-RACTHAI' }).waitFor();
  const heat = ap.locator('table.heat-table');
  await heat.waitFor();
  const lg = heat.locator(`td[data-unit="217"][data-indicator="${ind.households.id}"]`);
  assert.equal((await lg.locator('.heat-value').innerText()).trim(), '120', 'the Lạng Giang column');
  const total = heat.locator(`td[data-unit="@total"][data-indicator="${ind.households.id}"]`);
  assert.equal((await total.locator('.heat-value').innerText()).trim(), '120', 'the total');
  assert.ok(await heat.getByRole('columnheader', { name: 'Lạng Giang' }).isVisible());
  // the percent indicator has a year target: its cell carries the achievement in words too
  const share = heat.locator(`td[data-unit="@total"][data-indicator="${ind.share.id}"]`);
  assert.equal((await share.locator('.heat-value').innerText()).trim(), '65,5');
  assert.match(await share.innerText(), /81,9\s?%/, '65,5 of a target of 80');
  assert.match(await share.getAttribute('class'), /heat-b/, 'yellow: 80 to 100%');
  // a trend chart per indicator
  await ap.locator('.trend-card canvas').first().waitFor();
  assert.equal(await ap.locator('.trend-card').count(), (await owner.get(`/api/v1/plans/${plan.id}/indicators`)).body.items.length);
  await screenshot(ap, 'dashboard-province');
  assert.deepEqual(ap.errors, []);
  await ap.context().close();
});

test('the dashboard drills down province → district → commune, and the breadcrumb goes back up', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${server.url}/#/plans/${plan.id}/dashboard?period=${MONTH}&unit=24`);
  const heat = page.locator('table.heat-table');
  await heat.waitFor();
  await heat.getByRole('link', { name: 'Lạng Giang' }).click();
  await page.waitForURL(/unit=217/);
  const trail = page.getByRole('navigation', { name: 'Địa bàn đang xem' });
  await page.getByRole('heading', { level: 2, name: `Kết quả ${MONTH_LABEL} — Huyện Lạng Giang` }).waitFor();
  assert.equal(await trail.locator('[aria-current="page"]').innerText(), 'Lạng Giang');
  await heat.locator(`td[data-unit="07411"][data-indicator="${ind.households.id}"]`).waitFor();
  assert.equal((await heat.locator(`td[data-unit="07411"][data-indicator="${ind.households.id}"] .heat-value`).innerText()).trim(), '120');
  assert.ok(await heat.getByRole('columnheader', { name: 'Cấp huyện' }).isVisible(), 'the district\'s own work has its column');
  await screenshot(page, 'dashboard-district');

  await heat.getByRole('link', { name: 'Tân Thanh' }).click();
  await page.waitForURL(/unit=07411/);
  await page.getByRole('heading', { level: 2, name: `Kết quả ${MONTH_LABEL} — Xã Tân Thanh` }).waitFor();
  assert.equal(await trail.locator('[aria-current="page"]').innerText(), 'Tân Thanh');
  await heat.locator(`td[data-unit="@own"][data-indicator="${ind.households.id}"]`).waitFor();
  assert.equal((await heat.locator(`td[data-unit="@own"][data-indicator="${ind.households.id}"] .heat-value`).innerText()).trim(), '120');
  assert.ok(await page.getByText('Đây là cấp cơ sở, không có đơn vị trực thuộc.').isVisible());
  await screenshot(page, 'dashboard-commune');

  await trail.getByRole('link', { name: 'Lạng Giang' }).click();
  await page.waitForURL(/unit=217/);
  await heat.locator('td[data-unit="07411"]').first().waitFor();
  await trail.getByRole('link', { name: 'Bắc Giang' }).click();
  await page.waitForURL(/unit=24(&|$)/);
  await heat.locator('td[data-unit="217"]').first().waitFor();

  // "include unapproved" counts a submitted report too
  const other = await officerReport();
  const put = await officer.put(`/api/v1/reports/${other.id}`, {
    version: other.version, values: [{ indicator_id: ind.households.id, value: 30 }],
  });
  assert.equal(put.status, 200, put.text);
  assert.equal((await officer.post(`/api/v1/reports/${other.id}/submit`, { version: put.body.version })).status, 200);
  await page.goto(`${server.url}/#/plans/${plan.id}/dashboard?period=${other.period}&unit=24`);
  await page.getByRole('heading', { level: 2, name: `Kết quả ${other.label} — Tỉnh Bắc Giang` }).waitFor();
  await page.waitForFunction(() => document.querySelector('table.heat-table') && !document.querySelector('[aria-busy="true"]'));
  const cell = heat.locator(`td[data-unit="@total"][data-indicator="${ind.households.id}"] .heat-value`);
  assert.equal((await cell.innerText()).trim(), '—', 'approved reports only: nothing yet');
  await page.getByLabel('Tính cả báo cáo đã nộp chưa duyệt').check();
  await page.waitForURL(/include=submitted/);
  await page.waitForFunction(() => document.querySelector('td[data-unit="@total"] .heat-value') && !document.querySelector('[aria-busy="true"]'));
  assert.equal((await cell.innerText()).trim(), '30', 'with the submitted report');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a letter or a value above the maximum is refused as it is typed, in Vietnamese, and blocks submitting', async () => {
  const r = await officerReport();
  const page = await newPage(browser);
  await signIn(page, server.url, 'tanthanh.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/reports/${r.id}`);
  await page.getByRole('heading', { level: 1, name: `Báo cáo ${r.label}` }).waitFor();
  const first = page.getByRole('textbox', { name: ind.households.name, exact: true });
  await first.fill('12a');
  const err = page.locator(`#${await first.getAttribute('aria-describedby')}`);
  await err.waitFor();
  assert.equal(await err.innerText(), 'Giá trị phải là một số, ví dụ 12 hoặc 12,5.');
  assert.equal(await first.getAttribute('aria-invalid'), 'true');
  await first.fill('1,5');
  assert.equal(await err.innerText(), 'Chỉ tiêu này chỉ nhận số nguyên.');
  await first.fill('6000');
  assert.equal(await err.innerText(), 'Giá trị phải từ 0 đến 5.000.');
  const pct = page.getByRole('textbox', { name: ind.share.name, exact: true });
  await pct.fill('12,25');
  assert.equal(await page.locator(`#${await pct.getAttribute('aria-describedby')}`).innerText(), 'Tối đa 1 chữ số sau dấu phẩy.');
  await pct.fill('101');
  assert.equal(await page.locator(`#${await pct.getAttribute('aria-describedby')}`).innerText(), 'Giá trị phải từ 0 đến 100.');
  await screenshot(page, 'report-invalid');

  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await page.getByRole('alert').filter({ hasText: 'Còn 2 ô số liệu chưa hợp lệ' }).waitFor();
  assert.equal(await first.evaluate((el) => el === document.activeElement), true, 'the first bad field gets the focus');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await page.getByRole('alert').filter({ hasText: 'Còn 2 ô số liệu chưa hợp lệ' }).waitFor();
  const still = (await officer.get(`/api/v1/reports/${r.id}`)).body;
  assert.equal(still.status, 'draft', 'nothing was submitted');
  assert.equal(still.version, r.version, 'nothing was saved');

  // corrected, it goes through
  await first.fill('5000');
  await pct.fill('');
  assert.equal(await err.isVisible(), false);
  await page.getByRole('button', { name: 'Nộp báo cáo' }).click();
  await page.getByText('Đã nộp báo cáo.').waitFor();
  assert.equal((await officer.get(`/api/v1/reports/${r.id}`)).body.status, 'submitted');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('returning needs a reason, which the commune then reads; the report opens for editing again', async () => {
  const r = await officerReport();
  assert.equal((await officer.post(`/api/v1/reports/${r.id}/submit`, { version: r.version })).status, 200);
  const page = await newPage(browser);
  await signIn(page, server.url, 'langgiang.phunu.lanhdao', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/reports/${r.id}?from=inbox`);
  await page.getByRole('heading', { level: 1, name: `Báo cáo ${r.label}` }).waitFor();
  await page.getByRole('button', { name: 'Trả lại' }).click();
  const reason = page.getByLabel('Lý do trả lại');
  assert.equal(await reason.evaluate((el) => el === document.activeElement), true);
  await page.getByRole('button', { name: 'Xác nhận trả lại' }).click();
  await page.getByText('Vui lòng nhập lý do.').waitFor();
  assert.equal((await leader.get(`/api/v1/reports/${r.id}`)).body.status, 'submitted', 'not returned without a reason');
  await reason.fill('Thiếu số liệu số hộ, đề nghị bổ sung.');
  await screenshot(page, 'report-return');
  await page.getByRole('button', { name: 'Xác nhận trả lại' }).click();
  await page.getByText('Đã trả lại báo cáo.').waitFor();
  assert.match(await page.getByRole('region', { name: 'Lịch sử xử lý' }).innerText(), /Thiếu số liệu số hộ/);
  assert.equal((await leader.get(`/api/v1/reports/${r.id}`)).body.status, 'returned');
  await page.context().close();

  const op = await newPage(browser);
  await signIn(op, server.url, 'tanthanh.phunu', DEMO_PASSWORD);
  await op.goto(`${server.url}/#/reports/${r.id}`);
  await op.getByText('Báo cáo bị trả lại: vui lòng chỉnh sửa rồi nộp lại.').waitFor();
  assert.ok(await op.getByText('Lý do: Thiếu số liệu số hộ, đề nghị bổ sung.').first().isVisible());
  assert.ok(await op.getByRole('textbox', { name: ind.households.name, exact: true }).isEditable());
  assert.ok(await op.getByRole('button', { name: 'Nộp báo cáo' }).isVisible());
  assert.deepEqual(op.errors, []);
  await op.context().close();
});

test('a save over someone else\'s newer save is stopped with a clear reload choice (409)', async () => {
  const r = await officerReport();
  const page = await newPage(browser);
  await signIn(page, server.url, 'tanthanh.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/reports/${r.id}`);
  await page.getByRole('heading', { level: 1, name: `Báo cáo ${r.label}` }).waitFor();
  // meanwhile, another session saves first
  const other = await officer.put(`/api/v1/reports/${r.id}`, { version: r.version, values: [{ indicator_id: ind.sessions.id, value: 4 }] });
  assert.equal(other.status, 200, other.text);
  await page.getByRole('textbox', { name: ind.households.name, exact: true }).fill('77');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  const box = page.getByRole('alert').filter({ hasText: 'Dữ liệu đã bị thay đổi' });
  await box.waitFor();
  await screenshot(page, 'report-conflict');
  const after = (await officer.get(`/api/v1/reports/${r.id}`)).body;
  assert.equal(after.values.find((v) => v.indicator_id === ind.households.id)?.value ?? null, null, 'the stale save changed nothing');
  await box.getByRole('button', { name: 'Tải lại bản mới nhất' }).click();
  await box.waitFor({ state: 'detached' });
  // the box goes as the reload starts; the form is drawn again when it ends
  await page.locator('.report-messages .loading').waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('textbox', { name: ind.sessions.name, exact: true }).inputValue(), '4', 'the newer save is shown');
  assert.equal(await page.getByRole('textbox', { name: ind.households.name, exact: true }).inputValue(), '');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('evidence files: upload a PDF, see it listed with a download link', async () => {
  const r = await officerReport();
  const page = await newPage(browser);
  await signIn(page, server.url, 'tanthanh.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/reports/${r.id}`);
  const files = page.getByRole('region', { name: 'Tài liệu minh chứng' });
  await files.getByText('Chưa có tài liệu minh chứng.').waitFor();
  await files.getByRole('button', { name: 'Tải lên' }).click();
  await files.getByText('Vui lòng chọn một tệp.').waitFor();
  await files.getByLabel('Chọn tệp').setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await files.getByRole('button', { name: 'Tải lên' }).click();
  await files.getByText(/Loại tệp này không được nhận/).waitFor();
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 'x')]);
  await files.getByLabel('Chọn tệp').setInputFiles({ name: 'Biên bản ra quân.pdf', mimeType: 'application/pdf', buffer: pdf });
  await files.getByText('Biên bản ra quân.pdf (2 KB)').waitFor();
  await files.getByRole('button', { name: 'Tải lên' }).click();
  await page.getByText('Đã tải lên “Biên bản ra quân.pdf”.').waitFor();
  const link = page.getByRole('region', { name: 'Tài liệu minh chứng' }).getByRole('link', { name: 'Biên bản ra quân.pdf' });
  const hrefValue = await link.getAttribute('href');
  assert.match(hrefValue, new RegExp(`^/api/v1/reports/${r.id}/files/\\d+$`));
  const got = await page.evaluate(async (u) => { const res = await fetch(u); return { status: res.status, size: (await res.arrayBuffer()).byteLength }; }, hrefValue);
  assert.deepEqual(got, { status: 200, size: pdf.length });
  assert.match(await page.getByRole('region', { name: 'Tài liệu minh chứng' }).innerText(), /\b2(,\d)? KB/);
  await screenshot(page, 'report-files');

  // a wrong file is removed, after a confirmation
  page.once('dialog', (d) => d.accept());
  await page.getByRole('region', { name: 'Tài liệu minh chứng' }).getByRole('button', { name: 'Gỡ bỏ Biên bản ra quân.pdf' }).click();
  await page.getByText('Đã gỡ “Biên bản ra quân.pdf”.').waitFor();
  await page.getByRole('region', { name: 'Tài liệu minh chứng' }).getByText('Chưa có tài liệu minh chứng.').waitFor();
  assert.equal((await officer.get(`/api/v1/reports/${r.id}`)).body.files.length, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the overview lists each plan for the year, and a plan opens its dashboard', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'tinh.danvan', DEMO_PASSWORD);
  const year = plan.end_year;
  await page.goto(`${server.url}/#/overview?year=${year}`);
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  const row = page.locator('table.data-table tbody tr', { hasText: 'DA-RACTHAI' });
  await row.waitFor();
  const api = new Client(server.url);
  await api.login('tinh.danvan', DEMO_PASSWORD);
  const ov = await api.get(`/api/v1/overview?year=${year}`);
  assert.equal(ov.status, 200, ov.text);
  assert.equal(await page.locator('table.data-table tbody tr').count(), ov.body.items.length, 'one row per plan');
  assert.equal(ov.body.items.length, 6, 'the six plans of the province run in their last year');
  const mine = ov.body.items.find((x) => x.plan.code === 'DA-RACTHAI');
  const text = await row.innerText();
  assert.match(text, new RegExp(`\\b${mine.reports_late}\\b`));
  assert.match(text, new RegExp(`\\b${mine.reports_missing}\\b`));
  await screenshot(page, 'overview');
  await row.getByRole('link').first().click();
  await page.getByRole('heading', { level: 1, name: 'Bảng theo dõi DA-RACTHAI' }).waitFor();
  assert.match(page.url(), new RegExp(`#/plans/${plan.id}/dashboard\\?period=${year}`));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the plan page lists the indicators with this year\'s targets and links to the dashboard', async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, 'tinh.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/plans/${plan.id}`);
  const panel = page.getByRole('region', { name: 'Chỉ tiêu', exact: true });
  const row = panel.locator('tbody tr', { hasText: ind.households.name });
  await row.waitFor();
  assert.match(await row.innerText(), /20\.000/, 'the province\'s target for the year');
  assert.match(await row.innerText(), /Hằng tháng/);
  await screenshot(page, 'plan-indicators');
  await page.getByRole('link', { name: 'Bảng theo dõi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bảng theo dõi DA-RACTHAI' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a 375px phone the form, the list and the dashboard fit; the heat table scrolls inside its box', async () => {
  const r = await officerReport();
  const page = await newPage(browser, { width: 375, height: 812 });
  await signIn(page, server.url, 'tanthanh.phunu', DEMO_PASSWORD);
  await page.goto(`${server.url}/#/reports/${r.id}`);
  await page.getByRole('heading', { level: 1, name: `Báo cáo ${r.label}` }).waitFor();
  let w = await noOverflow(page);
  assert.ok(w.doc <= w.view && w.body <= w.view, `report form: ${JSON.stringify(w)}`);
  await page.getByRole('textbox', { name: ind.households.name, exact: true }).fill('15');
  await screenshot(page, 'report-phone');
  await page.goto(`${server.url}/#/reports`);
  await page.getByText(/Tìm thấy [\d.]+ báo cáo/).waitFor();
  w = await noOverflow(page);
  assert.ok(w.doc <= w.view, `report list: ${JSON.stringify(w)}`);
  await screenshot(page, 'reports-phone');
  await page.context().close();

  const ap = await newPage(browser, { width: 375, height: 812 });
  await signIn(ap, server.url, 'admin', ADMIN_PASSWORD);
  await ap.goto(`${server.url}/#/plans/${plan.id}/dashboard?period=${MONTH}&unit=24`);
  const wrap = ap.locator('.heat-wrap');
  await wrap.locator('table.heat-table').waitFor();
  await ap.locator('.trend-card canvas').first().waitFor();
  w = await noOverflow(ap);
  assert.ok(w.doc <= w.view && w.body <= w.view, `dashboard: ${JSON.stringify(w)}`);
  const inner = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(inner.scroll > inner.client, `the heat table scrolls sideways inside its box: ${JSON.stringify(inner)}`);
  await screenshot(ap, 'dashboard-phone');
  await ap.goto(`${server.url}/#/overview?year=${plan.end_year}`);
  await ap.locator('table.data-table').waitFor();
  w = await noOverflow(ap);
  assert.ok(w.doc <= w.view, `overview: ${JSON.stringify(w)}`);
  await screenshot(ap, 'overview-phone');
  assert.deepEqual(ap.errors, []);
  await ap.context().close();
});
