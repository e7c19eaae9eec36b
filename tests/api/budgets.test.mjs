// budgets.test.mjs — the money behind a waste-sorting project in 2024 (made here
// by Hội LHPN tỉnh, so the demo's own budget lines never mix in): Tân Thanh's and
// Lạng Giang's women's unions enter what they planned, the finance department
// (tinh.taichinh) what it allocated and when; the roll-up adds the commune and
// district lines up at the province with the right allocation delays, and the
// finance department sees every plan's lines. Nobody outside the line's unit
// reads or changes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
const users = {};
let orgs;
let plans;     // code -> plan: the two projects made for this test
const line = {};

async function as(username) {
  if (!users[username]) {
    const c = new Client(srv.url);
    await c.login(username);
    users[username] = c;
  }
  return users[username];
}
function assertStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what} expected ${status}, got ${r.status}: ${r.text}`);
  if (status >= 400) assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
}
function assertError(r, status, code, field) {
  assertStatus(r, status);
  assert.equal(r.body.error.code, code, r.text);
  if (field) assert.equal(r.body.error.field, field, r.text);
}
function vnToday(offset = 0) {
  return new Date(Date.now() + 7 * 3600 * 1000 + offset * 86400000).toISOString().slice(0, 10);
}
function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }
const org = (code) => { const o = orgs.get(code); assert.ok(o, code); return o; };
const M = 1000000;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  orgs = new Map((await admin.get('/api/v1/organizations?limit=1000')).body.items.map((x) => [x.code, x]));
  plans = new Map();
  for (const [who, owner, code, title] of [
    ['tinh.phunu', 'women-24', 'DA-RACTHAI', 'Thôn, xóm sạch rác giai đoạn 2024–2025'],
    ['tinh.nongdan', 'farmers-24', 'DA-OCOP', 'Sản phẩm OCOP lên sàn giai đoạn 2024–2025'],
  ]) {
    const r = await (await as(who)).post('/api/v1/plans', { code: `${code}-KP`, kind: 'de_an', title, owner_id: org(owner).id, start_year: 2024, end_year: 2025 });
    assertStatus(r, 201, `create plan ${code}`);
    plans.set(code, r.body);
  }
});
// Every item of a list, page by page.
async function listAll(c, path) {
  const items = [];
  for (let offset = 0; ; offset += 1000) {
    const r = await c.get(`${path}&limit=1000&offset=${offset}`);
    assertStatus(r, 200);
    items.push(...r.body.items);
    if (items.length >= r.body.total || r.body.items.length === 0) return items;
  }
}
after(async () => { await srv?.stop(); });

describe('entering the lines', () => {
  test('the commune enters what it planned; the allocation is overdue since 1 January', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.post('/api/v1/budgets', { plan_id: plans.get('DA-RACTHAI').id, year: 2024, source: 'commune', planned: 50 * M, note: 'Mua thùng rác phân loại' });
    assertStatus(r, 201);
    line.commune = r.body;
    for (const k of ['plan_id', 'organization_id', 'unit', 'year', 'source', 'planned', 'allocated', 'allocated_on', 'disbursed', 'disbursed_on'])
      assert.ok(k in r.body, k);
    assert.equal(r.body.organization_id, org('women-07411').id);
    assert.equal(r.body.unit, '07411');
    assert.equal(r.body.planned, 50 * M);
    assert.equal(r.body.allocated, 0);
    assert.equal(r.body.needed_on, '2024-01-01');
    assert.equal(r.body.allocation_delay_days, null);
    assert.equal(r.body.allocation_overdue_days, daysBetween('2024-01-01', vnToday()));
    assert.equal(r.body.disbursement_rate, null);
  });

  test('the commune may not enter what was allocated (403, naming the field)', async () => {
    const c = await as('tanthanh.phunu');
    assertError(await c.patch(`/api/v1/budgets/${line.commune.id}`, { version: line.commune.version, allocated: 40 * M }), 403, 'field_not_writable', 'allocated');
    assertError(await c.post('/api/v1/budgets', { plan_id: plans.get('DA-RACTHAI').id, year: 2025, source: 'commune', planned: 1, disbursed: 1 }), 403, 'field_not_writable', 'disbursed');
  });

  test('the finance department allocates: the delay counts from 1 January (leap year)', async () => {
    const f = await as('tinh.taichinh');
    const r = await f.patch(`/api/v1/budgets/${line.commune.id}`, { version: line.commune.version, allocated: 40 * M, allocated_on: '2024-03-15', disbursed: 30 * M, disbursed_on: '2024-05-20' });
    assertStatus(r, 200);
    line.commune = r.body;
    assert.equal(r.body.allocation_delay_days, 74);
    assert.equal(r.body.allocation_overdue_days, null);
    assert.equal(r.body.disbursement_rate, 0.75);
    assert.equal(r.body.over_disbursed, false);
    assert.equal(r.body.planned, 50 * M, 'planned untouched');
    assertError(await f.patch(`/api/v1/budgets/${line.commune.id}`, { version: r.body.version, planned: 1 }), 403, 'field_not_writable', 'planned');
  });

  test('the district line, allocated before the year began: a negative delay', async () => {
    const d = await as('langgiang.phunu');
    const r = await d.post('/api/v1/budgets', { plan_id: plans.get('DA-RACTHAI').id, year: 2024, source: 'district', planned: 200 * M });
    assertStatus(r, 201);
    assert.equal(r.body.unit, '217');
    const f = await as('tinh.taichinh');
    const a = await f.patch(`/api/v1/budgets/${r.body.id}`, { version: r.body.version, allocated: 150 * M, allocated_on: '2023-12-20' });
    assertStatus(a, 200);
    assert.equal(a.body.allocation_delay_days, -12);
    line.district = a.body;
  });

  test('the plan\'s owner enters the province line, planned and allocated', async () => {
    const o = await as('tinh.phunu');
    const r = await o.post('/api/v1/budgets', { plan_id: plans.get('DA-RACTHAI').id, year: 2024, source: 'provincial', planned: 500 * M, allocated: 500 * M, allocated_on: '2024-02-01', disbursed: 100 * M });
    assertStatus(r, 201);
    assert.equal(r.body.unit, '24');
    assert.equal(r.body.allocation_delay_days, 31);
    assert.equal(r.body.disbursement_rate, 0.2);
    line.province = r.body;
  });

  test('one line per plan, organisation, unit, year and source (409)', async () => {
    const c = await as('tanthanh.phunu');
    assertError(await c.post('/api/v1/budgets', { plan_id: plans.get('DA-RACTHAI').id, year: 2024, source: 'commune', planned: 1 }), 409, 'budget_line_exists');
  });

  test('amounts are whole VND from 0 to 10^15; the year lies in the plan', async () => {
    const c = await as('tanthanh.phunu');
    const base = { plan_id: plans.get('DA-RACTHAI').id, year: 2025, source: 'socialized' };
    assertError(await c.post('/api/v1/budgets', { ...base, planned: -1 }), 422, 'out_of_range', 'planned');
    assertError(await c.post('/api/v1/budgets', { ...base, planned: 1e15 + 1 }), 422, 'out_of_range', 'planned');
    assertError(await c.post('/api/v1/budgets', { ...base, planned: 12.5 }), 422, 'not_integer', 'planned');
    assertError(await c.post('/api/v1/budgets', { ...base, year: 2019 }), 422, 'year_outside_plan', 'year');
    assertError(await c.post('/api/v1/budgets', { ...base, source: 'ngan_sach' }), 422, 'invalid_choice', 'source');
    const ok = await c.post('/api/v1/budgets', { ...base, planned: 1e15 });
    assertStatus(ok, 201);
    assert.equal(ok.body.planned, 1e15);
  });

  test('more disbursed than allocated is kept but flagged', async () => {
    const f = await as('tinh.taichinh');
    const r = await f.patch(`/api/v1/budgets/${line.district.id}`, { version: line.district.version, disbursed: 160 * M, disbursed_on: '2024-09-30' });
    assertStatus(r, 200);
    assert.equal(r.body.disbursed, 160 * M);
    assert.equal(r.body.over_disbursed, true);
    line.district = r.body;
  });

  test('a stale version changes nothing (409)', async () => {
    const f = await as('tinh.taichinh');
    assertError(await f.patch(`/api/v1/budgets/${line.commune.id}`, { version: line.commune.version - 1, allocated: 1 }), 409, 'stale_version');
    const g = await f.get(`/api/v1/budgets/${line.commune.id}`);
    assert.equal(g.body.allocated, 40 * M);
    assertError(await f.patch(`/api/v1/budgets/${line.commune.id}`, { version: line.commune.version, unit: '07375' }), 422, 'immutable_field', 'unit');
  });
});

describe('the roll-up', () => {
  const q = () => `plan=${plans.get('DA-RACTHAI').id}&year=2024`;

  test('commune and district lines add up at the province, with the average delay', async () => {
    const r = await admin.get(`/api/v1/budgets/summary?${q()}&unit=24&by=children`);
    assertStatus(r, 200);
    assert.deepEqual(r.body.unit, { code: '24', name: r.body.unit.name });
    const t = r.body.totals;
    assert.equal(t.lines, 3);
    assert.equal(t.planned, 750 * M);
    assert.equal(t.allocated, 690 * M);
    assert.equal(t.disbursed, 290 * M);
    assert.equal(t.avg_allocation_delay_days, (74 - 12 + 31) / 3);
    assert.equal(t.over_disbursed_lines, 1);
    const lg = r.body.items.find((x) => x.unit?.code === '217');
    assert.equal(lg.planned, 250 * M);
    assert.equal(lg.allocated, 190 * M);
    assert.equal(lg.lines, 2);
    assert.equal(lg.avg_allocation_delay_days, (74 - 12) / 2);
    const own = r.body.items.find((x) => x.own);
    assert.equal(own.planned, 500 * M);
    assert.equal(r.body.items.filter((x) => x.unit).length, 10, 'one row per district');
    for (const k of ['lines', 'planned', 'allocated', 'disbursed'])
      assert.equal(r.body.items.reduce((s, x) => s + x[k], 0), t[k], `rows add up: ${k}`);
  });

  test('one level down, the district shows its commune and its own line', async () => {
    const r = await admin.get(`/api/v1/budgets/summary?${q()}&unit=217`);
    assertStatus(r, 200);
    assert.equal(r.body.by, 'children');
    assert.equal(r.body.totals.planned, 250 * M);
    assert.equal(r.body.items.find((x) => x.unit?.code === '07411').planned, 50 * M);
    assert.equal(r.body.items.find((x) => x.unit?.code === '07375').lines, 0);
    assert.equal(r.body.items.find((x) => x.own).planned, 200 * M);
  });

  test('by source', async () => {
    const r = await admin.get(`/api/v1/budgets/summary?${q()}&unit=24&by=source`);
    assertStatus(r, 200);
    const by = Object.fromEntries(r.body.items.map((x) => [x.source, x.planned]));
    assert.deepEqual(by, { provincial: 500 * M, district: 200 * M, commune: 50 * M, socialized: 0, other: 0 });
    assertError(await admin.get(`/api/v1/budgets/summary?${q()}&by=huyen`), 400, 'bad_by', 'by');
  });

  test('the finance department sees every plan\'s lines when no plan is given', async () => {
    const n = await as('tinh.nongdan');
    const ocop = await n.post('/api/v1/budgets', { plan_id: plans.get('DA-OCOP').id, year: 2024, source: 'provincial', planned: 300 * M });
    assertStatus(ocop, 201);
    const f = await as('tinh.taichinh');
    const list = await listAll(f, '/api/v1/budgets?year=2024');
    const ids = new Set(list.map((x) => x.plan_id));
    assert.ok(ids.has(plans.get('DA-RACTHAI').id) && ids.has(plans.get('DA-OCOP').id));
    const s = await f.get('/api/v1/budgets/summary?year=2024&by=source');
    assertStatus(s, 200);
    assert.equal(s.body.unit.code, '24', 'rolled up under the caller\'s own unit');
    assert.equal(s.body.plan_id, null);
    assert.equal(s.body.totals.lines, list.length);
    assert.equal(s.body.totals.planned, list.reduce((a, x) => a + x.planned, 0));
    // the view across plans is the sum of each plan's
    let planned = 0;
    for (const p of (await f.get('/api/v1/plans?limit=1000')).body.items) {
      const one = await f.get(`/api/v1/budgets/summary?year=2024&plan=${p.id}`);
      planned += one.body.totals.planned;
    }
    assert.equal(planned, s.body.totals.planned);
    const mine = await f.get(`/api/v1/budgets/summary?year=2024&plan=${plans.get('DA-OCOP').id}`);
    assert.equal(mine.body.totals.planned, 300 * M);
    // and it allocates in any plan
    const a = await f.patch(`/api/v1/budgets/${ocop.body.id}`, { version: ocop.body.version, allocated: 300 * M, allocated_on: '2024-01-01' });
    assertStatus(a, 200);
    assert.equal(a.body.allocation_delay_days, 0);
  });

  test('the plan\'s follow-up carries the budget totals', async () => {
    const r = await admin.get(`/api/v1/plans/${plans.get('DA-RACTHAI').id}/follow-up`);
    assertStatus(r, 200);
    assert.equal(r.body.budgets.planned, 750 * M + 1e15);
    assert.equal(r.body.budgets.allocated, 690 * M);
  });
});

describe('who reads and changes the Tân Thanh line (07411, Lạng Giang 217)', () => {
  for (const who of ['laoho.phunu', 'yendung.phunu', 'voi.phunu']) {
    test(`${who} gets 404 on it and sees none of it in lists and roll-ups`, async () => {
      const c = await as(who);
      assertStatus(await c.get(`/api/v1/budgets/${line.commune.id}`), 404);
      assertStatus(await c.patch(`/api/v1/budgets/${line.commune.id}`, { version: line.commune.version, planned: 1 }), 404);
      const list = await listAll(c, '/api/v1/budgets?year=2024');
      assert.ok(!list.some((x) => x.unit === '07411'));
      const s = await c.get(`/api/v1/budgets/summary?plan=${plans.get('DA-RACTHAI').id}&unit=24&by=children`);
      assertStatus(s, 200);
      assert.ok(s.body.totals.planned < 750 * M, 'the commune line is not summed');
      assertError(await c.post('/api/v1/budgets', { plan_id: plans.get('DA-RACTHAI').id, unit: '07411', year: 2025, source: 'commune', planned: 1 }), 422, 'unit_out_of_scope', 'unit');
      assertError(await c.post('/api/v1/budgets', { plan_id: plans.get('DA-RACTHAI').id, organization_id: org('women-07411').id, year: 2025, source: 'commune', planned: 1 }), 422, 'unknown_organization', 'organization_id');
    });
  }

  test('the district reads it but may not change another organisation\'s line (403)', async () => {
    const d = await as('langgiang.phunu');
    assertStatus(await d.get(`/api/v1/budgets/${line.commune.id}`), 200);
    assertError(await d.patch(`/api/v1/budgets/${line.commune.id}`, { version: line.commune.version, planned: 1 }), 403, 'not_allowed');
  });

  test('a viewer reads it and gets 403 on writes', async () => {
    const v = await as('tanthanh.xem');
    assertStatus(await v.get(`/api/v1/budgets/${line.commune.id}`), 200);
    assertStatus(await v.patch(`/api/v1/budgets/${line.commune.id}`, { version: line.commune.version, planned: 1 }), 403);
    assertStatus(await v.post('/api/v1/budgets', { plan_id: plans.get('DA-RACTHAI').id, year: 2025, source: 'commune', planned: 1 }), 403);
    const g = await admin.get(`/api/v1/budgets/${line.commune.id}`);
    assert.equal(g.body.planned, 50 * M);
  });

  test('every change is in the audit log', async () => {
    const a = await admin.get(`/api/v1/audit?entity=budgets&id=${line.commune.id}`);
    assertStatus(a, 200);
    assert.ok(a.body.items.some((i) => i.after?.allocated === 40 * M && i.before?.allocated === 0), a.text);
  });
});
