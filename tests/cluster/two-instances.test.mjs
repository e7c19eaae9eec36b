// two-instances.test.mjs — nginx (Debian's, with deploy/nginx/tiendo-proxy.conf and
// the upstream block of deploy/nginx/tiendo.conf) in front of two tiendo instances
// that share one database: TIENDO_TEST_DB_URL when set, a new PostgreSQL database
// with TIENDO_TEST_PG, otherwise one SQLite file. Requests are spread over both; a
// session started through nginx works on either instance; a report approved
// through instance A is read at once through instance B; figures follow (across
// instances where the backend signals changes, otherwise after a restart); and
// nginx keeps answering while B restarts. Every response through nginx names the
// instance that served it (X-Upstream, added by this test's server block only).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_PASSWORD, Client, freePort, startServer, tiendo } from '../lib/server.mjs';

const NGINX = '/usr/sbin/nginx';
// TIENDO_TEST_DB_URL: an empty database to use; else, with TIENDO_TEST_PG (a
// PostgreSQL cluster, tools/pg.sh), a new database made here; else SQLite.
const PG = process.env.TIENDO_TEST_PG || '';
const PSQL = process.env.TIENDO_TEST_PSQL || '/usr/lib/postgresql/15/bin/psql';
let DB_URL = process.env.TIENDO_TEST_DB_URL || null;
let dropDatabase = null;
// does the backend tell an instance of another instance's writes (LISTEN/NOTIFY)?
const crossInstanceCube = () => DB_URL !== null && DB_URL.startsWith('postgres');

function psql(url, stmt) {
  const r = spawnSync(PSQL, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', stmt], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}

let dir;
let dataDir;
let a;
let b;
let bPort;
let nginx;
let nginxUrl;
let nginxLog = '';
const serveArgs = (name) => ['--trust-proxy', '127.0.0.1', '--access-log', join(dir, `${name}.log`), '--threads', '2'];

// nginx.conf for the test: the deployed upstream block with the two instances'
// ports, and the deployed proxy settings included as they are.
function nginxConf(port, upstreamPorts) {
  const site = readFileSync(resolve('deploy/nginx/tiendo.conf'), 'utf8');
  const m = /^upstream tiendo \{[\s\S]*?^\}/m.exec(site);
  assert.ok(m, 'deploy/nginx/tiendo.conf has an upstream block');
  let i = 0;
  const upstream = m[0].replace(/^(\s*)server\s+\S+(.*);$/gm, (_, indent, params) => {
    assert.ok(i < upstreamPorts.length, 'two server lines in the deployed upstream');
    return `${indent}server 127.0.0.1:${upstreamPorts[i++]}${params};`;
  });
  assert.equal(i, upstreamPorts.length, 'every instance is in the upstream');
  const tmp = join(dir, 'nginx-tmp');
  mkdirSync(tmp, { recursive: true });
  return `${process.getuid() === 0 ? 'user root;\n' : ''}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/nginx-access.log;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
${upstream}
  server {
    listen 127.0.0.1:${port};
    add_header X-Upstream $upstream_addr always;
    include ${resolve('deploy/nginx/tiendo-proxy.conf')};
  }
}
`;
}

async function waitFor(url) {
  const deadline = Date.now() + 10000;
  for (;;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited ${nginx.exitCode}: ${nginxLog}`);
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${nginxLog}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

// A client of one instance with the session of another client (same cookie).
function sameSession(url, c) {
  const x = new Client(url);
  x.cookie = c.cookie;
  x.csrf = c.csrf;
  return x;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tiendo-cluster-'));
  dataDir = join(dir, 'data');
  if (!DB_URL && PG) {
    const u = new URL(PG);
    const name = `cluster_${randomBytes(6).toString('hex')}`;
    psql(u.toString(), `CREATE DATABASE ${name}`);
    u.pathname = `/${name}`;
    DB_URL = u.toString();
    dropDatabase = () => psql(PG, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const init = tiendo(['init', '--data', dataDir, ...(DB_URL ? ['--db', DB_URL] : []), '--demo']);
  assert.equal(init.status, 0, init.stderr);
  a = await startServer({ dataDir, dbUrl: DB_URL, serveArgs: serveArgs('a') });
  b = await startServer({ dataDir, dbUrl: DB_URL, serveArgs: serveArgs('b') });
  bPort = b.port;
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConf(port, [a.port, b.port]));
  nginx = spawn(NGINX, ['-c', conf, '-p', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout.on('data', (d) => { nginxLog += d; });
  nginx.stderr.on('data', (d) => { nginxLog += d; });
  nginxUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${nginxUrl}/healthz`);
});

after(async () => {
  try {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((ok) => nginx.on('exit', ok));
      nginx.kill('SIGQUIT'); // graceful: finish the requests in flight
      await exited;
    }
    await a?.stop();
    await b?.stop();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (dropDatabase) dropDatabase();
  }
});

const served = (r) => r.headers.get('x-upstream');

describe('nginx in front of two instances sharing one database', () => {
  let officer;   // tanthanh.phunu, signed in through nginx
  let leader;    // langgiang.phunu.lanhdao
  let plan;
  let indicator;
  let report;

  test('requests are spread over both instances, with the server\'s headers and gzip', async () => {
    const seen = new Set();
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`${nginxUrl}/healthz`);
      assert.equal(r.status, 200);
      seen.add(served(r));
    }
    assert.deepEqual([...seen].sort(), [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`].sort());
    const admin = new Client(nginxUrl);
    await admin.login('admin', ADMIN_PASSWORD);
    const r = await admin.get('/api/v1/organizations?limit=1000', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get('content-encoding'), 'gzip', 'JSON is compressed by nginx');
    assert.ok(r.body.items.length > 100);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    // a body over the instances' 1 MiB cap is refused by nginx before it is buffered
    const big = await admin.post('/api/v1/plans', undefined, { raw: 'x'.repeat(1024 * 1024 + 10), headers: { 'content-type': 'application/json' } });
    assert.equal(big.status, 413);
  });

  test('a session started through nginx is valid on both instances', async () => {
    officer = new Client(nginxUrl);
    await officer.login('tanthanh.phunu');
    leader = new Client(nginxUrl);
    await leader.login('langgiang.phunu.lanhdao');
    for (const srv of [a, b]) {
      const r = await sameSession(srv.url, officer).get('/api/v1/session');
      assert.equal(r.status, 200, `${srv.url}: ${r.text}`);
      assert.equal(r.body.user.username, 'tanthanh.phunu');
    }
    // signing out through B ends the session on A too
    const temp = new Client(nginxUrl);
    await temp.login('tinh.mttq');
    assert.equal((await sameSession(b.url, temp).del('/api/v1/session')).status, 204);
    assert.equal((await sameSession(a.url, temp).get('/api/v1/session')).status, 401);
  });

  test('a report submitted and approved through A is read at once through B', async () => {
    const owner = new Client(nginxUrl);
    await owner.login('tinh.phunu');
    const onA = sameSession(a.url, owner);
    const orgs = new Map((await onA.get('/api/v1/organizations?limit=1000')).body.items.map((o) => [o.code, o]));
    let r = await onA.post('/api/v1/plans', {
      code: 'KH-HAI-MAY', kind: 'ke_hoach', title: 'Kế hoạch thử hai máy chủ', owner_id: orgs.get('women-24').id,
      start_year: 2024, end_year: 2025,
    });
    assert.equal(r.status, 201, r.text);
    plan = r.body;
    r = await onA.post(`/api/v1/plans/${plan.id}/indicators`, {
      code: 'HM_HO', name: 'Số hộ (hai máy chủ)', unit_label: 'hộ', value_type: 'integer', time_agg: 'sum',
      unit_agg: 'sum', direction: 'up', frequency: 'month',
    });
    assert.equal(r.status, 201, r.text);
    indicator = r.body;
    // B reads the new plan and its indicator at once
    r = await sameSession(b.url, owner).get(`/api/v1/plans/${plan.id}/indicators`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.items.map((x) => x.id), [indicator.id]);
    // B's figure before the report: nothing yet (B's cube now knows the indicator)
    r = await sameSession(b.url, leader).get(`/api/v1/analytics?indicator=${indicator.id}&unit=217&period=2024`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items[0].value, null);

    const officerA = sameSession(a.url, officer);
    r = await officerA.post('/api/v1/reports', { plan_id: plan.id, organization_id: orgs.get('women-07411').id, unit: '07411', period: '202403' });
    assert.equal(r.status, 201, r.text);
    r = await officerA.put(`/api/v1/reports/${r.body.id}`, { version: r.body.version, values: [{ indicator_id: indicator.id, value: 40 }] });
    assert.equal(r.status, 200, r.text);
    r = await officerA.post(`/api/v1/reports/${r.body.id}/submit`, { version: r.body.version });
    assert.equal(r.status, 200, r.text);
    report = r.body;
    // the leader's inbox on B holds it at once
    r = await sameSession(b.url, leader).get(`/api/v1/reports?plan_id=${plan.id}&status=submitted`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.some((x) => x.id === report.id), 'the submitted report is in B\'s list');
    r = await sameSession(a.url, leader).post(`/api/v1/reports/${report.id}/approve`, { version: report.version });
    assert.equal(r.status, 200, r.text);
    r = await sameSession(b.url, leader).get(`/api/v1/reports/${report.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, 'approved');
    assert.equal(r.body.values.find((x) => x.indicator_id === indicator.id).value, 40);
  });

  test('figures: at once on the writing instance; on the other one as the backend allows', async (t) => {
    const q = `/api/v1/analytics?indicator=${indicator.id}&unit=217&period=2024`;
    let r = await sameSession(a.url, leader).get(q);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items[0].value, 40, 'A, which made the approval, counts it at once');
    // B: poll for up to 2 s
    let value = null;
    const deadline = Date.now() + 2000;
    for (;;) {
      r = await sameSession(b.url, leader).get(q);
      assert.equal(r.status, 200, r.text);
      value = r.body.items[0].value;
      if (value === 40 || Date.now() > deadline) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    t.diagnostic(`instance B's figure 2 s after A's approval: ${value} (${DB_URL ? 'database URL' : 'SQLite'}; cross-instance change signal: ${crossInstanceCube() ? 'yes' : 'no'})`);
    if (crossInstanceCube()) assert.equal(value, 40, 'B follows A\'s approval within 2 s');
  });

  test('nginx keeps answering while B restarts, and B counts the approval after its restart', async () => {
    await b.stop();
    b = null;
    const who = new Set();
    for (let i = 0; i < 10; i++) {
      const r = await sameSession(nginxUrl, leader).get(`/api/v1/reports/${report.id}`);
      assert.equal(r.status, 200, `request ${i} while B is down: ${r.text}`);
      who.add(served(r));
    }
    // whatever nginx tried first, every answer came from A
    for (const w of who) assert.match(w, new RegExp(`127\\.0\\.0\\.1:${a.port}$`));
    b = await startServer({ dataDir, dbUrl: DB_URL, port: bPort, serveArgs: serveArgs('b') });
    const r = await sameSession(b.url, leader).get(`/api/v1/analytics?indicator=${indicator.id}&unit=217&period=2024`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.items[0].value, 40);
  });
});
