// workflow.test.mjs — a commune's monthly report through its whole life, as the
// people of the demo live it: Tân Thanh's women's union (tanthanh.phunu) fills in
// and submits the DA-RACTHAI report; the district women's union leader
// (langgiang.phunu.lanhdao) returns it, then approves it, then reopens it; nobody
// else can; timeliness comes from the stored deadline and the first submission.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
const users = {};   // username -> signed-in Client
let orgs;           // code -> organisation
let plan;           // DA-RACTHAI
let ind;            // code -> indicator of DA-RACTHAI
let period;         // a month of the plan Tân Thanh has not reported yet (all long past)

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
function assertError(r, status, code) {
  assertStatus(r, status);
  assert.equal(r.body.error.code, code, r.text);
}
// The Vietnam calendar day (UTC+7) of an ISO instant, as a day number.
function vnDay(iso) {
  return Math.floor((Date.parse(iso) + 7 * 3600 * 1000) / 86400000);
}

async function addIndicator(c, planId, body) {
  const r = await c.post(`/api/v1/plans/${planId}/indicators`, body);
  assert.equal(r.status, 201, `create indicator ${body.code}: ${r.text}`);
  return r.body;
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
  // the province women's union defines the month indicators of its plan
  const owner = await as('tinh.phunu');
  ind = {
    households: await addIndicator(owner, plan.id, {
      code: 'HO_PHAN_LOAI', name: 'Số hộ phân loại rác tại nguồn', unit_label: 'hộ',
      value_type: 'integer', time_agg: 'sum', unit_agg: 'sum', direction: 'up', frequency: 'month',
    }),
    share: await addIndicator(owner, plan.id, {
      code: 'TL_HOI_VIEN', name: 'Tỷ lệ hội viên tham gia', unit_label: '%',
      value_type: 'percent', time_agg: 'last', unit_agg: 'sum', direction: 'up', frequency: 'month',
    }),
  };
  // the demo may already hold reports of the plan: take the first month still free
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

describe('a commune report from draft to approval and back', () => {
  let id;
  let version;

  test('the commune officer creates a month report: a draft due on the 19th, long overdue', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.post('/api/v1/reports', {
      plan_id: plan.id, organization_id: orgs.get('women-07411').id, unit: '07411', period,
    });
    assertStatus(r, 201);
    const [y, m] = [period.slice(0, 4), period.slice(4)];
    assert.equal(r.body.status, 'draft');
    assert.equal(r.body.period, period);
    assert.equal(r.body.period_label, `Tháng ${Number(m)}/${y}`);
    assert.equal(r.body.deadline, `${y}-${m}-19T16:59:59Z`, 'cut-off on the 14th, due 5 days later');
    assert.equal(r.body.on_time, null);
    assert.equal(r.body.overdue, true);
    assert.ok(r.body.days_late > 0, 'overdue for days already');
    assert.deepEqual(r.body.unit, { code: '07411', name: 'Tân Thanh', level: 'commune' });
    const codes = r.body.form.map((f) => f.code);
    assert.ok(codes.indexOf('HO_PHAN_LOAI') >= 0 && codes.indexOf('HO_PHAN_LOAI') < codes.indexOf('TL_HOI_VIEN'),
      'the new month indicators, in order');
    assert.deepEqual(r.body.can, { edit: true, submit: true, approve: false, return: false, reopen: false });
    assert.deepEqual(r.body.events.map((e) => [e.action, e.from_status, e.to_status]), [['create', null, 'draft']]);
    id = r.body.id;
    version = r.body.version;
  });

  test('the officer saves values and narrative; the version moves on', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.put(`/api/v1/reports/${id}`, {
      version,
      values: [
        { indicator_id: ind.households.id, value: 120, comment: 'Thôn Đông, thôn Đoài' },
        { indicator_id: ind.share.id, value: 62.5 },
      ],
      narrative: { results: 'Tuyên truyền tại 5 thôn', limitations: 'Thiếu thùng chứa' },
    });
    assertStatus(r, 200);
    assert.equal(r.body.version, version + 1);
    const byId = new Map(r.body.values.map((v) => [v.indicator_id, v]));
    assert.equal(byId.get(ind.households.id).value, 120);
    assert.equal(byId.get(ind.households.id).comment, 'Thôn Đông, thôn Đoài');
    assert.equal(byId.get(ind.share.id).value, 62.5);
    assert.equal(r.body.narrative.results, 'Tuyên truyền tại 5 thôn');
    assert.equal(r.body.narrative.causes, '');
    version = r.body.version;
  });

  test('a save with a stale version is refused (409) and overwrites nothing', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.put(`/api/v1/reports/${id}`, {
      version: version - 1,
      values: [{ indicator_id: ind.households.id, value: 1 }],
      narrative: { results: 'ghi đè' },
    });
    assertError(r, 409, 'stale_version');
    const now = await c.get(`/api/v1/reports/${id}`);
    assert.equal(now.body.version, version);
    assert.equal(now.body.values.find((v) => v.indicator_id === ind.households.id).value, 120);
    assert.equal(now.body.narrative.results, 'Tuyên truyền tại 5 thôn');
  });

  test('nobody but a leader of the district women\'s union may approve, and only once submitted', async () => {
    const leader = await as('langgiang.phunu.lanhdao');
    assertError(await leader.post(`/api/v1/reports/${id}/approve`, { version }), 409, 'invalid_transition');
  });

  test('submitting after the deadline is late: days_late counts Vietnam calendar days', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.post(`/api/v1/reports/${id}/submit`, { version });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'submitted');
    assert.ok(r.body.submitted_at, 'first submission stamped');
    assert.equal(r.body.on_time, false);
    assert.equal(r.body.overdue, false);
    assert.equal(r.body.days_late, vnDay(r.body.submitted_at) - vnDay(r.body.deadline));
    assert.ok(r.body.days_late > 0);
    assert.deepEqual(r.body.can, { edit: false, submit: false, approve: false, return: false, reopen: false });
    version = r.body.version;
  });

  test('once submitted, the officer can no longer change it', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.put(`/api/v1/reports/${id}`, { version, values: [{ indicator_id: ind.households.id, value: 5 }] });
    assertError(r, 409, 'invalid_transition');
  });

  test('the submitted report is in the approver\'s inbox only', async () => {
    const inbox = async (u) => (await (await as(u)).get(`/api/v1/reports?inbox=1&limit=1000&plan=${plan.id}`)).body;
    const mine = await inbox('langgiang.phunu.lanhdao');
    const item = mine.items.find((x) => x.id === id);
    assert.ok(item, 'in the district leader\'s inbox');
    assert.equal(item.status, 'submitted');
    assert.equal(item.organization.name, 'Hội LHPN xã Tân Thanh');
    assert.ok(mine.items.every((x) => x.status === 'submitted'));
    for (const u of ['tanthanh.phunu', 'langgiang.phunu', 'langgiang.mttq', 'tinh.phunu', 'yendung.phunu']) {
      const other = await inbox(u);
      assert.ok(!other.items.some((x) => x.id === id), `${u} may not approve it`);
    }
    const leaderView = await (await as('langgiang.phunu.lanhdao')).get(`/api/v1/reports/${id}`);
    assert.deepEqual(leaderView.body.can, { edit: false, submit: false, approve: true, return: true, reopen: false });
  });

  test('the commune officer cannot approve (403)', async () => {
    const c = await as('tanthanh.phunu');
    assertStatus(await c.post(`/api/v1/reports/${id}/approve`, { version }), 403);
  });

  test('a leader of another system at the district (MTTQ) cannot approve (403 forbidden_action)', async () => {
    const c = await as('langgiang.mttq');
    assertError(await c.post(`/api/v1/reports/${id}/approve`, { version }), 403, 'forbidden_action');
    assertError(await c.post(`/api/v1/reports/${id}/return`, { version, reason: 'x' }), 403, 'forbidden_action');
  });

  test('the commune\'s own MTTQ leader, the province officer and a district officer cannot approve either', async () => {
    assertStatus(await (await as('tanthanh.mttq')).post(`/api/v1/reports/${id}/approve`, { version }), 403);
    assertStatus(await (await as('langgiang.phunu')).post(`/api/v1/reports/${id}/approve`, { version }), 403);
    assertStatus(await (await as('tinh.phunu')).post(`/api/v1/reports/${id}/approve`, { version }), 403);
    const r = await (await as('tanthanh.phunu')).get(`/api/v1/reports/${id}`);
    assert.equal(r.body.status, 'submitted', 'still waiting');
  });

  test('a return needs a reason (422), then sends it back with the reason', async () => {
    const leader = await as('langgiang.phunu.lanhdao');
    assertError(await leader.post(`/api/v1/reports/${id}/return`, { version }), 422, 'reason_required');
    assertError(await leader.post(`/api/v1/reports/${id}/return`, { version, reason: '   ' }), 422, 'reason_required');
    const r = await leader.post(`/api/v1/reports/${id}/return`, { version, reason: 'Bổ sung số hộ thôn Bắc' });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'returned');
    assert.equal(r.body.returned_reason, 'Bổ sung số hộ thôn Bắc');
    version = r.body.version;
  });

  test('the officer corrects and resubmits; timeliness still counts the first submission', async () => {
    const c = await as('tanthanh.phunu');
    const first = (await c.get(`/api/v1/reports/${id}`)).body.submitted_at;
    const saved = await c.put(`/api/v1/reports/${id}`, {
      version, values: [{ indicator_id: ind.households.id, value: 135 }],
    });
    assertStatus(saved, 200);
    assert.equal(saved.body.values.find((v) => v.indicator_id === ind.households.id).comment,
      'Thôn Đông, thôn Đoài', 'a value without a comment keeps the old comment');
    const r = await c.post(`/api/v1/reports/${id}/submit`, { version: saved.body.version });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'submitted');
    assert.equal(r.body.submitted_at, first);
    assert.ok(r.body.last_submitted_at >= first);
    assert.equal(r.body.on_time, false);
    version = r.body.version;
  });

  test('the district leader approves with the current version; a stale one is refused', async () => {
    const leader = await as('langgiang.phunu.lanhdao');
    assertError(await leader.post(`/api/v1/reports/${id}/approve`, { version: version - 1 }), 409, 'stale_version');
    const r = await leader.post(`/api/v1/reports/${id}/approve`, { version });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'approved');
    assert.equal(r.body.approved_by.full_name, (await leader.get('/api/v1/session')).body.user.full_name);
    assert.deepEqual(r.body.can, { edit: false, submit: false, approve: false, return: false, reopen: true });
    version = r.body.version;
    const inbox = await leader.get(`/api/v1/reports?inbox=1&limit=1000&plan=${plan.id}`);
    assert.ok(!inbox.body.items.some((x) => x.id === id), 'no longer waiting');
  });

  test('nobody can change an approved report (409 report_locked)', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.put(`/api/v1/reports/${id}`, { version, values: [{ indicator_id: ind.households.id, value: 1 }] });
    assertError(r, 409, 'report_locked');
    assertError(await c.post(`/api/v1/reports/${id}/submit`, { version }), 409, 'report_locked');
    const leader = await as('langgiang.phunu.lanhdao');
    assertError(await leader.post(`/api/v1/reports/${id}/return`, { version, reason: 'x' }), 409, 'report_locked');
    assertStatus(await leader.put(`/api/v1/reports/${id}`, { version, narrative: { results: 'x' } }), 403);
    const now = await c.get(`/api/v1/reports/${id}`);
    assert.equal(now.body.values.find((v) => v.indicator_id === ind.households.id).value, 135);
  });

  test('reopening needs the approver and a reason; it goes back to returned', async () => {
    const officer = await as('tanthanh.phunu');
    assertStatus(await officer.post(`/api/v1/reports/${id}/reopen`, { version, reason: 'Sửa số liệu' }), 403);
    assertError(await (await as('langgiang.mttq')).post(`/api/v1/reports/${id}/reopen`, { version, reason: 'Sửa' }),
      403, 'forbidden_action');
    const leader = await as('langgiang.phunu.lanhdao');
    assertError(await leader.post(`/api/v1/reports/${id}/reopen`, { version }), 422, 'reason_required');
    const r = await leader.post(`/api/v1/reports/${id}/reopen`, { version, reason: 'Số liệu thôn Bắc chưa khớp' });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'returned');
    assert.equal(r.body.approved_by, null);
    assert.equal(r.body.returned_reason, 'Số liệu thôn Bắc chưa khớp');
    const mine = await officer.get(`/api/v1/reports/${id}`);
    assert.equal(mine.body.can.edit, true, 'the officer may correct it again');
  });

  test('the history records every step with who, what and why', async () => {
    const r = await (await as('langgiang.phunu.lanhdao')).get(`/api/v1/reports/${id}`);
    assert.deepEqual(r.body.events.map((e) => [e.action, e.from_status, e.to_status]), [
      ['create', null, 'draft'], ['save', 'draft', 'draft'], ['submit', 'draft', 'submitted'],
      ['return', 'submitted', 'returned'], ['save', 'returned', 'returned'],
      ['submit', 'returned', 'submitted'], ['approve', 'submitted', 'approved'],
      ['reopen', 'approved', 'returned'],
    ]);
    const ret = r.body.events.find((e) => e.action === 'return');
    assert.equal(ret.reason, 'Bổ sung số hộ thôn Bắc');
    assert.equal(ret.user.full_name, (await (await as('langgiang.phunu.lanhdao')).get('/api/v1/session')).body.user.full_name);
  });

  test('every change is in the audit log with before and after', async () => {
    const r = await admin.get(`/api/v1/audit?entity=reports&id=${id}&limit=100`);
    assertStatus(r, 200);
    const actions = r.body.items.map((x) => x.action).reverse();
    assert.deepEqual(actions, ['create', 'save', 'submit', 'return', 'save', 'submit', 'approve', 'reopen']);
    const approve = r.body.items.find((x) => x.action === 'approve');
    assert.equal(approve.before.status, 'submitted');
    assert.equal(approve.after.status, 'approved');
    assert.equal(approve.username, 'langgiang.phunu.lanhdao');
  });
});

describe('timeliness of a report due in the future', () => {
  test('submitting before the deadline is on time with no days late', async () => {
    const owner = await as('tinh.phunu');
    const year = new Date().getUTCFullYear();
    const p = await owner.post('/api/v1/plans', {
      code: 'KH-PN-THU-NGHIEM', kind: 'ke_hoach', title: 'Kế hoạch thử nghiệm báo cáo đúng hạn',
      owner_id: orgs.get('women-24').id, start_year: year, end_year: year + 2,
    });
    assertStatus(p, 201);
    const monthly = await addIndicator(owner, p.body.id, {
      code: 'SO_BUOI', name: 'Số buổi tuyên truyền', unit_label: 'buổi', value_type: 'integer',
      time_agg: 'sum', unit_agg: 'sum', direction: 'up', frequency: 'month',
    });
    const c = await as('tanthanh.phunu');
    const period = `${year + 1}01`;
    const r = await c.post('/api/v1/reports', {
      plan_id: p.body.id, organization_id: orgs.get('women-07411').id, unit: '07411', period,
    });
    assertStatus(r, 201);
    assert.equal(r.body.deadline, `${year + 1}-01-19T16:59:59Z`);
    assert.equal(r.body.overdue, false);
    assert.equal(r.body.days_late, null);
    const saved = await c.put(`/api/v1/reports/${r.body.id}`, {
      version: r.body.version, values: [{ indicator_id: monthly.id, value: 4 }],
    });
    assertStatus(saved, 200);
    const s = await c.post(`/api/v1/reports/${r.body.id}/submit`, { version: saved.body.version });
    assertStatus(s, 200);
    assert.equal(s.body.on_time, true);
    assert.equal(s.body.days_late, 0);
    assert.equal(s.body.overdue, false);
    const list = await c.get(`/api/v1/reports?plan=${p.body.id}`);
    assert.equal(list.body.items[0].on_time, true);
  });
});
