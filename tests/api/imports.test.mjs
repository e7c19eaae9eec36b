// imports.test.mjs — bulk entry of report values over HTTP, as the demo's people
// use it: Tân Thanh's women's union (tanthanh.phunu) imports a month of DA-RACTHAI
// figures as CSV — a dry run names every bad row with its line, a real run with one
// bad row writes nothing, a clean run creates the draft with its values; a
// neighbouring district's commune is refused; the approved month goes out as DHIS2
// dataValueSets and comes back in through the DHIS2 import of a fresh server; a
// body over 10 MiB is 413. Also the command line's `tiendo import values`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, startServer, tiendo } from '../lib/server.mjs';

const MiB = 1024 * 1024;
const PLAN = 'DA-RACTHAI';
let srv;
let users = {};
let plan;           // DA-RACTHAI
let month;          // its entered month indicators: [{id, code, value_type}, ...]
let ratio;          // a computed month indicator, when the plan has one
let period;         // a month Tân Thanh has not reported yet

async function as(username, server = srv, cache = users) {
  if (!cache[username]) {
    const c = new Client(server.url);
    await c.login(username);
    cache[username] = c;
  }
  return cache[username];
}
function assertStatus(r, status, what = '') {
  assert.equal(r.status, status, `${what} expected ${status}, got ${r.status}: ${r.text}`);
  if (status >= 400) assert.ok(r.body?.error?.code, `a JSON error body: ${r.text}`);
}
function postCsv(c, csv, dry) {
  return c.req('POST', `/api/v1/imports/values${dry ? '?dry_run=1' : ''}`, undefined, {
    raw: csv, headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
}
function postDhis2(c, doc, dry) {
  return c.req('POST', `/api/v1/imports/dhis2?plan=${PLAN}${dry ? '&dry_run=1' : ''}`, undefined, {
    raw: typeof doc === 'string' ? doc : JSON.stringify(doc),
    headers: { 'content-type': 'application/json' },
  });
}
function errorAt(body, line) {
  return body.errors.find((e) => e.line === line);
}
// Tân Thanh's reports of the plan for a month, as the reports API lists them.
async function reportsAt(unit, p = period, server = srv, cache = users) {
  const c = await as('tanthanh.phunu', server, cache);
  const r = await c.get(`/api/v1/reports?plan=${plan.id}&unit=${unit}&period=${p}&limit=100`);
  assertStatus(r, 200);
  return r.body.items;
}
// Value rows for the month: the first indicator carries a formula-looking comment.
function goodRows() {
  return month.map((m, i) => `${PLAN},${m.code},07411,${period},${m.value_type === 'boolean' ? 1 : 10 + i},${i === 0 ? '"=1+1"' : 'Thôn Đông'}`);
}
async function monthIndicators(server, cache) {
  const owner = await as('tinh.phunu', server, cache);
  const r = await owner.get(`/api/v1/plans/${plan.id}/indicators?limit=1000`);
  assertStatus(r, 200);
  return r.body.items.filter((x) => x.frequency === 'month');
}
// The demo may not define month indicators yet: the province union adds two.
async function ensureMonthIndicators(server, cache) {
  let items = await monthIndicators(server, cache);
  if (items.filter((x) => x.unit_agg !== 'ratio').length < 2) {
    const owner = await as('tinh.phunu', server, cache);
    for (const code of ['NK_HO', 'NK_TAN']) {
      const r = await owner.post(`/api/v1/plans/${plan.id}/indicators`, {
        code, name: `Chỉ tiêu nhập khẩu ${code}`, unit_label: 'hộ', value_type: 'integer',
        time_agg: 'sum', unit_agg: 'sum', direction: 'up', frequency: 'month',
      });
      assert.equal(r.status, 201, r.text);
    }
    items = await monthIndicators(server, cache);
  }
  return items;
}

before(async () => {
  srv = await startServer({ demo: true });
  const c = await as('tanthanh.phunu');
  const p = await c.get('/api/v1/plans?limit=100');
  assertStatus(p, 200);
  plan = p.body.items.find((x) => x.code === PLAN);
  assert.ok(plan, `the demo has ${PLAN}`);
  const items = await ensureMonthIndicators(srv, users);
  month = items.filter((x) => x.unit_agg !== 'ratio').slice(0, 4);
  ratio = items.find((x) => x.unit_agg === 'ratio');
  const taken = await c.get(`/api/v1/reports?plan=${plan.id}&unit=07411&limit=1000`);
  assertStatus(taken, 200);
  const used = new Set(taken.body.items.map((x) => x.period));
  for (let y = plan.start_year; !period && y <= plan.end_year; y++)
    for (let m = 1; !period && m <= 12; m++) {
      const code = `${y}${String(m).padStart(2, '0')}`;
      if (!used.has(code)) period = code;
    }
  assert.ok(period, 'a month of the plan still free at Tân Thanh');
});
after(async () => { await srv?.stop(); });

describe('CSV import of a month of values', () => {
  test('a dry run names every bad row with its line and writes nothing', async () => {
    const c = await as('tanthanh.phunu');
    const rows = [
      'plan,indicator,unit,period,value,comment',          // 1
      ...goodRows(),                                        // 2..
      `${PLAN},KHONG_CO,07411,${period},1,`,                 // unknown indicator
      `${PLAN},${month[0].code},07411,${period},abc,`,       // not a number
      `${PLAN},${month[0].code},07411,${period.slice(0, 4)}N9,1,`, // not a month
      `${PLAN},${month[1].code},07684,${period},1,`,         // Yên Dũng's commune
      `${PLAN},${month[1].code},07411,${period},1,`,         // the same as line 3
    ];
    if (ratio) rows.push(`${PLAN},${ratio.code},07411,${period},50,`);
    const first = 2 + month.length;
    const r = await postCsv(c, rows.join('\n') + '\n', true);
    assertStatus(r, 422);
    assert.equal(r.body.error.code, 'import_rejected');
    assert.equal(r.body.dry_run, true);
    assert.equal(r.body.rows, rows.length - 1);
    assert.equal(r.body.imported, 0);
    assert.equal(r.body.errors_total, rows.length - 1 - month.length);
    assert.equal(errorAt(r.body, first).code, 'unknown_indicator');
    assert.equal(errorAt(r.body, first + 1).code, 'not_number');
    assert.equal(errorAt(r.body, first + 2).code, 'period_not_reported');
    assert.equal(errorAt(r.body, first + 3).code, 'forbidden_unit');
    assert.equal(errorAt(r.body, first + 4).code, 'duplicate_row');
    assert.match(errorAt(r.body, first + 4).reason, /dòng 3/);
    if (ratio) assert.equal(errorAt(r.body, first + 5).code, 'computed_indicator');
    for (let line = 2; line < first; line++) assert.equal(errorAt(r.body, line), undefined);
    for (const e of r.body.errors) assert.ok(e.reason.length > 10, 'a reason for people');
    assert.deepEqual(await reportsAt('07411'), []);
  });

  test('a clean dry run says what would happen, and still writes nothing', async () => {
    const c = await as('tanthanh.phunu');
    const csv = ['plan,indicator,unit,period,value,comment', ...goodRows()].join('\n');
    const r = await postCsv(c, csv, true);
    assertStatus(r, 200);
    assert.deepEqual([r.body.dry_run, r.body.rows, r.body.imported, r.body.reports_created, r.body.errors],
      [true, month.length, month.length, 1, []]);
    assert.deepEqual(await reportsAt('07411'), []);
  });

  test('a real run with one bad row among good ones writes nothing', async () => {
    const c = await as('tanthanh.phunu');
    const before = await reportsAt('07411');
    const rows = ['plan,indicator,unit,period,value,comment', ...goodRows(),
      `${PLAN},${month[0].code},07411,${period},"1,5",`];   // a fraction, twice over
    const r = await postCsv(c, rows.join('\r\n'), false);
    assertStatus(r, 422);
    assert.equal(r.body.dry_run, false);
    assert.equal(r.body.errors_total, 1);
    assert.equal(r.body.errors[0].line, rows.length);
    assert.equal(r.body.imported, 0);
    assert.equal(r.body.reports_created, 0);
    assert.deepEqual(await reportsAt('07411'), before);
  });

  test('a clean run creates the draft report with the values; formulas stay text', async () => {
    const c = await as('tanthanh.phunu');
    const csv = '\uFEFF' + ['plan;indicator;unit;period;value;comment',
      ...goodRows().map((x) => x.replaceAll(',', ';'))].join('\n');
    const r = await postCsv(c, csv, false);
    assertStatus(r, 200);
    assert.deepEqual([r.body.rows, r.body.imported, r.body.reports_created, r.body.errors_total],
      [month.length, month.length, 1, 0]);
    const list = await reportsAt('07411');
    assert.equal(list.length, 1);
    assert.equal(list[0].status, 'draft');
    assert.equal(list[0].organization.name, 'Hội LHPN xã Tân Thanh');
    const full = await c.get(`/api/v1/reports/${list[0].id}`);
    assertStatus(full, 200);
    const byId = new Map(full.body.values.map((v) => [v.indicator_id, v]));
    month.forEach((m, i) => assert.equal(byId.get(m.id).value, m.value_type === 'boolean' ? 1 : 10 + i, m.code));
    assert.equal(byId.get(month[0].id).comment, '=1+1', 'a formula-looking cell is just text');
    assert.equal(byId.get(month[1].id).comment, 'Thôn Đông');
    assert.deepEqual(full.body.events.map((e) => e.action), ['create', 'import']);
    assert.equal(full.body.deadline, `${period.slice(0, 4)}-${period.slice(4)}-19T16:59:59Z`);
  });

  test('the same file again changes no value and creates no report', async () => {
    const c = await as('tanthanh.phunu');
    const csv = ['plan,indicator,unit,period,value,comment', ...goodRows()].join('\n');
    const r = await postCsv(c, csv, false);
    assertStatus(r, 200);
    assert.equal(r.body.reports_created, 0);
    const list = await reportsAt('07411');
    assert.equal(list.length, 1);
    const full = await c.get(`/api/v1/reports/${list[0].id}`);
    assert.equal(full.body.values.length, month.length);
  });

  test('a row for Yên Dũng\'s commune 07684 is refused to Tân Thanh\'s officer', async () => {
    const c = await as('tanthanh.phunu');
    const r = await postCsv(c, `plan,indicator,unit,period,value\n${PLAN},${month[0].code},07684,${period},3\n`, false);
    assertStatus(r, 422);
    assert.deepEqual(r.body.errors.map((e) => [e.line, e.code]), [[2, 'forbidden_unit']]);
    const laoho = await as('laoho.phunu');
    const list = await laoho.get(`/api/v1/reports?plan=${plan.id}&unit=07684&period=${period}`);
    assert.equal(list.body.total, 0);
  });

  test('viewers may not import; unsafe calls need the CSRF token; bad query is 400', async () => {
    const viewer = await as('tanthanh.xem');
    assertStatus(await postCsv(viewer, 'plan,indicator,unit,period,value\n', true), 403);
    const c = await as('tanthanh.phunu');
    const r = await c.req('POST', '/api/v1/imports/values?dry_run=1', undefined, {
      raw: 'plan,indicator,unit,period,value\n', headers: { 'x-csrf-token': 'sai' },
    });
    assertStatus(r, 403);
    assertStatus(await c.req('POST', '/api/v1/imports/values?dry_run=2', undefined, { raw: 'x' }), 400);
    const empty = await postCsv(c, '', true);
    assertStatus(empty, 422);
    assert.equal(empty.body.errors[0].code, 'empty_file');
  });

  test('a body over 10 MiB is 413', async () => {
    const c = await as('tanthanh.phunu');
    const head = 'plan,indicator,unit,period,value,comment\n';
    const big = head + 'x'.repeat(10 * MiB + 1 - head.length);
    assertStatus(await postCsv(c, big, true), 413);
    assertStatus(await postDhis2(c, '{"dataValues":[' + ' '.repeat(10 * MiB) + ']}', true), 413);
  });
});

describe('DHIS2', () => {
  let exported;

  test('drafts are not exported; after submission and approval the month is', async () => {
    const c = await as('tanthanh.phunu');
    const q = `/api/v1/exports/dhis2?plan=${PLAN}&period=${period}&unit=07411`;
    const none = await c.get(q);
    assertStatus(none, 200);
    assert.deepEqual(none.body.dataValues, []);
    const [item] = await reportsAt('07411');
    const sub = await c.post(`/api/v1/reports/${item.id}/submit`, { version: item.version });
    assertStatus(sub, 200);
    // a submitted report takes no import
    const again = await postCsv(c, `plan,indicator,unit,period,value\n${PLAN},${month[0].code},07411,${period},1\n`, true);
    assertStatus(again, 422);
    assert.equal(again.body.errors[0].code, 'report_submitted');
    const leader = await as('langgiang.phunu.lanhdao');
    assertStatus(await leader.post(`/api/v1/reports/${item.id}/approve`, { version: sub.body.version }), 200);
    const r = await c.get(q);
    assertStatus(r, 200);
    assert.equal(r.body.dataElementIdScheme, 'CODE');
    assert.equal(r.body.dataValues.length, month.length);
    for (const v of r.body.dataValues) {
      assert.equal(v.period, period);
      assert.equal(v.orgUnit, '07411');
      assert.equal(typeof v.value, 'string');
    }
    const first = r.body.dataValues.find((v) => v.dataElement === month[0].code);
    assert.equal(first.comment, '=1+1');
    exported = r.body;
    // the district sees it too, within its scope; the province as well
    const district = await (await as('langgiang.phunu')).get(`/api/v1/exports/dhis2?plan=${PLAN}&period=${period}`);
    assert.ok(district.body.dataValues.some((v) => v.orgUnit === '07411'));
  });

  test('an approved report refuses an import', async () => {
    const c = await as('tanthanh.phunu');
    const r = await postDhis2(c, exported, true);
    assertStatus(r, 422);
    assert.ok(r.body.errors.every((e) => e.code === 'report_locked'), r.text);
  });

  test('the export stays within the caller\'s read scope', async () => {
    const laoho = await as('laoho.phunu');
    const r = await laoho.get(`/api/v1/exports/dhis2?plan=${PLAN}&unit=07411`);
    assertStatus(r, 422);
    assert.equal(r.body.error.code, 'unknown_unit');
    // its own values and those of the units above it (Yên Dũng 221, the province 24),
    // never a neighbour's
    const own = await laoho.get(`/api/v1/exports/dhis2?plan=${PLAN}`);
    assertStatus(own, 200);
    const units = new Set(own.body.dataValues.map((v) => v.orgUnit));
    assert.ok(units.has('07684'), 'the demo\'s approved months of Lão Hộ');
    assert.deepEqual([...units].filter((u) => !['07684', '221', '24'].includes(u)), []);
    assertStatus(await laoho.get('/api/v1/exports/dhis2'), 400);
    assertStatus(await laoho.get(`/api/v1/exports/dhis2?plan=${PLAN}&period=2024X`), 400);
    assert.equal((await laoho.get('/api/v1/exports/dhis2?plan=KHONG-CO')).body.error.code, 'unknown_plan');
  });

  test('the export goes into a fresh server through the DHIS2 import, value for value', async () => {
    const fresh = await startServer({ demo: true });
    const cache = {};
    try {
      const items = await ensureMonthIndicators(fresh, cache);
      const c = await as('tanthanh.phunu', fresh, cache);
      const dry = await postDhis2(c, exported, true);
      assertStatus(dry, 200);
      assert.equal(dry.body.imported, month.length);
      assert.deepEqual(await reportsAt('07411', period, fresh, cache), []);
      const r = await postDhis2(c, exported, false);
      assertStatus(r, 200);
      assert.equal(r.body.reports_created, 1);
      const [item] = await reportsAt('07411', period, fresh, cache);
      assert.equal(item.status, 'draft');
      const full = await c.get(`/api/v1/reports/${item.id}`);
      const code = new Map(items.map((x) => [x.id, x.code]));
      const got = full.body.values.map((v) => [code.get(v.indicator_id), String(v.value), v.comment]).sort();
      const want = exported.dataValues.map((v) => [v.dataElement, v.value, v.comment ?? '']).sort();
      assert.deepEqual(got, want);
      const back = await c.get(`/api/v1/reports/${item.id}`);
      assert.equal(back.body.values.find((v) => code.get(v.indicator_id) === month[0].code).comment, '=1+1');
    } finally {
      await fresh.stop();
    }
  });

  test('periods without a DHIS2 equivalent and broken documents are named', async () => {
    const c = await as('tanthanh.phunu');
    const doc = '{\n"dataValues": [\n'
      + `{"dataElement": "${month[0].code}", "period": "2024N9", "orgUnit": "07411", "value": "1"},\n`
      + `{"dataElement": "${month[0].code}", "period": "2024W5", "orgUnit": "07411", "value": "1"}\n]}`;
    const r = await postDhis2(c, doc, true);
    assertStatus(r, 422);
    assert.deepEqual(r.body.errors.map((e) => [e.line, e.index, e.code]), [[3, 0, 'bad_period'], [4, 1, 'bad_period']]);
    assert.match(r.body.errors[0].reason, /N9/);
    const broken = await postDhis2(c, '{"dataValues": [\n{"value": }]}', true);
    assertStatus(broken, 422);
    assert.deepEqual(broken.body.errors.map((e) => [e.line, e.code]), [[2, 'bad_document']]);
    const noPlan = await c.req('POST', '/api/v1/imports/dhis2', undefined, { raw: '{"dataValues":[]}' });
    assertStatus(noPlan, 400);
    const unknown = await c.req('POST', '/api/v1/imports/dhis2?plan=KHONG-CO', undefined, { raw: '{"dataValues":[]}' });
    assertStatus(unknown, 422);
    assert.equal(unknown.body.error.code, 'unknown_plan');
  });
});

describe('tiendo import values', () => {
  test('checks as the user, prints "line N: reason", exits 1 when rows are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-import-'));
    try {
      const [y, m] = [Number(period.slice(0, 4)), Number(period.slice(4))];
      const next = m === 12 ? `${y + 1}01` : `${y}${String(m + 1).padStart(2, '0')}`;
      const file = join(dir, 'values.csv');
      writeFileSync(file, `plan,indicator,unit,period,value\n${PLAN},${month[0].code},07411,${next},4\n`
        + `${PLAN},${month[0].code},07684,${next},4\n`);
      const bad = tiendo(['import', 'values', file, '--as', 'tanthanh.phunu', '--dry-run', '--data', srv.dataDir, ...srv.dbArgs]);
      assert.equal(bad.status, 1, bad.stderr);
      assert.match(bad.stderr, /^line 3: /m);
      writeFileSync(file, `plan,indicator,unit,period,value\n${PLAN},${month[0].code},07411,${next},4\n`);
      const ok = tiendo(['import', 'values', file, '--as', 'tanthanh.phunu', '--dry-run', '--data', srv.dataDir, ...srv.dbArgs]);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /1 rows checked/);
      const nobody = tiendo(['import', 'values', file, '--as', 'khong.co', '--data', srv.dataDir, ...srv.dbArgs]);
      assert.equal(nobody.status, 1);
      const usage = tiendo(['import', 'values', file, '--data', srv.dataDir, ...srv.dbArgs]);
      assert.equal(usage.status, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
