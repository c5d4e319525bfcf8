-- DuckDB answers for answers.kpi on ../shared/datasets/small, written from the contract
-- (../shared/spec/language.md, "Related sources, windows, offsets and computed dimensions").
-- Each query is headed `-- name: METRIC` and returns the metric's dimension columns, then `value`.
-- Tables: orders, events (views over the Parquet files, created by check_answers.mjs).

-- name: orders_by_size
SELECT CASE WHEN amount >= 100 THEN 'large' ELSE 'small' END AS size, COUNT(*) AS value
FROM orders GROUP BY 1;

-- name: revenue_by_size_region
SELECT region, CASE WHEN amount >= 100 THEN 'large' ELSE 'small' END AS size, SUM(amount) AS value
FROM orders GROUP BY 1, 2;

-- name: revenue_by_weekday
-- ISO day of the week: Monday = 1 … Sunday = 7.
SELECT isodow(ts) AS weekday, SUM(amount) AS value FROM orders GROUP BY 1;

-- name: events_by_weekday_hour
SELECT isodow(ts) AS weekday, hour(ts) AS hour, COUNT(*) AS value FROM events GROUP BY 1, 2;

-- name: active_users_by_hour
SELECT hour(ts) AS hour, COUNT(DISTINCT user_id) AS value FROM events GROUP BY 1;

-- name: revenue
SELECT CAST(date_trunc('month', ts) AS DATE) AS month, SUM(amount) AS value FROM orders GROUP BY 1;

-- name: revenue_yoy
-- growth(X, 12) = (X − X 12 months earlier) ÷ X 12 months earlier × 100; null when that month has no rows.
WITH m AS (SELECT CAST(date_trunc('month', ts) AS DATE) AS month, SUM(amount) AS revenue FROM orders GROUP BY 1)
SELECT a.month, CASE WHEN b.revenue = 0 THEN NULL ELSE (a.revenue - b.revenue) / b.revenue * 100 END AS value
FROM m AS a LEFT JOIN m AS b ON b.month = CAST(a.month - INTERVAL 12 MONTH AS DATE);

-- name: revenue_last_year
WITH m AS (SELECT CAST(date_trunc('month', ts) AS DATE) AS month, SUM(amount) AS revenue FROM orders GROUP BY 1)
SELECT a.month, b.revenue AS value
FROM m AS a LEFT JOIN m AS b ON b.month = CAST(a.month - INTERVAL 12 MONTH AS DATE);

-- name: weekly_events
SELECT CAST(date_trunc('week', ts) AS DATE) AS week, COUNT(*) AS value FROM events GROUP BY 1;

-- name: weekly_events_4w_ago
WITH w AS (SELECT CAST(date_trunc('week', ts) AS DATE) AS week, COUNT(*) AS n FROM events GROUP BY 1)
SELECT a.week, b.n AS value FROM w AS a LEFT JOIN w AS b ON b.week = CAST(a.week - INTERVAL 28 DAY AS DATE);
