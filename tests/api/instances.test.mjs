// instances.test.mjs — two servers on one database (behind a load balancer): a
// session opened on one is valid on the other and ends on both at sign-out; a
// login throttle counted on one blocks on the other; and, on PostgreSQL, an
// approval made on one shows in the other's analytics (its in-memory cube) within
// two seconds, through LISTEN/NOTIFY. On SQLite both servers share one file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, PG, startServer } from '../lib/server.mjs';

let a;
let b;

before(async () => {
  a = await startServer({ demo: true });
  // the second server on the first one's database (PostgreSQL) or file (SQLite)
  b = await startServer({ db: a.database ?? { args: ['--db', `${a.dataDir}/tiendo.db`] } });
});
after(async () => {
  await b?.stop();
  await a?.stop();
});

function assertStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what} expected ${status}, got ${r.status}: ${r.text}`);
}

describe('sessions and throttling live in the database', () => {
  test('a session opened on one server works on the other, and signing out ends it on both', async () => {
    const onA = new Client(a.url);
    await onA.login('tanthanh.phunu');
    const onB = new Client(b.url);
    onB.cookie = onA.cookie;
    onB.csrf = onA.csrf;
    const me = await onB.get('/api/v1/session');
    assertStatus(me, 200, 'the session from server A on server B');
    assert.equal(me.body.user.username, 'tanthanh.phunu');
    assertStatus(await onA.get('/api/v1/session'), 200, 'still valid on A');
    assertStatus(await onA.del('/api/v1/session'), 204, 'sign out on A');
    assertStatus(await onB.get('/api/v1/session'), 401, 'the session is over on B too');
  });

  test('failed sign-ins counted on one server block the account on the other', async () => {
    let last;
    for (let i = 0; i < 12; i++) {
      const srv = i % 2 ? b : a;
      last = await new Client(srv.url).post('/api/v1/session', { username: 'voi.phunu', password: `sai-mat-khau-${i}` });
      if (last.status === 429) break;
    }
    assert.equal(last.status, 429, `blocked after failures spread over both servers: ${last.text}`);
    const other = await new Client(a.url).post('/api/v1/session', { username: 'voi.phunu', password: 'sai-mat-khau-x' });
    const other2 = await new Client(b.url).post('/api/v1/session', { username: 'voi.phunu', password: 'sai-mat-khau-y' });
    assert.equal(other.status, 429, 'blocked on A');
    assert.equal(other2.status, 429, 'blocked on B');
  });
});

// The cube of each process follows the other processes' commits on PostgreSQL;
// two processes on one SQLite file do not notify each other (docs/DECISIONS.md).
if (PG) {
  describe('analytics across servers (PostgreSQL LISTEN/NOTIFY)', () => {
    test('an approval on server A shows in server B\'s analytics within two seconds', async () => {
      const admin = new Client(a.url);
      await admin.login('admin', ADMIN_PASSWORD);
      const orgs = new Map((await admin.get('/api/v1/organizations?limit=1000')).body.items.map((x) => [x.code, x]));
      const owner = new Client(a.url);
      await owner.login('tinh.phunu');
      const p = await owner.post('/api/v1/plans', {
        code: 'KH-HAI-MAY', kind: 'ke_hoach', title: 'Kế hoạch thử hai máy chủ',
        owner_id: orgs.get('women-24').id, start_year: 2024, end_year: 2025,
      });
      assertStatus(p, 201, 'create plan');
      const ind = await owner.post(`/api/v1/plans/${p.body.id}/indicators`, {
        code: 'HM_HO', name: 'Số hộ (hai máy chủ)', unit_label: 'hộ', value_type: 'integer',
        time_agg: 'sum', unit_agg: 'sum', direction: 'up', frequency: 'month',
      });
      assertStatus(ind, 201, 'create indicator');
      const officer = new Client(a.url);
      await officer.login('tanthanh.phunu');
      let r = await officer.post('/api/v1/reports', { plan_id: p.body.id, organization_id: orgs.get('women-07411').id, unit: '07411', period: '202403' });
      assertStatus(r, 201, 'create report');
      r = await officer.put(`/api/v1/reports/${r.body.id}`, { version: r.body.version, values: [{ indicator_id: ind.body.id, value: 37 }] });
      assertStatus(r, 200, 'save');
      r = await officer.post(`/api/v1/reports/${r.body.id}/submit`, { version: r.body.version });
      assertStatus(r, 200, 'submit');

      const reader = new Client(b.url);
      await reader.login('admin', ADMIN_PASSWORD);
      const figure = async () => {
        const x = await reader.get(`/api/v1/analytics?indicator=${ind.body.id}&unit=24&period=2024`);
        assertStatus(x, 200, 'analytics on B');
        return x.body.items[0];
      };
      assert.equal((await figure()).value, null, 'not approved yet: nothing counted on B');

      const leader = new Client(a.url);
      await leader.login('langgiang.phunu.lanhdao');
      assertStatus(await leader.post(`/api/v1/reports/${r.body.id}/approve`, { version: r.body.version }), 200, 'approve on A');
      const deadline = Date.now() + 2000;
      let seen = await figure();
      while (seen.value !== 37 && Date.now() < deadline) {
        await new Promise((ok) => setTimeout(ok, 50));
        seen = await figure();
      }
      assert.equal(seen.value, 37, 'B counts the approval made on A');
      assert.equal((await (async () => {
        const x = await admin.get(`/api/v1/analytics?indicator=${ind.body.id}&unit=24&period=2024`);
        return x.body.items[0].value;
      })()), 37, 'and A too');
    });
  });
}
