-- duckdb
-- refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0)) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0) AND (amount < 5)) AS DOUBLE) / NULLIF(COUNT(refunds) FILTER (WHERE (amount < 5)), 0) AS a1,
    SUM(amount) FILTER (WHERE (amount < 5)) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0)) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0) AND (amount < 5)) AS DOUBLE) / NULLIF(COUNT(refunds) FILTER (WHERE (amount < 5)), 0) AS a1,
    SUM(amount) FILTER (WHERE (amount < 5)) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a1 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0)) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0) AND (amount < 5)) AS DOUBLE) / NULLIF(COUNT(refunds) FILTER (WHERE (amount < 5)), 0) AS a1,
    SUM(amount) FILTER (WHERE (amount < 5)) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a2 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- daily_by_month
WITH
orders_by_month_per AS (
  SELECT
    (k1 - CAST(dayofmonth(k1) - 1 AS INTEGER)) AS k0,
    k1,
    a0
  FROM (
    SELECT
      day AS k1,
      SUM(amount) AS a0
    FROM shop.orders
    GROUP BY 1
  ) AS g
),
daily_by_month_per_inner AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1,
    s1.a0 AS v
  FROM orders_by_month_per AS s1
),
daily_by_month_per AS (
  SELECT
    k0,
    AVG(CAST(v AS DOUBLE)) AS value
  FROM daily_by_month_per_inner
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.value AS value
FROM daily_by_month_per AS s1
ORDER BY 1 NULLS LAST;
-- postgres
-- refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0)) AS DOUBLE PRECISION) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0) AND (amount < 5)) AS DOUBLE PRECISION) / NULLIF(COUNT(refunds) FILTER (WHERE (amount < 5)), 0) AS a1,
    SUM(amount) FILTER (WHERE (amount < 5)) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0)) AS DOUBLE PRECISION) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0) AND (amount < 5)) AS DOUBLE PRECISION) / NULLIF(COUNT(refunds) FILTER (WHERE (amount < 5)), 0) AS a1,
    SUM(amount) FILTER (WHERE (amount < 5)) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a1 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0)) AS DOUBLE PRECISION) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(*) FILTER (WHERE (refunds > 0) AND (amount < 5)) AS DOUBLE PRECISION) / NULLIF(COUNT(refunds) FILTER (WHERE (amount < 5)), 0) AS a1,
    SUM(amount) FILTER (WHERE (amount < 5)) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a2 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- daily_by_month
WITH
orders_by_month_per AS (
  SELECT
    CAST(date_trunc('month', k1) AS DATE) AS k0,
    k1,
    a0
  FROM (
    SELECT
      day AS k1,
      SUM(amount) AS a0
    FROM shop.orders
    GROUP BY 1
  ) AS g
),
daily_by_month_per_inner AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1,
    s1.a0 AS v
  FROM orders_by_month_per AS s1
),
daily_by_month_per AS (
  SELECT
    k0,
    AVG(CAST(v AS DOUBLE PRECISION)) AS value
  FROM daily_by_month_per_inner
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.value AS value
FROM daily_by_month_per AS s1
ORDER BY 1 NULLS LAST;
-- spark
-- refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a1 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a2 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- daily_by_month
WITH
orders_by_month_per AS (
  SELECT
    trunc(k1, 'MONTH') AS k0,
    k1,
    a0
  FROM (
    SELECT
      day AS k1,
      SUM(amount) AS a0
    FROM shop.orders
    GROUP BY 1
  ) AS g
),
daily_by_month_per_inner AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1,
    s1.a0 AS v
  FROM orders_by_month_per AS s1
),
daily_by_month_per AS (
  SELECT
    k0,
    AVG(CAST(v AS DOUBLE)) AS value
  FROM daily_by_month_per_inner
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.value AS value
FROM daily_by_month_per AS s1
ORDER BY 1 NULLS LAST;
-- trino
-- refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a1 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a2 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- daily_by_month
WITH
orders_by_month_per AS (
  SELECT
    date_trunc('month', k1) AS k0,
    k1,
    a0
  FROM (
    SELECT
      day AS k1,
      SUM(amount) AS a0
    FROM shop.orders
    GROUP BY 1
  ) AS g
),
daily_by_month_per_inner AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1,
    s1.a0 AS v
  FROM orders_by_month_per AS s1
),
daily_by_month_per AS (
  SELECT
    k0,
    AVG(CAST(v AS DOUBLE)) AS value
  FROM daily_by_month_per_inner
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.value AS value
FROM daily_by_month_per AS s1
ORDER BY 1 NULLS LAST;
-- bigquery
-- refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS FLOAT64) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS FLOAT64) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS FLOAT64) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS FLOAT64) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a1 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS FLOAT64) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS FLOAT64) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a2 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- daily_by_month
WITH
orders_by_month_per AS (
  SELECT
    DATE_TRUNC(k1, MONTH) AS k0,
    k1,
    a0
  FROM (
    SELECT
      day AS k1,
      SUM(amount) AS a0
    FROM shop.orders
    GROUP BY 1
  ) AS g
),
daily_by_month_per_inner AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1,
    s1.a0 AS v
  FROM orders_by_month_per AS s1
),
daily_by_month_per AS (
  SELECT
    k0,
    AVG(CAST(v AS FLOAT64)) AS value
  FROM daily_by_month_per_inner
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.value AS value
FROM daily_by_month_per AS s1
ORDER BY 1 NULLS LAST;
-- snowflake
-- refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a0 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_refund_share
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a1 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- small_amount
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    CAST(100 * COUNT(CASE WHEN (refunds > 0) THEN 1 END) AS DOUBLE) / NULLIF(COUNT(refunds), 0) AS a0,
    CAST(100 * COUNT(CASE WHEN CASE WHEN (amount < 5) THEN (refunds > 0) END THEN 1 END) AS DOUBLE) / NULLIF(COUNT(CASE WHEN (amount < 5) THEN refunds END), 0) AS a1,
    SUM(CASE WHEN (amount < 5) THEN amount END) AS a2
  FROM shop.orders
  GROUP BY 1
)
SELECT
  s1.k0 AS region,
  s1.a2 AS value
FROM orders_by_region AS s1
ORDER BY 1 NULLS LAST;

-- daily_by_month
WITH
orders_by_month_per AS (
  SELECT
    DATE_TRUNC('MONTH', k1) AS k0,
    k1,
    a0
  FROM (
    SELECT
      day AS k1,
      SUM(amount) AS a0
    FROM shop.orders
    GROUP BY 1
  ) AS g
),
daily_by_month_per_inner AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1,
    s1.a0 AS v
  FROM orders_by_month_per AS s1
),
daily_by_month_per AS (
  SELECT
    k0,
    AVG(CAST(v AS DOUBLE)) AS value
  FROM daily_by_month_per_inner
  GROUP BY 1
)
SELECT
  s1.k0 AS month,
  s1.value AS value
FROM daily_by_month_per AS s1
ORDER BY 1 NULLS LAST;
