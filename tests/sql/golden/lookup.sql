-- duckdb
-- revenue_by_channel
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_acquired_channel AS (
  SELECT
    lookup_0 AS k0,
    SUM(amount) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS acquired_channel,
  s1.a0 AS value
FROM orders_by_acquired_channel AS s1
ORDER BY 1 NULLS LAST;

-- orders_by_plan
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_plan AS (
  SELECT
    lookup_1 AS k0,
    COUNT(order_id) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS plan,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_plan AS s1
ORDER BY 1 NULLS LAST;
-- postgres
-- revenue_by_channel
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE PRECISION) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE PRECISION) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_acquired_channel AS (
  SELECT
    lookup_0 AS k0,
    SUM(amount) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS acquired_channel,
  s1.a0 AS value
FROM orders_by_acquired_channel AS s1
ORDER BY 1 NULLS LAST;

-- orders_by_plan
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE PRECISION) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE PRECISION) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_plan AS (
  SELECT
    lookup_1 AS k0,
    COUNT(order_id) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS plan,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_plan AS s1
ORDER BY 1 NULLS LAST;
-- spark
-- revenue_by_channel
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_acquired_channel AS (
  SELECT
    lookup_0 AS k0,
    SUM(amount) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS acquired_channel,
  s1.a0 AS value
FROM orders_by_acquired_channel AS s1
ORDER BY 1 NULLS LAST;

-- orders_by_plan
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_plan AS (
  SELECT
    lookup_1 AS k0,
    COUNT(order_id) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS plan,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_plan AS s1
ORDER BY 1 NULLS LAST;
-- trino
-- revenue_by_channel
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_acquired_channel AS (
  SELECT
    lookup_0 AS k0,
    SUM(amount) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS acquired_channel,
  s1.a0 AS value
FROM orders_by_acquired_channel AS s1
ORDER BY 1 NULLS LAST;

-- orders_by_plan
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_plan AS (
  SELECT
    lookup_1 AS k0,
    COUNT(order_id) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS plan,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_plan AS s1
ORDER BY 1 NULLS LAST;
-- bigquery
-- revenue_by_channel
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS FLOAT64) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS FLOAT64) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_acquired_channel AS (
  SELECT
    lookup_0 AS k0,
    SUM(amount) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS acquired_channel,
  s1.a0 AS value
FROM orders_by_acquired_channel AS s1
ORDER BY 1 NULLS LAST;

-- orders_by_plan
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS FLOAT64) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS FLOAT64) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_plan AS (
  SELECT
    lookup_1 AS k0,
    COUNT(order_id) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS plan,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_plan AS s1
ORDER BY 1 NULLS LAST;
-- snowflake
-- revenue_by_channel
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_acquired_channel AS (
  SELECT
    lookup_0 AS k0,
    SUM(amount) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS acquired_channel,
  s1.a0 AS value
FROM orders_by_acquired_channel AS s1
ORDER BY 1 NULLS LAST;

-- orders_by_plan
WITH
customers_keyed AS (
  SELECT *
  FROM shop.customers
  WHERE customer_id IN (
    SELECT customer_id FROM shop.customers WHERE customer_id IS NOT NULL GROUP BY customer_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key customer_id of source customers is not unique' ELSE '1' END AS DOUBLE) = 1)
),
accounts_keyed AS (
  SELECT *
  FROM shop.accounts
  WHERE account_id IN (
    SELECT account_id FROM shop.accounts WHERE account_id IS NOT NULL GROUP BY account_id
    HAVING CAST(CASE WHEN COUNT(*) > 1 THEN 'kpic: the key account_id of source accounts is not unique' ELSE '1' END AS DOUBLE) = 1)
),
orders_with_lookups AS (
  SELECT
    kpic_s.*,
    kpic_j0.acquired_channel AS lookup_0,
    kpic_j1.plan AS lookup_1
  FROM shop.orders AS kpic_s
  LEFT JOIN customers_keyed AS kpic_j0 ON kpic_s.customer_id = kpic_j0.customer_id
  LEFT JOIN accounts_keyed AS kpic_j1 ON kpic_j0.account_id = kpic_j1.account_id
),
orders_by_plan AS (
  SELECT
    lookup_1 AS k0,
    COUNT(order_id) AS a0
  FROM orders_with_lookups
  GROUP BY 1
)
SELECT
  s1.k0 AS plan,
  COALESCE(s1.a0, 0) AS value
FROM orders_by_plan AS s1
ORDER BY 1 NULLS LAST;
