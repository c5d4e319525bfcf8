// Ordered funnels (issue #16) against DuckDB's equivalent SQL, in the same run: a 3-step funnel
// (signup → trial_start → purchase within 14 days of the signup) by the month users signed up in.
// Answers are compared first (exact counts), then both are timed alternating.
//
//   node bench/funnel.mjs [--events 200000] [--threads 2] [--reps 5] [--kpic build/kpic]
//
// Data, options and timing: bench/side_by_side.mjs (generated data in bench/data/<scale>/; kpic a new process per run,
// start-up included; DuckDB in this process).
import { sideBySide } from './side_by_side.mjs';

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

await sideBySide({
  script: import.meta.url,
  defaultEvents: '200000',
  tables: ['events'],
  kpi: (data) => `
source events "${data}/events.parquet" { user_id: int, ts: timestamp, event: string }
purchases = funnel(user_id, ts, 14 days, event == "signup", event == "trial_start", event == "purchase") by month(ts)
`,
  cases,
});
