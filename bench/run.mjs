// kpic against DuckDB on the same Parquet files, in the same run (issue #6, docs/performance.md).
//
//   cd bench && npm install && cd ..
//   node bench/run.mjs [--events 20000000] [--threads 1,2] [--reps 5] [--kpic build/kpic] [--out FILE.md]
//                      [--baseline OLD_KPIC]
//
// 1. Generates the data (bench/gen.mjs) when bench/data/<scale>/ is missing.
// 2. Checks that both engines give the same answers (doubles to 1e-9 relative) for every query of
//    ../shared/datasets/kpis.sql, kpic running examples/reference/*.kpi with the metrics that
//    tests/examples/reference_answers.map assigns to the query's columns.
// 3. Times every query, alternating the engines (in an order that turns each rep), `reps` times each, and
//    reports medians and kpic ÷ DuckDB:
//    the KPI suite as separate queries (kind kpi) and one fused SELECT per table (kind fused).
//    DuckDB runs in this process (no start-up cost); kpic is a new process per query (start-up,
//    parse, check and code-cache lookup included), timed from spawn to exit by bench/spawn_timer.c
//    (node's spawnSync would add its own ~6-12 ms). Both with the same thread count. With --baseline, a
//    second kpic binary (e.g. a build of main before a change) is timed in the same loop, alternating with
//    the other two, and its answers are checked too: before/after figures measured side by side.
// 4. kpic's parse+check+compile latency over all examples (run on their default data; scan time
//    excluded), cold (empty code cache) and warm.
// 5. Peak RSS of both engines for the fused queries (each in a fresh process, under /usr/bin/time).
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { TABLES, compare as compareAnswers, duckTable, kpicArgs as kpicArgsFor, median, now, parseQueries, readMap } from './suite.mjs';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '20000000' },
    threads: { type: 'string', default: '1,2' },
    reps: { type: 'string', default: '5' },
    kpic: { type: 'string', default: join(repo, 'build/kpic') },
    shared: { type: 'string', default: resolve(repo, '../shared') },
    only: { type: 'string' },
    out: { type: 'string' },
    baseline: { type: 'string' },
  },
});
const events = Number(opt.events);
const scale = events >= 1e6 ? `${events / 1e6}m` : `${events}`;
const data = join(here, 'data', scale);
const kpic = resolve(opt.kpic);
const baseline = opt.baseline ? resolve(opt.baseline) : null;
const reps = Number(opt.reps);
const threadCounts = opt.threads.split(',').map(Number);
const log = (...a) => console.error(...a);

if (!existsSync(join(data, 'events.parquet'))) {
  log(`generating ${scale} into ${data}`);
  execFileSync('node', [join(here, 'gen.mjs'), '--events', String(events), '--out', data], { stdio: 'inherit' });
}

// --- the suite: queries of kpis.sql and their kpic metrics ---------------------------------------------
const queries = parseQueries(readFileSync(join(opt.shared, 'datasets/kpis.sql'), 'utf8'))
  .filter((q) => !opt.only || opt.only.split(',').includes(q.name));
const map = readMap(join(repo, 'tests/examples/reference_answers.map'));

const kpicArgs = (q, threads, extra = []) => kpicArgsFor(repo, map, q, data, threads, extra);

// --- answers -------------------------------------------------------------------------------------------
const compare = (q, duckRows, kpicJson) => compareAnswers(map, q, duckRows, kpicJson);

// --- timing helpers ------------------------------------------------------------------------------------
// kpic's time is its process's, from spawn to exit, as bench/spawn_timer.c measures it: node's spawnSync
// adds ~6-12 ms of its own (a clone of this large process, pipe polling) that no user of kpic pays.
const timer = join(here, '.build', 'spawn_timer');
execFileSync('mkdir', ['-p', dirname(timer)]);
execFileSync('cc', ['-O2', '-o', timer, join(here, 'spawn_timer.c')]);
function runKpic(args, env = {}, bin = kpic) {
  const r = spawnSync(timer, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  const m = r.stderr.match(/spawn_timer: ([0-9.]+) ms\n$/);
  const stderr = m ? r.stderr.slice(0, m.index) : r.stderr;
  if (r.status !== 0 || !m) throw new Error(`kpic ${args.join(' ')} failed (${r.status}):\n${stderr}`);
  return { ms: Number(m[1]), stdout: r.stdout, stderr };
}

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
for (const t of TABLES) await con.run(`CREATE VIEW ${t} AS SELECT * FROM ${duckTable(data, t)}`);
const duck = async (sql) => { const t = now(); const r = await con.runAndReadAll(sql); return { ms: now() - t, rows: r.getRowObjectsJson() }; };
const duckVersion = (await duck('SELECT version() AS v')).rows[0].v;

const report = [];
const out = (s = '') => { report.push(s); console.log(s); };

// 2. answers first
log('checking answers');
await con.run(`SET threads = ${threadCounts[threadCounts.length - 1]}`);
let mismatches = 0;
for (const q of queries) {
  const d = await duck(q.sql);
  const k = runKpic(kpicArgs(q, threadCounts[threadCounts.length - 1]));
  const problems = compare(q, d.rows, JSON.parse(k.stdout));
  if (problems.length) { mismatches++; log(`MISMATCH ${q.name}:\n  ${problems.slice(0, 5).join('\n  ')}`); }
  if (baseline) {
    const b = compare(q, d.rows, JSON.parse(runKpic(kpicArgs(q, threadCounts[threadCounts.length - 1]), {}, baseline).stdout));
    if (b.length) { mismatches++; log(`MISMATCH (baseline) ${q.name}:\n  ${b.slice(0, 5).join('\n  ')}`); }
  }
}
if (mismatches) { log(`${mismatches} queries disagree: not timing`); process.exit(1); }

// 3. timings
const date = new Date().toISOString().slice(0, 10);
const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
out(`Measured ${date} on ${cpu} (${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm).length} cores), ` +
    `DuckDB ${duckVersion} (@duckdb/node-api), ${events.toLocaleString('en')} events (bench/gen.mjs), medians of ${reps} runs.`);
out(`Command: \`node bench/run.mjs --events ${events} --threads ${opt.threads} --reps ${reps}${baseline ? ' --baseline OLD_KPIC' : ''}\``);
out();
const totals = {};
for (const threads of threadCounts) {
  await con.run(`SET threads = ${threads}`);
  out(`### ${threads} thread${threads > 1 ? 's' : ''}`);
  out();
  const bh = baseline ? ' baseline ms | kpic ÷ baseline |' : '';
  out(`| query | kind | kpic ms | DuckDB ms | kpic ÷ DuckDB |${bh}`);
  out(`|---|---|---:|---:|---:|${baseline ? '---:|---:|' : ''}`);
  const sum = { kpi: [0, 0, 0], fused: [0, 0, 0] };
  for (const q of queries) {
    const kt = [], dt = [], bt = [];
    runKpic(kpicArgs(q, threads)); await duck(q.sql);  // warm the page cache and the code cache
    if (baseline) runKpic(kpicArgs(q, threads), {}, baseline);
    // The order turns each rep, so that no engine always runs right after the same other one (DuckDB's
    // threads and freed memory settling, a previous kpic's page-cache reads).
    const steps = [async () => kt.push(runKpic(kpicArgs(q, threads)).ms), async () => dt.push((await duck(q.sql)).ms)];
    if (baseline) steps.push(async () => bt.push(runKpic(kpicArgs(q, threads), {}, baseline).ms));
    for (let i = 0; i < reps; ++i)
      for (let j = 0; j < steps.length; ++j) await steps[(i + j) % steps.length]();
    const k = median(kt), d = median(dt), b = baseline ? median(bt) : 0;
    sum[q.kind][0] += k; sum[q.kind][1] += d; sum[q.kind][2] += b;
    const bc = baseline ? ` ${b.toFixed(1)} | ${(k / b).toFixed(2)} |` : '';
    out(`| ${q.name} | ${q.kind} | ${k.toFixed(1)} | ${d.toFixed(1)} | ${(k / d).toFixed(2)} |${bc}`);
  }
  for (const kind of ['kpi', 'fused']) {
    const [k, d, b] = sum[kind];
    const bc = baseline ? ` **${b.toFixed(1)}** | **${(k / b).toFixed(2)}** |` : '';
    out(`| **all ${kind === 'kpi' ? 'separate queries' : 'fused per table'}** | ${kind} | **${k.toFixed(1)}** | **${d.toFixed(1)}** | **${(k / d).toFixed(2)}** |${bc}`);
  }
  totals[threads] = sum;
  out();
}

// 4. compile latency: every example file, cold (empty cache) then warm.
const examples = [...readdirSync(join(repo, 'examples')).filter((f) => f.endsWith('.kpi')).map((f) => join(repo, 'examples', f)),
                  ...readdirSync(join(repo, 'examples/reference')).filter((f) => f.endsWith('.kpi')).map((f) => join(repo, 'examples/reference', f))];
const cache = mkdtempSync(join(tmpdir(), 'kpic-cache-'));
const latency = { cold: 0, warm: 0, hits: 0 };
for (const phase of ['cold', 'warm']) {
  for (const f of examples) {
    const r = spawnSync(kpic, ['run', f, '--timings', '--format', 'json'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache } });
    const m = r.stderr.match(/parse ([\d.]+) ms, check ([\d.]+) ms, compile ([\d.]+) ms(.*cache hit)?/);
    if (!m) { log(`no timings from ${f}: ${r.stderr.slice(0, 300)}`); continue; }
    latency[phase] += Number(m[1]) + Number(m[2]) + Number(m[3]);
    if (phase === 'warm' && m[4]) latency.hits++;
  }
}
rmSync(cache, { recursive: true, force: true });
out('### Compile latency');
out();
out(`parse + check + compile of all ${examples.length} example files: cold (empty code cache) ${latency.cold.toFixed(1)} ms, ` +
    `warm ${latency.warm.toFixed(1)} ms (${latency.hits} of ${examples.length} served from the code cache).`);
out();

// 5. peak memory, fused queries, fresh processes.
out('### Peak memory (fused queries, max RSS)');
out();
out('| query | kpic MiB | DuckDB MiB | kpic ÷ DuckDB |');
out('|---|---:|---:|---:|');
const rss = (cmd, args) => {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return Number(r.stderr.trim().split('\n').pop()) / 1024;
};
const one = join(here, 'duckdb_one.mjs');
const threads = threadCounts[threadCounts.length - 1];
for (const q of queries.filter((x) => x.kind === 'fused')) {
  const k = rss(kpic, kpicArgs(q, threads));
  const d = rss('node', [one, data, String(threads), q.sql]);
  out(`| ${q.name} | ${k.toFixed(0)} | ${d.toFixed(0)} | ${(k / d).toFixed(2)} |`);
}
out();
out('DuckDB\'s figure includes Node.js itself (about 45 MiB for `node -e ""` with the DuckDB module loaded).');
if (opt.out) writeFileSync(opt.out, report.join('\n') + '\n');
