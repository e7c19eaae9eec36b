// session.test.mjs — signing in and out: the session cookie, what a stolen or
// stale cookie can still do, CSRF protection of writes, and how a password change
// or disabling an account ends sessions at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';

let srv;
let admin;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
});
after(async () => { await srv?.stop(); });

// A client that already carries the given raw cookie (and optional CSRF token).
function withCookie(cookie, csrf = null) {
  const c = new Client(srv.url);
  c.cookie = cookie;
  c.csrf = csrf;
  return c;
}

async function userByName(username) {
  const r = await admin.get('/api/v1/users?limit=1000');
  assert.equal(r.status, 200, r.text);
  const u = r.body.items.find((x) => x.username === username);
  assert.ok(u, `user ${username} is listed for the admin`);
  return u;
}

async function orgByCode(code) {
  const r = await admin.get('/api/v1/organizations?limit=1000');
  assert.equal(r.status, 200, r.text);
  const o = r.body.items.find((x) => x.code === code);
  assert.ok(o, `organisation ${code} is listed for the admin`);
  return o;
}

function assertError(r, status) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, `JSON error body: ${r.text}`);
  assert.equal(typeof r.body.error.code, 'string');
  assert.match(r.body.error.code, /^[a-z0-9_]+$/);
  assert.equal(typeof r.body.error.message, 'string');
  assert.ok(r.body.error.message.length > 0);
}

describe('sign-in', () => {
  test('signing in returns the user, a CSRF token and an HttpOnly SameSite=Strict cookie', async () => {
    const c = new Client(srv.url);
    const r = await c.post('/api/v1/session', { username: 'tinh.phunu', password: DEMO_PASSWORD });
    assert.equal(r.status, 200, r.text);
    const set = r.headers.get('set-cookie');
    assert.ok(set, 'a Set-Cookie header');
    assert.match(set, /tiendo_session=[^;\s]{16,}/, 'a non-trivial session token');
    assert.match(set, /;\s*HttpOnly/i);
    assert.match(set, /;\s*SameSite=Strict/i);
    assert.match(set, /;\s*Path=\/(;|$)/);
    const u = r.body.user;
    assert.equal(u.username, 'tinh.phunu');
    assert.equal(u.role, 'officer');
    assert.equal(u.organization.system, 'women');
    assert.equal(u.scope_unit.code, '24');
    assert.equal(typeof u.id, 'number');
    assert.equal(typeof u.full_name, 'string');
    assert.equal(typeof r.body.csrf_token, 'string');
    assert.ok(r.body.csrf_token.length >= 16);
    // The session answers "who am I" with the same user and token.
    const me = await c.get('/api/v1/session');
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.user.id, u.id);
    assert.equal(me.body.user.username, 'tinh.phunu');
    assert.equal(me.body.csrf_token, r.body.csrf_token);
  });

  test('no session: the API answers 401 with a JSON error', async () => {
    const c = new Client(srv.url);
    assertError(await c.get('/api/v1/session'), 401);
    assertError(await c.get('/api/v1/plans'), 401);
    assertError(await withCookie('tiendo_session=not-a-real-token').get('/api/v1/plans'), 401);
  });

  test('each sign-in issues a new session token, even when a cookie is already held', async () => {
    const a = new Client(srv.url);
    const b = new Client(srv.url);
    const ra = await a.login('tinh.ccb');
    const rb = await b.login('tinh.ccb');
    assert.ok(a.cookie && b.cookie);
    assert.notEqual(a.cookie, b.cookie, 'two sign-ins, two different cookies');
    assert.notEqual(ra.csrf_token, rb.csrf_token, 'two sign-ins, two different CSRF tokens');
    const held = a.cookie;
    await a.login('tinh.ccb');
    assert.notEqual(a.cookie, held, 'signing in again over an existing cookie gives a fresh token');
    for (const c of [a, b]) assert.equal((await c.get('/api/v1/session')).status, 200);
  });

  test('wrong password and unknown user both answer 401 with the same body', async () => {
    const c = new Client(srv.url);
    const wrong = await c.post('/api/v1/session', { username: 'tinh.doan', password: 'not-the-password-1' });
    const unknown = await c.post('/api/v1/session', { username: 'khong.ton.tai', password: 'not-the-password-1' });
    assertError(wrong, 401);
    assertError(unknown, 401);
    assert.equal(wrong.text, unknown.text, 'the body does not reveal whether the account exists');
    for (const r of [wrong, unknown]) {
      assert.doesNotMatch(r.headers.get('set-cookie') ?? '', /tiendo_session=[^;\s]+/, 'no session is started');
    }
  });
});

describe('sign-out', () => {
  test('signing out ends the session and the old cookie no longer works', async () => {
    const c = new Client(srv.url);
    await c.login('tinh.nongdan');
    const oldCookie = c.cookie;
    const oldCsrf = c.csrf;
    assert.equal((await c.get('/api/v1/plans')).status, 200);
    const out = await c.del('/api/v1/session');
    assert.equal(out.status, 204, out.text);
    assertError(await c.get('/api/v1/session'), 401);
    // Someone who kept a copy of the cookie cannot use it any more.
    const thief = withCookie(oldCookie, oldCsrf);
    assertError(await thief.get('/api/v1/session'), 401);
    assertError(await thief.get('/api/v1/plans'), 401);
    assertError(await thief.patch('/api/v1/organizations/1', { name: 'x' }), 401);
  });
});

describe('CSRF', () => {
  const name = 'Hội LHPN xã Nghĩa Hưng (thử CSRF)';
  let org;
  before(async () => { org = await orgByCode('women-217'); });

  async function createdCount() {
    const r = await admin.get('/api/v1/organizations?limit=1000');
    assert.equal(r.status, 200, r.text);
    return r.body.items.filter((o) => o.name === name).length;
  }

  test('POST without or with a wrong X-CSRF-Token is refused with 403 and writes nothing', async () => {
    const body = { code: 'women-07381', name, system: 'women', unit: '07381', parent_id: org.id };
    assertError(await admin.post('/api/v1/organizations', body, { headers: { 'x-csrf-token': '' } }), 403);
    assertError(await admin.post('/api/v1/organizations', body, { headers: { 'x-csrf-token': 'A'.repeat(43) } }), 403);
    // a token from another valid session is not this session's token
    const other = new Client(srv.url);
    const o = await other.login('tinh.ubnd');
    assertError(await admin.post('/api/v1/organizations', body, { headers: { 'x-csrf-token': o.csrf_token } }), 403);
    assert.equal(await createdCount(), 0);
    // without any header at all (a plain cross-site form post)
    const bare = await fetch(`${srv.url}/api/v1/organizations`, {
      method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    assert.equal(bare.status, 403);
    assert.equal(await createdCount(), 0);
  });

  test('PATCH and DELETE without or with a wrong token are refused with 403', async () => {
    const before1 = await admin.get(`/api/v1/organizations/${org.id}`);
    assert.equal(before1.status, 200, before1.text);
    const patch = { name: 'Tên bị đổi trái phép', version: before1.body.version };
    assertError(await admin.patch(`/api/v1/organizations/${org.id}`, patch, { headers: { 'x-csrf-token': '' } }), 403);
    assertError(await admin.patch(`/api/v1/organizations/${org.id}`, patch, { headers: { 'x-csrf-token': `${admin.csrf}x` } }), 403);
    const after1 = await admin.get(`/api/v1/organizations/${org.id}`);
    assert.equal(after1.body.name, before1.body.name, 'the name is unchanged');
    assert.equal(after1.body.version, before1.body.version);
    // sign-out is a write too: without the token the session survives
    assertError(await admin.del('/api/v1/session', { headers: { 'x-csrf-token': '' } }), 403);
    assert.equal((await admin.get('/api/v1/session')).status, 200);
  });

  test('the same write with the right token goes through', async () => {
    const cur = await admin.get(`/api/v1/organizations/${org.id}`);
    const r = await admin.patch(`/api/v1/organizations/${org.id}`, { name: cur.body.name, version: cur.body.version });
    assert.equal(r.status, 200, r.text);
  });
});

describe('ending sessions', () => {
  test('an admin changing a password ends all sessions of that user; the new password works', async () => {
    const target = await userByName('tinh.taichinh');
    const s1 = new Client(srv.url);
    const s2 = new Client(srv.url);
    await s1.login('tinh.taichinh');
    await s2.login('tinh.taichinh');
    const newPassword = 'Mật-khẩu-mới-2026!';
    const r = await admin.patch(`/api/v1/users/${target.id}`, { password: newPassword, ...(target.version !== undefined ? { version: target.version } : {}) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.password, undefined, 'the password is never echoed');
    assert.equal(r.body.password_hash, undefined, 'the hash is never echoed');
    assertError(await s1.get('/api/v1/session'), 401);
    assertError(await s2.get('/api/v1/plans'), 401);
    const old = await new Client(srv.url).post('/api/v1/session', { username: 'tinh.taichinh', password: DEMO_PASSWORD });
    assertError(old, 401);
    const fresh = new Client(srv.url);
    const me = await fresh.login('tinh.taichinh', newPassword);
    assert.equal(me.user.username, 'tinh.taichinh');
  });

  test('changing one\'s own password keeps the current session and ends the others', async () => {
    const here = new Client(srv.url);
    const elsewhere = new Client(srv.url);
    const me = await here.login('langgiang.admin');
    await elsewhere.login('langgiang.admin');
    const list = await here.get('/api/v1/users?limit=1000');
    assert.equal(list.status, 200, list.text);
    const self = list.body.items.find((x) => x.username === 'langgiang.admin');
    assert.ok(self, 'the district admin sees their own account');
    assert.equal(self.id, me.user.id);
    const r = await here.patch(`/api/v1/users/${self.id}`, { password: 'Lạng-Giang-mới-2026', ...(self.version !== undefined ? { version: self.version } : {}) });
    assert.equal(r.status, 200, r.text);
    assert.equal((await here.get('/api/v1/session')).status, 200, 'the session that made the change goes on');
    assertError(await elsewhere.get('/api/v1/session'), 401);
  });

  test('disabling a user ends their session at once and blocks sign-in', async () => {
    const target = await userByName('tinh.ubnd');
    const c = new Client(srv.url);
    await c.login('tinh.ubnd');
    assert.equal((await c.get('/api/v1/plans')).status, 200);
    const r = await admin.patch(`/api/v1/users/${target.id}`, { active: false, ...(target.version !== undefined ? { version: target.version } : {}) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.active, false);
    assertError(await c.get('/api/v1/plans'), 401);
    assertError(await c.get('/api/v1/session'), 401);
    const again = await new Client(srv.url).post('/api/v1/session', { username: 'tinh.ubnd', password: DEMO_PASSWORD });
    assertError(again, 401);
    const listed = await userByName('tinh.ubnd');
    assert.equal(listed.active, false);
  });
});
