// tasks.test.mjs — a roadmap as the demo's people keep it: the province women's
// union (tinh.phunu) owns a waste-sorting project of its own (made here, so the
// demo's follow-up records never mix in) and gives Tân Thanh's women's union
// (tanthanh.phunu) tasks; the commune completes them, late or on time; a
// deadline is extended with its reason and document while the original stays; a
// stale version changes nothing; and nobody outside Tân Thanh's line reads or
// changes them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
const users = {};
let orgs;      // code -> organisation
let plan;      // a project of Hội LHPN tỉnh for 2024-2025, made by the test

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
// Today in Vietnam (UTC+7) and days around it, as YYYY-MM-DD.
function vnToday(offset = 0) {
  return new Date(Date.now() + 7 * 3600 * 1000 + offset * 86400000).toISOString().slice(0, 10);
}
const org = (code) => { const o = orgs.get(code); assert.ok(o, code); return o; };

// A task of the plan for Tân Thanh's women's union, created by the plan's owner.
async function tanThanhTask(extra = {}) {
  const owner = await as('tinh.phunu');
  const r = await owner.post('/api/v1/tasks', {
    plan_id: plan.id, title: 'Ra quân thu gom, phân loại rác thải tại thôn',
    responsible_id: org('women-07411').id, deadline: vnToday(10), slot: '2025Q4', ...extra,
  });
  assertStatus(r, 201, 'create task');
  return r.body;
}

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const o = await admin.get('/api/v1/organizations?limit=1000');
  orgs = new Map(o.body.items.map((x) => [x.code, x]));
  const p = await (await as('tinh.phunu')).post('/api/v1/plans', {
    code: 'DA-RAC-THON', kind: 'de_an', title: 'Thôn, xóm sạch rác giai đoạn 2024–2025',
    owner_id: org('women-24').id, start_year: 2024, end_year: 2025,
  });
  assertStatus(p, 201, 'create plan');
  plan = p.body;
});
after(async () => { await srv?.stop(); });

describe('status is derived from the dates', () => {
  test('a task created for the commune comes back with every key of the contract', async () => {
    const t = await tanThanhTask({ coordinator_ids: [org('mttq-07411').id], description: 'Mỗi thôn một buổi' });
    for (const k of ['id', 'plan_id', 'title', 'responsible_id', 'coordinator_ids', 'unit', 'start', 'deadline',
      'slot', 'progress', 'completed_on', 'status', 'version', 'responsible', 'unit_name', 'original_deadline',
      'extended', 'days_overdue', 'description']) assert.ok(k in t, `key ${k}`);
    assert.equal(t.plan_id, plan.id);
    assert.equal(t.unit, '07411', 'the responsible organisation\'s unit by default');
    assert.equal(t.unit_name, 'Tân Thanh');
    assert.deepEqual(t.responsible, { id: org('women-07411').id, name: org('women-07411').name });
    assert.deepEqual(t.coordinator_ids, [org('mttq-07411').id]);
    assert.equal(t.start, '2025-10-01', 'a task starts with its slot by default');
    assert.equal(t.status, 'in_progress');
    assert.equal(t.days_overdue, 0);
    assert.equal(t.original_deadline, t.deadline);
    assert.equal(t.extended, false);
    assert.equal(t.slot_label, 'Quý IV/2025');
  });

  test('due today is in progress; due yesterday is overdue by one day', async () => {
    const a = await tanThanhTask({ deadline: vnToday(0) });
    assert.equal(a.status, 'in_progress');
    const b = await tanThanhTask({ deadline: vnToday(-1) });
    assert.equal(b.status, 'overdue');
    assert.equal(b.days_overdue, 1);
  });

  test('the commune completes a task after its deadline: done_late, progress 100', async () => {
    const t = await tanThanhTask({ deadline: vnToday(-10) });
    assert.equal(t.status, 'overdue');
    assert.equal(t.days_overdue, 10);
    const c = await as('tanthanh.phunu');
    const r = await c.patch(`/api/v1/tasks/${t.id}`, { version: t.version, completed_on: vnToday(-3) });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'done_late');
    assert.equal(r.body.days_overdue, 7);
    assert.equal(r.body.progress, 100, 'completing sets progress 100');
    assert.equal(r.body.completed_on, vnToday(-3));
    assert.equal(r.body.version, t.version + 1);
  });

  test('completed on the deadline day is on time; the day after is late', async () => {
    const c = await as('tanthanh.phunu');
    const onDay = await tanThanhTask({ deadline: vnToday(-5) });
    let r = await c.patch(`/api/v1/tasks/${onDay.id}`, { version: onDay.version, completed_on: vnToday(-5) });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'done_on_time');
    const after = await tanThanhTask({ deadline: vnToday(-5) });
    r = await c.patch(`/api/v1/tasks/${after.id}`, { version: after.version, completed_on: vnToday(-4) });
    assert.equal(r.body.status, 'done_late');
    assert.equal(r.body.days_overdue, 1);
  });

  test('progress 100 completes the task today; reopening needs progress under 100', async () => {
    const c = await as('tanthanh.phunu');
    const t = await tanThanhTask({ deadline: vnToday(3) });
    let r = await c.patch(`/api/v1/tasks/${t.id}`, { version: t.version, progress: 100 });
    assertStatus(r, 200);
    assert.equal(r.body.completed_on, vnToday(0));
    assert.equal(r.body.status, 'done_on_time');
    assertError(await c.patch(`/api/v1/tasks/${t.id}`, { version: r.body.version, completed_on: null }),
      422, 'progress_requires_completion', 'progress');
    assertError(await c.patch(`/api/v1/tasks/${t.id}`, { version: r.body.version, progress: 40 }),
      422, 'task_completed', 'progress');
    r = await c.patch(`/api/v1/tasks/${t.id}`, { version: r.body.version, completed_on: null, progress: 80 });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'in_progress');
    assert.equal(r.body.completed_on, null);
    assertError(await c.patch(`/api/v1/tasks/${t.id}`, { version: r.body.version, completed_on: vnToday(1) }),
      422, 'completed_in_future', 'completed_on');
  });

  test('the list filters on the derived status, and the plan\'s follow-up counts agree', async () => {
    const c = await as('tinh.phunu');
    const all = await c.get(`/api/v1/tasks?plan=${plan.id}&limit=1000`);
    assertStatus(all, 200);
    assert.equal(all.body.total, all.body.items.length);
    const fu = await c.get(`/api/v1/plans/${plan.id}/follow-up`);
    assertStatus(fu, 200);
    let sum = 0;
    for (const s of ['in_progress', 'overdue', 'done_on_time', 'done_late']) {
      const r = await c.get(`/api/v1/tasks?plan=${plan.id}&status=${s}&limit=1000`);
      assertStatus(r, 200);
      assert.ok(r.body.items.every((t) => t.status === s), s);
      assert.equal(r.body.total, all.body.items.filter((t) => t.status === s).length, s);
      assert.equal(fu.body.tasks[s], r.body.total, `follow-up ${s}`);
      sum += r.body.total;
    }
    assert.equal(sum, all.body.total);
    assert.equal(fu.body.tasks.total, all.body.total);
    assert.ok(all.body.items.some((t) => t.status === 'done_late'));
    assertError(await c.get('/api/v1/tasks?status=late'), 400, 'bad_status', 'status');
  });
});

describe('deadlines are extended, never overwritten', () => {
  test('an extension keeps the original deadline, with who, why and under which document', async () => {
    const t = await tanThanhTask({ deadline: vnToday(-2) });
    assert.equal(t.status, 'overdue');
    const owner = await as('tinh.phunu');
    const body = {
      version: t.version, new_deadline: vnToday(30),
      reason: 'Chờ kinh phí mua thùng phân loại rác', document: 'Công văn số 45/HLHPN-TG',
    };
    const r = await owner.post(`/api/v1/tasks/${t.id}/extend`, body);
    assertStatus(r, 200);
    assert.equal(r.body.deadline, vnToday(30));
    assert.equal(r.body.original_deadline, vnToday(-2));
    assert.equal(r.body.extended, true);
    assert.equal(r.body.status, 'in_progress', 'judged against the current deadline');
    assert.equal(r.body.extensions.length, 1);
    const x = r.body.extensions[0];
    assert.equal(x.old_deadline, vnToday(-2));
    assert.equal(x.new_deadline, vnToday(30));
    assert.equal(x.reason, body.reason);
    assert.equal(x.document, body.document);
    assert.equal(x.user.username, 'tinh.phunu');
    assert.ok(x.at);
    // a second extension keeps the very first deadline
    const r2 = await owner.post(`/api/v1/tasks/${t.id}/extend`, { version: r.body.version, new_deadline: vnToday(60), reason: 'Mưa bão' });
    assertStatus(r2, 200);
    assert.equal(r2.body.original_deadline, vnToday(-2));
    assert.equal(r2.body.extensions.length, 2);
    assert.equal(r2.body.extensions[1].old_deadline, vnToday(30));
    // the audit log has the extension, before and after
    const a = await admin.get(`/api/v1/audit?entity=tasks&id=${t.id}`);
    assertStatus(a, 200);
    assert.ok(a.body.items.some((i) => i.action === 'extend' && i.before?.deadline === vnToday(-2) && i.after?.deadline === vnToday(30)), a.text);
  });

  test('an extension must move the deadline later and needs a reason; a done task is not extended', async () => {
    const t = await tanThanhTask({ deadline: vnToday(5) });
    const owner = await as('tinh.phunu');
    assertError(await owner.post(`/api/v1/tasks/${t.id}/extend`, { version: t.version, new_deadline: vnToday(5), reason: 'x' }), 422, 'deadline_not_later', 'new_deadline');
    assertError(await owner.post(`/api/v1/tasks/${t.id}/extend`, { version: t.version, new_deadline: vnToday(9) }), 422, 'required', 'reason');
    assertError(await owner.post(`/api/v1/tasks/${t.id}/extend`, { version: t.version + 7, new_deadline: vnToday(9), reason: 'x' }), 409, 'stale_version');
    const done = await owner.patch(`/api/v1/tasks/${t.id}`, { version: t.version, completed_on: vnToday(0) });
    assertStatus(done, 200);
    assertError(await owner.post(`/api/v1/tasks/${t.id}/extend`, { version: done.body.version, new_deadline: vnToday(9), reason: 'x' }), 409, 'task_completed');
  });

  test('PATCH does not move the deadline: that is what extend is for', async () => {
    const t = await tanThanhTask();
    const owner = await as('tinh.phunu');
    assertError(await owner.patch(`/api/v1/tasks/${t.id}`, { version: t.version, deadline: vnToday(90) }), 422, 'use_extend', 'deadline');
    const same = await owner.patch(`/api/v1/tasks/${t.id}`, { version: t.version, deadline: t.deadline, progress: 20 });
    assertStatus(same, 200);
    assert.equal(same.body.deadline, t.deadline);
  });
});

describe('optimistic concurrency', () => {
  test('a stale version answers 409 and overwrites nothing', async () => {
    const t = await tanThanhTask();
    const owner = await as('tinh.phunu');
    const commune = await as('tanthanh.phunu');
    const first = await owner.patch(`/api/v1/tasks/${t.id}`, { version: t.version, title: 'Tên đã sửa bởi tỉnh' });
    assertStatus(first, 200);
    const stale = await commune.patch(`/api/v1/tasks/${t.id}`, { version: t.version, title: 'Tên của xã', progress: 55 });
    assertError(stale, 409, 'stale_version');
    const now = await owner.get(`/api/v1/tasks/${t.id}`);
    assert.equal(now.body.title, 'Tên đã sửa bởi tỉnh');
    assert.equal(now.body.progress, 0);
    assert.equal(now.body.version, t.version + 1);
    assertError(await commune.patch(`/api/v1/tasks/${t.id}`, { progress: 55 }), 422, 'required', 'version');
  });
});

describe('views', () => {
  test('mine=1 lists the tasks my organisation is responsible for or coordinates', async () => {
    const coordinated = await tanThanhTask({ responsible_id: org('women-217').id, unit: '217', coordinator_ids: [org('women-07411').id] });
    const c = await as('tanthanh.phunu');
    const r = await c.get('/api/v1/tasks?mine=1&limit=1000');
    assertStatus(r, 200);
    const me = org('women-07411').id;
    assert.ok(r.body.items.length > 1);
    assert.ok(r.body.items.every((t) => t.responsible_id === me || t.coordinator_ids.includes(me)));
    assert.ok(r.body.items.some((t) => t.id === coordinated.id), 'the coordinated one too');
    const d = await (await as('langgiang.mttq')).get('/api/v1/tasks?mine=1&limit=1000');
    assertStatus(d, 200);
    const mttq = org('mttq-217').id;
    assert.ok(d.body.items.every((t) => t.responsible_id === mttq || t.coordinator_ids.includes(mttq)));
    assert.ok(!d.body.items.some((t) => t.plan_id === plan.id), 'none of this plan\'s tasks');
  });

  test('the timeline groups tasks by slot in calendar order', async () => {
    await tanThanhTask({ slot: '2025', deadline: vnToday(40) });
    await tanThanhTask({ slot: '202510', deadline: vnToday(41) });
    const r = await (await as('tinh.phunu')).get(`/api/v1/tasks/timeline?plan=${plan.id}&year=2025`);
    assertStatus(r, 200);
    const slots = r.body.items.map((g) => g.slot);
    assert.deepEqual(slots.slice(0, 3), ['2025', '2025Q4', '202510']);
    const q4 = r.body.items.find((g) => g.slot === '2025Q4');
    assert.equal(q4.from, '2025-10-01');
    assert.equal(q4.to, '2025-12-31');
    assert.equal(q4.label, 'Quý IV/2025');
    assert.equal(q4.tasks.length, Object.values(q4.counts).reduce((a, b) => a + b, 0));
    assert.ok(q4.tasks.every((t) => t.slot === '2025Q4'));
    const none = await (await as('tinh.phunu')).get(`/api/v1/tasks/timeline?plan=${plan.id}&year=2024`);
    assert.equal(none.body.total, 0);
  });

  test('search ignores diacritics', async () => {
    await tanThanhTask({ title: 'Xây dựng mô hình "Ngôi nhà xanh – sạch – đẹp"' });
    const c = await as('tinh.phunu');
    for (const q of ['ngoi nha xanh', 'Ngôi nhà', 'NGÔI NHÀ XANH']) {
      const r = await c.get(`/api/v1/tasks?plan=${plan.id}&q=${encodeURIComponent(q)}`);
      assertStatus(r, 200);
      assert.equal(r.body.total, 1, q);
      assert.equal(r.body.items.length, 1, q);
    }
  });

  test('comments are kept in order with their author', async () => {
    const t = await tanThanhTask();
    const district = await as('langgiang.phunu');
    const r = await district.post(`/api/v1/tasks/${t.id}/comments`, { body: 'Đề nghị xã báo cáo tiến độ trước ngày 25.' });
    assertStatus(r, 201);
    assert.equal(r.body.user.username, 'langgiang.phunu');
    assert.equal(r.body.task_id, t.id);
    await (await as('tanthanh.phunu')).post(`/api/v1/tasks/${t.id}/comments`, { body: 'Xã đã triển khai ở 8/12 thôn.' });
    const g = await district.get(`/api/v1/tasks/${t.id}`);
    assert.deepEqual(g.body.comments.map((c) => c.user.username), ['langgiang.phunu', 'tanthanh.phunu']);
    assertError(await district.post(`/api/v1/tasks/${t.id}/comments`, { body: '   ' }), 422, 'required', 'body');
  });
});

describe('input', () => {
  test('slot and dates are checked against the plan', async () => {
    const owner = await as('tinh.phunu');
    const base = { plan_id: plan.id, title: 'Nhiệm vụ', responsible_id: org('women-07411').id, deadline: vnToday(10) };
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2019Q1' }), 422, 'slot_outside_plan', 'slot');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2024Q5' }), 422, 'bad_slot', 'slot');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2024', start: '2099-01-01' }), 422, 'start_after_deadline', 'start');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2024', deadline: '2024-02-30' }), 422, 'invalid_date', 'deadline');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2026' }), 422, 'slot_outside_plan', 'slot');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2024', title: 'x'.repeat(1001) }), 422, 'too_long', 'title');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2024', progress: 101 }), 422, 'out_of_range', 'progress');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2024', plan_id: 999999 }), 422, 'unknown_plan', 'plan_id');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2024', coordinator_ids: [org('women-07411').id] }), 422, 'responsible_is_coordinator', 'coordinator_ids');
    assertError(await owner.post('/api/v1/tasks', { ...base, slot: '2024', unit: '07684' }), 422, 'unit_outside_organization', 'unit');
  });
});

describe('who reads and changes a task at Tân Thanh (07411, Lạng Giang 217)', () => {
  let t;
  before(async () => { t = await tanThanhTask({ title: 'Nhiệm vụ riêng của Tân Thanh' }); });

  for (const who of ['laoho.phunu', 'yendung.phunu', 'voi.phunu']) {
    test(`${who} (another commune or district) gets 404 on every task route`, async () => {
      const c = await as(who);
      assertStatus(await c.get(`/api/v1/tasks/${t.id}`), 404);
      assertStatus(await c.patch(`/api/v1/tasks/${t.id}`, { version: t.version, title: 'Sửa trái phép' }), 404);
      assertStatus(await c.post(`/api/v1/tasks/${t.id}/extend`, { version: t.version, new_deadline: vnToday(99), reason: 'x' }), 404);
      assertStatus(await c.post(`/api/v1/tasks/${t.id}/comments`, { body: 'x' }), 404);
      const list = await c.get(`/api/v1/tasks?plan=${plan.id}&limit=1000`);
      assertStatus(list, 200);
      assert.ok(!list.body.items.some((x) => x.unit === '07411'), 'nothing of Tân Thanh in the list');
      const tl = await c.get(`/api/v1/tasks/timeline?plan=${plan.id}`);
      assert.ok(!tl.body.items.some((g) => g.tasks.some((x) => x.unit === '07411')), 'nor in the timeline');
      const fu = await c.get(`/api/v1/plans/${plan.id}/follow-up`);
      assertStatus(fu, 200);
      assert.equal(fu.body.tasks.total, list.body.total, 'the plan\'s counts cover what the list shows');
      // creating one there: Tân Thanh's union is unknown to them, and its unit is not theirs
      assertError(await c.post('/api/v1/tasks', { plan_id: plan.id, title: 'x', responsible_id: org('women-07411').id, deadline: vnToday(1), slot: '2025' }), 422, 'unknown_organization', 'responsible_id');
      assertError(await c.post('/api/v1/tasks', { plan_id: plan.id, title: 'x', unit: '07411', deadline: vnToday(1), slot: '2025' }), 422, 'unit_out_of_scope', 'unit');
      const now = await admin.get(`/api/v1/tasks/${t.id}`);
      assert.equal(now.body.title, 'Nhiệm vụ riêng của Tân Thanh');
      assert.equal(now.body.version, t.version);
    });
  }

  test('the district women\'s union reads it and comments, but does not change it (403)', async () => {
    const c = await as('langgiang.phunu');
    assertStatus(await c.get(`/api/v1/tasks/${t.id}`), 200);
    assertError(await c.patch(`/api/v1/tasks/${t.id}`, { version: t.version, progress: 10 }), 403, 'not_allowed');
    assertError(await c.post(`/api/v1/tasks/${t.id}/extend`, { version: t.version, new_deadline: vnToday(99), reason: 'x' }), 403, 'not_allowed');
  });

  test('a viewer at Tân Thanh reads it and gets 403 on every write', async () => {
    const c = await as('tanthanh.xem');
    assertStatus(await c.get(`/api/v1/tasks/${t.id}`), 200);
    assertStatus(await c.patch(`/api/v1/tasks/${t.id}`, { version: t.version, progress: 10 }), 403);
    assertStatus(await c.post(`/api/v1/tasks/${t.id}/extend`, { version: t.version, new_deadline: vnToday(99), reason: 'x' }), 403);
    assertStatus(await c.post(`/api/v1/tasks/${t.id}/comments`, { body: 'x' }), 403);
    assertStatus(await c.post('/api/v1/tasks', { plan_id: plan.id, title: 'x', deadline: vnToday(1), slot: '2025' }), 403);
  });

  test('the commune cannot hand its task to another organisation; the plan\'s owner can', async () => {
    const c = await as('tanthanh.phunu');
    assertError(await c.patch(`/api/v1/tasks/${t.id}`, { version: t.version, responsible_id: org('mttq-07411').id }), 403, 'reassign_not_allowed', 'responsible_id');
    const r = await (await as('tinh.phunu')).patch(`/api/v1/tasks/${t.id}`, { version: t.version, responsible_id: org('mttq-07411').id });
    assertStatus(r, 200);
    assert.equal(r.body.responsible.id, org('mttq-07411').id);
    assertError(await c.patch(`/api/v1/tasks/${t.id}`, { version: r.body.version, progress: 5 }), 403, 'not_allowed');
  });

  test('a commune officer adds its own task to the province\'s plan, not another\'s', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.post('/api/v1/tasks', { plan_id: plan.id, title: 'Tổ chức tổng vệ sinh', deadline: vnToday(20), slot: '2025Q4' });
    assertStatus(r, 201);
    assert.equal(r.body.responsible_id, org('women-07411').id);
    assertError(await c.post('/api/v1/tasks', { plan_id: plan.id, title: 'x', responsible_id: org('mttq-07411').id, deadline: vnToday(20), slot: '2025Q4' }), 403, 'not_allowed');
  });
});
