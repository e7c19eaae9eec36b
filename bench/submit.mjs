// submit.mjs — report submissions per second over HTTP: each one saves a draft's
// 40 values (PUT /api/v1/reports/{id}) and submits it (POST .../submit), both
// committed with synchronous=FULL before the answer; 8 submissions in flight, by
// the commune officers `gen officers` created (sign-ins are not timed).
// usage: node bench/submit.mjs BASE_URL PASSWORD PLAN_CODE USERS_FILE
// prints: submissions <n> seconds <s> per_s <rate> values <per report>
import { readFileSync } from 'node:fs';
import { Client } from '../tests/lib/server.mjs';

const [url, password, planCode, usersFile] = process.argv.slice(2);
const users = readFileSync(usersFile, 'utf8').split('\n').filter(Boolean);
const admin = new Client(url);
await admin.login('admin', password);
const plan = (await admin.get(`/api/v1/plans?q=${planCode}`)).body.items[0];
const inds = (await admin.get(`/api/v1/plans/${plan.id}/indicators?limit=1000`)).body.items;
const jobs = [];
for (let i = 0; i < users.length; i += 8) {
  await Promise.all(users.slice(i, i + 8).map(async (u) => {
    const c = new Client(url);
    await c.login(u, password);
    const mine = (await c.get(`/api/v1/reports?plan=${plan.id}&status=draft&limit=100`)).body.items;
    for (const rep of mine) jobs.push({ c, rep });
  }));
}
if (!jobs.length) throw new Error('no draft report to submit');
let next = 0, done = 0;
const t0 = performance.now();
async function worker() {
  for (;;) {
    const job = jobs[next++];
    if (!job) return;
    const { c, rep } = job;
    const values = inds.map((ind, k) => ({ indicator_id: ind.id, value: (rep.id * 7 + k) % 90 + 1 }));
    const put = await c.put(`/api/v1/reports/${rep.id}`, { version: rep.version, values });
    if (put.status !== 200) throw new Error(`PUT ${rep.id}: ${put.status} ${put.text}`);
    const sub = await c.post(`/api/v1/reports/${rep.id}/submit`, { version: put.body.version });
    if (sub.status !== 200) throw new Error(`submit ${rep.id}: ${sub.status} ${sub.text}`);
    done++;
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
const s = (performance.now() - t0) / 1000;
console.log(`submissions ${done} seconds ${s.toFixed(2)} per_s ${(done / s).toFixed(0)} values ${inds.length}`);
