// Ordered funnels (issue #16) against DuckDB's equivalent SQL, in the same run: a 3-step funnel
// (signup → trial_start → purchase within 14 days of the signup) by the month users signed up in.
// Answers are compared first (exact counts), then both are timed alternating.
//
//   node bench/funnel.mjs [--events 200000] [--threads 2] [--reps 5] [--kpic build/kpic]
//
// Data: bench/data/<scale>/ from bench/gen.mjs (generated when missing). kpic is a new process per run
// (start-up, parse, check and the code cache included); DuckDB runs in this process.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    threads: { type: 'string', default: '2' },
    reps: { type: 'string', default: '5' },
    kpic: { type: 'string', default: join(repo, 'build/kpic') },
  },
});
const events = Number(opt.events);
const scale = events >= 1e6 ? `${events / 1e6}m` : `${events}`;
const data = join(here, 'data', scale);
const threads = Number(opt.threads);
const reps = Number(opt.reps);
const kpic = resolve(opt.kpic);
if (!existsSync(join(data, 'events.parquet')))
  execFileSync('node', [join(here, 'gen.mjs'), '--events', String(events), '--out', data], { stdio: 'inherit' });

const work = mkdtempSync(join(tmpdir(), 'kpic-funnel-'));
const kpiFile = join(work, 'funnel.kpi');
writeFileSync(kpiFile, `
source events "${data}/events.parquet" { user_id: int, ts: timestamp, event: string }
purchases = funnel(user_id, ts, 14 days, event == "signup", event == "trial_start", event == "purchase") by month(ts)
`);

// Each case: the kpic metric, DuckDB's SQL (columns: the dimension as \`dim\`, the value as \`value\`), written
// from the contract (language.md, "Funnels"): the earliest signup, then the earliest trial at or after it,
// then the earliest purchase at or after that, each within 14 days of the signup; every month present.
const cases = [
  {
    name: '3-step funnel by signup month',
    metric: 'purchases',
    sql: `WITH e AS (SELECT user_id, ts, event FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
          s1 AS (SELECT user_id, min(ts) AS t1 FROM e WHERE event = 'signup' GROUP BY 1),
          s2 AS (SELECT s1.user_id, s1.t1, min(e.ts) AS t2 FROM s1 JOIN e ON e.user_id = s1.user_id
                 AND e.event = 'trial_start' AND e.ts >= s1.t1 GROUP BY 1, 2 HAVING min(e.ts) <= s1.t1 + INTERVAL 14 DAY),
          s3 AS (SELECT s2.user_id, s2.t1 FROM s2 JOIN e ON e.user_id = s2.user_id
                 AND e.event = 'purchase' AND e.ts >= s2.t2 GROUP BY 1, 2 HAVING min(e.ts) <= s2.t1 + INTERVAL 14 DAY),
          g AS (SELECT DISTINCT CAST(date_trunc('month', ts) AS DATE) AS m FROM events)
          SELECT strftime(g.m, '%Y-%m-%d') AS dim, count(s3.user_id) AS value
          FROM g LEFT JOIN s3 ON CAST(date_trunc('month', s3.t1) AS DATE) = g.m GROUP BY g.m`,
  },
];

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`SET threads = ${threads}`);
for (const t of ['events'])
  await con.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${join(data, t + '.parquet')}')`);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const duck = async (sql) => { const t = now(); const r = await con.runAndReadAll(sql); return { ms: now() - t, rows: r.getRowObjectsJson() }; };
const runKpic = (metric) => {
  const t = now();
  const r = spawnSync(kpic, ['run', kpiFile, '--metric', metric, '--format', 'json', '--threads', String(threads)],
                      { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = now() - t;
  if (r.status !== 0) throw new Error(`kpic failed (${r.status}):\n${r.stderr}`);
  return { ms, json: JSON.parse(r.stdout) };
};
const close = (a, b) => a === b || (a !== null && b !== null && Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(Math.abs(Number(a)), Math.abs(Number(b))));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const duckVersion = (await duck('SELECT version() AS v')).rows[0].v;
console.log(`${events.toLocaleString('en')} events (bench/gen.mjs), ${threads} threads, DuckDB ${duckVersion}, medians of ${reps} runs.`);
console.log(`Command: \`node bench/funnel.mjs --events ${events} --threads ${threads} --reps ${reps}\``);
console.log();
console.log('| query | kpic ms | DuckDB ms | kpic ÷ DuckDB |');
console.log('|---|---:|---:|---:|');
let failed = false;
for (const c of cases) {
  const d = await duck(c.sql);
  const k = runKpic(c.metric).json.metrics[0];
  const got = new Map(k.rows.map((r) => [String(r[k.by[0]]), r.value]));
  const bad = d.rows.filter((r) => !close(r.value === null ? null : Number(r.value), got.has(String(r.dim)) ? got.get(String(r.dim)) : undefined));
  if (bad.length || got.size !== d.rows.length) {
    console.error(`MISMATCH ${c.name}: ${bad.length} of ${d.rows.length} groups differ, kpic has ${got.size} groups`,
                  bad.slice(0, 3).map((r) => `${r.dim}: DuckDB ${r.value}, kpic ${got.get(String(r.dim))}`));
    failed = true;
    continue;
  }
  const kt = [], dt = [];
  for (let i = 0; i < reps; ++i) { kt.push(runKpic(c.metric).ms); dt.push((await duck(c.sql)).ms); }
  const km = median(kt), dm = median(dt);
  console.log(`| ${c.name} | ${km.toFixed(1)} | ${dm.toFixed(1)} | ${(km / dm).toFixed(2)} |`);
}
rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
