// Generates benchmark data with the shapes of ../shared/datasets (same tables, columns, types and
// Parquet settings: snappy, 122,880-row row groups, dictionary-encoded strings), at any scale.
// Deterministic: every value is a function of row numbers through DuckDB's hash(), so the same
// command gives the same data on every machine and thread count.
//
//   node bench/gen.mjs --events 20000000 --out bench/data/20m
//   node bench/gen.mjs --events 200000000 --out bench/data/scale/200m --rows-per-file 10000000
//
// Without --rows-per-file each table is one file, OUT/<table>.parquet. With it, each table is a folder
// OUT/<table>/ of part-NNNN.parquet files of about that many rows (a table's files: its expected row
// count ÷ the target, rounded up), written one at a time, so the generator's memory follows one file, not
// the table. The rows are the same as in the one-file form, in the same order when the files are read in
// name order: customers, orders, surveys and sessions are split by row-number ranges, events (ordered by
// ts) by time ranges, subscriptions (ordered by month) by month ranges.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' }, out: { type: 'string' }, threads: { type: 'string', default: '2' },
    'rows-per-file': { type: 'string' },
  },
});
const events = Number(args.events);
const out = args.out ?? `bench/data/${events >= 1e6 ? events / 1e6 + 'm' : events}`;
const rowsPerFile = args['rows-per-file'] ? Number(args['rows-per-file']) : 0;
if (args['rows-per-file'] && !(Number.isInteger(rowsPerFile) && rowsPerFile > 0))
  throw new Error(`--rows-per-file: a positive whole number expected, not ${args['rows-per-file']}`);
mkdirSync(out, { recursive: true });

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

// The files of a table of about `rows` rows: [{path, part, parts}], part 0..parts-1.
const files = (name, rows, maxParts = Infinity) => {
  if (!rowsPerFile) return [{ path: `${out}/${name}.parquet`, part: 0, parts: 1 }];
  const parts = Math.max(1, Math.min(maxParts, Math.ceil(rows / rowsPerFile)));
  rmSync(`${out}/${name}`, { recursive: true, force: true });  // no stale parts of an earlier split
  mkdirSync(`${out}/${name}`, { recursive: true });
  return Array.from({ length: parts }, (_, part) => ({ path: `${out}/${name}/part-${String(part).padStart(4, '0')}.parquet`, part, parts }));
};
// [lo, hi) of the part-th of `parts` equal slices of [first, end).
const slice = (first, end, part, parts) =>
  [first + Math.floor(((end - first) * part) / parts), first + Math.floor(((end - first) * (part + 1)) / parts)];
// Writes a table: sql(part, parts) is the query of one file.
const write = async (name, rows, sql, maxParts) => {
  const t = Date.now();
  const fs = files(name, rows, maxParts);
  for (const f of fs)
    await con.run(`COPY (${sql(f.part, f.parts)}) TO '${f.path}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`);
  console.log(`${name}: ${fs.length} file${fs.length > 1 ? 's' : ''}, ${((Date.now() - t) / 1000).toFixed(1)} s`);
};
// By row numbers: the part-th slice of rows 1..n.
const rows = (n, part, parts) => { const [lo, hi] = slice(1, n + 1, part, parts); return `range(${lo}, ${hi})`; };

// Sessions are computed from their row numbers wherever they are needed (never held whole).
await con.run(`CREATE MACRO sess(lo, hi) AS TABLE
  SELECT i AS session_id,
         1 + floor(pow(u(i, 1), 1.6) * ${U})::BIGINT AS user_id,
         ${T0} + to_microseconds(floor(u(i, 2) * ${SPAN_US})::BIGINT) AS start_ts,
         round(-ln(1 - u(i, 3)) * 185, 2) AS duration_s,
         (1 + floor(-ln(1 - u(i, 4)) * 1.265))::INT AS pages,
         floor(-ln(1 - u(i, 5)) * 1.02)::INT AS clicks,
         floor(-ln(1 - u(i, 6)) * 0.832)::INT AS actions,
         pick(u(i, 7), ['organic', 'organic', 'direct', 'direct', 'paid', 'social', 'referral']) AS source
  FROM range(lo, hi) t(i)`);
await write('sessions', S, (part, parts) => {
  const [lo, hi] = slice(1, S + 1, part, parts);
  return `SELECT session_id, user_id, start_ts, duration_s, pages, clicks, actions, pages = 1 AS bounced, source
          FROM sess(${lo}, ${hi})`;
});

// Events, ordered by ts: the part-th file holds the events with ts in the part-th of `parts` equal slices
// of the two years (the first open below, the last open above), from the sessions that overlap it (an
// event's ts is within [start_ts, start_ts + duration_s]).
await write('events', events, (part, parts) => {
  const at = (us) => `${T0} + to_microseconds(${us}::BIGINT)`;
  const [lo, hi] = slice(0, SPAN_US, part, parts);
  const sessions = parts === 1 ? `SELECT * FROM sess(1, ${S + 1})`
    : `SELECT * FROM sess(1, ${S + 1}) WHERE ${part + 1 < parts ? `start_ts < ${at(hi)}` : 'true'}
         ${part > 0 ? `AND start_ts + to_microseconds(ceil(duration_s * 1e6)::BIGINT) >= ${at(lo)}` : ''}`;
  const range = [part > 0 ? `ts >= ${at(lo)}` : '', part + 1 < parts ? `ts < ${at(hi)}` : ''].filter(Boolean);
  return `
  WITH sessions AS MATERIALIZED (${sessions}),
  e AS (
    SELECT s.*, k, 'page_view' AS event FROM sessions s, range(pages) r(k)
    UNION ALL SELECT s.*, k, 'click' FROM sessions s, range(clicks) r(k)
    UNION ALL SELECT s.*, k, 'action' FROM sessions s, range(actions) r(k)
    UNION ALL SELECT s.*, 0, pick(u(session_id, 8), ['signup', 'trial_start', 'purchase'])
      FROM sessions s WHERE u(session_id, 9) < 0.55),
  f AS (
    SELECT user_id,
           start_ts + to_microseconds(floor(u(session_id * 64 + k, 10) * duration_s * 1e6)::BIGINT) AS ts,
           event, session_id,
           pick(u(session_id * 64 + k, 11), ['/', '/signup', '/signup', '/app/dashboard', '/pricing', '/features', '/docs', '/blog', '/app/reports', '/app/settings']) AS page,
           source,
           CASE WHEN event = 'action' THEN pick(u(session_id * 64 + k, 12), ['dashboard', 'dashboard', 'reports', 'search', 'export', 'share', 'alerts', 'api', 'integrations', 'automation', 'ai_assistant']) END AS feature
    FROM e)
  SELECT * FROM f ${range.length ? `WHERE ${range.join(' AND ')}` : ''} ORDER BY ts, session_id, event, page, feature`;
});

await write('customers', C, (part, parts) => `
  SELECT i AS customer_id,
         ${T0} + to_microseconds(floor(u(i, 20) * ${SPAN_US})::BIGINT) AS signup_ts,
         pick(u(i, 21), ['paid', 'organic', 'organic', 'social', 'referral', 'direct']) AS acquired_channel,
         CASE WHEN u(i, 22) < 0.62 THEN signup_ts + to_microseconds(floor(-ln(1 - u(i, 23)) * 76 * 3600e6)::BIGINT) END AS first_value_ts,
         u(i, 24) < 0.45 AS trial, u(i, 25) < 0.14 AS converted_paid, u(i, 26) < 0.18 AS sql,
         u(i, 27) < 0.28 AS pql, u(i, 28) < 0.78 AS onboarding_viewed, u(i, 29) < 0.48 AS onboarding_completed
  FROM ${rows(C, part, parts)} t(i)`);

await write('orders', O, (part, parts) => `
  SELECT i AS order_id, 1 + floor(pow(u(i, 30), 1.3) * ${C})::BIGINT AS customer_id,
         ${T0} + to_microseconds(floor(u(i, 31) * ${SPAN_US})::BIGINT) AS ts,
         round(0.83 + -ln(1 - u(i, 32)) * 59.4, 2) AS amount,
         pick(u(i, 33), ['NA', 'NA', 'NA', 'NA', 'EMEA', 'EMEA', 'EMEA', 'APAC', 'APAC', 'LATAM']) AS region
  FROM ${rows(O, part, parts)} t(i)`);

await write('surveys', V, (part, parts) => `
  SELECT i AS respondent_id, ${T0} + to_microseconds(floor(u(i, 40) * ${SPAN_US})::BIGINT) AS ts,
         CASE WHEN u(i, 41) >= 0.07 THEN least(10, floor(11 * pow(u(i, 42), 0.55)))::INT END AS nps_score,
         (1 + least(4, floor(5 * pow(u(i, 43), 0.6))))::INT AS csat,
         pick(u(i, 44), ['NA', 'NA', 'NA', 'NA', 'EMEA', 'EMEA', 'EMEA', 'APAC', 'APAC', 'LATAM']) AS region
  FROM ${rows(V, part, parts)} t(i)`);

// Subscriptions: a third of the customers pay from a start month for a number of months; the plan's
// MRR moves up or down now and then; the month after the last paid month is a 'churned' row (mrr 0).
// About one row per 4 events. The part-th file holds the months [m0, m1) of 0..23; the month before m0 is
// computed too, for the previous MRR of m0's rows, and left out.
await write('subscriptions', events / 4, (part, parts) => {
  const [m0, m1] = slice(0, 24, part, parts);
  return `
  WITH c AS (
    SELECT i AS customer_id, floor(u(i, 50) * 24)::INT AS start_m, 1 + floor(-ln(1 - u(i, 51)) * 14)::INT AS months,
           pick(u(i, 52), ['basic', 'basic', 'basic', 'pro', 'pro', 'business', 'enterprise']) AS plan
    FROM range(1, ${C} + 1) t(i) WHERE u(i, 53) < 0.3),
  m AS (
    SELECT customer_id, plan, start_m + k AS mi, k, months,
           (CASE plan WHEN 'basic' THEN 15 WHEN 'pro' THEN 120 WHEN 'business' THEN 700 ELSE 5000 END)
             * (1 + floor(u(customer_id * 64 + k, 54) * 0.04 * k)) AS mrr
    FROM c, range(months + 1) r(k) WHERE start_m + k < ${m1} AND start_m + k >= ${m0 - 1}),
  s AS (
    SELECT customer_id, (DATE '2023-01-01' + to_months(mi))::DATE AS month, plan, mi,
           CASE WHEN k = months THEN 0 ELSE mrr END::DOUBLE AS mrr, k, months,
           lag(mrr) OVER (PARTITION BY customer_id ORDER BY mi) AS prev
    FROM m)
  SELECT customer_id, month, plan, mrr,
         CASE WHEN k = months THEN 'churned' WHEN k = 0 THEN 'new' WHEN mrr > prev THEN 'expansion'
              WHEN mrr < prev THEN 'contraction' ELSE 'active' END AS status
  FROM s WHERE mi >= ${m0} ORDER BY month, customer_id`;
}, 24);

await write('marketing', 120, () => `
  SELECT (DATE '2023-01-01' + to_months(m))::DATE AS month, channel,
         round(3000 + u(m * 8 + c, 60) * 9000, 2) AS sales_cost, round(4000 + u(m * 8 + c, 61) * 30000, 2) AS marketing_cost
  FROM range(24) a(m), (SELECT unnest(['direct', 'organic', 'paid', 'referral', 'social']) AS channel,
                              generate_subscripts(['direct', 'organic', 'paid', 'referral', 'social'], 1) AS c)
  ORDER BY month, channel`);

const r = await con.runAndReadAll(`SELECT count(*) AS n FROM '${rowsPerFile ? `${out}/events/*.parquet` : `${out}/events.parquet`}'`);
console.log(`events rows: ${r.getRowObjectsJson()[0].n}`);
console.log(`disk: ${execFileSync('du', ['-sh', out], { encoding: 'utf8' }).split('\t')[0]} in ${out}; ` +
            `generator peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
