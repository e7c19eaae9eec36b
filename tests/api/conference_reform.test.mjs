// conference_reform.test.mjs — the conference report across a reform (docs/DECISIONS.md
// "The conference report across a reform"), over HTTP. On the demo with the 2025 reform
// (`tiendo init --demo --reform`) the 2025 report of the new Tỉnh Bắc Ninh also covers
// what the old provinces it took over (their districts and communes) recorded in the
// first half of the year: tasks, budget lines, models, findings, each once — the items
// that --move-open moved to the new units are not counted again on the old ones. Its
// totals are those of the same demo without the reform, where old Bắc Giang's report
// holds everything. An old commune's user still cannot read the new province's report,
// another commune's user cannot read the old commune's. Without the reform the report
// is the classic routes' figures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startServer } from '../lib/server.mjs';

const M = 1000000;
const YEAR = 2025;
// Recorded by the demo at the old district Sơn Động on 10/6/2025 (stays there).
const OLD_FINDING = 'Các xã vùng cao chưa có điểm tập kết, xử lý rác thải; rác tồn lưu ở khu dân cư';
// Recorded at the old Thị trấn Thắng in March 2025, open: --move-open moved it.
const MOVED_FINDING = 'Nhiều chủ nhà trọ ở thị trấn Thắng chưa kê khai nộp thuế';

function world(initArgs) {
  const w = { srv: null, users: {} };
  w.as = async (username) => {
    if (!w.users[username]) {
      const c = new Client(w.srv.url);
      await c.login(username);
      w.users[username] = c;
    }
    return w.users[username];
  };
  w.report = async (username, query = `year=${YEAR}&unit=24`) => {
    const r = await (await w.as(username)).get(`/api/v1/exports/conference-report.json?${query}`);
    assert.equal(r.status, 200, `${username} ${query}: ${r.text}`);
    return r.body;
  };
  w.start = async () => { w.srv = await startServer({ demo: true, initArgs }); };
  return w;
}
const plain = world([]);
const reform = world(['--reform']);

before(async () => { await Promise.all([plain.start(), reform.start()]); });
after(async () => { await Promise.all([plain.srv?.stop(), reform.srv?.stop()]); });

const section = (d, key) => d.sections.find((s) => s.key === key);
// Per plan (its sub-heading): the tasks clause, the budget and the models sentences.
function plansOf(d) {
  const out = {};
  for (const s of section(d, 'results').subsections)
    out[s.heading] = { tasks: s.paragraphs[0].split('; ').slice(1).join('; '), budget: s.paragraphs[1], models: s.paragraphs[2] };
  return out;
}
const tasksTotal = (text) => Number(/\d+\/(\d+) nhiệm vụ/.exec(text)[1]);
const planned = (text) => Number((/kế hoạch ([\d.]+) đồng/.exec(text) ?? [0, '0'])[1].replace(/\./g, ''));
// The limitations quoted (the findings, not the reports' narratives), by title.
const limitationTitles = (d) => section(d, 'limitations').paragraphs
  .filter((p) => !p.startsWith('Báo cáo kỳ')).map((p) => p.slice(0, p.indexOf(' (')));
const recommendationTitles = (d) => section(d, 'recommendations').tables[0].rows.map((r) => r[1]).sort();
const directionCounts = (d) => section(d, 'directions').paragraphs.filter((p) => !p.includes('chỉ tiêu'));

describe('the new province\'s 2025 report across the reform', () => {
  test('tasks, budgets, models and findings of the old units, each once', async () => {
    // the demo's own items at old units in the first half of 2025, still there
    assert.equal(reform.srv.sql(`SELECT u.valid_to FROM findings f JOIN org_units u ON u.id = f.unit_id WHERE f.title = '${OLD_FINDING}'`), '2025-07-01');
    assert.match(reform.srv.sql(`SELECT u.path FROM findings f JOIN org_units u ON u.id = f.unit_id JOIN unit_transfers t ON t.entity = 'findings' AND t.entity_id = f.id WHERE f.title = '${MOVED_FINDING}'`), /^\/356\//);
    const oldTasks = Number(reform.srv.sql(`SELECT COUNT(*) FROM tasks t JOIN org_units u ON u.id = t.unit_id WHERE u.valid_to IS NOT NULL AND t.slot LIKE '${YEAR}%'`));
    const oldLines = Number(reform.srv.sql(`SELECT COUNT(*) FROM budgets b JOIN org_units u ON u.id = b.unit_id WHERE u.valid_to IS NOT NULL AND b.year = ${YEAR}`));
    assert.ok(oldTasks > 0 && oldLines > 0, 'the demo holds tasks and budget lines of 2025 at old units');

    const before = await plain.report('tinh.phunu');
    const after = await reform.report('tinh.phunu');
    assert.equal(after.meta.issuer, 'TỈNH ỦY BẮC NINH');
    const p = plansOf(before), r = plansOf(after);
    assert.deepEqual(Object.keys(r).sort(), Object.keys(p).sort(), 'the same running plans');
    let tasks = 0, money = 0;
    for (const h of Object.keys(p)) {
      assert.deepEqual(r[h], p[h], `${h}: what the old units recorded, counted once`);
      tasks += tasksTotal(r[h].tasks);
      money += planned(r[h].budget);
    }
    assert.ok(tasks >= oldTasks, `the old units' ${oldTasks} tasks are counted (${tasks})`);
    assert.ok(money > 0, 'budget lines of the old units are counted');

    const lim = limitationTitles(after);
    assert.deepEqual([...lim].sort(), [...limitationTitles(before)].sort());
    assert.ok(lim.includes(OLD_FINDING), 'a limitation recorded at an old district');
    assert.equal(lim.filter((t) => t === MOVED_FINDING).length, 1, 'a moved open finding appears once');
    assert.deepEqual(recommendationTitles(after), recommendationTitles(before));
    assert.deepEqual(directionCounts(after), directionCounts(before));
  });

  test('a line the new province enters after the reform adds to the old units\' lines', async () => {
    const plans = (await (await reform.as('tinh.phunu')).get('/api/v1/plans?limit=100')).body.items;
    const racthai = plans.find((x) => x.code === 'DA-RACTHAI');
    const base = plansOf(await reform.report('tinh.phunu'))[racthai.title].budget;
    assert.equal(base, plansOf(await plain.report('tinh.phunu'))[racthai.title].budget, 'the old units\' lines');
    const res = await (await reform.as('tinh.phunu')).post('/api/v1/budgets',
      { plan_id: racthai.id, year: YEAR, source: 'provincial', planned: 7 * M, note: 'Tập huấn' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.unit, '24');
    const now = plansOf(await reform.report('tinh.phunu'))[racthai.title].budget;
    assert.equal(planned(now), planned(base) + 7 * M, `${base} → ${now}`);
  });

  test('an old commune\'s user cannot read the new province\'s report; another commune cannot read theirs', async () => {
    const old = await reform.as('tanthanh.phunu');
    for (const ext of ['json', 'docx'])
      assert.equal((await old.get(`/api/v1/exports/conference-report.${ext}?year=${YEAR}&unit=24`)).status, 404, ext);
    const own = await reform.report('tanthanh.phunu', `year=${YEAR}`);
    const all = JSON.stringify(own.sections);
    assert.ok(!all.includes(MOVED_FINDING) && !all.includes(OLD_FINDING), 'nothing of other units');
    const other = await reform.as('laoho.phunu');
    for (const ext of ['json', 'docx'])
      assert.equal((await other.get(`/api/v1/exports/conference-report.${ext}?year=${YEAR}&unit=07411`)).status, 404, ext);
    const lg = await reform.as('langgiang.phunu');
    assert.equal((await lg.get(`/api/v1/exports/conference-report.json?year=${YEAR}&unit=24`)).status, 404);
  });
});

describe('without the reform', () => {
  test('the report holds the classic routes\' figures of the unit\'s own subtree', async () => {
    const c = await plain.as('tinh.phunu');
    const d = await plain.report('tinh.phunu');
    const plans = (await c.get('/api/v1/plans?limit=100')).body.items;
    const p = plansOf(d);
    for (const pl of plans) {
      if (!p[pl.title]) continue;
      const s = await c.get(`/api/v1/budgets/summary?plan=${pl.id}&year=${YEAR}&unit=24`);
      assert.equal(s.status, 200, s.text);
      assert.equal(planned(p[pl.title].budget), s.body.totals.planned, pl.code);
    }
    const rec = await c.get(`/api/v1/findings?kind=recommendation&unit=24&year=${YEAR}&limit=100`);
    assert.equal(rec.status, 200, rec.text);
    assert.equal(section(d, 'recommendations').tables[0].rows.length, rec.body.total);
    // a district's report stays in its subtree
    const lg = await plain.report('langgiang.phunu.lanhdao', `year=${YEAR}`);
    assert.ok(!JSON.stringify(lg.sections).includes(OLD_FINDING), 'nothing of Sơn Động');
  });
});
