// Checks bench/gen.mjs's folder form against its one-file form (issue #18): generates the same scale both
// ways into a temporary folder, then
// 1. compares every table row for row, in order (the part files read in name order, each in file order);
// 2. runs a few queries of the suite in kpic on both forms (sources bound to the files, then to the folders)
//    and checks both against DuckDB's answers on the one-file form (doubles to 1e-9 relative).
// Exits 1 on any difference. ctest runs it at 100,000 events as examples/bench_gen_split.
//
//   node bench/gen_check.mjs [--events 300000] [--rows-per-file 25000] [--kpic build/kpic] [--only q1,q2]
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TABLES, compare, duckTable, kpicArgs, parseQueries, readMap, tablePath } from './suite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '300000' },
    'rows-per-file': { type: 'string', default: '25000' },
    kpic: { type: 'string', default: join(repo, 'build/kpic') },
    shared: { type: 'string', default: resolve(repo, '../shared') },
    only: { type: 'string', default: 'fused_events,fused_events_by_month,fused_sessions,fused_orders,fused_subscriptions_by_month,fused_customers,fused_surveys,cac_by_month' },
  },
});
const work = mkdtempSync(join(tmpdir(), 'kpic-gen-check-'));
const one = join(work, 'one'), split = join(work, 'split');
const gen = (args) => execFileSync('node', [join(here, 'gen.mjs'), '--events', opt.events, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
gen(['--out', one]);
gen(['--out', split, '--rows-per-file', opt['rows-per-file']]);

const con = await (await DuckDBInstance.create(':memory:')).connect();
const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();
let failed = 0;
const fail = (s) => { failed++; console.error(`DIFFERENT ${s}`); };

// 1. tables, row for row: position (file name, row in file) numbered, then rows at equal positions compared.
for (const t of TABLES) {
  const numbered = (data) => {
    const p = tablePath(data, t);
    return `SELECT * EXCLUDE (filename, file_row_number), row_number() OVER (ORDER BY filename, file_row_number) AS pos
            FROM read_parquet('${p.endsWith('.parquet') ? p : join(p, '*.parquet')}', filename = true, file_row_number = true)`;
  };
  const [r] = await rows(`WITH a AS (${numbered(one)}), b AS (${numbered(split)})
    SELECT (SELECT count(*) FROM a) AS a, (SELECT count(*) FROM b) AS b,
           (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)) AS only_a,
           (SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a)) AS only_b,
           (SELECT count(*) FROM glob('${join(split, t, '*.parquet')}')) AS files`);
  if (r.a !== r.b || r.only_a !== '0' || r.only_b !== '0' || r.a === '0')
    fail(`${t}: ${r.a} rows in one file, ${r.b} in ${r.files} files; ${r.only_a} and ${r.only_b} rows (at their positions) only in one form`);
  else console.log(`${t}: ${r.a} rows, equal in order (one file; ${r.files} files)`);
}

// 2. kpic on both forms against DuckDB on the one file.
const map = readMap(join(repo, 'tests/examples/reference_answers.map'));
const queries = parseQueries(readFileSync(join(opt.shared, 'datasets/kpis.sql'), 'utf8')).filter((q) => opt.only.split(',').includes(q.name));
for (const t of TABLES) await con.run(`CREATE VIEW ${t} AS SELECT * FROM ${duckTable(one, t)}`);
for (const q of queries) {
  const want = await rows(q.sql);
  const before = failed;
  for (const data of [one, split]) {
    const r = spawnSync(resolve(opt.kpic), kpicArgs(repo, map, q, data, 2), { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) { fail(`${q.name}: kpic failed on ${data}:\n${r.stderr}`); continue; }
    const problems = compare(map, q, want, JSON.parse(r.stdout));
    if (problems.length) fail(`${q.name} (${data === one ? 'one file' : 'folders'}):\n  ${problems.slice(0, 5).join('\n  ')}`);
  }
  if (failed === before) console.log(`${q.name}: kpic on the files and on the folders equal to DuckDB (${want.length} rows)`);
}
rmSync(work, { recursive: true, force: true });
if (failed) { console.error(`${failed} differences`); process.exit(1); }
