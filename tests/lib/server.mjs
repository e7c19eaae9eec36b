// server.mjs — starts a real Tiến Độ server on a free loopback port with a fresh
// temporary database, for the API and browser tests. No mocks: the same binary
// users run (TIENDO_BIN, default build/tiendo; the sanitizer run sets it).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(process.env.TIENDO_BIN || 'build/tiendo');
// TIENDO_TEST_PG=postgresql://USER@HOST:PORT/DB (tools/pg.sh): every server gets a
// fresh PostgreSQL database of its own instead of a SQLite file.
export const PG = process.env.TIENDO_TEST_PG || '';
const PSQL = process.env.TIENDO_TEST_PSQL || '/usr/lib/postgresql/15/bin/psql';
export const ADMIN_PASSWORD = 'Quản-trị-2026!';
export const DEMO_PASSWORD = 'demo-Tiến-Độ-2026';

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// Runs a tiendo subcommand synchronously; returns {status, stdout, stderr}.
export function tiendo(args, env = {}) {
  const r = spawnSync(BIN, args, {
    env: { ...process.env, TIENDO_ADMIN_PASSWORD: ADMIN_PASSWORD, TIENDO_DEMO_PASSWORD: DEMO_PASSWORD, ...env },
    encoding: 'utf8', timeout: 120000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs SQL through psql on database db of the test cluster; returns its output.
export function psql(db, stmt) {
  const u = new URL(PG);
  u.pathname = `/${db}`;
  const r = spawnSync(PSQL, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', u.toString(), '-c', stmt], { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}
function pgUrl(db) {
  const u = new URL(PG);
  u.pathname = `/${db}`;
  return u.toString();
}
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// A database initialised once per binary, init arguments and passwords, copied
// for each server (CREATE DATABASE ... TEMPLATE): the demo takes seconds to load,
// a copy a fraction of one. Test processes share it; a directory is the lock.
async function pgTemplate(initArgs, env) {
  const st = statSync(BIN);
  const key = createHash('sha256').update(JSON.stringify([BIN, st.mtimeMs, st.size, initArgs,
    env.TIENDO_ADMIN_PASSWORD ?? '', env.TIENDO_DEMO_PASSWORD ?? ''])).digest('hex').slice(0, 16);
  const name = `tmpl_${key}`;
  const exists = () => psql('postgres', `SELECT count(*) FROM pg_database WHERE datname = '${name}'`) === '1';
  const lock = join(tmpdir(), `tiendo-pg-${new URL(PG).port}-${name}.lock`);
  const deadline = Date.now() + 300000;
  while (!exists()) {
    let mine = false;
    try { mkdirSync(lock); mine = true; } catch { /* another process builds it */ }
    if (mine) {
      try {
        if (!exists()) {
          const tmp = `${name}_build`;
          psql('postgres', `DROP DATABASE IF EXISTS ${tmp}`);
          psql('postgres', `CREATE DATABASE ${tmp}`);
          const dir = mkdtempSync(join(tmpdir(), 'tiendo-test-'));
          const init = tiendo(['init', '--data', dir, '--db', pgUrl(tmp), ...initArgs], env);
          rmSync(dir, { recursive: true, force: true });
          if (init.status !== 0) throw new Error(`tiendo init failed: ${init.stderr}`);
          psql('postgres', `ALTER DATABASE ${tmp} RENAME TO ${name}`);
        }
      } finally { rmdirSync(lock); }
    } else {
      if (Date.now() > deadline) throw new Error(`waited too long for ${name}`);
      await sleep(200);
    }
  }
  return name;
}

// A fresh database for one server: {args for the tiendo commands, drop()}.
export async function freshDatabase(initArgs, env = {}) {
  const tmpl = await pgTemplate(initArgs, { TIENDO_ADMIN_PASSWORD: ADMIN_PASSWORD, TIENDO_DEMO_PASSWORD: DEMO_PASSWORD, ...env });
  const db = `t_${randomBytes(8).toString('hex')}`;
  for (let i = 0; ; i++) {
    try { psql('postgres', `CREATE DATABASE ${db} TEMPLATE ${tmpl}`); break; } catch (e) {
      // another copy of the same template in this very moment
      if (i > 50 || !/being accessed by other users/.test(e.message)) throw e;
      await sleep(100);
    }
  }
  return { name: db, url: pgUrl(db), args: ['--db', pgUrl(db)], drop: () => psql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`) };
}

// startServer({demo, initArgs, serveArgs, env, db, dataDir, dbUrl, port}) ->
//   {url, port, dataDir, dbArgs, sql(), proc, stop()}
// initArgs: more options of `tiendo init`, e.g. ['--reform'].
// dbArgs: what a tiendo command needs besides --data to reach this server's
// database ([] on SQLite). db: share the database of another server (its
// .database), for tests of several instances. With dataDir the server uses that
// existing directory as it is (no init; stop() leaves it in place: it belongs to
// the caller); dbUrl adds `--db URL` (a database outside DATA, e.g. PostgreSQL);
// port fixes the port (to restart an instance where a proxy expects it).
export async function startServer({ demo = true, initArgs: moreInit = [], serveArgs = [], env = {}, db = null,
  dataDir: given, dbUrl, port: fixedPort } = {}) {
  const dataDir = given || mkdtempSync(join(tmpdir(), 'tiendo-test-'));
  // without the demo: the Bắc Giang unit tree only, and the admin at its root
  const initArgs = [...(demo ? ['--demo'] : ['--units', resolve('seed/units/bac-giang-2023.csv')]), ...moreInit];
  let database = db;
  const own = !db && !given && !dbUrl && PG;
  if (own) {
    database = await freshDatabase(initArgs, env);
  } else if (!db && !given) {
    const init = tiendo(['init', '--data', dataDir, ...initArgs], env);
    if (init.status !== 0) throw new Error(`tiendo init failed: ${init.stderr}`);
  }
  const dbArgs = database ? database.args : dbUrl ? ['--db', dbUrl] : [];
  const port = fixedPort || await freePort();
  const proc = spawn(BIN, ['serve', '--data', dataDir, ...dbArgs, '--listen', `127.0.0.1:${port}`, ...serveArgs], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited ${proc.exitCode}: ${log}`);
    try { const r = await fetch(`${url}/healthz`); if (r.ok) break; } catch { /* not up yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`server did not start: ${log}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  return {
    url, port, dataDir, dbArgs, database, proc, log: () => log,
    // Runs SQL on this server's database (set-up the API does not offer); returns
    // the output (one line per row, columns separated by '|').
    sql(stmt) {
      if (database?.name) return psql(database.name, stmt);
      const r = spawnSync('sqlite3', ['-cmd', '.timeout 10000', join(dataDir, 'tiendo.db'), stmt], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
      return r.stdout.trim();
    },
    // Stops with SIGTERM. Throws when the server did not exit cleanly or its
    // output holds a sanitizer report, so every suite run against the ASan+UBSan
    // build also checks for leaks and undefined behaviour.
    async stop({ keep = false, allowFailure = false } = {}) {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const r = await exited;
      if (!keep && !given) {
        rmSync(dataDir, { recursive: true, force: true });
        if (own) database.drop();
      }
      if (!allowFailure) {
        const report = /(ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:)[\s\S]{0,4000}/.exec(log);
        if (report) throw new Error(`sanitizer report from the server:\n${report[0]}`);
        if (r.code !== 0) throw new Error(`server exited with ${r.code ?? r.signal}:\n${log.slice(-4000)}`);
      }
      return r;
    },
  };
}

// A signed-in client: keeps the session cookie and sends the CSRF header on
// unsafe methods. login(username, password) -> response JSON.
export class Client {
  constructor(url) { this.url = url; this.cookie = null; this.csrf = null; }
  async login(username, password = DEMO_PASSWORD) {
    const r = await this.req('POST', '/api/v1/session', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrf_token;
    return r.body;
  }
  // req(method, path, body, {headers, raw}) -> {status, headers, body, text}
  async req(method, path, body, { headers = {}, raw } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && !['GET', 'HEAD'].includes(method) && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
    const r = await fetch(this.url + path, { method, headers: h, body: payload });
    const set = r.headers.get('set-cookie');
    if (set) {
      const m = /tiendo_session=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `tiendo_session=${m[1]}` : null;
    }
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: r.status, headers: r.headers, body: json, text };
  }
  get(p, o) { return this.req('GET', p, undefined, o); }
  post(p, b, o) { return this.req('POST', p, b, o); }
  patch(p, b, o) { return this.req('PATCH', p, b, o); }
  put(p, b, o) { return this.req('PUT', p, b, o); }
  del(p, o) { return this.req('DELETE', p, undefined, o); }
}
