// http.test.mjs — the HTTP service itself: health and metrics, security headers on
// every kind of response, keep-alive connections, and a graceful stop on SIGTERM
// that lets a request in flight finish.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

// A raw HTTP/1.1 connection that reads whole responses (Content-Length or chunked).
class RawConn {
  constructor(port) {
    this.buf = Buffer.alloc(0);
    this.closed = false;
    this.waiters = [];
    this.sock = connect(port, '127.0.0.1');
    this.sock.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]); this.wake(); });
    this.sock.on('close', () => { this.closed = true; this.wake(); });
    this.sock.on('error', () => { this.closed = true; this.wake(); });
    this.ready = new Promise((ok, fail) => { this.sock.once('connect', ok); this.sock.once('error', fail); });
  }
  wake() { const w = this.waiters; this.waiters = []; for (const f of w) f(); }
  write(s) { this.sock.write(s); }
  // Parses one full response off the buffer, or null when incomplete.
  take() {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const head = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0])?.[1]);
    const headers = {};
    for (const line of head.slice(1)) {
      const i = line.indexOf(':');
      const k = line.slice(0, i).trim().toLowerCase();
      headers[k] = headers[k] ? `${headers[k]}, ${line.slice(i + 1).trim()}` : line.slice(i + 1).trim();
    }
    let pos = end + 4;
    let body;
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts = [];
      for (;;) {
        const nl = this.buf.indexOf('\r\n', pos);
        if (nl < 0) return null;
        const n = parseInt(this.buf.subarray(pos, nl).toString('latin1'), 16);
        if (this.buf.length < nl + 2 + n + 2) return null;
        if (n === 0) { pos = this.buf.indexOf('\r\n\r\n', nl) + 4; if (pos < 4) return null; break; }
        parts.push(this.buf.subarray(nl + 2, nl + 2 + n));
        pos = nl + 2 + n + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const n = Number(headers['content-length'] ?? 0);
      if (this.buf.length < pos + n) return null;
      body = this.buf.subarray(pos, pos + n);
      pos += n;
    }
    this.buf = this.buf.subarray(pos);
    return { status, headers, text: body.toString('utf8') };
  }
  async response(timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = this.take();
      if (r) return r;
      if (this.closed) throw new Error(`connection closed before a full response (${this.buf.length} bytes buffered)`);
      if (Date.now() > deadline) throw new Error('no response in time');
      await new Promise((ok) => { this.waiters.push(ok); setTimeout(ok, 100); });
    }
  }
  close() { this.sock.destroy(); }
}

function assertSecurityHeaders(h, what) {
  const get = (k) => (typeof h.get === 'function' ? h.get(k) : h[k]) ?? '';
  const csp = get('content-security-policy');
  assert.match(csp, /default-src 'self'/, `${what}: CSP default-src 'self' (${csp})`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP frame-ancestors 'none'`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(get('referrer-policy'), 'same-origin', `${what}: Referrer-Policy`);
}

let srv;
let admin;
before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
});
after(async () => { await srv?.stop(); });

describe('a running server', () => {
  test('GET /healthz answers {"status":"ok"} without a session', async () => {
    const r = await fetch(`${srv.url}/healthz`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await r.json(), { status: 'ok' });
  });

  test('GET /metrics is Prometheus text and counts requests', async () => {
    const total = async () => {
      const r = await fetch(`${srv.url}/metrics`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await r.text();
      assert.match(text, /^# TYPE tiendo_http_requests_total counter$/m);
      const samples = text.split('\n').filter((l) => /^tiendo_http_requests_total(\{[^}]*\})? [0-9.e+]+$/.test(l));
      assert.ok(samples.length > 0, 'at least one sample line');
      return samples.reduce((s, l) => s + Number(l.split(' ').pop()), 0);
    };
    const before1 = await total();
    for (let i = 0; i < 5; i++) await fetch(`${srv.url}/healthz`);
    const after1 = await total();
    assert.ok(after1 >= before1 + 5, `requests counted: ${before1} -> ${after1}`);
  });

  test('security headers on an API answer, a static file, an error and the health check', async () => {
    const api = await admin.get('/api/v1/session');
    assert.equal(api.status, 200);
    assertSecurityHeaders(api.headers, 'API');
    const page = await fetch(`${srv.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assertSecurityHeaders(page.headers, 'static file');
    const missing = await fetch(`${srv.url}/api/v1/khong-co`);
    assert.ok(missing.status === 404 || missing.status === 401, `${missing.status}`);
    assertSecurityHeaders(missing.headers, 'error');
    const unauth = await fetch(`${srv.url}/api/v1/plans`);
    assert.equal(unauth.status, 401);
    assertSecurityHeaders(unauth.headers, '401');
    assertSecurityHeaders((await fetch(`${srv.url}/healthz`)).headers, 'healthz');
    const bad = await admin.req('POST', '/api/v1/organizations', undefined, { raw: '{', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400);
    assertSecurityHeaders(bad.headers, '400');
  });

  test('an unknown API route is a JSON 404 and a wrong method a JSON 405', async () => {
    const r = await admin.get('/api/v1/khong-co-duong-nay');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.ok(r.body.error.code && r.body.error.message);
    const m = await admin.req('PATCH', '/healthz', {});
    assert.equal(m.status, 405, m.text);
    assert.ok(m.body?.error?.code);
  });

  test('keep-alive: two HTTP/1.1 requests on one connection are both answered', async () => {
    const c = new RawConn(srv.port);
    await c.ready;
    try {
      c.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const a = await c.response();
      assert.equal(a.status, 200);
      assert.deepEqual(JSON.parse(a.text), { status: 'ok' });
      assert.doesNotMatch(a.headers.connection ?? '', /close/i);
      c.write(`GET /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${admin.cookie}\r\n\r\n`);
      const b = await c.response();
      assert.equal(b.status, 200);
      assert.equal(JSON.parse(b.text).user.username, 'admin');
      assert.doesNotMatch(b.headers.connection ?? '', /close/i);
      assert.equal(c.closed, false, 'the connection is still open');
      // and a third, an error, still on the same connection
      c.write('GET /api/v1/khong-co HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const e = await c.response();
      assert.ok([401, 404].includes(e.status));
    } finally { c.close(); }
  });
});

// Last: it stops the server the tests above share.
describe('stopping', () => {
  test('SIGTERM lets a request in flight finish, then the server exits 0', async () => {
    const c = new RawConn(srv.port);
    await c.ready;
    try {
      c.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      assert.equal((await c.response()).status, 200, 'the connection is established');
      const body = Buffer.from(JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }));
      const half = Math.floor(body.length / 2);
      c.write(`POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      c.sock.write(body.subarray(0, half));
      await new Promise((ok) => setTimeout(ok, 150));
      const exited = new Promise((ok) => srv.proc.once('exit', (code, signal) => ok({ code, signal })));
      srv.proc.kill('SIGTERM');
      await new Promise((ok) => setTimeout(ok, 300));
      assert.equal(srv.proc.exitCode, null, 'still running while the request is unfinished');
      c.sock.write(body.subarray(half));
      const r = await c.response();
      assert.equal(r.status, 200, r.text);
      assert.equal(JSON.parse(r.text).user.username, 'admin');
      c.close();
      let timer;
      const done = await Promise.race([exited, new Promise((ok) => { timer = setTimeout(() => ok(null), 15000); })]);
      clearTimeout(timer);
      assert.ok(done, 'the server exits after the request');
      assert.deepEqual(done, { code: 0, signal: null }, 'exit status 0');
    } finally { c.close(); }
  });
});
