// backup.test.mjs — `tiendo backup FILE` taken while officers keep writing is a
// whole database: restored into a new data directory (FILE copied as
// tiendo.db) and served, it holds every write acknowledged before the backup
// began, and each report in it is one whole save, never half of one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, BIN, Client, startServer } from '../lib/server.mjs';

const PASSWORD = 'mat-khau-thu-sao-luu-1';
let srv;
let restoredDir;
let restored;
let work;
let org;
let plan;
let inds;
const ledger = new Map(); // report id -> {g: last acknowledged generation, at: sequence of the acknowledgement}
let seq = 0;

before(async () => {
  srv = await startServer({ demo: false });
  work = mkdtempSync(join(tmpdir(), 'tiendo-backup-'));
  const admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  org = (await admin.post('/api/v1/organizations', { code: 'women-24', name: 'Hội LHPN tỉnh', system: 'women', unit: '24' })).body;
  const r = await admin.post('/api/v1/users', { username: 'sao.luu', full_name: 'Người thử sao lưu', password: PASSWORD, organization_id: org.id, role: 'officer' });
  assert.equal(r.status, 201, r.text);
  plan = (await admin.post('/api/v1/plans', { code: 'SAO-LUU', kind: 'de_an', title: 'Đề án thử sao lưu', owner_id: org.id, start_year: 2000, end_year: 2100 })).body;
  inds = [];
  for (let i = 0; i < 5; i++)
    inds.push((await admin.post(`/api/v1/plans/${plan.id}/indicators`, { code: `SL${i}`, name: `Chỉ tiêu ${i}`, frequency: 'month', value_type: 'integer' })).body.id);
});

after(async () => {
  if (restored && restored.proc.exitCode === null) restored.proc.kill('SIGKILL');
  await srv?.stop();
  for (const d of [work, restoredDir]) if (d) rmSync(d, { recursive: true, force: true });
});

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// Writes reports and saves them, one after another, until stop.value.
async function writer(c, stop, from) {
  for (let n = from; !stop.value; n++) {
    const period = `${2000 + Math.floor(n / 12)}${String((n % 12) + 1).padStart(2, '0')}`;
    const cr = await c.post('/api/v1/reports', { plan_id: plan.id, organization_id: org.id, unit: '24', period });
    assert.equal(cr.status, 201, cr.text);
    ledger.set(cr.body.id, { g: null, at: ++seq });
    const g = n + 1;
    const put = await c.put(`/api/v1/reports/${cr.body.id}`, { version: cr.body.version, values: inds.map((id) => ({ indicator_id: id, value: g })) });
    assert.equal(put.status, 200, put.text);
    ledger.set(cr.body.id, { g, at: ++seq });
  }
}

test('a backup taken during writes restores every write acknowledged before it began, each report whole', async () => {
  const c1 = new Client(srv.url);
  await c1.login('sao.luu', PASSWORD);
  const stop = { value: false };
  const w = writer(c1, stop, 0);
  while (seq < 200) await new Promise((r) => setTimeout(r, 5));
  const file = join(work, 'tiendo-sao-luu.db');
  const startedAt = seq; // everything acknowledged up to here must be in the backup
  const before = new Map([...ledger].filter(([, v]) => v.at <= startedAt));
  const t0 = Date.now();
  const b = await new Promise((ok) => {
    const p = spawn(BIN, ['backup', file, '--data', srv.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('exit', (code) => ok({ code, out }));
  });
  const during = seq - startedAt;
  stop.value = true;
  await w;
  assert.equal(b.code, 0, `tiendo backup: ${b.out}`);
  console.log(`# backup: ${startedAt} writes acknowledged before it, ${during} during it (${Date.now() - t0} ms), ${seq} in all`);
  assert.ok(during > 0, 'writes went on while the backup ran');

  const integ = spawnSync('sqlite3', [file, 'PRAGMA integrity_check;'], { encoding: 'utf8' });
  assert.equal(integ.error, undefined, 'the sqlite3 command-line tool is installed');
  assert.equal(integ.stdout.trim(), 'ok', 'the backup file is a sound database');

  const again = spawnSync(BIN, ['backup', file, '--data', srv.dataDir], { encoding: 'utf8' });
  assert.notEqual(again.status, 0, 'a second backup does not overwrite the first');

  // restore: the file becomes tiendo.db of a new data directory, and is served
  restoredDir = mkdtempSync(join(tmpdir(), 'tiendo-restored-'));
  copyFileSync(file, join(restoredDir, 'tiendo.db'));
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--data', restoredDir, '--listen', `127.0.0.1:${port}`, '--access-log', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  restored = { proc, exited: new Promise((ok) => proc.on('exit', (code) => ok(code))) };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not up */ }
    assert.ok(i < 3000 && proc.exitCode === null, `restored server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const c2 = new Client(url);
  await c2.login('sao.luu', PASSWORD);
  const problems = [];
  const all = [];
  for (let off = 0; ; off += 1000) {
    const l = await c2.get(`/api/v1/reports?plan=${plan.id}&limit=1000&offset=${off}`);
    assert.equal(l.status, 200, l.text);
    all.push(...l.body.items);
    if (off + 1000 >= l.body.total) break;
  }
  const present = new Set(all.map((x) => x.id));
  for (const [id, v] of before) {
    if (!present.has(id)) { problems.push(`report ${id} acknowledged before the backup is missing`); continue; }
    const r = (await c2.get(`/api/v1/reports/${id}`)).body;
    const gens = [...new Set(r.values.filter((x) => x.value !== null).map((x) => x.value))];
    if (v.g !== null && (gens.length !== 1 || gens[0] !== v.g || r.values.length !== inds.length)) problems.push(`report ${id}: values ${JSON.stringify(gens)}, acknowledged ${v.g}`);
  }
  for (const it of all) {
    if (before.has(it.id)) continue;
    const r = (await c2.get(`/api/v1/reports/${it.id}`)).body; // written during the backup: whole or empty
    const vals = r.values.filter((x) => x.value !== null);
    if (vals.length && (vals.length !== inds.length || new Set(vals.map((x) => x.value)).size !== 1)) problems.push(`report ${it.id} half written in the backup`);
  }
  assert.deepEqual(problems, []);
  assert.ok(!existsSync(join(restoredDir, 'tiendo.db-journal')), 'no rollback journal left behind');
  proc.kill('SIGTERM');
  assert.equal(await restored.exited, 0, `the restored server stops cleanly: ${log.slice(-2000)}`);
  assert.doesNotMatch(log, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
});
