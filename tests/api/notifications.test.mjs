// notifications.test.mjs — notices reach the right people once, are read only by
// their owner, and go out by e-mail through a real SMTP exchange (a listener on a
// loopback port started here): the right recipient, a Vietnamese subject encoded
// per RFC 2047, a base64 UTF-8 body, CRLF line ends; one message per notice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, DEMO_PASSWORD, startServer } from '../lib/server.mjs';
import { parseMessage, startSmtp } from '../lib/smtp.mjs';

let srv;
let smtp;
let admin;
let orgs;

const EMAIL = 'taichinh.bg@example.vn';
const TITLE = 'Kiến nghị Sở Tài chính bố trí kinh phí tổ chức thực hiện đề án nhà trọ công nhân an toàn, văn minh';

function vnDate(days = 0) {
  return new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
async function as(username, password = DEMO_PASSWORD) {
  const c = new Client(srv.url);
  await c.login(username, password);
  return c;
}
function org(code) {
  const o = orgs.get(code);
  assert.ok(o, `demo organisation ${code}`);
  return o;
}
function assertStatus(r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  if (status >= 400) {
    assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
    if (code) assert.equal(r.body.error.code, code, r.text);
  }
}
async function until(fn, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
// Gives a user an e-mail address: through the users API when it takes `email`,
// else straight in the test's own database.
async function setEmail(username, email) {
  const list = await admin.get('/api/v1/users?limit=1000');
  assertStatus(list, 200);
  const u = list.body.items.find((x) => x.username === username);
  assert.ok(u, username);
  const r = await admin.patch(`/api/v1/users/${u.id}`, { email, version: u.version });
  if (r.status === 200 && r.body?.email === email) return;
  srv.sql(`UPDATE users SET email = '${email}' WHERE username = '${username}'`);
}

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({
    demo: true,
    serveArgs: ['--notify-interval', '1', '--smtp', smtp.url, '--mail-from', 'thongbao@tiendo.example.vn'],
  });
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  orgs = new Map((await admin.get('/api/v1/organizations?limit=1000')).body.items.map((x) => [x.code, x]));
  await setEmail('tinh.taichinh', EMAIL);
});
after(async () => {
  await srv?.stop();
  await smtp?.close();
});

describe('a recommendation addressed to Sở Tài chính', () => {
  let taichinh;
  let f;
  let notice;
  before(async () => {
    taichinh = await as('tinh.taichinh');
    const r = await (await as('tanthanh.mttq')).post('/api/v1/findings', {
      kind: 'recommendation', title: TITLE, addressed_to_id: org('taichinh-24').id, due_on: vnDate(30),
    });
    assertStatus(r, 201);
    f = r.body;
  });

  test('appears in the addressee\'s notifications, unread, with a link to it', async () => {
    const r = await until(async () => {
      const x = await taichinh.get('/api/v1/notifications');
      return x.body.items.some((n) => n.link === `#/findings/${f.id}`) && x;
    });
    assertStatus(r, 200);
    notice = r.body.items.find((n) => n.link === `#/findings/${f.id}`);
    assert.equal(notice.kind, 'finding_addressed');
    assert.equal(notice.read, false);
    assert.ok(notice.title.includes(TITLE), notice.title);
    assert.match(notice.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(r.body.unread >= 1);
    assert.equal(r.body.total, r.body.items.length);
    const unread = await taichinh.get('/api/v1/notifications?unread=1');
    assert.ok(unread.body.items.every((n) => !n.read));
    assert.equal(unread.body.total, r.body.unread);
  });

  test('is mailed to the addressee: envelope, headers, encoded subject, base64 body, CRLF', async () => {
    const m = await smtp.waitFor((x) => x.to.includes(EMAIL) && parseMessage(x.raw).subject === notice.title);
    assert.equal(m.from, 'thongbao@tiendo.example.vn');
    assert.deepEqual(m.to, [EMAIL]);
    const msg = parseMessage(m.raw);
    assert.equal(msg.to, `<${EMAIL}>`);
    assert.equal(msg.subject, notice.title);
    assert.match(msg.headers.get('subject'), /^=\?UTF-8\?B\?/, 'the subject is an RFC 2047 encoded word');
    assert.ok(/^[\x20-\x7e\r\n\t]*$/.test(m.raw.toString('latin1').split('\r\n\r\n')[0]), 'headers are 7-bit');
    for (const line of msg.headerLines) assert.ok(line.length <= 78, `header line too long: ${line}`);
    assert.match(msg.from, /Tiến Độ <thongbao@tiendo\.example\.vn>/);
    assert.match(msg.headers.get('content-type'), /text\/plain; charset=UTF-8/i);
    assert.equal(msg.headers.get('content-transfer-encoding').toLowerCase(), 'base64');
    assert.equal(msg.headers.get('mime-version'), '1.0');
    assert.match(msg.headers.get('date'), /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    assert.match(msg.headers.get('message-id'), /^<[^<>@\s]+@tiendo\.example\.vn>$/);
    assert.ok(msg.body.includes(TITLE), msg.body);
    assert.ok(msg.body.includes(`#/findings/${f.id}`));
    assert.ok(msg.body.includes('\r\n') && !/[^\r]\n/.test(msg.body), 'the body has CRLF line ends');
    for (const line of m.lines) assert.ok(line.length <= 998 && !line.includes('\n') && !line.includes('\r'), 'no bare CR or LF');
  });

  test('goes out once, however many sweeps run', async () => {
    await new Promise((r) => setTimeout(r, 2500));
    const same = smtp.messages.filter((x) => x.to.includes(EMAIL) && parseMessage(x.raw).subject === notice.title);
    assert.equal(same.length, 1);
    const r = await taichinh.get('/api/v1/notifications?limit=1000');
    assert.equal(r.body.items.filter((n) => n.link === `#/findings/${f.id}` && n.kind === 'finding_addressed').length, 1);
  });

  test('nobody without an address is mailed', () => {
    assert.ok(smtp.messages.every((x) => x.to.length === 1 && x.to[0] === EMAIL), JSON.stringify(smtp.messages.map((x) => x.to)));
  });

  test('is marked read by its owner only; another user gets 404', async () => {
    const other = await as('tanthanh.mttq');
    assertStatus(await other.post(`/api/v1/notifications/${notice.id}/read`), 404);
    assertStatus(await admin.post(`/api/v1/notifications/${notice.id}/read`), 404);
    const list = await other.get('/api/v1/notifications?limit=1000');
    assert.ok(!list.body.items.some((n) => n.id === notice.id));
    const r = await taichinh.post(`/api/v1/notifications/${notice.id}/read`);
    assertStatus(r, 200);
    assert.equal(r.body.read, true);
    assert.match(r.body.read_at, /^\d{4}-/);
    const again = await taichinh.post(`/api/v1/notifications/${notice.id}/read`);
    assert.equal(again.body.read_at, r.body.read_at, 'reading twice keeps the first time');
    const u = await taichinh.get('/api/v1/notifications?unread=1');
    assert.ok(!u.body.items.some((n) => n.id === notice.id));
    assertStatus(await taichinh.post('/api/v1/notifications/999999/read'), 404);
    assertStatus(await taichinh.post('/api/v1/notifications/abc/read'), 404);
  });

  test('read-all empties the unread count of the caller only', async () => {
    const commune = await as('tanthanh.mttq');
    const before = (await commune.get('/api/v1/notifications')).body.unread;
    await (await as('tanthanh.phunu')).post('/api/v1/findings', { kind: 'problem', title: 'Chưa bố trí được bãi rác', addressed_to_id: org('taichinh-24').id });
    await until(async () => (await taichinh.get('/api/v1/notifications?unread=1')).body.unread >= 1);
    const r = await taichinh.post('/api/v1/notifications/read-all');
    assertStatus(r, 200);
    assert.ok(r.body.read >= 1);
    assert.equal((await taichinh.get('/api/v1/notifications')).body.unread, 0);
    assert.equal((await commune.get('/api/v1/notifications')).body.unread, before);
  });

  test('viewers read their (empty) list but may not write; no session is 401', async () => {
    const v = await as('tanthanh.xem');
    const l = await v.get('/api/v1/notifications');
    assertStatus(l, 200);
    assert.equal(l.body.unread, 0);
    assertStatus(await v.post('/api/v1/notifications/read-all'), 403);
    assertStatus(await v.post(`/api/v1/notifications/${notice.id}/read`), 403);
    assertStatus(await new Client(srv.url).get('/api/v1/notifications'), 401);
    assertStatus(await taichinh.get('/api/v1/notifications?unread=2'), 400);
  });
});
