// node check_sql_duplicate_key.mjs KPIC BENCH_DIR DIR: with a `customers` table whose key repeats, every query
// of DIR/lookup.kpi that looks customers up fails in DuckDB with the message naming the source (kpic sql
// checks the key; a join never adds rows), as `kpic run` fails with KP0720. Exit 1 otherwise, 77 without DuckDB.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [kpic, bench, dir] = process.argv.slice(2);
let DuckDBInstance;
try {
  const require = createRequire(join(resolve(bench), 'package.json'));
  ({ DuckDBInstance } = await import(require.resolve('@duckdb/node-api')));
} catch {
  console.log('no @duckdb/node-api in bench/node_modules: skipped');
  process.exit(77);
}
process.chdir(dir);
const args = ['lookup.kpi', 'customers=lookup_dup_customers.csv'];
const run = spawnSync(kpic, ['run', ...args], { encoding: 'utf8' });
let failed = 0;
if (run.status !== 1 || !run.stderr.includes('error[KP0720]: the key `customer_id` of source `customers` is not unique: 2 appears more than once')) {
  failed++;
  console.error(`kpic run: exit ${run.status}, ${run.stderr}`);
}
const compiled = JSON.parse(execFileSync(kpic, ['sql', ...args, '--dialect', 'duckdb', '--format', 'json'], { encoding: 'utf8' }));
const con = await (await DuckDBInstance.create(':memory:')).connect();
let checked = 0;
for (const q of compiled.metrics) {
  if (!q.sql.includes('customers_keyed')) continue;
  checked++;
  try {
    await con.runAndReadAll(q.sql);
    failed++;
    console.error(`${q.name}: DuckDB ran it despite the duplicated key`);
  } catch (e) {
    if (!e.message.includes('kpic: the key customer_id of source customers is not unique')) {
      failed++;
      console.error(`${q.name}: another error: ${e.message}`);
    }
  }
}
console.log(`${checked} queries refused the duplicated key`);
process.exit(failed || checked < 5 ? 1 : 0);
