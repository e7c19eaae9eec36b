// server.mjs — starts a real Tiến Độ server on a free loopback port with a fresh
// temporary database, for the API and browser tests. No mocks: the same binary
// users run (TIENDO_BIN, default build/tiendo; the sanitizer run sets it).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(process.env.TIENDO_BIN || 'build/tiendo');
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

// startServer({demo, serveArgs, env, dataDir, dbUrl}) -> {url, port, dataDir, proc, stop()}
// With dataDir the server uses that existing directory as it is (no init; stop()
// leaves it in place: it belongs to the caller), so several servers can share one
// database; dbUrl adds `--db URL` (a database outside DATA, e.g. PostgreSQL);
// port fixes the port (to restart an instance where a proxy expects it).
export async function startServer({ demo = true, serveArgs = [], env = {}, dataDir: given, dbUrl, port: fixedPort } = {}) {
  const dataDir = given || mkdtempSync(join(tmpdir(), 'tiendo-test-'));
  // without the demo: the Bắc Giang unit tree only, and the admin at its root
  const init = given ? { status: 0 } : tiendo(['init', '--data', dataDir, ...(demo ? ['--demo'] : ['--units', resolve('seed/units/bac-giang-2023.csv')])], env);
  if (init.status !== 0) throw new Error(`tiendo init failed: ${init.stderr}`);
  const port = fixedPort || await freePort();
  const dbArgs = dbUrl ? ['--db', dbUrl] : [];
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
    url, port, dataDir, proc, log: () => log,
    // Stops with SIGTERM. Throws when the server did not exit cleanly or its
    // output holds a sanitizer report, so every suite run against the ASan+UBSan
    // build also checks for leaks and undefined behaviour.
    async stop({ keep = false, allowFailure = false } = {}) {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const r = await exited;
      if (!keep && !given) rmSync(dataDir, { recursive: true, force: true });
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
