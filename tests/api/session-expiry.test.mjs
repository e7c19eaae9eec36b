// session-expiry.test.mjs — a session left alone ends after the idle timeout, a
// session in use stays alive, and no session outlives its absolute lifetime
// (--session-idle / --session-max, shortened here to seconds). The waits run
// side by side to keep the file short.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

let idleSrv;   // --session-idle 2
let maxSrv;    // --session-idle 60 --session-max 5
before(async () => {
  idleSrv = await startServer({ demo: true, serveArgs: ['--session-idle', '2'] });
  maxSrv = await startServer({ demo: true, serveArgs: ['--session-idle', '60', '--session-max', '5'] });
});
after(async () => { await Promise.all([idleSrv?.stop(), maxSrv?.stop()]); });

describe('session lifetimes', { concurrency: true }, () => {
  test('idle timeout: a session left idle longer than the timeout answers 401', async () => {
    const c = new Client(idleSrv.url);
    await c.login('admin', ADMIN_PASSWORD);
    assert.equal((await c.get('/api/v1/session')).status, 200);
    await sleep(3300);
    const r = await c.get('/api/v1/session');
    assert.equal(r.status, 401, r.text);
    assert.ok(r.body?.error?.code);
    assert.equal((await c.get('/api/v1/plans')).status, 401);
  });

  test('idle timeout: a session in use stays alive past the idle timeout', async () => {
    const c = new Client(idleSrv.url);
    await c.login('tinh.danvan');
    const started = Date.now();
    while (Date.now() - started < 4000) {
      await sleep(500);
      const r = await c.get('/api/v1/session');
      assert.equal(r.status, 200, `still signed in ${Date.now() - started} ms after sign-in, used every 0.5 s: ${r.text}`);
    }
  });

  test('absolute lifetime: the cookie does not outlive the session, and a session in use still ends', async () => {
    const c = new Client(maxSrv.url);
    const r = await c.req('POST', '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
    assert.equal(r.status, 200, r.text);
    const set = r.headers.get('set-cookie') ?? '';
    const maxAge = /Max-Age=(\d+)/i.exec(set);
    if (maxAge) assert.ok(Number(maxAge[1]) <= 5, `cookie Max-Age ${maxAge[1]} does not outlive the session`);
    else assert.doesNotMatch(set, /Expires=/i, 'a session cookie without Max-Age carries no far Expires either');
    // the lifetime counts from the sign-in on the server: ask at once, with a
    // margin for a busy machine, then keep using it past the five seconds
    const started = Date.now();
    assert.equal((await c.get('/api/v1/session')).status, 200, 'alive within its lifetime');
    while (Date.now() - started < 6500) { await sleep(500); await c.get('/api/v1/session'); }
    const end = await c.get('/api/v1/session');
    assert.equal(end.status, 401, `ended after its absolute lifetime although used every 0.5 s: ${end.text}`);
  });
});
