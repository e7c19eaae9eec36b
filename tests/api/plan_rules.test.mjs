// plan_rules.test.mjs — GET|PUT /api/v1/plans/{id}/rules over HTTP on the demo: the
// defaults of Decree 09/2019, the women's union of the province (owner of
// DA-RACTHAI) giving its month reports 20 days, a Tân Thanh report created after
// that due 20 days after its cut-off, and approval moved to the owner's leaders.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
const users = {};
let orgs;
let plan;
let period;   // a month Tân Thanh has not reported yet

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
// 'YYYY-MM-DD' n days after y-m-d.
function addDays(y, m, d, n) {
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const o = await admin.get('/api/v1/organizations?limit=1000');
  assertStatus(o, 200);
  orgs = new Map(o.body.items.map((x) => [x.code, x]));
  const p = await admin.get('/api/v1/plans?limit=100');
  assertStatus(p, 200);
  plan = p.body.items.find((x) => x.code === 'DA-RACTHAI');
  assert.ok(plan, 'the demo has DA-RACTHAI');
  const taken = await (await as('tanthanh.phunu')).get(
    `/api/v1/reports?plan=${plan.id}&organization=${orgs.get('women-07411').id}&limit=1000`);
  assertStatus(taken, 200);
  const used = new Set(taken.body.items.map((x) => x.period));
  for (let y = plan.start_year; !period && y <= plan.end_year; y++)
    for (let m = 1; !period && m <= 12; m++)
      if (!used.has(`${y}${String(m).padStart(2, '0')}`)) period = `${y}${String(m).padStart(2, '0')}`;
  assert.ok(period, 'a free month in the plan');
});
after(async () => { await srv?.stop(); });

describe('a plan\'s reporting rules', () => {
  let reportId;
  let version;

  test('without a row: the defaults (cut-off 14, 5/7/10/10/15 days, parent), for any reader', async () => {
    for (const u of ['tanthanh.phunu', 'yendung.phunu', 'tinh.phunu']) {
      const r = await (await as(u)).get(`/api/v1/plans/${plan.id}/rules`);
      assertStatus(r, 200, u);
      assert.deepEqual(r.body, {
        plan_id: plan.id, cutoff_day: 14,
        deadline_days: { month: 5, quarter: 7, half: 10, nine: 10, year: 15 },
        approval: 'parent', is_default: true,
      });
    }
    assertStatus(await admin.get('/api/v1/plans/999999/rules'), 404);
  });

  test('out-of-range values are refused (422 naming the field) and change nothing', async () => {
    const c = await as('tinh.phunu');
    const cases = [
      [{ cutoff_day: 31 }, 'cutoff_day'],
      [{ cutoff_day: 0 }, 'cutoff_day'],
      [{ approval: 'boss' }, 'approval'],
      [{ deadline_days: { month: 367 } }, 'deadline_days.month'],
      [{ deadline_days: { year: -1 } }, 'deadline_days.year'],
      [{ deadline_days: 5 }, 'deadline_days'],
    ];
    for (const [body, field] of cases) {
      const r = await c.put(`/api/v1/plans/${plan.id}/rules`, body);
      assertStatus(r, 422, JSON.stringify(body));
      assert.equal(r.body.error.field, field, r.text);
    }
    const empty = await c.put(`/api/v1/plans/${plan.id}/rules`, {});
    assertStatus(empty, 422, 'a body with no rule');
    assert.equal(empty.body.error.code, 'nothing_to_change', empty.text);
    const g = await c.get(`/api/v1/plans/${plan.id}/rules`);
    assert.equal(g.body.is_default, true, 'an empty change does not make the rules custom');
  });

  test('a commune officer and another district\'s officer may read but not write (403)', async () => {
    for (const u of ['tanthanh.phunu', 'yendung.phunu', 'langgiang.phunu.lanhdao']) {
      const r = await (await as(u)).put(`/api/v1/plans/${plan.id}/rules`, { deadline_days: { month: 9 } });
      assertStatus(r, 403, u);
    }
  });

  test('the owner\'s officer gives month reports 20 days; the change is audited', async () => {
    const c = await as('tinh.phunu');
    const r = await c.put(`/api/v1/plans/${plan.id}/rules`, {
      cutoff_day: 14, deadline_days: { month: 20, quarter: 7, half: 10, nine: 10, year: 15 }, approval: 'parent',
    });
    assertStatus(r, 200);
    assert.deepEqual(r.body, {
      plan_id: plan.id, cutoff_day: 14,
      deadline_days: { month: 20, quarter: 7, half: 10, nine: 10, year: 15 },
      approval: 'parent', is_default: false,
    });
    const g = await (await as('tanthanh.phunu')).get(`/api/v1/plans/${plan.id}/rules`);
    assert.equal(g.body.deadline_days.month, 20);
    assert.equal(g.body.is_default, false);
    const a = await admin.get('/api/v1/audit?limit=1000');
    assertStatus(a, 200);
    const row = a.body.items.find((x) => x.entity === 'plan_rules' && x.entity_id === plan.id);
    assert.ok(row, `an audit row for plan_rules: ${JSON.stringify(a.body.items.slice(0, 3))}`);
  });

  test('a report created afterwards is due 20 days after its cut-off', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.post('/api/v1/reports', {
      plan_id: plan.id, organization_id: orgs.get('women-07411').id, unit: '07411', period,
    });
    assertStatus(r, 201);
    const [y, m] = [Number(period.slice(0, 4)), Number(period.slice(4))];
    assert.equal(r.body.deadline, `${addDays(y, m, 14, 20)}T16:59:59Z`);
    // the demo's Tân Thanh reports start in October 2021: 202101 is cut off on
    // 2021-01-14 and now due 2021-02-03 (the defaults would say 2021-01-19)
    if (period === '202101') assert.equal(r.body.deadline, '2021-02-03T16:59:59Z');
    reportId = r.body.id;
    version = r.body.version;
  });

  test('with approval "owner", the district leader may no longer approve; the owner\'s leader may', async () => {
    // last write wins: a partial body keeps the other fields
    const p = await (await as('tinh.phunu')).put(`/api/v1/plans/${plan.id}/rules`, { approval: 'owner' });
    assertStatus(p, 200);
    assert.equal(p.body.approval, 'owner');
    assert.equal(p.body.deadline_days.month, 20);
    const s = await (await as('tanthanh.phunu')).post(`/api/v1/reports/${reportId}/submit`, { version });
    assertStatus(s, 200);
    version = s.body.version;
    assertStatus(await (await as('langgiang.phunu.lanhdao')).post(`/api/v1/reports/${reportId}/approve`, { version }), 403);
    const ok = await (await as('tinh.phunu.lanhdao')).post(`/api/v1/reports/${reportId}/approve`, { version });
    assertStatus(ok, 200);
    assert.equal(ok.body.status, 'approved');
  });

  test('existing reports keep their stored deadline after a later change', async () => {
    const c = await as('tinh.phunu');
    assertStatus(await c.put(`/api/v1/plans/${plan.id}/rules`, { deadline_days: { month: 2 } }), 200);
    const r = await (await as('tanthanh.phunu')).get(`/api/v1/reports/${reportId}`);
    const [y, m] = [Number(period.slice(0, 4)), Number(period.slice(4))];
    assert.equal(r.body.deadline, `${addDays(y, m, 14, 20)}T16:59:59Z`);
  });
});
