// Generates benchmark data with the shapes of ../shared/datasets (same tables, columns, types and
// Parquet settings: snappy, 122,880-row row groups, dictionary-encoded strings), at any scale.
// Deterministic: every value is a function of row numbers through DuckDB's hash(), so the same
// command gives the same data on every machine and thread count.
//
//   node bench/gen.mjs --events 20000000 --out bench/data/20m
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, out: { type: 'string' }, threads: { type: 'string', default: '2' } },
});
const events = Number(args.events);
const out = args.out ?? `bench/data/${events >= 1e6 ? events / 1e6 + 'm' : events}`;
mkdirSync(out, { recursive: true });

// Proportions of the reference datasets (medium: 1M events, 294k sessions, 100k customers, 500k orders,
// 250k surveys, 4M user ids of which ~232k active).
const S = Math.round(events / 3.4);          // sessions
const C = Math.round(events / 10);           // customers
const O = Math.round(events / 2);            // orders
const V = Math.round(events / 4);            // surveys
const U = Math.round(events * 4);            // user id space

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`SET threads = ${Number(args.threads)}`);
// u(i, salt): a uniform double in [0, 1) from a row number and a salt.
await con.run(`CREATE MACRO u(i, salt) AS (hash(i * 1000003 + salt) % 1000000007) / 1000000007.0`);
await con.run(`CREATE MACRO pick(x, arr) AS arr[1 + floor(x * len(arr))::INT]`);
const T0 = `TIMESTAMP '2023-01-01'`;
const SPAN_US = 731 * 86400e6;  // 2023-01-01 .. 2024-12-31

const write = async (name, sql) => {
  const t = Date.now();
  await con.run(`COPY (${sql}) TO '${out}/${name}.parquet' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`);
  console.log(`${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
};

await con.run(`CREATE TABLE sessions AS
  SELECT i AS session_id,
         1 + floor(pow(u(i, 1), 1.6) * ${U})::BIGINT AS user_id,
         ${T0} + to_microseconds(floor(u(i, 2) * ${SPAN_US})::BIGINT) AS start_ts,
         round(-ln(1 - u(i, 3)) * 185, 2) AS duration_s,
         (1 + floor(-ln(1 - u(i, 4)) * 1.265))::INT AS pages,
         floor(-ln(1 - u(i, 5)) * 1.02)::INT AS clicks,
         floor(-ln(1 - u(i, 6)) * 0.832)::INT AS actions,
         pick(u(i, 7), ['organic', 'organic', 'direct', 'direct', 'paid', 'social', 'referral']) AS source
  FROM range(1, ${S} + 1) t(i)`);
await write('sessions', `SELECT session_id, user_id, start_ts, duration_s, pages, clicks, actions,
                                pages = 1 AS bounced, source FROM sessions`);

await write('events', `
  WITH e AS (
    SELECT s.*, k, 'page_view' AS event FROM sessions s, range(pages) r(k)
    UNION ALL SELECT s.*, k, 'click' FROM sessions s, range(clicks) r(k)
    UNION ALL SELECT s.*, k, 'action' FROM sessions s, range(actions) r(k)
    UNION ALL SELECT s.*, 0, pick(u(session_id, 8), ['signup', 'trial_start', 'purchase'])
      FROM sessions s WHERE u(session_id, 9) < 0.55)
  SELECT user_id,
         start_ts + to_microseconds(floor(u(session_id * 64 + k, 10) * duration_s * 1e6)::BIGINT) AS ts,
         event, session_id,
         pick(u(session_id * 64 + k, 11), ['/', '/signup', '/signup', '/app/dashboard', '/pricing', '/features', '/docs', '/blog', '/app/reports', '/app/settings']) AS page,
         source,
         CASE WHEN event = 'action' THEN pick(u(session_id * 64 + k, 12), ['dashboard', 'dashboard', 'reports', 'search', 'export', 'share', 'alerts', 'api', 'integrations', 'automation', 'ai_assistant']) END AS feature
  FROM e ORDER BY ts, session_id, event, page, feature`);

await write('customers', `
  SELECT i AS customer_id,
         ${T0} + to_microseconds(floor(u(i, 20) * ${SPAN_US})::BIGINT) AS signup_ts,
         pick(u(i, 21), ['paid', 'organic', 'organic', 'social', 'referral', 'direct']) AS acquired_channel,
         CASE WHEN u(i, 22) < 0.62 THEN signup_ts + to_microseconds(floor(-ln(1 - u(i, 23)) * 76 * 3600e6)::BIGINT) END AS first_value_ts,
         u(i, 24) < 0.45 AS trial, u(i, 25) < 0.14 AS converted_paid, u(i, 26) < 0.18 AS sql,
         u(i, 27) < 0.28 AS pql, u(i, 28) < 0.78 AS onboarding_viewed, u(i, 29) < 0.48 AS onboarding_completed
  FROM range(1, ${C} + 1) t(i)`);

await write('orders', `
  SELECT i AS order_id, 1 + floor(pow(u(i, 30), 1.3) * ${C})::BIGINT AS customer_id,
         ${T0} + to_microseconds(floor(u(i, 31) * ${SPAN_US})::BIGINT) AS ts,
         round(0.83 + -ln(1 - u(i, 32)) * 59.4, 2) AS amount,
         pick(u(i, 33), ['NA', 'NA', 'NA', 'NA', 'EMEA', 'EMEA', 'EMEA', 'APAC', 'APAC', 'LATAM']) AS region
  FROM range(1, ${O} + 1) t(i)`);

await write('surveys', `
  SELECT i AS respondent_id, ${T0} + to_microseconds(floor(u(i, 40) * ${SPAN_US})::BIGINT) AS ts,
         CASE WHEN u(i, 41) >= 0.07 THEN least(10, floor(11 * pow(u(i, 42), 0.55)))::INT END AS nps_score,
         (1 + least(4, floor(5 * pow(u(i, 43), 0.6))))::INT AS csat,
         pick(u(i, 44), ['NA', 'NA', 'NA', 'NA', 'EMEA', 'EMEA', 'EMEA', 'APAC', 'APAC', 'LATAM']) AS region
  FROM range(1, ${V} + 1) t(i)`);

// Subscriptions: a third of the customers pay from a start month for a number of months; the plan's
// MRR moves up or down now and then; the month after the last paid month is a 'churned' row (mrr 0).
await write('subscriptions', `
  WITH c AS (
    SELECT i AS customer_id, floor(u(i, 50) * 24)::INT AS start_m, 1 + floor(-ln(1 - u(i, 51)) * 14)::INT AS months,
           pick(u(i, 52), ['basic', 'basic', 'basic', 'pro', 'pro', 'business', 'enterprise']) AS plan
    FROM range(1, ${C} + 1) t(i) WHERE u(i, 53) < 0.3),
  m AS (
    SELECT customer_id, plan, start_m + k AS mi, k, months,
           (CASE plan WHEN 'basic' THEN 15 WHEN 'pro' THEN 120 WHEN 'business' THEN 700 ELSE 5000 END)
             * (1 + floor(u(customer_id * 64 + k, 54) * 0.04 * k)) AS mrr
    FROM c, range(months + 1) r(k) WHERE start_m + k < 24),
  s AS (
    SELECT customer_id, (DATE '2023-01-01' + to_months(mi))::DATE AS month, plan,
           CASE WHEN k = months THEN 0 ELSE mrr END::DOUBLE AS mrr, k, months,
           lag(mrr) OVER (PARTITION BY customer_id ORDER BY mi) AS prev
    FROM m)
  SELECT customer_id, month, plan, mrr,
         CASE WHEN k = months THEN 'churned' WHEN k = 0 THEN 'new' WHEN mrr > prev THEN 'expansion'
              WHEN mrr < prev THEN 'contraction' ELSE 'active' END AS status
  FROM s ORDER BY month, customer_id`);

await write('marketing', `
  SELECT (DATE '2023-01-01' + to_months(m))::DATE AS month, channel,
         round(3000 + u(m * 8 + c, 60) * 9000, 2) AS sales_cost, round(4000 + u(m * 8 + c, 61) * 30000, 2) AS marketing_cost
  FROM range(24) a(m), (SELECT unnest(['direct', 'organic', 'paid', 'referral', 'social']) AS channel,
                              generate_subscripts(['direct', 'organic', 'paid', 'referral', 'social'], 1) AS c)
  ORDER BY month, channel`);

const r = await con.runAndReadAll(`SELECT count(*) AS n FROM '${out}/events.parquet'`);
console.log(`events rows: ${r.getRowObjectsJson()[0].n}`);
