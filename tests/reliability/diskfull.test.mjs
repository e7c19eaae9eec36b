// diskfull.test.mjs — a full disk refuses writes with a clear 507
// (insufficient_storage: nothing was written), keeps reads and sign-ins of
// existing sessions working, leaves the database intact, and writing resumes as
// soon as there is room again. The data directory sits on a small tmpfs mounted
// by the test (it needs root); without root or mount the test fails and says so.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_PASSWORD, BIN, Client, tiendo } from '../lib/server.mjs';

const PASSWORD = 'mat-khau-thu-day-dia-1';
let mnt;
let mounted = false;
let dataDir;
let proc;
let log = '';
let exited;
let url;
let admin;
let officer;
let ids = {};

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// Fills the file system of dir with a file until it is full; returns its path.
function fill(dir) {
  const p = join(dir, 'day-dia.bin');
  const fd = openSync(p, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    assert.equal(e.code, 'ENOSPC', `filling stops on a full disk, not ${e.code}`);
  }
  // and the last few bytes
  try { for (;;) writeSync(fd, Buffer.alloc(512, 0x62)); } catch { /* full */ }
  closeSync(fd);
  return p;
}

before(async () => {
  if (process.getuid?.() !== 0) assert.fail('diskfull.test.mjs needs root to mount a small tmpfs for the data directory (run the suite as root)');
  mnt = mkdtempSync(join(tmpdir(), 'tiendo-full-'));
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', mnt], { encoding: 'utf8' });
  if (m.status !== 0) assert.fail(`cannot mount a tmpfs for the data directory (mount: ${m.stderr || m.error})`);
  mounted = true;
  dataDir = join(mnt, 'data');
  mkdirSync(dataDir);
  const init = tiendo(['init', '--data', dataDir, '--units', resolve('seed/units/bac-giang-2023.csv')]);
  assert.equal(init.status, 0, init.stderr);
  const port = await freePort();
  proc = spawn(BIN, ['serve', '--data', dataDir, '--listen', `127.0.0.1:${port}`, '--access-log', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not up */ }
    assert.ok(i < 2000 && proc.exitCode === null, `server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  admin = new Client(url);
  await admin.login('admin', ADMIN_PASSWORD);
  const ok = (r, what) => { assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`); return r.body; };
  const org = ok(await admin.post('/api/v1/organizations', { code: 'women-24', name: 'Hội LHPN tỉnh', system: 'women', unit: '24' }), 'org');
  ok(await admin.post('/api/v1/users', { username: 'day.dia', full_name: 'Cán bộ thử', password: PASSWORD, organization_id: org.id, role: 'officer' }), 'user');
  officer = new Client(url);
  await officer.login('day.dia', PASSWORD);
  const plan = ok(await admin.post('/api/v1/plans', { code: 'DAY-DIA', kind: 'de_an', title: 'Đề án thử đầy đĩa', owner_id: org.id, start_year: 2026, end_year: 2026 }), 'plan');
  const ind = ok(await admin.post(`/api/v1/plans/${plan.id}/indicators`, { code: 'DD1', name: 'Số buổi', frequency: 'month', value_type: 'integer' }), 'indicator');
  const rep = ok(await officer.post('/api/v1/reports', { plan_id: plan.id, organization_id: org.id, unit: '24', period: '202601' }), 'report');
  const task = ok(await officer.post('/api/v1/tasks', { plan_id: plan.id, title: 'Nhiệm vụ', responsible_id: org.id, unit: '24', start: '2026-01-01', deadline: '2026-06-30', slot: '2026Q2' }), 'task');
  ids = { org: org.id, plan: plan.id, ind: ind.id, report: rep.id, task: task.id };
});

after(async () => {
  try {
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await exited;
    }
  } finally {
    if (mounted) {
      const u = spawnSync('umount', [mnt], { encoding: 'utf8' });
      if (u.status !== 0) spawnSync('umount', ['-l', mnt]);
    }
    if (mnt) rmSync(mnt, { recursive: true, force: true });
  }
});

function integrity() {
  const r = spawnSync('sqlite3', [join(dataDir, 'tiendo.db'), 'PRAGMA integrity_check;'], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'the sqlite3 command-line tool is installed');
  return r.stdout.trim() || r.stderr.trim();
}

describe('a full disk', () => {
  let filler;
  const writes = () => [
    ['POST /api/v1/organizations', () => admin.post('/api/v1/organizations', { code: `women-217-${Date.now()}`, name: 'Hội LHPN huyện', system: 'women', unit: '217' })],
    ['POST /api/v1/plans', () => admin.post('/api/v1/plans', { code: `DD-${Date.now()}`, kind: 'de_an', title: 'Đề án mới', owner_id: ids.org, start_year: 2026, end_year: 2026 })],
    ['PATCH /api/v1/plans/{id}', async () => admin.patch(`/api/v1/plans/${ids.plan}`, { version: (await admin.get(`/api/v1/plans/${ids.plan}`)).body.version, summary: 'Tóm tắt mới '.repeat(200) })],
    ['PUT /api/v1/reports/{id}', async () => officer.put(`/api/v1/reports/${ids.report}`, { version: (await officer.get(`/api/v1/reports/${ids.report}`)).body.version, values: [{ indicator_id: ids.ind, value: 7 }], narrative: { results: 'Kết quả '.repeat(500) } })],
    ['POST /api/v1/reports/{id}/files', () => officer.req('POST', `/api/v1/reports/${ids.report}/files?name=minh-chung.pdf`, undefined, { raw: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(256 * 1024, 0x20)]), headers: { 'content-type': 'application/pdf' } })],
    ['POST /api/v1/tasks', () => officer.post('/api/v1/tasks', { plan_id: ids.plan, title: 'Nhiệm vụ mới', responsible_id: ids.org, unit: '24', start: '2026-01-01', deadline: '2026-06-30', slot: '2026Q2' })],
    ['PATCH /api/v1/tasks/{id}', async () => officer.patch(`/api/v1/tasks/${ids.task}`, { version: (await officer.get(`/api/v1/tasks/${ids.task}`)).body.version, description: 'Mô tả '.repeat(400) })],
    ['POST /api/v1/session', () => new Client(url).post('/api/v1/session', { username: 'day.dia', password: PASSWORD })],
  ];

  test('every write gets a 507 insufficient_storage, and nothing changes', async () => {
    const before = (await admin.get(`/api/v1/reports/${ids.report}`)).body;
    filler = fill(mnt);
    const got = [];
    for (const [name, call] of writes()) {
      const r = await call();
      got.push(`${name} → ${r.status} ${r.body?.error?.code ?? ''}`);
    }
    const wrong = got.filter((g) => !/ → 507 insufficient_storage$/.test(g));
    assert.deepEqual(wrong, [], `every write answers 507 insufficient_storage:\n${got.join('\n')}`);
    const now = (await admin.get(`/api/v1/reports/${ids.report}`)).body;
    assert.equal(now.version, before.version, 'the report was not changed');
    assert.equal(proc.exitCode, null, 'the server is still running');
  });

  test('reads keep working for signed-in users', async () => {
    for (const [c, p] of [[admin, '/api/v1/plans'], [admin, `/api/v1/plans/${ids.plan}`], [officer, `/api/v1/reports/${ids.report}`],
      [officer, '/api/v1/tasks'], [admin, '/api/v1/organizations'], [officer, '/api/v1/session'], [admin, '/api/v1/org-units/24']]) {
      const r = await c.get(p);
      assert.equal(r.status, 200, `${p} on a full disk: ${r.status} ${r.text.slice(0, 200)}`);
    }
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });

  test('the database is intact on the full disk', () => {
    assert.equal(integrity(), 'ok');
  });

  test('writes resume once there is room again', async () => {
    unlinkSync(filler);
    for (const [name, call] of writes()) {
      const r = await call();
      assert.ok(r.status >= 200 && r.status < 300, `${name} after space was freed: ${r.status} ${r.text.slice(0, 200)}`);
    }
    assert.equal(integrity(), 'ok');
    proc.kill('SIGTERM');
    const ex = await exited;
    assert.equal(ex.code, 0, `the server stops cleanly: ${log.slice(-2000)}`);
    assert.doesNotMatch(log, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
  });
});
