// CSV parse throughput: kpic against DuckDB's read_csv on the same generated file (~200 MB by default).
// Both parse every column of every row: kpic through `kpic schema` (open + one quote-aware scan + type
// inference + all chunks parsed in parallel, nulls counted), DuckDB through read_csv with auto-detection
// and a min/max/count of every column (so no column is skipped). Same thread count for both; best of N
// runs, wall clock. Deterministic data (a function of the row number through DuckDB's hash()).
//
//   cd bench && npm install                      # @duckdb/node-api (bench/package.json)
//   node bench/csv/csv_throughput.mjs --kpic build/kpic [--rows 2800000] [--runs 3] [--out /tmp/kpic-csv-bench.csv]
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    kpic: { type: 'string', default: 'build/kpic' },
    rows: { type: 'string', default: '2800000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: '/tmp/kpic-csv-bench.csv' },
    threads: { type: 'string', default: String(cpus().length) },
  },
});
const rows = Number(args.rows);
const runs = Number(args.runs);
const threads = Number(args.threads);

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`SET threads = ${threads}`);

if (!existsSync(args.out)) {
  await con.run(`CREATE MACRO u(i, salt) AS (hash(i * 1000003 + salt) % 1000000007) / 1000000007.0`);
  const t = Date.now();
  // Ints, floats with nulls, dates, timestamps, low- and high-cardinality strings, some quoted with
  // commas and escaped quotes, booleans.
  await con.run(`COPY (
    SELECT i AS order_id,
           'c' || (hash(i) % 200000)::VARCHAR AS customer,
           CASE WHEN u(i, 1) < 0.05 THEN NULL ELSE round(u(i, 2) * 500, 2) END AS amount,
           DATE '2023-01-01' + (u(i, 3) * 730)::INT AS ordered_on,
           TIMESTAMP '2023-01-01' + to_microseconds((u(i, 4) * 63072000e6)::BIGINT) AS shipped_at,
           ['paid', 'refunded', 'pending', 'failed'][1 + (u(i, 5) * 4)::INT % 4] AS status,
           u(i, 6) < 0.3 AS is_new,
           CASE WHEN u(i, 7) < 0.1 THEN 'gift, "rush"' ELSE 'standard' END AS note
    FROM range(${rows}) t(i)) TO '${args.out}' (HEADER, DELIMITER ',')`);
  console.log(`generated ${args.out} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
const mb = statSync(args.out).size / 1e6;

// Best wall-clock seconds and best CPU seconds (user + system) of `runs` runs. CPU time is the steadier
// figure on a shared machine; `fn` returns the CPU seconds it used.
const best = async (fn) => {
  let wall = Infinity, cpu = Infinity;
  for (let r = 0; r < runs; ++r) {
    const t = process.hrtime.bigint();
    const c = await fn();
    wall = Math.min(wall, Number(process.hrtime.bigint() - t) / 1e9);
    cpu = Math.min(cpu, c);
  }
  return { wall, cpu };
};
const inProcessCpu = async (fn) => {
  const c = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e6;
};

const cols = ['order_id', 'customer', 'amount', 'ordered_on', 'shipped_at', 'status', 'is_new', 'note'];
const aggs = cols.map((c) => `min(${c}), max(${c}), count(${c})`).join(', ');
const duck = await best(() => inProcessCpu(() => con.run(`SELECT count(*), ${aggs} FROM read_csv('${args.out}')`)));
const kpic = await best(async () => {
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; time "$0" schema "$1" > /dev/null`, args.kpic, args.out]);
  if (r.status !== 0) throw new Error(`kpic failed: ${r.stderr}`);
  const [user, sys] = r.stderr.toString().trim().split(/\s+/).slice(-2).map(Number);
  return user + sys;
});
const check = execFileSync(args.kpic, ['schema', args.out]).toString();

console.log(check.trim());
console.log(`\nfile: ${mb.toFixed(0)} MB, ${rows} rows, ${threads} threads, best of ${runs}`);
console.log('| reader | wall s | MB/s (wall) | CPU s | MB per CPU s |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, r] of [['kpic (kpic schema)', kpic], ['DuckDB read_csv', duck]])
  console.log(`| ${name} | ${r.wall.toFixed(2)} | ${(mb / r.wall).toFixed(0)} | ${r.cpu.toFixed(2)} | ${(mb / r.cpu).toFixed(0)} |`);
