// findings.test.mjs — the life of a finding as the conference article tells it: a
// commune raises a recommendation to the finance department, Sở Tài chính answers,
// the commune reopens an insufficient answer and then resolves it; findings taken
// from a report's narrative; an overdue finding escalated once by the sweep to the
// addressee's parent with a notice to its leaders; stale versions; and who may
// reach each route (404 out of scope, 403 for what is visible but not theirs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';

let srv;
let admin;
let orgs;
let plans;

const TITLE = 'Kiến nghị Sở Tài chính bố trí kinh phí tổ chức thực hiện và quan tâm hướng dẫn bố trí ngân sách thực hiện các đề án đối với các địa phương';

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
    assert.ok(r.body.error.message.length > 0);
    if (code) assert.equal(r.body.error.code, code, r.text);
  }
}
// Runs SQL on the test's own database (setup the API does not offer).
function sql(stmt) {
  return srv.sql(stmt);
}
async function until(fn, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  srv = await startServer({ demo: true, serveArgs: ['--notify-interval', '1'] });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const o = await admin.get('/api/v1/organizations?limit=1000');
  assertStatus(o, 200);
  orgs = new Map(o.body.items.map((x) => [x.code, x]));
  const p = await admin.get('/api/v1/plans?limit=100');
  assertStatus(p, 200);
  plans = new Map(p.body.items.map((x) => [x.code, x]));
});
after(async () => { await srv?.stop(); });

async function raise(client, body) {
  const r = await client.post('/api/v1/findings', body);
  assertStatus(r, 201);
  return r.body;
}

describe('a recommendation from Tân Thanh to Sở Tài chính', () => {
  let commune;   // tanthanh.mttq, leader of Ủy ban MTTQ xã Tân Thanh
  let taichinh;  // tinh.taichinh, officer of Sở Tài chính
  let f;
  before(async () => {
    commune = await as('tanthanh.mttq');
    taichinh = await as('tinh.taichinh');
    f = await raise(commune, {
      kind: 'recommendation', title: TITLE, plan_id: plan('DA-NHATRO').id,
      addressed_to_id: org('taichinh-24').id, severity: 'high', due_on: vnDate(30),
      description: 'Việc bố trí kinh phí triển khai thực hiện các đề án ở một số đơn vị cơ sở còn chậm.',
    });
  });

  test('is raised open, at the commune, by the commune, to the finance department', () => {
    assert.equal(f.status, 'open');
    assert.equal(f.kind, 'recommendation');
    assert.equal(f.title, TITLE);
    assert.equal(f.unit, '07411');
    assert.equal(f.raised_by_id, org('mttq-07411').id);
    assert.deepEqual(f.addressed_to, { id: org('taichinh-24').id, name: org('taichinh-24').name });
    assert.equal(f.plan_id, plan('DA-NHATRO').id);
    assert.equal(f.source, 'direct');
    assert.equal(f.severity, 'high');
    assert.equal(f.overdue, false);
    assert.equal(f.escalated, false);
    assert.equal(f.reopened, 0);
    assert.equal(f.version, 1);
  });

  test('the addressee is told, sees it and may answer; the raiser may not answer', async () => {
    await until(async () => (await taichinh.get('/api/v1/notifications')).body.items
      .some((x) => x.kind === 'finding_addressed' && x.link === `#/findings/${f.id}`));
    const g = await taichinh.get(`/api/v1/findings/${f.id}`);
    assertStatus(g, 200);
    assert.equal(g.body.can.answer, true);
    assert.equal(g.body.can.resolve, false);
    assert.equal(g.body.can.edit, false);
    const mine = await taichinh.get('/api/v1/findings?mine=1&status=open');
    assert.ok(mine.body.items.some((x) => x.id === f.id));
    assertStatus(await commune.post(`/api/v1/findings/${f.id}/answer`, { version: 1, response: 'Tự trả lời' }), 403, 'forbidden_action');
    assertStatus(await taichinh.post(`/api/v1/findings/${f.id}/resolve`, { version: 1 }), 403, 'forbidden_action');
    assertStatus(await admin.post(`/api/v1/findings/${f.id}/answer`, { version: 1, response: 'x' }), 403);
  });

  test('an answer needs a response and the current version', async () => {
    const blank = await taichinh.post(`/api/v1/findings/${f.id}/answer`, { version: 1, response: '   ' });
    assertStatus(blank, 422, 'response_required');
    assert.equal(blank.body.error.field, 'response');
    assertStatus(await taichinh.post(`/api/v1/findings/${f.id}/answer`, { version: 7, response: 'Đã bố trí' }), 409, 'stale_version');
    assertStatus(await taichinh.post(`/api/v1/findings/${f.id}/answer`, { response: 'Đã bố trí' }), 422);
  });

  test('Sở Tài chính answers; the raiser finds it insufficient and reopens with a reason', async () => {
    const a = await taichinh.post(`/api/v1/findings/${f.id}/answer`, { version: 1, response: 'Sở Tài chính sẽ tham mưu bố trí kinh phí trong dự toán năm sau.' });
    assertStatus(a, 200);
    assert.equal(a.body.status, 'answered');
    assert.equal(a.body.version, 2);
    assert.match(a.body.responded_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(a.body.responded_by.full_name.length > 0, true);
    assertStatus(await taichinh.post(`/api/v1/findings/${f.id}/answer`, { version: 2, response: 'lần hai' }), 409, 'invalid_transition');
    const noReason = await commune.post(`/api/v1/findings/${f.id}/reopen`, { version: 2 });
    assertStatus(noReason, 422, 'reason_required');
    assert.equal(noReason.body.error.field, 'reason');
    const ro = await commune.post(`/api/v1/findings/${f.id}/reopen`, { version: 2, reason: 'Chưa nêu thời hạn và mức kinh phí cụ thể.' });
    assertStatus(ro, 200);
    assert.equal(ro.body.status, 'open');
    assert.equal(ro.body.reopened, 1);
    assertStatus(await commune.post(`/api/v1/findings/${f.id}/reopen`, { version: 3, reason: 'lần nữa' }), 409, 'invalid_transition');
    // the addressee hears that the answer was not enough
    await until(async () => (await taichinh.get('/api/v1/notifications')).body.items
      .some((x) => x.kind === 'finding_reopened' && x.link === `#/findings/${f.id}`));
  });

  test('the second answer is accepted and the raiser resolves it; then nothing moves it', async () => {
    const a = await taichinh.post(`/api/v1/findings/${f.id}/answer`, { version: 3, response: 'Đã bố trí 500.000.000 đồng trong quý III.' });
    assertStatus(a, 200);
    // the raiser hears about the answer
    await until(async () => (await commune.get('/api/v1/notifications')).body.items
      .some((x) => x.kind === 'finding_answered' && x.link === `#/findings/${f.id}`));
    const r = await commune.post(`/api/v1/findings/${f.id}/resolve`, { version: 4 });
    assertStatus(r, 200);
    assert.equal(r.body.status, 'resolved');
    assert.equal(r.body.resolved_on, vnDate(0));
    assert.equal(r.body.response, 'Đã bố trí 500.000.000 đồng trong quý III.');
    for (const [who, action, body] of [[commune, 'reopen', { reason: 'x' }], [taichinh, 'answer', { response: 'x' }], [commune, 'decline', { reason: 'x' }]]) {
      assertStatus(await who.post(`/api/v1/findings/${f.id}/${action}`, { version: 5, ...body }), 409, 'finding_closed');
    }
    assertStatus(await commune.patch(`/api/v1/findings/${f.id}`, { version: 5, title: 'Sửa sau khi đóng' }), 409, 'finding_closed');
  });

  test('every step is in the audit log, the reopening with its reason', async () => {
    const r = await admin.get(`/api/v1/audit?entity=findings&id=${f.id}`);
    assertStatus(r, 200);
    const actions = r.body.items.map((x) => x.action);
    for (const a of ['create', 'answer', 'reopen', 'resolve']) assert.ok(actions.includes(a), `${a} in ${actions}`);
    assert.equal(actions.filter((a) => a === 'answer').length, 2);
    const reopen = r.body.items.find((x) => x.action === 'reopen');
    assert.match(JSON.stringify(reopen), /Chưa nêu thời hạn/);
  });

  test('each event was told once, however many sweeps ran', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const n = await taichinh.get('/api/v1/notifications?limit=1000');
    const about = (kind) => n.body.items.filter((x) => x.kind === kind && x.link === `#/findings/${f.id}`).length;
    assert.equal(about('finding_addressed'), 1);
    assert.equal(about('finding_reopened'), 1);
    const c = await commune.get('/api/v1/notifications?limit=1000');
    assert.ok(c.body.items.filter((x) => x.kind === 'finding_answered' && x.link === `#/findings/${f.id}`).length >= 1);
  });
});

describe('declining, editing and lists', () => {
  let commune;
  let f;
  before(async () => {
    commune = await as('tanthanh.mttq');
    f = await raise(commune, { kind: 'problem', title: 'Chủ nhà trọ chưa niêm yết giá phòng', addressed_to_id: org('ubnd-217').id, due_on: vnDate(10) });
  });

  test('the raiser edits with the current version; a stale one is refused', async () => {
    const ok = await commune.patch(`/api/v1/findings/${f.id}`, { version: 1, severity: 'high', title: 'Chủ nhà trọ chưa niêm yết giá phòng, chưa kê khai nộp thuế' });
    assertStatus(ok, 200);
    assert.equal(ok.body.version, 2);
    assert.equal(ok.body.severity, 'high');
    assertStatus(await commune.patch(`/api/v1/findings/${f.id}`, { version: 1, severity: 'low' }), 409, 'stale_version');
    assertStatus(await commune.patch(`/api/v1/findings/${f.id}`, { severity: 'low' }), 422);
  });

  test('bad content is named', async () => {
    const bad = [
      [{ kind: 'complaint', title: 'x' }, 'kind'],
      [{ kind: 'problem' }, 'title'],
      [{ kind: 'problem', title: 'x', due_on: '2024-02-30' }, 'due_on'],
      [{ kind: 'problem', title: 'x', severity: 'urgent' }, 'severity'],
      [{ kind: 'problem', title: 'x'.repeat(1001) }, 'title'],
      [{ kind: 'problem', title: 'x', addressed_to_id: 999999 }, 'addressed_to_id'],
      [{ kind: 'problem', title: 'x', unit: '07684' }, 'unit'],
      [{ kind: 'problem', title: 'x', plan_id: 999999 }, 'plan_id'],
    ];
    for (const [body, field] of bad) {
      const r = await commune.post('/api/v1/findings', body);
      assertStatus(r, 422);
      assert.equal(r.body.error.field, field, JSON.stringify(body));
    }
  });

  test('a commune may not raise in another organisation\'s name', async () => {
    const r = await commune.post('/api/v1/findings', { kind: 'problem', title: 'x', raised_by_id: org('women-07411').id });
    assertStatus(r, 403, 'not_raiser');
  });

  test('declining needs a reason', async () => {
    assertStatus(await commune.post(`/api/v1/findings/${f.id}/decline`, { version: 2 }), 422, 'reason_required');
    const d = await commune.post(`/api/v1/findings/${f.id}/decline`, { version: 2, reason: 'Đã chuyển sang kiến nghị chung của huyện' });
    assertStatus(d, 200);
    assert.equal(d.body.status, 'declined');
  });

  test('lists filter by status, kind, addressee, text without diacritics, and stay in scope', async () => {
    const r = await commune.get(`/api/v1/findings?q=${encodeURIComponent('nha tro')}&status=declined`);
    assertStatus(r, 200);
    assert.ok(r.body.items.some((x) => x.id === f.id));
    const k = await commune.get(`/api/v1/findings?kind=problem&addressed_to=${org('ubnd-217').id}`);
    assert.ok(k.body.items.every((x) => x.kind === 'problem' && x.addressed_to.id === org('ubnd-217').id));
    assert.equal(k.body.total, k.body.items.length);
    assertStatus(await commune.get('/api/v1/findings?status=closed'), 400);
    assertStatus(await commune.get('/api/v1/findings?sort=title'), 400);
    const other = await as('laoho.phunu');
    const o = await other.get('/api/v1/findings?limit=1000');
    assertStatus(o, 200);
    assert.ok(!o.body.items.some((x) => x.unit === '07411'), 'another district sees none of Tân Thanh\'s');
  });
});

describe('findings from a report\'s narrative', () => {
  let reportId;
  let recommendations;
  before(async () => {
    const mttq = org('mttq-07411');
    reportId = sql(`SELECT id FROM reports WHERE organization_id = ${mttq.id} ORDER BY id LIMIT 1`);
    if (!reportId) {
      const unit = sql("SELECT id FROM org_units WHERE code = '07411' AND valid_to IS NULL");
      sql(`INSERT INTO reports(plan_id, organization_id, unit_id, period, deadline, created_at, updated_at)
           VALUES (${plan('KH-MTTQ-DDK').id}, ${mttq.id}, ${unit}, '2022Q1', '2022-04-21T16:59:59Z', '2022-04-01T00:00:00Z', '2022-04-01T00:00:00Z')`);
      reportId = sql(`SELECT id FROM reports WHERE organization_id = ${mttq.id} ORDER BY id LIMIT 1`);
    }
    recommendations = 'Đề nghị UBND huyện chỉ đạo các ngành chức năng tăng cường quản lý nhà nước; kiến nghị bố trí kinh phí.';
    sql(`UPDATE reports SET recommendations = '${recommendations}' WHERE id = ${reportId}`);
  });

  test('the reporting organisation turns a recommendation into a tracked finding', async () => {
    const c = await as('tanthanh.mttq');
    const r = await c.post(`/api/v1/reports/${reportId}/findings`, { kind: 'recommendation', title: 'Tăng cường quản lý nhà nước', addressed_to_id: org('ubnd-217').id, due_on: vnDate(20) });
    assertStatus(r, 201);
    assert.equal(r.body.source, 'report');
    assert.equal(r.body.report_id, Number(reportId));
    assert.equal(r.body.raised_by_id, org('mttq-07411').id);
    assert.equal(r.body.unit, '07411');
    assert.equal(r.body.description, recommendations);
    const l = await c.get(`/api/v1/findings?report=${reportId}`);
    assert.ok(l.body.items.some((x) => x.id === r.body.id));
  });

  test('others may not: another organisation of the commune (403), its viewer (403), another district (404)', async () => {
    const body = { kind: 'limitation', title: 'x' };
    assertStatus(await (await as('tanthanh.phunu')).post(`/api/v1/reports/${reportId}/findings`, body), 403, 'not_raiser');
    assertStatus(await (await as('tanthanh.xem')).post(`/api/v1/reports/${reportId}/findings`, body), 403);
    assertStatus(await (await as('laoho.phunu')).post(`/api/v1/reports/${reportId}/findings`, body), 404);
    assertStatus(await (await as('yendung.phunu')).post(`/api/v1/reports/${reportId}/findings`, body), 404);
  });
});

describe('an overdue finding is escalated once, to the addressee\'s parent', () => {
  let f;
  let ubndLeader;
  before(async () => {
    const u = await admin.post('/api/v1/users', {
      username: 'ubnd.lanhdao', full_name: 'Ngô Quang Minh', password: DEMO_PASSWORD,
      organization_id: org('ubnd-24').id, role: 'leader',
    });
    assert.ok([200, 201].includes(u.status), u.text);
    ubndLeader = await as('ubnd.lanhdao');
    f = await raise(await as('tanthanh.mttq'), {
      kind: 'recommendation', title: 'Kiến nghị hỗ trợ kinh phí xây dựng bãi rác, lò đốt rác phù hợp',
      addressed_to_id: org('taichinh-24').id, due_on: vnDate(-3),
    });
  });

  test('it is overdue by the days since its due date', () => {
    assert.equal(f.overdue, true);
    assert.equal(f.days_overdue, 3);
  });

  test('the sweep flags it escalated to UBND tỉnh and tells UBND\'s leaders, once', async () => {
    const g = await until(async () => {
      const r = await admin.get(`/api/v1/findings/${f.id}`);
      return r.body.escalated && r;
    });
    assert.deepEqual(g.body.escalated_to, { id: org('ubnd-24').id, name: org('ubnd-24').name });
    assert.equal(g.body.version, 1, 'escalation is not an edit');
    const at = g.body.escalated_at;
    const n = await until(async () => {
      const r = await ubndLeader.get('/api/v1/notifications');
      return r.body.items.some((x) => x.kind === 'finding_escalated') && r;
    });
    assert.equal(n.body.items.filter((x) => x.kind === 'finding_escalated' && x.link === `#/findings/${f.id}`).length, 1);
    await new Promise((r) => setTimeout(r, 2500)); // two more sweeps
    const again = await admin.get(`/api/v1/findings/${f.id}`);
    assert.equal(again.body.escalated_at, at, 'escalated once');
    const n2 = await ubndLeader.get('/api/v1/notifications');
    assert.equal(n2.body.items.filter((x) => x.kind === 'finding_escalated' && x.link === `#/findings/${f.id}`).length, 1);
    const audit = await admin.get(`/api/v1/audit?entity=findings&id=${f.id}`);
    assert.equal(audit.body.items.filter((x) => x.action === 'escalate').length, 1);
    // a viewer of UBND is no leader: no notice
    const viewer = await as('tinh.ubnd');
    const nv = await viewer.get('/api/v1/notifications');
    assert.ok(!nv.body.items.some((x) => x.kind === 'finding_escalated'));
  });

  test('the escalation target finds it among the findings that concern it', async () => {
    const r = await ubndLeader.get(`/api/v1/findings?organization=${org('ubnd-24').id}&overdue=1`);
    assertStatus(r, 200);
    assert.ok(r.body.items.some((x) => x.id === f.id));
  });
});

describe('an addressee below the unit the finding is recorded at', () => {
  let f;
  before(async () => {
    // the district's MTTQ records, at the district, a recommendation to a commune's MTTQ
    f = await raise(await as('langgiang.mttq'), { kind: 'recommendation', title: 'Đề nghị Ủy ban MTTQ xã Tân Thanh rà soát các chỉ tiêu được giao', addressed_to_id: org('mttq-07411').id, due_on: vnDate(15) });
    assert.equal(f.unit, '217');
  });

  test('reads it (the district is above the commune) and sees it among its findings', async () => {
    const c = await as('tanthanh.mttq');
    assertStatus(await c.get(`/api/v1/findings/${f.id}`), 200);
    assert.ok((await c.get('/api/v1/findings?mine=1')).body.items.some((x) => x.id === f.id));
  });

  test('answers it although the district lies outside its write scope', async () => {
    const c = await as('tanthanh.mttq');
    const a = await c.post(`/api/v1/findings/${f.id}/answer`, { version: 1, response: 'Đã rà soát, báo cáo kết quả trong tháng.' });
    assertStatus(a, 200);
    assertStatus(await c.patch(`/api/v1/findings/${f.id}`, { version: 2, title: 'x' }), 403, 'not_editable');
    assertStatus(await c.post(`/api/v1/findings/${f.id}/resolve`, { version: 2 }), 403, 'forbidden_action');
  });
});

describe('who reaches the finding routes', () => {
  let f;
  before(async () => {
    f = await raise(await as('tanthanh.mttq'), { kind: 'limitation', title: 'Hoạt động ứng dụng công nghệ số chưa nhiều', addressed_to_id: org('ubnd-217').id, due_on: vnDate(40) });
  });

  test('another commune\'s and another district\'s officers: 404 reading and writing', async () => {
    for (const name of ['laoho.phunu', 'yendung.phunu', 'voi.phunu']) {
      const c = await as(name);
      assertStatus(await c.get(`/api/v1/findings/${f.id}`), 404);
      assertStatus(await c.patch(`/api/v1/findings/${f.id}`, { version: 1, title: 'x' }), 404);
      for (const a of ['answer', 'resolve', 'decline', 'reopen']) {
        assertStatus(await c.post(`/api/v1/findings/${f.id}/${a}`, { version: 1, response: 'x', reason: 'x' }), 404);
      }
    }
  });

  test('a viewer of the commune reads it but every write is 403', async () => {
    const v = await as('tanthanh.xem');
    assertStatus(await v.get(`/api/v1/findings/${f.id}`), 200);
    assertStatus(await v.post('/api/v1/findings', { kind: 'problem', title: 'x' }), 403);
    assertStatus(await v.patch(`/api/v1/findings/${f.id}`, { version: 1, title: 'x' }), 403);
    for (const a of ['answer', 'resolve', 'decline', 'reopen']) {
      assertStatus(await v.post(`/api/v1/findings/${f.id}/${a}`, { version: 1, response: 'x', reason: 'x' }), 403);
    }
  });

  test('another organisation of the same commune reads it but may not change it (403)', async () => {
    const c = await as('tanthanh.phunu');
    assertStatus(await c.get(`/api/v1/findings/${f.id}`), 200);
    assertStatus(await c.patch(`/api/v1/findings/${f.id}`, { version: 1, title: 'x' }), 403, 'not_editable');
    assertStatus(await c.post(`/api/v1/findings/${f.id}/resolve`, { version: 1 }), 403, 'forbidden_action');
  });

  test('an unknown id is 404, and the district above reads it', async () => {
    assertStatus(await admin.get('/api/v1/findings/999999'), 404);
    assertStatus(await admin.get('/api/v1/findings/abc'), 404);
    const d = await as('langgiang.mttq');
    assertStatus(await d.get(`/api/v1/findings/${f.id}`), 200);
  });
});
