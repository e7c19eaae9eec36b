// analytics_cache.test.mjs — GET /api/v1/analytics keeps whole answers in memory
// (docs/DECISIONS.md, "Analytics answers cached by data version and scope"): the
// same URL asked by callers of different scopes gives each their own answer, a
// caller without access still gets 404 after another warmed the answer, an
// approval, a reopening, a changed target and a change written by another process
// show in the very next answer, and an answer given again is byte for byte the
// first one, headers included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
const users = {};
let orgs;   // code -> organisation
let plan;   // a plan of Hội LHPN tỉnh made here
let ind;    // its indicator
const year = '2024';
const month = '202405';

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
// Asks twice (the second time the answer may come from memory): both the same.
async function twice(client, query, status = 200) {
  const first = await client.get(`/api/v1/analytics?${query}`);
  assertStatus(first, status, query);
  const second = await client.get(`/api/v1/analytics?${query}`);
  assertStatus(second, status, `${query} again`);
  assert.equal(second.text, first.text, 'the same answer the second time');
  return first.body;
}
const row = (answer, unit) => answer.items.find((x) => x.unit === unit);
async function report(username, orgCode, unit, value) {
  const c = await as(username);
  let r = await c.post('/api/v1/reports', { plan_id: plan.id, organization_id: orgs.get(orgCode).id, unit, period: month });
  assertStatus(r, 201, `create ${orgCode}`);
  r = await c.put(`/api/v1/reports/${r.body.id}`, { version: r.body.version, values: [{ indicator_id: ind.id, value }] });
  assertStatus(r, 200, 'save');
  r = await c.post(`/api/v1/reports/${r.body.id}/submit`, { version: r.body.version });
  assertStatus(r, 200, 'submit');
  return { id: r.body.id, version: r.body.version };
}
async function act(username, rep, action, reason) {
  const r = await (await as(username)).post(`/api/v1/reports/${rep.id}/${action}`, { version: rep.version, reason });
  assertStatus(r, 200, action);
  rep.version = r.body.version;
}

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const o = await admin.get('/api/v1/organizations?limit=1000');
  assertStatus(o, 200);
  orgs = new Map(o.body.items.map((x) => [x.code, x]));
  const owner = await as('tinh.phunu');
  const p = await owner.post('/api/v1/plans', {
    code: 'KH-BO-NHO', kind: 'ke_hoach', title: 'Kế hoạch thử câu trả lời giữ sẵn',
    owner_id: orgs.get('women-24').id, start_year: 2024, end_year: 2025,
  });
  assertStatus(p, 201, 'create plan');
  plan = p.body;
  const i = await owner.post(`/api/v1/plans/${plan.id}/indicators`, {
    code: 'BN_HO', name: 'Số hộ (giữ sẵn)', unit_label: 'hộ', value_type: 'integer',
    time_agg: 'sum', unit_agg: 'sum', direction: 'up', frequency: 'month',
  });
  assertStatus(i, 201, 'create indicator');
  ind = i.body;
  const tanthanh = await report('tanthanh.phunu', 'women-07411', '07411', 40);
  await act('langgiang.phunu.lanhdao', tanthanh, 'approve');
  // everyone signs in first: a sign-in is a commit, which would make every answer
  // kept so far out of date and hide a key that misses the caller
  for (const u of ['langgiang.phunu', 'yendung.phunu', 'voi.phunu']) await as(u);
});
after(async () => { await srv?.stop(); });

describe('each caller gets the answer of their own scope', () => {
  test('two districts asking the same URL (their own unit by default) get their own rows', async () => {
    const q = `indicator=${ind.id}&period=${year}&by=children`;
    const lg = await twice(await as('langgiang.phunu'), q);
    const yd = await twice(await as('yendung.phunu'), q);
    assert.equal(lg.items[0].unit, '217');
    assert.equal(yd.items[0].unit, '221');
    assert.equal(row(lg, '07411').value, 40, 'Lạng Giang sees Tân Thanh');
    assert.equal(row(yd, '07411'), undefined, 'Yên Dũng does not');
    assert.notEqual(lg.items.length, 0);
    assert.ok(yd.items.every((x) => x.value === null));
  });

  test('two districts asking for the province by district: each sees its own row, the rest merged', async () => {
    const q = `indicator=${ind.id}&unit=24&period=${year}&by=children`;
    const all = await twice(admin, q);
    assert.equal(row(all, '217').value, 40);
    assert.ok(all.items.every((x) => !x.others), 'the admin sees every district');
    const lg = await twice(await as('langgiang.phunu'), q);
    const yd = await twice(await as('yendung.phunu'), q);
    assert.equal(row(lg, '217').value, 40);
    assert.equal(row(lg, '221'), undefined);
    assert.equal(row(yd, '221').value, null);
    assert.equal(row(yd, '217'), undefined, 'Lạng Giang is not shown to Yên Dũng');
    assert.equal(yd.items.find((x) => x.others).value, 40, 'but counted in the merged row');
    assert.equal(lg.items.find((x) => x.others).value, null);
  });

  test('two communes asking the same URL get their own commune', async () => {
    const q = `indicator=${ind.id}&period=${year}`;
    const tt = await twice(await as('tanthanh.phunu'), q);
    const voi = await twice(await as('voi.phunu'), q);
    assert.equal(tt.items[0].unit, '07411');
    assert.equal(tt.items[0].value, 40);
    assert.equal(voi.items[0].unit, '07375');
    assert.equal(voi.items[0].value, null);
  });

  test('a caller without access still gets 404 after another caller warmed the answer', async () => {
    const q = `indicator=${ind.id}&unit=217&period=${year}&by=children`;
    await twice(admin, q);
    await twice(await as('langgiang.phunu'), q);
    const r = await (await as('yendung.phunu')).get(`/api/v1/analytics?${q}`);
    assertStatus(r, 404, 'another district');
    assert.equal(r.body.error.field, 'unit');
    const q2 = `indicator=${ind.id}&unit=07375&period=${year}`;
    await twice(await as('voi.phunu'), q2);
    assertStatus(await (await as('tanthanh.phunu')).get(`/api/v1/analytics?${q2}`), 404, 'the neighbouring commune');
    assertStatus(await new Client(srv.url).get(`/api/v1/analytics?${q2}`), 401, 'without a session');
  });
});

describe('the next answer follows every change', () => {
  const q = () => `indicator=${ind.id}&unit=217&period=${year}&by=children&include=submitted`;
  const total = () => `indicator=${ind.id}&unit=24&period=${year}`;

  test('a submission, an approval and a reopening show at once', async () => {
    assert.equal((await twice(admin, total())).items[0].value, 40);
    const before = await twice(admin, q());
    assert.equal(row(before, '07375').value, null);
    const voi = await report('voi.phunu', 'women-07375', '07375', 10);
    assert.equal(row(await twice(admin, q()), '07375').value, 10, 'submitted: counted with include=submitted');
    assert.equal((await twice(admin, total())).items[0].value, 40, 'not approved yet');
    await act('langgiang.phunu.lanhdao', voi, 'approve');
    assert.equal((await twice(admin, total())).items[0].value, 50, 'approved');
    await act('langgiang.phunu.lanhdao', voi, 'reopen', 'Cần kiểm tra lại số liệu');
    assert.equal((await twice(admin, total())).items[0].value, 40, 'reopened');
    assert.equal(row(await twice(admin, q()), '07375').value, null, 'a reopened report is a draft again');
  });

  test('a changed target shows at once', async () => {
    const c = await as('tinh.phunu');
    const target = async () => row(await twice(admin, q()), '07411').target;
    assert.equal(await target(), null);
    assertStatus(await c.put(`/api/v1/indicators/${ind.id}/targets`, [{ unit: '07411', year: Number(year), value: 80 }]), 200, 'set');
    assert.equal(await target(), 80);
    assert.equal(row(await twice(admin, q()), '07411').achievement, 50);
    assertStatus(await c.put(`/api/v1/indicators/${ind.id}/targets`, [{ unit: '07411', year: Number(year), value: 20 }]), 200, 'change');
    assert.equal(await target(), 20);
  });

  test('a change committed by another process shows at once', async () => {
    // the plan handed to a district organisation, behind the server's back (the
    // command-line client is another process on the same database)
    const yd = await as('yendung.phunu');
    const mine = `indicator=${ind.id}&unit=221&period=${year}`;
    await twice(yd, mine);
    const women217 = orgs.get('women-217').id;
    const women24 = orgs.get('women-24').id;
    srv.sql(`UPDATE plans SET owner_id = ${women217} WHERE id = ${plan.id}`);
    const r = await yd.get(`/api/v1/analytics?${mine}`);
    assertStatus(r, 404, 'a plan of Lạng Giang is not Yên Dũng\'s to see');
    assert.equal(r.body.error.field, 'indicator');
    srv.sql(`UPDATE plans SET owner_id = ${women24} WHERE id = ${plan.id}`);
    await twice(yd, mine);
  });
});

describe('an answer given again is the answer', () => {
  test('same status, headers and bytes', async () => {
    const q = `/api/v1/analytics?indicator=${ind.id}&unit=24&period=${year},${year}Q2,${month}&by=children`;
    const c = await as('tinh.phunu');
    const first = await c.get(q);
    const second = await c.get(q);
    assertStatus(first, 200);
    assertStatus(second, 200);
    assert.equal(second.text, first.text);
    const headers = (r) => [...r.headers.entries()].filter(([k]) => k !== 'date');
    assert.deepEqual(headers(second), headers(first));
    assert.equal(first.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(first.headers.get('cache-control'), 'no-store');
  });

  test('the same question spelt differently gives the same answer', async () => {
    const c = await as('tinh.phunu');
    const a = await c.get(`/api/v1/analytics?indicator=${ind.id}&unit=24&period=${year}`);
    const b = await c.get(`/api/v1/analytics?period=${year}&indicator=${ind.id},${ind.id}&unit=24&by=none`);
    assertStatus(a, 200);
    assertStatus(b, 200);
    assert.equal(b.text, a.text);
  });

  test('a question that differs in one parameter gets its own answer', async () => {
    const c = await as('tinh.phunu');
    const base = `indicator=${ind.id}&unit=217&period=${year}`;
    const plain = await twice(c, base);
    const children = await twice(c, `${base}&by=children`);
    const month5 = await twice(c, `indicator=${ind.id}&unit=217&period=${month}`);
    assert.equal(plain.items.length, 1);
    assert.ok(children.items.length > 1);
    assert.equal(month5.items[0].period, month);
    assert.equal(plain.items[0].period, year);
  });
});
