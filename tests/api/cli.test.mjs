// cli.test.mjs — the command line an operator uses next to a running server: init
// never overwrites, backup takes a consistent copy while serving, user add /
// passwd / disable take effect over HTTP at once, and every subcommand has --help.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, BIN, Client, DEMO_PASSWORD, startServer, tiendo } from '../lib/server.mjs';

let srv;
let admin;
let scratch;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  scratch = mkdtempSync(join(tmpdir(), 'tiendo-cli-'));
});
after(async () => {
  await srv?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

// Like tiendo(), without blocking the event loop (so requests can run meanwhile).
function tiendoAsync(args) {
  return new Promise((ok) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (status) => ok({ status, stdout, stderr }));
  });
}

const out = (r) => `exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

async function users() {
  const r = await admin.get('/api/v1/users?limit=1000');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}
async function orgId(code) {
  const r = await admin.get('/api/v1/organizations?limit=1000');
  const o = r.body.items.find((x) => x.code === code);
  assert.ok(o, code);
  return o.id;
}
async function signIn(username, password) {
  return new Client(srv.url).post('/api/v1/session', { username, password });
}

describe('help and version', () => {
  const commands = [['init'], ['serve'], ['backup'], ['user'], ['user', 'add'], ['user', 'passwd'], ['user', 'disable'], ['version']];
  for (const cmd of commands) {
    test(`tiendo ${cmd.join(' ')} --help prints its usage and exits 0`, () => {
      const r = tiendo([...cmd, '--help']);
      assert.equal(r.status, 0, out(r));
      const text = r.stdout + r.stderr;
      assert.ok(r.stdout.length > 0, 'usage goes to stdout');
      assert.match(text, /usage/i, `prints its usage: ${text}`);
      assert.ok(text.includes(`tiendo ${cmd[0]}`), `names the command: ${text}`);
      if (cmd.length > 1 || ['init', 'serve', 'backup'].includes(cmd[0])) assert.match(text, /--data/, 'documents --data');
    });
  }

  test('tiendo version prints a version and exits 0', () => {
    const r = tiendo(['version']);
    assert.equal(r.status, 0, out(r));
    assert.match(r.stdout, /\d+\.\d+/);
  });

  test('an unknown subcommand fails with a message', () => {
    const a = tiendo(['khong-co']);
    assert.notEqual(a.status, 0, out(a));
    assert.ok(a.stderr.length > 0);
  });

  test('serve refuses a mistyped option instead of silently using the default', async () => {
    const port = await freePort();
    const p = spawn(BIN, ['serve', '--data', srv.dataDir, ...srv.dbArgs, '--listen', `127.0.0.1:${port}`, '--sesion-idle', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    let served = false;
    const code = await new Promise((ok) => {
      const t = setTimeout(() => { served = true; p.kill('SIGTERM'); }, 1500);
      p.on('exit', (c) => { clearTimeout(t); ok(c); });
    });
    assert.equal(served, false, `it refused to start (instead it was still serving after 1.5 s): ${stderr}`);
    assert.notEqual(code, 0);
    assert.match(stderr, /sesion-idle/, `names the unknown option: ${stderr}`);
  });
});

describe('init', () => {
  test('init refuses a directory that already holds a database, and leaves it intact', async () => {
    const before1 = (await admin.get('/api/v1/plans')).body.total;
    // SQLite: the file; PostgreSQL: the database that already holds the schema
    const size = srv.database ? 0 : statSync(join(srv.dataDir, 'tiendo.db')).size;
    for (const args of [['init', '--data', srv.dataDir, ...srv.dbArgs], ['init', '--data', srv.dataDir, ...srv.dbArgs, '--demo']]) {
      const r = tiendo(args);
      assert.notEqual(r.status, 0, out(r));
      assert.ok(r.stderr.length > 0, 'says why');
    }
    if (!srv.database) assert.ok(statSync(join(srv.dataDir, 'tiendo.db')).size >= size);
    assert.equal((await admin.get('/api/v1/plans')).body.total, before1, 'the plans are all there');
    assert.equal((await admin.get('/api/v1/session')).status, 200, 'and the running server is fine');
  });

  test('init on a fresh directory with a unit tree succeeds, and a second init there fails', async () => {
    const dir = join(scratch, 'fresh');
    const csv = join(scratch, 'units.csv');
    writeFileSync(csv, 'code,parent_code,level,type,name,full_name\n24,,province,tinh,Bắc Giang,Tỉnh Bắc Giang\n217,24,district,huyen,Lạng Giang,Huyện Lạng Giang\n07411,217,commune,xa,Tân Thanh,Xã Tân Thanh\n');
    const a = tiendo(['init', '--data', dir, '--units', csv]);
    assert.equal(a.status, 0, out(a));
    assert.ok(existsSync(join(dir, 'tiendo.db')));
    const b = tiendo(['init', '--data', dir, '--units', csv]);
    assert.notEqual(b.status, 0, out(b));
    assert.ok(b.stderr.length > 0, 'says why');
    // the first database is intact and serves: the admin sees the three units
    const port = await freePort();
    const { proc, stopped } = serveCopy(dir, port);
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitUp(url, proc);
      const c = new Client(url);
      await c.login('admin', ADMIN_PASSWORD);
      const r = await c.get('/api/v1/org-units/217');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.full_name, 'Huyện Lạng Giang');
      assert.equal((await c.get('/api/v1/org-units?parent=217')).body.total, 1);
    } finally {
      await stopped();
    }
  });
});

// Serves another data directory; stopped() ends it and checks it stopped cleanly.
function serveCopy(dir, port) {
  const proc = spawn(BIN, ['serve', '--data', dir, '--listen', `127.0.0.1:${port}`, '--access-log', 'off'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  return {
    proc,
    async stopped() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const r = await exited;
      assert.doesNotMatch(log, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/, 'no sanitizer report');
      assert.deepEqual(r, { code: 0, signal: null }, `stopped cleanly: ${log.slice(-2000)}`);
    },
  };
}

async function waitUp(url, proc) {
  const deadline = Date.now() + 20000;
  for (;;) {
    try { if ((await fetch(`${url}/healthz`)).ok) return; } catch { /* not up yet */ }
    assert.ok(Date.now() < deadline && proc.exitCode === null, 'the server starts');
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// Plan titles of a database file, read without the server that wrote it.
async function plansIn(dbFile) {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.status === 0) {
    const r = spawnSync('sqlite3', ['-readonly', dbFile, 'PRAGMA integrity_check; SELECT count(*) FROM plans; SELECT title FROM plans ORDER BY id;'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'ok', 'integrity check');
    return { count: Number(lines[1]), titles: lines.slice(2) };
  }
  // no sqlite3 shell: serve the copy and ask over HTTP
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-restore-'));
  copyFileSync(dbFile, join(dir, 'tiendo.db'));
  const port = await freePort();
  const { proc, stopped } = serveCopy(dir, port);
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitUp(url, proc);
    const c = new Client(url);
    await c.login('admin', ADMIN_PASSWORD);
    const r = await c.get('/api/v1/plans?limit=1000');
    const items = [...r.body.items].sort((a, b) => a.id - b.id);
    return { count: r.body.total, titles: items.map((p) => p.title) };
  } finally {
    try { await stopped(); } finally { rmSync(dir, { recursive: true, force: true }); }
  }
}

describe('backup', () => {
  test('backup while serving writes a copy with every plan, including the latest change', async () => {
    const list = (await admin.get('/api/v1/plans?limit=1000')).body.items;
    const p = list.find((x) => x.code === 'DA-NHATRO');
    const cur = (await admin.get(`/api/v1/plans/${p.id}`)).body;
    const title = `${cur.title} — bản sao lưu`;
    const ch = await admin.patch(`/api/v1/plans/${p.id}`, { title, ...(cur.version !== undefined ? { version: cur.version } : {}) });
    assert.equal(ch.status, 200, ch.text);

    const file = join(scratch, 'sao-luu.db');
    if (srv.database) {
      // PostgreSQL: the copy is pg_dump's job, and the command says so
      const pg = tiendo(['backup', file, '--data', srv.dataDir, ...srv.dbArgs]);
      assert.notEqual(pg.status, 0, out(pg));
      assert.match(pg.stderr, /pg_dump/, out(pg));
      assert.equal(existsSync(file), false, 'no file is left behind');
      return;
    }
    // requests keep coming while the copy is taken
    let stop = false;
    const traffic = (async () => { let n = 0; while (!stop) { assert.equal((await admin.get('/api/v1/plans')).status, 200); n++; } return n; })();
    const r = await tiendoAsync(['backup', file, '--data', srv.dataDir, ...srv.dbArgs]);
    stop = true;
    await traffic;
    assert.equal(r.status, 0, out(r));
    assert.ok(existsSync(file) && statSync(file).size > 0, 'the backup file exists');

    const got = await plansIn(file);
    const now = await admin.get('/api/v1/plans?limit=1000');
    assert.equal(got.count, now.body.total);
    assert.equal(got.count, list.length);
    assert.ok(got.titles.includes(title), 'the change made just before the backup is in it');
    assert.equal((await admin.get('/api/v1/session')).status, 200, 'the server kept serving');
  });

  test('backup carries the evidence files beside the database, each whole; restoring both serves them', async () => {
    const c = new Client(srv.url);
    const me = await c.login('tinh.phunu', DEMO_PASSWORD);
    const mine = (await c.get(`/api/v1/reports?organization=${me.user.organization.id}&limit=200`)).body.items;
    const draft = mine.find((x) => ['draft', 'returned'].includes(x.status));
    assert.ok(draft, 'the demo has an editable report of the province women\'s union');
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(`minh chứng sao lưu ${Date.now()}`)]);
    const up = await c.req('POST', `/api/v1/reports/${draft.id}/files?name=${encodeURIComponent('minh-chung.pdf')}`, undefined,
      { raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(up.status, 201, up.text);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (srv.database) {
      // PostgreSQL: pg_dump copies the database (see above); the evidence stays in
      // DATA/files, content-addressed, where the operator copies it from
      assert.deepEqual(readFileSync(join(srv.dataDir, 'files', sha.slice(0, 2), sha)), bytes);
      return;
    }

    const file = join(scratch, 'sao-luu-tep.db');
    const r = await tiendoAsync(['backup', file, '--data', srv.dataDir]);
    assert.equal(r.status, 0, out(r));
    const copy = join(`${file}.files`, sha.slice(0, 2), sha);
    assert.ok(existsSync(copy), 'the uploaded file is in FILE.files/');
    assert.deepEqual(readFileSync(copy), bytes, 'byte for byte');
    assert.match(r.stdout, /tệp minh chứng/);

    const again = await tiendoAsync(['backup', file, '--data', srv.dataDir]);
    assert.notEqual(again.status, 0, 'an existing backup is never overwritten');

    // restored: the database and the files together serve the evidence
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-restore-'));
    try {
      copyFileSync(file, join(dir, 'tiendo.db'));
      cpSync(`${file}.files`, join(dir, 'files'), { recursive: true });
      const port = await freePort();
      const { proc, stopped } = serveCopy(dir, port);
      try {
        const url = `http://127.0.0.1:${port}`;
        await waitUp(url, proc);
        const rc = new Client(url);
        await rc.login('tinh.phunu', DEMO_PASSWORD);
        const res = await fetch(`${url}/api/v1/reports/${draft.id}/files/${up.body.id}`, { headers: { cookie: rc.cookie } });
        assert.equal(res.status, 200);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes, 'the restored server serves the same bytes');
      } finally { await stopped(); }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

});

describe('users from the command line', () => {
  const password = 'Mật-khẩu-CLI-2026';

  test('user add creates an account that signs in over HTTP with its organisation and role', async () => {
    const r = tiendo(['user', 'add', 'voi.nongdan', '--data', srv.dataDir, ...srv.dbArgs, '--org', 'farmers-07375', '--role', 'officer', '--name', 'Ngô Thị Thu Hà'], { TIENDO_PASSWORD: password });
    assert.equal(r.status, 0, out(r));
    const s = await signIn('voi.nongdan', password);
    assert.equal(s.status, 200, s.text);
    assert.equal(s.body.user.full_name, 'Ngô Thị Thu Hà');
    assert.equal(s.body.user.role, 'officer');
    assert.equal(s.body.user.organization.id, await orgId('farmers-07375'));
    assert.equal(s.body.user.scope_unit.code, '07375');
    const listed = (await users()).find((u) => u.username === 'voi.nongdan');
    assert.ok(listed, 'the admin sees the new user');
    assert.equal(listed.active, true);
  });

  test('user add refuses a duplicate name, an unknown organisation or role, and a short password', async () => {
    const cases = [
      [['voi.nongdan', '--org', 'farmers-07375', '--role', 'officer', '--name', 'Trùng Tên'], password],
      [['kep.nongdan', '--org', 'khong-co', '--role', 'officer', '--name', 'Không Có Tổ Chức'], password],
      [['kep.nongdan', '--org', 'farmers-07399', '--role', 'vua', '--name', 'Vai Trò Lạ'], password],
      [['kep.nongdan', '--org', 'farmers-07399', '--role', 'officer', '--name', 'Mật Khẩu Ngắn'], 'ngan'],
    ];
    for (const [args, pw] of cases) {
      const r = tiendo(['user', 'add', ...args, '--data', srv.dataDir, ...srv.dbArgs], { TIENDO_PASSWORD: pw });
      assert.notEqual(r.status, 0, out(r));
      assert.ok(r.stderr.length > 0, 'says why');
    }
    const all = await users();
    assert.equal(all.filter((u) => u.username === 'voi.nongdan').length, 1);
    assert.equal(all.find((u) => u.username === 'voi.nongdan').full_name, 'Ngô Thị Thu Hà');
    assert.ok(!all.some((u) => u.username === 'kep.nongdan'));
  });

  test('user passwd: the old password stops working, the new one works', async () => {
    // a session in use is answered from the server's in-process cache; a change
    // committed by another process must still end it on the very next request
    const open = new Client(srv.url);
    await open.login('tinh.doan');
    for (let i = 0; i < 3; i++) assert.equal((await open.get('/api/v1/session')).status, 200);
    const r = tiendo(['user', 'passwd', 'tinh.doan', '--data', srv.dataDir, ...srv.dbArgs], { TIENDO_PASSWORD: 'Tỉnh-đoàn-mới-2026' });
    assert.equal(r.status, 0, out(r));
    assert.equal((await open.get('/api/v1/session')).status, 401, 'the cached session ends with the password');
    assert.equal((await signIn('tinh.doan', DEMO_PASSWORD)).status, 401);
    const ok = await signIn('tinh.doan', 'Tỉnh-đoàn-mới-2026');
    assert.equal(ok.status, 200, ok.text);
    const bad = tiendo(['user', 'passwd', 'khong.ton.tai', '--data', srv.dataDir, ...srv.dbArgs], { TIENDO_PASSWORD: 'Mat-khau-bat-ky-1' });
    assert.notEqual(bad.status, 0, out(bad));
  });

  test('user disable: the signed-in session ends and sign-in is refused', async () => {
    const c = new Client(srv.url);
    await c.login('voi.phunu');
    assert.equal((await c.get('/api/v1/session')).status, 200);
    const r = tiendo(['user', 'disable', 'voi.phunu', '--data', srv.dataDir, ...srv.dbArgs]);
    assert.equal(r.status, 0, out(r));
    assert.equal((await c.get('/api/v1/session')).status, 401, 'the open session is over');
    assert.equal((await signIn('voi.phunu', DEMO_PASSWORD)).status, 401);
    assert.equal((await users()).find((u) => u.username === 'voi.phunu').active, false);
    const bad = tiendo(['user', 'disable', 'khong.ton.tai', '--data', srv.dataDir, ...srv.dbArgs]);
    assert.notEqual(bad.status, 0, out(bad));
  });
});

describe('units from the command line', () => {
  test('import units loads a province tree that the API then finds, and refuses a bad file without loading any of it', async () => {
    const before = (await admin.get('/api/v1/org-units?q=bac%20ninh&limit=1000')).body.items.length;
    const r = tiendo(['import', 'units', 'seed/units/bac-ninh-2023.csv', '--data', srv.dataDir, ...srv.dbArgs]);
    assert.equal(r.status, 0, out(r));
    const province = await admin.get('/api/v1/org-units/27');
    assert.equal(province.status, 200, province.text);
    assert.equal(province.body.full_name, 'Tỉnh Bắc Ninh');
    const found = await admin.get('/api/v1/org-units?q=tu%20son&limit=100');
    assert.ok(found.body.items.some((u) => u.full_name === 'Thành phố Từ Sơn' || u.full_name === 'Thị xã Từ Sơn'),
      `Từ Sơn is found without diacritics: ${found.text}`);
    const children = await admin.get('/api/v1/org-units?parent=27&limit=100');
    assert.equal(children.body.total, 8, 'the 8 districts of old Bắc Ninh');
    assert.ok((await admin.get('/api/v1/org-units?q=bac%20ninh&limit=1000')).body.items.length > before);

    const bad = join(scratch, 'bad-units.csv');
    writeFileSync(bad, 'code,parent_code,level,type,name,full_name\n99,,province,tinh,Thử,Tỉnh Thử\n99001,99,district,huyen,A,Huyện A\n99002,99,village,xa,B,Xã B\n');
    const rb = tiendo(['import', 'units', bad, '--data', srv.dataDir, ...srv.dbArgs]);
    assert.notEqual(rb.status, 0, out(rb));
    assert.match(rb.stderr + rb.stdout, /line 4/, `names the bad line: ${out(rb)}`);
    assert.equal((await admin.get('/api/v1/org-units/99')).status, 404, 'nothing of the bad file was loaded');
  });
});
