// crash.test.mjs — an acknowledged write is never lost and a report is never half
// written, whenever the server dies. A loop of cycles on one data directory: start
// the server, let two officers create, fill in (five values in one PUT), submit and
// have approved their reports and keep a roadmap task, SIGKILL the server at a
// random moment, start it again and check that every write that got a 2xx is
// there, each report holds the values of one whole PUT (the last acknowledged one
// or the one in flight when it died), and PRAGMA integrity_check is ok.
// CRASH_CYCLES (default 200; `make test-long` runs 1,000) and CRASH_SEED (printed)
// reproduce a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_PASSWORD, BIN, Client, tiendo } from '../lib/server.mjs';

const CYCLES = Number(process.env.CRASH_CYCLES || 200);
const SEED = Number(process.env.CRASH_SEED || Math.floor(Math.random() * 2 ** 31));
const PASSWORD = 'mat-khau-thu-sap-do-1';
const NIND = 5;

// mulberry32: a small seeded generator, so a run can be repeated exactly
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);

let dataDir;
let server;        // {proc, url, log(), exited}
const clients = {}; // officer24, officer217, leader24 (sessions survive restarts: they live in the database)
let plans = [];     // [{id, indicators: [id...]}]
const reports = new Map(); // id -> ledger
const tasks = new Map();   // id -> {title, progress: {acked, attempted}}
const orphans = [];        // creates in flight when the server died: {org, plan, period}
const stats = { cycles: 0, acked: 0, inFlight: 0, committedUnacked: 0, integrity: 0 };

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

async function serve() {
  const port = await freePort();
  const proc = spawn(BIN, ['serve', '--data', dataDir, '--listen', `127.0.0.1:${port}`, '--access-log', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited ${proc.exitCode}: ${log}`);
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch { /* not up yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`server did not start: ${log}`); }
    await new Promise((r) => setTimeout(r, 10));
  }
  for (const c of Object.values(clients)) c.url = url;
  return { proc, url, log: () => log, exited };
}

function sanitizerReport(log) {
  return /(ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:)[\s\S]{0,3000}/.exec(log)?.[0];
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tiendo-crash-'));
  const init = tiendo(['init', '--data', dataDir, '--units', resolve('seed/units/bac-giang-2023.csv')]);
  assert.equal(init.status, 0, init.stderr);
  server = await serve();
  const admin = new Client(server.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const ok = (r, what) => { assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`); return r.body; };
  const w24 = ok(await admin.post('/api/v1/organizations', { code: 'women-24', name: 'Hội LHPN tỉnh', system: 'women', unit: '24' }), 'women-24');
  const w217 = ok(await admin.post('/api/v1/organizations', { code: 'women-217', name: 'Hội LHPN huyện Lạng Giang', system: 'women', unit: '217', parent_id: w24.id }), 'women-217');
  for (const [name, orgId, role] of [['officer24', w24.id, 'officer'], ['officer217', w217.id, 'officer'], ['leader24', w24.id, 'leader']]) {
    ok(await admin.post('/api/v1/users', { username: `sapdo.${name}`, full_name: `Người thử ${name}`, password: PASSWORD, organization_id: orgId, role }), name);
    clients[name] = new Client(server.url);
    await clients[name].login(`sapdo.${name}`, PASSWORD);
  }
  clients.officer24.org = w24.id; clients.officer24.unit = '24';
  clients.officer217.org = w217.id; clients.officer217.unit = '217';
  // plans of 2000–2100 (1,212 months each), enough for eight reports per officer
  // and cycle
  const perOfficer = Math.max(2, Math.ceil((CYCLES * 8) / 1212));
  for (let k = 0; k < 2 * perOfficer; k++) {
    const p = ok(await admin.post('/api/v1/plans', { code: `SAPDO-${k}`, kind: 'de_an', title: `Đề án thử sập nguồn ${k}`, owner_id: w24.id, start_year: 2000, end_year: 2100 }), 'plan');
    const inds = [];
    for (let i = 0; i < NIND; i++)
      inds.push(ok(await admin.post(`/api/v1/plans/${p.id}/indicators`, { code: `SD${k}-${i}`, name: `Chỉ tiêu ${i}`, frequency: 'month', value_type: 'integer' }), 'indicator').id);
    plans.push({ id: p.id, indicators: inds });
  }
  clients.officer24.plan = plans.slice(0, perOfficer); clients.officer217.plan = plans.slice(perOfficer);
  clients.officer24.next = 0; clients.officer217.next = 0;
  const task = ok(await clients.officer24.post('/api/v1/tasks', { plan_id: plans[0].id, title: 'Nhiệm vụ thử sập nguồn', responsible_id: w24.id, unit: '24', start: '2026-01-01', deadline: '2026-12-31', slot: '2026' }), 'task');
  tasks.set(task.id, { title: task.title, progress: { acked: task.progress ?? 0, attempted: null }, version: task.version });
  console.log(`# crash: seed ${SEED} (CRASH_SEED=${SEED} repeats this run), ${CYCLES} cycles, data ${dataDir}`);
});

after(async () => {
  console.log(`# crash: ${stats.cycles} cycles, ${stats.acked} acknowledged writes, ${stats.inFlight} in flight at a kill (${stats.committedUnacked} of them committed), ${reports.size} reports, ${stats.integrity} integrity checks`);
  if (server && server.proc.exitCode === null) server.proc.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function period(n) { // n-th month from 2000-01
  return `${2000 + Math.floor(n / 12)}${String((n % 12) + 1).padStart(2, '0')}`;
}

// One write: true when acknowledged (2xx), false when the server went away, an
// assertion failure for a 4xx/5xx answer (the client sends only valid writes).
async function write(c, method, path, body, allowConflict = false) {
  let r;
  try { r = await c.req(method, path, body); } catch { return null; }
  if (r.status >= 200 && r.status < 300) { stats.acked++; return r; }
  if (allowConflict && r.status === 409) return r;
  throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
}

// The writes of one officer: reports one after another, until the server dies.
async function officerLoop(name, alive) {
  const c = clients[name];
  const leader = clients.leader24;
  while (alive.value) {
    const n = c.next++;
    const plan = c.plan[Math.floor(n / 1212)];
    assert.ok(plan, 'periods left');
    const per = period(n % 1212);
    const created = await write(c, 'POST', '/api/v1/reports', { plan_id: plan.id, organization_id: c.org, unit: c.unit, period: per });
    if (!created) { orphans.push({ org: c.org, plan: plan.id, period: per }); stats.inFlight++; return; }
    const led = { id: created.body.id, plan, status: { acked: 'draft', attempted: null }, version: created.body.version, g: { acked: null, attempted: null } };
    reports.set(led.id, led);
    // two saves, a submission and an approval; each value of a save is its generation
    // only the first officer touches the task, so its ledger sees one writer
    for (const step of ['put', 'put', 'submit', 'approve', ...(name === 'officer24' ? ['task'] : [])]) {
      if (!alive.value) return;
      if (step === 'put') {
        const g = Math.floor(random() * 1e9);
        led.g.attempted = g;
        const r = await write(c, 'PUT', `/api/v1/reports/${led.id}`, { version: led.version, values: plan.indicators.map((id) => ({ indicator_id: id, value: g })), narrative: { results: `Thế hệ ${g}` } });
        if (!r) { stats.inFlight++; return; }
        led.g = { acked: g, attempted: null };
        led.version = r.body.version;
      } else if (step === 'task') {
        const [id, t] = [...tasks.entries()][0];
        const p = Math.floor(random() * 100);
        t.progress.attempted = p;
        const r = await write(c, 'PATCH', `/api/v1/tasks/${id}`, { version: t.version, progress: p }, true);
        if (!r) { stats.inFlight++; return; }
        if (r.status === 409) { t.version = (await clients.officer24.get(`/api/v1/tasks/${id}`)).body.version; t.progress.attempted = null; continue; }
        t.progress = { acked: p, attempted: null };
        t.version = r.body.version;
      } else {
        const who = step === 'approve' ? leader : c;
        const to = step === 'approve' ? 'approved' : 'submitted';
        led.status.attempted = to;
        const r = await write(who, 'POST', `/api/v1/reports/${led.id}/${step}`, { version: led.version });
        if (!r) { stats.inFlight++; return; }
        led.status = { acked: to, attempted: null };
        led.version = r.body.version;
      }
    }
  }
}

// Every report and task checked against the ledger: what was acknowledged is
// there; what was in flight is there whole or not at all.
async function verify(ids) {
  const c = clients.officer24;
  const problems = [];
  for (const id of ids) {
    const led = reports.get(id);
    const r = await c.get(`/api/v1/reports/${id}`);
    if (r.status !== 200) { problems.push(`report ${id} acknowledged but ${r.status}`); continue; }
    const rep = r.body;
    const okStatus = [led.status.acked, led.status.attempted].filter(Boolean);
    if (!okStatus.includes(rep.status)) problems.push(`report ${id}: status ${rep.status}, acknowledged ${led.status.acked}`);
    if (led.status.attempted && rep.status === led.status.attempted) { stats.committedUnacked++; led.status = { acked: rep.status, attempted: null }; led.version = rep.version; }
    if (rep.version < led.version) problems.push(`report ${id}: version ${rep.version} older than acknowledged ${led.version}`);
    const vals = rep.values.filter((v) => v.value !== null);
    const gens = [...new Set(vals.map((v) => v.value))];
    const allowed = [led.g.acked, led.g.attempted].filter((g) => g !== null);
    if (vals.length === 0) {
      if (led.g.acked !== null) problems.push(`report ${id}: values of an acknowledged save lost`);
    } else if (vals.length !== NIND || gens.length !== 1) {
      problems.push(`report ${id}: half written: ${vals.length} values of generations ${gens.join(',')}`);
    } else if (!allowed.includes(gens[0])) {
      problems.push(`report ${id}: values of generation ${gens[0]}, expected ${allowed.join(' or ')}`);
    } else if (gens[0] === led.g.attempted) {
      stats.committedUnacked++;
      led.g = { acked: gens[0], attempted: null };
      led.version = Math.max(led.version, rep.version);
    }
    if (rep.narrative?.results && vals.length && rep.narrative.results !== `Thế hệ ${gens[0]}`) problems.push(`report ${id}: narrative of another save than its values`);
    if (led.version < rep.version) led.version = rep.version; // an in-flight write that landed
  }
  for (const [id, t] of tasks) {
    const r = await c.get(`/api/v1/tasks/${id}`);
    if (r.status !== 200) { problems.push(`task ${id}: ${r.status}`); continue; }
    const okP = [t.progress.acked, t.progress.attempted].filter((p) => p !== null);
    if (!okP.includes(r.body.progress)) problems.push(`task ${id}: progress ${r.body.progress}, acknowledged ${t.progress.acked}`);
    t.progress = { acked: r.body.progress, attempted: null };
    t.version = r.body.version;
  }
  return problems;
}

// Reports the list holds that the ledger does not know must be creates that were
// in flight at a kill, still untouched drafts.
async function verifyList() {
  const problems = [];
  const c = clients.officer24;
  const seen = [];
  for (const p of plans)
    for (let off = 0; ; off += 1000) {
      const r = await c.get(`/api/v1/reports?plan=${p.id}&limit=1000&offset=${off}`);
      assert.equal(r.status, 200, r.text);
      seen.push(...r.body.items);
      if (off + 1000 >= r.body.total) break;
    }
  for (const it of seen) {
    if (reports.has(it.id)) continue;
    const o = orphans.find((x) => x.plan === it.plan.id && x.org === it.organization.id && x.period === it.period);
    if (!o) problems.push(`report ${it.id} (${it.period}) that nobody created`);
    else if (it.status !== 'draft' || it.version !== 1) problems.push(`report ${it.id}: an unacknowledged create that was changed later (${it.status} v${it.version})`);
  }
  const known = new Set(seen.map((x) => x.id));
  for (const id of reports.keys()) if (!known.has(id)) problems.push(`acknowledged report ${id} missing from the list`);
  return problems;
}

function integrity() {
  const r = spawnSync('sqlite3', [join(dataDir, 'tiendo.db'), 'PRAGMA integrity_check; PRAGMA foreign_key_check;'], { encoding: 'utf8' });
  assert.equal(r.error, undefined, 'the sqlite3 command-line tool is installed (tools/deps.sh)');
  stats.integrity++;
  return r.stdout.trim();
}

test(`${CYCLES} cycles of writes, SIGKILL at a random moment, restart: nothing acknowledged is lost, nothing is half written`, async () => {
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const alive = { value: true };
    const delay = 5 + Math.floor(random() * 120);
    const ackedBefore = stats.acked;
    const loops = [officerLoop('officer24', alive), officerLoop('officer217', alive)];
    // the kill comes at a random moment after the cycle's first acknowledged write,
    // so that a slow build (ASan) or a busy machine still writes in every cycle
    for (const t0 = Date.now(); stats.acked === ackedBefore && Date.now() - t0 < 20000;)
      await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, delay));
    server.proc.kill('SIGKILL');
    alive.value = false;
    const ex = await server.exited;
    assert.equal(ex.signal, 'SIGKILL', `cycle ${cycle}: the server was killed, not exited on its own: ${server.log().slice(-2000)}`);
    await Promise.all(loops);
    const integ = integrity();
    assert.equal(integ, 'ok', `cycle ${cycle} (seed ${SEED}): integrity_check after the kill: ${integ}`);
    server = await serve();
    const recent = [...reports.keys()].slice(-12);
    const problems = [...await verify(recent), ...(cycle % 10 === 9 ? await verifyList() : [])];
    assert.deepEqual(problems, [], `cycle ${cycle} (seed ${SEED}, kill ${delay} ms after the first acknowledged write)`);
    const report = sanitizerReport(server.log());
    assert.equal(report, undefined, `sanitizer report after restart: ${report}`);
    stats.cycles++;
  }
  // at the end, every report ever acknowledged, one by one
  const problems = [...await verify([...reports.keys()]), ...await verifyList()];
  assert.deepEqual(problems, [], `final check (seed ${SEED})`);
  assert.equal(integrity(), 'ok');
  assert.ok(stats.acked >= CYCLES, `writes were acknowledged in every cycle (${stats.acked} in ${CYCLES})`);
  // the last server stops cleanly
  server.proc.kill('SIGTERM');
  const ex = await server.exited;
  assert.equal(ex.code, 0, `clean exit: ${server.log().slice(-2000)}`);
  assert.equal(sanitizerReport(server.log()), undefined);
});
