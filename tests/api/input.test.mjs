// input.test.mjs — bad input gets a clear error and never hurts the data: broken,
// oversized, too deep or non-UTF-8 JSON, bodies of the wrong shape, SQL
// metacharacters in search filters, unknown routes and wrong methods.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv;
let admin;
let plansAll;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  const r = await admin.get('/api/v1/plans?limit=1000');
  assert.equal(r.status, 200, r.text);
  plansAll = r.body.items;
});
after(async () => { await srv?.stop(); });

function assertError(r, status) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  assert.ok(r.body?.error, `a JSON error body: ${r.text}`);
  assert.match(r.body.error.code, /^[a-z0-9_]+$/);
  assert.ok(r.body.error.message.length > 0, 'a message for people');
}

// Sends body (a Buffer or string) as JSON with the admin's session.
function sendRaw(method, path, body, headers = {}) {
  return admin.req(method, path, undefined, {
    raw: body, headers: { 'content-type': 'application/json', ...headers },
  });
}

// A request over node:http that reads the answer even when the server answers
// (and closes) before the whole body was sent. chunks: Buffers written in turn.
function httpSend(method, path, chunks, headers) {
  return new Promise((ok, fail) => {
    const req = request(`${srv.url}${path}`, { method, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json', ...headers } });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let body = null;
        try { body = JSON.parse(text); } catch { /* not JSON */ }
        ok({ status: res.statusCode, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), body, text });
      });
      res.on('error', fail);
    });
    req.on('error', (e) => { if (!answered) fail(e); });
    const expectContinue = /100-continue/i.test(headers.expect ?? '');
    (async () => {
      if (expectContinue) {
        // as command-line clients do: the body goes once the server says it wants it
        const go = await new Promise((r) => { req.once('continue', () => r(true)); req.once('response', () => r(false)); req.flushHeaders(); });
        if (!go) return;
      }
      for (const c of chunks) {
        if (answered || req.destroyed) break;
        if (!req.write(c)) await new Promise((r) => { req.once('drain', r); req.once('close', r); });
      }
      req.end();
    })();
  });
}

async function planCount() {
  const r = await admin.get('/api/v1/plans?limit=1000');
  assert.equal(r.status, 200, r.text);
  return r.body.total;
}

describe('malformed bodies', () => {
  test('broken JSON is 400, on sign-in and on a write', async () => {
    const c = new Client(srv.url);
    assertError(await c.req('POST', '/api/v1/session', undefined, { raw: '{"username": "admin", ', headers: { 'content-type': 'application/json' } }), 400);
    assertError(await sendRaw('POST', '/api/v1/organizations', '{"name": "Hội', {}), 400);
    assertError(await sendRaw('POST', '/api/v1/organizations', "{'name': 'x'}", {}), 400);
    assertError(await sendRaw('POST', '/api/v1/organizations', '', {}), 400);
  });

  test('duplicate keys are 400 (no guessing which one counts)', async () => {
    const c = new Client(srv.url);
    const r = await c.req('POST', '/api/v1/session', undefined, {
      raw: `{"username":"khong.ai","username":"admin","password":${JSON.stringify(ADMIN_PASSWORD)}}`,
      headers: { 'content-type': 'application/json' },
    });
    assertError(r, 400);
    assert.equal(r.headers.get('set-cookie'), null, 'no session');
  });

  test('a body that is valid JSON but not an object is 422', async () => {
    for (const raw of ['[1,2]', '"Hội LHPN"', '42', 'null', 'true']) {
      assertError(await sendRaw('POST', '/api/v1/organizations', raw), 422);
    }
    const c = new Client(srv.url);
    assertError(await c.req('POST', '/api/v1/session', undefined, { raw: '[]', headers: { 'content-type': 'application/json' } }), 422);
  });

  test('nesting deeper than 64 levels is 400; 64 levels is parsed', async () => {
    const nest = (depth) => `{"name":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    assertError(await sendRaw('POST', '/api/v1/organizations', nest(65)), 400);
    assertError(await sendRaw('POST', '/api/v1/organizations', nest(100000)), 400);
    const ok = await sendRaw('POST', '/api/v1/organizations', nest(64));
    assertError(ok, 422); // well-formed, but a name must be text
    assert.equal((await fetch(`${srv.url}/healthz`)).status, 200, 'the server is still up');
  });

  test('invalid UTF-8 in a body or a query is 400', async () => {
    const bad = [
      Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // {"name":"\xC3("}
      Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]),    // overlong '/'
      Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]), // a surrogate
      Buffer.concat([Buffer.from('{"name":"H'), Buffer.from([0xe1, 0xbb]), Buffer.from('"}')]),      // truncated 'ộ'
    ];
    for (const b of bad) assertError(await sendRaw('POST', '/api/v1/organizations', b), 400);
    assertError(await admin.get('/api/v1/plans?q=%C3%28'), 400);
    assertError(await admin.get('/api/v1/org-units?q=%FF%FE'), 400);
    assertError(await admin.get('/api/v1/organizations?q=%ED%A0%80'), 400);
  });

  test('a 2 MiB body is 413: refused on its Content-Length, or when chunked', async () => {
    const big = Buffer.from(`{"name":"${'a'.repeat(2 * 1024 * 1024)}"}`);
    const r = await httpSend('POST', '/api/v1/organizations', [big], { 'content-length': String(big.length), expect: '100-continue' });
    assertError(r, 413);
    const pieces = [];
    for (let i = 0; i < big.length; i += 64 * 1024) pieces.push(big.subarray(i, i + 64 * 1024));
    const chunked = await httpSend('POST', '/api/v1/organizations', pieces, { 'transfer-encoding': 'chunked' });
    assertError(chunked, 413);
    assert.equal((await admin.get('/api/v1/session')).status, 200, 'the server and the session are fine');
  });

  test('a client that sends a 2 MiB body in one go (as a browser does) still reads the 413', async () => {
    // Without "Expect: 100-continue" the body is already on the wire when the server
    // refuses it; closing with unread input resets the connection and the client
    // sees a network error instead of the message. Three tries, each must get it.
    const big = Buffer.from(`{"username":"${'a'.repeat(2 * 1024 * 1024)}","password":"x"}`);
    for (let i = 0; i < 3; i++) {
      const sock = connect(srv.port, '127.0.0.1');
      await new Promise((ok, fail) => { sock.once('connect', ok); sock.once('error', fail); });
      let got = '';
      let answered;
      const complete = new Promise((ok) => { answered = ok; });
      sock.on('data', (d) => {
        got += d.toString('latin1');
        const end = got.indexOf('\r\n\r\n');
        const len = /\r\ncontent-length:\s*(\d+)/i.exec(got);
        if (end >= 0 && len && got.length >= end + 4 + Number(len[1])) answered();
      });
      sock.on('error', () => { /* a reset shows up as a missing answer below */ });
      const closed = new Promise((ok) => sock.on('close', ok));
      sock.write(`POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`);
      sock.write(big);
      let timer;
      await Promise.race([complete, closed, new Promise((ok) => { timer = setTimeout(ok, 5000); })]);
      clearTimeout(timer);
      sock.destroy();
      assert.match(got.split('\r\n')[0] ?? '', /^HTTP\/1\.1 413 /, `try ${i + 1}: the 413 reached the client (got ${JSON.stringify(got.slice(0, 80))})`);
    }
  });

  test('a body under the limit is read in full (not 413)', async () => {
    const name = `Hội ${'Đ'.repeat(300 * 1024)}`; // ~600 KB of UTF-8
    const r = await admin.post('/api/v1/organizations', { code: 'women-07387', name, system: 'women', unit: '07387' });
    assert.notEqual(r.status, 413, r.text);
    assert.ok(r.status < 500, `no server error: ${r.status}`);
  });
});

describe('search filters are text, never SQL', () => {
  const nasty = ["' OR 1=1 --", "%_", '"', "'", '\\', "x'; DROP TABLE plans; --", '%', '_', '*', ") OR (1=1", '[a-z]%'];

  test('plans: each filter is a plain substring and finds nothing it should not', async () => {
    for (const q of nasty) {
      const r = await admin.get(`/api/v1/plans?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, `q=${q}: ${r.text}`);
      const literal = plansAll.filter((p) => p.title.includes(q) || p.code.includes(q));
      assert.equal(r.body.total, literal.length, `q=${q} matches only titles that contain it`);
      assert.equal(r.body.items.length, literal.length);
    }
    assert.equal(await planCount(), plansAll.length, 'every plan is still there');
  });

  test('organisations and org units: the same', async () => {
    const allOrgs = (await admin.get('/api/v1/organizations?limit=1000')).body.items;
    for (const q of nasty) {
      const o = await admin.get(`/api/v1/organizations?q=${encodeURIComponent(q)}&limit=1000`);
      assert.equal(o.status, 200, `q=${q}: ${o.text}`);
      assert.equal(o.body.total, allOrgs.filter((x) => x.name.includes(q) || x.code.includes(q)).length, `organisations, q=${q}`);
      const u = await admin.get(`/api/v1/org-units?q=${encodeURIComponent(q)}`);
      assert.equal(u.status, 200, `q=${q}: ${u.text}`);
      assert.equal(u.body.total, 0, `org units, q=${q}`);
    }
  });

  test('ids in the path that are not numbers are 404, not an error', async () => {
    for (const p of ['/api/v1/plans/1%20OR%201=1', "/api/v1/plans/1'", '/api/v1/plans/-1', '/api/v1/plans/0', '/api/v1/plans/99999999999999999999999', '/api/v1/org-units/%27%20OR%20%271%27=%271']) {
      assertError(await admin.get(p), 404);
    }
  });

  test('numeric filters with junk are 400, not a server error', async () => {
    assertError(await admin.get('/api/v1/plans?year=2024%20OR%201=1'), 400);
    assertError(await admin.get('/api/v1/plans?limit=abc'), 400);
    assertError(await admin.get('/api/v1/plans?limit=-1'), 400);
    assertError(await admin.get('/api/v1/plans?offset=1e3'), 400);
  });
});

describe('routes', () => {
  test('an unknown API route is a JSON 404', async () => {
    for (const p of ['/api/v1/khong-co', '/api/v1/plans/1/khong-co', '/api/v2/plans']) {
      assertError(await admin.get(p), 404);
    }
    const anon = await new Client(srv.url).get('/api/v1/khong-co');
    assert.ok([401, 404].includes(anon.status), `${anon.status}`);
    assert.ok(anon.body?.error?.code);
  });

  test('a wrong method on a known path is a JSON 405', async () => {
    assertError(await admin.del('/api/v1/plans'), 405);
    assertError(await admin.put('/api/v1/session', {}), 405);
    assertError(await admin.post('/api/v1/org-units/217', {}), 405);
  });
});
