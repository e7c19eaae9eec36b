// rollup_duckdb.mjs — the roll-up question of `gen sql` answered by DuckDB (in
// memory) over the same rows as SQLite, exported as CSV by bench/run.sh.
// usage: node bench/rollup_duckdb.mjs CSV_DIR PROVINCE_ID PLAN_ID FROM TO
// prints: load_s <seconds> query_us <best of five> cells <rows>
import { execFileSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, prov, plan, from, to] = process.argv.slice(2);
const gen = process.env.GEN || 'build/bench/gen';
let n = 0;
const sql = execFileSync(gen, ['sql'], { encoding: 'utf8' }).trim().replace(/\?/g, () => `$${++n}`);
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const conn = await instance.connect();
let t0 = performance.now();
for (const t of ['org_units', 'indicators', 'reports', 'report_values'])
  await conn.run(`CREATE TABLE ${t} AS SELECT * FROM read_csv('${dir}/${t}.csv', header = true${t === 'reports' ? ", types = {'period': 'VARCHAR'}" : ''})`);
const load = (performance.now() - t0) / 1000;
const stmt = await conn.prepare(sql);
stmt.bind([BigInt(prov), BigInt(plan), from, to, BigInt(plan)]);
let best = Infinity, cells = 0;
for (let i = 0; i < 5; i++) {
  t0 = performance.now();
  const reader = await stmt.runAndReadAll();
  const rows = reader.getRows();
  const t = performance.now() - t0;
  cells = rows.length;
  if (t < best) best = t;
}
console.log(`load_s ${load.toFixed(1)} query_us ${(best * 1000).toFixed(0)} cells ${cells}`);
