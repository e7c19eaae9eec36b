// access.test.mjs — who sees and changes what: a commune officer sees the units
// above and below their own but not a neighbouring district; a district admin
// manages only their district's users; a plan is changed only by its owner.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';

let srv;
let admin;
let orgs;       // code -> organisation, as the province admin sees them
let units;      // code -> {code, parent_code}, the whole tree

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const o = await admin.get('/api/v1/organizations?limit=1000');
  assert.equal(o.status, 200, o.text);
  orgs = new Map(o.body.items.map((x) => [x.code, x]));
  // the tree under the province (the demo's root, code 24): districts, then communes
  const root = await admin.get('/api/v1/org-units/24');
  assert.equal(root.status, 200, root.text);
  units = new Map([['24', root.body]]);
  for (const q of ['parent=24', 'level=commune']) {
    const u = await admin.get(`/api/v1/org-units?${q}&limit=1000`);
    assert.equal(u.status, 200, u.text);
    assert.ok(u.body.items.length > 0 && u.body.items.length === u.body.total, q);
    for (const x of u.body.items) units.set(x.code, x);
  }
});
after(async () => { await srv?.stop(); });

async function as(username, password = DEMO_PASSWORD) {
  const c = new Client(srv.url);
  await c.login(username, password);
  return c;
}
function org(code) {
  const o = orgs.get(code);
  assert.ok(o, `demo organisation ${code} exists`);
  return o;
}
// 1 when unit code lies in the subtree of root (itself included).
function inSubtree(code, root) {
  for (let c = code; c; c = units.get(c)?.parent_code) if (c === root) return true;
  return false;
}
function assertStatus(r, status) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  if (status >= 400) assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
}

describe('a commune officer (tanthanh.phunu, Tân Thanh in Lạng Giang)', () => {
  let c;
  before(async () => { c = await as('tanthanh.phunu'); });

  test('cannot list or create users (403)', async () => {
    assertStatus(await c.get('/api/v1/users'), 403);
    const r = await c.post('/api/v1/users', {
      username: 'ke.gia.mao', full_name: 'Kẻ Giả Mạo', password: 'mat-khau-dai-du-10',
      organization_id: org('women-07411').id, role: 'admin',
    });
    assertStatus(r, 403);
    const list = await admin.get('/api/v1/users?limit=1000');
    assert.ok(!list.body.items.some((u) => u.username === 'ke.gia.mao'), 'no user was created');
  });

  test('reads every org unit, including another district\'s (units are public)', async () => {
    const yd = await c.get('/api/v1/org-units/221');
    assertStatus(yd, 200);
    assert.equal(yd.body.code, '221');
    const kids = await c.get('/api/v1/org-units?parent=221&limit=1000');
    assertStatus(kids, 200);
    const expected = [...units.values()].filter((u) => u.parent_code === '221').length;
    assert.ok(expected > 0);
    assert.equal(kids.body.total, expected);
  });

  test('reads its own organisation and those above it: district and province', async () => {
    for (const code of ['women-07411', 'women-217', 'women-24', 'mttq-24']) {
      const r = await c.get(`/api/v1/organizations/${org(code).id}`);
      assertStatus(r, 200);
      assert.equal(r.body.code, code);
    }
  });

  test('cannot read a neighbouring district\'s organisation, nor a sibling commune\'s (404)', async () => {
    for (const code of ['women-221', 'women-07681', 'women-07375']) {
      assertStatus(await c.get(`/api/v1/organizations/${org(code).id}`), 404);
    }
  });

  test('a 404 for out of scope looks like a 404 for a missing id', async () => {
    const hidden = await c.get(`/api/v1/organizations/${org('women-221').id}`);
    const missing = await c.get('/api/v1/organizations/987654321');
    assertStatus(missing, 404);
    assert.equal(hidden.text, missing.text);
  });

  test('the organisation list holds only its commune and the units above it', async () => {
    const r = await c.get('/api/v1/organizations?limit=1000');
    assertStatus(r, 200);
    assert.ok(r.body.items.length > 0);
    const visible = (code) => inSubtree(code, '07411') || inSubtree('07411', code);
    const expected = [...orgs.values()].filter((o) => visible(o.unit.code)).map((o) => o.code).sort();
    assert.deepEqual(r.body.items.map((o) => o.code).sort(), expected);
    assert.equal(r.body.total, expected.length);
    assert.ok(!r.body.items.some((o) => inSubtree(o.unit.code, '221')), 'nothing of Yên Dũng');
  });

  test('cannot change another district\'s organisation (404) nor its own district\'s (403)', async () => {
    const yd = org('women-221');
    assertStatus(await c.patch(`/api/v1/organizations/${yd.id}`, { name: 'Đổi tên trái phép', version: yd.version }), 404);
    const lg = org('women-217');
    assertStatus(await c.patch(`/api/v1/organizations/${lg.id}`, { name: 'Đổi tên trái phép', version: lg.version }), 403);
    for (const code of ['women-221', 'women-217']) {
      const now = await admin.get(`/api/v1/organizations/${org(code).id}`);
      assert.equal(now.body.name, org(code).name, `${code} is unchanged`);
    }
  });

  test('cannot read the audit log (403)', async () => {
    assertStatus(await c.get(`/api/v1/audit?entity=organizations&id=${org('women-07411').id}`), 403);
  });
});

describe('a district admin (langgiang.admin)', () => {
  let c;
  let all;
  before(async () => {
    c = await as('langgiang.admin');
    const r = await admin.get('/api/v1/users?limit=1000');
    assertStatus(r, 200);
    all = r.body.items;
  });
  const orgUnit = (id) => [...orgs.values()].find((o) => o.id === id)?.unit.code;

  test('sees exactly the users of Lạng Giang\'s subtree', async () => {
    const r = await c.get('/api/v1/users?limit=1000');
    assertStatus(r, 200);
    const got = r.body.items.map((u) => u.username).sort();
    const expected = all.filter((u) => inSubtree(orgUnit(u.organization_id ?? u.organization?.id), '217')).map((u) => u.username).sort();
    assert.deepEqual(got, expected);
    assert.ok(got.includes('langgiang.admin') && got.includes('tanthanh.phunu') && got.includes('voi.phunu'));
    assert.ok(!got.includes('yendung.phunu') && !got.includes('laoho.phunu') && !got.includes('admin'));
    for (const u of r.body.items) assert.equal(u.password_hash, undefined, 'no password hash leaves the server');
  });

  test('cannot create a user in another district', async () => {
    const r = await c.post('/api/v1/users', {
      username: 'yendung.moi', full_name: 'Người Ngoài Huyện', password: 'mat-khau-dai-du-10',
      organization_id: org('women-221').id, role: 'officer',
    });
    assert.ok([403, 422].includes(r.status), `403 or 422, got ${r.status}: ${r.text}`);
    assert.ok(r.body?.error?.code);
    const list = await admin.get('/api/v1/users?limit=1000');
    assert.ok(!list.body.items.some((u) => u.username === 'yendung.moi'), 'no user was created');
  });

  test('cannot change a user of another district (404), and that user is untouched', async () => {
    const yd = all.find((u) => u.username === 'yendung.phunu');
    assert.ok(yd);
    assertStatus(await c.patch(`/api/v1/users/${yd.id}`, { active: false, ...(yd.version !== undefined ? { version: yd.version } : {}) }), 404);
    const s = await as('yendung.phunu');
    assert.equal((await s.get('/api/v1/session')).status, 200, 'the user can still sign in');
  });

  test('can create a user in its own district, who can then sign in', async () => {
    const body = {
      username: 'tanthanh.nongdan', full_name: 'Hoàng Văn Đức', password: 'Nông-dân-Tân-Thanh-1',
      organization_id: org('farmers-07411').id, role: 'officer',
    };
    const r = await c.post('/api/v1/users', body);
    assert.ok([200, 201].includes(r.status), r.text);
    assert.equal(r.body.username, body.username);
    assert.equal(r.body.password, undefined);
    const s = new Client(srv.url);
    const me = await s.login(body.username, body.password);
    assert.equal(me.user.full_name, body.full_name);
    assert.equal(me.user.organization.id, body.organization_id);
    assert.equal(me.user.role, 'officer');
  });

  test('cannot make anyone an admin above its own district by creating them at the province', async () => {
    const r = await c.post('/api/v1/users', {
      username: 'tinh.gia', full_name: 'Tỉnh Giả', password: 'mat-khau-dai-du-10',
      organization_id: org('mttq-24').id, role: 'admin',
    });
    assert.ok([403, 422].includes(r.status), `403 or 422, got ${r.status}: ${r.text}`);
  });
});

describe('plans', () => {
  let plans;
  before(async () => {
    const r = await admin.get('/api/v1/plans?limit=1000');
    assertStatus(r, 200);
    plans = new Map(r.body.items.map((p) => [p.code, p]));
  });

  test('the owner organisation\'s officer changes its plan; another organisation\'s plan is 403', async () => {
    const c = await as('tinh.phunu');
    const mine = plans.get('DA-RACTHAI');
    const theirs = plans.get('DA-OCOP');
    assert.ok(mine && theirs);
    const cur = await c.get(`/api/v1/plans/${mine.id}`);
    assertStatus(cur, 200);
    const title = `${cur.body.title} (cập nhật)`;
    const ok = await c.patch(`/api/v1/plans/${mine.id}`, { title, ...(cur.body.version !== undefined ? { version: cur.body.version } : {}) });
    assertStatus(ok, 200);
    assert.equal((await admin.get(`/api/v1/plans/${mine.id}`)).body.title, title);

    const other = await c.get(`/api/v1/plans/${theirs.id}`);
    assertStatus(other, 200);
    const no = await c.patch(`/api/v1/plans/${theirs.id}`, { title: 'Đổi trái phép', ...(other.body.version !== undefined ? { version: other.body.version } : {}) });
    assertStatus(no, 403);
    assert.equal((await admin.get(`/api/v1/plans/${theirs.id}`)).body.title, theirs.title);
  });

  test('a commune officer reads the province\'s plans but cannot change them', async () => {
    const c = await as('tanthanh.phunu');
    const r = await c.get('/api/v1/plans?limit=1000');
    assertStatus(r, 200);
    assert.deepEqual(r.body.items.map((p) => p.code).sort(), [...plans.keys()].sort());
    const p = plans.get('DA-RACTHAI');
    assertStatus(await c.patch(`/api/v1/plans/${p.id}`, { title: 'Đổi trái phép' }), 403);
  });

  test('a viewer cannot change anything', async () => {
    const c = await as('tinh.ubnd');
    const p = plans.get('KH-MTTQ-DDK');
    assertStatus(await c.patch(`/api/v1/plans/${p.id}`, { title: 'Đổi trái phép' }), 403);
    assertStatus(await c.get('/api/v1/users'), 403);
  });

  test('the inspector reads the audit log', async () => {
    const c = await as('tinh.kiemtra');
    const r = await c.get(`/api/v1/audit?entity=plans&id=${plans.get('DA-RACTHAI').id}`);
    assertStatus(r, 200);
    assert.ok(Array.isArray(r.body.items));
    assert.ok(r.body.items.some((a) => a.username === 'tinh.phunu'), 'the plan change above is in the log');
  });
});
