// node check_answers.mjs KPIC BENCH_DIR FILE.kpi ANSWERS.sql NAME=DATA...: the answers of ANSWERS.sql, SQL
// written by hand from the language contract (not by kpic), executed in DuckDB (from BENCH_DIR's
// node_modules) over views named after the sources (NAME=DATA), must equal `kpic run FILE NAME=DATA...
// --format json`. ANSWERS.sql holds one query per metric, each after a line `-- metric: NAME`, returning
// the metric's dimensions (named as kpic names them) and `value`; every metric of FILE must have one.
// Values equal within 1e-9 relative, nulls only to nulls. Exit 1 on a difference, 77 when DuckDB is missing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { differences, rowsOf } from './compare_rows.mjs';

const [kpic, bench, file, answers, ...data] = process.argv.slice(2);
let DuckDBInstance;
try {
  const require = createRequire(join(resolve(bench), 'package.json'));
  ({ DuckDBInstance } = await import(require.resolve('@duckdb/node-api')));
} catch {
  console.log('no @duckdb/node-api in bench/node_modules: skipped');
  process.exit(77);
}
const local = JSON.parse(execFileSync(kpic, ['run', file, ...data, '--format', 'json', '--no-cache'],
                                      { encoding: 'utf8', maxBuffer: 1 << 28 }));
const con = await (await DuckDBInstance.create(':memory:')).connect();
for (const binding of data) {
  const [name, path] = binding.split('=');
  await con.run(`CREATE VIEW ${name} AS SELECT * FROM '${path.replaceAll("'", "''")}'`);
}
const queries = readFileSync(answers, 'utf8').split(/^-- metric: /m).slice(1).map((part) => {
  const nl = part.indexOf('\n');
  return { name: part.slice(0, nl).trim(), sql: part.slice(nl + 1) };
});

let failed = 0;
for (const m of local.metrics)
  if (!queries.some((q) => q.name === m.name)) { failed++; console.error(`${m.name}: no query in ${answers}`); }
for (const q of queries) {
  const want = local.metrics.find((m) => m.name === q.name);
  if (!want) { failed++; console.error(`${q.name}: not in kpic run's output`); continue; }
  const problems = differences(rowsOf(await con.runAndReadAll(q.sql)), want, want.by);
  if (problems.length) {
    failed++;
    console.error(`${q.name}:\n  ${problems.slice(0, 5).join('\n  ')}`);
  }
}
console.log(`${answers}: ${failed} difference(s) in ${queries.length} answers`);
process.exit(failed || !queries.length ? 1 : 0);
