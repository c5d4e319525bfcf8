// node check_answers.mjs KPIC BENCH_DIR FILE.kpi FILE.sql DATA_DIR: every `-- name: METRIC` query of FILE.sql,
// run in DuckDB over DATA_DIR's Parquet tables (a view per table named in FILE.kpi's `source` lines), must equal
// METRIC of `kpic run FILE.kpi` on the same files: the same groups (dimension columns by name), values equal
// within 1e-9 relative, nulls only to nulls. Every metric of FILE.kpi must have a query. Exit 1 on a
// difference, 77 when DuckDB is missing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { differences, readerRows } from '../sql/rows_equal.mjs';

const [kpic, bench, file, sqlFile, dataDir] = process.argv.slice(2);
let DuckDBInstance;
try {
  const require = createRequire(join(resolve(bench), 'package.json'));
  ({ DuckDBInstance } = await import(require.resolve('@duckdb/node-api')));
} catch {
  console.log('no @duckdb/node-api in bench/node_modules: skipped');
  process.exit(77);
}
const tables = [...readFileSync(file, 'utf8').matchAll(/^source ([a-z_]+)/gm)].map((m) => m[1]);
const bindings = tables.map((t) => `${t}=${join(dataDir, t + '.parquet')}`);
const local = JSON.parse(execFileSync(kpic, ['run', file, ...bindings, '--format', 'json', '--no-cache'],
                                      { encoding: 'utf8', maxBuffer: 1 << 28 }));
const con = await (await DuckDBInstance.create(':memory:')).connect();
for (const t of tables) await con.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${join(dataDir, t + '.parquet')}')`);

const queries = new Map();
for (const part of readFileSync(sqlFile, 'utf8').split(/^-- name: /m).slice(1)) {
  const nl = part.indexOf('\n');
  queries.set(part.slice(0, nl).trim(), part.slice(nl + 1));
}
let failed = 0;
for (const m of local.metrics) {
  const sql = queries.get(m.name);
  if (!sql) { failed++; console.error(`${m.name}: no query in ${sqlFile}`); continue; }
  const problems = differences(m.by, readerRows(await con.runAndReadAll(sql)), m.rows);
  if (problems.length) { failed++; console.error(`${m.name}:\n  ${problems.slice(0, 10).join('\n  ')}`); }
  else console.log(`${m.name}: ${m.rows.length} rows equal`);
}
process.exit(failed ? 1 : 0);
