// node check_engine_run.mjs KPIC BENCH_DIR SCHEMA [--data DIR] [--load-only] [--timestamptz] FILE.kpi... [-- OPTION...]
//
// Runs under tests/pg/with_pg.sh (KPIC_PG_URI, PGHOST/PGPORT/PGUSER/PGDATABASE). Loads the data of every
// source of the files into PostgreSQL tables SCHEMA.SOURCE (kpic-independent: the column types are the
// ones `kpic schema` gives the file, with the `source` block's declared types; the rows go through psql's
// \copy, Parquet files first written to CSV by DuckDB from BENCH_DIR's node_modules), then checks that
// `kpic run FILE --engine URI NAME=SCHEMA.NAME... --format json` equals `kpic run FILE --format json` on the
// files: the same metrics, the same groups in the same order, values within 1e-9 relative, nulls equal only
// to nulls. With --data DIR a source NAME reads DIR/NAME.parquet (the shared datasets), else its default
// file. OPTIONs after `--` (--by, --where, --metric) are given to both runs. --load-only loads and stops.
// --timestamptz makes every timestamp column `timestamptz` (loaded with the session in UTC, so a value
// without an offset is that UTC instant, as kpic reads it).
// Exit 1 on a difference, 77 when DuckDB is missing (Parquet cannot be loaded).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const options = dash >= 0 ? argv.slice(dash + 1) : [];
let [kpic, bench, schema, ...rest] = dash >= 0 ? argv.slice(0, dash) : argv;
let dataDir = null, loadOnly = false;
if (rest[0] === '--data') { dataDir = rest[1]; rest = rest.slice(2); }
if (rest[0] === '--load-only') { loadOnly = true; rest = rest.slice(1); }
let timestamptz = false;
if (rest[0] === '--timestamptz') { timestamptz = true; rest = rest.slice(1); }
const files = rest;
const uri = process.env.KPIC_PG_URI;
if (!uri) { console.error('KPIC_PG_URI is not set: run under tests/pg/with_pg.sh'); process.exit(2); }

let DuckDBInstance;
try {
  const require = createRequire(join(resolve(bench), 'package.json'));
  ({ DuckDBInstance } = await import(require.resolve('@duckdb/node-api')));
} catch {
  console.log('no @duckdb/node-api in bench/node_modules: skipped');
  process.exit(77);
}
const duck = await (await DuckDBInstance.create(':memory:')).connect();
const tmp = mkdtempSync(join(tmpdir(), 'kpic-pg-load-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const ident = (name) => '"' + name.replaceAll('"', '""') + '"';
const literal = (text) => "'" + text.replaceAll("'", "''") + "'";
const pgType = { int: 'bigint', float: 'double precision', string: 'text', date: 'date', timestamp: 'timestamp', bool: 'boolean' };

// The `source NAME "path" { col: type, ... }` blocks of a .kpi file.
function sourcesOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(/^source\s+(\w+)(?:\s+"([^"]*)")?\s*(?:\{([^}]*)\})?/gm)) {
    const declared = [];
    for (const line of (m[3] ?? '').split(/[,\n]/)) {
      const c = line.replace(/#.*/, '').match(/^\s*(`[^`]+`|\w+)\s*:\s*(\w+)/);
      if (c) declared.push([c[1].replace(/^`|`$/g, ''), c[2]]);
    }
    const path = dataDir ? join(dataDir, `${m[1]}.parquet`) : m[2] ? resolve(dirname(file), m[2]) : null;
    out.push({ name: m[1], path, declared });
  }
  return out;
}

const loaded = new Map();  // table -> path
// The table of a source: its columns typed as kpic reads the file, its rows as CSV (Parquet converted).
function tableOf(src) {
  const csv = src.path.endsWith('.csv');
  const types = csv ? src.declared.flatMap(([c, t]) => ['--type', `${c}=${t}`]) : [];
  const info = JSON.parse(execFileSync(kpic, ['schema', src.path, '--format', 'json', ...types], { encoding: 'utf8' }));
  const columns = info.files[0].columns;
  const type = (t) => (timestamptz && t === 'timestamp' ? 'timestamptz' : pgType[t]);
  const cols = columns.map((c) => `${ident(c.name)} ${type(c.type)}`).join(', ');
  return { columns, cols, csv: csv ? src.path : join(tmp, `${src.name}.csv`), parquet: csv ? null : src.path };
}

async function loadAll(sources) {
  let script = `\\set ON_ERROR_STOP on\nSET client_min_messages = warning;\nSET TimeZone = 'UTC';\nCREATE SCHEMA IF NOT EXISTS ${ident(schema)};\n`;
  for (const src of sources) {
    const table = `${schema}.${src.name}`;
    if (loaded.has(table)) {
      if (loaded.get(table) !== src.path) throw new Error(`${table}: two files (${loaded.get(table)}, ${src.path})`);
      continue;
    }
    const t = tableOf(src);
    if (t.parquet) {
      const select = t.columns.map((c) => ident(c.name)).join(', ');
      await duck.run(`COPY (SELECT ${select} FROM read_parquet(${literal(t.parquet)})) TO ${literal(t.csv)} (FORMAT csv, HEADER true)`);
    }
    loaded.set(table, src.path);
    script += `CREATE TABLE ${ident(schema)}.${ident(src.name)} (${t.cols});\n`;
    script += `\\copy ${ident(schema)}.${ident(src.name)} FROM ${literal(t.csv)} WITH (FORMAT csv, HEADER true)\n`;
  }
  execFileSync('psql', ['-X', '-q', '-d', uri, '-f', '-'], { input: script, encoding: 'utf8', stdio: ['pipe', 'inherit', 'inherit'] });
}

function same(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

const run = (args) => {
  try {
    return JSON.parse(execFileSync(kpic, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    return { error: `kpic ${args.join(' ')}: exit ${e.status}\n${e.stderr}` };
  }
};

let failed = 0, checked = 0;
for (const file of files) {
  const sources = sourcesOf(file).filter((s) => s.path && existsSync(s.path));
  await loadAll(sources);
  if (loadOnly) continue;
  const fileArgs = dataDir ? sources.map((s) => `${s.name}=${s.path}`) : [];
  const tableArgs = sources.map((s) => `${s.name}=${schema}.${s.name}`);
  const local = run(['run', file, ...fileArgs, ...options, '--format', 'json', '--no-cache']);
  const remote = run(['run', file, '--engine', uri, ...tableArgs, ...options, '--format', 'json']);
  if (local.error || remote.error) {
    failed++;
    console.error(`${file}: ${local.error ?? ''}${remote.error ?? ''}`);
    continue;
  }
  const problems = [];
  if (JSON.stringify(local.metrics.map((m) => m.name)) !== JSON.stringify(remote.metrics.map((m) => m.name)))
    problems.push(`metrics differ: ${local.metrics.map((m) => m.name)} locally, ${remote.metrics.map((m) => m.name)} on PostgreSQL`);
  for (const want of local.metrics) {
    const got = remote.metrics.find((m) => m.name === want.name);
    if (!got) continue;
    checked++;
    const { rows: wantRows, ...wantMeta } = want;
    const { rows: gotRows, ...gotMeta } = got;
    if (JSON.stringify(wantMeta) !== JSON.stringify(gotMeta))
      problems.push(`${want.name}: ${JSON.stringify(gotMeta)} on PostgreSQL, ${JSON.stringify(wantMeta)} locally`);
    if (gotRows.length !== wantRows.length)
      problems.push(`${want.name}: ${gotRows.length} groups on PostgreSQL, ${wantRows.length} locally`);
    for (let i = 0; i < Math.min(wantRows.length, gotRows.length); ++i) {
      const w = wantRows[i], g = gotRows[i];
      const keys = new Set([...Object.keys(w), ...Object.keys(g)]);
      for (const k of keys)
        if (!same(w[k] ?? null, g[k] ?? null)) {
          problems.push(`${want.name} row ${i} ${k}: ${JSON.stringify(g[k])} on PostgreSQL, ${JSON.stringify(w[k])} locally`);
          break;
        }
    }
  }
  if (problems.length) {
    failed++;
    console.error(`${file}:\n  ${problems.slice(0, 8).join('\n  ')}`);
  }
  console.log(`${file}: ${local.metrics.length} metrics ${problems.length ? 'DIFFER' : 'equal'} on PostgreSQL and locally`);
}
process.exit(loadOnly ? 0 : failed || !checked ? 1 : 0);
