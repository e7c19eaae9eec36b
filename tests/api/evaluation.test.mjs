// evaluation.test.mjs — the evaluation conference's figures over HTTP on the demo:
// DA-RACTHAI scored for 2024 in every district's women's union, Yên Dũng (lagging
// on waste sorting) below Lạng Giang, a breakdown whose weighted components add up
// to the score, a plan's own weights changing the score, the scorecards of the
// province women's union's two heads of 2024, and nobody reading a neighbouring
// district's scores or changing a plan's weights from a commune.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

const GRADES = [
  'Hoàn thành xuất sắc nhiệm vụ', 'Hoàn thành tốt nhiệm vụ',
  'Hoàn thành nhiệm vụ', 'Không hoàn thành nhiệm vụ',
];
const COMPONENTS = ['indicators', 'tasks', 'reports', 'budget', 'findings'];

let srv;
const users = {};
let orgs;   // code -> organisation
let plan;   // DA-RACTHAI

async function as(username) {
  if (!users[username]) {
    const c = new Client(srv.url);
    if (username === 'admin') await c.login('admin', ADMIN_PASSWORD);
    else await c.login(username);
    users[username] = c;
  }
  return users[username];
}
function assertStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what} expected ${status}, got ${r.status}: ${r.text}`);
  if (status >= 400) assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
}
const org = (code) => { const o = orgs.get(code); assert.ok(o, code); return o; };
async function evaluation(username, query) {
  const r = await (await as(username)).get(`/api/v1/evaluation?${query}`);
  assertStatus(r, 200, query);
  assert.equal(r.body.total, r.body.items.length, 'one page holds them all');
  return r.body;
}
const byUnit = (items, name) => {
  const x = items.find((i) => i.unit.name === name && i.unit.level === 'district');
  assert.ok(x, name);
  return x;
};
const near = (a, b, eps, what) => assert.ok(Math.abs(a - b) <= eps, `${what}: ${a} vs ${b}`);

before(async () => {
  srv = await startServer({ demo: true });
  const admin = await as('admin');
  const o = await admin.get('/api/v1/organizations?limit=1000');
  assertStatus(o, 200);
  orgs = new Map(o.body.items.map((x) => [x.code, x]));
  const p = await admin.get('/api/v1/plans?limit=100');
  plan = p.body.items.find((x) => x.code === 'DA-RACTHAI');
  assert.ok(plan, 'the demo has DA-RACTHAI');
});
after(async () => { await srv?.stop(); });

describe('the evaluation of a plan', () => {
  test('every district women\'s union has a score and one of the four grades for 2024', async () => {
    const body = await evaluation('tinh.danvan', `plan=${plan.id}&year=2024&unit=24`);
    assert.equal(body.period, '2024');
    const districts = body.items.filter((i) => i.unit.level === 'district');
    assert.equal(districts.length, 10);
    for (const it of districts) {
      assert.equal(it.plan.code, 'DA-RACTHAI');
      assert.equal(it.organization.system, 'women');
      assert.equal(it.period, '2024');
      assert.equal(typeof it.score, 'number', `${it.unit.name} has a score`);
      assert.ok(it.score >= 0 && it.score <= 100, `${it.unit.name}: ${it.score}`);
      assert.ok(GRADES.includes(it.grade), `${it.unit.name}: ${it.grade}`);
      assert.deepEqual(it.components.map((c) => c.component), COMPONENTS);
    }
    // the province's own organisation and the demo's communes are there too
    assert.ok(body.items.some((i) => i.unit.level === 'province'));
    assert.equal(body.items.filter((i) => i.unit.level === 'commune').length, 14);
  });

  test('Yên Dũng, lagging on waste sorting, scores below Lạng Giang', async () => {
    const { items } = await evaluation('tinh.danvan', `plan=${plan.id}&year=2024`);
    const yd = byUnit(items, 'Yên Dũng');
    const lg = byUnit(items, 'Lạng Giang');
    assert.ok(yd.score < lg.score, `Yên Dũng ${yd.score} < Lạng Giang ${lg.score}`);
    const ind = (x) => x.components.find((c) => c.component === 'indicators').value;
    assert.ok(ind(yd) < ind(lg), 'on the indicators too');
    // the rate of households sorting their waste falls short of the target there
    const rate = (x) => x.components[0].indicators.find((i) => i.code === 'RT05');
    assert.ok(rate(yd).achievement < 100, `RT05 ${rate(yd).achievement}`);
    assert.ok(rate(yd).value < rate(lg).value);
    assert.ok(rate(yd).achievement < rate(lg).achievement);
    // ranked among the ten districts, last-but-one at best
    assert.ok(yd.rank > lg.rank);
    assert.equal(yd.rank_of, 10);
  });

  test('the breakdown adds up to the score with its weights', async () => {
    const { items } = await evaluation('tinh.danvan', `plan=${plan.id}&year=2024`);
    for (const it of items) {
      const withData = it.components.filter((c) => c.has_data);
      const configured = withData.reduce((s, c) => s + c.weight, 0);
      const weights = it.components.reduce((s, c) => s + c.effective_weight, 0);
      near(weights, 100, 0.05, `${it.unit.name} weights`);
      const weighted = withData.reduce((s, c) => s + c.value * c.effective_weight / 100, 0);
      near(weighted, it.score, 0.11, `${it.unit.name} Σ value × weight`);
      const contributions = it.components.reduce((s, c) => s + c.contribution, 0);
      near(contributions, it.score, 0.08, `${it.unit.name} Σ contribution`);
      for (const c of it.components) {
        if (!c.has_data) {
          assert.equal(c.value, null);
          assert.equal(c.effective_weight, 0);
          assert.ok(c.note, 'says why its weight went to the others');
        } else {
          near(c.effective_weight, c.weight * 100 / configured, 0.01, `${it.unit.name} ${c.component}`);
        }
      }
      assert.equal(it.renormalised, configured < 100);
      // the records behind each component
      const tasks = it.components.find((c) => c.component === 'tasks');
      assert.match(tasks.records, new RegExp(`^/api/v1/tasks\\?plan=${plan.id}&unit=${it.unit.code}`));
      assert.ok(Array.isArray(tasks.ids));
      assert.equal(typeof tasks.done_on_time, 'number');
      assert.equal(typeof tasks.due, 'number');
      if (it.previous_score !== null) near(it.change, it.score - it.previous_score, 0.11, 'change');
    }
    // Lạng Giang: a roadmap task finished late, its reports on time
    const lg = byUnit(items, 'Lạng Giang');
    const tasks = lg.components.find((c) => c.component === 'tasks');
    assert.ok(tasks.due >= 1);
    assert.equal(tasks.done_late + tasks.overdue + tasks.done_on_time, tasks.due);
    const reports = lg.components.find((c) => c.component === 'reports');
    assert.equal(reports.expected, 16, '12 months and 4 quarters');
    const r = await (await as('tinh.danvan')).get(`${reports.records}&limit=1000`);
    assertStatus(r, 200, 'the reports behind the component');
    assert.ok(r.body.items.some((x) => reports.ids.includes(x.id)));
  });

  test('a quarter is evaluated on its own reports', async () => {
    const { items } = await evaluation('tinh.danvan', `plan=${plan.id}&period=2024Q2&level=district`);
    assert.equal(items.length, 10);
    for (const it of items) {
      assert.equal(it.period, '2024Q2');
      const reports = it.components.find((c) => c.component === 'reports');
      assert.equal(reports.expected, 4, 'three months and the quarter');
    }
  });

  test('districts ranked across the plans', async () => {
    const r = await (await as('tinh.danvan')).get('/api/v1/evaluation/ranking?year=2024&level=district');
    assertStatus(r, 200);
    assert.equal(r.body.items.length, 10);
    let last = Infinity;
    r.body.items.forEach((it, i) => {
      assert.ok(it.score <= last, 'best first');
      last = it.score;
      assert.ok(it.rank <= i + 1);
      assert.ok(GRADES.includes(it.grade));
      const mean = it.plans.reduce((s, p) => s + p.score, 0) / it.plans.length;
      near(it.score, mean, 0.06, `${it.unit.name} is the mean over its plans`);
      assert.ok(it.plans.some((p) => p.plan.code === 'DA-RACTHAI'));
    });
    const one = await (await as('tinh.danvan')).get(`/api/v1/evaluation/ranking?year=2024&level=district&plan=${plan.id}`);
    assertStatus(one, 200);
    const yd = one.body.items.find((x) => x.unit.name === 'Yên Dũng');
    const lg = one.body.items.find((x) => x.unit.name === 'Lạng Giang');
    assert.ok(yd.rank > lg.rank);
  });

  test('bad periods and missing plans are refused', async () => {
    const c = await as('tinh.danvan');
    let r = await c.get(`/api/v1/evaluation?plan=${plan.id}&period=202405`);
    assertStatus(r, 400);
    assert.equal(r.body.error.code, 'bad_period');
    r = await c.get('/api/v1/evaluation?year=2024');
    assertStatus(r, 400);
    assert.equal(r.body.error.field, 'plan');
    r = await c.get(`/api/v1/evaluation?plan=${plan.id}&year=2019`);
    assertStatus(r, 422);
    assert.equal(r.body.error.code, 'period_not_in_plan');
    r = await c.get('/api/v1/evaluation/ranking?year=2024&level=hamlet');
    assertStatus(r, 400);
  });
});

describe('scorecards of the heads', () => {
  test('two heads of Hội LHPN tỉnh in 2024, each with their part of the year', async () => {
    const c = await as('tinh.danvan');
    const r = await c.get(`/api/v1/scorecards/${org('women-24').id}?year=2024`);
    assertStatus(r, 200);
    assert.equal(r.body.items.length, 2);
    const [before, after] = r.body.items;
    assert.deepEqual(before.head, { name: 'Trần Thị Hạnh', title: 'Chủ tịch' });
    assert.equal(before.period, '2024-01-01/2024-06-30');
    assert.equal(before.term_to, '2024-06-30');
    assert.equal(before.days, 182);
    near(before.share, 182 / 366, 0.0001, 'share');
    assert.deepEqual(after.head, { name: 'Nguyễn Thị Thu Trang', title: 'Chủ tịch' });
    assert.equal(after.period, '2024-07-01/2024-12-31');
    assert.equal(after.term_to, null);
    assert.equal(after.days, 184);
    for (const it of r.body.items) {
      for (const key of ['organization', 'head', 'period', 'score', 'grade', 'components']) assert.ok(key in it, key);
      assert.equal(it.organization.id, org('women-24').id);
      assert.equal(it.organization.system, 'women');
      assert.ok(GRADES.includes(it.grade));
      assert.deepEqual(it.components.map((x) => x.component), COMPONENTS);
      assert.ok(it.plans.some((p) => p.plan.code === 'DA-RACTHAI' && typeof p.score === 'number'));
      assert.ok(it.worst_indicators.length > 0 && it.worst_indicators.length <= 3);
      for (const w of it.worst_indicators) assert.ok('value' in w && 'target' in w && 'achievement' in w);
      assert.equal(typeof it.overdue_tasks.count, 'number');
      assert.match(it.overdue_tasks.link, /^\/api\/v1\/tasks\?/);
      assert.equal(typeof it.unanswered_findings.count, 'number');
      assert.match(it.unanswered_findings.link, /^\/api\/v1\/findings\?/);
    }
    // the indicators are the year's for both; the roadmap is judged by date: the
    // overdue Lão Hộ task and Lạng Giang's late one fell due in the first half
    assert.deepEqual(before.worst_indicators, after.worst_indicators);
    const tasks = (x) => x.plans[0].components.find((k) => k.component === 'tasks');
    assert.ok(tasks(before).due > 0);
    assert.ok(tasks(before).value < tasks(after).value);
    // the same two through the list
    const l = await c.get(`/api/v1/scorecards?organization=${org('women-24').id}&year=2024`);
    assertStatus(l, 200);
    assert.deepEqual(l.body.items.map((x) => x.period).sort(), [before.period, after.period].sort());
    // 2023 has one head, for the whole year
    const y23 = await c.get(`/api/v1/scorecards/${org('women-24').id}?year=2023`);
    assertStatus(y23, 200);
    assert.equal(y23.body.items.length, 1);
    assert.equal(y23.body.items[0].head.name, 'Trần Thị Hạnh');
    assert.equal(y23.body.items[0].period, '2023');
  });

  test('the province view is sorted by score', async () => {
    const r = await (await as('tinh.danvan')).get('/api/v1/scorecards?year=2024&limit=1000');
    assertStatus(r, 200);
    assert.ok(r.body.items.length > 100, 'every organisation of a plan, and its heads');
    const scores = r.body.items.map((x) => x.score ?? -1);
    for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1] >= scores[i], `sorted at ${i}`);
    const women24 = r.body.items.filter((x) => x.organization.id === org('women-24').id);
    assert.equal(women24.length, 2);
    const page = await (await as('tinh.danvan')).get('/api/v1/scorecards?year=2024&limit=5&offset=5');
    assert.equal(page.body.items.length, 5);
    assert.equal(page.body.total, r.body.total);
    assert.deepEqual(page.body.items.map((x) => x.score), r.body.items.slice(5, 10).map((x) => x.score));
  });
});

describe('scope and rights', () => {
  test('Yên Dũng cannot read Lạng Giang\'s scores', async () => {
    const c = await as('yendung.phunu');
    let r = await c.get(`/api/v1/scorecards/${org('women-217').id}?year=2024`);
    assertStatus(r, 404);
    r = await c.get(`/api/v1/scorecards?organization=${org('women-217').id}&year=2024`);
    assertStatus(r, 404);
    r = await c.get('/api/v1/scorecards?unit=217&year=2024');
    assertStatus(r, 404);
    r = await c.get(`/api/v1/evaluation?plan=${plan.id}&unit=217&year=2024`);
    assertStatus(r, 404);
    // its own line it reads, Lạng Giang nowhere in it
    const own = await evaluation('yendung.phunu', `plan=${plan.id}&year=2024`);
    assert.ok(own.items.some((i) => i.unit.name === 'Yên Dũng'));
    assert.ok(!own.items.some((i) => i.unit.name === 'Lạng Giang'));
    const mine = await c.get(`/api/v1/scorecards/${org('women-221').id}?year=2024`);
    assertStatus(mine, 200);
    const ranking = await c.get('/api/v1/evaluation/ranking?year=2024&level=district');
    assertStatus(ranking, 200);
    assert.deepEqual(ranking.body.items.map((x) => x.unit.name), ['Yên Dũng']);
  });

  test('a commune officer cannot change a plan\'s weights', async () => {
    const c = await as('tanthanh.phunu');
    const got = await c.get(`/api/v1/plans/${plan.id}/score-config`);
    assertStatus(got, 200);
    const r = await c.put(`/api/v1/plans/${plan.id}/score-config`, {
      version: got.body.version, weights: { indicators: 100, tasks: 0, reports: 0, budget: 0, findings: 0 },
    });
    assertStatus(r, 403);
  });

  test('the plan owner\'s weights change the score', async () => {
    const owner = await as('tinh.phunu');
    const got = await owner.get(`/api/v1/plans/${plan.id}/score-config`);
    assertStatus(got, 200);
    assert.deepEqual(got.body.weights, { indicators: 50, tasks: 15, reports: 15, budget: 10, findings: 10 });
    assert.equal(got.body.achievement_cap, 120);
    assert.deepEqual(got.body.thresholds, { excellent: 90, good: 75, pass: 50 });
    assert.equal(got.body.custom, false);
    const before = await evaluation('tinh.danvan', `plan=${plan.id}&year=2024&level=district`);
    let r = await owner.put(`/api/v1/plans/${plan.id}/score-config`, {
      version: got.body.version, weights: { indicators: 60, tasks: 15, reports: 15, budget: 10, findings: 10 },
    });
    assertStatus(r, 422);
    assert.equal(r.body.error.code, 'weights_sum');
    r = await owner.put(`/api/v1/plans/${plan.id}/score-config`, {
      version: got.body.version, weights: { indicators: 40, tasks: 0, reports: 60, budget: 0, findings: 0 },
    });
    assertStatus(r, 200);
    assert.equal(r.body.custom, true);
    assert.equal(r.body.version, got.body.version + 1);
    const stale = await owner.put(`/api/v1/plans/${plan.id}/score-config`, {
      version: got.body.version, weights: { indicators: 100, tasks: 0, reports: 0, budget: 0, findings: 0 },
    });
    assertStatus(stale, 409);
    const now = await evaluation('tinh.danvan', `plan=${plan.id}&year=2024&level=district`);
    let changed = 0;
    for (const it of now.items) {
      const c = Object.fromEntries(it.components.map((x) => [x.component, x]));
      near(it.score, 0.4 * c.indicators.value + 0.6 * c.reports.value, 0.11, it.unit.name);
      assert.equal(c.tasks.weight, 0);
      const old = before.items.find((x) => x.unit.code === it.unit.code);
      if (old.score !== it.score) changed++;
    }
    assert.ok(changed >= 5, `scores changed (${changed})`);
    // the change is audited
    const audit = await (await as('admin')).get(`/api/v1/audit?entity=plan_score_config&id=${plan.id}`);
    assertStatus(audit, 200);
    assert.ok(audit.body.items.length >= 1);
    // back to the defaults for whoever comes next
    r = await owner.put(`/api/v1/plans/${plan.id}/score-config`, {
      version: r.body.version, weights: { indicators: 50, tasks: 15, reports: 15, budget: 10, findings: 10 },
    });
    assertStatus(r, 200);
  });

  test('the routes are in the OpenAPI document', async () => {
    const r = await (await as('tinh.danvan')).get('/api/v1/openapi.json');
    for (const p of ['/api/v1/evaluation', '/api/v1/evaluation/ranking', '/api/v1/scorecards',
      '/api/v1/scorecards/{organization_id}', '/api/v1/plans/{id}/score-config']) {
      assert.ok(r.body.paths[p], p);
    }
    assert.ok(r.body.paths['/api/v1/plans/{id}/score-config'].put);
  });
});
