// unit_history.test.mjs — the demo with the 2025 reform (`tiendo init --demo
// --reform`) over HTTP: the history of a code and the history-aware picker, the
// province's 2025 figure on today's tree equal to the sum of its pre- and
// post-reform parts (a sum, and a ratio recomputed from its parts), the tree of a
// day on both sides of 1 July 2025, drilling into a new commune that carries an old
// one, and who may read what across the break (users of abolished districts, of a
// commune merged into another, of another commune).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, startServer, tiendo } from '../lib/server.mjs';

let srv;
const users = {};
let ind;   // code -> indicator id

async function as(username) {
  if (!users[username]) {
    const c = new Client(srv.url);
    await c.login(username);
    users[username] = c;
  }
  return users[username];
}
function assertStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what} expected ${status}, got ${r.status}: ${r.text}`);
  if (status >= 400) assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
}
async function fig(username, query, status = 200) {
  const r = await (await as(username)).get(`/api/v1/analytics/history?${query}`);
  assertStatus(r, status, query);
  return r.body;
}
const close = (a, b) => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

before(async () => {
  srv = await startServer({ initArgs: ['--reform'] });
  const c = await as('tinh.phunu');
  ind = {};
  for (const code of ['DA-RACTHAI', 'DA-CCB-ANTT', 'KH-MTTQ-2630']) {
    const plans = await c.get(`/api/v1/plans?q=${encodeURIComponent(code)}`);
    assertStatus(plans, 200);
    const plan = plans.body.items.find((p) => p.code === code);
    assert.ok(plan, `plan ${code}`);
    const r = await c.get(`/api/v1/plans/${plan.id}/indicators`);
    assertStatus(r, 200);
    for (const i of r.body.items) ind[i.code] = i.id;
  }
});
after(async () => { await srv?.stop(); });

describe('unit history', () => {
  test('a reused code has two versions, each with its label, successions and act', async () => {
    const r = await (await as('tinh.phunu')).get('/api/v1/org-units/07375/history');
    assertStatus(r, 200);
    const [old, now] = r.body.versions;
    assert.equal(r.body.versions.length, 2);
    assert.equal(old.label, 'Thị trấn Vôi (đến 30/06/2025)');
    assert.equal(now.label, 'Xã Lạng Giang (từ 01/07/2025)');
    assert.equal(old.successors.length, 1);
    assert.equal(old.successors[0].label, 'Xã Lạng Giang (từ 01/07/2025)');
    assert.equal(old.successors[0].act_number, '1658/NQ-UBTVQH15');
    assert.equal(old.successors[0].effective_date, '2025-07-01');
    assert.ok(now.predecessors.some((p) => p.label === 'Thị trấn Vôi (đến 30/06/2025)'));
    const d = await (await as('tinh.phunu')).get('/api/v1/org-units/217/history');
    assertStatus(d, 200);
    assert.equal(d.body.versions[0].successors[0].kind, 'level_removal');
    assert.equal(d.body.versions[0].successors[0].act_number, '202/2025/QH15');
    assertStatus(await (await as('tinh.phunu')).get('/api/v1/org-units/99999/history'), 404);
  });

  test('the picker lists closed and new units with their dates', async () => {
    const r = await (await as('voi.phunu')).get(`/api/v1/unit-versions?q=${encodeURIComponent('lạng giang')}`);
    assertStatus(r, 200);
    const labels = r.body.items.map((u) => u.label);
    assert.ok(labels.includes('Huyện Lạng Giang (đến 30/06/2025)'), labels.join(' | '));
    assert.ok(labels.includes('Xã Lạng Giang (từ 01/07/2025)'), labels.join(' | '));
    const bn = await (await as('voi.phunu')).get(`/api/v1/unit-versions?q=${encodeURIComponent('tỉnh bắc')}`);
    const pl = bn.body.items.map((u) => u.label);
    for (const l of ['Tỉnh Bắc Giang (đến 30/06/2025)', 'Tỉnh Bắc Ninh (đến 30/06/2025)', 'Tỉnh Bắc Ninh (từ 01/07/2025)'])
      assert.ok(pl.includes(l), pl.join(' | '));
  });

  test('the province\'s 2025 on today\'s tree is the sum of its pre- and post-reform parts', async () => {
    const today = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025`);
    assert.equal(today.view, 'today');
    assert.equal(today.unit.label, 'Tỉnh Bắc Ninh (từ 01/07/2025)');
    const oldBG = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025&as_of=2025-06-30`);
    const oldBN = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=27&period=2025&as_of=2025-06-30`);
    const newBN = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025&as_of=2025-07-01`);
    assert.equal(oldBG.unit.label, 'Tỉnh Bắc Giang (đến 30/06/2025)');
    assert.ok(oldBG.value > 0 && newBN.value > 0, 'data on both sides of the break');
    assert.equal(today.value, oldBG.value + (oldBN.value ?? 0) + newBN.value);
    assert.equal(today.carried, true);
    // the first half-year of the old districts is in it: Lạng Giang's January
    const jan = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=217&period=202501&as_of=2025-01-31`);
    assert.ok(jan.value > 0);
    assert.ok(today.parts.some((p) => p.label === 'Huyện Lạng Giang (đến 30/06/2025)' && p.carried));
  });

  test('a ratio across the break is Σnumerator / Σdenominator of the parts', async () => {
    const q = `indicator=${ind.CB06}&unit=24&period=2025`;
    const today = await fig('tinh.phunu', q);
    const before = await fig('tinh.phunu', `${q}&as_of=2025-06-30`);
    const afterB = await fig('tinh.phunu', `${q}&as_of=2025-07-01`);
    assert.ok(today.numerator > 0 && today.denominator > 0);
    assert.ok(close(today.numerator, before.numerator + (afterB.numerator ?? 0)));
    assert.ok(close(today.denominator, before.denominator + (afterB.denominator ?? 0)));
    assert.ok(close(today.value, (100 * today.numerator) / today.denominator));
  });

  test('the tree of a day on both sides of 1 July 2025', async () => {
    const b = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025&as_of=2025-06-30`);
    assert.equal(b.children.length, 10);
    assert.ok(b.children.some((c) => c.label === 'Huyện Lạng Giang (đến 30/06/2025)'));
    const a = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025&as_of=2025-07-01`);
    assert.equal(a.children.length, 99);
    assert.ok(a.children.some((c) => c.label === 'Xã Lạng Giang (từ 01/07/2025)'));
    assert.equal(a.carried, false);
  });

  test('a new commune carries the old commune it took whole', async () => {
    const vOld = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=07375&period=2025&as_of=2025-06-30`);
    const vNew = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=07375&period=2025&as_of=2025-07-01`);
    const today = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=07375&period=2025`);
    assert.equal(vOld.unit.label, 'Thị trấn Vôi (đến 30/06/2025)');
    assert.ok(vOld.value > 0 && vNew.value > 0);
    assert.equal(today.value, vOld.value + vNew.value);
    assert.ok(today.parts.some((p) => p.label === 'Thị trấn Vôi (đến 30/06/2025)'));
  });

  test('the 2025 conference report of the new Bắc Ninh counts the old units\' first half', async () => {
    const c = await as('tinh.phunu');
    const r = await c.get('/api/v1/exports/conference-report.json?period=2025');
    assertStatus(r, 200);
    assert.match(r.body.meta.place_date, /^Bắc Ninh, ngày/);
    const rows = r.body.sections.flatMap((s) => (s.subsections || []).flatMap((x) => (x.tables || []).flatMap((t) => t.rows)));
    const rt01 = rows.find((row) => row[0] === 'RT01');
    assert.ok(rt01, 'RT01 in the report');
    const today = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025`);
    const vn = (s) => Number(String(s).replace(/\./g, '').replace(',', '.'));
    assert.equal(vn(rt01[4]), today.value);
    assert.equal(vn(rt01[3]), today.target, 'the old province\'s 2025 target carried');
    const docx = await c.get('/api/v1/exports/conference-report.docx?period=2025');
    assertStatus(docx, 200);
    assert.match(docx.headers.get('content-type'), /wordprocessingml/);
  });

  test('the dashboards\' analytics of the new province carry the old units too', async () => {
    const c = await as('tinh.phunu');
    const r = await c.get(`/api/v1/analytics?indicator=${ind.RT01},${ind.RT05}&unit=24&period=2025`);
    assertStatus(r, 200);
    const today = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025`);
    const rate = await fig('tinh.phunu', `indicator=${ind.RT05}&unit=24&period=2025`);
    const row = (id) => r.body.items.find((i) => i.indicator_id === id);
    assert.equal(row(ind.RT01).value, today.value);
    assert.equal(row(ind.RT01).target, today.target);
    assert.ok(close(row(ind.RT05).value, rate.value));
    // by children: the new communes, Xã Lạng Giang with Vôi's first half-year
    const kids = await c.get(`/api/v1/analytics?indicator=${ind.RT01}&unit=24&period=2025&by=children`);
    assertStatus(kids, 200);
    const lg = kids.body.items.find((i) => i.unit === '07375');
    const lgToday = await fig('tinh.phunu', `indicator=${ind.RT01}&unit=07375&period=2025`);
    assert.equal(lg.value, lgToday.value);
  });

  test('the 2026–2030 plan lives on the new tree', async () => {
    const r = await fig('tinh.mttq', `indicator=${ind.KDC02}&unit=24&period=2026`);
    assert.equal(r.unit.label, 'Tỉnh Bắc Ninh (từ 01/07/2025)');
    assert.equal(r.children.length, 99);
  });

  test('bad queries', async () => {
    await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025x`, 400);
    await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025&as_of=30-06-2025`, 400);
    await fig('tinh.phunu', `unit=24&period=2025`, 400);
    await fig('tinh.phunu', `indicator=999999&unit=24&period=2025`, 404);
    await fig('tinh.phunu', `indicator=${ind.RT01}&unit=24&period=2025&as_of=1800-01-01`, 404);
  });
});

describe('access across the break', () => {
  test('without a session: 401 on every new route', async () => {
    const anon = new Client(srv.url);
    for (const p of ['/api/v1/org-units/24/history', '/api/v1/unit-versions?q=vôi',
      `/api/v1/analytics/history?indicator=${ind.RT01}&unit=24&period=2025`])
      assertStatus(await anon.get(p), 401, p);
  });

  test('a user of a commune merged whole reads the new commune and the old one, not another', async () => {
    // voi.phunu's organisation moved with Vôi into the new Xã Lạng Giang
    await fig('voi.phunu', `indicator=${ind.RT01}&unit=07375&period=2025`);
    await fig('voi.phunu', `indicator=${ind.RT01}&unit=07375&period=2025&as_of=2025-06-30`);
    await fig('voi.phunu', `indicator=${ind.RT01}&unit=07411&period=2025&as_of=2025-06-30`, 404);
    await fig('voi.phunu', `indicator=${ind.RT01}&unit=07684&period=2025`, 404);
  });

  test('another commune cannot read a commune across the break', async () => {
    // Tân Thanh (its new commune is not known from the data) and Lão Hộ
    await fig('tanthanh.phunu', `indicator=${ind.RT01}&unit=07375&period=2025`, 404);
    await fig('tanthanh.phunu', `indicator=${ind.RT01}&unit=07375&period=2025&as_of=2025-06-30`, 404);
    await fig('laoho.phunu', `indicator=${ind.RT01}&unit=07375&period=2025`, 404);
    await fig('laoho.phunu', `indicator=${ind.RT01}&unit=24&period=2025&as_of=2025-07-01`, 200); // the province above
    // their own old commune stays theirs
    await fig('tanthanh.phunu', `indicator=${ind.RT01}&unit=07411&period=2025&as_of=2025-06-30`);
  });

  test('users of an abolished district keep its history and get no new communes', async () => {
    const own = await fig('langgiang.phunu', `indicator=${ind.RT01}&unit=217&period=2025&as_of=2025-06-30`);
    assert.equal(own.unit.label, 'Huyện Lạng Giang (đến 30/06/2025)');
    await fig('langgiang.phunu', `indicator=${ind.RT01}&unit=07375&period=2025`, 404);
    await fig('yendung.phunu', `indicator=${ind.RT01}&unit=217&period=2025&as_of=2025-06-30`, 404);
  });

  test('the province\'s users read both trees', async () => {
    for (const u of ['tinh.phunu', 'tinh.danvan']) {
      await fig(u, `indicator=${ind.RT01}&unit=07411&period=2025&as_of=2025-06-30`);
      await fig(u, `indicator=${ind.RT01}&unit=09163&period=2025&as_of=2025-06-30`);
      await fig(u, `indicator=${ind.RT01}&unit=07210&period=2025`);
    }
  });
});

describe('tiendo import reform', () => {
  test('a bad mapping names its line and changes nothing; the real one applies once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-reform-'));
    try {
      assert.equal(tiendo(['init', '--data', dir, '--demo']).status, 0);
      assert.equal(tiendo(['import', 'units', 'seed/units/bac-ninh-2023.csv', '--data', dir]).status, 0);
      assert.equal(tiendo(['import', 'units', 'seed/units/bac-ninh-2025.csv', '--valid-from', '2025-07-01', '--data', dir]).status, 0);
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, 'kind,from_code,to_code,share,indicator,act_number,act_date,effective_date\n'
        + 'split,07411,07375,0.5,,1658/NQ-UBTVQH15,2025-06-16,2025-07-01\n'
        + 'split,07411,07399,0.3,,1658/NQ-UBTVQH15,2025-06-16,2025-07-01\n');
      const r = tiendo(['import', 'reform', bad, '--data', dir]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /line 2: the shares of unit 07411 add up to 0\.8, not 1/);
      assert.match(r.stderr, /nothing was changed/);
      const ok = tiendo(['import', 'reform', 'seed/reform/bac-ninh-2025.csv', '--data', dir]);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /355 successions, 355 units closed/);
      const again = tiendo(['import', 'reform', 'seed/reform/bac-ninh-2025.csv', '--data', dir]);
      assert.equal(again.status, 1);
      assert.match(again.stderr, /applied already/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
