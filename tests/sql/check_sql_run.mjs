// node check_sql_run.mjs KPIC BENCH_DIR FILE.kpi [DATA | NAME=DATA | OPTION]...: every metric of FILE compiled by
// `kpic sql --dialect duckdb --format json`, executed in DuckDB (from BENCH_DIR's node_modules), must
// equal `kpic run --format json` on the same data: the same groups, values equal within 1e-9 relative
// (nulls equal only to nulls). Options (--by, --where, --metric) are given to both commands.
// Exit 1 on a difference, 77 when DuckDB is missing.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { differences, readerRows } from './rows_equal.mjs';

const [kpic, bench, file, ...data] = process.argv.slice(2);
let DuckDBInstance;
try {
  const require = createRequire(join(resolve(bench), 'package.json'));
  ({ DuckDBInstance } = await import(require.resolve('@duckdb/node-api')));
} catch {
  console.log('no @duckdb/node-api in bench/node_modules: skipped');
  process.exit(77);
}
const run = (args) => JSON.parse(execFileSync(kpic, args, { encoding: 'utf8', maxBuffer: 1 << 28 }));
const local = run(['run', file, ...data, '--format', 'json', '--no-cache']);
const compiled = run(['sql', file, ...data, '--dialect', 'duckdb', '--format', 'json']);
const con = await (await DuckDBInstance.create(':memory:')).connect();

let failed = 0, checked = 0;
for (const q of compiled.metrics) {
  const want = local.metrics.find((m) => m.name === q.name);
  if (!want) { failed++; console.error(`${q.name}: not in kpic run's output`); continue; }
  let rows;
  try {
    rows = readerRows(await con.runAndReadAll(q.sql));
  } catch (e) {
    failed++;
    console.error(`${q.name}: DuckDB refused the query: ${e.message}\n${q.sql}`);
    continue;
  }
  checked++;
  const problems = differences(q.by, rows, want.rows);
  if (problems.length) {
    failed++;
    console.error(`${q.name}:\n  ${problems.slice(0, 5).join('\n  ')}\n${q.sql}`);
  }
}
console.log(`${file}: ${checked - failed} of ${checked} metrics equal in DuckDB and kpic run`);
process.exit(failed || !checked ? 1 : 0);
