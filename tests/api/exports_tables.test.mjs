// exports_tables.test.mjs — the table exports over HTTP on the demo: indicators.xlsx
// with the analytics API's figures, scores, tasks, budgets and findings workbooks
// (header frozen), a formula-like title kept as text, CSV with a BOM, and a
// district user confined to its subtree.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, Client, startServer } from '../lib/server.mjs';

let srv, admin, district;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMULA_TITLE = '=HYPERLINK("http://example.invalid","Bấm vào đây")';

async function bytes(c, path) {
  const r = await fetch(srv.url + path, { headers: { cookie: c.cookie } });
  return { status: r.status, headers: r.headers, buf: Buffer.from(await r.arrayBuffer()) };
}
const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
// The workbook's first sheet: {xml, rows: [[cell...]]} with shared strings resolved
// and numbers as numbers; each cell also noted when it holds a formula.
function sheet(buf) {
  assert.equal(buf.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a ZIP local header');
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-xlsx-'));
  writeFileSync(join(dir, 'r.xlsx'), buf);
  const part = (p) => execFileSync('unzip', ['-p', join(dir, 'r.xlsx'), p]).toString('utf8');
  const xml = part('xl/worksheets/sheet1.xml');
  let strings = [];
  try {
    strings = [...part('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
      .map((m) => unxml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  } catch { /* no strings */ }
  const rows = [];
  for (const rm of xml.matchAll(/<row [^>]*r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
    const row = [];
    for (const cm of rm[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = [...cm[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const body = cm[3] || '';
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let val = null;
      if (/t="s"/.test(cm[2])) val = strings[Number(v)];
      else if (/t="inlineStr"/.test(cm[2])) val = unxml(/<t[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? '');
      else if (/t="str"/.test(cm[2])) val = unxml(v ?? '');
      else if (v !== undefined) val = Number(v);
      row[col] = val;
      if (/<f>/.test(body)) row.formula = true;
    }
    rows[Number(rm[1]) - 1] = row;
  }
  return { xml, rows };
}
async function workbook(c, path) {
  const r = await bytes(c, path);
  assert.equal(r.status, 200, `${path}: ${r.buf.toString('utf8').slice(0, 300)}`);
  assert.equal(r.headers.get('content-type'), XLSX);
  const cd = r.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="[a-z0-9-]+\.xlsx"; filename\*=UTF-8''[A-Za-z0-9%.-]+\.xlsx$/);
  const s = sheet(r.buf);
  assert.match(s.xml, /<pane [^>]*ySplit="1"[^>]*state="frozen"/, `${path}: header row frozen`);
  return s;
}
const close = (a, b) => Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));

before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  await admin.login('admin', ADMIN_PASSWORD);
  district = new Client(srv.url);
  await district.login('langgiang.phunu.lanhdao');
});
after(async () => { await srv?.stop(); });

describe('indicators', () => {
  test('indicators.xlsx holds the figures of the analytics API (by=children)', async () => {
    const plans = (await admin.get('/api/v1/plans?limit=100')).body.items
      .filter((p) => p.start_year <= 2024 && p.end_year >= 2024 && p.status !== 'draft');
    let checked = 0, withValue = 0, withTarget = 0;
    for (const p of plans.slice(0, 3)) {
      const { rows } = await workbook(admin, `/api/v1/exports/indicators.xlsx?plan=${p.id}&period=2024&unit=24`);
      assert.deepEqual(rows[0], ['Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Đơn vị hành chính', 'Kỳ',
        'Chỉ tiêu giao', 'Thực hiện', 'Tỷ lệ đạt (%)']);
      const inds = (await admin.get(`/api/v1/plans/${p.id}/indicators?limit=500`)).body.items;
      for (const ind of inds.slice(0, 3)) {
        const a = await admin.get(`/api/v1/analytics?indicator=${ind.id}&unit=24&period=2024&by=children`);
        assert.equal(a.status, 200, a.text);
        const total = (await admin.get(`/api/v1/analytics?indicator=${ind.id}&unit=24&period=2024`)).body.items[0];
        const mine = rows.filter((r) => r[0] === ind.code);
        // every child, the unit's own values, the total
        assert.equal(mine.length, a.body.items.length + 1, `${ind.code}: rows`);
        for (const it of a.body.items) {
          const name = it.own ? `${it.unit_name} (riêng cấp này)` : it.unit_name;
          const row = mine.find((r) => r[3] === name);
          assert.ok(row, `${ind.code} ${name}`);
          assert.equal(row[1], ind.name);
          assert.equal(row[4], '2024');
          for (const [k, col] of [['target', 5], ['value', 6], ['achievement', 7]]) {
            if (it[k] === null) assert.equal(row[col] ?? null, null, `${ind.code} ${name} ${k} blank`);
            else assert.ok(close(row[col], it[k]), `${ind.code} ${name} ${k}: ${row[col]} vs ${it[k]}`);
          }
          checked++;
          withValue += it.value !== null;
          withTarget += it.target !== null;
        }
        const trow = mine.find((r) => r[3] === `Tổng cộng ${total.unit_name}`);
        assert.ok(trow, `${ind.code} total row`);
        for (const [k, col] of [['target', 5], ['value', 6], ['achievement', 7]])
          if (total[k] === null) assert.equal(trow[col] ?? null, null);
          else assert.ok(close(trow[col], total[k]), `${ind.code} total ${k}`);
      }
    }
    assert.ok(checked >= 20 && withValue >= 5 && withTarget >= 3,
      `checked ${checked} cells rows (${withValue} values, ${withTarget} targets)`);
  });

  test('indicators.csv: BOM, header, the same rows', async () => {
    const p = (await admin.get('/api/v1/plans?limit=100')).body.items[0];
    const r = await bytes(admin, `/api/v1/exports/indicators.csv?plan=${p.id}&period=2024&unit=24`);
    assert.equal(r.status, 200, r.buf.toString('utf8'));
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /filename="chi-tieu\.csv"/);
    assert.deepEqual([...r.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = r.buf.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], 'Mã chỉ tiêu,Chỉ tiêu,Đơn vị tính,Đơn vị hành chính,Kỳ,Chỉ tiêu giao,Thực hiện,Tỷ lệ đạt (%)');
    const x = await workbook(admin, `/api/v1/exports/indicators.xlsx?plan=${p.id}&period=2024&unit=24`);
    assert.equal(lines.filter((l) => l).length, x.rows.filter((l) => l).length);
  });

  test('bad requests: no plan (400), bad period (400), unknown unit (404)', async () => {
    assert.equal((await admin.get('/api/v1/exports/indicators.xlsx')).status, 400);
    const p = (await admin.get('/api/v1/plans?limit=1')).body.items[0];
    assert.equal((await admin.get(`/api/v1/exports/indicators.xlsx?plan=${p.id}&period=20X4`)).status, 400);
    assert.equal((await admin.get(`/api/v1/exports/indicators.xlsx?plan=${p.id}&unit=99999`)).status, 404);
  });
});

describe('scores, tasks, budgets', () => {
  test('scores.xlsx: the evaluation rows of a plan', async () => {
    const p = (await admin.get('/api/v1/plans?limit=100')).body.items
      .find((x) => x.start_year <= 2024 && x.end_year >= 2024 && x.status !== 'draft');
    const { rows } = await workbook(admin, `/api/v1/exports/scores.xlsx?plan=${p.id}&year=2024&unit=24`);
    assert.deepEqual(rows[0], ['Tổ chức', 'Đơn vị hành chính', 'Kế hoạch', 'Kỳ', 'Điểm', 'Xếp loại', 'Thứ hạng']);
    const ev = await admin.get(`/api/v1/evaluation?plan=${p.id}&year=2024&unit=24&limit=1000`);
    assert.equal(ev.status, 200, ev.text);
    assert.equal(rows.length - 1, ev.body.total);
    let checked = 0;
    for (const it of ev.body.items.slice(0, 30)) {
      const row = rows.find((r) => r[0] === it.organization.name && r[1] === it.unit.name);
      assert.ok(row, it.organization.name);
      assert.equal(row[2], p.title);
      if (it.score === null) assert.equal(row[4] ?? null, null);
      else { assert.ok(close(row[4], it.score), `${it.organization.name} score`); checked++; }
      assert.equal(row[5] ?? null, it.grade);
      if (it.rank !== null) assert.equal(row[6], it.rank);
    }
    assert.ok(checked > 0, 'some scores compared');
  });

  test('tasks.xlsx and budgets.xlsx: the list endpoints\' rows', async () => {
    const t = await workbook(admin, '/api/v1/exports/tasks.xlsx?unit=24');
    const tl = (await admin.get('/api/v1/tasks?unit=24&limit=1')).body;
    assert.equal(t.rows.length - 1, tl.total);
    assert.equal(t.rows[0][1], 'Nhiệm vụ');
    assert.ok(t.rows.slice(1).some((r) => r[1] === tl.items[0].title));
    const b = await workbook(admin, '/api/v1/exports/budgets.xlsx?unit=24');
    const bl = (await admin.get('/api/v1/budgets?unit=24&limit=1000')).body;
    assert.equal(b.rows.length - 1, bl.total);
    assert.equal(b.rows[0][5], 'Dự toán (VND)');
    const sum = (rows, col) => rows.slice(1).reduce((a, r) => a + (r[col] ?? 0), 0);
    assert.equal(sum(b.rows, 5), bl.items.reduce((a, x) => a + x.planned, 0), 'planned VND');
    const csv = await bytes(admin, '/api/v1/exports/budgets.csv?unit=24');
    assert.equal(csv.status, 200);
    assert.deepEqual([...csv.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  });
});

describe('findings and formulas', () => {
  let id;
  before(async () => {
    const commune = new Client(srv.url);
    await commune.login('tanthanh.mttq');
    const orgs = (await admin.get('/api/v1/organizations?limit=1000')).body.items;
    const plans = (await admin.get('/api/v1/plans?limit=100')).body.items;
    const r = await commune.post('/api/v1/findings', {
      kind: 'recommendation', title: FORMULA_TITLE,
      plan_id: plans.find((p) => p.code === 'DA-NHATRO').id,
      addressed_to_id: orgs.find((o) => o.code === 'taichinh-24').id, severity: 'high',
      description: 'Thử một tiêu đề giống công thức.',
    });
    assert.equal(r.status, 201, r.text);
    id = r.body.id;
  });

  test('a title beginning with "=HYPERLINK(" is text with a leading apostrophe, never a formula', async () => {
    const { xml, rows } = await workbook(admin, '/api/v1/exports/findings.xlsx?unit=24');
    assert.ok(id > 0);
    assert.equal(rows[0][2], 'Nội dung');
    const row = rows.find((r) => typeof r[2] === 'string' && r[2].includes('HYPERLINK'));
    assert.ok(row, 'the finding is exported');
    assert.equal(row[2], "'" + FORMULA_TITLE);
    assert.ok(!row.formula);
    assert.ok(!/<f[ >]/.test(xml), 'no formula element');
    const csv = (await bytes(admin, '/api/v1/exports/findings.csv?unit=24')).buf.toString('utf8');
    assert.ok(csv.includes(`"'=HYPERLINK(""http://example.invalid"",""Bấm vào đây"")"`), 'CSV neutralised');
  });
});

describe('a district user (langgiang.phunu.lanhdao)', () => {
  let units;
  before(async () => {
    const root = (await admin.get('/api/v1/org-units/217')).body;
    const kids = await admin.get('/api/v1/org-units?parent=217&limit=1000');
    assert.equal(kids.status, 200, kids.text);
    assert.ok(kids.body.items.length > 0 && kids.body.items.length === kids.body.total);
    units = { names: new Set([root.name, ...kids.body.items.map((u) => u.name)]) };
  });

  test('every export holds only Lạng Giang\'s units', async () => {
    const plan = (await district.get('/api/v1/plans?limit=100')).body.items
      .find((x) => x.start_year <= 2024 && x.end_year >= 2024 && x.status !== 'draft');
    const ind = await workbook(district, `/api/v1/exports/indicators.xlsx?plan=${plan.id}&period=2024`);
    assert.ok(ind.rows.length > 2);
    for (const r of ind.rows.slice(1)) {
      const name = r[3].replace(/ \(riêng cấp này\)$/, '').replace(/^Tổng cộng /, '');
      assert.ok(units.names.has(name), `indicators: ${r[3]}`);
    }
    const checks = [
      [`/api/v1/exports/scores.xlsx?plan=${plan.id}&year=2024`, 1],
      ['/api/v1/exports/tasks.xlsx', 4],
      ['/api/v1/exports/budgets.xlsx', 2],
      ['/api/v1/exports/findings.xlsx', 3],
    ];
    for (const [path, col] of checks) {
      const { rows } = await workbook(district, path);
      assert.ok(rows.length > 1, `${path}: some rows`);
      for (const r of rows.slice(1)) assert.ok(units.names.has(r[col]), `${path}: ${r[col]}`);
    }
  });

  test('unit=221 (Yên Dũng) and the province are 404 in every export', async () => {
    const plan = (await district.get('/api/v1/plans?limit=1')).body.items[0];
    for (const unit of ['221', '24'])
      for (const path of [`indicators.xlsx?plan=${plan.id}&`, `scores.xlsx?plan=${plan.id}&year=2024&`,
        'tasks.xlsx?', 'budgets.xlsx?', 'findings.xlsx?', 'tasks.csv?', 'findings.csv?']) {
        const r = await district.get(`/api/v1/exports/${path}unit=${unit}`);
        assert.equal(r.status, 404, `${path}unit=${unit}`);
      }
  });
});
