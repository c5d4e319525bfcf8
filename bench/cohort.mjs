// A monthly cohort retention matrix (issue #16) against DuckDB's equivalent SQL, in the same run: every
// user's cohort is the month of their first event, and each (cohort, period) the share of the cohort
// active `period` months later, 0 up to the last month. Answers are compared first (1e-9 relative, every
// (cohort, period) row), then both are timed alternating.
//
//   node bench/cohort.mjs [--events 20000000] [--threads 2] [--reps 5] [--kpic build/kpic]
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
    events: { type: 'string', default: '20000000' },
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

const work = mkdtempSync(join(tmpdir(), 'kpic-cohort-'));
const kpiFile = join(work, 'cohort.kpi');
writeFileSync(kpiFile, `
source events "${data}/events.parquet" { user_id: int, ts: timestamp, event: string }
monthly_retention = cohort_retention(user_id, month(ts))
buyer_retention = cohort_retention(user_id, month(ts), event == "signup", event == "purchase")
`);

// DuckDB's SQL for a cohort_retention(user_id, month(ts), START, ACTIVE) matrix: columns cohort, period, value.
const retentionSql = (start, active) => `
  WITH r AS (SELECT user_id AS e, CAST(date_trunc('month', ts) AS DATE) AS b, ${start} AS s, ${active} AS a FROM events),
  cohorts AS (SELECT e, min(b) AS cohort FROM r WHERE s AND e IS NOT NULL AND b IS NOT NULL GROUP BY e),
  sizes AS (SELECT cohort, count(*) AS size FROM cohorts GROUP BY cohort),
  active AS (SELECT c.cohort, date_diff('month', c.cohort, r.b) AS period, count(DISTINCT r.e) AS n
             FROM r JOIN cohorts c ON r.e = c.e WHERE r.a AND r.b >= c.cohort GROUP BY 1, 2),
  periods AS (SELECT cohort, size, unnest(range(0, date_diff('month', cohort, (SELECT max(b) FROM r)) + 1)) AS period FROM sizes)
  SELECT strftime(p.cohort, '%Y-%m-%d') AS cohort, p.period, 100.0 * coalesce(a.n, 0) / p.size AS value
  FROM periods p LEFT JOIN active a ON a.cohort = p.cohort AND a.period = p.period`;
const cases = [
  { name: 'monthly retention matrix (any event)', metric: 'monthly_retention', sql: retentionSql('true', 'true') },
  { name: 'monthly buyer retention of signup cohorts', metric: 'buyer_retention',
    sql: retentionSql("event = 'signup'", "event = 'purchase'") },
];

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`SET threads = ${threads}`);
await con.run(`CREATE VIEW events AS SELECT * FROM read_parquet('${join(data, 'events.parquet')}')`);
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
const close = (a, b) => a === b || (a !== null && b !== null && b !== undefined && Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(Math.abs(Number(a)), Math.abs(Number(b))));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const duckVersion = (await duck('SELECT version() AS v')).rows[0].v;
console.log(`${events.toLocaleString('en')} events (bench/gen.mjs), ${threads} threads, DuckDB ${duckVersion}, medians of ${reps} runs.`);
console.log(`Command: \`node bench/cohort.mjs --events ${events} --threads ${threads} --reps ${reps}\``);
console.log();
console.log('| query | rows | kpic ms | DuckDB ms | kpic ÷ DuckDB |');
console.log('|---|---:|---:|---:|---:|');
let failed = false;
for (const c of cases) {
  const d = await duck(c.sql);
  const k = runKpic(c.metric).json.metrics[0];
  const got = new Map(k.rows.map((r) => [`${r.cohort} ${r.period}`, r.value]));
  const bad = d.rows.filter((r) => !close(Number(r.value), got.get(`${r.cohort} ${r.period}`)));
  if (bad.length || got.size !== d.rows.length) {
    console.error(`MISMATCH ${c.name}: ${bad.length} of ${d.rows.length} rows differ, kpic has ${got.size} rows`,
                  bad.slice(0, 3).map((r) => `${r.cohort} +${r.period}: DuckDB ${r.value}, kpic ${got.get(`${r.cohort} ${r.period}`)}`));
    failed = true;
    continue;
  }
  const kt = [], dt = [];
  for (let i = 0; i < reps; ++i) { kt.push(runKpic(c.metric).ms); dt.push((await duck(c.sql)).ms); }
  const km = median(kt), dm = median(dt);
  console.log(`| ${c.name} | ${d.rows.length} | ${km.toFixed(1)} | ${dm.toFixed(1)} | ${(km / dm).toFixed(2)} |`);
}
rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
