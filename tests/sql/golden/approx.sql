-- duckdb
-- p90_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    approx_quantile(CAST(amount AS DOUBLE), 0.9) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- typical_amount
WITH
orders_total AS (
  SELECT
    approx_quantile(CAST(amount AS DOUBLE), 0.5) AS a0
  FROM shop.orders
)
SELECT
  s1.a0 AS value
FROM orders_total AS s1;
-- postgres
-- p90_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY amount) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- typical_amount
WITH
orders_total AS (
  SELECT
    percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS a0
  FROM shop.orders
)
SELECT
  s1.a0 AS value
FROM orders_total AS s1;
-- spark
-- p90_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    percentile_approx(CAST(amount AS DOUBLE), 0.9) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- typical_amount
WITH
orders_total AS (
  SELECT
    percentile_approx(CAST(amount AS DOUBLE), 0.5) AS a0
  FROM shop.orders
)
SELECT
  s1.a0 AS value
FROM orders_total AS s1;
-- trino
-- p90_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    approx_percentile(CAST(amount AS DOUBLE), 0.9) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- typical_amount
WITH
orders_total AS (
  SELECT
    approx_percentile(CAST(amount AS DOUBLE), 0.5) AS a0
  FROM shop.orders
)
SELECT
  s1.a0 AS value
FROM orders_total AS s1;
-- bigquery
-- p90_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    APPROX_QUANTILES(CAST(amount AS FLOAT64), 1000)[SAFE_OFFSET(900)] AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- typical_amount
WITH
orders_total AS (
  SELECT
    APPROX_QUANTILES(CAST(amount AS FLOAT64), 1000)[SAFE_OFFSET(500)] AS a0
  FROM shop.orders
)
SELECT
  s1.a0 AS value
FROM orders_total AS s1;
-- snowflake
-- p90_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    APPROX_PERCENTILE(CAST(amount AS DOUBLE), 0.9) AS a0
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- typical_amount
WITH
orders_total AS (
  SELECT
    APPROX_PERCENTILE(CAST(amount AS DOUBLE), 0.5) AS a0
  FROM shop.orders
)
SELECT
  s1.a0 AS value
FROM orders_total AS s1;
