// A monthly cohort retention matrix (issue #16) against DuckDB's equivalent SQL, in the same run: every
// user's cohort is the month of their first event, and each (cohort, period) the share of the cohort
// active `period` months later, 0 up to the last month. Answers are compared first (1e-9 relative, every
// (cohort, period) row), then both are timed alternating.
//
//   node bench/cohort.mjs [--events 20000000] [--threads 2] [--reps 5] [--kpic build/kpic]
//
// Data, options and timing: bench/side_by_side.mjs (generated data in bench/data/<scale>/; kpic a new process per run,
// start-up included; DuckDB in this process).
import { sideBySide } from './side_by_side.mjs';

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

await sideBySide({
  script: import.meta.url,
  tables: ['events'],
  kpi: (data) => `
source events "${data}/events.parquet" { user_id: int, ts: timestamp, event: string }
monthly_retention = cohort_retention(user_id, month(ts))
buyer_retention = cohort_retention(user_id, month(ts), event == "signup", event == "purchase")
`,
  cases,
  key: { kpic: (r) => `${r.cohort} ${r.period}`, duck: (r) => `${r.cohort} ${r.period}` },
  showRows: true,
});
