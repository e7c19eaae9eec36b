// organizations.test.mjs — creating and changing organisations: Vietnamese names
// come back byte for byte (and in NFC), stale versions are refused, invalid
// content is named, and every change lands in the audit log with before and after.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
let adminId;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  adminId = (await admin.login('admin', ADMIN_PASSWORD)).user.id;
});
after(async () => { await srv?.stop(); });

async function orgByCode(code) {
  const r = await admin.get('/api/v1/organizations?limit=1000');
  assert.equal(r.status, 200, r.text);
  return r.body.items.find((o) => o.code === code);
}
async function create(body) {
  const r = await admin.post('/api/v1/organizations', body);
  assert.ok([200, 201].includes(r.status), `created: ${r.status} ${r.text}`);
  assert.equal(typeof r.body.id, 'number');
  return r;
}
async function auditOf(id, client = admin) {
  const r = await client.get(`/api/v1/audit?entity=organizations&id=${id}`);
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.body.items));
  return r.body.items;
}
function assertError(r, status, field) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body?.error?.code, r.text);
  assert.ok(r.body.error.message.length > 0);
  if (field) assert.equal(r.body.error.field, field, `the error names the field: ${r.text}`);
}

const FULL = 'Nguyễn Thị Ánh Tuyết – Ủy ban Mặt trận Tổ quốc Việt Nam xã Đồng Đăng ỷ ữ ợ';

describe('Vietnamese text', () => {
  let created;
  let parent;
  before(async () => {
    parent = await orgByCode('mttq-217');
    assert.ok(parent, 'demo organisation mttq-217');
  });

  test('a name with every kind of diacritic round-trips byte for byte through create and get', async () => {
    const head = { name: 'Lê Thị Ngọc Ẩn', title: 'Chủ tịch Ủy ban MTTQ xã', term_from: '2024-01-01', term_to: null };
    const r = await create({ code: 'mttq-07381', name: FULL, system: 'mttq', unit: '07381', parent_id: parent.id, head });
    created = r.body;
    assert.equal(r.body.name, FULL);
    const g = await admin.get(`/api/v1/organizations/${created.id}`);
    assert.equal(g.status, 200, g.text);
    assert.match(g.headers.get('content-type') ?? '', /^application\/json;\s*charset=utf-8/i);
    assert.ok(Buffer.from(g.body.name, 'utf8').equals(Buffer.from(FULL, 'utf8')), 'the same bytes');
    assert.equal(g.body.system, 'mttq');
    assert.equal(g.body.unit.code, '07381');
    assert.equal(g.body.unit.name, (await admin.get('/api/v1/org-units/07381')).body.name);
    assert.equal(g.body.parent_id, parent.id);
    assert.equal(g.body.head.name, head.name);
    assert.equal(g.body.head.title, head.title);
    assert.equal(g.body.head.term_from, head.term_from);
  });

  test('search finds it with or without diacritics', async () => {
    for (const q of ['Đồng Đăng', 'dong dang', 'ĐỒNG ĐĂNG', 'anh tuyet']) {
      const r = await admin.get(`/api/v1/organizations?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.items.some((o) => o.id === created.id), `q=${q}`);
    }
  });

  test('a name sent in NFD (decomposed) is stored and returned in NFC', async () => {
    const nfc = 'Hội Liên hiệp Phụ nữ xã Đào Mỹ – Chi hội Ấp Đồng Ngộ';
    const nfd = nfc.normalize('NFD');
    assert.notEqual(nfd, nfc);
    const r = await create({ code: 'women-07390', name: nfd, system: 'women', unit: '07390', head: { name: 'Trần Thị Huệ'.normalize('NFD'), title: 'Chủ tịch', term_from: '2023-06-01', term_to: null } });
    assert.equal(r.body.name, nfc);
    const g = await admin.get(`/api/v1/organizations/${r.body.id}`);
    assert.equal(g.body.name, nfc);
    assert.equal(g.body.head.name, 'Trần Thị Huệ');
    // and a search typed in NFD finds the NFC name
    const s = await admin.get(`/api/v1/organizations?q=${encodeURIComponent('Đào Mỹ'.normalize('NFD'))}`);
    assert.equal(s.status, 200, s.text);
    assert.ok(s.body.items.some((o) => o.id === r.body.id));
  });

  test('control characters and unknown references are named in a 422', async () => {
    assertError(await admin.post('/api/v1/organizations', { code: 'women-07393', name: 'Hội\u0007LHPN', system: 'women', unit: '07393' }), 422, 'name');
    assertError(await admin.post('/api/v1/organizations', { code: 'women-07393', name: 'Hội LHPN xã Tiên Lục', system: 'women', unit: '99999' }), 422, 'unit');
    assertError(await admin.post('/api/v1/organizations', { code: 'women-07393', name: 'Hội LHPN xã Tiên Lục', system: 'khong-co', unit: '07393' }), 422, 'system');
    assertError(await admin.post('/api/v1/organizations', { code: 'women-07393', system: 'women', unit: '07393' }), 422, 'name');
    assert.equal(await orgByCode('women-07393'), undefined, 'nothing was created');
  });
});

describe('versions and the audit log', () => {
  let org;
  before(async () => {
    const r = await create({ code: 'farmers-07396', name: 'Hội Nông dân xã An Hà', system: 'farmers', unit: '07396', head: { name: 'Phạm Văn Bình', title: 'Chủ tịch', term_from: '2022-01-01', term_to: null } });
    org = r.body;
  });

  test('the creation is audited: who, from where, when, and the new state', async () => {
    const items = await auditOf(org.id);
    const made = items.filter((a) => a.before === null && a.after && a.after.name === 'Hội Nông dân xã An Hà');
    assert.equal(made.length, 1, `one creation row: ${JSON.stringify(items)}`);
    const a = made[0];
    assert.equal(a.user_id, adminId);
    assert.equal(a.username, 'admin');
    assert.equal(a.ip, '127.0.0.1');
    assert.equal(a.entity, 'organizations');
    assert.equal(String(a.entity_id), String(org.id));
    assert.equal(typeof a.action, 'string');
    assert.ok(a.action.length > 0);
    assert.ok(Math.abs(Date.parse(a.at) - Date.now()) < 5 * 60 * 1000, `a current ISO time: ${a.at}`);
  });

  test('an update with the current version succeeds and is audited with before and after', async () => {
    const cur = await admin.get(`/api/v1/organizations/${org.id}`);
    assert.equal(typeof cur.body.version, 'number');
    const r = await admin.patch(`/api/v1/organizations/${org.id}`, { name: 'Hội Nông dân xã An Hà (mới)', version: cur.body.version });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.name, 'Hội Nông dân xã An Hà (mới)');
    assert.ok(r.body.version > cur.body.version, 'the version moves on');
    const items = await auditOf(org.id);
    const upd = items.filter((a) => a.before && a.after && a.before.name === 'Hội Nông dân xã An Hà' && a.after.name === 'Hội Nông dân xã An Hà (mới)');
    assert.equal(upd.length, 1, `one update row: ${JSON.stringify(items)}`);
    assert.equal(upd[0].username, 'admin');
    assert.notEqual(upd[0].action, items.find((a) => a.before === null)?.action, 'create and update are told apart');
    const ids = items.map((a) => a.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('an update with a stale version is 409 and changes nothing', async () => {
    const cur = await admin.get(`/api/v1/organizations/${org.id}`);
    const first = await admin.patch(`/api/v1/organizations/${org.id}`, { name: 'Hội Nông dân xã An Hà (lần 2)', version: cur.body.version });
    assert.equal(first.status, 200, first.text);
    const stale = await admin.patch(`/api/v1/organizations/${org.id}`, { name: 'Hội Nông dân xã An Hà (ghi đè)', version: cur.body.version });
    assertError(stale, 409);
    const now = await admin.get(`/api/v1/organizations/${org.id}`);
    assert.equal(now.body.name, 'Hội Nông dân xã An Hà (lần 2)', 'the first writer\'s change is kept');
    assert.equal(now.body.version, first.body.version);
    const items = await auditOf(org.id);
    assert.ok(!items.some((a) => a.after && a.after.name === 'Hội Nông dân xã An Hà (ghi đè)'), 'a refused write is not logged as a change');
  });

  test('a demo organisation\'s change is audited too, and the inspector reads the same log', async () => {
    const o = await orgByCode('youth-217');
    const r = await admin.patch(`/api/v1/organizations/${o.id}`, { head: { name: 'Đỗ Minh Quân', title: 'Bí thư Huyện đoàn', term_from: '2025-01-01', term_to: null }, version: o.version });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.head.name, 'Đỗ Minh Quân');
    const items = await auditOf(o.id);
    assert.ok(items.some((a) => a.after && JSON.stringify(a.after).includes('Đỗ Minh Quân')), JSON.stringify(items));
    const insp = new Client(srv.url);
    await insp.login('tinh.kiemtra');
    assert.deepEqual(await auditOf(o.id, insp), items);
  });
});
