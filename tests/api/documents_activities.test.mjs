// documents_activities.test.mjs — leadership documents issued after their due day
// are flagged late, with the days; activities add up per kind, per unit and per
// plan; the plan's follow-up page counts both; and the records of Tân Thanh
// (07411, Lạng Giang 217) stay out of reach of other communes and districts. The
// two projects are made here, so the demo's own follow-up records never mix in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
const users = {};
let orgs;
let plans;
const doc = {};
const act = {};

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
const org = (code) => { const o = orgs.get(code); assert.ok(o, code); return o; };
const racthai = () => plans.get('DA-RACTHAI').id;

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
    const r = await (await as(who)).post('/api/v1/plans', { code: `${code}-VB`, kind: 'de_an', title, owner_id: org(owner).id, start_year: 2024, end_year: 2025 });
    assertStatus(r, 201, `create plan ${code}`);
    plans.set(code, r.body);
  }
});
after(async () => { await srv?.stop(); });

describe('documents', () => {
  test('a plan issued five days after it was due is late by five days', async () => {
    const c = await as('tinh.phunu');
    const r = await c.post('/api/v1/documents', {
      plan_id: racthai(), number: '15/KH-HLHPN', kind: 'ke_hoach',
      title: 'Kế hoạch triển khai phân loại rác thải năm 2024', issued_on: '2024-03-20', due_on: '2024-03-15',
    });
    assertStatus(r, 201);
    doc.late = r.body;
    for (const k of ['plan_id', 'number', 'kind', 'issuer_id', 'issued_on', 'due_on', 'late']) assert.ok(k in r.body, k);
    assert.equal(r.body.issuer_id, org('women-24').id);
    assert.equal(r.body.unit, '24');
    assert.equal(r.body.late, true);
    assert.equal(r.body.days_late, 5);
  });

  test('issued on its due day is on time; without a due day never late', async () => {
    const c = await as('tinh.phunu');
    const onDay = await c.post('/api/v1/documents', { plan_id: racthai(), number: '16/HD-HLHPN', kind: 'huong_dan', title: 'Hướng dẫn phân loại rác', issued_on: '2024-03-15', due_on: '2024-03-15' });
    assertStatus(onDay, 201);
    assert.equal(onDay.body.late, false);
    assert.equal(onDay.body.days_late, 0);
    const none = await c.post('/api/v1/documents', { plan_id: racthai(), number: '17/TB-HLHPN', kind: 'thong_bao', title: 'Thông báo', issued_on: '2024-04-01' });
    assertStatus(none, 201);
    assert.equal(none.body.due_on, null);
    assert.equal(none.body.late, false);
  });

  test('the commune records its own direction; the late filter and the plan page agree', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.post('/api/v1/documents', { plan_id: racthai(), number: '03/KH-PN', kind: 'ke_hoach', title: 'Kế hoạch của Hội LHPN xã Tân Thanh', issued_on: '2024-04-02', due_on: '2024-03-31' });
    assertStatus(r, 201);
    assert.equal(r.body.unit, '07411');
    assert.equal(r.body.days_late, 2);
    doc.commune = r.body;
    const late = await admin.get(`/api/v1/documents?plan=${racthai()}&late=1`);
    assertStatus(late, 200);
    assert.deepEqual(late.body.items.map((d) => d.number).sort(), ['03/KH-PN', '15/KH-HLHPN']);
    const fu = await admin.get(`/api/v1/plans/${racthai()}/follow-up`);
    assert.equal(fu.body.documents.total, 4);
    assert.equal(fu.body.documents.late, 2);
    const unit = await admin.get(`/api/v1/documents?plan=${racthai()}&unit=217`);
    assert.deepEqual(unit.body.items.map((d) => d.number), ['03/KH-PN']);
  });

  test('search by title without diacritics, or by number', async () => {
    for (const q of ['ke hoach trien khai', '15/KH', 'TÂN THANH']) {
      const r = await admin.get(`/api/v1/documents?plan=${racthai()}&q=${encodeURIComponent(q)}`);
      assertStatus(r, 200);
      assert.equal(r.body.total, 1, q);
    }
  });

  test('input is checked', async () => {
    const c = await as('tinh.phunu');
    const base = { plan_id: racthai(), number: '18/KH', kind: 'ke_hoach', title: 'X', issued_on: '2024-01-01' };
    assertError(await c.post('/api/v1/documents', { ...base, kind: 'thu_tay' }), 422, 'invalid_choice', 'kind');
    assertError(await c.post('/api/v1/documents', { ...base, issued_on: vnToday(1) }), 422, 'issued_in_future', 'issued_on');
    assertError(await c.post('/api/v1/documents', { ...base, due_on: '2024-02-31' }), 422, 'invalid_date', 'due_on');
    assertError(await c.post('/api/v1/documents', { ...base, number: 'x'.repeat(65) }), 422, 'too_long', 'number');
    assertError(await c.post('/api/v1/documents', { ...base, plan_id: null, issuer_id: org('farmers-24').id }), 403, 'not_allowed');
  });

  test('a correction is versioned: stale answers 409 and changes nothing', async () => {
    const c = await as('tinh.phunu');
    const r = await c.patch(`/api/v1/documents/${doc.late.id}`, { version: doc.late.version, due_on: '2024-03-25' });
    assertStatus(r, 200);
    assert.equal(r.body.late, false);
    assertError(await c.patch(`/api/v1/documents/${doc.late.id}`, { version: doc.late.version, due_on: null }), 409, 'stale_version');
    assert.equal((await c.get(`/api/v1/documents/${doc.late.id}`)).body.due_on, '2024-03-25');
  });
});

describe('activities', () => {
  const add = async (who, body) => {
    const r = await (await as(who)).post('/api/v1/activities', { plan_id: racthai(), ...body });
    assertStatus(r, 201, `${who} ${body.title}`);
    return r.body;
  };

  let activitiesBefore = 0;   // activities of every plan under the province before these
  before(async () => {
    activitiesBefore = (await admin.get('/api/v1/activities/summary?unit=24')).body.totals.count;
    act.commune = await add('tanthanh.phunu', { kind: 'propaganda', title: 'Tuyên truyền phân loại rác tại thôn Đông', held_on: '2024-04-10', participants: 120 });
    act.district = await add('langgiang.phunu', { kind: 'training', title: 'Tập huấn cán bộ hội cơ sở', held_on: '2024-05-05', participants: 45 });
    act.province = await add('tinh.phunu', { kind: 'conference', title: 'Hội nghị sơ kết đề án', held_on: '2024-06-14', participants: 300 });
    act.yendung = await add('laoho.phunu', { kind: 'propaganda', title: 'Ra quân ngày Chủ nhật xanh', held_on: '2024-04-21', participants: 80 });
    const ocop = await (await as('tinh.nongdan')).post('/api/v1/activities', { plan_id: plans.get('DA-OCOP').id, kind: 'emulation', title: 'Thi đua sản phẩm OCOP', held_on: '2024-07-01', participants: 50 });
    assertStatus(ocop, 201);
    act.ocop = ocop.body;
  });

  test('an activity carries the contract\'s keys', () => {
    for (const k of ['plan_id', 'unit', 'organization_id', 'kind', 'held_on', 'participants']) assert.ok(k in act.commune, k);
    assert.equal(act.commune.unit, '07411');
    assert.equal(act.commune.organization_id, org('women-07411').id);
  });

  test('totals per kind for the plan, rolled up at the province', async () => {
    const r = await admin.get(`/api/v1/activities/summary?plan=${racthai()}&unit=24`);
    assertStatus(r, 200);
    assert.deepEqual(r.body.totals.by_kind, { propaganda: 2, training: 1, conference: 1, emulation: 0, other: 0 });
    assert.equal(r.body.totals.count, 4);
    assert.equal(r.body.totals.participants, 545);
    const prop = r.body.items.find((x) => x.kind === 'propaganda');
    assert.deepEqual([prop.count, prop.participants], [2, 200]);
  });

  test('totals per unit: each district, the province\'s own, adding up', async () => {
    const r = await admin.get(`/api/v1/activities/summary?plan=${racthai()}&unit=24&by=children`);
    assertStatus(r, 200);
    const row = (code) => r.body.items.find((x) => x.unit?.code === code);
    assert.deepEqual([row('217').count, row('217').participants], [2, 165]);
    assert.deepEqual([row('221').count, row('221').participants], [1, 80]);
    assert.equal(r.body.items.find((x) => x.own).participants, 300);
    assert.equal(r.body.items.reduce((s, x) => s + x.participants, 0), r.body.totals.participants);
    const lg = await admin.get(`/api/v1/activities/summary?plan=${racthai()}&unit=217&by=children`);
    assert.equal(lg.body.items.find((x) => x.unit?.code === '07411').participants, 120);
    assert.equal(lg.body.items.find((x) => x.own).participants, 45);
  });

  test('totals per plan: another plan\'s activities stay with it', async () => {
    const r = await admin.get(`/api/v1/activities/summary?plan=${plans.get('DA-OCOP').id}&unit=24`);
    assert.equal(r.body.totals.count, 1);
    assert.equal(r.body.totals.by_kind.emulation, 1);
    const all = await admin.get('/api/v1/activities/summary?unit=24');
    assert.equal(all.body.totals.count, activitiesBefore + 5);
    const fu = await admin.get(`/api/v1/plans/${racthai()}/follow-up`);
    assert.equal(fu.body.activities.total, 4);
    assert.equal(fu.body.activities.participants, 545);
    const y = await admin.get(`/api/v1/activities?plan=${racthai()}&year=2024&kind=propaganda`);
    assert.equal(y.body.total, 2);
  });

  test('a commune\'s summary defaults to its own unit', async () => {
    const r = await (await as('laoho.phunu')).get(`/api/v1/activities/summary?plan=${racthai()}`);
    assertStatus(r, 200);
    assert.equal(r.body.unit.code, '07684');
    assert.equal(r.body.totals.count, 1);
    assert.equal(r.body.totals.participants, 80);
  });

  test('input is checked; a stale version changes nothing', async () => {
    const c = await as('tanthanh.phunu');
    const base = { plan_id: racthai(), kind: 'training', title: 'X', held_on: '2024-01-01' };
    assertError(await c.post('/api/v1/activities', { ...base, participants: -1 }), 422, 'out_of_range', 'participants');
    assertError(await c.post('/api/v1/activities', { ...base, held_on: vnToday(1) }), 422, 'held_in_future', 'held_on');
    assertError(await c.post('/api/v1/activities', { ...base, kind: 'party' }), 422, 'invalid_choice', 'kind');
    const r = await c.patch(`/api/v1/activities/${act.commune.id}`, { version: act.commune.version, participants: 130 });
    assertStatus(r, 200);
    assertError(await c.patch(`/api/v1/activities/${act.commune.id}`, { version: act.commune.version, participants: 999 }), 409, 'stale_version');
    assert.equal((await c.get(`/api/v1/activities/${act.commune.id}`)).body.participants, 130);
    act.commune = r.body;
  });
});

describe('who reaches the records of Tân Thanh (07411, Lạng Giang 217)', () => {
  for (const who of ['laoho.phunu', 'yendung.phunu', 'voi.phunu']) {
    test(`${who} gets 404 on them and sees none of them in lists and totals`, async () => {
      const c = await as(who);
      assertStatus(await c.get(`/api/v1/documents/${doc.commune.id}`), 404);
      assertStatus(await c.patch(`/api/v1/documents/${doc.commune.id}`, { version: doc.commune.version, title: 'x' }), 404);
      assertStatus(await c.get(`/api/v1/activities/${act.commune.id}`), 404);
      assertStatus(await c.patch(`/api/v1/activities/${act.commune.id}`, { version: act.commune.version, participants: 1 }), 404);
      const docs = await c.get(`/api/v1/documents?plan=${racthai()}&limit=1000`);
      assert.ok(!docs.body.items.some((d) => d.unit === '07411'));
      const acts = await c.get(`/api/v1/activities?plan=${racthai()}&limit=1000`);
      assert.ok(!acts.body.items.some((a) => a.unit === '07411'));
      const sum = await c.get(`/api/v1/activities/summary?plan=${racthai()}&unit=217`);
      assertStatus(sum, 200);
      assert.equal(sum.body.totals.count, who === 'voi.phunu' ? 1 : 0, 'only what the scope reaches');
      const fu = await c.get(`/api/v1/plans/${racthai()}/follow-up`);
      assertStatus(fu, 200);
      assert.equal(fu.body.documents.total, docs.body.total);
      assert.equal(fu.body.activities.total, acts.body.total);
      assertError(await c.post('/api/v1/documents', { plan_id: racthai(), number: '1', kind: 'other', title: 'x', issued_on: '2024-01-01', unit: '07411' }), 422, 'unit_out_of_scope', 'unit');
      assertError(await c.post('/api/v1/activities', { plan_id: racthai(), kind: 'other', title: 'x', held_on: '2024-01-01', unit: '07411' }), 422, 'unit_out_of_scope', 'unit');
    });
  }

  test('the district reads them but changes neither (403)', async () => {
    const d = await as('langgiang.phunu');
    assertStatus(await d.get(`/api/v1/documents/${doc.commune.id}`), 200);
    assertError(await d.patch(`/api/v1/documents/${doc.commune.id}`, { version: doc.commune.version, title: 'x' }), 403, 'not_allowed');
    assertStatus(await d.get(`/api/v1/activities/${act.commune.id}`), 200);
    assertError(await d.patch(`/api/v1/activities/${act.commune.id}`, { version: act.commune.version, participants: 1 }), 403, 'not_allowed');
  });

  test('a viewer reads them and gets 403 on every write', async () => {
    const v = await as('tanthanh.xem');
    assertStatus(await v.get(`/api/v1/documents/${doc.commune.id}`), 200);
    assertStatus(await v.patch(`/api/v1/documents/${doc.commune.id}`, { version: doc.commune.version, title: 'x' }), 403);
    assertStatus(await v.post('/api/v1/documents', { plan_id: racthai(), number: '1', kind: 'other', title: 'x', issued_on: '2024-01-01' }), 403);
    assertStatus(await v.get(`/api/v1/activities/${act.commune.id}`), 200);
    assertStatus(await v.patch(`/api/v1/activities/${act.commune.id}`, { version: act.commune.version, participants: 1 }), 403);
    assertStatus(await v.post('/api/v1/activities', { plan_id: racthai(), kind: 'other', title: 'x', held_on: '2024-01-01' }), 403);
  });

  test('a plan that does not exist has no follow-up page (404)', async () => {
    assertStatus(await admin.get('/api/v1/plans/987654/follow-up'), 404);
  });
});
