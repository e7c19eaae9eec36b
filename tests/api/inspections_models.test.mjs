// inspections_models.test.mjs — inspections and supervision with the findings they
// raise, and pilot models with their replication: a province model copied by a
// district, then by its communes and by a commune of another district; the
// replication tree and counts per unit (with "Dân vận khéo" recognition, given by
// Ban Dân vận, not by the commune itself); cycles refused; stale versions; and who
// reaches each route.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';

let srv;
let admin;
let orgs;
let plans;

function vnDate(days = 0) {
  return new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
async function as(username, password = DEMO_PASSWORD) {
  const c = new Client(srv.url);
  await c.login(username, password);
  return c;
}
function org(code) {
  const o = orgs.get(code);
  assert.ok(o, `demo organisation ${code}`);
  return o;
}
function plan(code) {
  const p = plans.get(code);
  assert.ok(p, `demo plan ${code}`);
  return p;
}
function assertStatus(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  if (status >= 400) {
    assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
    if (code) assert.equal(r.body.error.code, code, r.text);
  }
}

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  orgs = new Map((await admin.get('/api/v1/organizations?limit=1000')).body.items.map((x) => [x.code, x]));
  plans = new Map((await admin.get('/api/v1/plans?limit=100')).body.items.map((x) => [x.code, x]));
});
after(async () => { await srv?.stop(); });

describe('an inspection by Ủy ban Kiểm tra Tỉnh ủy at Tân Thanh', () => {
  let kiemtra;
  let insp;
  let fid;
  before(async () => {
    kiemtra = await as('tinh.kiemtra');
  });

  test('the inspector records it; the unit defaults to the inspected organisation\'s', async () => {
    const r = await kiemtra.post('/api/v1/inspections', {
      plan_id: plan('KH-MTTQ-DDK').id, inspected_id: org('mttq-07411').id, kind: 'giam_sat',
      held_on: vnDate(-10), scope: 'Giám sát việc thực hiện Kế hoạch phát huy vai trò nòng cốt của MTTQ',
      conclusions: 'Cơ bản đạt yêu cầu; việc bố trí kinh phí còn chậm.',
    });
    assertStatus(r, 201);
    insp = r.body;
    assert.equal(insp.inspector_id, org('ubkt-24').id);
    assert.equal(insp.inspector.name, org('ubkt-24').name);
    assert.equal(insp.inspected_id, org('mttq-07411').id);
    assert.equal(insp.unit, '07411');
    assert.equal(insp.kind, 'giam_sat');
    assert.equal(insp.follow_up, 'open');
    assert.deepEqual(insp.finding_ids, []);
  });

  test('its findings are raised by the inspector, addressed to the inspected, and listed on it', async () => {
    const r = await kiemtra.post(`/api/v1/inspections/${insp.id}/findings`, {
      kind: 'limitation', title: 'Việc bố trí kinh phí triển khai thực hiện kế hoạch còn chậm', due_on: vnDate(30),
    });
    assertStatus(r, 201);
    fid = r.body.id;
    assert.equal(r.body.source, 'inspection');
    assert.equal(r.body.inspection_id, insp.id);
    assert.equal(r.body.raised_by_id, org('ubkt-24').id);
    assert.equal(r.body.addressed_to.id, org('mttq-07411').id);
    assert.equal(r.body.plan_id, plan('KH-MTTQ-DDK').id);
    assert.equal(r.body.unit, '07411');
    const g = await kiemtra.get(`/api/v1/inspections/${insp.id}`);
    assertStatus(g, 200);
    assert.deepEqual(g.body.finding_ids, [fid]);
    const l = await kiemtra.get(`/api/v1/findings?inspection=${insp.id}`);
    assert.deepEqual(l.body.items.map((x) => x.id), [fid]);
  });

  test('the inspected answers and the inspector closes it; an inspector raises no finding outside an inspection', async () => {
    const a = await (await as('tanthanh.mttq')).post(`/api/v1/findings/${fid}/answer`, { version: 1, response: 'Đã đề nghị UBND xã bố trí kinh phí.' });
    assertStatus(a, 200);
    const r = await kiemtra.post(`/api/v1/findings/${fid}/resolve`, { version: 2, reason: 'Đã kiểm tra lại' });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'resolved');
    assertStatus(await kiemtra.post('/api/v1/findings', { kind: 'problem', title: 'x' }), 403);
  });

  test('the inspector updates it with the current version; a stale one is 409', async () => {
    const ok = await kiemtra.patch(`/api/v1/inspections/${insp.id}`, { version: 1, follow_up: 'done' });
    assertStatus(ok, 200);
    assert.equal(ok.body.follow_up, 'done');
    assert.equal(ok.body.version, 2);
    assertStatus(await kiemtra.patch(`/api/v1/inspections/${insp.id}`, { version: 1, conclusions: 'x' }), 409, 'stale_version');
    assertStatus(await kiemtra.patch(`/api/v1/inspections/${insp.id}`, { version: 2, held_on: '2024-13-01' }), 422);
  });

  test('MTTQ of the commune supervises the Women\'s Union of the commune', async () => {
    const c = await as('tanthanh.mttq');
    const r = await c.post('/api/v1/inspections', { inspected_id: org('women-07411').id, kind: 'giam_sat', held_on: vnDate(-2) });
    assertStatus(r, 201);
    assert.equal(r.body.inspector_id, org('mttq-07411').id);
    assertStatus(await c.post('/api/v1/inspections', { inspected_id: org('women-07411').id, inspector_id: org('ubkt-24').id, held_on: vnDate(-2) }), 403, 'not_inspector');
    assertStatus(await c.post('/api/v1/inspections', { inspected_id: org('women-07684').id, held_on: vnDate(-2) }), 422);
  });

  test('lists: by organisation and kind, in scope only', async () => {
    const r = await kiemtra.get(`/api/v1/inspections?organization=${org('mttq-07411').id}&kind=giam_sat`);
    assertStatus(r, 200);
    assert.ok(r.body.items.some((x) => x.id === insp.id));
    assert.ok(r.body.items.every((x) => x.kind === 'giam_sat'));
    const far = await (await as('laoho.phunu')).get('/api/v1/inspections?limit=1000');
    assert.ok(!far.body.items.some((x) => x.unit === '07411'));
    assertStatus(await kiemtra.get('/api/v1/inspections?kind=thanh_tra'), 400);
  });

  test('who reaches it: other communes and districts 404, the commune\'s viewer 403 on writes', async () => {
    for (const name of ['laoho.phunu', 'yendung.phunu', 'voi.phunu']) {
      const c = await as(name);
      assertStatus(await c.get(`/api/v1/inspections/${insp.id}`), 404);
      assertStatus(await c.patch(`/api/v1/inspections/${insp.id}`, { version: 2, scope: 'x' }), 404);
      assertStatus(await c.post(`/api/v1/inspections/${insp.id}/findings`, { kind: 'problem', title: 'x' }), 404);
    }
    const v = await as('tanthanh.xem');
    assertStatus(await v.get(`/api/v1/inspections/${insp.id}`), 200);
    assertStatus(await v.patch(`/api/v1/inspections/${insp.id}`, { version: 2, scope: 'x' }), 403);
    assertStatus(await v.post(`/api/v1/inspections/${insp.id}/findings`, { kind: 'problem', title: 'x' }), 403);
    assertStatus(await v.post('/api/v1/inspections', { inspected_id: org('women-07411').id, held_on: vnDate(0) }), 403);
    const inspected = await as('tanthanh.mttq');
    assertStatus(await inspected.patch(`/api/v1/inspections/${insp.id}`, { version: 2, conclusions: 'Tự sửa kết luận' }), 403, 'not_inspector');
    assertStatus(await inspected.post(`/api/v1/inspections/${insp.id}/findings`, { kind: 'problem', title: 'x' }), 403, 'not_inspector');
  });
});

describe('a pilot model and its replication', () => {
  let province;  // Hội LHPN tỉnh's original
  let district;  // Lạng Giang copies it
  let tanthanh;  // Tân Thanh copies Lạng Giang's
  let voi;       // Vôi copies Lạng Giang's
  let laoho;     // Lão Hộ (Yên Dũng) copies the province's
  const racthai = () => plan('DA-RACTHAI').id;

  async function model(user, body) {
    const r = await (await as(user)).post('/api/v1/models', { plan_id: racthai(), started_on: '2023-03-08', ...body });
    assertStatus(r, 201);
    return r.body;
  }

  // counts before our models, so the demo's own models do not matter
  const summaries = {};
  const summary = async (client, unit) => (await client.get(`/api/v1/models/summary?plan=${racthai()}&unit=${unit}`)).body;

  before(async () => {
    summaries.lg = await summary(admin, '217');
    summaries.all = await summary(admin, '24');
    summaries.far = await summary(await as('laoho.phunu'), '24');
    province = await model('tinh.phunu', { name: 'Mô hình "Phân loại rác thải tại nguồn"', unit: '24', kind: 'rác thải', results: '120 hộ tham gia' });
    district = await model('langgiang.phunu', { name: 'Phân loại rác tại nguồn – Lạng Giang', replicates_id: province.id });
    tanthanh = await model('tanthanh.phunu', { name: 'Phân loại rác tại nguồn – Tân Thanh', replicates_id: district.id, started_on: '2023-06-01' });
    voi = await model('voi.phunu', { name: 'Phân loại rác tại nguồn – Vôi', replicates_id: district.id, started_on: '2023-07-01' });
    laoho = await model('laoho.phunu', { name: 'Phân loại rác tại nguồn – Lão Hộ', replicates_id: province.id });
  });

  test('each knows what it copies, how deep it sits and how far it spread', async () => {
    assert.equal(tanthanh.replicates_id, district.id);
    assert.equal(tanthanh.replicates.name, district.name);
    assert.equal(tanthanh.unit, '07411');
    assert.equal(tanthanh.depth, 2);
    const p = await admin.get(`/api/v1/models/${province.id}`);
    assertStatus(p, 200);
    assert.equal(p.body.replications, 4);
    assert.equal(p.body.depth, 0);
    assert.equal((await admin.get(`/api/v1/models/${district.id}`)).body.replications, 2);
  });

  test('the tree from any of its models starts at the original', async () => {
    const r = await admin.get(`/api/v1/models/${voi.id}/tree`);
    assertStatus(r, 200);
    assert.equal(r.body.focus_id, voi.id);
    const root = r.body.root;
    assert.equal(root.id, province.id);
    assert.equal(root.replications, 4);
    assert.deepEqual(root.children.map((c) => c.id).sort(), [district.id, laoho.id].sort());
    const d = root.children.find((c) => c.id === district.id);
    assert.deepEqual(d.children.map((c) => c.id), [tanthanh.id, voi.id]);
    assert.equal(d.replications, 2);
    assert.equal(d.depth, 1);
  });

  test('a commune of another district sees the tree with Lạng Giang\'s models hidden', async () => {
    const r = await (await as('laoho.phunu')).get(`/api/v1/models/${laoho.id}/tree`);
    assertStatus(r, 200);
    const d = r.body.root.children.find((c) => c.id === district.id);
    assert.equal(d.hidden, true);
    assert.equal(d.name, undefined);
    assert.equal(d.replications, 2);
    assert.ok(d.children.every((c) => c.hidden));
  });

  test('a model copies only a visible model of the same plan, and never its own copies', async () => {
    const c = await as('tanthanh.phunu');
    const other = await c.post('/api/v1/models', { plan_id: plan('KH-MTTQ-DDK').id, name: 'x', started_on: '2023-01-01', replicates_id: province.id });
    assertStatus(other, 422, 'replicates_other_plan');
    const hidden = await c.post('/api/v1/models', { plan_id: racthai(), name: 'x', started_on: '2023-01-01', replicates_id: laoho.id });
    assertStatus(hidden, 422, 'unknown_model');
    const t = await (await as('tinh.phunu')).patch(`/api/v1/models/${province.id}`, { version: 1, replicates_id: voi.id });
    assertStatus(t, 422, 'replication_cycle');
    const self = await c.patch(`/api/v1/models/${tanthanh.id}`, { version: 1, replicates_id: tanthanh.id });
    assertStatus(self, 422, 'replication_cycle');
    assertStatus(await c.patch(`/api/v1/models/${tanthanh.id}`, { version: 1, plan_id: plan('KH-MTTQ-DDK').id }), 422, 'plan_fixed');
  });

  test('"Dân vận khéo" is given by Ban Dân vận, not by the commune itself', async () => {
    const c = await as('tanthanh.phunu');
    assertStatus(await c.patch(`/api/v1/models/${tanthanh.id}`, { version: 1, recognized: true }), 403, 'not_recognizer');
    const ok = await (await as('tinh.danvan')).patch(`/api/v1/models/${tanthanh.id}`, { version: 1, recognized: true });
    assertStatus(ok, 200);
    assert.equal(ok.body.recognized, true);
    assert.equal(ok.body.recognized_on, vnDate(0));
    assert.equal(ok.body.version, 2);
    assertStatus(await (await as('tinh.danvan')).patch(`/api/v1/models/${tanthanh.id}`, { version: 2, name: 'Đổi tên' }), 403, 'not_model_owner');
    const edit = await c.patch(`/api/v1/models/${tanthanh.id}`, { version: 1, results: 'x' });
    assertStatus(edit, 409, 'stale_version');
    const e2 = await c.patch(`/api/v1/models/${tanthanh.id}`, { version: 2, results: '85% hộ gia đình phân loại rác' });
    assertStatus(e2, 200);
    assert.equal(e2.body.recognized, true);
  });

  test('counts per unit roll the tree up, in the caller\'s scope', async () => {
    const keys = ['models', 'originals', 'replications', 'recognized'];
    // what our five models added to a row (or to the totals) of a summary
    const added = (now, then, pick) => Object.fromEntries(keys.map((k) => [k, (pick(now)?.[k] ?? 0) - (pick(then)?.[k] ?? 0)]));
    const row = (code) => (s) => s.items.find((x) => x.unit.code === code && !x.own);
    const own = (s) => s.items.find((x) => x.own);
    const lg = await summary(admin, '217');
    assert.equal(lg.unit, '217');
    assert.deepEqual(added(lg, summaries.lg, row('07411')), { models: 1, originals: 0, replications: 1, recognized: 1 });
    assert.deepEqual(added(lg, summaries.lg, row('07375')), { models: 1, originals: 0, replications: 1, recognized: 0 });
    assert.equal(own(lg).unit.code, '217');
    assert.deepEqual(added(lg, summaries.lg, own), { models: 1, originals: 0, replications: 1, recognized: 0 });
    assert.deepEqual(added(lg, summaries.lg, (s) => s.totals), { models: 3, originals: 0, replications: 3, recognized: 1 });
    for (const k of keys) assert.equal(lg.totals[k], lg.items.reduce((n, x) => n + x[k], 0), `rows add up to the total ${k}`);
    const all = await summary(admin, '24');
    assert.deepEqual(added(all, summaries.all, row('217')), { models: 3, originals: 0, replications: 3, recognized: 1 });
    assert.deepEqual(added(all, summaries.all, row('221')), { models: 1, originals: 0, replications: 1, recognized: 0 });
    assert.deepEqual(added(all, summaries.all, own), { models: 1, originals: 1, replications: 0, recognized: 0 });
    assert.deepEqual(added(all, summaries.all, (s) => s.totals), { models: 5, originals: 1, replications: 4, recognized: 1 });
    const far = await summary(await as('laoho.phunu'), '24');
    assert.deepEqual(far.items.filter((x) => !x.own).map((x) => x.unit.code), ['221'], 'only its own district');
    assert.deepEqual(added(far, summaries.far, (s) => s.totals), { models: 2, originals: 1, replications: 1, recognized: 0 });
    const list = await admin.get(`/api/v1/models?plan=${racthai()}&recognized=1&limit=1000`);
    assert.ok(list.body.items.some((x) => x.id === tanthanh.id));
    assert.ok(list.body.items.every((x) => x.recognized));
    assert.ok(!list.body.items.some((x) => x.id === voi.id));
    const q = await admin.get(`/api/v1/models?q=${encodeURIComponent('tan thanh')}&limit=1000`);
    assert.ok(q.body.items.some((x) => x.id === tanthanh.id));
    assert.ok(!q.body.items.some((x) => x.id === voi.id));
  });

  test('who reaches it: other communes and districts 404, viewers 403 on writes', async () => {
    for (const name of ['laoho.phunu', 'yendung.phunu', 'voi.phunu']) {
      const c = await as(name);
      assertStatus(await c.get(`/api/v1/models/${tanthanh.id}`), 404);
      assertStatus(await c.get(`/api/v1/models/${tanthanh.id}/tree`), 404);
      assertStatus(await c.patch(`/api/v1/models/${tanthanh.id}`, { version: 3, results: 'x' }), 404);
    }
    const far = await as('laoho.phunu');
    const l = await far.get(`/api/v1/models?plan=${racthai()}&limit=1000`);
    assertStatus(l, 200);
    assert.ok(!l.body.items.some((x) => x.id === tanthanh.id || x.id === district.id), 'another district\'s models are not listed');
    assert.ok(l.body.items.some((x) => x.id === province.id && x.id !== laoho.id) && l.body.items.some((x) => x.id === laoho.id));
    const out = await far.post('/api/v1/models', { plan_id: racthai(), name: 'x', started_on: '2023-01-01', unit: '07411' });
    assertStatus(out, 422, 'unit_out_of_scope');
    const v = await as('tanthanh.xem');
    assertStatus(await v.get(`/api/v1/models/${tanthanh.id}`), 200);
    assertStatus(await v.get(`/api/v1/models/summary?unit=07411`), 200);
    assertStatus(await v.patch(`/api/v1/models/${tanthanh.id}`, { version: 3, results: 'x' }), 403);
    assertStatus(await v.post('/api/v1/models', { plan_id: racthai(), name: 'x', started_on: '2023-01-01' }), 403);
    const mttq = await as('tanthanh.mttq');
    assertStatus(await mttq.patch(`/api/v1/models/${tanthanh.id}`, { version: 3, results: 'x' }), 403, 'not_model_owner');
  });
});
