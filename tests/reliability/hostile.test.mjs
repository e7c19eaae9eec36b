// hostile.test.mjs — what an attacker or a broken client sends, against every
// route that takes a JSON body (from the OpenAPI document) and every query
// parameter of the lists: broken and overlong UTF-8, NUL bytes, NFD text, 10 MB
// bodies, 100,000-deep nesting, duplicate keys, numbers no integer holds, ids that
// are not ids, SQL in filters, paths in file names, stored <script>, clients that
// send one byte a second and more connections than the server takes. Every case
// gets a clear 4xx, never a 5xx, and the server is healthy and its data whole after.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ADMIN_PASSWORD, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';

let srv;
let admin;
let ops;            // [{method, path, roles}]
const as = {};      // username -> Client
const ids = {};     // what path parameters are replaced with
let report;         // a draft report of Hội LHPN tỉnh, entered by tinh.phunu
let baseline;       // counts of the data that must survive everything
const seen = {};    // status -> count over the whole file
let tried = 0;

before(async () => {
  srv = await startServer({ demo: true });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  for (const name of ['tinh.phunu', 'tinh.phunu.lanhdao', 'tinh.kiemtra']) {
    as[name] = new Client(srv.url);
    await as[name].login(name, DEMO_PASSWORD);
  }
  as.admin = admin;
  const doc = await (await fetch(`${srv.url}/api/v1/openapi.json`)).json();
  ops = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(item)) ops.push({ method: m.toUpperCase(), path, roles: op['x-roles'] });
  const orgs = (await admin.get('/api/v1/organizations?limit=1000')).body.items;
  const women24 = orgs.find((o) => o.code === 'women-24');
  // a plan of Hội LHPN tỉnh for 2026 with a monthly indicator and a draft report
  const plan = (await admin.post('/api/v1/plans', { code: 'HX-24', kind: 'de_an', title: 'Đề án thử đầu vào', owner_id: women24.id, start_year: 2026, end_year: 2026 })).body;
  const ind = (await admin.post(`/api/v1/plans/${plan.id}/indicators`, { code: 'HX1', name: 'Số buổi', frequency: 'month', value_type: 'integer' })).body;
  report = (await as['tinh.phunu'].post('/api/v1/reports', { plan_id: plan.id, organization_id: women24.id, unit: '24', period: '202601' })).body;
  assert.ok(report?.id, 'a draft report');
  const first = async (path) => (await admin.get(path)).body.items[0].id;
  Object.assign(ids, {
    plan: plan.id, indicator: ind.id, report: report.id, org: women24.id, user: await first('/api/v1/users?limit=1'),
    tasks: await first('/api/v1/tasks?unit=24'), documents: await first('/api/v1/documents?unit=24'),
    budgets: await first('/api/v1/budgets?unit=24'), findings: await first('/api/v1/findings?unit=24'),
    inspections: await first('/api/v1/inspections?unit=24'), models: await first('/api/v1/models'),
    activities: await first('/api/v1/activities?unit=24'), code: '24', file_id: 1,
  });
  const n = await (await fetch(`${srv.url}/api/v1/notifications`, { headers: { cookie: admin.cookie } })).json();
  ids.notifications = n.items?.[0]?.id ?? 1;
  baseline = await counts();
});

after(async () => {
  console.log(`# hostile input: ${tried} requests checked (${Object.entries(seen).sort().map(([s, n]) => `${s}:${n}`).join(' ')})`);
  await srv?.stop();
});

async function counts() {
  const out = {};
  for (const p of ['plans', 'organizations', 'reports', 'tasks', 'users', 'budgets', 'findings'])
    out[p] = (await admin.get(`/api/v1/${p}?limit=1`)).body.total;
  return out;
}

// The id for a path parameter of a pattern: the entity its first segment names.
function fillPath(pattern) {
  const kind = pattern.split('/')[3];
  const map = { organizations: ids.org, users: ids.user, plans: ids.plan, indicators: ids.indicator, reports: ids.report, notifications: ids.notifications };
  return pattern.replace('{code}', ids.code).replace('{file_id}', String(ids.file_id))
    .replace('{id}', String(map[kind] ?? ids[kind] ?? 1));
}

// A user whose role the route names, so the body is read rather than refused.
function caller(op) {
  if (op.path.startsWith('/api/v1/reports/{id}/') && ['approve', 'return', 'reopen'].some((a) => op.path.endsWith(a))) return as['tinh.phunu.lanhdao'];
  if (op.roles.includes('admin')) return admin;
  if (op.roles.includes('officer')) return as['tinh.phunu'];
  if (op.roles.includes('leader')) return as['tinh.phunu.lanhdao'];
  return as['tinh.kiemtra'];
}

// Every route that reads a JSON body: the unsafe ones, but sign-out, the raw
// file upload and the CSV import.
function jsonRoutes() {
  return ops.filter((o) => ['POST', 'PUT', 'PATCH'].includes(o.method)
    && !o.path.endsWith('/files') && o.path !== '/api/v1/imports/values' && !o.path.endsWith('/read-all'));
}

function note(r) {
  tried++;
  seen[r.status] = (seen[r.status] ?? 0) + 1;
}

// A 4xx with a JSON error body (or one of the listed statuses).
function assert4xx(r, what, allowed) {
  note(r);
  assert.ok(r.status >= 400 && r.status < 500, `${what}: expected a 4xx, got ${r.status} ${r.text?.slice(0, 200)}`);
  if (allowed) assert.ok(allowed.includes(r.status), `${what}: expected ${allowed.join('/')}, got ${r.status} ${r.text?.slice(0, 200)}`);
  assert.ok(r.body?.error?.code, `${what}: a JSON error body: ${r.text?.slice(0, 200)}`);
}

// Sends raw bytes as JSON with c's session; reads the answer even when the server
// answers before the whole body is in (node:http).
function sendRaw(c, method, path, body, headers = {}) {
  return new Promise((ok, fail) => {
    const req = request(`${srv.url}${path}`, { method, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        ok({ status: res.statusCode, headers: res.headers, body: json, text });
      });
    });
    req.on('error', (e) => { if (!answered) fail(e); });
    req.end(body);
  });
}

async function healthy() {
  const r = await fetch(`${srv.url}/healthz`);
  assert.equal(r.status, 200, 'the server answers /healthz');
  assert.deepEqual(await counts(), baseline, 'no data was lost or added by the hostile requests');
}

describe('bodies of every JSON route', () => {
  const cases = {
    'invalid UTF-8': [Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')],
    'overlong UTF-8 (/ as C0 AF)': [Buffer.from('{"name":"..'), Buffer.from([0xc0, 0xaf]), Buffer.from('etc"}')],
    'a UTF-16 surrogate in UTF-8': [Buffer.from('{"title":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')],
    'a truncated sequence at the end': [Buffer.from('{"title":"H'), Buffer.from([0xe1, 0xbb])],
    'a raw NUL byte in a string': [Buffer.from('{"title":"a'), Buffer.from([0]), Buffer.from('b"}')],
    'an escaped NUL (\\u0000)': [Buffer.from('{"title":"a\\u0000b","name":"x\\u0000"}')],
    'a NUL before the body': [Buffer.from([0]), Buffer.from('{"title":"x"}')],
    'duplicate keys': [Buffer.from('{"version":1,"version":2,"title":"a","title":"b"}')],
    'broken JSON': [Buffer.from('{"title": "Hội')],
    'a lone value': [Buffer.from('"chỉ một chuỗi"')],
    'trailing garbage': [Buffer.from('{"title":"a"} {"title":"b"}')],
    'an empty body': [Buffer.from('')],
  };
  const numbers = ['1e400', '-1e400', '9223372036854775808', '-9223372036854775809', '18446744073709551616', '1e308', '-1e308', '1.5e19', '4.9e-324', '-0', '1' + '0'.repeat(400)];

  for (const [name, parts] of Object.entries(cases)) {
    test(`${name}: 4xx on every route`, async () => {
      const body = Buffer.concat(parts);
      for (const op of jsonRoutes()) {
        const c = op.path === '/api/v1/session' ? new Client(srv.url) : caller(op);
        const r = await sendRaw(c, op.method, fillPath(op.path), body);
        // the body is read before anything else can be decided, where the role allows
        assert4xx(r, `${op.method} ${op.path} with ${name}`, name === 'a lone value' ? [400, 403, 404, 409, 422] : [400, 403, 404, 409, 422]);
      }
    });
  }

  test('100,000-deep nesting: 400 on every route (413 over its cap), and the server stays up', async () => {
    const deep = Buffer.from(`{"title":${'['.repeat(100000)}${']'.repeat(100000)}}`);
    const deepObj = Buffer.from(`${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}`);
    for (const op of jsonRoutes()) {
      const c = op.path === '/api/v1/session' ? new Client(srv.url) : caller(op);
      // 413 where the route's cap is below the 200-600 KB of these bodies
      assert4xx(await sendRaw(c, op.method, fillPath(op.path), deep), `${op.method} ${op.path} deep arrays`, [400, 403, 404, 409, 413]);
      assert4xx(await sendRaw(c, op.method, fillPath(op.path), deepObj), `${op.method} ${op.path} deep objects`, [400, 403, 404, 409, 413]);
    }
    assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
  });

  test('numbers no integer can hold, in every numeric field: 4xx on every route', async () => {
    const fields = ['version', 'year', 'start_year', 'end_year', 'planned', 'allocated', 'disbursed', 'participants', 'progress',
      'organization_id', 'plan_id', 'owner_id', 'responsible_id', 'parent_id', 'issuer_id', 'value', 'decimals', 'position',
      'cutoff_day', 'achievement_cap', 'min', 'max'];
    for (const op of jsonRoutes()) {
      const c = op.path === '/api/v1/session' ? new Client(srv.url) : caller(op);
      for (const n of numbers) {
        const body = `{${fields.map((f) => `"${f}":${n}`).join(',')},"values":[{"indicator_id":${n},"value":${n}}],`
          + `"deadline_days":{"month":${n}},"weights":{"indicators":${n}},"thresholds":{"excellent":${n}}}`;
        const r = await sendRaw(c, op.method, fillPath(op.path), Buffer.from(body));
        assert4xx(r, `${op.method} ${op.path} with ${n}`);
      }
    }
  });

  // Two units reporting 1e308 add up to infinity: the province's figure then reads
  // null ("no data") while two units reported. Values no sum can hold are refused.
  test('a value too large to add up (1e308) in a report is refused (422), the report keeps its values', async () => {
    const c = as['tinh.phunu'];
    const cur = (await c.get(`/api/v1/reports/${report.id}`)).body;
    const ind = cur.form[0].indicator_id;
    for (const v of [1.5, 1e308, -1e308, 1e300]) {
      const r = await c.put(`/api/v1/reports/${report.id}`, { version: cur.version, values: [{ indicator_id: ind, value: v }] });
      assert4xx(r, `value ${v}`, [422]);
    }
    const now = (await c.get(`/api/v1/reports/${report.id}`)).body;
    assert.equal(now.version, cur.version, 'nothing was saved');
    assert.deepEqual(now.values, cur.values);
  });

  test('a 10 MB body: 413 on every route, the answer reaches the client', async () => {
    const big = Buffer.from(`{"title":"${'Đ'.repeat(5 * 1024 * 1024)}"}`); // 10 MiB of UTF-8
    assert.ok(big.length > 10 * 1024 * 1024);
    for (const op of jsonRoutes()) {
      const c = op.path === '/api/v1/session' ? new Client(srv.url) : caller(op);
      const r = await sendRaw(c, op.method, fillPath(op.path), big);
      assert4xx(r, `${op.method} ${op.path} 10 MB`, [413]);
    }
    await healthy();
  });
});

describe('text forms', () => {
  test('NFD text is stored as NFC: found by its NFC spelling, and a code in NFD is the same code', async () => {
    const nfd = 'Hội Liên hiệp Phụ nữ thử Đức Thắng'.normalize('NFD');
    assert.notEqual(nfd, nfd.normalize('NFC'));
    const r = await admin.post('/api/v1/organizations', { code: 'women-07387', name: nfd, system: 'women', unit: '07387' });
    note(r);
    assert.ok([200, 201].includes(r.status), r.text);
    assert.equal(r.body.name, nfd.normalize('NFC'), 'stored in NFC');
    const q = await admin.get(`/api/v1/organizations?q=${encodeURIComponent('Đức Thắng')}`);
    assert.ok(q.body.items.some((o) => o.id === r.body.id), 'an NFC search finds it');
    const code = 'KH-ĐỨC'.normalize('NFD');
    const p1 = await admin.post('/api/v1/plans', { code: 'KH-ĐỨC', kind: 'de_an', title: 'Thử NFC', owner_id: r.body.id, start_year: 2026, end_year: 2026 });
    const p2 = await admin.post('/api/v1/plans', { code, kind: 'de_an', title: 'Thử NFD', owner_id: r.body.id, start_year: 2026, end_year: 2026 });
    note(p1); note(p2);
    assert.ok(p1.status < 300 || p1.status === 422, p1.text);
    if (p1.status < 300) assert.ok(p2.status === 409 || p2.status === 422, `the NFD spelling of an existing code is not a second plan: ${p2.status} ${p2.text}`);
    baseline = await counts();
  });
});

describe('paths and query parameters', () => {
  const badIds = ['-1', '0', 'abc', '1e3', '0x10', '+1', '%201', '1.0', '99999999999999999999', '9223372036854775807', '9223372036854775808',
    '1%20OR%201=1', "1'", '1;DROP%20TABLE%20plans', '%00', '1%00', '%C0%AF', '%FF'];
  // ('..' and '%2e%2e' are left out: the client resolves them before sending)

  test('ids that are not ids, in every path parameter: 404 (or 400), never 2xx or 5xx', async () => {
    for (const op of ops.filter((o) => o.path.includes('{'))) {
      const c = caller(op);
      for (const bad of badIds) {
        for (const which of ['{id}', '{file_id}', '{code}']) {
          if (!op.path.includes(which)) continue;
          const path = fillPath(op.path.replace(which, bad));
          const r = await c.req(op.method, path, op.method === 'GET' || op.method === 'DELETE' ? undefined : { version: 1 });
          assert4xx(r, `${op.method} ${path}`, [400, 404, 405]);
        }
      }
    }
  });

  test('SQL metacharacters in every query parameter of every list: never 5xx, and nothing changes', async () => {
    // every parameter name some list reads (grep req_query in src/api)
    const params = ['q', 'sort', 'status', 'unit', 'plan', 'period', 'organization', 'year', 'kind', 'severity', 'source', 'by',
      'inbox', 'overdue', 'mine', 'entity', 'id', 'user_id', 'indicator', 'include', 'as_of', 'parent', 'level', 'limit', 'offset',
      'unread', 'addressed_to', 'raised_by', 'inspection', 'report', 'system', 'role'];
    const nasty = ["' OR 1=1 --", "'; DROP TABLE reports; --", '%_\\', "1' UNION SELECT password_hash FROM users --", '\u0000', '😀'.repeat(200)];
    const lists = ops.filter((o) => o.method === 'GET' && !o.path.includes('{') && o.roles.length > 0);
    // the documents and scores (exports, evaluation) are costly to build: their own
    // filters, three values each
    const heavy = (path) => /exports|evaluation|scorecards/.test(path);
    const jobs = [];
    for (const op of lists)
      for (const p of heavy(op.path) ? ['unit', 'plan', 'year', 'period', 'organization', 'system', 'q', 'sort'] : params)
        for (const v of heavy(op.path) ? nasty.slice(0, 3) : nasty) jobs.push([op, p, v]);
    const run = async ([op, p, v]) => {
          const c = op.roles.includes('admin') ? admin : as['tinh.kiemtra'];
          const r = await c.get(`${op.path}?${p}=${encodeURIComponent(v)}`);
          note(r);
          assert.ok(r.status < 500, `${op.path}?${p}=${v}: ${r.status} ${r.text.slice(0, 200)}`);
          assert.ok([200, 400, 404, 422].includes(r.status), `${op.path}?${p}=${v}: ${r.status} ${r.text.slice(0, 200)}`);
          if (r.status >= 400) assert.ok(r.body?.error?.code, `${op.path}?${p}: JSON error`);
          if (r.status === 200 && p === 'q' && Array.isArray(r.body?.items) && r.body.items.length && v.includes('OR 1=1')) {
            // a route without a q filter ignores it and lists everything, as without it
            const plain = await c.get(op.path);
            assert.equal(r.body.total, plain.body.total, `${op.path}?q=${v} is a plain search that finds nothing`);
          }
    };
    // four at a time, as a handful of browsers would
    for (let i = 0; i < jobs.length; i += 4) await Promise.all(jobs.slice(i, i + 4).map(run));
    await healthy();
  });
});

describe('lists that find nothing', () => {
  // Found under UBSan: the scorecard list sorted its (empty, NULL) array with
  // qsort(NULL, 0, ...), undefined behaviour that stops the sanitizer build.
  test('scorecards of a system or year with no organisation: an empty list, the server up', async () => {
    for (const q of ['?system=khong-co-he-thong', '?unit=07411&system=labor']) {
      const r = await admin.get(`/api/v1/scorecards${q}`);
      note(r);
      assert.equal(r.status, 200, `${q}: ${r.status} ${r.text.slice(0, 200)}`);
      assert.deepEqual(r.body.items, [], q);
    }
    assert.equal((await fetch(`${srv.url}/healthz`)).status, 200);
  });
});

describe('evidence file names', () => {
  const names = ['../../etc/passwd', '../../x-tiendo-escape.pdf', '/etc/passwd.pdf', '..\\..\\windows\\win.ini.pdf', 'a/../../b.pdf',
    '%2e%2e%2fetc%2fpasswd.pdf', 'x.pdf\u0000.exe', 'bao-cao\r\nSet-Cookie: tiendo_session=x.pdf', '.', '..', '', ' .pdf',
    `${'a'.repeat(5000)}.pdf`, 'con.pdf', 'bao cáo quý.pdf'.normalize('NFD'), '<script>alert(1)</script>.pdf', '"; filename=evil.exe.pdf'];

  function filesUnder(dir) {
    const out = [];
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) out.push(...filesUnder(p));
      else out.push(p);
    }
    return out;
  }

  test('a path in a file name never leaves the data directory; names come back clean', async () => {
    const c = as['tinh.phunu'];
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const before = new Set(filesUnder(srv.dataDir));
    for (const name of names) {
      const r = await c.req('POST', `/api/v1/reports/${report.id}/files?name=${encodeURIComponent(name)}`, undefined, { raw: pdf, headers: { 'content-type': 'application/pdf' } });
      note(r);
      assert.ok(r.status < 500, `${JSON.stringify(name)}: ${r.status} ${r.text}`);
      if (r.status >= 400) { assert.ok(r.body?.error?.code, 'JSON error'); continue; }
      assert.ok(!/[/\\\u0000]/.test(r.body.name) && r.body.name !== '..', `stored name ${JSON.stringify(r.body.name)} holds no path`);
      const d = await c.get(`/api/v1/reports/${report.id}/files/${r.body.id}`);
      note(d);
      assert.equal(d.status, 200);
      assert.equal(d.headers.get('set-cookie'), null, 'no header injected through the name');
      const cd = d.headers.get('content-disposition') ?? '';
      assert.match(cd, /^attachment; filename="[^"\\\r\n]*"; filename\*=UTF-8''[A-Za-z0-9._%-]*$/, 'one quoted filename and one encoded one, nothing else');
    }
    const added = filesUnder(srv.dataDir).filter((p) => !before.has(p));
    for (const p of added) assert.ok(p.startsWith(resolve(srv.dataDir, 'files') + '/') || /tiendo\.db/.test(p), `written inside DATA/files only: ${p}`);
    assert.throws(() => statSync(resolve(srv.dataDir, '../../x-tiendo-escape.pdf')), 'nothing written two levels up');
  });
});

describe('evidence file names with control characters', () => {
  test('a name with a line break or a tab is refused (400/422) or stored without it', async () => {
    const c = as['tinh.phunu'];
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    for (const name of ['bao-cao\r\nSet-Cookie: x=1.pdf', 'a\tb.pdf', 'chu\u0007ong.pdf', 'x\u001b[31m.pdf']) {
      const r = await c.req('POST', `/api/v1/reports/${report.id}/files?name=${encodeURIComponent(name)}`, undefined, { raw: pdf, headers: { 'content-type': 'application/pdf' } });
      note(r);
      // 400 invalid_text: the query parameter itself is refused; 422: the name is
      assert.ok((r.status === 400 && r.body?.error?.code === 'invalid_text') || r.status === 422 ||
        (r.status === 201 && !/[\u0000-\u001f\u007f]/.test(r.body.name)), `${JSON.stringify(name)}: ${r.status} ${r.text.slice(0, 200)}`);
    }
  });
});

describe('stored <script> is shown as text', () => {
  const payload = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2;alert(2)</script><svg onload="alert(3)">';

  test('an organisation, a plan, a report narrative and a file name with markup run nothing in the UI', async () => {
    const orgR = await admin.post('/api/v1/organizations', { code: 'women-07390', name: `Hội ${payload}`, system: 'women', unit: '07390' });
    assert.ok(orgR.status < 300, orgR.text);
    const owner = (await admin.get('/api/v1/organizations?q=women-24&limit=5')).body.items.find((o) => o.code === 'women-24');
    const plan = await admin.post('/api/v1/plans', { code: 'XSS-1', kind: 'de_an', title: `Đề án ${payload}`, summary: payload, owner_id: owner.id, start_year: 2026, end_year: 2026 });
    assert.ok(plan.status < 300, plan.text);
    const cur = (await as['tinh.phunu'].get(`/api/v1/reports/${report.id}`)).body;
    const put = await as['tinh.phunu'].put(`/api/v1/reports/${report.id}`, { version: cur.version, values: [], narrative: { results: payload, limitations: payload } });
    assert.equal(put.status, 200, put.text);
    baseline = await counts();

    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const context = await browser.newContext({ locale: 'vi-VN' });
      const page = await context.newPage();
      const dialogs = [];
      page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
      await page.goto(`${srv.url}/#/plans`);
      await page.getByLabel('Tên đăng nhập').fill('admin');
      await page.getByLabel('Mật khẩu').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('button', { name: 'Đăng xuất', includeHidden: true }).waitFor({ state: 'attached' });
      for (const [hash, text] of [['#/plans', 'Đề án <img'], [`#/plans/${plan.body.id}`, 'Đề án <img'], [`#/admin/organizations?q=${encodeURIComponent('women-07390')}`, 'Hội <img'],
        [`#/admin/organizations/${orgR.body.id}`, null], [`#/reports/${report.id}`, null]]) {
        await page.goto(`${srv.url}/${hash}`);
        await page.waitForLoadState('networkidle');
        if (text) await page.getByText(text, { exact: false }).first().waitFor({ state: 'attached', timeout: 10000 });
        assert.equal(await page.evaluate(() => window.__xss), undefined, `no script ran on ${hash}`);
        assert.equal(await page.locator('script:not([src])').count(), 0, `no inline script element on ${hash}`);
        assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0, `no element made of the payload on ${hash}`);
      }
      assert.deepEqual(dialogs, [], 'no dialog opened');
    } finally {
      await browser.close();
    }
  });
});

// Raw sockets for the connection tests.
function openSocket(port, localAddress) {
  return new Promise((ok) => {
    const s = connect({ port, host: '127.0.0.1', localAddress });
    s.closedAt = null;
    s.on('close', () => { s.closedAt = Date.now(); });
    s.on('error', () => { /* counted as closed */ });
    s.on('data', () => { /* an answer or an error page: ignored */ });
    s.once('connect', () => ok(s));
    s.once('error', () => ok(s));
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The status of GET /healthz, or 'timeout'/'error' when none came within ms.
async function healthzWithin(ms) {
  const ctl = new AbortController();
  const t = setTimeout(() => ctl.abort(), ms);
  try { return (await fetch(`${srv.url}/healthz`, { signal: ctl.signal })).status; } catch (e) { return ctl.signal.aborted ? 'timeout' : `error ${e.cause?.code ?? e.message}`; } finally { clearTimeout(t); }
}

describe('slow and many clients', () => {
  test('200 clients sending headers one byte a second: others are served meanwhile, the slow ones are dropped', async (t) => {
    // The connection timeout is 30 s (docs/DECISIONS.md, no flag to shorten it):
    // 10 s of trickling, then the clients go quiet and must be closed by the server
    // within the timeout (with a margin), while /healthz keeps answering.
    // The slow clients come from an address of their own: 200 is also the
    // per-address limit (the 1,500-connection test below), which would refuse
    // /healthz from their address by design.
    const head = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${'X-Cham: 1\r\n'.repeat(50)}`;
    const socks = await Promise.all(Array.from({ length: 200 }, () => openSocket(srv.port, '127.0.0.30')));
    t.after(() => { for (const s of socks) s.destroy(); });
    // Each probe may take up to 25 s: a server the slow clients block answers
    // nobody until it drops them (30 s), while a shared machine's scheduling
    // stalls have been seen to hold one answer back for 10 s. The slowest
    // probe is printed.
    let pos = 0;
    const t0 = Date.now();
    const slowAnswers = [];
    let slowest = 0;
    for (let sec = 0; sec < 10; sec++) {
      for (const s of socks) if (!s.closedAt) s.write(head[pos]);
      pos++;
      const p0 = Date.now();
      const h = await healthzWithin(25000);
      slowest = Math.max(slowest, Date.now() - p0);
      slowAnswers.push(h);
      await sleep(1000);
    }
    assert.ok(slowAnswers.every((h) => h === 200), `/healthz answered while 200 clients trickled: ${slowAnswers.join(',')}`);
    const openAfterTrickle = socks.filter((s) => !s.closedAt).length;
    const trickled = Math.round((Date.now() - t0) / 1000);
    // now they go quiet: the server's idle timeout must close every one of them
    const deadline = Date.now() + 30000 + 8000;
    while (socks.some((s) => !s.closedAt) && Date.now() < deadline) {
      const p0 = Date.now();
      assert.equal(await healthzWithin(25000), 200, "/healthz answers while slow clients wait");
      slowest = Math.max(slowest, Date.now() - p0);
      await sleep(1000);
    }
    const stillOpen = socks.filter((s) => !s.closedAt).length;
    for (const s of socks) s.destroy();
    console.log(`# slowloris: ${openAfterTrickle} of 200 still open after ${trickled} s of trickling, ${stillOpen} open 38 s after they went quiet; slowest /healthz ${slowest} ms`);
    assert.equal(stillOpen, 0, 'every quiet slow client was dropped after the connection timeout');
    assert.equal(await healthzWithin(2000), 200);
  });

  test('a client that keeps trickling is not kept past the connection timeout', async () => {
    // one header byte every 5 s never lets the connection go idle for 30 s; a server
    // that only counts idle time keeps it (and 1000 of them, from 5 addresses, take
    // every connection slot)
    const s = await openSocket(srv.port);
    const head = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${'X-Cham: 1\r\n'.repeat(50)}`;
    const t0 = Date.now();
    for (let i = 0; !s.closedAt && Date.now() - t0 < 45000; i++) {
      s.write(head[i % head.length]);
      await sleep(5000);
    }
    const open = !s.closedAt;
    const held = ((s.closedAt ?? Date.now()) - t0) / 1000;
    s.destroy();
    assert.ok(!open, `a header sent one byte every 5 s was still being read after ${held} s (the timeout is 30 s)`);
  });

  // Connections the server has taken (accepted) on its port, read from the kernel:
  // established sockets on the port minus those still waiting in the listen queue.
  // Only connections from the given client addresses count (the test's own
  // keep-alive connection to /healthz is not one of the flood).
  function acceptedConnections(port, from = () => true) {
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    let established = 0;
    let queued = 0;
    for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 5 || !f[1].endsWith(`:${hex}`)) continue;
      const v = parseInt(f[2].split(':')[0], 16); // the peer's IPv4, little-endian
      const peer = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff].join('.');
      if (f[3] === '01' && from(peer)) established++;
      if (f[3] === '0A') queued += parseInt(f[4].split(':')[1], 16);
    }
    return established - queued;
  }

  test('1,500 connections from one address: it holds 200, refuses the rest, and others are served meanwhile', async () => {
    const all = await Promise.all(Array.from({ length: 1500 }, () => openSocket(srv.port, '127.0.0.2')));
    await sleep(3000);
    const open = all.filter((s) => !s.closedAt).length;
    const served = await healthzWithin(25000);
    for (const s of all) s.destroy();
    console.log(`# connections, one address: ${open} of 1500 held after 3 s`);
    assert.ok(open <= 200, `one address holds at most 200 connections (${open})`);
    assert.equal(served, 200, '/healthz from another address answered meanwhile');
  });

  test('1,500 connections from 8 addresses: it takes no more than its limit, and serves again when they go', async () => {
    const all = await Promise.all(Array.from({ length: 1500 }, (_, i) => openSocket(srv.port, `127.0.0.${10 + (i % 8)}`)));
    await sleep(3000);
    const flood = new Set(Array.from({ length: 8 }, (_, i) => `127.0.0.${10 + i}`));
    const taken = acceptedConnections(srv.port, (peer) => flood.has(peer));
    console.log(`# connections, 8 addresses: the server took ${taken} of 1500`);
    for (const s of all) s.destroy();
    assert.ok(taken <= 1000, `no more than the 1,000 connections of the limit are taken (${taken})`);
    assert.ok(taken >= 900, `the server takes connections up to its limit (${taken})`);
    await sleep(1000);
    assert.equal(await healthzWithin(10000), 200, 'served again once the connections are closed');
    await healthy();
  });
});
