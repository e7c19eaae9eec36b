// copy.test.mjs — `tiendo copy` moves a province's database into an empty one
// without losing a row: the command's own comparison says so, an independent
// reading of both files agrees table by table, the copy serves the same data
// (and new rows get new ids), and a target that already holds rows is refused
// untouched. With TIENDO_TEST_PG (a PostgreSQL cluster's URL, tools/pg.sh) the same
// copy also goes into a new PostgreSQL database, read back independently by psql.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ADMIN_PASSWORD, Client, startServer, tiendo } from '../lib/server.mjs';

let scratch;
let source;

const out = (r) => `exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

// The sqlite3 shell, independent of the program under test.
function sql(file, query) {
  const r = spawnSync('sqlite3', ['-batch', '-bail', file, query], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`sqlite3 ${file}: ${r.stderr}`);
  return r.stdout;
}

// The comparison table of the command's output: name -> {src, dst, ok}.
function report(stdout) {
  const rows = new Map();
  for (const line of stdout.split('\n')) {
    const m = /^([a-z_]+)\s+(\d+)\s+(\d+)\s+([0-9a-f]{16})\s+([0-9a-f]{16})\s+(khớp\/ok|LỆCH\/MISMATCH)$/.exec(line);
    if (m) rows.set(m[1], { src: Number(m[2]), dst: Number(m[3]), sumSrc: m[4], sumDst: m[5], ok: m[6] === 'khớp/ok' });
  }
  return rows;
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tiendo-copy-'));
  const data = join(scratch, 'data');
  const r = tiendo(['init', '--data', data, '--demo']);
  assert.equal(r.status, 0, out(r));
  source = join(data, 'tiendo.db');
});
after(() => { if (scratch) rmSync(scratch, { recursive: true, force: true }); });

describe('tiendo copy to a new SQLite file', () => {
  let target;
  let run;
  let seconds;

  before(() => {
    target = join(scratch, 'copy', 'tiendo.db');
    mkdirSync(join(scratch, 'copy'));
    const t0 = process.hrtime.bigint();
    run = tiendo(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${target}`]);
    seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  });

  test('succeeds and reports every table as matching', (t) => {
    assert.equal(run.status, 0, out(run));
    t.diagnostic(`copy of the demo database: ${seconds.toFixed(2)} s wall clock; ${/Đã chép.*$/m.exec(run.stdout)?.[0]}`);
    const rows = report(run.stdout);
    const tables = sql(source, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name")
      .trim().split('\n');
    assert.deepEqual([...rows.keys()].sort(), tables);
    for (const [name, r] of rows) {
      assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
      assert.equal(r.src, r.dst, name);
      assert.equal(r.sumSrc, r.sumDst, name);
    }
    const total = [...rows.values()].reduce((a, r) => a + r.src, 0);
    assert.match(run.stdout, new RegExp(`Đã chép ${total} hàng của ${rows.size} bảng`));
    assert.ok(rows.get('report_values').src > 1000, 'the demo has report values to copy');
    assert.match(run.stdout, /Kết quả: khớp/);
  });

  test('an independent reading of both files finds the same rows and ids in every table', () => {
    const rows = report(run.stdout);
    for (const name of rows.keys()) {
      const count = `SELECT COUNT(*) FROM ${name}`;
      assert.equal(sql(target, count), sql(source, count), name);
      assert.equal(Number(sql(source, count)), rows.get(name).src, name);
      // every column of every row, in primary-key order, as the sqlite3 shell prints it
      const all = `SELECT * FROM ${name} ORDER BY 1, 2`;
      assert.ok(sql(source, all) === sql(target, all), `${name}: rows differ`);
    }
    const version = 'SELECT MAX(version) FROM schema_migrations';
    assert.equal(sql(target, version), sql(source, version));
  });

  test('the copy serves the same province, and new rows get ids after the copied ones', async () => {
    const srv = await startServer({ dataDir: join(scratch, 'copy') });
    try {
      const admin = new Client(srv.url);
      await admin.login('admin', ADMIN_PASSWORD);
      const plans = await admin.get('/api/v1/plans?limit=100');
      assert.equal(plans.status, 200, plans.text);
      assert.equal(plans.body.items.length, Number(sql(source, 'SELECT COUNT(*) FROM plans')));
      const maxAudit = Number(sql(source, 'SELECT MAX(id) FROM audit_log'));
      const newest = Number(sql(target, 'SELECT MAX(id) FROM audit_log'));
      assert.ok(newest > maxAudit, 'the sign-in was audited with a new id');
    } finally {
      await srv.stop();
    }
  });
});

describe('tiendo copy refuses', () => {
  test('a target that already holds rows, and leaves it as it was', () => {
    const other = join(scratch, 'other');
    assert.equal(tiendo(['init', '--data', other, '--demo']).status, 0);
    const file = join(other, 'tiendo.db');
    const before = sql(file, 'SELECT COUNT(*) FROM users; SELECT MAX(id) FROM audit_log;');
    const r = tiendo(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${file}`]);
    assert.equal(r.status, 1, out(r));
    assert.match(r.stderr, /not empty \(table org_units has \d+ rows\)/);
    assert.match(r.stderr, /đã có dữ liệu/);
    assert.equal(sql(file, 'SELECT COUNT(*) FROM users; SELECT MAX(id) FROM audit_log;'), before);
  });

  test('a migrated target with a single stray row', () => {
    const file = join(scratch, 'stray.db');
    const first = tiendo(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${file}`]);
    assert.equal(first.status, 0, out(first));
    // empty every table but one row of the audit log
    const tables = [...report(first.stdout).keys()].reverse();
    sql(file, `PRAGMA foreign_keys = OFF; ${tables.map((t) => `DELETE FROM ${t};`).join(' ')}
      INSERT INTO audit_log(at, entity, entity_id, action) VALUES ('2026-01-01T00:00:00Z', 'x', '1', 'x');`);
    const r = tiendo(['copy', '--from', `sqlite:${source}`, '--to', `sqlite:${file}`]);
    assert.equal(r.status, 1, out(r));
    assert.match(r.stderr, /table audit_log has 1 rows/);
    assert.ok(existsSync(file), 'a target the command did not create is never removed');
    assert.equal(sql(file, 'SELECT COUNT(*) FROM audit_log'), '1\n');
  });

  test('the source itself as the target', () => {
    const r = tiendo(['copy', '--from', `sqlite:${source}`, '--to', source]);
    assert.equal(r.status, 1, out(r));
    assert.match(r.stderr, /same file/);
  });

  test('a missing source, without creating the target', () => {
    const file = join(scratch, 'never.db');
    const r = tiendo(['copy', '--from', `sqlite:${join(scratch, 'absent.db')}`, '--to', `sqlite:${file}`]);
    assert.equal(r.status, 1, out(r));
    assert.match(r.stderr, /no database at/);
    assert.ok(!existsSync(file));
  });

  test('unknown options and missing arguments (usage, exit 2); --help exits 0', () => {
    const help = tiendo(['copy', '--help']);
    assert.equal(help.status, 0, out(help));
    assert.match(help.stdout, /usage: tiendo copy --from sqlite:FILE --to URL/);
    assert.equal(tiendo(['copy', '--from', `sqlite:${source}`]).status, 2);
    assert.equal(tiendo(['copy', '--from', `sqlite:${source}`, '--to', 'sqlite:']).status, 2);
    assert.equal(tiendo(['copy', '--from', `sqlite:${source}`, '--to', 'x.db', '--force']).status, 2);
    assert.equal(tiendo(['copy', '--from', 'postgresql://x@localhost/db', '--to', 'x.db']).status, 2);
    assert.ok(statSync(source).size > 0);
  });
});

const PG = process.env.TIENDO_TEST_PG || '';
const PSQL = process.env.TIENDO_TEST_PSQL || '/usr/lib/postgresql/15/bin/psql';
function psql(url, stmt) {
  const r = spawnSync(PSQL, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', stmt], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}
const dbUrl = (name) => { const u = new URL(PG); u.pathname = `/${name}`; return u.toString(); };

if (PG) {
  describe('tiendo copy to PostgreSQL', () => {
    const name = `copy_${randomBytes(6).toString('hex')}`;
    before(() => psql(dbUrl('postgres'), `CREATE DATABASE ${name}`));
    after(() => psql(dbUrl('postgres'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

    test('every table matches, psql counts the same rows, and new ids follow the copied ones', (t) => {
      const t0 = process.hrtime.bigint();
      const run = tiendo(['copy', '--from', `sqlite:${source}`, '--to', dbUrl(name)]);
      t.diagnostic(`copy of the demo into PostgreSQL: ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s`);
      assert.equal(run.status, 0, out(run));
      const rows = report(run.stdout);
      assert.ok(rows.size > 20);
      for (const [table, r] of rows) {
        assert.ok(r.ok, `${table}: ${JSON.stringify(r)}`);
        assert.equal(Number(psql(dbUrl(name), `SELECT COUNT(*) FROM ${table}`)), Number(sql(source, `SELECT COUNT(*) FROM ${table}`)), table);
      }
      const max = Number(sql(source, 'SELECT MAX(id) FROM report_events'));
      assert.equal(Number(psql(dbUrl(name), "SELECT nextval(pg_get_serial_sequence('report_events', 'id'))")), max + 1);
      const again = tiendo(['copy', '--from', `sqlite:${source}`, '--to', dbUrl(name)]);
      assert.equal(again.status, 1, 'a second copy into the same database is refused');
      assert.match(again.stderr, /not empty/);
    });
  });
}
