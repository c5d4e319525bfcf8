// The SQL kpic generates against the hand-written SQL, on DuckDB (issue #14, docs/performance.md).
//
//   cd bench && npm install && cd ..
//   node bench/sql_vs_hand.mjs [--kpic build/kpic] [--scale medium] [--reps 7] [--out FILE.md]
//
// For every query of kind `kpi` in ../shared/datasets/kpis.sql (the hand-written reference), the metric
// of examples/ that answers its first column (tests/examples/reference_answers.map) is compiled by
// `kpic sql --dialect duckdb` with its sources bound to the dataset's Parquet files (read_parquet), and
// both queries run in one DuckDB instance over the same files (the hand-written ones through views
// `CREATE VIEW t AS SELECT * FROM read_parquet(...)`, as kpis.sql expects), alternating, `reps` times
// each after a warm-up; the median wall times and their ratio are reported (target: generated ≤ 1.25×).
// Only the query's execution is timed on either side: `kpic sql` runs once per query, before the timing.
// The generated query's value column is checked against the hand-written one's first column first.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseQueries, readMap } from './suite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const { values: opt } = parseArgs({
  options: {
    kpic: { type: 'string', default: join(repo, 'build/kpic') },
    scale: { type: 'string', default: 'medium' },
    reps: { type: 'string', default: '7' },
    shared: { type: 'string', default: resolve(repo, '../shared') },
    out: { type: 'string' },
  },
});
const data = join(opt.shared, 'datasets', opt.scale);
const reps = Number(opt.reps);
const queries = parseQueries(readFileSync(join(opt.shared, 'datasets/kpis.sql'), 'utf8')).filter((q) => q.kind === 'kpi');
const map = readMap(join(repo, 'tests/examples/reference_answers.map'));

const con = await (await DuckDBInstance.create(':memory:')).connect();
for (const t of ['customers', 'events', 'marketing', 'orders', 'sessions', 'subscriptions', 'surveys'])
  await con.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${join(data, t + '.parquet')}')`);

async function timed(sql) {
  const t0 = process.hrtime.bigint();
  const reader = await con.runAndReadAll(sql);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, rows: reader.getRowObjectsJson() };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const same = (a, b) => {
  if (a === null || b === null) return a === b;
  const x = Number(a), y = Number(b);
  return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
};

const lines = [];
let logSum = 0, n = 0, within = 0;
for (const q of queries) {
  const m = map[q.name];
  if (!m) continue;
  const [column, metric] = Object.entries(m.columns)[0];
  const file = join(repo, 'examples', m.file);
  const sources = [...readFileSync(file, 'utf8').matchAll(/^source (\w+)/gm)].map((s) => s[1]);
  const bind = sources.map((s) => `${s}=${join(data, s + '.parquet')}`);
  const out = JSON.parse(execFileSync(opt.kpic, ['sql', file, ...bind, '--dialect', 'duckdb', '--metric', metric, '--format', 'json'], { encoding: 'utf8' }));
  const generated = out.metrics[0].sql;
  const hand = q.sql;
  const a = await timed(hand), b = await timed(generated);  // warm-up, and the answers compared
  const ok = a.rows.length === b.rows.length && a.rows.every((r, i) => same(r[column], b.rows[i].value));
  const th = [], tg = [];
  for (let i = 0; i < reps; ++i) {
    th.push((await timed(hand)).ms);
    tg.push((await timed(generated)).ms);
  }
  const ratio = median(tg) / median(th);
  logSum += Math.log(ratio);
  ++n;
  within += ratio <= 1.25;
  lines.push(`| ${q.name} | ${metric} | ${median(th).toFixed(2)} | ${median(tg).toFixed(2)} | ${ratio.toFixed(2)}x | ${ok ? 'yes' : '**no**'} |`);
  console.error(lines.at(-1));
}
const report = [
  `| query (kpis.sql) | kpic metric | hand-written ms | kpic sql ms | kpic ÷ hand | same answer |`,
  `|---|---|---:|---:|---:|---|`,
  ...lines,
  '',
  `Geometric mean kpic ÷ hand: ${Math.exp(logSum / n).toFixed(2)}x; ${within} of ${n} queries within 1.25x (scale ${opt.scale}, median of ${reps}).`,
].join('\n');
console.log(report);
if (opt.out) writeFileSync(opt.out, report + '\n');
