// Cost per row from 2M to 200M events, kpic side by side with DuckDB (issue #18).
//
//   cd bench && npm install && cd ..
//   node bench/scale.mjs [--scales 2000000,20000000,60000000,200000000] [--threads 2] [--reps 3]
//                        [--rows-per-file 5000000] [--only q1,q2|all] [--kpic build/kpic] [--out FILE.md]
//
// For each scale (a number of events): the data is bench/data/scale/<N>/ (bench/gen.mjs --rows-per-file:
// each table a folder of part files), generated when missing; kpic binds each source to its folder, DuckDB
// reads `read_parquet('<folder>/*.parquet')`. The queries are the suite's (../shared/datasets/kpis.sql,
// examples/reference/*.kpi, as bench/run.mjs): by default every fused per-table query and single KPIs of
// different kinds (a sum by month, a count_distinct by month, 2M-customer groups, a median). Per query:
// 1. the answers of both engines are compared (doubles to 1e-9 relative); a query that differs is not
//    timed, and the script exits 1 at the end;
// 2. both are timed alternating, `reps` times (kpic a new process per run, start-up included, under
//    /usr/bin/time for its peak RSS; DuckDB in this process), medians reported;
// 3. DuckDB's peak RSS: the query once in a fresh Node process (bench/duckdb_one.mjs; Node included).
// Reported per scale: wall ms and peak MiB of both, ns per row read (the rows of the query's tables),
// kpic ÷ DuckDB; then each engine's ns per row at every scale relative to the first scale (the goal: flat
// within 10%, i.e. no scale more than 1.10 × the first's cost per row), and the disk the data takes.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TABLES, compare, duckTable, kpicArgs, median, now, parseQueries, readMap } from './suite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const DEFAULT_QUERIES = ['fused_surveys', 'fused_sessions', 'fused_customers', 'fused_orders', 'fused_events',
  'fused_events_by_month', 'fused_subscriptions_by_month', 'mrr_by_month', 'mau_by_month', 'repeat_purchase_rate',
  'median_time_to_value'];
const { values: opt } = parseArgs({
  options: {
    scales: { type: 'string', default: '2000000,20000000,60000000,200000000' },
    threads: { type: 'string', default: '2' },
    reps: { type: 'string', default: '3' },
    'rows-per-file': { type: 'string', default: '5000000' },
    only: { type: 'string', default: DEFAULT_QUERIES.join(',') },
    kpic: { type: 'string', default: join(repo, 'build/kpic') },
    shared: { type: 'string', default: resolve(repo, '../shared') },
    out: { type: 'string' },
  },
});
const scales = opt.scales.split(',').map(Number);
const threads = Number(opt.threads), reps = Number(opt.reps);
const kpic = resolve(opt.kpic);
const label = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n}`);
const log = (...a) => console.error(...a);
const size = (bytes) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const report = [];
const out = (s = '') => { report.push(s); console.log(s); };

const all = parseQueries(readFileSync(join(opt.shared, 'datasets/kpis.sql'), 'utf8'));
const wanted = opt.only === 'all' ? all.map((q) => q.name) : opt.only.split(',');
for (const name of wanted) if (!all.some((q) => q.name === name)) throw new Error(`--only: no query ${name} in kpis.sql`);
const queries = all.filter((q) => wanted.includes(q.name));
const map = readMap(join(repo, 'tests/examples/reference_answers.map'));

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
const cpu = cpuinfo.match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
const cores = cpuinfo.match(/^processor/gm).length;

// Runs `cmd args` under /usr/bin/time: wall ms, peak RSS MiB, stdout.
const timed = (cmd, args) => {
  const t = now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return { ms, mib: Number(r.stderr.trim().split('\n').pop()) / 1024, stdout: r.stdout };
};

const results = [];  // per scale: { events, disk, rows: {table: n}, q: {name: {...}} }
let mismatches = 0;
out(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${cores} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB), ` +
    `${threads} threads, medians of ${reps} runs, load average ${loadavg()} at the start.`);
out(`Command: \`node bench/scale.mjs --scales ${opt.scales} --threads ${threads} --reps ${reps} --rows-per-file ${opt['rows-per-file']}` +
    `${opt.only === DEFAULT_QUERIES.join(',') ? '' : ` --only ${opt.only}`}\``);
out();
for (const events of scales) {
  const data = join(here, 'data', 'scale', events >= 1e6 ? `${events / 1e6}m` : `${events}`);
  const complete = join(data, '.complete');
  if (!existsSync(complete)) {
    log(`generating ${label(events)} events into ${data}`);
    execFileSync('node', [join(here, 'gen.mjs'), '--events', String(events), '--out', data, '--rows-per-file', opt['rows-per-file']],
                 { stdio: ['ignore', 'inherit', 'inherit'] });
    writeFileSync(complete, `node bench/gen.mjs --events ${events} --rows-per-file ${opt['rows-per-file']}\n`);
  }
  const disk = Number(execFileSync('du', ['-sb', data], { encoding: 'utf8' }).split('\t')[0]);

  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`SET threads = ${threads}`);
  for (const t of TABLES) await con.run(`CREATE VIEW ${t} AS SELECT * FROM ${duckTable(data, t)}`);
  const duck = async (sql) => { const t = now(); const r = await con.runAndReadAll(sql); return { ms: now() - t, rows: r.getRowObjectsJson() }; };
  const duckVersion = (await duck('SELECT version() AS v')).rows[0].v;
  const rows = {};
  for (const t of TABLES) rows[t] = Number((await duck(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
  const res = { events, disk, rows, q: {} };
  results.push(res);

  out(`#### ${label(events)} events (${rows.events.toLocaleString('en')} rows; ${size(disk)} of Parquet in ${data.slice(repo.length + 1)}/)`);
  out();
  out(`DuckDB ${duckVersion}. Rows read: the rows of the query's tables.`);
  out();
  out('| query | rows read | kpic ms | DuckDB ms | kpic ÷ DuckDB | kpic ns/row | DuckDB ns/row | kpic MiB | DuckDB MiB |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const sum = { n: 0, k: 0, d: 0 };
  for (const q of queries) {
    const args = kpicArgs(repo, map, q, data, threads);
    const want = await duck(q.sql);
    const problems = compare(map, q, want.rows, JSON.parse(timed(kpic, args).stdout));
    if (problems.length) {
      mismatches++;
      log(`MISMATCH ${q.name} at ${label(events)}:\n  ${problems.slice(0, 5).join('\n  ')}`);
      out(`| ${q.name} | answers differ: not timed | | | | | | | |`);
      continue;
    }
    const kt = [], km = [], dt = [];
    for (let i = 0; i < reps; ++i) {
      const k = timed(kpic, args);
      kt.push(k.ms); km.push(k.mib);
      dt.push((await duck(q.sql)).ms);
    }
    const dm = timed('node', [join(here, 'duckdb_one.mjs'), data, String(threads), q.sql]).mib;
    const n = q.tables.reduce((s, t) => s + rows[t], 0);
    const r = { n, k: median(kt), d: median(dt), kmib: Math.max(...km), dmib: dm };
    res.q[q.name] = r;
    sum.n += n; sum.k += r.k; sum.d += r.d;
    out(`| ${q.name} | ${n.toLocaleString('en')} | ${r.k.toFixed(1)} | ${r.d.toFixed(1)} | ${(r.k / r.d).toFixed(2)} | ` +
        `${(r.k * 1e6 / n).toFixed(1)} | ${(r.d * 1e6 / n).toFixed(1)} | ${r.kmib.toFixed(0)} | ${r.dmib.toFixed(0)} |`);
  }
  res.q['**all**'] = sum;
  out(`| **all** | ${sum.n.toLocaleString('en')} | **${sum.k.toFixed(1)}** | **${sum.d.toFixed(1)}** | **${(sum.k / sum.d).toFixed(2)}** | ` +
      `${(sum.k * 1e6 / sum.n).toFixed(1)} | ${(sum.d * 1e6 / sum.n).toFixed(1)} | | |`);
  out();
  out(`Load average ${loadavg()} after this scale. kpic MiB: the largest of its timed runs; DuckDB MiB: one run in a fresh Node process (Node included, about 45 MiB).`);
  out();
  con.closeSync();
  db.closeSync();  // its buffers freed before the next scale
}

// Cost per row relative to the first scale.
const first = results[0];
out(`#### Cost per row relative to ${label(first.events)} events`);
out();
out(`ns per row read at each scale ÷ ns per row at ${label(first.events)}: 1.00 is flat; the goal is that no scale costs more than 10% ` +
    'more per row (≤ 1.10). Below 1.00, fixed costs (process start-up, compilation, file footers) are spread over more rows.');
out();
const scaleCols = results.map((r) => label(r.events));
out(`| query | engine | ${scaleCols.join(' | ')} | growth ≤ 10% |`);
out(`|---|---|${scaleCols.map(() => '---:').join('|')}|---|`);
for (const name of [...queries.map((q) => q.name), '**all**']) {
  for (const [engine, key] of [['kpic', 'k'], ['DuckDB', 'd']]) {
    const base = first.q[name] ? first.q[name][key] / first.q[name].n : NaN;
    const ratios = results.map((r) => (r.q[name] ? r.q[name][key] / r.q[name].n / base : NaN));
    const flat = ratios.every((x) => Number.isFinite(x) && x <= 1.1);
    out(`| ${name} | ${engine} | ${ratios.map((x) => (Number.isFinite(x) ? x.toFixed(2) : '—')).join(' | ')} | ${flat ? 'yes' : 'no'} |`);
  }
}
out();
out(`Disk: ${results.map((r) => `${label(r.events)} ${size(r.disk)}`).join(', ')} ` +
    `(bench/data/scale/, ignored by git; delete a scale's folder to regenerate it).`);
if (opt.out) writeFileSync(opt.out, report.join('\n') + '\n');
if (mismatches) { log(`${mismatches} queries disagree`); process.exit(1); }
