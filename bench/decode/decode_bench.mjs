// Parquet decode throughput, kpic vs DuckDB, in the same run (docs/performance.md "Parquet decode throughput").
//
//   cd bench && npm install @duckdb/node-api
//   node decode/decode_bench.mjs --kpic ../build/tests/readers/parquet/parquet_decode_bench [--repeat R]
//        [--large DIR] FILE...
//
// --large DIR first writes DIR/events_x8.parquet (the medium events table repeated 8 times, ~8M rows, DuckDB's
// default Snappy writer) when it does not exist, and benchmarks it after the given files.
//
// kpic: parquet_decode_bench decodes every flat column of every row group into kpic columns (values,
// validity, dictionary codes). DuckDB: `SELECT min(c1), min(c2), ... FROM read_parquet(FILE)` over the same
// columns (min forces every value to be decoded; count(c) is answered from footer statistics when a column has
// no nulls, so it would not scan). DuckDB also aggregates, so its figure includes a little work kpic's does
// not. Both: best of R runs, 1 and 2 threads, alternating so machine load affects both alike; wall and CPU
// seconds (CPU: getrusage for kpic, process.cpuUsage around the query for DuckDB), MB/s from CPU seconds.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const args = process.argv.slice(2);
let repeat = 5;
let kpic = '../build/tests/readers/parquet/parquet_decode_bench';
let large = null;
const files = [];
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--repeat') repeat = Number(args[++i]);
  else if (args[i] === '--large') large = args[++i];
  else if (args[i] === '--kpic') kpic = args[++i];
  else files.push(args[i]);
}

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
if (large) {
  const path = join(large, 'events_x8.parquet');
  const events = files.find((f) => basename(f) === 'events.parquet');
  if (!existsSync(path) && events)
    await con.run(`COPY (SELECT e.* FROM read_parquet('${events}') e, range(8) r ORDER BY r.range) TO '${path}' (FORMAT parquet)`);
  if (existsSync(path)) files.push(path);
}

// [wall seconds, CPU seconds of the whole process (DuckDB's threads included)]
async function duckdbSeconds(sql, threads) {
  await con.run(`SET threads = ${threads}`);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await con.runAndReadAll(sql);
  const c = process.cpuUsage(c0);
  return [Number(process.hrtime.bigint() - t0) / 1e9, (c.user + c.system) / 1e6];
}

function kpicSeconds(file, threads) {
  const out = execFileSync(kpic, ['--threads', String(threads), '--repeat', '1', file], { encoding: 'utf8' });
  const line = out.trim().split('\n').pop().trim().split(/\s+/);
  return [Number(line[5]), Number(line[8])];
}

console.log('| file | MB | rows | cols | threads | kpic wall s | kpic cpu s | kpic MB/s (cpu) | DuckDB wall s | DuckDB cpu s | DuckDB MB/s (cpu) | DuckDB cpu / kpic cpu |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const file of files) {
  const cols = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson()
    .filter((c) => !/[\[\]]|STRUCT|MAP/.test(c.column_type)).map((c) => `min("${c.column_name}")`);
  const sql = `SELECT ${cols.join(', ')} FROM read_parquet('${file}')`;
  const [{ n }] = (await con.runAndReadAll(`SELECT count(*)::VARCHAR AS n FROM read_parquet('${file}')`)).getRowObjectsJson();
  const mb = statSync(file).size / 1e6;
  for (const threads of [1, 2]) {
    let kw = Infinity, kc = Infinity, dw = Infinity, dc = Infinity;
    for (let r = 0; r < repeat; ++r) {
      const [w1, c1] = kpicSeconds(file, threads);
      const [w2, c2] = await duckdbSeconds(sql, threads);
      kw = Math.min(kw, w1); kc = Math.min(kc, c1); dw = Math.min(dw, w2); dc = Math.min(dc, c2);
    }
    const f = (x) => x.toFixed(4);
    console.log(`| ${basename(file)} | ${mb.toFixed(2)} | ${n} | ${cols.length} | ${threads} | ${f(kw)} | ${f(kc)} | ` +
                `${(mb / kc).toFixed(0)} | ${f(dw)} | ${f(dc)} | ${(mb / dc).toFixed(0)} | ${(dc / kc).toFixed(2)}x |`);
  }
}
