// node calendar_duckdb.mjs KPIC BENCH_DIR DATASETS_DIR: the calendar's buckets of the shared small
// dataset's event times (weeks from Sunday or Monday, fiscal years from April or October, days in
// America/New_York and Europe/Berlin across their daylight-saving changes), counted by `kpic run` and by
// DuckDB SQL written from the contract (local time = timezone(zone, ts AT TIME ZONE 'UTC'), with DuckDB's
// ICU time zones); exit 1 when a count differs, 77 (skip) without the data.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [kpic, bench, datasets] = process.argv.slice(2);
const events = join(datasets, 'small', 'events.parquet');
if (!existsSync(events)) process.exit(77);
const require = createRequire(join(bench, 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const con = await (await DuckDBInstance.create(':memory:')).connect();
await con.run("SET TimeZone = 'UTC'");

// The SQL of each bucket of the local timestamp `l` (a DuckDB TIMESTAMP), for a week start (ISO 1..7)
// and a fiscal start month.
const bucketSql = (b, weekStart, fiscal) => ({
  day: 'CAST(l AS DATE)',
  week: `CAST(l AS DATE) - CAST((isodow(l) - ${weekStart} + 7) % 7 AS INTEGER)`,
  month: "CAST(date_trunc('month', l) AS DATE)",
  fiscal_quarter: `CAST(date_trunc('quarter', l - INTERVAL ${fiscal - 1} MONTH) + INTERVAL ${fiscal - 1} MONTH AS DATE)`,
  fiscal_year: `CAST(date_trunc('year', l - INTERVAL ${fiscal - 1} MONTH) + INTERVAL ${fiscal - 1} MONTH AS DATE)`,
})[b];

const cases = [
  { zone: 'America/New_York', week: 'sunday', weekStart: 7, fiscal: 'april', month: 4 },
  { zone: 'Europe/Berlin', week: 'monday', weekStart: 1, fiscal: 'october', month: 10 },
];
const buckets = ['day', 'week', 'month', 'fiscal_quarter', 'fiscal_year'];
const dir = mkdtempSync(join(tmpdir(), 'kpic-calendar-'));
let failed = 0, compared = 0;
try {
  for (const c of cases) {
    const file = join(dir, 'calendar.kpi');
    writeFileSync(file, `calendar { week_start: ${c.week}, fiscal_year_start: ${c.fiscal}, time_zone: "${c.zone}" }\n` +
      buckets.map((b) => `n_${b} = count() by ${b}(ts)\n`).join(''));
    const out = JSON.parse(execFileSync(kpic, ['run', file, events, '--format', 'json'], { encoding: 'utf8' }));
    for (const b of buckets) {
      const metric = out.metrics.find((m) => m.name === `n_${b}`);
      const got = new Map(metric.rows.map((r) => [r[b] === null ? 'null' : r[b], Number(r.value)]));
      const sql = `SELECT CAST(${bucketSql(b, c.weekStart, c.month)} AS VARCHAR) AS k, count(*) AS n FROM (
        SELECT timezone('${c.zone}', ts AT TIME ZONE 'UTC') AS l FROM '${events}') GROUP BY 1`;
      const want = new Map((await con.runAndReadAll(sql)).getRows().map(([k, n]) => [k === null ? 'null' : k, Number(n)]));
      compared++;
      const keys = new Set([...got.keys(), ...want.keys()]);
      const diff = [...keys].filter((k) => got.get(k) !== want.get(k));
      if (diff.length) {
        failed++;
        console.error(`${c.zone} ${b}: ${diff.slice(0, 5).map((k) => `${k}: kpic ${got.get(k)}, duckdb ${want.get(k)}`).join('; ')}`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${compared - failed} of ${compared} bucketings equal in kpic and DuckDB`);
process.exit(failed || !compared ? 1 : 0);
