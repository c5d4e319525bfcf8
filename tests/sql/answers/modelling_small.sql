-- Answers for modelling_small.kpi from the contract (language.md): a trailing window is the aggregate
-- over rows with time in [bucket end - WINDOW, bucket end), for every bucket from the first to the last
-- present (per value of the other dimensions); growth(X, 12) compares with the month 12 calendar months
-- earlier (null when that month has no data); computed dimensions group rows by a row-level expression.
-- metric: active_7d
WITH days AS (
  SELECT CAST(d AS DATE) AS day
  FROM range((SELECT min(CAST(ts AS DATE)) FROM events),
             (SELECT max(CAST(ts AS DATE)) FROM events) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d))
SELECT days.day, count(DISTINCT e.user_id) AS value
FROM days LEFT JOIN events e
  ON e.ts >= days.day + INTERVAL 1 DAY - INTERVAL 7 DAY AND e.ts < days.day + INTERVAL 1 DAY
GROUP BY days.day
-- metric: events_30d
WITH weeks AS (
  SELECT CAST(w AS DATE) AS week
  FROM range((SELECT min(date_trunc('week', ts)) FROM events),
             (SELECT max(date_trunc('week', ts)) FROM events) + INTERVAL 7 DAY, INTERVAL 7 DAY) t(w))
SELECT weeks.week, count(e.user_id) AS value
FROM weeks LEFT JOIN events e
  ON e.ts >= weeks.week + INTERVAL 7 DAY - INTERVAL 30 DAY AND e.ts < weeks.week + INTERVAL 7 DAY
GROUP BY weeks.week
-- metric: median_4w
WITH spans AS (
  SELECT region, min(date_trunc('month', ts)) AS first_month, max(date_trunc('month', ts)) AS last_month
  FROM orders GROUP BY region),
months AS (
  SELECT region, CAST(m AS DATE) AS month
  FROM spans, range(first_month, last_month + INTERVAL 1 MONTH, INTERVAL 1 MONTH) t(m))
SELECT months.month, months.region, quantile_cont(o.amount, 0.5) AS value
FROM months LEFT JOIN orders o
  ON o.region = months.region
 AND o.ts >= months.month + INTERVAL 1 MONTH - INTERVAL 28 DAY AND o.ts < months.month + INTERVAL 1 MONTH
GROUP BY months.month, months.region
-- metric: revenue
SELECT CAST(date_trunc('month', ts) AS DATE) AS month, sum(amount) AS value
FROM orders GROUP BY 1
-- metric: revenue_yoy
WITH r AS (SELECT CAST(date_trunc('month', ts) AS DATE) AS month, sum(amount) AS value FROM orders GROUP BY 1)
SELECT r.month, (r.value - p.value) / p.value * 100 AS value
FROM r LEFT JOIN r AS p ON p.month = r.month - INTERVAL 12 MONTH
-- metric: orders_by_size
SELECT CASE WHEN amount >= 100 THEN 'large' ELSE 'small' END AS size, count(order_id) AS value
FROM orders GROUP BY 1
-- metric: events_by_weekday
SELECT isodow(ts) AS weekday, count(user_id) AS value
FROM events GROUP BY 1
-- metric: orders_by_hour
SELECT hour(ts) AS hour, region, count(order_id) AS value
FROM orders GROUP BY 1, 2
