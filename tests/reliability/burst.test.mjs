// burst.test.mjs — sign-in throttling holds under a burst (docs/DECISIONS.md: 5
// failures per account or 20 per address in 15 minutes, then 429 with
// Retry-After), even when a thousand attempts arrive together and race each
// other; addresses are counted apart; every sign-in gets a fresh token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

const PASSWORD = 'mat-khau-thu-dot-kich-1';
let srv;
const tally = {};

before(async () => {
  srv = await startServer({ demo: false });
  const admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const org = (await admin.post('/api/v1/organizations', { code: 'women-24', name: 'Hội LHPN tỉnh', system: 'women', unit: '24' })).body;
  for (const name of ['dot.kich.mot', 'dot.kich.hai', 'dot.kich.ba', 'dot.kich.bon']) {
    const r = await admin.post('/api/v1/users', { username: name, full_name: `Người thử ${name}`, password: PASSWORD, organization_id: org.id, role: 'officer' });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => {
  console.log(`# burst: ${Object.values(tally).reduce((a, b) => a + b, 0)} sign-in attempts (${Object.entries(tally).sort().map(([s, n]) => `${s}:${n}`).join(' ')})`);
  await srv?.stop();
});

// One sign-in attempt from a given loopback address.
function signIn(username, password, localAddress = '127.0.0.1', cookie) {
  const body = JSON.stringify({ username, password });
  return new Promise((ok, fail) => {
    const req = request(`${srv.url}/api/v1/session`, {
      method: 'POST', localAddress, agent: new Agent({ keepAlive: false }),
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(cookie ? { cookie } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        tally[res.statusCode] = (tally[res.statusCode] ?? 0) + 1;
        ok({ status: res.statusCode, headers: res.headers, body: json, text });
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

// n attempts, `width` at a time.
async function burst(n, width, attempt) {
  const out = [];
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await attempt(i);
    }
  }));
  return out;
}

function assertThrottled(r, what) {
  assert.equal(r.status, 429, `${what}: ${r.status} ${r.text}`);
  const ra = r.headers['retry-after'];
  assert.match(ra ?? '', /^\d+$/, `${what}: Retry-After in seconds`);
  assert.ok(Number(ra) >= 1 && Number(ra) <= 900, `${what}: Retry-After ${ra} within 1 s–15 min`);
  assert.ok(!/tiendo_session=[^;\s]+/.test(String(r.headers['set-cookie'] ?? '')), `${what}: no session`);
}

test('1,000 wrong passwords for one account, 50 at a time: at most 5 are checked, the rest get 429', async () => {
  const rs = await burst(1000, 50, () => signIn('dot.kich.mot', 'sai-mat-khau-dot-kich', '127.0.0.2'));
  const failures = rs.filter((r) => r.status === 401).length;
  const blocked = rs.filter((r) => r.status === 429);
  const other = rs.filter((r) => ![401, 429].includes(r.status));
  assert.deepEqual(other.map((r) => r.status), [], 'only 401 and 429');
  assert.ok(failures <= 5, `no more than 5 passwords of one account are tried in 15 minutes, even in a burst (tried ${failures})`);
  assert.equal(failures + blocked.length, 1000);
  for (const r of blocked) assertThrottled(r, 'blocked attempt');
  // the right password is refused too while the block lasts
  assertThrottled(await signIn('dot.kich.mot', PASSWORD, '127.0.0.3'), 'right password for a blocked account');
});

test('1,000 attempts on many accounts from one address: at most 20 are checked, and only that address is blocked', async () => {
  const rs = await burst(1000, 50, (i) => signIn(`khong.co.ai.${i}`, 'sai-mat-khau-dot-kich', '127.0.0.4'));
  const failures = rs.filter((r) => r.status === 401).length;
  assert.deepEqual(rs.filter((r) => ![401, 429].includes(r.status)).map((r) => r.status), [], 'only 401 and 429');
  assert.ok(failures <= 20, `no more than 20 failures from one address in 15 minutes, even in a burst (${failures})`);
  assert.ok(failures >= 1, 'the first attempts are checked');
  for (const r of rs.filter((x) => x.status === 429)) assertThrottled(r, 'blocked address');
  assertThrottled(await signIn('dot.kich.hai', PASSWORD, '127.0.0.4'), 'a good account from the blocked address');
  const other = await signIn('dot.kich.hai', PASSWORD, '127.0.0.5');
  assert.equal(other.status, 200, `another address signs in: ${other.text}`);
});

test('every sign-in gets a fresh token and CSRF token, even when an old cookie is sent along', async () => {
  const tokens = new Set();
  const csrfs = new Set();
  let cookie;
  for (let i = 0; i < 10; i++) {
    const r = await signIn('dot.kich.ba', PASSWORD, '127.0.0.6', cookie);
    assert.equal(r.status, 200, r.text);
    const m = /tiendo_session=([^;]+)/.exec(String(r.headers['set-cookie']));
    assert.ok(m, 'a session cookie');
    assert.match(String(r.headers['set-cookie']), /HttpOnly/i);
    assert.match(String(r.headers['set-cookie']), /SameSite=Strict/i);
    assert.ok(m[1].length >= 40, 'a long random token');
    tokens.add(m[1]);
    csrfs.add(r.body.csrf_token);
    cookie = `tiendo_session=${m[1]}`; // the next sign-in sends the old one (session fixation)
  }
  assert.equal(tokens.size, 10, 'ten sign-ins, ten different tokens');
  assert.equal(csrfs.size, 10, 'ten different CSRF tokens');
});

test('a successful sign-in in the middle of a burst does not reopen the door for the burst', async () => {
  // four failures, the right password (clears the account's count), then a burst:
  // again at most five are checked
  for (let i = 0; i < 4; i++) assert.equal((await signIn('dot.kich.bon', `sai-${i}-mat-khau`, '127.0.0.7')).status, 401);
  assert.equal((await signIn('dot.kich.bon', PASSWORD, '127.0.0.7')).status, 200);
  const rs = await burst(300, 30, () => signIn('dot.kich.bon', 'sai-mat-khau-dot-kich', '127.0.0.8'));
  const failures = rs.filter((r) => r.status === 401).length;
  assert.ok(failures <= 5, `at most 5 checked after the reset (${failures})`);
  assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
});
