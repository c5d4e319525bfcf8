// The KPI suite shared by the benchmarks: the queries of ../shared/datasets/kpis.sql and, per query, the
// metrics of examples/ that answer its columns (tests/examples/reference_answers.map).
import { readFileSync } from 'node:fs';

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
