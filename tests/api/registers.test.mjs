// registers.test.mjs — the registers of the plans over HTTP on the demo: register
// types as data (created and changed by whoever may change the plan, old records
// still readable under the schema they were written with), records at communes
// (validated against the schema, searched without diacritics, audited, with files),
// the computed indicators that count them, formula errors with their position, and
// the scope: a user of another commune can neither read nor change Tân Thanh's records.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
const users = {};
let plans;

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
async function computed(c, planCode, unit, code) {
  const r = await c.get(`/api/v1/plans/${plans.get(planCode).id}/computed?unit=${unit}`);
  assertStatus(r, 200);
  const it = r.body.items.find((x) => x.code === code);
  assert.ok(it, `computed indicator ${code}`);
  return it;
}
const HOUSE = {
  owner: 'Nguyễn Thị Hạnh', address: 'Số 12, thôn Đồng Lạng', commune: '07411', rooms: 14,
  residents: 30, workers: 28, fire_equipment: true, residence_registered: true, hygiene: true,
  prices_posted: true, tax_declared: true, density_ok: true, common_space: false, camera: true,
};

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const p = await admin.get('/api/v1/plans?limit=100');
  assertStatus(p, 200);
  plans = new Map(p.body.items.map((x) => [x.code, x]));
});
after(async () => { await srv?.stop(); });

describe('register types', () => {
  test('the six demo registers, one per plan, with their schemas', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.get('/api/v1/register-types');
    assertStatus(r, 200);
    const byCode = new Map(r.body.items.map((t) => [t.code, t]));
    const want = {
      boarding_house: 'DA-NHATRO', waste_group: 'DA-RACTHAI', ocop_product: 'DA-OCOP',
      security_team: 'DA-CCB-ANTT', youth_digital: 'DA-NANGLUCSO', residential_area: 'KH-MTTQ-DDK',
    };
    for (const [code, plan] of Object.entries(want)) {
      const t = byCode.get(code);
      assert.ok(t, `register ${code}`);
      assert.equal(t.plan.code, plan);
      assert.ok(t.records > 0, `${code} has records`);
    }
    const bh = byCode.get('boarding_house');
    const rooms = bh.fields.find((f) => f.name === 'rooms');
    assert.deepEqual([rooms.type, rooms.required, rooms.min], ['integer', true, 1]);
    assert.equal(bh.derived[0].name, 'safe_civilised');
    const one = await c.get('/api/v1/register-types/ocop_product');
    assertStatus(one, 200);
    assert.ok(one.body.fields.find((f) => f.name === 'product_group').choices.includes('Dược liệu'));
    assertStatus(await c.get('/api/v1/register-types/no_such_register'), 404);
  });

  test('every demo register has its records at communes, and every plan at least one computed indicator', async () => {
    const types = await admin.get('/api/v1/register-types');
    for (const ty of types.body.items) {
      const r = await admin.get(`/api/v1/registers/${ty.code}/records?limit=1000`);
      assertStatus(r, 200);
      assert.ok(r.body.total >= 14, `${ty.code}: records in the 14 demo communes`);
      const units = await Promise.all([...new Set(r.body.items.map((x) => x.unit.code))].map((c) => admin.get(`/api/v1/org-units/${c}`)));
      for (const u of units) assert.equal(u.body.level, 'commune', `${ty.code} at ${u.body.code}`);
    }
    for (const code of ['KH-MTTQ-DDK', 'DA-NHATRO', 'DA-RACTHAI', 'DA-OCOP', 'DA-CCB-ANTT', 'DA-NANGLUCSO']) {
      const c = await admin.get(`/api/v1/plans/${plans.get(code).id}/computed?unit=24`);
      assertStatus(c, 200);
      assert.ok(c.body.items.length >= 1, `${code} has a computed indicator`);
      for (const it of c.body.items) assert.ok(it.value > 0, `${code} ${it.code} = ${it.value} over the province`);
    }
  });

  test('created by the plan owner\'s officer; refused to a commune officer; codes are unique', async () => {
    const body = {
      code: 'clean_street', plan_id: plans.get('DA-RACTHAI').id, name: 'Sổ tuyến đường xanh, sạch, đẹp',
      fields: [
        { name: 'street', label: 'Tuyến đường', type: 'text', required: true },
        { name: 'length_m', label: 'Chiều dài (m)', type: 'decimal', min: 0 },
      ],
    };
    assertStatus(await (await as('tanthanh.phunu')).post('/api/v1/register-types', body), 403);
    const r = await (await as('tinh.phunu')).post('/api/v1/register-types', body);
    assertStatus(r, 201);
    assert.equal(r.body.schema_version, 1);
    assertStatus(await (await as('tinh.phunu')).post('/api/v1/register-types', body), 409);
    const bad = await (await as('tinh.phunu')).post('/api/v1/register-types', {
      ...body, code: 'bad_one', fields: [{ name: 'Tên', label: 'x', type: 'text' }],
    });
    assertStatus(bad, 422);
    assert.equal(bad.body.error.field, 'fields[0].name');
    const badType = await (await as('tinh.phunu')).post('/api/v1/register-types', {
      ...body, code: 'bad_two', fields: [{ name: 'x', label: 'x', type: 'money' }],
    });
    assertStatus(badType, 422);
    assert.equal(badType.body.error.field, 'fields[0].type');
  });
});

describe('records at a commune', () => {
  let house;

  test('a commune officer lists its commune\'s records only, in Vietnamese order, searched without diacritics', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.get('/api/v1/registers/boarding_house/records?limit=1000');
    assertStatus(r, 200);
    assert.ok(r.body.total > 0);
    for (const x of r.body.items) assert.equal(x.unit.code, '07411');
    const titles = r.body.items.map((x) => x.title);
    const sorted = [...titles].sort((a, b) => a.localeCompare(b, 'vi'));
    assert.deepEqual(titles, sorted);
    const first = r.body.items[0].data.owner;
    const folded = first.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
    const s = await c.get(`/api/v1/registers/boarding_house/records?q=${encodeURIComponent(folded)}`);
    assertStatus(s, 200);
    assert.ok(s.body.items.some((x) => x.data.owner === first), `search "${folded}" finds "${first}"`);
    const f = await c.get('/api/v1/registers/boarding_house/records?field=tax_declared&value=true&limit=1000');
    assertStatus(f, 200);
    assert.equal(f.body.total, r.body.items.filter((x) => x.data.tax_declared === true).length);
    const district = await (await as('langgiang.phunu')).get('/api/v1/registers/boarding_house/records?limit=1000');
    assert.ok(district.body.total > r.body.total, 'the district sees its communes');
  });

  test('adding a boarding house that meets the checklist raises the computed indicator by one', async () => {
    const c = await as('tanthanh.mttq');
    const before0 = await computed(c, 'DA-NHATRO', '07411', 'NT08');
    assert.equal(before0.formula, 'count(boarding_house where safe_civilised)');
    const district0 = await computed(c, 'DA-NHATRO', '217', 'NT08');
    const r = await c.post('/api/v1/registers/boarding_house/records', { unit: '07411', data: HOUSE });
    assertStatus(r, 201);
    house = r.body;
    assert.equal(house.derived.safe_civilised, true);
    assert.equal(house.schema_version, 1);
    assert.equal(house.data.owner, 'Nguyễn Thị Hạnh');
    const after1 = await computed(c, 'DA-NHATRO', '07411', 'NT08');
    assert.equal(after1.value, before0.value + 1);
    assert.equal((await computed(c, 'DA-NHATRO', '217', 'NT08')).value, district0.value + 1);
    // the computed figure equals a count by hand of the records
    const all = await c.get('/api/v1/registers/boarding_house/records?unit=07411&limit=1000');
    const byHand = all.body.items.filter((x) => x.data.fire_equipment && x.data.residence_registered &&
      x.data.hygiene && x.data.prices_posted && x.data.density_ok).length;
    assert.equal(after1.value, byHand);
    const tax = await computed(c, 'DA-NHATRO', '07411', 'NT09');
    assert.equal(tax.value, all.body.items.filter((x) => x.data.prices_posted && x.data.tax_declared).length);
    // the waste register: households sorting, summed by hand
    const w = await c.get('/api/v1/registers/waste_group/records?unit=07411&limit=1000');
    const sum = w.body.items.reduce((a, x) => a + (x.data.households_sorting ?? 0), 0);
    assert.equal((await computed(c, 'DA-RACTHAI', '07411', 'RT08')).value, sum);
  });

  test('records are validated against the schema, field by field', async () => {
    const c = await as('tanthanh.phunu');
    const cases = [
      [{ ...HOUSE, rooms: 0 }, 'data.rooms', 'out_of_range'],
      [{ ...HOUSE, rooms: 2.5 }, 'data.rooms', 'not_integer'],
      [{ ...HOUSE, owner: '' }, 'data.owner', 'required'],
      [{ ...HOUSE, camera: 'có' }, 'data.camera', 'not_boolean'],
      [{ ...HOUSE, colour: 'xanh' }, 'data.colour', 'unknown_field'],
      [{ ...HOUSE, commune: '99999' }, 'data.commune', 'unknown_unit'],
    ];
    for (const [data, field, code] of cases) {
      const r = await c.post('/api/v1/registers/boarding_house/records', { unit: '07411', data });
      assertStatus(r, 422, field);
      assert.equal(r.body.error.field, field);
      assert.equal(r.body.error.code, code);
    }
    const choice = await c.post('/api/v1/registers/ocop_product/records',
      { unit: '07411', data: { product: 'Gạo', producer: 'HTX', stars: 4, level: 'Xã' } });
    assertStatus(choice, 422);
    assert.equal(choice.body.error.code, 'not_a_choice');
  });

  test('a change is a PATCH with the version; stale versions are refused; every change is audited', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.patch(`/api/v1/registers/boarding_house/records/${house.id}`,
      { version: house.version, data: { hygiene: false } });
    assertStatus(r, 200);
    assert.equal(r.body.derived.safe_civilised, false);
    assert.equal(r.body.data.owner, HOUSE.owner, 'the other fields are kept');
    assertStatus(await c.patch(`/api/v1/registers/boarding_house/records/${house.id}`,
      { version: house.version, data: { hygiene: true } }), 409);
    house = r.body;
    const audit = await admin.get(`/api/v1/audit?entity=register_records&id=${house.id}`);
    assertStatus(audit, 200);
    const actions = audit.body.items.map((x) => x.action).sort();
    assert.deepEqual(actions, ['create', 'update']);
  });

  test('files are attached to a record and read back as stored', async () => {
    const c = await as('tanthanh.phunu');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const up = await c.req('POST', `/api/v1/registers/boarding_house/records/${house.id}/files?name=bien-ban-pccc.pdf`,
      undefined, { raw: pdf, headers: { 'content-type': 'application/pdf' } });
    assertStatus(up, 201);
    const got = await c.get(`/api/v1/registers/boarding_house/records/${house.id}`);
    assert.equal(got.body.files.length, 1);
    assert.equal(got.body.files[0].name, 'bien-ban-pccc.pdf');
    const dl = await fetch(`${srv.url}/api/v1/registers/boarding_house/records/${house.id}/files/${up.body.id}`,
      { headers: { cookie: c.cookie } });
    assert.equal(dl.status, 200);
    assert.deepEqual(Buffer.from(await dl.arrayBuffer()), pdf);
    const exe = await c.req('POST', `/api/v1/registers/boarding_house/records/${house.id}/files?name=x.exe`,
      undefined, { raw: Buffer.from('MZ'), headers: { 'content-type': 'application/octet-stream' } });
    assertStatus(exe, 422);
  });

  test('another commune\'s user can neither read nor change Tân Thanh\'s records, by any route', async () => {
    const c = await as('laoho.phunu');
    const base = `/api/v1/registers/boarding_house/records/${house.id}`;
    assertStatus(await c.get(base), 404);
    assertStatus(await c.patch(base, { version: house.version, data: { camera: false } }), 404);
    assertStatus(await c.del(`${base}?version=${house.version}`), 404);
    assertStatus(await c.req('POST', `${base}/files?name=a.pdf`, undefined,
      { raw: Buffer.from('%PDF-1.4\n%%EOF\n'), headers: { 'content-type': 'application/pdf' } }), 404);
    assertStatus(await c.get(`${base}/files/1`), 404);
    const create = await c.post('/api/v1/registers/boarding_house/records', { unit: '07411', data: HOUSE });
    assertStatus(create, 422);
    assert.equal(create.body.error.code, 'unit_out_of_scope');
    const list = await c.get('/api/v1/registers/boarding_house/records?limit=1000');
    assertStatus(list, 200);
    assert.ok(list.body.items.every((x) => x.unit.code === '07684'), 'only Lão Hộ\'s records');
    const asked = await c.get('/api/v1/registers/boarding_house/records?unit=07411&limit=1000');
    assert.equal(asked.body.total, 0);
    // a viewer of Tân Thanh reads but does not write
    const viewer = await as('tanthanh.xem');
    assertStatus(await viewer.get(base), 200);
    assertStatus(await viewer.patch(base, { version: house.version, data: { camera: false } }), 403);
    // the register type cannot be changed by a commune
    assertStatus(await c.patch('/api/v1/register-types/boarding_house', { version: 1, name: 'x' }), 403);
    // the record is still as it was
    const same = await (await as('tanthanh.phunu')).get(base);
    assert.equal(same.body.version, house.version);
  });

  test('a record is deleted with its version', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.post('/api/v1/registers/security_team/records',
      { unit: '07411', data: { team: 'Tổ tự quản thôn Mới', members: 6, veteran_members: 3 } });
    assertStatus(r, 201);
    const url = `/api/v1/registers/security_team/records/${r.body.id}`;
    assertStatus(await c.del(`${url}?version=9`), 409);
    assertStatus(await c.del(`${url}?version=${r.body.version}`), 204);
    assertStatus(await c.get(url), 404);
  });
});

describe('schema evolution', () => {
  test('adding a field keeps old records readable and valid under their own schema version', async () => {
    const owner = await as('tinh.congdoan');
    const t = await owner.get('/api/v1/register-types/boarding_house');
    assertStatus(t, 200);
    const old = await (await as('tanthanh.phunu')).get('/api/v1/registers/boarding_house/records?limit=1');
    const rec = old.body.items[0];
    assert.equal(rec.schema_version, 1);
    const fields = [...t.body.fields, { name: 'union_group', label: 'Có tổ công đoàn', type: 'yesno' }];
    const r = await owner.patch('/api/v1/register-types/boarding_house', { version: t.body.version, fields });
    assertStatus(r, 200);
    assert.equal(r.body.schema_version, 2);
    // the old record is unchanged and says which schema it was written under
    const again = await (await as('tanthanh.phunu')).get(`/api/v1/registers/boarding_house/records/${rec.id}`);
    assertStatus(again, 200);
    assert.equal(again.body.schema_version, 1);
    assert.deepEqual(again.body.data, rec.data);
    const v1 = await owner.get('/api/v1/register-types/boarding_house?schema_version=1');
    assertStatus(v1, 200);
    assert.ok(!v1.body.fields.some((f) => f.name === 'union_group'));
    // edited now, it is checked against the new schema and stamped with it
    const e = await (await as('tanthanh.phunu')).patch(`/api/v1/registers/boarding_house/records/${rec.id}`,
      { version: rec.version, data: { union_group: true } });
    assertStatus(e, 200);
    assert.equal(e.body.schema_version, 2);
    // removing or retyping a field is refused
    const removed = await owner.patch('/api/v1/register-types/boarding_house',
      { version: r.body.version, fields: fields.filter((f) => f.name !== 'camera') });
    assertStatus(removed, 422);
    assert.equal(removed.body.error.code, 'field_removed');
    const retyped = await owner.patch('/api/v1/register-types/boarding_house',
      { version: r.body.version, fields: fields.map((f) => (f.name === 'rooms' ? { ...f, type: 'text' } : f)) });
    assertStatus(retyped, 422);
    assert.equal(retyped.body.error.code, 'field_type_changed');
  });

  test('the province changes the checklist and the computed indicator follows', async () => {
    const owner = await as('tinh.congdoan');
    const t = await owner.get('/api/v1/register-types/boarding_house');
    const c = await as('tanthanh.phunu');
    const all = await c.get('/api/v1/registers/boarding_house/records?unit=07411&limit=1000');
    const derived = [{ ...t.body.derived[0], formula: 'fire_equipment and camera' }];
    const r = await owner.patch('/api/v1/register-types/boarding_house', { version: t.body.version, derived });
    assertStatus(r, 200);
    assert.equal(r.body.schema_version, t.body.schema_version + 1);
    const byHand = all.body.items.filter((x) => x.data.fire_equipment && x.data.camera).length;
    assert.equal((await computed(c, 'DA-NHATRO', '07411', 'NT08')).value, byHand);
    const bad = await owner.patch('/api/v1/register-types/boarding_house',
      { version: r.body.version, derived: [{ ...derived[0], formula: 'fire_equipment and sprinklers' }] });
    assertStatus(bad, 422);
    assert.equal(bad.body.error.code, 'unknown_field');
  });
});

describe('formulas', () => {
  test('a valid formula is accepted; errors carry their position and a Vietnamese message', async () => {
    const c = await as('tinh.congdoan');
    const ok = await c.post('/api/v1/indicators/validate-formula',
      { formula: 'count(boarding_house where prices_posted and tax_declared)' });
    assertStatus(ok, 200);
    const cases = [
      ['count(boarding_house where prices_posted and)', 'syntax', 44],
      ['count(boarding_houses)', 'unknown_register', 6],
      ['sum(waste_group.households_sortd)', 'unknown_field', 4],
      ['sum(waste_group.households) / ', 'unexpected_end', 30],
      ['rooms > 3', 'field_outside_aggregate', 0],
    ];
    for (const [formula, code, position] of cases) {
      const r = await c.post('/api/v1/indicators/validate-formula', { formula });
      assertStatus(r, 422, formula);
      assert.equal(r.body.error.code, code, formula);
      assert.equal(r.body.error.position, position, formula);
      assert.equal(r.body.error.field, 'formula');
      assert.match(r.body.error.message, /vị trí \d+/);
    }
  });
});

describe('computed indicators in reports', () => {
  test('the formula is set on an indicator by the plan owner and checked against the registers', async () => {
    const owner = await as('tinh.phunu');
    const plan = plans.get('DA-RACTHAI');
    const list = await owner.get(`/api/v1/plans/${plan.id}/indicators?limit=100`);
    const rt08 = list.body.items.find((x) => x.code === 'RT08');
    assert.equal(rt08.formula, 'sum(waste_group.households_sorting)');
    const bad = await owner.patch(`/api/v1/indicators/${rt08.id}`,
      { version: rt08.version, formula: 'sum(waste_group.households_sortin)' });
    assertStatus(bad, 422);
    assert.equal(bad.body.error.field, 'formula');
    assert.equal(bad.body.error.code, 'unknown_field');
    assert.match(bad.body.error.message, /vị trí 5/);
    const commune = await (await as('tanthanh.phunu')).patch(`/api/v1/indicators/${rt08.id}`,
      { version: rt08.version, formula: 'count(waste_group)' });
    assert.ok([403, 404].includes(commune.status), commune.text);
    const ok = await owner.patch(`/api/v1/indicators/${rt08.id}`,
      { version: rt08.version, formula: 'sum(waste_group.households_sorting where three_groups)' });
    assertStatus(ok, 200);
    assert.equal(ok.body.formula, 'sum(waste_group.households_sorting where three_groups)');
    const back = await owner.patch(`/api/v1/indicators/${rt08.id}`,
      { version: ok.body.version, formula: 'sum(waste_group.households_sorting)' });
    assertStatus(back, 200);
  });

  test('a new report\'s form is pre-filled with the figure computed from the unit\'s own records', async () => {
    const c = await as('tanthanh.phunu');
    const plan = plans.get('DA-RACTHAI');
    const orgs = await admin.get('/api/v1/organizations?limit=1000');
    const org = orgs.body.items.find((x) => x.code === 'women-07411');
    const taken = await c.get(`/api/v1/reports?plan=${plan.id}&organization=${org.id}&limit=1000`);
    const used = new Set(taken.body.items.map((x) => x.period));
    let period;
    for (let y = plan.end_year; !period && y >= plan.start_year; y--)
      for (let q = 4; !period && q >= 1; q--) if (!used.has(`${y}Q${q}`)) period = `${y}Q${q}`;
    assert.ok(period, 'a free quarter');
    const r = await c.post('/api/v1/reports', { plan_id: plan.id, organization_id: org.id, unit: '07411', period });
    assertStatus(r, 201);
    const entry = r.body.form.find((f) => f.code === 'RT08');
    assert.ok(entry, 'RT08 in the quarter form');
    assert.equal(entry.formula, 'sum(waste_group.households_sorting)');
    const w = await c.get('/api/v1/registers/waste_group/records?unit=07411&limit=1000');
    const sum = w.body.items.reduce((a, x) => a + (x.data.households_sorting ?? 0), 0);
    assert.equal(entry.computed_value, sum);
    // the officer confirms: the figure is saved as the report's value
    const put = await c.put(`/api/v1/reports/${r.body.id}`,
      { version: r.body.version, values: [{ indicator_id: entry.indicator_id, value: entry.computed_value }] });
    assertStatus(put, 200);
    assert.equal(put.body.values.find((v) => v.indicator_id === entry.indicator_id).value, sum);
  });
});

describe('import and export', () => {
  const csv = (lines) => Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`);
  const head = 'unit,owner,address,rooms,residents,fire_equipment,residence_registered,hygiene,prices_posted,density_ok,tax_declared';
  async function upload(c, body, dry) {
    return c.req('POST', `/api/v1/registers/boarding_house/import${dry ? '?dry_run=1' : ''}`, undefined,
      { raw: body, headers: { 'content-type': 'text/csv' } });
  }
  async function count(c) {
    const r = await c.get('/api/v1/registers/boarding_house/records?unit=07411&limit=1');
    return r.body.total;
  }

  test('a dry run lists the errors by line; a real run with errors imports nothing', async () => {
    const c = await as('tanthanh.phunu');
    const n0 = await count(c);
    const body = csv([head,
      '07411,Hà Văn Lộc,"Số 3, thôn Đông",10,25,có,có,có,có,có,không',
      '07411,Ngô Thị Mai,Số 8 thôn Tây,mười,20,có,có,có,có,có,có',
      '07684,Lê Văn Hải,Số 9 Lão Hộ,6,12,có,có,có,có,có,có',
      '07411,Thân Văn Tú,Số 1 thôn Bến,7,14,có,chưa,có,có,ừ,có',
    ]);
    const dry = await upload(c, body, true);
    assertStatus(dry, 200);
    assert.equal(dry.body.rows, 4);
    assert.equal(dry.body.imported, 0);
    const got = dry.body.errors.map((e) => [e.line, e.field, e.code]);
    assert.deepEqual(got, [[3, 'rooms', 'bad_value'], [4, 'unit', 'unit_out_of_scope'], [5, 'density_ok', 'bad_value']]);
    assert.ok(dry.body.errors.every((e) => e.reason.length > 0));
    const real = await upload(c, body, false);
    assertStatus(real, 422);
    assert.equal(real.body.error.code, 'import_rejected');
    assert.equal(real.body.imported, 0);
    assert.equal(await count(c), n0, 'nothing imported');
    const broken = await upload(c, Buffer.from('unit,owner\n07411,"unterminated\n'), true);
    assertStatus(broken, 422);
    assert.equal(broken.body.error.code, 'bad_csv');
  });

  test('a clean file is imported whole, then exported as CSV and XLSX; the export reads back in', async () => {
    const c = await as('tanthanh.phunu');
    const n0 = await count(c);
    const body = csv([head.replace(/,/g, ';'),
      '07411;Hà Văn Lộc;Số 3, thôn Đông;10;25;có;có;có;có;có;không',
      '07411;Ngô Thị Mai;Số 8 thôn Tây;12;20;x;x;x;x;x;x',
    ]);
    const dry = await upload(c, body, true);
    assertStatus(dry, 200);
    assert.deepEqual(dry.body.errors, []);
    const real = await upload(c, body, false);
    assertStatus(real, 201);
    assert.equal(real.body.imported, 2);
    assert.equal(await count(c), n0 + 2);
    const found = await c.get(`/api/v1/registers/boarding_house/records?q=${encodeURIComponent('ngo thi mai')}`);
    assert.equal(found.body.items[0].data.tax_declared, true);
    assert.equal(found.body.items[0].data.rooms, 12);
    const audit = await admin.get(`/api/v1/audit?entity=register_records&id=${found.body.items[0].id}`);
    assert.deepEqual(audit.body.items.map((x) => x.action), ['import']);

    const ex = await fetch(`${srv.url}/api/v1/registers/boarding_house/export.csv?unit=07411`, { headers: { cookie: c.cookie } });
    assert.equal(ex.status, 200);
    const text = await ex.text();
    assert.match(text.split('\r\n')[0], /^\ufeff?unit,unit_name,owner,address,commune,rooms/);
    assert.equal(text.trim().split('\r\n').length, n0 + 3);
    assert.ok(text.includes('Ngô Thị Mai'));
    const xl = await fetch(`${srv.url}/api/v1/registers/boarding_house/export.xlsx?unit=07411`, { headers: { cookie: c.cookie } });
    assert.equal(xl.status, 200);
    const bytes = Buffer.from(await xl.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    // the workbook reads back in: every row valid
    const back = await c.req('POST', '/api/v1/registers/boarding_house/import?dry_run=1', undefined,
      { raw: bytes, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    assertStatus(back, 200);
    assert.deepEqual(back.body.errors, []);
    assert.equal(back.body.rows, n0 + 2);
  });

  test('another commune exports only its own records and cannot import into Tân Thanh', async () => {
    const c = await as('laoho.phunu');
    const ex = await fetch(`${srv.url}/api/v1/registers/boarding_house/export.csv`, { headers: { cookie: c.cookie } });
    const lines = (await ex.text()).trim().split('\r\n').slice(1);
    assert.ok(lines.length > 0);
    assert.ok(lines.every((l) => l.startsWith('07684,')), 'Lão Hộ rows only');
    const none = await fetch(`${srv.url}/api/v1/registers/boarding_house/export.csv?unit=07411`, { headers: { cookie: c.cookie } });
    assert.equal((await none.text()).trim().split('\r\n').length, 1, 'the header only');
    const r = await c.req('POST', '/api/v1/registers/boarding_house/import', undefined,
      { raw: csv([head, '07411,Hà Văn Lộc,Số 3,10,25,có,có,có,có,có,không']), headers: { 'content-type': 'text/csv' } });
    assertStatus(r, 422);
    assert.equal(r.body.errors[0].code, 'unit_out_of_scope');
    const viewer = await as('tanthanh.xem');
    assertStatus(await viewer.req('POST', '/api/v1/registers/boarding_house/import?dry_run=1', undefined,
      { raw: csv([head]), headers: { 'content-type': 'text/csv' } }), 403);
  });
});
