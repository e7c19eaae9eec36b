// unit_history_plans.test.mjs — plans seen across a reform (docs/DECISIONS.md
// "Plans seen across a reform"), over HTTP. On the demo with the 2025 reform
// (`tiendo init --demo --reform`) the province's organisations moved to the new Tỉnh
// Bắc Ninh, while Tân Thanh's commune organisations (carried only to the province)
// and Lạng Giang's district organisations (the district was abolished) stayed on the
// old tree: their users keep the province's plans in the plan list and the plan
// screens (and their overview and scorecards), keep opening, entering, importing and
// submitting their own reports, and gain nothing else — no new commune's plan, organisation or report, and another
// commune still cannot touch theirs. On the demo without the reform nothing changes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';

// The demo's plans, all owned by organisations of the province.
const DEMO_PLANS = ['DA-CCB-ANTT', 'DA-NANGLUCSO', 'DA-NHATRO', 'DA-OCOP', 'DA-RACTHAI', 'KH-MTTQ-DDK'];
// A month of DA-RACTHAI (2021–2025) that the demo's reports leave free.
const FREE_MONTH = '202109';

function assertStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what} expected ${status}, got ${r.status}: ${r.text}`);
  if (status >= 400) assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
}

// One server with its signed-in users.
function world(initArgs) {
  const w = { srv: null, users: {} };
  w.as = async (username) => {
    if (!w.users[username]) {
      const c = new Client(w.srv.url);
      await c.login(username);
      w.users[username] = c;
    }
    return w.users[username];
  };
  w.plans = async (username) => {
    const r = await (await w.as(username)).get('/api/v1/plans?limit=100');
    assertStatus(r, 200, `${username} plans`);
    assert.equal(r.body.total, r.body.items.length, 'the count agrees with the list');
    return r.body.items;
  };
  w.codes = async (username) => (await w.plans(username)).map((p) => p.code).sort();
  w.me = async (username) => {
    const r = await (await w.as(username)).get('/api/v1/session');
    assertStatus(r, 200);
    return r.body.user;
  };
  w.start = async () => { w.srv = await startServer({ demo: true, initArgs }); };
  return w;
}

// A plan of the caller's own organisation (officers may create them).
async function ownPlan(w, username, code, years = [2025, 2026]) {
  const me = await w.me(username);
  const r = await (await w.as(username)).post('/api/v1/plans', {
    code, kind: 'ke_hoach', title: `Kế hoạch thử ${code}`, owner_id: me.organization.id,
    start_year: years[0], end_year: years[1],
  });
  assertStatus(r, 201, `create ${code}`);
  return r.body;
}

// A new report of the caller's organisation for its own unit: created, a value
// entered, submitted.
async function reportAndSubmit(w, username, planId, period) {
  const me = await w.me(username);
  const c = await w.as(username);
  const ind = await c.get(`/api/v1/plans/${planId}/indicators?limit=100`);
  assertStatus(ind, 200, `${username} indicators`);
  const rt01 = ind.body.items.find((i) => i.code === 'RT01');
  assert.ok(rt01, 'RT01');
  let r = await c.post('/api/v1/reports', {
    plan_id: planId, organization_id: me.organization.id, unit: me.scope_unit.code, period,
  });
  assertStatus(r, 201, `${username} create report`);
  const id = r.body.id;
  r = await c.put(`/api/v1/reports/${id}`, { version: r.body.version, values: [{ indicator_id: rt01.id, value: 4 }] });
  assertStatus(r, 200, `${username} save values`);
  r = await c.post(`/api/v1/reports/${id}/submit`, { version: r.body.version });
  assertStatus(r, 200, `${username} submit`);
  assert.equal(r.body.status, 'submitted');
  return r.body;
}

describe('after the reform', () => {
  const w = world(['--reform']);
  let racthai;   // DA-RACTHAI as the province sees it
  before(async () => {
    await w.start();
    racthai = (await w.plans('tinh.phunu')).find((p) => p.code === 'DA-RACTHAI');
    assert.ok(racthai, 'DA-RACTHAI');
  });
  after(async () => { await w.srv?.stop(); });

  test('the province\'s plans now belong to the new Tỉnh Bắc Ninh', async () => {
    assert.equal(racthai.owner.unit.code, '24');
    assert.equal(racthai.owner.unit.name, 'Bắc Ninh');
    // users left on the old tree: a commune carried to the province, an abolished district
    assert.equal((await w.me('tanthanh.phunu')).scope_unit.code, '07411');
    assert.equal((await w.me('langgiang.phunu')).scope_unit.code, '217');
  });

  test('an old commune\'s and an abolished district\'s users see the province\'s plans, list and detail', async () => {
    const all = await w.codes('tinh.phunu');
    assert.deepEqual(all, [...DEMO_PLANS, 'KH-MTTQ-2630'].sort());
    for (const u of ['tanthanh.phunu', 'tanthanh.mttq', 'langgiang.phunu', 'laoho.phunu', 'yendung.phunu']) {
      assert.deepEqual(await w.codes(u), all, `${u} sees the province's plans`);
      const c = await w.as(u);
      const one = await c.get(`/api/v1/plans/${racthai.id}`);
      assertStatus(one, 200, `${u} plan detail`);
      assert.equal(one.body.code, 'DA-RACTHAI');
      assertStatus(await c.get(`/api/v1/plans/${racthai.id}/indicators`), 200, `${u} indicators`);
      // the filters still apply to them
      const q = await c.get('/api/v1/plans?q=RACTHAI');
      assertStatus(q, 200);
      assert.deepEqual(q.body.items.map((p) => p.code), ['DA-RACTHAI']);
    }
  });

  test('their overview and their head\'s scorecard still count the province\'s plans', async () => {
    for (const u of ['tanthanh.phunu', 'langgiang.phunu']) {
      const c = await w.as(u);
      const r = await c.get('/api/v1/overview?year=2025&limit=100');
      assertStatus(r, 200, `${u} overview`);
      assert.deepEqual(r.body.items.map((x) => x.plan.code).sort(), DEMO_PLANS, `${u} overview of 2025`);
      const org = (await w.me(u)).organization.id;
      const s = await c.get(`/api/v1/scorecards/${org}?year=2025`);
      assertStatus(s, 200, `${u} scorecard`);
      const ind = s.body.items[0].components.find((x) => x.component === 'indicators');
      assert.ok(ind.has_data && ind.plans >= 1, `${u}: the indicators of the province's plans count (${JSON.stringify(ind)})`);
    }
  });

  test('they still open their own reports, and create, enter and submit new ones', async () => {
    const c = await w.as('tanthanh.phunu');
    const own = await c.get(`/api/v1/reports?plan=${racthai.id}&unit=07411&period=202512`);
    assertStatus(own, 200);
    assert.equal(own.body.items.length, 1, 'Tân Thanh\'s December 2025');
    assertStatus(await c.get(`/api/v1/reports/${own.body.items[0].id}`), 200);
    const t = await reportAndSubmit(w, 'tanthanh.phunu', racthai.id, FREE_MONTH);
    assert.equal(t.unit.code, '07411');
    const l = await reportAndSubmit(w, 'langgiang.phunu', racthai.id, FREE_MONTH);
    assert.equal(l.unit.code, '217');
    // the district's leader approves the commune's report, as before the reform
    const lead = await w.as('langgiang.phunu');
    const inbox = await lead.get(`/api/v1/reports?plan=${racthai.id}&organization=${(await w.me('tanthanh.phunu')).organization.id}&period=${FREE_MONTH}`);
    assertStatus(inbox, 200);
    assert.deepEqual(inbox.body.items.map((x) => x.id), [t.id], 'the district sees its commune\'s report');
  });

  test('they import values of the province\'s plan for their own commune', async () => {
    const c = await w.as('tanthanh.phunu');
    const r = await c.req('POST', '/api/v1/imports/values', undefined, {
      raw: 'plan,indicator,unit,period,value\nDA-RACTHAI,RT01,07411,202108,7\n',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    assertStatus(r, 200, 'import');
    assert.equal(r.body.imported, 1);
    const made = await c.get(`/api/v1/reports?plan=${racthai.id}&unit=07411&period=202108`);
    assert.equal(made.body.items.length, 1);
  });

  test('they record their own budget lines and activities of the province\'s plan', async () => {
    const c = await w.as('tanthanh.phunu');
    const b = await c.post('/api/v1/budgets', { plan_id: racthai.id, year: 2025, source: 'socialized', planned: 12000000, note: 'Thùng rác phân loại' });
    assertStatus(b, 201, 'budget line');
    assert.equal(b.body.unit, '07411');
    const a = await c.post('/api/v1/activities', { plan_id: racthai.id, kind: 'propaganda', title: 'Tuyên truyền phân loại rác', held_on: '2025-05-10', participants: 40 });
    assertStatus(a, 201, 'activity');
    assert.equal(a.body.unit, '07411');
    // another commune's officer cannot change them
    const other = await w.as('voi.phunu');
    assertStatus(await other.patch(`/api/v1/budgets/${b.body.id}`, { version: b.body.version, planned: 1 }), 404, 'Vôi changes Tân Thanh\'s budget line');
    assertStatus(await other.get(`/api/v1/activities/${a.body.id}`), 404, 'Vôi reads Tân Thanh\'s activity');
  });

  test('changing the province\'s plan stays the province\'s', async () => {
    for (const u of ['tanthanh.phunu', 'langgiang.phunu']) {
      const r = await (await w.as(u)).patch(`/api/v1/plans/${racthai.id}`, { version: racthai.version, title: 'Đổi tên' });
      assertStatus(r, 403, `${u} PATCH`);
    }
  });

  test('nothing else: no new commune\'s plan, another commune\'s plan only from above', async () => {
    const lg = await ownPlan(w, 'voi.phunu', 'KH-THU-XA-LG');        // Vôi moved into the new Xã Lạng Giang
    const lh = await ownPlan(w, 'laoho.phunu', 'KH-THU-LAOHO');      // Lão Hộ stayed on the old tree
    assert.equal(lg.owner.unit.name, 'Lạng Giang');
    for (const u of ['tanthanh.phunu', 'langgiang.phunu', 'yendung.phunu']) {
      const codes = await w.codes(u);
      assert.ok(!codes.includes('KH-THU-XA-LG'), `${u} does not see the new commune's plan`);
      assertStatus(await (await w.as(u)).get(`/api/v1/plans/${lg.id}`), 404, `${u} new commune's plan`);
    }
    for (const u of ['tanthanh.phunu', 'langgiang.phunu']) {
      assert.ok(!(await w.codes(u)).includes('KH-THU-LAOHO'), `${u} does not see Lão Hộ's plan`);
      assertStatus(await (await w.as(u)).get(`/api/v1/plans/${lh.id}`), 404, `${u} Lão Hộ's plan`);
    }
    // Lão Hộ's district sees it from above, as before the reform
    assert.ok((await w.codes('yendung.phunu')).includes('KH-THU-LAOHO'));
    assertStatus(await (await w.as('yendung.phunu')).get(`/api/v1/plans/${lh.id}`), 200);
    // nor the new commune's organisation
    const voiOrg = (await w.me('voi.phunu')).organization.id;
    for (const u of ['tanthanh.phunu', 'langgiang.phunu'])
      assertStatus(await (await w.as(u)).get(`/api/v1/organizations/${voiOrg}`), 404, `${u} new commune's organisation`);
  });

  test('their report lists hold their own units and the old ones above, nothing of the new tree', async () => {
    for (const [u, units] of [['tanthanh.phunu', ['07411', '217', '24']], ['langgiang.phunu', null]]) {
      const c = await w.as(u);
      const r = await c.get(`/api/v1/reports?plan=${racthai.id}&limit=500&sort=-period`);
      assertStatus(r, 200);
      assert.ok(r.body.items.length > 0);
      for (const x of r.body.items) {
        if (units) assert.ok(units.includes(x.unit.code), `${u}: ${x.unit.code}`);
        assert.ok(x.unit.name !== 'Bắc Ninh', `${u}: the new province's reports are not theirs (${x.id})`);
      }
      const newCommune = await c.get('/api/v1/reports?unit=07375&limit=5');
      assertStatus(newCommune, 200);
      assert.equal(newCommune.body.total, 0, `${u}: nothing under the new Xã Lạng Giang`);
    }
  });

  test('another commune cannot read or change their reports', async () => {
    const t = (await (await w.as('tanthanh.phunu')).get(`/api/v1/reports?plan=${racthai.id}&unit=07411&period=${FREE_MONTH}`)).body.items[0];
    assert.ok(t, 'Tân Thanh\'s new report');
    const full = await (await w.as('tanthanh.phunu')).get(`/api/v1/reports/${t.id}`);
    assertStatus(full, 200);
    for (const u of ['laoho.phunu', 'yendung.phunu', 'voi.phunu']) {
      const c = await w.as(u);
      assertStatus(await c.get(`/api/v1/reports/${t.id}`), 404, `${u} GET`);
      assertStatus(await c.put(`/api/v1/reports/${t.id}`, { version: full.body.version, values: [] }), 404, `${u} PUT`);
      assertStatus(await c.post(`/api/v1/reports/${t.id}/return`, { version: full.body.version, reason: 'Sai số liệu' }), 404, `${u} return`);
      const list = await c.get(`/api/v1/reports?plan=${racthai.id}&unit=07411&limit=5`);
      assertStatus(list, 200);
      assert.equal(list.body.total, 0, `${u} lists nothing of Tân Thanh`);
    }
    // and cannot report for Tân Thanh on the plan they all see
    const lh = await w.as('laoho.phunu');
    const r = await lh.post('/api/v1/reports', {
      plan_id: racthai.id, organization_id: (await w.me('tanthanh.phunu')).organization.id, unit: '07411', period: '202107',
    });
    assertStatus(r, 422, 'report for another commune');
  });
});

describe('before any reform nothing changes', () => {
  const w = world([]);
  before(async () => { await w.start(); });
  after(async () => { await w.srv?.stop(); });

  test('commune and district users see the province\'s plans, as always', async () => {
    for (const u of ['tinh.phunu', 'tanthanh.phunu', 'langgiang.phunu', 'laoho.phunu', 'voi.phunu']) {
      const items = await w.plans(u);
      assert.deepEqual(items.map((p) => p.code).sort(), DEMO_PLANS, u);
      for (const p of items) assert.equal(p.owner.unit.name, 'Bắc Giang');
    }
  });

  test('the overview and the scorecards are as before', async () => {
    for (const u of ['tanthanh.phunu', 'langgiang.phunu']) {
      const c = await w.as(u);
      const r = await c.get('/api/v1/overview?year=2025&limit=100');
      assertStatus(r, 200, `${u} overview`);
      assert.deepEqual(r.body.items.map((x) => x.plan.code).sort(), DEMO_PLANS, `${u} overview of 2025`);
      const s = await c.get(`/api/v1/scorecards/${(await w.me(u)).organization.id}?year=2025`);
      assertStatus(s, 200, `${u} scorecard`);
      assert.ok(s.body.items[0].components.find((x) => x.component === 'indicators').plans >= 1);
    }
  });

  test('another commune\'s plan stays out of sight, its district sees it', async () => {
    const lh = await ownPlan(w, 'laoho.phunu', 'KH-THU-LAOHO');
    assertStatus(await (await w.as('tanthanh.phunu')).get(`/api/v1/plans/${lh.id}`), 404);
    assert.ok(!(await w.codes('tanthanh.phunu')).includes('KH-THU-LAOHO'));
    assert.ok(!(await w.codes('langgiang.phunu')).includes('KH-THU-LAOHO'));
    assert.ok((await w.codes('yendung.phunu')).includes('KH-THU-LAOHO'));
    assert.ok((await w.codes('tinh.phunu')).includes('KH-THU-LAOHO'));
  });

  test('reports of the province\'s plan are entered and submitted as before', async () => {
    const racthai = (await w.plans('tanthanh.phunu')).find((p) => p.code === 'DA-RACTHAI');
    const t = await reportAndSubmit(w, 'tanthanh.phunu', racthai.id, FREE_MONTH);
    assert.equal(t.unit.code, '07411');
    assertStatus(await (await w.as('laoho.phunu')).get(`/api/v1/reports/${t.id}`), 404);
  });
});
