// Related sources and trailing windows (issue #19) against DuckDB's equivalent SQL, in the same run:
// a lookup metric (order revenue by the acquisition channel of the ordering customer) and trailing 7-day
// distinct users by day. Answers are compared first (1e-9 relative), then both are timed alternating.
//
//   node bench/modelling.mjs [--events 20000000] [--threads 2] [--reps 5] [--kpic build/kpic]
//
// Data, options and timing: bench/side_by_side.mjs (generated data in bench/data/<scale>/; kpic a new process per run,
// start-up included; DuckDB in this process).
import { sideBySide } from './side_by_side.mjs';

// Each case: the kpic metric, DuckDB's SQL (columns: the dimension as \`dim\`, the value as \`value\`).
const cases = [
  {
    name: 'lookup: order revenue by the customer\'s channel',
    metric: 'revenue_by_channel',
    sql: `SELECT c.acquired_channel AS dim, sum(o.amount) AS value
          FROM orders o LEFT JOIN customers c ON c.customer_id = o.customer_id GROUP BY 1`,
  },
  {
    name: 'trailing 7-day distinct users by day',
    metric: 'active_7d',
    sql: `WITH ud AS (SELECT DISTINCT user_id, CAST(ts AS DATE) AS d FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
          days AS (SELECT CAST(x AS DATE) AS d FROM range((SELECT min(d) FROM ud), (SELECT max(d) FROM ud) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(x))
          SELECT strftime(days.d, '%Y-%m-%d') AS dim, count(DISTINCT ud.user_id) AS value
          FROM days LEFT JOIN ud ON ud.d > days.d - 7 AND ud.d <= days.d GROUP BY days.d`,
  },
];

await sideBySide({
  script: import.meta.url,
  tables: ['events', 'orders', 'customers'],
  kpi: (data) => `
source customers "${data}/customers.parquet" { customer_id: int key, acquired_channel: string }
source orders "${data}/orders.parquet" { customer_id: int references customers, amount: float }
source events "${data}/events.parquet" { user_id: int, ts: timestamp }
revenue_by_channel = sum(amount) by customers.acquired_channel
active_7d = trailing(count_distinct(user_id), 7 days) by day(ts)
`,
  cases,
});
