// The KPI suite shared by the benchmarks: the queries of ../shared/datasets/kpis.sql and, per query, the
// metrics of examples/ that answer its columns (tests/examples/reference_answers.map), where the generated
// tables are, and the answer check (bench/run.mjs, bench/scale.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function parseQueries(text) {
  const out = [];
  for (const block of text.split(/^-- name: /m).slice(1)) {
    const lines = block.split('\n');
    const q = { name: lines[0].trim(), tables: [], kind: 'kpi', sql: '' };
    const sql = [];
    for (const l of lines.slice(1)) {
      let m;
      if ((m = l.match(/^-- table: (.*)$/))) q.tables = m[1].split(',').map((s) => s.trim());
      else if ((m = l.match(/^-- kind: (\w+)/))) q.kind = m[1];
      else if (!l.startsWith('--')) sql.push(l);
    }
    q.sql = sql.join('\n').trim().replace(/;\s*$/s, '');
    out.push(q);
  }
  return out;
}

// query -> { file, columns: {column: metric} }, the reference file (the first listed) of each query.
export function readMap(path) {
  const map = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [query, column, file, metric] = line.trim().split(/\s+/);
    const entry = (map[query] ??= { file, columns: {} });
    if (entry.file === file) entry.columns[column] = metric;
  }
  return map;
}

// The tables of the generated data (bench/gen.mjs) and where a table of DATA is: the file DATA/T.parquet, or
// the folder DATA/T/ of part files (gen.mjs --rows-per-file), as kpic binds it and as DuckDB reads it.
export const TABLES = ['events', 'sessions', 'subscriptions', 'orders', 'surveys', 'customers', 'marketing'];
export const tablePath = (data, t) => (existsSync(join(data, t + '.parquet')) ? join(data, t + '.parquet') : join(data, t));
export const duckTable = (data, t) => {
  const p = tablePath(data, t);
  return `read_parquet('${p.endsWith('.parquet') ? p : join(p, '*.parquet')}')`;
};

// `kpic run` of a query's reference file with the metrics answering its columns, the tables bound to DATA.
export function kpicArgs(repo, map, q, data, threads, extra = []) {
  const m = map[q.name];
  if (!m) throw new Error(`no kpic mapping for ${q.name} in tests/examples/reference_answers.map`);
  const args = ['run', join(repo, 'examples', m.file)];
  for (const t of q.tables) args.push(`${t}=${tablePath(data, t)}`);
  for (const metric of new Set(Object.values(m.columns))) args.push('--metric', metric);
  args.push('--format', 'json', '--threads', String(threads), ...extra);
  return args;
}

// Answers: equal, doubles to 1e-9 relative.
export const close = (a, b) => {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a), y = Number(b);
    return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  }
  return String(a) === String(b);
};
// Where kpic's JSON (`kpic run --format json`) differs from DuckDB's rows of the query: a list of problems.
export function compare(map, q, duckRows, kpicJson) {
  const m = map[q.name];
  const byName = Object.fromEntries(kpicJson.metrics.map((x) => [x.name, x]));
  const problems = [];
  for (const [column, metric] of Object.entries(m.columns)) {
    const r = byName[metric];
    if (!r) { problems.push(`${column}: kpic printed no metric ${metric}`); continue; }
    const key = (row) => r.by.map((d) => String(row[d])).join('|');
    const got = new Map(r.rows.map((row) => [key(row), row.value]));
    for (const row of duckRows) {
      const want = row[column];
      const have = got.has(key(row)) ? got.get(key(row)) : (r.by.length ? undefined : null);
      if (have === undefined || !close(want, have)) problems.push(`${column} [${key(row)}]: DuckDB ${want}, kpic ${have}`);
    }
  }
  return problems;
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
export const now = () => Number(process.hrtime.bigint()) / 1e6;
