// Parquet decode throughput, kpic vs DuckDB, in the same run (docs/performance.md "Parquet decode throughput").
//
//   cd bench && npm install @duckdb/node-api
//   node decode/decode_bench.mjs --kpic ../build/tests/readers/parquet/parquet_decode_bench [--repeat R] FILE...
//
// kpic: parquet_decode_bench decodes every flat column of every row group into kpic columns (values,
// validity, dictionary codes). DuckDB: `SELECT min(c1), min(c2), ... FROM read_parquet(FILE)` over the same
// columns (min forces every value to be decoded; count(c) is answered from footer statistics when a column has
// no nulls, so it would not scan). DuckDB also aggregates, so its figure includes a little work kpic's does
// not. Both: best of R runs, wall clock, 1 and 2 threads, alternating so machine load affects both alike.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { basename } from 'node:path';

const args = process.argv.slice(2);
let repeat = 5;
let kpic = '../build/tests/readers/parquet/parquet_decode_bench';
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--repeat') repeat = Number(args[++i]);
  else if (args[i] === '--kpic') kpic = args[++i];
  else files.push(args[i]);
}

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();

async function duckdbSeconds(sql, threads) {
  await con.run(`SET threads = ${threads}`);
  const t0 = process.hrtime.bigint();
  await con.runAndReadAll(sql);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function kpicSeconds(file, threads) {
  const out = execFileSync(kpic, ['--threads', String(threads), '--repeat', '1', file], { encoding: 'utf8' });
  const line = out.trim().split('\n').pop().trim().split(/\s+/);
  return Number(line[5]);
}

console.log('| file | MB | rows | cols | threads | kpic s | kpic MB/s | DuckDB s | DuckDB MB/s | kpic / DuckDB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const file of files) {
  const cols = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson()
    .filter((c) => !/[\[\]]|STRUCT|MAP/.test(c.column_type)).map((c) => `min("${c.column_name}")`);
  const sql = `SELECT ${cols.join(', ')} FROM read_parquet('${file}')`;
  const [{ n }] = (await con.runAndReadAll(`SELECT count(*)::VARCHAR AS n FROM read_parquet('${file}')`)).getRowObjectsJson();
  const mb = statSync(file).size / 1e6;
  for (const threads of [1, 2]) {
    let k = Infinity, d = Infinity;
    for (let r = 0; r < repeat; ++r) {
      k = Math.min(k, kpicSeconds(file, threads));
      d = Math.min(d, await duckdbSeconds(sql, threads));
    }
    console.log(`| ${basename(file)} | ${mb.toFixed(2)} | ${n} | ${cols.length} | ${threads} | ${k.toFixed(4)} | ` +
                `${(mb / k).toFixed(0)} | ${d.toFixed(4)} | ${(mb / d).toFixed(0)} | ${(d / k).toFixed(2)}x |`);
  }
}
