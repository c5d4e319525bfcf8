-- DuckDB answers for answers.kpi on ../shared/datasets/small, written from the contract
-- (../shared/spec/language.md, "Related sources, windows, offsets and computed dimensions").
-- Each query is headed `-- metric: METRIC` and returns the metric's dimension columns, then `value`.
-- Tables: orders, events (views over the Parquet files, created by tests/sql/check_answers.mjs).

-- metric: orders_by_size
SELECT CASE WHEN amount >= 100 THEN 'large' ELSE 'small' END AS size, COUNT(*) AS value
FROM orders GROUP BY 1;

-- metric: revenue_by_size_region
SELECT region, CASE WHEN amount >= 100 THEN 'large' ELSE 'small' END AS size, SUM(amount) AS value
FROM orders GROUP BY 1, 2;

-- metric: revenue_by_weekday
-- ISO day of the week: Monday = 1 … Sunday = 7.
SELECT isodow(ts) AS weekday, SUM(amount) AS value FROM orders GROUP BY 1;

-- metric: events_by_weekday_hour
SELECT isodow(ts) AS weekday, hour(ts) AS hour, COUNT(*) AS value FROM events GROUP BY 1, 2;

-- metric: active_users_by_hour
SELECT hour(ts) AS hour, COUNT(DISTINCT user_id) AS value FROM events GROUP BY 1;

-- metric: revenue
SELECT CAST(date_trunc('month', ts) AS DATE) AS month, SUM(amount) AS value FROM orders GROUP BY 1;

-- metric: revenue_yoy
-- growth(X, 12) = (X − X 12 months earlier) ÷ X 12 months earlier × 100; null when that month has no rows.
WITH m AS (SELECT CAST(date_trunc('month', ts) AS DATE) AS month, SUM(amount) AS revenue FROM orders GROUP BY 1)
SELECT a.month, CASE WHEN b.revenue = 0 THEN NULL ELSE (a.revenue - b.revenue) / b.revenue * 100 END AS value
FROM m AS a LEFT JOIN m AS b ON b.month = CAST(a.month - INTERVAL 12 MONTH AS DATE);

-- metric: revenue_last_year
WITH m AS (SELECT CAST(date_trunc('month', ts) AS DATE) AS month, SUM(amount) AS revenue FROM orders GROUP BY 1)
SELECT a.month, b.revenue AS value
FROM m AS a LEFT JOIN m AS b ON b.month = CAST(a.month - INTERVAL 12 MONTH AS DATE);

-- metric: weekly_events
SELECT CAST(date_trunc('week', ts) AS DATE) AS week, COUNT(*) AS value FROM events GROUP BY 1;

-- metric: weekly_events_4w_ago
WITH w AS (SELECT CAST(date_trunc('week', ts) AS DATE) AS week, COUNT(*) AS n FROM events GROUP BY 1)
SELECT a.week, b.n AS value FROM w AS a LEFT JOIN w AS b ON b.week = CAST(a.week - INTERVAL 28 DAY AS DATE);

-- metric: active_users_7d
-- trailing(AGG, W) by day: AGG over the rows with time in [day end − W, day end), for every day from the
-- first to the last with events.
WITH days AS (
  SELECT CAST(d AS DATE) AS day
  FROM range((SELECT MIN(CAST(ts AS DATE)) FROM events), (SELECT MAX(CAST(ts AS DATE)) FROM events) + INTERVAL 1 DAY,
             INTERVAL 1 DAY) AS t(d))
SELECT day, (SELECT COUNT(DISTINCT user_id) FROM events
             WHERE ts >= day + INTERVAL 1 DAY - INTERVAL 7 DAY AND ts < day + INTERVAL 1 DAY) AS value
FROM days;

-- metric: events_30d_by_week
WITH weeks AS (
  SELECT CAST(w AS DATE) AS week
  FROM range((SELECT MIN(date_trunc('week', ts)) FROM events), (SELECT MAX(date_trunc('week', ts)) FROM events) + INTERVAL 1 DAY,
             INTERVAL 7 DAY) AS t(w))
SELECT week, (SELECT COUNT(*) FROM events
              WHERE ts >= week + INTERVAL 7 DAY - INTERVAL 30 DAY AND ts < week + INTERVAL 7 DAY) AS value
FROM weeks;

-- metric: median_order_4w_by_month
-- Per region, every month from the region's first to its last; the window is the 28 days before the month's end.
WITH spans AS (SELECT region, MIN(date_trunc('month', ts)) AS first, MAX(date_trunc('month', ts)) AS last
               FROM orders GROUP BY region),
     months AS (SELECT region, CAST(m AS DATE) AS month
                FROM spans, range(spans.first, spans.last + INTERVAL 1 DAY, INTERVAL 1 MONTH) AS t(m))
SELECT region, month,
       (SELECT quantile_cont(amount, 0.5) FROM orders AS o
        WHERE o.region IS NOT DISTINCT FROM months.region
          AND o.ts >= month + INTERVAL 1 MONTH - INTERVAL 28 DAY AND o.ts < month + INTERVAL 1 MONTH) AS value
FROM months;
