// kpic under a memory limit against DuckDB under the same limit, on the same files (issue #18,
// docs/performance.md, "Memory limit").
//
//   node bench/memory_limit.mjs [--events 20000000] [--threads 2] [--limits none,256MB,64MB]
//                               [--only fused_events,fused_orders] [--kpic build/kpic]
//
// For each fused query of ../shared/datasets/kpis.sql (or --only) and each limit: kpic with
// `--memory-limit LIMIT` and DuckDB with `SET memory_limit = 'LIMIT'` (DuckDB spills to its temporary
// folder), each in a fresh process. Every kpic answer is checked against DuckDB's unlimited answer first
// (doubles to 1e-9 relative). Reported: wall ms, peak RSS (includes the pages of memory-mapped data files,
// which are page cache), peak anonymous memory (RssAnon sampled every 5 ms: what the process itself
// holds), and the parts kpic scanned in (`--timings`). A run that fails is reported as such, with its
// message.
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TABLES, compare as compareAnswers, duckTable, kpicArgs as kpicArgsFor, parseQueries, readMap } from './suite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '20000000' },
    threads: { type: 'string', default: '2' },
    limits: { type: 'string', default: 'none,256MB,64MB' },
    only: { type: 'string' },
    kpic: { type: 'string', default: join(repo, 'build/kpic') },
    shared: { type: 'string', default: resolve(repo, '../shared') },
  },
});
const events = Number(opt.events);
const scale = events >= 1e6 ? `${events / 1e6}m` : `${events}`;
const data = join(here, 'data', scale);
if (!existsSync(join(data, 'events.parquet'))) {
  console.error(`no data in ${data}: run node bench/run.mjs --events ${events} (or bench/gen.mjs) first`);
  process.exit(1);
}
const kpic = resolve(opt.kpic);
const threads = Number(opt.threads);
const limits = opt.limits.split(',');
const map = readMap(join(repo, 'tests/examples/reference_answers.map'));
const queries = parseQueries(readFileSync(join(opt.shared, 'datasets/kpis.sql'), 'utf8'))
  .filter((q) => (opt.only ? opt.only.split(',').includes(q.name) : q.kind === 'fused'));

// Runs a command, sampling its anonymous and total resident memory until it exits.
function measured(cmd, args, input) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: here, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '', anon = 0, rss = 0;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    if (input) child.stdin.end(input); else child.stdin.end();
    const sample = () => {
      try {
        const s = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        anon = Math.max(anon, Number(s.match(/RssAnon:\s+(\d+)/)?.[1] ?? 0));
        rss = Math.max(rss, Number(s.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0));
      } catch { /* exited */ }
    };
    const timer = setInterval(sample, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      done({ code, ms: performance.now() - t0, stdout, stderr, anonMiB: anon / 1024, rssMiB: rss / 1024 });
    });
  });
}

// DuckDB in a fresh Node process (so that its memory is its own), under SET memory_limit.
const duckScript = `
import { DuckDBInstance } from '@duckdb/node-api';
const [data, limit, threads, tmp] = process.argv.slice(1);  // node -e: no script path in argv
const sql = await new Promise((r) => { let s = ''; process.stdin.on('data', (d) => s += d); process.stdin.on('end', () => r(s)); });
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run("SET threads = " + threads);
await con.run("SET temp_directory = '" + tmp + "'");
if (limit !== 'none') await con.run("SET memory_limit = '" + limit + "'");
for (const [t, from] of JSON.parse(process.env.KPIC_BENCH_TABLES)) await con.run('CREATE VIEW ' + t + ' AS SELECT * FROM ' + from);
const r = await con.runAndReadAll(sql);
process.stdout.write(JSON.stringify(r.getRowObjectsJson()));
`;
const tables = JSON.stringify(TABLES.map((t) => [t, duckTable(data, t)]));
process.env.KPIC_BENCH_TABLES = tables;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`SET threads = ${threads}`);
for (const t of TABLES) await con.run(`CREATE VIEW ${t} AS SELECT * FROM ${duckTable(data, t)}`);

console.log(`Command: \`node bench/memory_limit.mjs --events ${events} --threads ${threads} --limits ${opt.limits}` +
            `${opt.only ? ` --only ${opt.only}` : ''}\``);
console.log();
console.log('| query | limit | kpic ms | kpic parts | kpic peak anon MiB | kpic max RSS MiB | DuckDB ms | DuckDB peak anon MiB | DuckDB max RSS MiB |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
const tmp = mkdtempSync(join(tmpdir(), 'duck-spill-'));
let failures = 0;
for (const q of queries) {
  const expected = (await con.runAndReadAll(q.sql)).getRowObjectsJson();
  for (const limit of limits) {
    const k = await measured(kpic, [...kpicArgsFor(repo, map, q, data, threads, ['--memory-limit', limit, '--timings'])]);
    let kcell;
    if (k.code !== 0) {
      kcell = [`failed: ${(k.stderr.match(/error\[KP\d+\][^\n]*/)?.[0] ?? k.stderr).slice(0, 120)}`, '', '', ''];
    } else {
      const problems = compareAnswers(map, q, expected, JSON.parse(k.stdout));
      if (problems.length) { failures++; console.error(`MISMATCH ${q.name} at ${limit}:\n  ${problems.slice(0, 5).join('\n  ')}`); }
      const parts = k.stderr.match(/scanned in (\d+) parts/)?.[1] ?? '1';
      kcell = [k.ms.toFixed(0), parts, k.anonMiB.toFixed(0), k.rssMiB.toFixed(0)];
    }
    const d = await measured('node', ['--input-type=module', '-e', duckScript, data, limit, String(threads), tmp], q.sql);
    const dcell = d.code === 0 ? [d.ms.toFixed(0), d.anonMiB.toFixed(0), d.rssMiB.toFixed(0)]
                               : [`failed: ${d.stderr.split('\n').find((l) => /Error/.test(l))?.slice(0, 120) ?? d.code}`, '', ''];
    console.log(`| ${q.name} | ${limit} | ${kcell.join(' | ')} | ${dcell.join(' | ')} |`);
  }
}
rmSync(tmp, { recursive: true, force: true });
console.log();
console.log('kpic answers checked against DuckDB\'s (unlimited) before each row was written: ' +
            (failures ? `${failures} MISMATCHES` : 'all equal') + '.');
process.exit(failures ? 1 : 0);
