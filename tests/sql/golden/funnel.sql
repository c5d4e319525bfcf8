-- duckdb
-- signup_to_purchase
WITH
events_by_month_funnel_rows AS (
  SELECT
    (CAST(ts AS DATE) - CAST(dayofmonth(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k0,
    user_id AS entity_1,
    epoch_us(CAST(ts AS TIMESTAMP)) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2,
    CASE WHEN (event = 'purchase') THEN 1 ELSE 0 END AS step_1_3
  FROM shop.events
),
events_by_month_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_month_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_month_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_month_funnel1_starts
  WHERE n = 1
),
events_by_month_funnel1_step1_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step1
  GROUP BY 1
),
events_by_month_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step1 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step2 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_3 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step3
  GROUP BY 1
),
events_by_month_groups AS (
  SELECT
    (CAST(ts AS DATE) - CAST(dayofmonth(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_month AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0,
    COALESCE(c2.n, 0) AS a1
  FROM events_by_month_groups AS g
  LEFT JOIN events_by_month_funnel1_step1_count AS c1
    ON g.k0 IS NOT DISTINCT FROM c1.k0
  LEFT JOIN events_by_month_funnel1_step3_count AS c2
    ON g.k0 IS NOT DISTINCT FROM c2.k0
)
SELECT
  s1.k0 AS month,
  (CAST((100 * COALESCE(s1.a1, 0)) AS DOUBLE) / NULLIF(COALESCE(s1.a0, 0), 0)) AS value
FROM events_by_month AS s1
ORDER BY 1 NULLS LAST;

-- eu_trials_inner
WITH
events_total_funnel_rows AS (
  SELECT
    user_id AS entity_1,
    epoch_us(CAST(ts AS TIMESTAMP)) AS time_1,
    CASE WHEN (region = 'eu') AND (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (region = 'eu') AND (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_total_funnel1_step1 AS (
  SELECT
    entity_1 AS e,
    MIN(time_1) AS t1,
    MIN(time_1) AS t
  FROM events_total_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
  GROUP BY entity_1
),
events_total_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t
  FROM events_total_funnel1_step1 AS p
  JOIN events_total_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1
),
events_total_funnel1_step2_count AS (
  SELECT
    COUNT(*) AS n
  FROM events_total_funnel1_step2
),
events_total AS (
  SELECT
    COALESCE(c1.n, 0) AS a0
  FROM events_total_funnel1_step2_count AS c1
)
SELECT
  COALESCE(s1.a0, 0) AS value
FROM events_total AS s1;

-- daily_trials
WITH
events_by_week_funnel_rows AS (
  SELECT
    (CAST(ts AS DATE) - CAST(isodow(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k0,
    user_id AS entity_1,
    epoch_us(CAST(CAST(ts AS DATE) AS TIMESTAMP)) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_by_week_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_week_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_week_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_week_funnel1_starts
  WHERE n = 1
),
events_by_week_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_week_funnel1_step1 AS p
  JOIN events_by_week_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 172800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_week_funnel1_step2_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_week_funnel1_step2
  GROUP BY 1
),
events_by_week_groups AS (
  SELECT
    (CAST(ts AS DATE) - CAST(isodow(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_week AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0
  FROM events_by_week_groups AS g
  LEFT JOIN events_by_week_funnel1_step2_count AS c1
    ON g.k0 IS NOT DISTINCT FROM c1.k0
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM events_by_week AS s1
ORDER BY 1 NULLS LAST;
-- postgres
-- signup_to_purchase
WITH
events_by_month_funnel_rows AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0,
    user_id AS entity_1,
    CAST((EXTRACT(EPOCH FROM CAST(ts AS TIMESTAMP)) * 1000000) AS BIGINT) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2,
    CASE WHEN (event = 'purchase') THEN 1 ELSE 0 END AS step_1_3
  FROM shop.events
),
events_by_month_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_month_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_month_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_month_funnel1_starts
  WHERE n = 1
),
events_by_month_funnel1_step1_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step1
  GROUP BY 1
),
events_by_month_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step1 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step2 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_3 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step3
  GROUP BY 1
),
events_by_month_groups AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_month AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0,
    COALESCE(c2.n, 0) AS a1
  FROM events_by_month_groups AS g
  LEFT JOIN events_by_month_funnel1_step1_count AS c1
    ON ((g.k0 IS NULL) = (c1.k0 IS NULL) AND COALESCE(CAST(g.k0 AS TEXT), '') = COALESCE(CAST(c1.k0 AS TEXT), ''))
  LEFT JOIN events_by_month_funnel1_step3_count AS c2
    ON ((g.k0 IS NULL) = (c2.k0 IS NULL) AND COALESCE(CAST(g.k0 AS TEXT), '') = COALESCE(CAST(c2.k0 AS TEXT), ''))
)
SELECT
  s1.k0 AS month,
  (CAST((100 * COALESCE(s1.a1, 0)) AS DOUBLE PRECISION) / NULLIF(COALESCE(s1.a0, 0), 0)) AS value
FROM events_by_month AS s1
ORDER BY 1 NULLS LAST;

-- eu_trials_inner
WITH
events_total_funnel_rows AS (
  SELECT
    user_id AS entity_1,
    CAST((EXTRACT(EPOCH FROM CAST(ts AS TIMESTAMP)) * 1000000) AS BIGINT) AS time_1,
    CASE WHEN (region = 'eu') AND (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (region = 'eu') AND (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_total_funnel1_step1 AS (
  SELECT
    entity_1 AS e,
    MIN(time_1) AS t1,
    MIN(time_1) AS t
  FROM events_total_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
  GROUP BY entity_1
),
events_total_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t
  FROM events_total_funnel1_step1 AS p
  JOIN events_total_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1
),
events_total_funnel1_step2_count AS (
  SELECT
    COUNT(*) AS n
  FROM events_total_funnel1_step2
),
events_total AS (
  SELECT
    COALESCE(c1.n, 0) AS a0
  FROM events_total_funnel1_step2_count AS c1
)
SELECT
  COALESCE(s1.a0, 0) AS value
FROM events_total AS s1;

-- daily_trials
WITH
events_by_week_funnel_rows AS (
  SELECT
    CAST(date_trunc('week', ts) AS DATE) AS k0,
    user_id AS entity_1,
    CAST((EXTRACT(EPOCH FROM CAST(CAST(ts AS DATE) AS TIMESTAMP)) * 1000000) AS BIGINT) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_by_week_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_week_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_week_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_week_funnel1_starts
  WHERE n = 1
),
events_by_week_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_week_funnel1_step1 AS p
  JOIN events_by_week_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 172800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_week_funnel1_step2_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_week_funnel1_step2
  GROUP BY 1
),
events_by_week_groups AS (
  SELECT
    CAST(date_trunc('week', ts) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_week AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0
  FROM events_by_week_groups AS g
  LEFT JOIN events_by_week_funnel1_step2_count AS c1
    ON ((g.k0 IS NULL) = (c1.k0 IS NULL) AND COALESCE(CAST(g.k0 AS TEXT), '') = COALESCE(CAST(c1.k0 AS TEXT), ''))
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM events_by_week AS s1
ORDER BY 1 NULLS LAST;
-- spark
-- signup_to_purchase
WITH
events_by_month_funnel_rows AS (
  SELECT
    CAST(date_trunc('MONTH', ts) AS DATE) AS k0,
    user_id AS entity_1,
    unix_micros(CAST(ts AS TIMESTAMP)) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2,
    CASE WHEN (event = 'purchase') THEN 1 ELSE 0 END AS step_1_3
  FROM shop.events
),
events_by_month_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_month_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_month_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_month_funnel1_starts
  WHERE n = 1
),
events_by_month_funnel1_step1_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step1
  GROUP BY 1
),
events_by_month_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step1 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step2 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_3 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step3
  GROUP BY 1
),
events_by_month_groups AS (
  SELECT
    CAST(date_trunc('MONTH', ts) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_month AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0,
    COALESCE(c2.n, 0) AS a1
  FROM events_by_month_groups AS g
  LEFT JOIN events_by_month_funnel1_step1_count AS c1
    ON g.k0 <=> c1.k0
  LEFT JOIN events_by_month_funnel1_step3_count AS c2
    ON g.k0 <=> c2.k0
)
SELECT
  s1.k0 AS month,
  (CAST((100 * COALESCE(s1.a1, 0)) AS DOUBLE) / NULLIF(COALESCE(s1.a0, 0), 0)) AS value
FROM events_by_month AS s1
ORDER BY 1 NULLS LAST;

-- eu_trials_inner
WITH
events_total_funnel_rows AS (
  SELECT
    user_id AS entity_1,
    unix_micros(CAST(ts AS TIMESTAMP)) AS time_1,
    CASE WHEN (region = 'eu') AND (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (region = 'eu') AND (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_total_funnel1_step1 AS (
  SELECT
    entity_1 AS e,
    MIN(time_1) AS t1,
    MIN(time_1) AS t
  FROM events_total_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
  GROUP BY entity_1
),
events_total_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t
  FROM events_total_funnel1_step1 AS p
  JOIN events_total_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1
),
events_total_funnel1_step2_count AS (
  SELECT
    COUNT(*) AS n
  FROM events_total_funnel1_step2
),
events_total AS (
  SELECT
    COALESCE(c1.n, 0) AS a0
  FROM events_total_funnel1_step2_count AS c1
)
SELECT
  COALESCE(s1.a0, 0) AS value
FROM events_total AS s1;

-- daily_trials
WITH
events_by_week_funnel_rows AS (
  SELECT
    CAST(date_trunc('WEEK', ts) AS DATE) AS k0,
    user_id AS entity_1,
    unix_micros(CAST(CAST(ts AS DATE) AS TIMESTAMP)) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_by_week_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_week_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_week_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_week_funnel1_starts
  WHERE n = 1
),
events_by_week_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_week_funnel1_step1 AS p
  JOIN events_by_week_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 172800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_week_funnel1_step2_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_week_funnel1_step2
  GROUP BY 1
),
events_by_week_groups AS (
  SELECT
    CAST(date_trunc('WEEK', ts) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_week AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0
  FROM events_by_week_groups AS g
  LEFT JOIN events_by_week_funnel1_step2_count AS c1
    ON g.k0 <=> c1.k0
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM events_by_week AS s1
ORDER BY 1 NULLS LAST;
-- trino
-- signup_to_purchase
WITH
events_by_month_funnel_rows AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0,
    user_id AS entity_1,
    CAST(round(to_unixtime(with_timezone(CAST(ts AS TIMESTAMP(6)), 'UTC')) * 1000000) AS BIGINT) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2,
    CASE WHEN (event = 'purchase') THEN 1 ELSE 0 END AS step_1_3
  FROM shop.events
),
events_by_month_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_month_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_month_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_month_funnel1_starts
  WHERE n = 1
),
events_by_month_funnel1_step1_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step1
  GROUP BY 1
),
events_by_month_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step1 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step2 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_3 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step3
  GROUP BY 1
),
events_by_month_groups AS (
  SELECT
    CAST(date_trunc('month', ts) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_month AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0,
    COALESCE(c2.n, 0) AS a1
  FROM events_by_month_groups AS g
  LEFT JOIN events_by_month_funnel1_step1_count AS c1
    ON g.k0 IS NOT DISTINCT FROM c1.k0
  LEFT JOIN events_by_month_funnel1_step3_count AS c2
    ON g.k0 IS NOT DISTINCT FROM c2.k0
)
SELECT
  s1.k0 AS month,
  (CAST((100 * COALESCE(s1.a1, 0)) AS DOUBLE) / NULLIF(COALESCE(s1.a0, 0), 0)) AS value
FROM events_by_month AS s1
ORDER BY 1 NULLS LAST;

-- eu_trials_inner
WITH
events_total_funnel_rows AS (
  SELECT
    user_id AS entity_1,
    CAST(round(to_unixtime(with_timezone(CAST(ts AS TIMESTAMP(6)), 'UTC')) * 1000000) AS BIGINT) AS time_1,
    CASE WHEN (region = 'eu') AND (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (region = 'eu') AND (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_total_funnel1_step1 AS (
  SELECT
    entity_1 AS e,
    MIN(time_1) AS t1,
    MIN(time_1) AS t
  FROM events_total_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
  GROUP BY entity_1
),
events_total_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t
  FROM events_total_funnel1_step1 AS p
  JOIN events_total_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1
),
events_total_funnel1_step2_count AS (
  SELECT
    COUNT(*) AS n
  FROM events_total_funnel1_step2
),
events_total AS (
  SELECT
    COALESCE(c1.n, 0) AS a0
  FROM events_total_funnel1_step2_count AS c1
)
SELECT
  COALESCE(s1.a0, 0) AS value
FROM events_total AS s1;

-- daily_trials
WITH
events_by_week_funnel_rows AS (
  SELECT
    CAST(date_trunc('week', ts) AS DATE) AS k0,
    user_id AS entity_1,
    CAST(round(to_unixtime(with_timezone(CAST(CAST(ts AS DATE) AS TIMESTAMP(6)), 'UTC')) * 1000000) AS BIGINT) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_by_week_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_week_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_week_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_week_funnel1_starts
  WHERE n = 1
),
events_by_week_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_week_funnel1_step1 AS p
  JOIN events_by_week_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 172800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_week_funnel1_step2_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_week_funnel1_step2
  GROUP BY 1
),
events_by_week_groups AS (
  SELECT
    CAST(date_trunc('week', ts) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_week AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0
  FROM events_by_week_groups AS g
  LEFT JOIN events_by_week_funnel1_step2_count AS c1
    ON g.k0 IS NOT DISTINCT FROM c1.k0
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM events_by_week AS s1
ORDER BY 1 NULLS LAST;
-- bigquery
-- signup_to_purchase
WITH
events_by_month_funnel_rows AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, MONTH) AS DATE) AS k0,
    user_id AS entity_1,
    UNIX_MICROS(TIMESTAMP(CAST(ts AS DATETIME))) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2,
    CASE WHEN (event = 'purchase') THEN 1 ELSE 0 END AS step_1_3
  FROM shop.events
),
events_by_month_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_month_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_month_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_month_funnel1_starts
  WHERE n = 1
),
events_by_month_funnel1_step1_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step1
  GROUP BY 1
),
events_by_month_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step1 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step2 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_3 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step3
  GROUP BY 1
),
events_by_month_groups AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, MONTH) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_month AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0,
    COALESCE(c2.n, 0) AS a1
  FROM events_by_month_groups AS g
  LEFT JOIN events_by_month_funnel1_step1_count AS c1
    ON (g.k0 = c1.k0 OR (g.k0 IS NULL AND c1.k0 IS NULL))
  LEFT JOIN events_by_month_funnel1_step3_count AS c2
    ON (g.k0 = c2.k0 OR (g.k0 IS NULL AND c2.k0 IS NULL))
)
SELECT
  s1.k0 AS month,
  (CAST((100 * COALESCE(s1.a1, 0)) AS FLOAT64) / NULLIF(COALESCE(s1.a0, 0), 0)) AS value
FROM events_by_month AS s1
ORDER BY 1 NULLS LAST;

-- eu_trials_inner
WITH
events_total_funnel_rows AS (
  SELECT
    user_id AS entity_1,
    UNIX_MICROS(TIMESTAMP(CAST(ts AS DATETIME))) AS time_1,
    CASE WHEN (region = 'eu') AND (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (region = 'eu') AND (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_total_funnel1_step1 AS (
  SELECT
    entity_1 AS e,
    MIN(time_1) AS t1,
    MIN(time_1) AS t
  FROM events_total_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
  GROUP BY entity_1
),
events_total_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t
  FROM events_total_funnel1_step1 AS p
  JOIN events_total_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1
),
events_total_funnel1_step2_count AS (
  SELECT
    COUNT(*) AS n
  FROM events_total_funnel1_step2
),
events_total AS (
  SELECT
    COALESCE(c1.n, 0) AS a0
  FROM events_total_funnel1_step2_count AS c1
)
SELECT
  COALESCE(s1.a0, 0) AS value
FROM events_total AS s1;

-- daily_trials
WITH
events_by_week_funnel_rows AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, ISOWEEK) AS DATE) AS k0,
    user_id AS entity_1,
    UNIX_MICROS(TIMESTAMP(CAST(CAST(ts AS DATE) AS DATETIME))) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_by_week_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_week_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_week_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_week_funnel1_starts
  WHERE n = 1
),
events_by_week_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_week_funnel1_step1 AS p
  JOIN events_by_week_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 172800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_week_funnel1_step2_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_week_funnel1_step2
  GROUP BY 1
),
events_by_week_groups AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, ISOWEEK) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_week AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0
  FROM events_by_week_groups AS g
  LEFT JOIN events_by_week_funnel1_step2_count AS c1
    ON (g.k0 = c1.k0 OR (g.k0 IS NULL AND c1.k0 IS NULL))
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM events_by_week AS s1
ORDER BY 1 NULLS LAST;
-- snowflake
-- signup_to_purchase
WITH
events_by_month_funnel_rows AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', ts) AS DATE) AS k0,
    user_id AS entity_1,
    CAST(DATE_PART(EPOCH_MICROSECOND, CAST(ts AS TIMESTAMP_NTZ)) AS BIGINT) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2,
    CASE WHEN (event = 'purchase') THEN 1 ELSE 0 END AS step_1_3
  FROM shop.events
),
events_by_month_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_month_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_month_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_month_funnel1_starts
  WHERE n = 1
),
events_by_month_funnel1_step1_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step1
  GROUP BY 1
),
events_by_month_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step1 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_month_funnel1_step2 AS p
  JOIN events_by_month_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_3 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_month_funnel1_step3_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_month_funnel1_step3
  GROUP BY 1
),
events_by_month_groups AS (
  SELECT
    CAST(DATE_TRUNC('MONTH', ts) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_month AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0,
    COALESCE(c2.n, 0) AS a1
  FROM events_by_month_groups AS g
  LEFT JOIN events_by_month_funnel1_step1_count AS c1
    ON g.k0 IS NOT DISTINCT FROM c1.k0
  LEFT JOIN events_by_month_funnel1_step3_count AS c2
    ON g.k0 IS NOT DISTINCT FROM c2.k0
)
SELECT
  s1.k0 AS month,
  (CAST((100 * COALESCE(s1.a1, 0)) AS DOUBLE) / NULLIF(COALESCE(s1.a0, 0), 0)) AS value
FROM events_by_month AS s1
ORDER BY 1 NULLS LAST;

-- eu_trials_inner
WITH
events_total_funnel_rows AS (
  SELECT
    user_id AS entity_1,
    CAST(DATE_PART(EPOCH_MICROSECOND, CAST(ts AS TIMESTAMP_NTZ)) AS BIGINT) AS time_1,
    CASE WHEN (region = 'eu') AND (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (region = 'eu') AND (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_total_funnel1_step1 AS (
  SELECT
    entity_1 AS e,
    MIN(time_1) AS t1,
    MIN(time_1) AS t
  FROM events_total_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
  GROUP BY entity_1
),
events_total_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t
  FROM events_total_funnel1_step1 AS p
  JOIN events_total_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 604800000000
  GROUP BY p.e, p.t1
),
events_total_funnel1_step2_count AS (
  SELECT
    COUNT(*) AS n
  FROM events_total_funnel1_step2
),
events_total AS (
  SELECT
    COALESCE(c1.n, 0) AS a0
  FROM events_total_funnel1_step2_count AS c1
)
SELECT
  COALESCE(s1.a0, 0) AS value
FROM events_total AS s1;

-- daily_trials
WITH
events_by_week_funnel_rows AS (
  SELECT
    CAST(DATEADD(DAY, 1 - DAYOFWEEKISO(ts), DATE_TRUNC('DAY', ts)) AS DATE) AS k0,
    user_id AS entity_1,
    CAST(DATE_PART(EPOCH_MICROSECOND, CAST(CAST(ts AS DATE) AS TIMESTAMP_NTZ)) AS BIGINT) AS time_1,
    CASE WHEN (event = 'signup') THEN 1 ELSE 0 END AS step_1_1,
    CASE WHEN (event = 'trial') THEN 1 ELSE 0 END AS step_1_2
  FROM shop.events
),
events_by_week_funnel1_starts AS (
  SELECT
    entity_1 AS e,
    time_1 AS t,
    k0,
    ROW_NUMBER() OVER (PARTITION BY entity_1 ORDER BY time_1, k0 NULLS LAST) AS n
  FROM events_by_week_funnel_rows
  WHERE step_1_1 = 1
    AND entity_1 IS NOT NULL
    AND time_1 IS NOT NULL
),
events_by_week_funnel1_step1 AS (
  SELECT
    e,
    t AS t1,
    t,
    k0
  FROM events_by_week_funnel1_starts
  WHERE n = 1
),
events_by_week_funnel1_step2 AS (
  SELECT
    p.e,
    p.t1,
    MIN(r.time_1) AS t,
    p.k0
  FROM events_by_week_funnel1_step1 AS p
  JOIN events_by_week_funnel_rows AS r
    ON r.entity_1 = p.e
    AND r.step_1_2 = 1
    AND r.time_1 >= p.t
    AND r.time_1 <= p.t1 + 172800000000
  GROUP BY p.e, p.t1, p.k0
),
events_by_week_funnel1_step2_count AS (
  SELECT
    k0,
    COUNT(*) AS n
  FROM events_by_week_funnel1_step2
  GROUP BY 1
),
events_by_week_groups AS (
  SELECT
    CAST(DATEADD(DAY, 1 - DAYOFWEEKISO(ts), DATE_TRUNC('DAY', ts)) AS DATE) AS k0
  FROM shop.events
  GROUP BY 1
),
events_by_week AS (
  SELECT
    g.k0,
    COALESCE(c1.n, 0) AS a0
  FROM events_by_week_groups AS g
  LEFT JOIN events_by_week_funnel1_step2_count AS c1
    ON g.k0 IS NOT DISTINCT FROM c1.k0
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM events_by_week AS s1
ORDER BY 1 NULLS LAST;
