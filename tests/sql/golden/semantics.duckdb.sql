-- conversion
WITH
orders_by_region AS (
  SELECT
    region AS k0,
    COUNT(*) AS a0
  FROM shop.orders
  GROUP BY 1
),
visits_by_region AS (
  SELECT
    region AS k0,
    SUM(visits) AS a0
  FROM web.visits
  GROUP BY 1
)
SELECT
  COALESCE(s1.k0, s2.k0) AS region,
  (CAST(COALESCE(s1.a0, 0) AS DOUBLE) / NULLIF(s2.a0, 0)) AS value
FROM orders_by_region AS s1
FULL OUTER JOIN visits_by_region AS s2
  ON s1.k0 IS NOT DISTINCT FROM s2.k0
ORDER BY 1 NULLS LAST;

-- monthly_growth
WITH
orders_by_month AS (
  SELECT
    (day - CAST(dayofmonth(day) - 1 AS INTEGER)) AS k0,
    SUM(amount) AS a0
  FROM shop.orders
  GROUP BY 1
),
monthly_growth_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.a0 AS x0
  FROM orders_by_month AS s1
)
SELECT
  s1.k0 AS month,
  (CAST((s1.a0 - period1.x0) AS DOUBLE) / NULLIF(period1.x0, 0) * 100) AS value
FROM orders_by_month AS s1
LEFT JOIN monthly_growth_rows AS period1
  ON period1.k0 = CAST(s1.k0 + INTERVAL '-1 month' AS DATE)
ORDER BY 1 NULLS LAST;

-- big_ids
WITH
orders_total AS (
  SELECT
    COUNT("order id") AS a0
  FROM shop.orders
  WHERE (("order id" > 2) AND ("select" IN ('a', 'b')))
)
SELECT
  COALESCE(s1.a0, 0) AS value
FROM orders_total AS s1;
