// catalog.test.mjs — finding things: org units by name (with or without
// diacritics) and by parent in Vietnamese order, and the province's plans with
// their filters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
let plans;

const viCompare = new Intl.Collator('vi').compare;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const r = await admin.get('/api/v1/plans?limit=1000');
  assert.equal(r.status, 200, r.text);
  plans = r.body.items;
});
after(async () => { await srv?.stop(); });

describe('org units', () => {
  test('a search without diacritics finds Huyện Lạng Giang', async () => {
    for (const q of ['lang giang', 'Lạng Giang', 'LANG GIANG', 'lạng  giang']) {
      const r = await admin.get(`/api/v1/org-units?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, r.text);
      const hit = r.body.items.find((u) => u.code === '217');
      assert.ok(hit, `q=${q}: ${r.text}`);
      assert.equal(hit.full_name, 'Huyện Lạng Giang');
      assert.equal(hit.level, 'district');
    }
  });

  test('one unit by its code', async () => {
    const r = await admin.get('/api/v1/org-units/217');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.code, '217');
    assert.equal(r.body.name, 'Lạng Giang');
    assert.equal(r.body.full_name, 'Huyện Lạng Giang');
    assert.equal(r.body.parent_code, '24');
    assert.equal(r.body.valid_to, null);
    const missing = await admin.get('/api/v1/org-units/99999');
    assert.equal(missing.status, 404);
    assert.ok(missing.body?.error?.code);
  });

  test('the communes of Lạng Giang, all 21, in Vietnamese order', async () => {
    const r = await admin.get('/api/v1/org-units?parent=217&limit=1000');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.total, 21);
    assert.equal(r.body.items.length, 21);
    for (const u of r.body.items) {
      assert.equal(u.parent_code, '217');
      assert.equal(u.level, 'commune');
    }
    const names = r.body.items.map((u) => u.name);
    assert.deepEqual(names, [...names].sort(viCompare), 'sorted as Vietnamese sorts (Đ after D, not after Z)');
    assert.ok(names.includes('Tân Thanh') && names.includes('Vôi') && names.includes('Đại Lâm'));
  });

  test('paging: limit and offset walk the same list', async () => {
    const all = (await admin.get('/api/v1/org-units?parent=217&limit=1000')).body.items.map((u) => u.code);
    const a = await admin.get('/api/v1/org-units?parent=217&limit=8');
    const b = await admin.get('/api/v1/org-units?parent=217&limit=8&offset=8');
    const c = await admin.get('/api/v1/org-units?parent=217&limit=8&offset=16');
    assert.equal(a.body.total, 21);
    assert.deepEqual([...a.body.items, ...b.body.items, ...c.body.items].map((u) => u.code), all);
    assert.equal((await admin.get('/api/v1/org-units?parent=217&limit=1001')).status, 400);
  });
});

describe('plans', () => {
  test('the province admin sees the six plans of the 2023 conference', async () => {
    assert.deepEqual(plans.map((p) => p.code).sort(), ['DA-CCB-ANTT', 'DA-NANGLUCSO', 'DA-NHATRO', 'DA-OCOP', 'DA-RACTHAI', 'KH-MTTQ-DDK']);
    for (const p of plans) {
      assert.ok(['ke_hoach', 'de_an'].includes(p.kind));
      assert.equal(typeof p.owner.id, 'number');
      assert.ok(p.owner.name.length > 0);
      assert.ok(p.start_year <= p.end_year);
    }
  });

  test('a plan carries its objectives and coordinators', async () => {
    for (const p of plans) {
      const r = await admin.get(`/api/v1/plans/${p.id}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.code, p.code);
      assert.ok(r.body.objectives.length >= 3 && r.body.objectives.length <= 5, `${p.code}: ${r.body.objectives.length} objectives`);
      assert.ok(r.body.coordinators.length >= 1, `${p.code} has coordinators`);
    }
  });

  test('q ignores diacritics and case', async () => {
    const racthai = plans.find((p) => p.code === 'DA-RACTHAI');
    for (const q of ['rác thải', 'rac thai', 'RÁC THẢI', 'RAC THAI']) {
      const r = await admin.get(`/api/v1/plans?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.items.map((p) => p.id), [racthai.id], `q=${q}`);
    }
    const r = await admin.get(`/api/v1/plans?q=${encodeURIComponent('nha tro cong nhan')}`);
    assert.deepEqual(r.body.items.map((p) => p.code), ['DA-NHATRO']);
  });

  test('kind, status, year and owner filter as the data says', async () => {
    const check = async (query, keep) => {
      const r = await admin.get(`/api/v1/plans?${query}&limit=1000`);
      assert.equal(r.status, 200, `${query}: ${r.text}`);
      const expected = plans.filter(keep).map((p) => p.id).sort();
      assert.deepEqual(r.body.items.map((p) => p.id).sort(), expected, query);
      assert.equal(r.body.total, expected.length, query);
      return expected.length;
    };
    assert.equal(await check('kind=ke_hoach', (p) => p.kind === 'ke_hoach'), 1);
    assert.equal(await check('kind=de_an', (p) => p.kind === 'de_an'), 5);
    await check(`status=${plans[0].status}`, (p) => p.status === plans[0].status);
    assert.equal(await check('year=2021', (p) => p.start_year <= 2021 && p.end_year >= 2021), 1);
    assert.equal(await check('year=2024', (p) => p.start_year <= 2024 && p.end_year >= 2024), 6);
    assert.equal(await check('year=2030', () => false), 0);
    const owner = plans.find((p) => p.code === 'DA-OCOP').owner.id;
    assert.equal(await check(`owner=${owner}`, (p) => p.owner.id === owner), 1);
  });

  test('system filters by the owner\'s system', async () => {
    const orgs = (await admin.get('/api/v1/organizations?limit=1000')).body.items;
    const systemOf = new Map(orgs.map((o) => [o.id, o.system]));
    for (const system of ['women', 'farmers', 'mttq']) {
      const r = await admin.get(`/api/v1/plans?system=${system}&limit=1000`);
      assert.equal(r.status, 200, r.text);
      const expected = plans.filter((p) => systemOf.get(p.owner.id) === system).map((p) => p.id).sort();
      assert.ok(expected.length > 0);
      assert.deepEqual(r.body.items.map((p) => p.id).sort(), expected, system);
    }
  });

  test('a plan that does not exist is 404', async () => {
    const r = await admin.get('/api/v1/plans/987654');
    assert.equal(r.status, 404);
    assert.ok(r.body?.error?.code);
  });
});
