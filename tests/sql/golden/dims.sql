-- duckdb
-- orders_by_size
WITH
orders_by_size AS (
  SELECT
    CASE WHEN (amount >= 100) THEN 'large' ELSE 'small' END AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS size,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_size AS s1
ORDER BY 1 NULLS LAST;

-- revenue_by_weekday
WITH
orders_by_weekday_region AS (
  SELECT
    (MOD(MOD(CAST(FLOOR(epoch_us(CAST(ts AS TIMESTAMP)) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    region AS k1,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1, 2
)
SELECT
  s1.k0 AS weekday,
  s1.k1 AS region,
  s1.a0 AS value
FROM orders_by_weekday_region AS s1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- orders_by_hour
WITH
orders_by_hour AS (
  SELECT
    MOD(MOD(CAST(FLOOR(epoch_us(CAST(ts AS TIMESTAMP)) / 3600000000) AS BIGINT), 24) + 24, 24) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS hour,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_hour AS s1
ORDER BY 1 NULLS LAST;

-- date_weekday
WITH
orders_by_weekday AS (
  SELECT
    (MOD(MOD(CAST(FLOOR(epoch_us(CAST(day AS TIMESTAMP)) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS weekday,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_weekday AS s1
ORDER BY 1 NULLS LAST;

-- bands
WITH
orders_by_band AS (
  SELECT
    (FLOOR(CAST((CAST(amount AS DOUBLE) / NULLIF(100, 0)) AS DOUBLE)) * 100) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS band,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_band AS s1
ORDER BY 1 NULLS LAST;

-- revenue
WITH
orders_by_month AS (
  SELECT
    (CAST(ts AS DATE) - CAST(dayofmonth(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.a0 AS value
FROM orders_by_month AS s1
ORDER BY 1 NULLS LAST;

-- revenue_yoy
WITH
orders_by_month AS (
  SELECT
    (CAST(ts AS DATE) - CAST(dayofmonth(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_yoy_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  (CAST((s1.a0 - period1.x0) AS DOUBLE) / NULLIF(period1.x0, 0) * 100) AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_yoy_rows AS period1
  ON period1.k0 = CAST(s1.k0 + INTERVAL '-12 month' AS DATE)
ORDER BY 1 NULLS LAST;

-- revenue_2_back
WITH
orders_by_month AS (
  SELECT
    (CAST(ts AS DATE) - CAST(dayofmonth(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_2_back_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  period1.x0 AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_2_back_rows AS period1
  ON period1.k0 = CAST(s1.k0 + INTERVAL '-2 month' AS DATE)
ORDER BY 1 NULLS LAST;
-- postgres
-- orders_by_size
WITH
orders_by_size AS (
  SELECT
    CASE WHEN (amount >= 100) THEN 'large' ELSE 'small' END AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS size,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_size AS s1
ORDER BY 1 NULLS LAST;

-- revenue_by_weekday
WITH
orders_by_weekday_region AS (
  SELECT
    (MOD(MOD(CAST(FLOOR((EXTRACT(EPOCH FROM CAST(ts AS TIMESTAMP)) * 1000000) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    region AS k1,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1, 2
)
SELECT
  s1.k0 AS weekday,
  s1.k1 AS region,
  s1.a0 AS value
FROM orders_by_weekday_region AS s1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- orders_by_hour
WITH
orders_by_hour AS (
  SELECT
    MOD(MOD(CAST(FLOOR((EXTRACT(EPOCH FROM CAST(ts AS TIMESTAMP)) * 1000000) / 3600000000) AS BIGINT), 24) + 24, 24) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS hour,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_hour AS s1
ORDER BY 1 NULLS LAST;

-- date_weekday
WITH
orders_by_weekday AS (
  SELECT
    (MOD(MOD(CAST(FLOOR((EXTRACT(EPOCH FROM CAST(day AS TIMESTAMP)) * 1000000) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS weekday,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_weekday AS s1
ORDER BY 1 NULLS LAST;

-- bands
WITH
orders_by_band AS (
  SELECT
    (FLOOR(CAST((CAST(amount AS DOUBLE PRECISION) / NULLIF(100, 0)) AS DOUBLE PRECISION)) * 100) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS band,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_band AS s1
ORDER BY 1 NULLS LAST;

-- revenue
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.a0 AS value
FROM orders_by_month AS s1
ORDER BY 1 NULLS LAST;

-- revenue_yoy
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_yoy_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  (CAST((s1.a0 - period1.x0) AS DOUBLE PRECISION) / NULLIF(period1.x0, 0) * 100) AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_yoy_rows AS period1
  ON period1.k0 = CAST(s1.k0 + INTERVAL '-12 month' AS DATE)
ORDER BY 1 NULLS LAST;

-- revenue_2_back
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_2_back_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  period1.x0 AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_2_back_rows AS period1
  ON period1.k0 = CAST(s1.k0 + INTERVAL '-2 month' AS DATE)
ORDER BY 1 NULLS LAST;
-- spark
-- orders_by_size
WITH
orders_by_size AS (
  SELECT
    CASE WHEN (amount >= 100) THEN 'large' ELSE 'small' END AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS size,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_size AS s1
ORDER BY 1 NULLS LAST;

-- revenue_by_weekday
WITH
orders_by_weekday_region AS (
  SELECT
    (MOD(MOD(CAST(FLOOR(unix_micros(CAST(ts AS TIMESTAMP)) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    region AS k1,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1, 2
)
SELECT
  s1.k0 AS weekday,
  s1.k1 AS region,
  s1.a0 AS value
FROM orders_by_weekday_region AS s1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- orders_by_hour
WITH
orders_by_hour AS (
  SELECT
    MOD(MOD(CAST(FLOOR(unix_micros(CAST(ts AS TIMESTAMP)) / 3600000000) AS BIGINT), 24) + 24, 24) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS hour,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_hour AS s1
ORDER BY 1 NULLS LAST;

-- date_weekday
WITH
orders_by_weekday AS (
  SELECT
    (MOD(MOD(CAST(FLOOR(unix_micros(CAST(day AS TIMESTAMP)) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS weekday,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_weekday AS s1
ORDER BY 1 NULLS LAST;

-- bands
WITH
orders_by_band AS (
  SELECT
    (FLOOR(CAST((CAST(amount AS DOUBLE) / NULLIF(100, 0)) AS DOUBLE)) * 100) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS band,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_band AS s1
ORDER BY 1 NULLS LAST;

-- revenue
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('MONTH', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.a0 AS value
FROM orders_by_month AS s1
ORDER BY 1 NULLS LAST;

-- revenue_yoy
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('MONTH', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_yoy_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  (CAST((s1.a0 - period1.x0) AS DOUBLE) / NULLIF(period1.x0, 0) * 100) AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_yoy_rows AS period1
  ON period1.k0 = add_months(s1.k0, -12)
ORDER BY 1 NULLS LAST;

-- revenue_2_back
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('MONTH', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_2_back_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  period1.x0 AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_2_back_rows AS period1
  ON period1.k0 = add_months(s1.k0, -2)
ORDER BY 1 NULLS LAST;
-- trino
-- orders_by_size
WITH
orders_by_size AS (
  SELECT
    CASE WHEN (amount >= 100) THEN 'large' ELSE 'small' END AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS size,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_size AS s1
ORDER BY 1 NULLS LAST;

-- revenue_by_weekday
WITH
orders_by_weekday_region AS (
  SELECT
    (MOD(MOD(CAST(FLOOR((to_unixtime(CAST(ts AS TIMESTAMP)) * 1000000) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    region AS k1,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1, 2
)
SELECT
  s1.k0 AS weekday,
  s1.k1 AS region,
  s1.a0 AS value
FROM orders_by_weekday_region AS s1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- orders_by_hour
WITH
orders_by_hour AS (
  SELECT
    MOD(MOD(CAST(FLOOR((to_unixtime(CAST(ts AS TIMESTAMP)) * 1000000) / 3600000000) AS BIGINT), 24) + 24, 24) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS hour,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_hour AS s1
ORDER BY 1 NULLS LAST;

-- date_weekday
WITH
orders_by_weekday AS (
  SELECT
    (MOD(MOD(CAST(FLOOR((to_unixtime(CAST(day AS TIMESTAMP)) * 1000000) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS weekday,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_weekday AS s1
ORDER BY 1 NULLS LAST;

-- bands
WITH
orders_by_band AS (
  SELECT
    (FLOOR(CAST((CAST(amount AS DOUBLE) / NULLIF(100, 0)) AS DOUBLE)) * 100) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS band,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_band AS s1
ORDER BY 1 NULLS LAST;

-- revenue
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.a0 AS value
FROM orders_by_month AS s1
ORDER BY 1 NULLS LAST;

-- revenue_yoy
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_yoy_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  (CAST((s1.a0 - period1.x0) AS DOUBLE) / NULLIF(period1.x0, 0) * 100) AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_yoy_rows AS period1
  ON period1.k0 = date_add('month', -12, s1.k0)
ORDER BY 1 NULLS LAST;

-- revenue_2_back
WITH
orders_by_month AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_2_back_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  period1.x0 AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_2_back_rows AS period1
  ON period1.k0 = date_add('month', -2, s1.k0)
ORDER BY 1 NULLS LAST;
-- bigquery
-- orders_by_size
WITH
orders_by_size AS (
  SELECT
    CASE WHEN (amount >= 100) THEN 'large' ELSE 'small' END AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS size,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_size AS s1
ORDER BY 1 NULLS LAST;

-- revenue_by_weekday
WITH
orders_by_weekday_region AS (
  SELECT
    (MOD(MOD(CAST(FLOOR(UNIX_MICROS(TIMESTAMP(CAST(ts AS DATETIME))) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    region AS k1,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1, 2
)
SELECT
  s1.k0 AS weekday,
  s1.k1 AS region,
  s1.a0 AS value
FROM orders_by_weekday_region AS s1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- orders_by_hour
WITH
orders_by_hour AS (
  SELECT
    MOD(MOD(CAST(FLOOR(UNIX_MICROS(TIMESTAMP(CAST(ts AS DATETIME))) / 3600000000) AS BIGINT), 24) + 24, 24) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS hour,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_hour AS s1
ORDER BY 1 NULLS LAST;

-- date_weekday
WITH
orders_by_weekday AS (
  SELECT
    (MOD(MOD(CAST(FLOOR(UNIX_MICROS(TIMESTAMP(CAST(day AS DATETIME))) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS weekday,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_weekday AS s1
ORDER BY 1 NULLS LAST;

-- bands
WITH
orders_by_band AS (
  SELECT
    (FLOOR(CAST((CAST(amount AS FLOAT64) / NULLIF(100, 0)) AS FLOAT64)) * 100) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS band,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_band AS s1
ORDER BY 1 NULLS LAST;

-- revenue
WITH
orders_by_month AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, MONTH) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.a0 AS value
FROM orders_by_month AS s1
ORDER BY 1 NULLS LAST;

-- revenue_yoy
WITH
orders_by_month AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, MONTH) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_yoy_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  (CAST((s1.a0 - period1.x0) AS FLOAT64) / NULLIF(period1.x0, 0) * 100) AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_yoy_rows AS period1
  ON period1.k0 = DATE_ADD(s1.k0, INTERVAL -12 MONTH)
ORDER BY 1 NULLS LAST;

-- revenue_2_back
WITH
orders_by_month AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, MONTH) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_2_back_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  period1.x0 AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_2_back_rows AS period1
  ON period1.k0 = DATE_ADD(s1.k0, INTERVAL -2 MONTH)
ORDER BY 1 NULLS LAST;
-- snowflake
-- orders_by_size
WITH
orders_by_size AS (
  SELECT
    CASE WHEN (amount >= 100) THEN 'large' ELSE 'small' END AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS size,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_size AS s1
ORDER BY 1 NULLS LAST;

-- revenue_by_weekday
WITH
orders_by_weekday_region AS (
  SELECT
    (MOD(MOD(CAST(FLOOR(DATE_PART(EPOCH_MICROSECOND, CAST(ts AS TIMESTAMP_NTZ)) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    region AS k1,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1, 2
)
SELECT
  s1.k0 AS weekday,
  s1.k1 AS region,
  s1.a0 AS value
FROM orders_by_weekday_region AS s1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- orders_by_hour
WITH
orders_by_hour AS (
  SELECT
    MOD(MOD(CAST(FLOOR(DATE_PART(EPOCH_MICROSECOND, CAST(ts AS TIMESTAMP_NTZ)) / 3600000000) AS BIGINT), 24) + 24, 24) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS hour,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_hour AS s1
ORDER BY 1 NULLS LAST;

-- date_weekday
WITH
orders_by_weekday AS (
  SELECT
    (MOD(MOD(CAST(FLOOR(DATE_PART(EPOCH_MICROSECOND, CAST(day AS TIMESTAMP_NTZ)) / 86400000000) AS BIGINT) + 3, 7) + 7, 7) + 1) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS weekday,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_weekday AS s1
ORDER BY 1 NULLS LAST;

-- bands
WITH
orders_by_band AS (
  SELECT
    (FLOOR(CAST((CAST(amount AS DOUBLE) / NULLIF(100, 0)) AS DOUBLE)) * 100) AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS band,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_band AS s1
ORDER BY 1 NULLS LAST;

-- revenue
WITH
orders_by_month AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.a0 AS value
FROM orders_by_month AS s1
ORDER BY 1 NULLS LAST;

-- revenue_yoy
WITH
orders_by_month AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_yoy_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  (CAST((s1.a0 - period1.x0) AS DOUBLE) / NULLIF(period1.x0, 0) * 100) AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_yoy_rows AS period1
  ON period1.k0 = DATEADD(MONTH, -12, s1.k0)
ORDER BY 1 NULLS LAST;

-- revenue_2_back
WITH
orders_by_month AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', ts) AS DATE) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
revenue_2_back_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  period1.x0 AS value
FROM orders_by_month AS s1
LEFT JOIN revenue_2_back_rows AS period1
  ON period1.k0 = DATEADD(MONTH, -2, s1.k0)
ORDER BY 1 NULLS LAST;
