// analytics.test.mjs — GET /api/v1/analytics and /api/v1/overview over HTTP: an
// approval shows at once in the district's and the province's figures (and a
// reopening takes it out), rows by children add up to the total, a ratio is
// Σnumerator/Σdenominator, achievement is against the year target, and nobody sees
// a neighbouring district's figures (404).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
const users = {};
let orgs;        // code -> organisation
let plan;        // a plan of Hội LHPN tỉnh made here
let ind;         // the indicators this file adds
let month;       // the month reported
let year;
let q1;          // the quarter holding month

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
async function addIndicator(c, body) {
  const r = await c.post(`/api/v1/plans/${plan.id}/indicators`, body);
  assertStatus(r, 201, `create indicator ${body.code}`);
  return r.body;
}
async function analytics(client, query) {
  const r = await client.get(`/api/v1/analytics?${query}`);
  assertStatus(r, 200, query);
  assert.equal(r.body.total, r.body.items.length);
  return r.body.items;
}
async function one(client, query) {
  const items = await analytics(client, query);
  assert.equal(items.length, 1, `one row for ${query}`);
  return items[0];
}
// A report of the organisation at its unit with the values, submitted; -> {id, version}
async function submitted(username, orgCode, unit, values) {
  const c = await as(username);
  let r = await c.post('/api/v1/reports', { plan_id: plan.id, organization_id: orgs.get(orgCode).id, unit, period: month });
  assertStatus(r, 201, `create ${orgCode} ${month}`);
  const body = { version: r.body.version, values: Object.entries(values).map(([k, v]) => ({ indicator_id: ind[k].id, value: v })) };
  r = await c.put(`/api/v1/reports/${r.body.id}`, body);
  assertStatus(r, 200, 'save values');
  r = await c.post(`/api/v1/reports/${r.body.id}/submit`, { version: r.body.version });
  assertStatus(r, 200, 'submit');
  return { id: r.body.id, version: r.body.version };
}
async function act(username, report, action, reason) {
  const r = await (await as(username)).post(`/api/v1/reports/${report.id}/${action}`, { version: report.version, reason });
  assertStatus(r, 200, action);
  report.version = r.body.version;
  return r.body;
}
const sum = (rows, key) => rows.reduce((s, x) => s + (x[key] ?? 0), 0);

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const o = await admin.get('/api/v1/organizations?limit=1000');
  assertStatus(o, 200);
  orgs = new Map(o.body.items.map((x) => [x.code, x]));
  // a plan of its own, so that the demo's reports do not mix in
  const owner = await as('tinh.phunu');
  const p = await owner.post('/api/v1/plans', {
    code: 'KH-PHAN-TICH', kind: 'ke_hoach', title: 'Kế hoạch thử phân tích số liệu',
    owner_id: orgs.get('women-24').id, start_year: 2024, end_year: 2025,
  });
  assertStatus(p, 201, 'create plan');
  plan = p.body;
  const base = { direction: 'up', frequency: 'month', unit_agg: 'sum' };
  ind = {};
  ind.sorted = await addIndicator(owner, { ...base, code: 'PT_HO_PHAN_LOAI', name: 'Số hộ phân loại rác (phân tích)', unit_label: 'hộ', value_type: 'integer', time_agg: 'sum' });
  ind.all = await addIndicator(owner, { ...base, code: 'PT_TONG_HO', name: 'Tổng số hộ (phân tích)', unit_label: 'hộ', value_type: 'integer', time_agg: 'last' });
  ind.share = await addIndicator(owner, {
    ...base, code: 'PT_TL_HO', name: 'Tỷ lệ hộ phân loại rác (phân tích)', unit_label: '%', value_type: 'percent',
    time_agg: 'last', unit_agg: 'ratio', numerator_id: ind.sorted.id, denominator_id: ind.all.id,
  });
  month = '202403';
  year = '2024';
  q1 = `${year}Q${Math.ceil(Number(month.slice(4)) / 3)}`;
});
after(async () => { await srv?.stop(); });

describe('figures follow the workflow at once', () => {
  let tanthanh;
  let before217;

  test('a submitted report counts only with include=submitted', async () => {
    before217 = await one(admin, `indicator=${ind.sorted.id}&unit=217&period=${year}&include=submitted`);
    assert.equal(before217.value, null, 'a new indicator has no values yet');
    tanthanh = await submitted('tanthanh.phunu', 'women-07411', '07411', { sorted: 40, all: 100 });
    const approved = await one(admin, `indicator=${ind.sorted.id}&unit=217&period=${year}`);
    assert.equal(approved.value, null);
    const withSubmitted = await one(admin, `indicator=${ind.sorted.id}&unit=217&period=${year}&include=submitted`);
    assert.equal(withSubmitted.value, 40);
    assert.equal(withSubmitted.reported_units, before217.reported_units + 1);
    assert.equal(withSubmitted.unit, '217');
    assert.ok(withSubmitted.unit_name.length > 0);
    assert.ok(withSubmitted.expected_units >= 6, 'the district and its communes with a women\'s union');
  });

  test('the approval shows up at once for the district and the province', async () => {
    await act('langgiang.phunu.lanhdao', tanthanh, 'approve');
    for (const unit of ['217', '24']) {
      const row = await one(admin, `indicator=${ind.sorted.id}&unit=${unit}&period=${year}`);
      assert.equal(row.value, 40, `unit ${unit}`);
      assert.equal(row.indicator_id, ind.sorted.id);
      assert.equal(row.period, year);
    }
    assert.equal((await one(admin, `indicator=${ind.sorted.id}&unit=24&period=${month}`)).value, 40);
    assert.equal((await one(admin, `indicator=${ind.sorted.id}&unit=24&period=${q1}`)).value, 40);
    assert.equal((await one(admin, `indicator=${ind.sorted.id}&unit=07411&period=${month}`)).value, 40);
    assert.equal((await one(admin, `indicator=${ind.sorted.id}&unit=221&period=${year}`)).value, null, 'not in Yên Dũng');
  });

  test('reopening takes it out again at once', async () => {
    await act('langgiang.phunu.lanhdao', tanthanh, 'reopen', 'Số liệu cần kiểm tra lại');
    assert.equal((await one(admin, `indicator=${ind.sorted.id}&unit=24&period=${year}`)).value, null);
    await act('tanthanh.phunu', tanthanh, 'submit');
    await act('langgiang.phunu.lanhdao', tanthanh, 'approve');
    assert.equal((await one(admin, `indicator=${ind.sorted.id}&unit=24&period=${year}`)).value, 40);
  });
});

describe('rows by children and ratios', () => {
  before(async () => {
    const voi = await submitted('voi.phunu', 'women-07375', '07375', { sorted: 10, all: 50 });
    await act('langgiang.phunu.lanhdao', voi, 'approve');
    // the district's own work, left submitted (its approver is at the province)
    await submitted('langgiang.phunu', 'women-217', '217', { sorted: 5, all: 20 });
  });

  test('by=children gives the district\'s own row and one per commune, adding up to the total', async () => {
    const q = `unit=217&period=${year}&include=submitted`;
    const total = await one(admin, `indicator=${ind.sorted.id}&${q}`);
    assert.equal(total.value, 55);
    const rows = await analytics(admin, `indicator=${ind.sorted.id}&${q}&by=children`);
    const own = rows.filter((x) => x.own);
    assert.equal(own.length, 1);
    assert.equal(own[0].unit, '217');
    assert.equal(own[0].value, 5);
    assert.equal(rows.find((x) => x.unit === '07411').value, 40);
    assert.equal(rows.find((x) => x.unit === '07375').value, 10);
    assert.equal(sum(rows, 'value'), total.value);
    assert.equal(sum(rows, 'reported_units'), total.reported_units);
    assert.equal(sum(rows, 'expected_units'), total.expected_units);
    assert.ok(rows.every((x) => !x.others), 'the admin sees every commune');
  });

  test('at the province the districts add up too', async () => {
    const q = `indicator=${ind.sorted.id}&unit=24&period=${year}&include=submitted`;
    const total = await one(admin, q);
    const rows = await analytics(admin, `${q}&by=children`);
    assert.ok(rows.length >= 11, 'the province\'s own row and its ten districts');
    assert.equal(rows.find((x) => x.unit === '217').value, 55);
    assert.equal(sum(rows, 'value'), total.value);
    assert.equal(sum(rows, 'expected_units'), total.expected_units);
  });

  test('a ratio is Σnumerator / Σdenominator, never a mean of percentages', async () => {
    const q = `indicator=${ind.share.id}&unit=217&period=${year}&include=submitted`;
    const total = await one(admin, q);
    // 40/100, 10/50 and 5/20: the mean of 40 %, 20 % and 25 % would be 28.3 %
    assert.equal(total.numerator, 55);
    assert.equal(total.denominator, 170);
    assert.ok(Math.abs(total.value - (55 / 170) * 100) < 1e-9, `value ${total.value}`);
    const rows = await analytics(admin, `${q}&by=children`);
    assert.equal(sum(rows, 'numerator'), 55);
    assert.equal(sum(rows, 'denominator'), 170);
    assert.ok(Math.abs(rows.find((x) => x.unit === '07375').value - 20) < 1e-9);
  });

  test('several indicators and periods: one row each', async () => {
    const rows = await analytics(admin, `indicator=${ind.sorted.id},${ind.all.id}&unit=217&period=${year},${q1},${month}`);
    assert.equal(rows.length, 6);
    assert.deepEqual(rows.map((x) => [x.indicator_id, x.period]), [
      [ind.sorted.id, year], [ind.sorted.id, q1], [ind.sorted.id, month],
      [ind.all.id, year], [ind.all.id, q1], [ind.all.id, month],
    ]);
    assert.ok(rows.every((x) => x.value === 50 || x.value === 150), JSON.stringify(rows));
  });
});

describe('targets and achievement', () => {
  before(async () => {
    const r = await (await as('tinh.phunu')).put(`/api/v1/indicators/${ind.sorted.id}/targets`,
      [{ unit: '217', year: Number(year), value: 100 }, { unit: '07411', year: Number(year), value: 80 }]);
    assertStatus(r, 200, 'set targets');
  });

  test('the year figure is measured against the year target', async () => {
    const row = await one(admin, `indicator=${ind.sorted.id}&unit=217&period=${year}`);
    assert.equal(row.target, 100);
    assert.equal(row.value, 50);
    assert.equal(row.achievement, 50);
    const rows = await analytics(admin, `indicator=${ind.sorted.id}&unit=217&period=${year}&by=children`);
    const tt = rows.find((x) => x.unit === '07411');
    assert.equal(tt.target, 80);
    assert.equal(tt.achievement, 50);
    assert.equal(rows.find((x) => x.own).target, null, 'the unit\'s target is for its whole area');
  });

  test('a part-year sum is not compared with the year target', async () => {
    const row = await one(admin, `indicator=${ind.sorted.id}&unit=217&period=${q1}`);
    assert.equal(row.target, 100);
    assert.equal(row.achievement, null);
  });

  test('a changed or removed target shows in the next answer (targets are held beside the cube)', async () => {
    const c = await as('tinh.phunu');
    const put = (targets) => c.put(`/api/v1/indicators/${ind.sorted.id}/targets`, targets);
    assertStatus(await put([{ unit: '07411', year: Number(year), value: 40 }]), 200, 'change');
    let rows = await analytics(admin, `indicator=${ind.sorted.id}&unit=217&period=${year}&by=children`);
    assert.equal(rows.find((x) => x.unit === '07411').target, 40);
    assert.equal(rows.find((x) => x.unit === '07411').achievement, 100);
    assertStatus(await put([{ unit: '07411', year: Number(year), value: null }]), 200, 'remove');
    rows = await analytics(admin, `indicator=${ind.sorted.id}&unit=217&period=${year}&by=children`);
    assert.equal(rows.find((x) => x.unit === '07411').target, null);
    assert.equal(rows.find((x) => x.unit === '07411').achievement, null);
    assert.equal((await one(admin, `indicator=${ind.sorted.id}&unit=217&period=${year}`)).target, 100,
      'the other unit keeps its target');
    assertStatus(await put([{ unit: '07411', year: Number(year), value: 80 }]), 200, 'restore');
  });
});

describe('who sees what', () => {
  test('another district\'s officer gets 404 for Lạng Giang', async () => {
    const c = await as('yendung.phunu');
    const r = await c.get(`/api/v1/analytics?indicator=${ind.sorted.id}&unit=217&period=${year}`);
    assertStatus(r, 404);
    assert.equal(r.body.error.field, 'unit');
    assertStatus(await c.get(`/api/v1/analytics?indicator=${ind.sorted.id}&unit=07411&period=${year}`), 404);
    assertStatus(await c.get(`/api/v1/analytics?indicator=${ind.sorted.id}&unit=221&period=${year}`), 200);
  });

  test('looking at the province by district, a district sees its own row and the rest merged', async () => {
    const c = await as('yendung.phunu');
    const total = await one(c, `indicator=${ind.sorted.id}&unit=24&period=${year}`);
    const rows = await analytics(c, `indicator=${ind.sorted.id}&unit=24&period=${year}&by=children`);
    assert.equal(rows.find((x) => x.unit === '217'), undefined, 'no row for Lạng Giang');
    assert.ok(rows.find((x) => x.unit === '221'));
    const others = rows.filter((x) => x.others);
    assert.equal(others.length, 1);
    assert.equal(others[0].unit, null);
    assert.equal(others[0].value, 50);
    assert.equal(sum(rows, 'value'), total.value);
    assert.equal(sum(rows, 'expected_units'), total.expected_units);
  });

  test('the caller\'s own unit is the default; a commune sees its district but not its neighbour', async () => {
    const c = await as('tanthanh.phunu');
    const mine = await one(c, `indicator=${ind.sorted.id}&period=${year}`);
    assert.equal(mine.unit, '07411');
    assert.equal(mine.value, 40);
    assertStatus(await c.get(`/api/v1/analytics?indicator=${ind.sorted.id}&unit=217&period=${year}`), 200);
    assertStatus(await c.get(`/api/v1/analytics?indicator=${ind.sorted.id}&unit=07375&period=${year}`), 404);
  });

  test('without a session: 401', async () => {
    const anon = new Client(srv.url);
    assertStatus(await anon.get(`/api/v1/analytics?indicator=${ind.sorted.id}`), 401);
    assertStatus(await anon.get('/api/v1/overview'), 401);
  });
});

describe('bad questions', () => {
  const cases = [
    ['', 400, 'required'],
    ['indicator=abc', 400, 'bad_indicator'],
    ['indicator=1,,2', 400, 'bad_indicator'],
    ['indicator=0', 400, 'bad_indicator'],
    [`indicator=${Array.from({ length: 101 }, (_, i) => i + 1).join(',')}`, 400, 'too_many_indicators'],
    ['indicator=ID&period=2024Q5', 400, 'bad_period'],
    ['indicator=ID&period=2024-05', 400, 'bad_period'],
    ['indicator=ID&by=parent', 400, 'bad_by'],
    ['indicator=ID&include=drafts', 400, 'bad_include'],
    ['indicator=999999', 404, 'not_found'],
    ['indicator=ID&unit=99999999', 404, 'not_found'],
  ];
  for (const [q, status, code] of cases) {
    test(`${q || '(nothing)'} -> ${status} ${code}`, async () => {
      const r = await admin.get(`/api/v1/analytics?${q.replace('ID', ind.sorted.id)}`);
      assertStatus(r, status);
      assert.equal(r.body.error.code, code, r.text);
    });
  }
});

describe('overview', () => {
  test('one item per plan with achievement and the timeliness of reports', async () => {
    const r = await admin.get(`/api/v1/overview?year=${year}&unit=217`);
    assertStatus(r, 200);
    const item = r.body.items.find((x) => x.plan.id === plan.id);
    assert.ok(item, 'the plan is in the overview');
    assert.equal(item.plan.code, 'KH-PHAN-TICH');
    assert.equal(item.plan.owner.id, plan.owner.id);
    assert.equal(item.indicators, 3);
    // 12 months due in 2024 × the district and its 5 communes with a women's union
    assert.equal(item.reports_expected, 12 * 6, JSON.stringify(item));
    assert.equal(item.reports_submitted, 3, 'Tân Thanh, Vôi and the district');
    assert.equal(item.reports_late, 3, 'submitted long after March 2024');
    assert.equal(item.reports_missing, 12 * 6 - 3);
    assert.equal(item.on_time_rate, 0);
    assert.equal(item.achievement_avg, 50, 'the target of 100 against 50, the only one set');
  });

  test('a district cannot ask for another district\'s overview', async () => {
    assertStatus(await (await as('yendung.phunu')).get(`/api/v1/overview?year=${year}&unit=217`), 404);
    assertStatus(await (await as('yendung.phunu')).get('/api/v1/overview?year=1800'), 400);
  });
});
