// throttle.test.mjs — password guessing is slowed down: an account is blocked after
// five failures, a client address after twenty, a success clears the account's
// count, and the block survives a restart (it lives in the database). The tests run
// in order on one server: they share the address counter of 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { BIN, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';

let srv;
let restarted;
let failures401 = 0;   // failed sign-ins this file has made from 127.0.0.1
let blocked429 = 0;    // attempts answered 429 (a server may or may not count them)

before(async () => { srv = await startServer({ demo: true }); });
after(async () => {
  try {
    if (restarted) {
      if (restarted.proc.exitCode === null) restarted.proc.kill('SIGTERM');
      const code = await restarted.exited;
      assert.doesNotMatch(restarted.log(), /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, 'no sanitizer report');
      assert.equal(code, 0, `the restarted server exits cleanly: ${restarted.log().slice(-2000)}`);
    }
  } finally {
    if (srv?.proc.exitCode === null) await srv.stop(); // the restart test did not run
    if (srv) rmSync(srv.dataDir, { recursive: true, force: true });
    srv?.database?.drop();
  }
});

async function attempt(url, username, password) {
  const r = await new Client(url).post('/api/v1/session', { username, password });
  if (r.status === 401) failures401++;
  if (r.status === 429) blocked429++;
  return r;
}

function assertThrottled(r) {
  assert.equal(r.status, 429, `expected 429, got ${r.status}: ${r.text}`);
  assert.ok(r.body?.error?.code, 'a JSON error body');
  assert.ok(r.body.error.message.length > 0);
  const ra = r.headers.get('retry-after');
  assert.ok(ra, 'a Retry-After header');
  assert.match(ra, /^\d+$/, 'Retry-After in seconds');
  const s = Number(ra);
  assert.ok(s >= 1 && s <= 900, `Retry-After ${s} is between 1 s and the 15-minute cap`);
  assert.doesNotMatch(r.headers.get('set-cookie') ?? '', /tiendo_session=[^;\s]+/, 'no session is started');
}

test('five wrong passwords block the account: even the right password then gets 429 with Retry-After', async () => {
  for (let i = 1; i <= 5; i++) {
    const r = await attempt(srv.url, 'tinh.congdoan', `sai-mat-khau-${i}`);
    assert.equal(r.status, 401, `failure ${i} is an ordinary 401: ${r.text}`);
  }
  assertThrottled(await attempt(srv.url, 'tinh.congdoan', DEMO_PASSWORD));
  assertThrottled(await attempt(srv.url, 'tinh.congdoan', 'sai-mat-khau-6'));
});

test('a blocked account does not block another account', async () => {
  const r = await attempt(srv.url, 'tinh.taichinh', DEMO_PASSWORD);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.username, 'tinh.taichinh');
});

test('a successful sign-in resets the account\'s failure count', async () => {
  for (let round = 0; round < 2; round++) {
    for (let i = 1; i <= 4; i++) {
      const r = await attempt(srv.url, 'tinh.doan', `sai-${round}-${i}-mat-khau`);
      assert.equal(r.status, 401, `round ${round}, failure ${i}: ${r.text}`);
    }
    const ok = await attempt(srv.url, 'tinh.doan', DEMO_PASSWORD);
    assert.equal(ok.status, 200, `round ${round}: four failures then the right password signs in: ${ok.text}`);
  }
});

test('twenty failures from one address block that address, for every account', async () => {
  const start401 = failures401;
  let first429 = null;
  for (let i = 0; i < 30 && !first429; i++) {
    const r = await attempt(srv.url, `khong.co.${i}`, 'sai-mat-khau-nao-do');
    if (r.status === 429) first429 = r;
    else assert.equal(r.status, 401, r.text);
  }
  assert.ok(first429, `the address was blocked (after ${failures401} failures, ${failures401 - start401} in this test)`);
  assertThrottled(first429);
  const counted = failures401;
  assert.ok(counted <= 20, `blocked no later than after the 20th failure (counted ${counted})`);
  assert.ok(counted + blocked429 >= 20, `not blocked before 20 failures (${counted} failures, ${blocked429} blocked attempts)`);
  // the right password for an account that never failed is refused too
  assertThrottled(await attempt(srv.url, 'tinh.mttq', DEMO_PASSWORD));
});

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

test('a restart does not lift the address block: it lives in the database', async () => {
  const r = await srv.stop({ keep: true });
  assert.deepEqual(r, { code: 0, signal: null }, 'the first server stopped cleanly');
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--data', srv.dataDir, ...srv.dbArgs, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  restarted = { proc, log: () => log, exited: new Promise((ok) => proc.on('exit', ok)) };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    assert.equal(proc.exitCode, null, `restarted server exited: ${log}`);
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not up yet */ }
    assert.ok(Date.now() < deadline, `restarted server did not start: ${log}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assertThrottled(await attempt(url, 'tinh.mttq', DEMO_PASSWORD));
});
