// concurrency.test.mjs — two people acting on the same thing at the same moment:
// exactly one wins, the other gets 409 and the stored data is the winner's, never
// a mix. Saves of a report, its approval against its return, a stale approval,
// edits of a task, and two creations of the same report.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

const PASSWORD = 'mat-khau-thu-dong-thoi-1';
const ROUNDS = 60;
let srv;
let org;
let plan;
let inds;
const u = {}; // two officers and two leaders of Hội LHPN tỉnh

before(async () => {
  srv = await startServer({ demo: false });
  const admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  org = (await admin.post('/api/v1/organizations', { code: 'women-24', name: 'Hội LHPN tỉnh', system: 'women', unit: '24' })).body;
  for (const [name, role] of [['can.bo.a', 'officer'], ['can.bo.b', 'officer'], ['lanh.dao.a', 'leader'], ['lanh.dao.b', 'leader']]) {
    const r = await admin.post('/api/v1/users', { username: name, full_name: `Người thử ${name}`, password: PASSWORD, organization_id: org.id, role });
    assert.equal(r.status, 201, r.text);
    u[name] = new Client(srv.url);
    await u[name].login(name, PASSWORD);
  }
  plan = (await admin.post('/api/v1/plans', { code: 'DONG-THOI', kind: 'de_an', title: 'Đề án thử đồng thời', owner_id: org.id, start_year: 2020, end_year: 2030 })).body;
  inds = [];
  for (let i = 0; i < 4; i++)
    inds.push((await admin.post(`/api/v1/plans/${plan.id}/indicators`, { code: `DT${i}`, name: `Chỉ tiêu ${i}`, frequency: 'month', value_type: 'integer' })).body.id);
});
after(async () => { await srv?.stop(); });

let month = 0;
async function newReport() {
  const n = month++;
  const period = `${2020 + Math.floor(n / 12)}${String((n % 12) + 1).padStart(2, '0')}`;
  const r = await u['can.bo.a'].post('/api/v1/reports', { plan_id: plan.id, organization_id: org.id, unit: '24', period });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
const vals = (x) => inds.map((id, i) => ({ indicator_id: id, value: x * 10 + i }));

test(`two editors save the same report at the same version, ${ROUNDS} times: one 200, one 409, the winner's values stored`, async () => {
  const outcomes = { a: 0, b: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    const rep = await newReport();
    const [ra, rb] = await Promise.all([
      u['can.bo.a'].put(`/api/v1/reports/${rep.id}`, { version: rep.version, values: vals(1), narrative: { results: 'Bản của cán bộ A' } }),
      u['can.bo.b'].put(`/api/v1/reports/${rep.id}`, { version: rep.version, values: vals(2), narrative: { results: 'Bản của cán bộ B' } }),
    ]);
    assert.deepEqual([ra.status, rb.status].sort(), [200, 409], `round ${i}: ${ra.status} ${ra.text.slice(0, 100)} / ${rb.status} ${rb.text.slice(0, 100)}`);
    const loser = ra.status === 409 ? ra : rb;
    assert.equal(loser.body.error.code, 'stale_version');
    const winner = ra.status === 200 ? 1 : 2;
    outcomes[winner === 1 ? 'a' : 'b']++;
    const now = (await u['can.bo.a'].get(`/api/v1/reports/${rep.id}`)).body;
    assert.equal(now.version, rep.version + 1, 'one save, one new version');
    assert.deepEqual(now.values.map((v) => ({ indicator_id: v.indicator_id, value: v.value })).sort((x, y) => x.indicator_id - y.indicator_id), vals(winner));
    assert.equal(now.narrative.results, winner === 1 ? 'Bản của cán bộ A' : 'Bản của cán bộ B', 'the narrative of the same save');
  }
  console.log(`# concurrency: ${ROUNDS} rounds of two saves; A won ${outcomes.a}, B won ${outcomes.b}`);
});

test('approve and return at the same moment by two leaders: exactly one happens', async () => {
  for (let i = 0; i < 20; i++) {
    const rep = await newReport();
    const saved = await u['can.bo.a'].put(`/api/v1/reports/${rep.id}`, { version: rep.version, values: vals(3) });
    const sub = await u['can.bo.a'].post(`/api/v1/reports/${rep.id}/submit`, { version: saved.body.version });
    assert.equal(sub.status, 200, sub.text);
    const v = sub.body.version;
    const [ap, rt] = await Promise.all([
      u['lanh.dao.a'].post(`/api/v1/reports/${rep.id}/approve`, { version: v }),
      u['lanh.dao.b'].post(`/api/v1/reports/${rep.id}/return`, { version: v, reason: 'Số liệu chưa khớp' }),
    ]);
    assert.deepEqual([ap.status, rt.status].sort(), [200, 409], `round ${i}: ${ap.status} / ${rt.status} ${rt.text}`);
    const now = (await u['can.bo.a'].get(`/api/v1/reports/${rep.id}`)).body;
    assert.equal(now.status, ap.status === 200 ? 'approved' : 'returned');
    assert.equal(now.version, v + 1);
    assert.equal(now.events.filter((e) => ['approve', 'return'].includes(e.action)).length, 1, 'one event recorded');
  }
});

test('an approval with a stale version is 409 and changes nothing', async () => {
  const rep = await newReport();
  const s1 = await u['can.bo.a'].put(`/api/v1/reports/${rep.id}`, { version: rep.version, values: vals(4) });
  const sub = await u['can.bo.a'].post(`/api/v1/reports/${rep.id}/submit`, { version: s1.body.version });
  assert.equal(sub.status, 200, sub.text);
  for (const stale of [sub.body.version - 1, rep.version, 0, sub.body.version + 1]) {
    const r = await u['lanh.dao.a'].post(`/api/v1/reports/${rep.id}/approve`, { version: stale });
    assert.ok([409, 422].includes(r.status), `stale version ${stale}: ${r.status} ${r.text}`);
  }
  const now = (await u['can.bo.a'].get(`/api/v1/reports/${rep.id}`)).body;
  assert.equal(now.status, 'submitted');
  assert.equal(now.version, sub.body.version);
  const ok = await u['lanh.dao.a'].post(`/api/v1/reports/${rep.id}/approve`, { version: sub.body.version });
  assert.equal(ok.status, 200, ok.text);
  const again = await u['lanh.dao.b'].post(`/api/v1/reports/${rep.id}/approve`, { version: sub.body.version });
  assert.equal(again.status, 409, 'approving twice with the same version');
});

test('a save racing a submission: either the save lands before the submission or it is refused', async () => {
  for (let i = 0; i < 20; i++) {
    const rep = await newReport();
    const s1 = await u['can.bo.a'].put(`/api/v1/reports/${rep.id}`, { version: rep.version, values: vals(5) });
    const v = s1.body.version;
    const [put, sub] = await Promise.all([
      u['can.bo.b'].put(`/api/v1/reports/${rep.id}`, { version: v, values: vals(6) }),
      u['can.bo.a'].post(`/api/v1/reports/${rep.id}/submit`, { version: v }),
    ]);
    assert.deepEqual([put.status, sub.status].sort(), [200, 409], `round ${i}: ${put.status} / ${sub.status}`);
    const now = (await u['can.bo.a'].get(`/api/v1/reports/${rep.id}`)).body;
    const expected = put.status === 200 ? vals(6) : vals(5);
    assert.deepEqual(now.values.map((x) => ({ indicator_id: x.indicator_id, value: x.value })).sort((x, y) => x.indicator_id - y.indicator_id), expected);
    assert.equal(now.status, sub.status === 200 ? 'submitted' : 'draft');
  }
});

test('two creations of the same report at once: one 201, one 409, one report', async () => {
  for (let i = 0; i < 20; i++) {
    const n = month++;
    const period = `${2020 + Math.floor(n / 12)}${String((n % 12) + 1).padStart(2, '0')}`;
    const body = { plan_id: plan.id, organization_id: org.id, unit: '24', period };
    const [a, b] = await Promise.all([u['can.bo.a'].post('/api/v1/reports', body), u['can.bo.b'].post('/api/v1/reports', body)]);
    assert.deepEqual([a.status, b.status].sort(), [201, 409], `round ${i}: ${a.status} / ${b.status} ${b.text}`);
    const list = await u['can.bo.a'].get(`/api/v1/reports?plan=${plan.id}&period=${period}`);
    assert.equal(list.body.total, 1);
  }
});

test('two edits of a task at the same version: one 200, one 409', async () => {
  const t = (await u['can.bo.a'].post('/api/v1/tasks', { plan_id: plan.id, title: 'Nhiệm vụ thử', responsible_id: org.id, unit: '24', start: '2026-01-01', deadline: '2026-12-31', slot: '2026' })).body;
  let version = t.version;
  for (let i = 0; i < 20; i++) {
    const [a, b] = await Promise.all([
      u['can.bo.a'].patch(`/api/v1/tasks/${t.id}`, { version, progress: 10 + i }),
      u['can.bo.b'].patch(`/api/v1/tasks/${t.id}`, { version, progress: 50 + i }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], `round ${i}: ${a.status} / ${b.status}`);
    const now = (await u['can.bo.a'].get(`/api/v1/tasks/${t.id}`)).body;
    assert.equal(now.progress, a.status === 200 ? 10 + i : 50 + i);
    assert.equal(now.version, version + 1);
    version = now.version;
  }
});
