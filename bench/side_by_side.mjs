// kpic against DuckDB's equivalent SQL in one run, shared by bench/funnel.mjs, cohort.mjs and modelling.mjs:
// the options (--events, --threads, --reps, --kpic), the generated data (bench/data/<scale>/ from gen.mjs,
// made when missing), DuckDB views over it, kpic as a new process per run (start-up, parse, check and the
// code cache included), the answers compared first (1e-9 relative, every row), then both timed alternating
// and printed as a markdown table of medians. Exits 1 when an answer differs.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));

// script: the caller's import.meta.url; tables: the generated files DuckDB sees as views; kpi(data): the
// .kpi text over the data folder; cases: [{name, metric, sql}]; key: {kpic(row, metric), duck(row)} naming a
// row on each side (default: the metric's first dimension, DuckDB's column `dim`); showRows: a rows column.
export async function sideBySide({ script, defaultEvents = '20000000', tables, kpi, cases, key, showRows = false }) {
  const { values: opt } = parseArgs({
    options: {
      events: { type: 'string', default: defaultEvents },
      threads: { type: 'string', default: '2' },
      reps: { type: 'string', default: '5' },
      kpic: { type: 'string', default: join(here, '..', 'build/kpic') },
    },
  });
  const events = Number(opt.events), threads = Number(opt.threads), reps = Number(opt.reps);
  const kpic = resolve(opt.kpic);
  const data = join(here, 'data', events >= 1e6 ? `${events / 1e6}m` : `${events}`);
  if (!existsSync(join(data, 'events.parquet')))
    execFileSync('node', [join(here, 'gen.mjs'), '--events', String(events), '--out', data], { stdio: 'inherit' });
  const name = basename(fileURLToPath(script), '.mjs');
  const work = mkdtempSync(join(tmpdir(), `kpic-${name}-`));
  const kpiFile = join(work, `${name}.kpi`);
  writeFileSync(kpiFile, kpi(data));
  key ??= { kpic: (r, m) => String(r[m.by[0]]), duck: (r) => String(r.dim) };

  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(`SET threads = ${threads}`);
  for (const t of tables) await con.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${join(data, t + '.parquet')}')`);
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
  const close = (a, b) => a === b || (a !== null && b != null &&
    Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(Math.abs(Number(a)), Math.abs(Number(b))));
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

  const duckVersion = (await duck('SELECT version() AS v')).rows[0].v;
  console.log(`${events.toLocaleString('en')} events (bench/gen.mjs), ${threads} threads, DuckDB ${duckVersion}, medians of ${reps} runs.`);
  console.log(`Command: \`node bench/${name}.mjs --events ${events} --threads ${threads} --reps ${reps}\``);
  console.log();
  console.log(`| query |${showRows ? ' rows |' : ''} kpic ms | DuckDB ms | kpic ÷ DuckDB |`);
  console.log(`|---|${showRows ? '---:|' : ''}---:|---:|---:|`);
  let failed = false;
  for (const c of cases) {
    const d = await duck(c.sql);
    const m = runKpic(c.metric).json.metrics[0];
    const got = new Map(m.rows.map((r) => [key.kpic(r, m), r.value]));
    const bad = d.rows.filter((r) => !close(r.value === null ? null : Number(r.value), got.get(key.duck(r))));
    if (bad.length || got.size !== d.rows.length) {
      console.error(`MISMATCH ${c.name}: ${bad.length} of ${d.rows.length} rows differ, kpic has ${got.size} rows`,
                    bad.slice(0, 3).map((r) => `${key.duck(r)}: DuckDB ${r.value}, kpic ${got.get(key.duck(r))}`));
      failed = true;
      continue;
    }
    const kt = [], dt = [];
    for (let i = 0; i < reps; ++i) { kt.push(runKpic(c.metric).ms); dt.push((await duck(c.sql)).ms); }
    const km = median(kt), dm = median(dt);
    console.log(`| ${c.name} |${showRows ? ` ${d.rows.length} |` : ''} ${km.toFixed(1)} | ${dm.toFixed(1)} | ${(km / dm).toFixed(2)} |`);
  }
  rmSync(work, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}
