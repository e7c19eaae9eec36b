// trust-proxy.test.mjs — behind nginx every request comes from the proxy's address.
// With --trust-proxy the sign-in throttle, the audit and the access log count each
// client under the address the proxy appends to X-Forwarded-For, so one guesser
// does not lock everybody out; without it the header is ignored, so a client
// cannot dodge the throttle by inventing addresses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, DEMO_PASSWORD, startServer, tiendo } from '../lib/server.mjs';

async function signIn(url, username, password, xff) {
  return new Client(url).post('/api/v1/session', { username, password }, { headers: xff ? { 'x-forwarded-for': xff } : {} });
}

function logLines(file) {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('behind a trusted proxy (--trust-proxy 127.0.0.1)', () => {
  let srv;
  let log;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiendo-proxy-'));
    log = join(dir, 'access.log');
    srv = await startServer({ demo: true, serveArgs: ['--trust-proxy', '127.0.0.1', '--access-log', log] });
  });
  after(async () => { await srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

  test('twenty failures from one client block that client only', async () => {
    let blocked = null;
    for (let i = 0; i < 30 && !blocked; i++) {
      const r = await signIn(srv.url, `khong.co.${i}`, 'sai-mat-khau', '203.0.113.7');
      if (r.status === 429) blocked = r;
      else assert.equal(r.status, 401, r.text);
    }
    assert.ok(blocked, 'the guessing client was blocked');
    const same = await signIn(srv.url, 'tinh.mttq', DEMO_PASSWORD, '203.0.113.7');
    assert.equal(same.status, 429, 'the blocked client stays blocked even with a right password');
    // a forged left part does not help: nginx appends the real address on the right
    const forged = await signIn(srv.url, 'tinh.mttq', DEMO_PASSWORD, '198.51.100.23, 203.0.113.7');
    assert.equal(forged.status, 429, forged.text);
    // another client behind the same proxy signs in
    const other = await signIn(srv.url, 'tinh.mttq', DEMO_PASSWORD, '203.0.113.8');
    assert.equal(other.status, 200, other.text);
  });

  test('the access log and the session carry the client address', async () => {
    const r = await signIn(srv.url, 'tinh.nongdan', DEMO_PASSWORD, '2001:db8::42');
    assert.equal(r.status, 200, r.text);
    await new Promise((ok) => setTimeout(ok, 100)); // the log line is written after the answer
    const lines = logLines(log).filter((l) => l.path === '/api/v1/session' && l.status === 200);
    assert.ok(lines.some((l) => l.ip === '2001:db8::42'), JSON.stringify(lines.slice(-3)));
    assert.ok(lines.some((l) => l.ip === '203.0.113.8'));
    assert.ok(!lines.some((l) => l.ip === '127.0.0.1'), 'no sign-in is logged under the proxy address');
  });
});

describe('without --trust-proxy', () => {
  let srv;
  let log;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tiendo-proxy-'));
    log = join(dir, 'access.log');
    srv = await startServer({ demo: false, serveArgs: ['--access-log', log] });
  });
  after(async () => { await srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

  test('X-Forwarded-For is ignored: the peer address counts', async () => {
    const r = await signIn(srv.url, 'khong.co.ai', 'sai-mat-khau', '203.0.113.7');
    assert.equal(r.status, 401, r.text);
    await new Promise((ok) => setTimeout(ok, 100));
    const lines = logLines(log).filter((l) => l.path === '/api/v1/session');
    assert.equal(lines.at(-1).ip, '127.0.0.1');
  });

  test('a --trust-proxy that is not a list of addresses is a usage error', () => {
    const r = tiendo(['serve', '--data', srv.dataDir, '--trust-proxy', 'nginx.local']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--trust-proxy wants IP addresses/);
  });
});
