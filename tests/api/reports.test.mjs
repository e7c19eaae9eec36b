// reports.test.mjs — the rules around periodic reports: who may create one and for
// which periods, what values are accepted, who sees and changes what (another
// district or commune gets 404), the list and its filters, completeness, and the
// evidence files (stored by SHA-256, returned byte for byte, only allowed types).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

const MiB = 1024 * 1024;
let srv;
let admin;
const users = {};
let orgs;           // code -> organisation
let plan;           // a women's union plan of this test's own, 2023–2025
let ind;            // its indicators by role
let report;         // Tân Thanh's 202403 report (draft, stays editable)

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
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
}
async function addIndicator(c, planId, body) {
  const r = await c.post(`/api/v1/plans/${planId}/indicators`, body);
  assert.equal(r.status, 201, `create indicator ${body.code}: ${r.text}`);
  return r.body;
}
function newReport(username, orgCode, unit, period, planId = plan.id) {
  return as(username).then((c) => c.post('/api/v1/reports', {
    plan_id: planId, organization_id: orgs.get(orgCode).id, unit, period,
  }));
}
async function reportCount() {
  const r = await admin.get('/api/v1/audit?entity=reports&limit=1000');
  return r.body.items.filter((x) => x.action === 'create').length;
}
function upload(c, id, name, bytes) {
  return c.req('POST', `/api/v1/reports/${id}/files?name=${encodeURIComponent(name)}`, undefined, {
    raw: bytes, headers: { 'content-type': 'application/octet-stream' },
  });
}
function pdf(size, seed = 'a') {
  const b = Buffer.alloc(size, seed);
  b.write('%PDF-1.7\n');
  return b;
}

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const o = await admin.get('/api/v1/organizations?limit=1000');
  orgs = new Map(o.body.items.map((x) => [x.code, x]));
  // a plan of the province women's union made here, so that whatever reports the
  // demo holds, the counts below are this test's own
  const owner = await as('tinh.phunu');
  const p = await owner.post('/api/v1/plans', {
    code: 'KH-BC-KIEM-THU', kind: 'ke_hoach', title: 'Kế hoạch kiểm thử báo cáo định kỳ',
    owner_id: orgs.get('women-24').id, start_year: 2023, end_year: 2025,
  });
  assertStatus(p, 201);
  plan = p.body;
  const base = { time_agg: 'sum', unit_agg: 'sum', direction: 'up', frequency: 'month' };
  ind = {
    count: await addIndicator(owner, plan.id, { ...base, code: 'HO_THAM_GIA', name: 'Số hộ tham gia', unit_label: 'hộ', value_type: 'integer' }),
    pct: await addIndicator(owner, plan.id, { ...base, code: 'TL_THU_GOM', name: 'Tỷ lệ rác được thu gom', unit_label: '%', value_type: 'percent', time_agg: 'last' }),
    done: await addIndicator(owner, plan.id, { ...base, code: 'CO_MO_HINH', name: 'Có mô hình điểm', unit_label: '', value_type: 'boolean', time_agg: 'max' }),
    all: await addIndicator(owner, plan.id, { ...base, code: 'TONG_HO', name: 'Tổng số hộ', unit_label: 'hộ', value_type: 'integer', time_agg: 'last' }),
    year: await addIndicator(owner, plan.id, { ...base, code: 'MO_HINH_NAM', name: 'Số mô hình trong năm', unit_label: 'mô hình', value_type: 'integer', frequency: 'year' }),
  };
  ind.ratio = await addIndicator(owner, plan.id, {
    ...base, code: 'TL_HO', name: 'Tỷ lệ hộ tham gia', unit_label: '%', value_type: 'percent',
    unit_agg: 'ratio', time_agg: 'last', numerator_id: ind.count.id, denominator_id: ind.all.id,
  });
  const r = await newReport('tanthanh.phunu', 'women-07411', '07411', '202403');
  assertStatus(r, 201);
  report = r.body;
});
after(async () => { await srv?.stop(); });

describe('creating a report', () => {
  test('the form holds the plan\'s indicators of the period\'s frequency, ratios marked computed', () => {
    const codes = report.form.map((f) => f.code);
    assert.deepEqual(codes, ['HO_THAM_GIA', 'TL_THU_GOM', 'CO_MO_HINH', 'TONG_HO', 'TL_HO']);
    assert.equal(report.form.find((f) => f.code === 'TL_HO').computed, true);
    assert.equal(report.form.find((f) => f.code === 'HO_THAM_GIA').computed, false);
    assert.equal(report.deadline, '2024-03-19T16:59:59Z');
  });

  test('a year report holds the year indicators only', async () => {
    const r = await newReport('tanthanh.phunu', 'women-07411', '07411', '2023');
    assertStatus(r, 201);
    assert.deepEqual(r.body.form.map((f) => f.code), ['MO_HINH_NAM']);
    assert.equal(r.body.deadline, '2023-12-29T16:59:59Z', 'data cut off on 14/12, due 15 days later');
  });

  test('the same report twice is a conflict (409)', async () => {
    assertError(await newReport('tanthanh.phunu', 'women-07411', '07411', '202403'), 409, 'report_exists');
  });

  test('periods outside the plan or without indicators of their kind are refused (422)', async () => {
    assertError(await newReport('tanthanh.phunu', 'women-07411', '07411', '202012'), 422, 'period_not_in_plan', 'period');
    assertError(await newReport('tanthanh.phunu', 'women-07411', '07411', '202601'), 422, 'period_not_in_plan', 'period');
    assertError(await newReport('tanthanh.phunu', 'women-07411', '07411', '2024Q1'), 422, 'period_not_reported', 'period');
    assertError(await newReport('tanthanh.phunu', 'women-07411', '07411', '2024N9'), 422, 'period_not_reported', 'period');
    assertError(await newReport('tanthanh.phunu', 'women-07411', '07411', '2024-03'), 422, 'bad_period', 'period');
  });

  test('the unit must be the organisation\'s, and the organisation of the plan\'s system', async () => {
    assertError(await newReport('tanthanh.phunu', 'women-07411', '217', '202404'), 422, 'unit_mismatch', 'unit');
    const other = await newReport('tanthanh.phunu', 'women-07411', '07411', '202404',
      (await admin.get('/api/v1/plans?limit=100')).body.items.find((x) => x.code === 'DA-OCOP').id);
    assertError(other, 422, 'organization_not_in_plan', 'organization_id');
  });

  test('only a leader or officer of the organisation itself creates it', async () => {
    const before = await reportCount();
    // the district women's union, for a commune's organisation
    assertError(await newReport('langgiang.phunu', 'women-07411', '07411', '202405'), 403, 'forbidden_action');
    // the commune's MTTQ leader, for the women's union next door
    assertError(await newReport('tanthanh.mttq', 'women-07411', '07411', '202405'), 403, 'forbidden_action');
    // viewers and administrators do not enter data
    assertStatus(await newReport('tanthanh.xem', 'women-07411', '07411', '202405'), 403);
    assertStatus(await admin.post('/api/v1/reports', {
      plan_id: plan.id, organization_id: orgs.get('women-07411').id, unit: '07411', period: '202405',
    }), 403);
    assert.equal(await reportCount(), before, 'nothing was created');
  });

  test('another district\'s officer cannot even name the organisation (422), nor another commune', async () => {
    assertError(await newReport('yendung.phunu', 'women-07411', '07411', '202405'), 422, 'unknown_organization', 'organization_id');
    assertError(await newReport('voi.phunu', 'women-07411', '07411', '202405'), 422, 'unknown_organization', 'organization_id');
  });
});

describe('values', () => {
  const put = async (values, extra = {}) => {
    const c = await as('tanthanh.phunu');
    const cur = await c.get(`/api/v1/reports/${report.id}`);
    return c.put(`/api/v1/reports/${report.id}`, { version: cur.body.version, values, ...extra });
  };

  test('integers reject fractions, percent stays within 0–100, booleans are 0 or 1 (422 naming the value)', async () => {
    assertError(await put([{ indicator_id: ind.count.id, value: 12.5 }]), 422, 'not_integer', 'values[0].value');
    assertError(await put([{ indicator_id: ind.count.id, value: 3 }, { indicator_id: ind.pct.id, value: 100.5 }]),
      422, 'above_max', 'values[1].value');
    assertError(await put([{ indicator_id: ind.pct.id, value: -1 }]), 422, 'below_min', 'values[0].value');
    assertError(await put([{ indicator_id: ind.done.id, value: 2 }]), 422, 'not_boolean', 'values[0].value');
    assertError(await put([{ indicator_id: ind.count.id, value: '12' }]), 422, 'not_number', 'values[0].value');
    assertError(await put([{ indicator_id: ind.count.id }]), 422, 'required', 'values[0].value');
  });

  test('ratio indicators are computed, never entered (422 computed_indicator)', async () => {
    assertError(await put([{ indicator_id: ind.ratio.id, value: 50 }]), 422, 'computed_indicator', 'values[0].indicator_id');
  });

  test('indicators outside the form, or given twice, are refused', async () => {
    assertError(await put([{ indicator_id: ind.year.id, value: 1 }]), 422, 'unknown_indicator', 'values[0].indicator_id');
    assertError(await put([{ indicator_id: ind.count.id, value: 1 }, { indicator_id: ind.count.id, value: 2 }]),
      422, 'duplicate_indicator', 'values[1].indicator_id');
    assertError(await put([], { version: undefined }), 422, 'required', 'version');
  });

  test('a refused save changes nothing; a good one stores numbers as given and null as "not entered"', async () => {
    const c = await as('tanthanh.phunu');
    const r = await put([
      { indicator_id: ind.count.id, value: 40 }, { indicator_id: ind.pct.id, value: 87.5 },
      { indicator_id: ind.done.id, value: 1 }, { indicator_id: ind.all.id, value: null, comment: 'chưa tổng hợp' },
    ], { narrative: { recommendations: 'Đề nghị hỗ trợ thùng rác' } });
    assertStatus(r, 200);
    const v = new Map(r.body.values.map((x) => [x.indicator_id, x]));
    assert.equal(v.get(ind.count.id).value, 40);
    assert.equal(v.get(ind.pct.id).value, 87.5);
    assert.equal(v.get(ind.done.id).value, 1);
    assert.equal(v.get(ind.all.id).value, null);
    assert.equal(v.get(ind.all.id).comment, 'chưa tổng hợp');
    assert.equal(r.body.narrative.recommendations, 'Đề nghị hỗ trợ thùng rác');
    assertStatus(await put([{ indicator_id: ind.count.id, value: 41.5 }]), 422);
    const after = await c.get(`/api/v1/reports/${report.id}`);
    assert.equal(after.body.version, r.body.version, 'a refused save does not bump the version');
    assert.equal(after.body.values.find((x) => x.indicator_id === ind.count.id).value, 40);
  });

  test('narrative sections are capped', async () => {
    assertError(await put([], { narrative: { results: 'x'.repeat(20001) } }), 422, 'too_long', 'narrative.results');
  });
});

describe('who sees and changes a report', () => {
  test('another district (yendung.phunu) and another commune (voi.phunu) get 404 reading it', async () => {
    for (const u of ['yendung.phunu', 'voi.phunu', 'laoho.phunu']) {
      const c = await as(u);
      assertStatus(await c.get(`/api/v1/reports/${report.id}`), 404, u);
      const list = await c.get(`/api/v1/reports?plan=${plan.id}&limit=1000`);
      assertStatus(list, 200);
      assert.ok(!list.body.items.some((x) => x.id === report.id), `${u} does not list it`);
    }
  });

  test('another district gets 404 changing it, on every route', async () => {
    const c = await as('yendung.phunu');
    const v = report.version;
    const id = report.id;
    assertStatus(await c.put(`/api/v1/reports/${id}`, { version: v, values: [] }), 404);
    for (const a of ['submit', 'approve', 'return', 'reopen'])
      assertStatus(await c.post(`/api/v1/reports/${id}/${a}`, { version: v, reason: 'x' }), 404, a);
    assertStatus(await upload(c, id, 'a.pdf', pdf(100)), 404);
    const leader = await as('langgiang.mttq');
    assertStatus(await leader.get(`/api/v1/reports/${id}`), 200, 'the district above reads it');
  });

  test('above, the district and the province read it; a viewer of the commune too', async () => {
    for (const u of ['langgiang.phunu', 'langgiang.phunu.lanhdao', 'tinh.phunu', 'tinh.kiemtra', 'tanthanh.xem']) {
      const r = await (await as(u)).get(`/api/v1/reports/${report.id}`);
      assertStatus(r, 200, u);
      assert.equal(r.body.can.edit, false, `${u} may not edit`);
    }
  });

  test('the commune\'s viewer cannot save or submit (403)', async () => {
    const c = await as('tanthanh.xem');
    assertStatus(await c.put(`/api/v1/reports/${report.id}`, { version: 1, values: [] }), 403);
    assertStatus(await c.post(`/api/v1/reports/${report.id}/submit`, { version: 1 }), 403);
  });
});

describe('the list', () => {
  let voiId;
  before(async () => {
    const r = await newReport('voi.phunu', 'women-07375', '07375', '202403');
    assertStatus(r, 201);
    voiId = r.body.id;
    const c = await as('voi.phunu');
    assertStatus(await c.post(`/api/v1/reports/${voiId}/submit`, { version: r.body.version }), 200);
  });

  test('each reads its own subtree and what is above; the district sees its communes', async () => {
    const ids = async (u, q = '') => (await (await as(u)).get(`/api/v1/reports?plan=${plan.id}&limit=1000${q}`)).body.items.map((x) => x.id);
    assert.ok((await ids('langgiang.phunu')).includes(voiId));
    assert.ok((await ids('langgiang.phunu')).includes(report.id));
    assert.ok(!(await ids('tanthanh.phunu')).includes(voiId));
    assert.deepEqual(await ids('yendung.phunu'), []);
    assert.deepEqual(await ids('langgiang.phunu', '&unit=07375'), [voiId]);
  });

  test('filters by status, period and organisation; overdue lists the unsent past their deadline', async () => {
    const c = await as('langgiang.phunu');
    const sub = await c.get(`/api/v1/reports?plan=${plan.id}&status=submitted`);
    assert.deepEqual(sub.body.items.map((x) => x.id), [voiId]);
    assert.equal(sub.body.items[0].period_label, 'Tháng 3/2024');
    assert.equal(sub.body.items[0].on_time, false);
    const per = await c.get(`/api/v1/reports?period=2023&plan=${plan.id}`);
    assert.deepEqual(per.body.items.map((x) => x.period), ['2023']);
    const org = await c.get(`/api/v1/reports?plan=${plan.id}&organization=${orgs.get('women-07375').id}`);
    assert.deepEqual(org.body.items.map((x) => x.id), [voiId]);
    const late = await c.get(`/api/v1/reports?overdue=1&plan=${plan.id}&limit=1000`);
    assert.ok(late.body.items.length >= 2);
    for (const x of late.body.items) {
      assert.equal(x.submitted_at, null);
      assert.equal(x.overdue, true);
      assert.ok(x.days_late > 0);
    }
    assert.ok(!late.body.items.some((x) => x.id === voiId));
  });

  test('bad filters are refused (400), unknown units (422)', async () => {
    const c = await as('langgiang.phunu');
    assertError(await c.get('/api/v1/reports?status=lost'), 400, 'bad_status');
    assertError(await c.get('/api/v1/reports?sort=id;drop'), 400, 'bad_sort');
    assertError(await c.get('/api/v1/reports?period=2024M1'), 400, 'bad_period');
    assertError(await c.get('/api/v1/reports?inbox=2'), 400, 'bad_number');
    assertError(await c.get('/api/v1/reports?unit=99999'), 422, 'unknown_unit');
  });
});

describe('completeness', () => {
  test('counts the expected organisations of the plan\'s system under the unit', async () => {
    const c = await as('langgiang.phunu.lanhdao');
    const r = await c.get(`/api/v1/completeness?plan=${plan.id}&period=202403&unit=217`);
    assertStatus(r, 200);
    // Hội LHPN huyện Lạng Giang and its five communes' unions
    assert.equal(r.body.expected, 6);
    assert.equal(r.body.submitted, 1);
    assert.equal(r.body.approved, 0);
    assert.equal(r.body.late, 1);
    assert.equal(r.body.on_time, 0);
    assert.equal(r.body.missing_total, 5);
    const missing = r.body.missing.map((m) => m.unit.code);
    assert.ok(!missing.includes('07375'), 'Vôi has submitted');
    assert.ok(missing.includes('07411') && missing.includes('217'));
    assert.equal(r.body.missing.find((m) => m.unit.code === '07411').status, 'draft');
    assert.equal(r.body.missing.find((m) => m.unit.code === '217').report_id, null);
    assert.deepEqual(r.body.unit, { code: '217', name: 'Lạng Giang' });
  });

  test('approval moves a report from submitted to approved', async () => {
    const leader = await as('langgiang.phunu.lanhdao');
    const list = await leader.get(`/api/v1/reports?inbox=1&plan=${plan.id}`);
    assert.equal(list.body.total, 1);
    const voi = list.body.items[0];
    assertStatus(await leader.post(`/api/v1/reports/${voi.id}/approve`, { version: voi.version }), 200);
    const r = await leader.get(`/api/v1/completeness?plan=${plan.id}&period=202403&unit=217`);
    assert.equal(r.body.submitted, 1);
    assert.equal(r.body.approved, 1);
    const prov = await (await as('tinh.phunu')).get(`/api/v1/completeness?plan=${plan.id}&period=202403`);
    assertStatus(prov, 200);
    assert.equal(prov.body.unit.code, '24', 'the caller\'s own unit by default');
    assert.ok(prov.body.expected > 6);
    assert.equal(prov.body.approved, 1);
  });

  test('a commune cannot look at its district\'s completeness, nor another district at this one (404)', async () => {
    assertStatus(await (await as('tanthanh.phunu')).get(`/api/v1/completeness?plan=${plan.id}&period=202403&unit=217`), 404);
    assertStatus(await (await as('yendung.phunu')).get(`/api/v1/completeness?plan=${plan.id}&period=202403&unit=217`), 404);
    const own = await (await as('tanthanh.phunu')).get(`/api/v1/completeness?plan=${plan.id}&period=202403`);
    assertStatus(own, 200);
    assert.equal(own.body.expected, 1);
  });

  test('periods are checked like reports (400 malformed, 422 not in the plan)', async () => {
    const c = await as('langgiang.phunu');
    assertError(await c.get(`/api/v1/completeness?plan=${plan.id}&period=03-2024`), 400, 'bad_period');
    assertError(await c.get(`/api/v1/completeness?plan=${plan.id}&period=2024Q1`), 422, 'period_not_reported');
    assertError(await c.get(`/api/v1/completeness?period=202403`), 400, 'required');
    assertStatus(await c.get('/api/v1/completeness?plan=999999&period=202403'), 404);
  });
});

describe('evidence files', () => {
  test('an upload returns its SHA-256 and the download gives back the same bytes', async () => {
    const c = await as('tanthanh.phunu');
    const bytes = pdf(3000, 'z');
    const r = await upload(c, report.id, 'Biên bản họp thôn.pdf', bytes);
    assertStatus(r, 201);
    assert.equal(r.body.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(r.body.size, bytes.length);
    assert.equal(r.body.name, 'Biên bản họp thôn.pdf');
    assert.equal(r.body.content_type, 'application/pdf');
    const leader = await as('langgiang.phunu.lanhdao');
    const d = await fetch(`${srv.url}/api/v1/reports/${report.id}/files/${r.body.id}`, { headers: { cookie: leader.cookie } });
    assert.equal(d.status, 200);
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.match(d.headers.get('content-disposition'), /^attachment;/);
    assert.ok(Buffer.from(await d.arrayBuffer()).equals(bytes), 'byte-exact');
    const full = await c.get(`/api/v1/reports/${report.id}`);
    assert.ok(full.body.files.some((f) => f.id === r.body.id && f.sha256 === r.body.sha256));
    assert.ok(full.body.events.some((e) => e.action === 'attach' && e.reason === 'Biên bản họp thôn.pdf'));
    // stored once, by its content, under files/aa/<sha256>
    const sha = r.body.sha256;
    assert.deepEqual(readdirSync(join(srv.dataDir, 'files', sha.slice(0, 2))).filter((n) => !n.startsWith('.')).includes(sha), true);
  });

  test('a file larger than the server\'s default 1 MiB body goes through: uploads have their own 10 MiB cap', async () => {
    const c = await as('tanthanh.phunu');
    const bytes = pdf(Math.floor(1.5 * MiB), 'q');
    const r = await upload(c, report.id, 'anh-chup.pdf', bytes);
    assertStatus(r, 201);
    const d = await fetch(`${srv.url}/api/v1/reports/${report.id}/files/${r.body.id}`, { headers: { cookie: c.cookie } });
    assert.ok(Buffer.from(await d.arrayBuffer()).equals(bytes));
  });

  test('images and office files are recognised by name and first bytes', async () => {
    const c = await as('tanthanh.phunu');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(50)]);
    const r1 = await upload(c, report.id, 'ANH.PNG', png);
    assertStatus(r1, 201);
    assert.equal(r1.body.content_type, 'image/png');
    const xlsx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(50)]);
    const r2 = await upload(c, report.id, 'so-lieu.xlsx', xlsx);
    assertStatus(r2, 201);
    assert.match(r2.body.content_type, /spreadsheetml/);
  });

  test('a .exe is refused (422), and so is a pdf that is not one', async () => {
    const c = await as('tanthanh.phunu');
    assertError(await upload(c, report.id, 'setup.exe', Buffer.from('MZ\x90\x00 program')), 422, 'file_type_not_allowed');
    assertError(await upload(c, report.id, 'hoa-don.pdf', Buffer.from('MZ\x90\x00 program')), 422, 'file_content_mismatch');
    assertError(await upload(c, report.id, 'trong.pdf', Buffer.alloc(0)), 422, 'empty_file');
    assertError(await c.req('POST', `/api/v1/reports/${report.id}/files`, undefined, { raw: pdf(10) }), 422, 'required', 'name');
  });

  test('an 11 MiB file is refused (413) and nothing is stored', async () => {
    const c = await as('tanthanh.phunu');
    const before = (await c.get(`/api/v1/reports/${report.id}`)).body.files.length;
    const r = await upload(c, report.id, 'lon.pdf', pdf(11 * MiB));
    assertStatus(r, 413);
    const after = (await c.get(`/api/v1/reports/${report.id}`)).body.files.length;
    assert.equal(after, before);
  });

  test('a path in the name is dropped: "../../x.pdf" is stored as "x.pdf"', async () => {
    const c = await as('tanthanh.phunu');
    const r = await upload(c, report.id, '../../x.pdf', pdf(64));
    assertStatus(r, 201);
    assert.equal(r.body.name, 'x.pdf');
    const r2 = await upload(c, report.id, '..\\..\\windows\\y.pdf', pdf(65));
    assertStatus(r2, 201);
    assert.equal(r2.body.name, 'y.pdf');
    assertError(await upload(c, report.id, '../..', pdf(64)), 422, 'bad_file_name', 'name');
  });

  test('another district cannot download (404); the district above can', async () => {
    const c = await as('tanthanh.phunu');
    const f = (await c.get(`/api/v1/reports/${report.id}`)).body.files[0];
    assertStatus(await (await as('yendung.phunu')).get(`/api/v1/reports/${report.id}/files/${f.id}`), 404);
    assertStatus(await (await as('voi.phunu')).get(`/api/v1/reports/${report.id}/files/${f.id}`), 404);
    assertStatus(await (await as('yendung.phunu')).del(`/api/v1/reports/${report.id}/files/${f.id}`), 404);
    assertStatus(await (await as('langgiang.phunu')).get(`/api/v1/reports/${report.id}/files/${f.id}`), 200);
    assertStatus(await c.get(`/api/v1/reports/${report.id}/files/999999`), 404);
  });

  test('the officer removes a wrong file; others may not (403)', async () => {
    const c = await as('tanthanh.phunu');
    const up = await upload(c, report.id, 'nham.pdf', pdf(70));
    assertStatus(up, 201);
    assertStatus(await (await as('langgiang.phunu')).del(`/api/v1/reports/${report.id}/files/${up.body.id}`), 403);
    assertStatus(await c.del(`/api/v1/reports/${report.id}/files/${up.body.id}`), 204);
    const files = (await c.get(`/api/v1/reports/${report.id}`)).body.files;
    assert.ok(!files.some((f) => f.id === up.body.id));
  });

  test('an approved report takes no more files (409 report_locked)', async () => {
    const c = await as('voi.phunu');
    const list = await c.get(`/api/v1/reports?plan=${plan.id}&status=approved`);
    const voi = list.body.items[0];
    assert.ok(voi, 'Vôi\'s report was approved above');
    assertError(await upload(c, voi.id, 'muon.pdf', pdf(50)), 409, 'report_locked');
  });
});

describe('the form\'s earlier values', () => {
  // Tân Thanh's reports of January, February and April: each saved, submitted and
  // approved by the district; the March draft (made above) shows, per indicator,
  // the value of the latest approved month before March that has one.
  async function approved(period, values) {
    const officer = await as('tanthanh.phunu');
    const r = await newReport('tanthanh.phunu', 'women-07411', '07411', period);
    assertStatus(r, 201, `create ${period}`);
    const saved = await officer.put(`/api/v1/reports/${r.body.id}`, { version: r.body.version, values });
    assertStatus(saved, 200, `save ${period}`);
    const sent = await officer.post(`/api/v1/reports/${r.body.id}/submit`, { version: saved.body.version });
    assertStatus(sent, 200, `submit ${period}`);
    const ok = await (await as('langgiang.phunu.lanhdao')).post(`/api/v1/reports/${r.body.id}/approve`, { version: sent.body.version });
    assertStatus(ok, 200, `approve ${period}`);
  }

  test('each indicator shows its latest approved value of an earlier month, nothing later, no other kind of period', async () => {
    await approved('202401', [{ indicator_id: ind.count.id, value: 10 }, { indicator_id: ind.pct.id, value: 50 }, { indicator_id: ind.all.id, value: 300 }]);
    await approved('202402', [{ indicator_id: ind.count.id, value: 20 }, { indicator_id: ind.pct.id, value: null }, { indicator_id: ind.all.id, value: 310 }]);
    await approved('202404', [{ indicator_id: ind.count.id, value: 99 }, { indicator_id: ind.done.id, value: 1 }]);
    const form = (await (await as('tanthanh.phunu')).get(`/api/v1/reports/${report.id}`)).body.form;
    const prev = Object.fromEntries(form.map((f) => [f.code, f.previous]));
    assert.deepEqual(prev.HO_THAM_GIA, { period: '202402', value: 20 });
    assert.deepEqual(prev.TL_THU_GOM, { period: '202401', value: 50 }, 'February left it empty: January\'s');
    assert.deepEqual(prev.TONG_HO, { period: '202402', value: 310 });
    assert.equal(prev.CO_MO_HINH, null, 'only April (after March) has one');
    assert.equal(prev.TL_HO, null, 'a computed ratio is never entered');
    const april = (await (await as('tanthanh.phunu')).get(`/api/v1/reports?plan=${plan.id}&period=202404`)).body.items[0];
    const aprilForm = (await (await as('tanthanh.phunu')).get(`/api/v1/reports/${april.id}`)).body.form;
    assert.deepEqual(aprilForm.find((f) => f.code === 'HO_THAM_GIA').previous, { period: '202402', value: 20 },
      'March is still a draft: April shows February\'s');
  });
});
