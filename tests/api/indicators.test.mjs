// indicators.test.mjs — the indicators of a plan and their targets: the owner
// defines indicators (ratios built on two others), sets targets per unit and year
// with a reason and a document that the history keeps, sees where a unit's target
// is not fully shared out among its children; invalid content is named by field,
// stale versions are refused, and nobody changes or reads what is not theirs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';

let srv;
let admin;
let owner;      // tinh.phunu: officer of Hội LHPN tỉnh, owner of DA-RACTHAI (2021–2025)
let ownerUser;
let plans;      // code -> plan

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  owner = new Client(srv.url);
  ownerUser = (await owner.login('tinh.phunu')).user;
  const r = await admin.get('/api/v1/plans?limit=1000');
  assert.equal(r.status, 200, r.text);
  plans = new Map(r.body.items.map((p) => [p.code, p]));
});
after(async () => { await srv?.stop(); });

async function as(username, password = DEMO_PASSWORD) {
  const c = new Client(srv.url);
  await c.login(username, password);
  return c;
}
function plan(code) {
  const p = plans.get(code);
  assert.ok(p, `demo plan ${code} exists`);
  return p;
}
function assertError(r, status, field, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
  assert.ok(r.body.error.message.length > 0, 'a message for people');
  if (field !== undefined) assert.equal(r.body.error.field, field, `the error names the field: ${r.text}`);
  if (code) assert.equal(r.body.error.code, code, r.text);
}
async function createIndicator(client, planId, body) {
  const r = await client.post(`/api/v1/plans/${planId}/indicators`, body);
  assert.equal(r.status, 201, `created: ${r.status} ${r.text}`);
  return r.body;
}
async function listIndicators(client, planId) {
  const r = await client.get(`/api/v1/plans/${planId}/indicators?limit=1000`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
async function targetsOf(client, id, query = '') {
  const r = await client.get(`/api/v1/indicators/${id}/targets?limit=1000${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
async function historyOf(client, id, query = '') {
  const r = await client.get(`/api/v1/indicators/${id}/targets/history?limit=1000${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
const key = (t) => `${t.unit.code}/${t.year}`;
const byKey = (items) => new Map(items.map((t) => [key(t), t.value]));

// Indicators of DA-RACTHAI shared by the tests below.
let households;  // integer, quarterly, summed: households sorting their waste
let total;       // integer, stock: households in the area
let share;       // percent ratio households / total

describe('indicators of a plan', () => {
  test('the owner creates indicators, listed in plan order with every field', async () => {
    const p = plan('DA-RACTHAI');
    const objective = p.objectives[0];
    assert.ok(objective, 'the demo plan has objectives');
    households = await createIndicator(owner, p.id, {
      code: 'HO-PLR', name: 'Số hộ thực hiện phân loại rác tại nguồn', unit_label: 'hộ',
      value_type: 'integer', frequency: 'quarter', objective_id: objective.id, min: 0,
    });
    assert.equal(households.plan_id, p.id);
    assert.equal(households.objective_id, objective.id);
    assert.equal(households.name, 'Số hộ thực hiện phân loại rác tại nguồn');
    assert.equal(households.unit_label, 'hộ');
    assert.equal(households.value_type, 'integer');
    assert.equal(households.frequency, 'quarter');
    assert.equal(households.time_agg, 'sum', 'flows add up over time by default');
    assert.equal(households.unit_agg, 'sum');
    assert.equal(households.direction, 'up');
    assert.equal(households.decimals, 0);
    assert.equal(households.min, 0);
    assert.equal(households.max, null);
    assert.equal(households.numerator_id, null);
    assert.equal(households.version, 1);
    total = await createIndicator(owner, p.id, {
      code: 'HO-TONG', name: 'Tổng số hộ trên địa bàn', unit_label: 'hộ', value_type: 'integer',
      time_agg: 'last', frequency: 'quarter',
    });
    share = await createIndicator(owner, p.id, {
      code: 'TL-PLR', name: 'Tỷ lệ hộ phân loại rác tại nguồn', unit_label: '%', value_type: 'percent',
      unit_agg: 'ratio', numerator_id: households.id, denominator_id: total.id, frequency: 'quarter',
    });
    assert.equal(share.unit_agg, 'ratio');
    assert.equal(share.numerator_id, households.id);
    assert.equal(share.denominator_id, total.id);
    assert.equal(share.decimals, 2, 'a percentage keeps two decimals by default');
    // a new indicator goes last unless a position is given
    assert.ok(households.position < total.position && total.position < share.position);
    const first = await createIndicator(owner, p.id, {
      code: 'CLB', name: 'Số câu lạc bộ phụ nữ bảo vệ môi trường', value_type: 'integer', frequency: 'year', position: 0,
    });
    // the plan may already hold indicators (the demo's): ours keep their order among them
    const list = await listIndicators(owner, p.id);
    const mine = new Set(['CLB', 'HO-PLR', 'HO-TONG', 'TL-PLR']);
    assert.deepEqual(list.map((i) => i.code).filter((c) => mine.has(c)), ['CLB', 'HO-PLR', 'HO-TONG', 'TL-PLR']);
    assert.equal(list[0].code, 'CLB', 'position 0 comes first');
    assert.equal(list.at(-1).code, 'TL-PLR', 'the latest comes last');
    const positions = list.map((i) => i.position);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'ordered by position');
    const one = await owner.get(`/api/v1/indicators/${households.id}`);
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body, list.find((i) => i.id === households.id));
    const yearly = await owner.get(`/api/v1/plans/${p.id}/indicators?frequency=year&limit=1000`);
    assert.equal(yearly.status, 200, yearly.text);
    assert.ok(yearly.body.items.some((i) => i.id === first.id));
    assert.ok(yearly.body.items.every((i) => i.frequency === 'year'));
    assert.equal(yearly.body.total, list.filter((i) => i.frequency === 'year').length);
    assertError(await owner.get(`/api/v1/plans/${p.id}/indicators?frequency=week`), 400, 'frequency');
  });

  test('invalid content is refused with the field named, and nothing is created', async () => {
    const p = plan('DA-RACTHAI');
    const otherPlan = plan('DA-OCOP');
    const nongdan = await as('tinh.nongdan');
    const foreign = await createIndicator(nongdan, otherPlan.id, { code: 'SP-OCOP', name: 'Số sản phẩm OCOP', value_type: 'integer' });
    const base = { name: 'Chỉ tiêu thử', value_type: 'integer' };
    const cases = [
      [{ ...base, code: 'ho-thuong' }, 'code'],
      [{ ...base, code: 'MÃ-CÓ-DẤU' }, 'code'],
      [{ ...base, code: 'A'.repeat(33) }, 'code'],
      [{ ...base, code: 'MA CACH' }, 'code'],
      [{ code: 'KHONG-TEN', value_type: 'integer' }, 'name'],
      [{ ...base, code: 'TEN-TRONG', name: '   ' }, 'name'],
      [{ ...base, code: 'KIEU-SAI', value_type: 'money' }, 'value_type'],
      [{ ...base, code: 'TAN-SUAT', frequency: 'week' }, 'frequency'],
      [{ ...base, code: 'TAN-SUAT-9', frequency: 'nine' }, 'frequency'],
      [{ ...base, code: 'CONG-DON', time_agg: 'median' }, 'time_agg'],
      [{ ...base, code: 'HUONG', direction: 'sideways' }, 'direction'],
      [{ ...base, code: 'THAP-PHAN', value_type: 'decimal', decimals: 7 }, 'decimals'],
      [{ ...base, code: 'THAP-PHAN-NGUYEN', decimals: 2 }, 'decimals'],
      [{ ...base, code: 'GIOI-HAN', min: 10, max: 5 }, 'max'],
      [{ ...base, code: 'GIOI-HAN-CHU', min: 'mười' }, 'min'],
      [{ ...base, code: 'MUC-TIEU', objective_id: otherPlan.objectives[0].id }, 'objective_id'],
      [{ ...base, code: 'TL-THIEU', unit_agg: 'ratio', numerator_id: households.id }, 'denominator_id'],
      [{ ...base, code: 'TL-THIEU-TU', unit_agg: 'ratio', denominator_id: total.id }, 'numerator_id'],
      [{ ...base, code: 'TL-LONG', unit_agg: 'ratio', numerator_id: share.id, denominator_id: total.id }, 'numerator_id', 'ratio_part_not_sum'],
      [{ ...base, code: 'TL-KHAC-KH', unit_agg: 'ratio', numerator_id: foreign.id, denominator_id: total.id }, 'numerator_id', 'unknown_indicator'],
      [{ ...base, code: 'TL-TRUNG', unit_agg: 'ratio', numerator_id: total.id, denominator_id: total.id }, 'denominator_id'],
      [{ ...base, code: 'TL-KHONG-CO', unit_agg: 'ratio', numerator_id: households.id, denominator_id: 987654 }, 'denominator_id', 'unknown_indicator'],
      [{ ...base, code: 'KHONG-TL', numerator_id: households.id }, 'numerator_id', 'not_ratio'],
    ];
    for (const [body, field, code] of cases) {
      assertError(await owner.post(`/api/v1/plans/${p.id}/indicators`, body), 422, field, code);
    }
    const codes = (await listIndicators(owner, p.id)).map((i) => i.code);
    for (const [body] of cases) assert.ok(!codes.includes(body.code), `${body.code} was not created`);
  });

  test('a code is unique within its plan (409) but may repeat in another plan', async () => {
    const r = await owner.post(`/api/v1/plans/${plan('DA-RACTHAI').id}/indicators`, { code: 'HO-PLR', name: 'Trùng mã' });
    assertError(r, 409, 'code', 'indicator_code_taken');
    const nongdan = await as('tinh.nongdan');
    const again = await createIndicator(nongdan, plan('DA-OCOP').id, { code: 'HO-PLR', name: 'Cùng mã ở kế hoạch khác' });
    assert.equal(again.code, 'HO-PLR');
    const renamed = await owner.patch(`/api/v1/indicators/${total.id}`, { version: total.version, code: 'HO-PLR' });
    assertError(renamed, 409, 'code', 'indicator_code_taken');
  });

  test('a change with a stale version is refused (409) and changes nothing', async () => {
    const ind = await createIndicator(owner, plan('DA-RACTHAI').id, { code: 'MO-HINH', name: 'Số mô hình', value_type: 'integer' });
    const first = await owner.patch(`/api/v1/indicators/${ind.id}`, { version: ind.version, name: 'Số mô hình điểm', direction: 'up' });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.body.name, 'Số mô hình điểm');
    assert.equal(first.body.version, ind.version + 1);
    const stale = await owner.patch(`/api/v1/indicators/${ind.id}`, { version: ind.version, name: 'Bản cũ ghi đè' });
    assertError(stale, 409, 'version', 'stale_version');
    assertError(await owner.patch(`/api/v1/indicators/${ind.id}`, { name: 'Không có phiên bản' }), 422, 'version');
    const now = await owner.get(`/api/v1/indicators/${ind.id}`);
    assert.equal(now.body.name, 'Số mô hình điểm');
    assert.equal(now.body.version, ind.version + 1);
  });

  test('a ratio turned into a sum indicator drops its parts; a ratio part cannot become a ratio', async () => {
    const p = plan('DA-RACTHAI');
    const r = await createIndicator(owner, p.id, {
      code: 'TL-TAM', name: 'Tỷ lệ tạm', value_type: 'percent', unit_agg: 'ratio', numerator_id: households.id, denominator_id: total.id,
    });
    const changed = await owner.patch(`/api/v1/indicators/${r.id}`, { version: r.version, unit_agg: 'sum' });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.numerator_id, null);
    assert.equal(changed.body.denominator_id, null);
    const cur = (await owner.get(`/api/v1/indicators/${total.id}`)).body;
    const bad = await owner.patch(`/api/v1/indicators/${total.id}`, {
      version: cur.version, unit_agg: 'ratio', numerator_id: households.id, denominator_id: r.id,
    });
    assertError(bad, 422, 'unit_agg', 'used_in_ratio');
    assert.equal((await owner.get(`/api/v1/indicators/${total.id}`)).body.unit_agg, 'sum');
  });

  test('every create and change is in the audit log with before and after', async () => {
    const ind = await createIndicator(owner, plan('DA-RACTHAI').id, { code: 'AUDIT', name: 'Chỉ tiêu kiểm toán' });
    await owner.patch(`/api/v1/indicators/${ind.id}`, { version: ind.version, name: 'Chỉ tiêu đã sửa' });
    const r = await admin.get(`/api/v1/audit?entity=indicators&id=${ind.id}`);
    assert.equal(r.status, 200, r.text);
    const actions = r.body.items.map((a) => a.action).sort();
    assert.deepEqual(actions, ['create', 'update']);
    const upd = r.body.items.find((a) => a.action === 'update');
    assert.equal(upd.before.name, 'Chỉ tiêu kiểm toán');
    assert.equal(upd.after.name, 'Chỉ tiêu đã sửa');
    assert.equal(upd.user_id, ownerUser.id);
  });
});

describe('targets', () => {
  test('a plain array sets targets per unit and year; year null is the whole plan period', async () => {
    const r = await owner.put(`/api/v1/indicators/${households.id}/targets`, [
      { unit: '24', year: 2024, value: 1000 },
      { unit: '24', year: null, value: 5000 },
    ]);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((t) => [t.unit.code, t.year, t.value]), [['24', 2024, 1000], ['24', null, 5000]]);
    assert.equal(r.body.items[0].unit.level, 'province');
    assert.equal(r.body.changed, 2);
    const list = await targetsOf(owner, households.id);
    assert.deepEqual(list.map((t) => [t.unit.code, t.year, t.value]), [['24', null, 5000], ['24', 2024, 1000]]);
    assert.equal(list[1].updated_by.full_name, ownerUser.full_name);
    assert.ok(list[1].updated_at, 'when it was set');
    const only = await targetsOf(owner, households.id, '&year=2024&unit=24');
    assert.deepEqual(only.map((t) => t.value), [1000]);
  });

  test('{targets, reason, document} keeps who changed what, why and on which document', async () => {
    const body = { targets: [{ unit: '24', year: 2024, value: 1200 }], reason: 'Điều chỉnh theo Nghị quyết Đại hội', document: 'Quyết định số 45/QĐ-HLHPN ngày 10/3/2024' };
    const r = await owner.put(`/api/v1/indicators/${households.id}/targets`, body);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items[0].value, 1200);
    const h = await historyOf(owner, households.id, '&unit=24&year=2024');
    assert.equal(h.length, 2, 'set, then changed');
    assert.equal(h[0].old_value, 1000);
    assert.equal(h[0].new_value, 1200);
    assert.equal(h[0].changed_by.id, ownerUser.id);
    assert.equal(h[0].changed_by.full_name, ownerUser.full_name);
    assert.equal(h[0].reason, body.reason);
    assert.equal(h[0].document, body.document);
    assert.ok(h[0].changed_at);
    assert.equal(h[1].old_value, null, 'first set');
    assert.equal(h[1].new_value, 1000);
    const audit = await admin.get(`/api/v1/audit?entity=indicator_targets&id=${households.id}`);
    assert.equal(audit.status, 200, audit.text);
    assert.ok(audit.body.items.some((a) => a.after?.reason === body.reason && a.after.targets[0].value === 1200 && a.before.targets[0].value === 1000));
  });

  test('setting the same value again writes no history; null removes a target, and that is recorded', async () => {
    const before = (await historyOf(owner, households.id)).length;
    const same = await owner.put(`/api/v1/indicators/${households.id}/targets`, [{ unit: '24', year: 2024, value: 1200 }]);
    assert.equal(same.status, 200, same.text);
    assert.equal(same.body.changed, 0);
    assert.equal((await historyOf(owner, households.id)).length, before);
    const del = await owner.put(`/api/v1/indicators/${households.id}/targets`, { targets: [{ unit: '24', year: null, value: null }], reason: 'Bỏ chỉ tiêu cả giai đoạn' });
    assert.equal(del.status, 200, del.text);
    assert.equal(del.body.items[0].value, null);
    assert.ok(!(await targetsOf(owner, households.id)).some((t) => t.year === null), 'the plan-period target is gone');
    const h = await historyOf(owner, households.id);
    assert.equal(h.length, before + 1);
    assert.equal(h[0].old_value, 5000);
    assert.equal(h[0].new_value, null);
  });

  test('invalid targets are named by field and nothing of the request is stored', async () => {
    const id = households.id;
    const cases = [
      [[{ unit: '217', year: 2024, value: 10 }, { unit: '24', year: 2030, value: 1 }], 'targets[1].year', 'year_not_in_plan'],
      [[{ unit: '217', year: 2024, value: 10 }, { unit: '24', year: 2020, value: 1 }], 'targets[1].year', 'year_not_in_plan'],
      [[{ unit: '217', year: 2024, value: 'nhiều' }], 'targets[0].value'],
      [[{ unit: '217', year: 2024, value: 2.5 }], 'targets[0].value', 'not_integer'],
      [[{ unit: '217', year: 2024, value: -3 }], 'targets[0].value', 'below_min'],
      [[{ unit: '217', year: 2024 }], 'targets[0].value'],
      [[{ unit: '99999', year: 2024, value: 1 }], 'targets[0].unit', 'unknown_unit'],
      [[{ year: 2024, value: 1 }], 'targets[0].unit'],
      [[{ unit: '217', year: '2024', value: 1 }], 'targets[0].year'],
      [[{ unit: '217', year: 2024, value: 10 }, { unit: '217', year: 2024, value: 11 }], 'targets[1]', 'duplicate_target'],
      [['217'], 'targets[0]'],
      [{ reason: 'thiếu danh sách' }, 'targets'],
      [{ targets: 'không phải mảng' }, 'targets'],
      [Array.from({ length: 5001 }, () => ({ unit: '217', year: 2024, value: 1 })), 'targets', 'too_many'],
    ];
    const before = byKey(await targetsOf(owner, id));
    const hbefore = (await historyOf(owner, id)).length;
    for (const [body, field, code] of cases) {
      assertError(await owner.put(`/api/v1/indicators/${id}/targets`, body), 422, field, code);
    }
    assert.deepEqual(byKey(await targetsOf(owner, id)), before, 'targets unchanged');
    assert.equal((await historyOf(owner, id)).length, hbefore, 'no history written');
    // a percentage target above 100 makes no sense
    assertError(await owner.put(`/api/v1/indicators/${share.id}/targets`, [{ unit: '24', year: 2024, value: 120 }]), 422, 'targets[0].value', 'above_max');
    const ok = await owner.put(`/api/v1/indicators/${share.id}/targets`, [{ unit: '24', year: 2024, value: 85.5 }]);
    assert.equal(ok.status, 200, ok.text);
  });

  test('every unit of the province for every year and the plan period goes in one request', async () => {
    const ind = await createIndicator(owner, plan('DA-RACTHAI').id, { code: 'NHIEU', name: 'Chỉ tiêu mọi đơn vị', value_type: 'decimal', decimals: 1 });
    const units = ['24'];
    for (const level of ['district', 'commune']) {
      const r = await admin.get(`/api/v1/org-units?level=${level}&limit=1000`);
      assert.equal(r.status, 200, r.text);
      units.push(...r.body.items.map((u) => u.code));
    }
    assert.equal(units.length, 220, 'the demo province has 220 units');
    const body = [];
    for (const year of [null, 2021, 2022, 2023, 2024, 2025]) for (const unit of units) body.push({ unit, year, value: 1.5 });
    const r = await owner.put(`/api/v1/indicators/${ind.id}/targets`, { targets: body, reason: 'Giao chỉ tiêu toàn tỉnh' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.changed, body.length);
    const list = await admin.get(`/api/v1/indicators/${ind.id}/targets?limit=1000&year=2024`);
    assert.equal(list.body.total, 220);
    assert.equal((await admin.get(`/api/v1/indicators/${ind.id}/targets?limit=1`)).body.total, body.length);
    // one bad row at the end refuses the whole request
    const again = body.map((t) => ({ ...t, value: 2 }));
    again.push({ unit: '24', year: 2099, value: 1 });
    assertError(await owner.put(`/api/v1/indicators/${ind.id}/targets`, again), 422, `targets[${body.length}].year`);
    const after = await admin.get(`/api/v1/indicators/${ind.id}/targets?limit=1000&year=2023`);
    assert.ok(after.body.items.every((t) => t.value === 1.5), 'the earlier rows were not stored');
  });

  test('the allocation shows how much of a unit\'s target its children hold, and the gap', async () => {
    const r = await owner.put(`/api/v1/indicators/${households.id}/targets`, [
      { unit: '217', year: 2024, value: 300 },
      { unit: '221', year: 2024, value: 200 },
    ]);
    assert.equal(r.status, 200, r.text);
    const a = await owner.get(`/api/v1/indicators/${households.id}/allocation?year=2024`);
    assert.equal(a.status, 200, a.text);
    assert.equal(a.body.unit.code, '24', 'the plan owner\'s unit by default');
    assert.equal(a.body.year, 2024);
    assert.equal(a.body.target, 1200);
    assert.equal(a.body.allocated, 500);
    assert.equal(a.body.gap, 700, 'the districts hold 700 less than the province target');
    assert.equal(a.body.children.length, 10, 'every district of the province');
    assert.equal(a.body.children.find((c) => c.unit.code === '217').target, 300);
    assert.equal(a.body.children.find((c) => c.unit.code === '213').target, null);
    assert.equal(a.body.missing, 8);
    await owner.put(`/api/v1/indicators/${households.id}/targets`, [{ unit: '213', year: 2024, value: 700 }]);
    const b = (await owner.get(`/api/v1/indicators/${households.id}/allocation?year=2024&unit=24`)).body;
    assert.equal(b.gap, 0);
    assert.equal(b.missing, 7);
    // a district shares out to its communes
    await owner.put(`/api/v1/indicators/${households.id}/targets`, [{ unit: '07411', year: 2024, value: 120 }]);
    const lg = (await owner.get(`/api/v1/indicators/${households.id}/allocation?year=2024&unit=217`)).body;
    assert.equal(lg.unit.code, '217');
    assert.equal(lg.allocated, 120);
    assert.equal(lg.gap, 180);
    // no target for the plan period yet: no gap to speak of
    const whole = (await owner.get(`/api/v1/indicators/${households.id}/allocation`)).body;
    assert.equal(whole.year, null);
    assert.equal(whole.target, null);
    assert.equal(whole.gap, null);
    // percentages are not shared out by adding up
    const pct = (await owner.get(`/api/v1/indicators/${share.id}/allocation?year=2024`)).body;
    assert.equal(pct.additive, false);
    assert.equal(pct.target, 85.5);
    assert.equal(pct.allocated, null);
    assert.equal(pct.gap, null);
    assertError(await owner.get(`/api/v1/indicators/${households.id}/allocation?year=2030`), 400, 'year');
    assertError(await owner.get(`/api/v1/indicators/${households.id}/allocation?unit=99999`), 400, 'unit');
  });
});

describe('who may read and change indicators and targets', () => {
  let lgPlan;       // a plan owned by Hội LHPN huyện Lạng Giang
  let lgInd;
  let lgLeader;

  before(async () => {
    lgLeader = await as('langgiang.phunu.lanhdao');
    const me = (await lgLeader.get('/api/v1/session')).body.user;
    const p = await lgLeader.post('/api/v1/plans', {
      code: 'KH-PN-LG-2024', kind: 'ke_hoach', title: 'Kế hoạch phân loại rác của Hội LHPN huyện Lạng Giang',
      owner_id: me.organization.id, start_year: 2024, end_year: 2025,
    });
    assert.equal(p.status, 201, p.text);
    lgPlan = p.body;
    lgInd = await createIndicator(lgLeader, lgPlan.id, { code: 'HO-LG', name: 'Số hộ phân loại rác', value_type: 'integer' });
  });

  test('a commune officer reads the province plan\'s indicators but cannot add or change them, nor set targets (403)', async () => {
    const c = await as('tanthanh.phunu');
    const p = plan('DA-RACTHAI');
    assert.ok((await listIndicators(c, p.id)).some((i) => i.id === households.id));
    assert.equal((await c.get(`/api/v1/indicators/${households.id}`)).status, 200);
    assertError(await c.post(`/api/v1/plans/${p.id}/indicators`, { code: 'XA', name: 'Chỉ tiêu của xã' }), 403);
    const cur = (await owner.get(`/api/v1/indicators/${households.id}`)).body;
    assertError(await c.patch(`/api/v1/indicators/${households.id}`, { version: cur.version, name: 'Sửa trái phép' }), 403);
    const before = byKey(await targetsOf(owner, households.id));
    assertError(await c.put(`/api/v1/indicators/${households.id}/targets`, [{ unit: '07411', year: 2024, value: 1 }]), 403);
    assert.deepEqual(byKey(await targetsOf(owner, households.id)), before);
    assert.ok(!(await listIndicators(owner, p.id)).some((i) => i.code === 'XA'));
    assert.equal((await owner.get(`/api/v1/indicators/${households.id}`)).body.name, cur.name);
    const viewer = await as('tanthanh.xem');
    assertError(await viewer.post(`/api/v1/plans/${p.id}/indicators`, { code: 'XEM', name: 'Người xem' }), 403);
  });

  test('a commune officer sees the targets of its commune and the units above it, not another district\'s', async () => {
    const c = await as('tanthanh.phunu');
    const all = await targetsOf(owner, households.id);
    assert.ok(all.some((t) => t.unit.code === '221'), 'Yên Dũng has a target');
    const seen = await targetsOf(c, households.id);
    assert.deepEqual(seen.map((t) => t.unit.code).sort(), all.filter((t) => ['24', '217', '07411'].includes(t.unit.code)).map((t) => t.unit.code).sort());
    const hist = await historyOf(c, households.id);
    assert.ok(hist.length > 0);
    assert.ok(hist.every((h) => ['24', '217', '07411'].includes(h.unit.code)), 'history only of visible units');
    // the province's allocation would show other districts: not for a commune
    assertError(await c.get(`/api/v1/indicators/${households.id}/allocation?unit=24&year=2024`), 404);
    const own = await c.get(`/api/v1/indicators/${households.id}/allocation?year=2024`);
    assert.equal(own.status, 200, own.text);
    assert.equal(own.body.unit.code, '07411', 'its own commune by default');
    assert.equal(own.body.target, 120);
  });

  test('an officer of another province organisation cannot change the women\'s plan (403)', async () => {
    const c = await as('tinh.nongdan');
    const cur = (await owner.get(`/api/v1/indicators/${households.id}`)).body;
    assertError(await c.patch(`/api/v1/indicators/${households.id}`, { version: cur.version, name: 'Sửa trái phép' }), 403);
    assertError(await c.put(`/api/v1/indicators/${households.id}/targets`, [{ unit: '24', year: 2024, value: 1 }]), 403);
    assertError(await c.post(`/api/v1/plans/${plan('DA-RACTHAI').id}/indicators`, { code: 'NGOAI', name: 'Không phải chủ' }), 403);
    // invalid content tells them nothing more: still 403
    assertError(await c.patch(`/api/v1/indicators/${households.id}`, { version: cur.version, code: 'mã sai' }), 403);
    assertError(await c.put(`/api/v1/indicators/${households.id}/targets`, [{ unit: '24', year: 1999, value: 'x' }]), 403);
    assertError(await c.post(`/api/v1/plans/${plan('DA-RACTHAI').id}/indicators`, { code: 'mã sai' }), 403);
    assert.equal((await owner.get(`/api/v1/indicators/${households.id}`)).body.version, cur.version);
  });

  test('a district leader sets targets for its district and communes, not for another district nor the province', async () => {
    const ok = await lgLeader.put(`/api/v1/indicators/${lgInd.id}/targets`, [
      { unit: '217', year: 2024, value: 500 },
      { unit: '07411', year: 2024, value: 80 },
    ]);
    assert.equal(ok.status, 200, ok.text);
    for (const unit of ['221', '07684', '24']) {
      const r = await lgLeader.put(`/api/v1/indicators/${lgInd.id}/targets`, [{ unit: '217', year: 2024, value: 600 }, { unit, year: 2024, value: 1 }]);
      assert.ok([403, 422].includes(r.status), `${unit}: 403 or 422, got ${r.status}: ${r.text}`);
      assert.equal(r.body.error.field, 'targets[1].unit');
    }
    assert.deepEqual(byKey(await targetsOf(lgLeader, lgInd.id)), new Map([['217/2024', 500], ['07411/2024', 80]]), 'nothing else stored');
    // nor the province plan's targets, even for its own district
    assertError(await lgLeader.put(`/api/v1/indicators/${households.id}/targets`, [{ unit: '217', year: 2024, value: 1 }]), 403);
    assertError(await lgLeader.post(`/api/v1/plans/${plan('DA-RACTHAI').id}/indicators`, { code: 'HUYEN', name: 'Chỉ tiêu huyện' }), 403);
    assert.equal((await targetsOf(owner, households.id, '&unit=217&year=2024'))[0].value, 300);
  });

  test('a province admin may set a district plan\'s targets, only inside the plan\'s area', async () => {
    const r = await admin.put(`/api/v1/indicators/${lgInd.id}/targets`, [{ unit: '221', year: 2024, value: 1 }]);
    assertError(r, 422, 'targets[0].unit', 'unit_outside_plan');
    const ok = await admin.put(`/api/v1/indicators/${lgInd.id}/targets`, [{ unit: '07375', year: 2025, value: 40 }]);
    assert.equal(ok.status, 200, ok.text);
  });

  test('another district\'s users do not see a district plan\'s indicator at all (404)', async () => {
    const missing = await (await as('yendung.phunu')).get('/api/v1/indicators/987654321');
    assertError(missing, 404);
    for (const username of ['yendung.phunu', 'laoho.phunu']) {
      const c = await as(username);
      const hidden = await c.get(`/api/v1/indicators/${lgInd.id}`);
      assertError(hidden, 404);
      assert.equal(hidden.text, missing.text, 'looks like a missing id');
      for (const path of ['', '/targets', '/targets/history', '/allocation']) {
        assertError(await c.get(`/api/v1/indicators/${lgInd.id}${path}`), 404);
      }
      assertError(await c.get(`/api/v1/plans/${lgPlan.id}/indicators`), 404);
      assertError(await c.patch(`/api/v1/indicators/${lgInd.id}`, { version: 1, name: 'Sửa trái phép' }), 404);
      assertError(await c.put(`/api/v1/indicators/${lgInd.id}/targets`, [{ unit: '221', year: 2024, value: 1 }]), 404);
      assertError(await c.post(`/api/v1/plans/${lgPlan.id}/indicators`, { code: 'YD', name: 'Yên Dũng' }), 404);
    }
    const now = (await lgLeader.get(`/api/v1/indicators/${lgInd.id}`)).body;
    assert.equal(now.name, lgInd.name);
    assert.equal(now.version, lgInd.version);
    assert.deepEqual((await listIndicators(lgLeader, lgPlan.id)).map((i) => i.code), ['HO-LG']);
  });

  test('a commune of the district sees the district plan\'s indicator, and cannot change it (403)', async () => {
    const c = await as('tanthanh.phunu');
    assert.equal((await c.get(`/api/v1/indicators/${lgInd.id}`)).status, 200);
    assertError(await c.put(`/api/v1/indicators/${lgInd.id}/targets`, [{ unit: '07411', year: 2024, value: 1 }]), 403);
    assert.equal((await targetsOf(lgLeader, lgInd.id, '&unit=07411'))[0].value, 80);
  });
});
