-- duckdb
-- buyers
WITH
events_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    (day - CAST(dayofmonth(day) - 1 AS INTEGER)) AS k1,
    COUNT(*) FILTER (WHERE (event = 'signup')) AS a0,
    COUNT(*) FILTER (WHERE (event = 'buy')) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
buyers_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
buyers_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM buyers_cohorts
  GROUP BY cohort
),
buyers_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM buyers_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 month') AS kpic_series(b)
),
buyers_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN buyers_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM buyers_periods AS p
LEFT JOIN buyers_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- quarterly
WITH
events_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    CAST(date_trunc('quarter', day) AS DATE) AS k1,
    COUNT(*) FILTER (WHERE (event = 'signup')) AS a0,
    COUNT(*) FILTER (WHERE (event = 'buy')) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM quarterly_cohorts
  GROUP BY cohort
),
quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '3 month') AS kpic_series(b)
),
quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM quarterly_periods AS p
LEFT JOIN quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- weekly
WITH
visits_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    CAST(CAST(date_trunc('week', CAST(CAST(timezone('America/New_York', make_timestamptz(epoch_us(ts))) AS DATE) + INTERVAL '1 day' AS DATE)) AS DATE) + INTERVAL '-1 day' AS DATE) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
weekly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
weekly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM weekly_cohorts
  GROUP BY cohort
),
weekly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM weekly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '7 day') AS kpic_series(b)
),
weekly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN weekly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM weekly_periods AS p
LEFT JOIN weekly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fiscal_quarterly
WITH
visits_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    CAST(CAST(date_trunc('quarter', CAST(CAST(timezone('America/New_York', make_timestamptz(epoch_us(ts))) AS DATE) + INTERVAL '-1 month' AS DATE)) AS DATE) + INTERVAL '1 month' AS DATE) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
fiscal_quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
fiscal_quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM fiscal_quarterly_cohorts
  GROUP BY cohort
),
fiscal_quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM fiscal_quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '3 month') AS kpic_series(b)
),
fiscal_quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN fiscal_quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM fiscal_quarterly_periods AS p
LEFT JOIN fiscal_quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- signups
WITH
events_by_entity_bucket_region AS (
  SELECT
    "user" AS k0,
    (CAST(ts AS DATE) - CAST(dayofmonth(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k1,
    region AS k2,
    COUNT(*) FILTER (WHERE (event = 'signup')) AS a0,
    COUNT(*) AS a1,
    MIN(ts) FILTER (WHERE (event = 'signup')) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3
),
signups_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST) AS n
  FROM events_by_entity_bucket_region
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
signups_cohorts AS (
  SELECT
    e,
    k2,
    cohort
  FROM signups_starts
  WHERE n = 1
),
signups_sizes AS (
  SELECT
    k2,
    cohort,
    COUNT(*) AS size
  FROM signups_cohorts
  GROUP BY k2, cohort
),
signups_periods AS (
  SELECT
    s.k2,
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM signups_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 month') AS kpic_series(b)
),
signups_active AS (
  SELECT
    c.k2,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region AS p
  JOIN signups_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM signups_periods AS p
LEFT JOIN signups_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND a.k2 IS NOT DISTINCT FROM p.k2
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST;

-- visits_by_region_event
WITH
events_by_entity_bucket_region_event AS (
  SELECT
    "user" AS k0,
    (CAST(ts AS DATE) - CAST(dayofmonth(CAST(ts AS DATE)) - 1 AS INTEGER)) AS k1,
    region AS k2,
    event AS k3,
    COUNT(*) FILTER (WHERE (event = 'visit')) AS a0,
    COUNT(*) AS a1,
    MIN(ts) FILTER (WHERE (event = 'visit')) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3, 4
),
visits_by_region_event_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    k3,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST, k3 NULLS LAST) AS n
  FROM events_by_entity_bucket_region_event
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
visits_by_region_event_cohorts AS (
  SELECT
    e,
    k2,
    k3,
    cohort
  FROM visits_by_region_event_starts
  WHERE n = 1
),
visits_by_region_event_sizes AS (
  SELECT
    k2,
    k3,
    cohort,
    COUNT(*) AS size
  FROM visits_by_region_event_cohorts
  GROUP BY k2, k3, cohort
),
visits_by_region_event_periods AS (
  SELECT
    s.k2,
    s.k3,
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.k3, s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.k3,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM visits_by_region_event_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region_event) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 month') AS kpic_series(b)
),
visits_by_region_event_active AS (
  SELECT
    c.k2,
    c.k3,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region_event AS p
  JOIN visits_by_region_event_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.k3, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.k3 AS event,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM visits_by_region_event_periods AS p
LEFT JOIN visits_by_region_event_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND a.k2 IS NOT DISTINCT FROM p.k2
  AND a.k3 IS NOT DISTINCT FROM p.k3
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST, 4 NULLS LAST;
-- postgres
-- buyers
WITH
events_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    CAST(date_trunc('month', day) AS DATE) AS k1,
    COUNT(*) FILTER (WHERE (event = 'signup')) AS a0,
    COUNT(*) FILTER (WHERE (event = 'buy')) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
buyers_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
buyers_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM buyers_cohorts
  GROUP BY cohort
),
buyers_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM buyers_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 month') AS kpic_series(b)
),
buyers_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN buyers_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE PRECISION) / p.size AS value
FROM buyers_periods AS p
LEFT JOIN buyers_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- quarterly
WITH
events_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    CAST(date_trunc('quarter', day) AS DATE) AS k1,
    COUNT(*) FILTER (WHERE (event = 'signup')) AS a0,
    COUNT(*) FILTER (WHERE (event = 'buy')) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM quarterly_cohorts
  GROUP BY cohort
),
quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '3 month') AS kpic_series(b)
),
quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE PRECISION) / p.size AS value
FROM quarterly_periods AS p
LEFT JOIN quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- weekly
WITH
visits_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    CAST(CAST(date_trunc('week', CAST(CAST((((TIMESTAMP 'epoch' + (ts - 'epoch')) AT TIME ZONE 'UTC') AT TIME ZONE 'America/New_York') AS DATE) + INTERVAL '1 day' AS DATE)) AS DATE) + INTERVAL '-1 day' AS DATE) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
weekly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
weekly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM weekly_cohorts
  GROUP BY cohort
),
weekly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM weekly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '7 day') AS kpic_series(b)
),
weekly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN weekly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE PRECISION) / p.size AS value
FROM weekly_periods AS p
LEFT JOIN weekly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fiscal_quarterly
WITH
visits_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    CAST(CAST(date_trunc('quarter', CAST(CAST((((TIMESTAMP 'epoch' + (ts - 'epoch')) AT TIME ZONE 'UTC') AT TIME ZONE 'America/New_York') AS DATE) + INTERVAL '-1 month' AS DATE)) AS DATE) + INTERVAL '1 month' AS DATE) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
fiscal_quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
fiscal_quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM fiscal_quarterly_cohorts
  GROUP BY cohort
),
fiscal_quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM fiscal_quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '3 month') AS kpic_series(b)
),
fiscal_quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN fiscal_quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE PRECISION) / p.size AS value
FROM fiscal_quarterly_periods AS p
LEFT JOIN fiscal_quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- signups
WITH
events_by_entity_bucket_region AS (
  SELECT
    "user" AS k0,
    CAST(date_trunc('month', ts) AS DATE) AS k1,
    region AS k2,
    COUNT(*) FILTER (WHERE (event = 'signup')) AS a0,
    COUNT(*) AS a1,
    MIN(ts) FILTER (WHERE (event = 'signup')) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3
),
signups_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST) AS n
  FROM events_by_entity_bucket_region
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
signups_cohorts AS (
  SELECT
    e,
    k2,
    cohort
  FROM signups_starts
  WHERE n = 1
),
signups_sizes AS (
  SELECT
    k2,
    cohort,
    COUNT(*) AS size
  FROM signups_cohorts
  GROUP BY k2, cohort
),
signups_periods AS (
  SELECT
    s.k2,
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM signups_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 month') AS kpic_series(b)
),
signups_active AS (
  SELECT
    c.k2,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region AS p
  JOIN signups_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE PRECISION) / p.size AS value
FROM signups_periods AS p
LEFT JOIN signups_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND ((a.k2 IS NULL) = (p.k2 IS NULL) AND COALESCE(CAST(a.k2 AS TEXT), '') = COALESCE(CAST(p.k2 AS TEXT), ''))
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST;

-- visits_by_region_event
WITH
events_by_entity_bucket_region_event AS (
  SELECT
    "user" AS k0,
    CAST(date_trunc('month', ts) AS DATE) AS k1,
    region AS k2,
    event AS k3,
    COUNT(*) FILTER (WHERE (event = 'visit')) AS a0,
    COUNT(*) AS a1,
    MIN(ts) FILTER (WHERE (event = 'visit')) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3, 4
),
visits_by_region_event_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    k3,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST, k3 NULLS LAST) AS n
  FROM events_by_entity_bucket_region_event
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
visits_by_region_event_cohorts AS (
  SELECT
    e,
    k2,
    k3,
    cohort
  FROM visits_by_region_event_starts
  WHERE n = 1
),
visits_by_region_event_sizes AS (
  SELECT
    k2,
    k3,
    cohort,
    COUNT(*) AS size
  FROM visits_by_region_event_cohorts
  GROUP BY k2, k3, cohort
),
visits_by_region_event_periods AS (
  SELECT
    s.k2,
    s.k3,
    s.lo AS cohort,
    s.size AS size,
    CAST(kpic_series.b AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.k3, s.lo ORDER BY CAST(kpic_series.b AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.k3,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM visits_by_region_event_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region_event) AS l
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 month') AS kpic_series(b)
),
visits_by_region_event_active AS (
  SELECT
    c.k2,
    c.k3,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region_event AS p
  JOIN visits_by_region_event_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.k3, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.k3 AS event,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE PRECISION) / p.size AS value
FROM visits_by_region_event_periods AS p
LEFT JOIN visits_by_region_event_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND ((a.k2 IS NULL) = (p.k2 IS NULL) AND COALESCE(CAST(a.k2 AS TEXT), '') = COALESCE(CAST(p.k2 AS TEXT), ''))
  AND ((a.k3 IS NULL) = (p.k3 IS NULL) AND COALESCE(CAST(a.k3 AS TEXT), '') = COALESCE(CAST(p.k3 AS TEXT), ''))
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST, 4 NULLS LAST;
-- spark
-- buyers
WITH
events_by_entity_bucket AS (
  SELECT
    `user` AS k0,
    trunc(day, 'MONTH') AS k1,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(CASE WHEN (event = 'buy') THEN 1 END) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
buyers_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
buyers_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM buyers_cohorts
  GROUP BY cohort
),
buyers_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM buyers_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 1 MONTH)) kpic_series AS b
),
buyers_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN buyers_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM buyers_periods AS p
LEFT JOIN buyers_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- quarterly
WITH
events_by_entity_bucket AS (
  SELECT
    `user` AS k0,
    trunc(day, 'QUARTER') AS k1,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(CASE WHEN (event = 'buy') THEN 1 END) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM quarterly_cohorts
  GROUP BY cohort
),
quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 3 MONTH)) kpic_series AS b
),
quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM quarterly_periods AS p
LEFT JOIN quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- weekly
WITH
visits_by_entity_bucket AS (
  SELECT
    `user` AS k0,
    date_add(trunc(date_add(CAST(from_utc_timestamp(ts, 'America/New_York') AS DATE), 1), 'WEEK'), -1) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
weekly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
weekly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM weekly_cohorts
  GROUP BY cohort
),
weekly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM weekly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 7 DAY)) kpic_series AS b
),
weekly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN weekly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM weekly_periods AS p
LEFT JOIN weekly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fiscal_quarterly
WITH
visits_by_entity_bucket AS (
  SELECT
    `user` AS k0,
    add_months(trunc(add_months(CAST(from_utc_timestamp(ts, 'America/New_York') AS DATE), -1), 'QUARTER'), 1) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
fiscal_quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
fiscal_quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM fiscal_quarterly_cohorts
  GROUP BY cohort
),
fiscal_quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM fiscal_quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 3 MONTH)) kpic_series AS b
),
fiscal_quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN fiscal_quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM fiscal_quarterly_periods AS p
LEFT JOIN fiscal_quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- signups
WITH
events_by_entity_bucket_region AS (
  SELECT
    `user` AS k0,
    CAST(date_trunc('MONTH', ts) AS DATE) AS k1,
    region AS k2,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(*) AS a1,
    MIN(CASE WHEN (event = 'signup') THEN ts END) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3
),
signups_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST) AS n
  FROM events_by_entity_bucket_region
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
signups_cohorts AS (
  SELECT
    e,
    k2,
    cohort
  FROM signups_starts
  WHERE n = 1
),
signups_sizes AS (
  SELECT
    k2,
    cohort,
    COUNT(*) AS size
  FROM signups_cohorts
  GROUP BY k2, cohort
),
signups_periods AS (
  SELECT
    s.k2,
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM signups_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region) AS l
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 1 MONTH)) kpic_series AS b
),
signups_active AS (
  SELECT
    c.k2,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region AS p
  JOIN signups_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM signups_periods AS p
LEFT JOIN signups_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND a.k2 <=> p.k2
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST;

-- visits_by_region_event
WITH
events_by_entity_bucket_region_event AS (
  SELECT
    `user` AS k0,
    CAST(date_trunc('MONTH', ts) AS DATE) AS k1,
    region AS k2,
    event AS k3,
    COUNT(CASE WHEN (event = 'visit') THEN 1 END) AS a0,
    COUNT(*) AS a1,
    MIN(CASE WHEN (event = 'visit') THEN ts END) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3, 4
),
visits_by_region_event_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    k3,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST, k3 NULLS LAST) AS n
  FROM events_by_entity_bucket_region_event
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
visits_by_region_event_cohorts AS (
  SELECT
    e,
    k2,
    k3,
    cohort
  FROM visits_by_region_event_starts
  WHERE n = 1
),
visits_by_region_event_sizes AS (
  SELECT
    k2,
    k3,
    cohort,
    COUNT(*) AS size
  FROM visits_by_region_event_cohorts
  GROUP BY k2, k3, cohort
),
visits_by_region_event_periods AS (
  SELECT
    s.k2,
    s.k3,
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.k3, s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.k3,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM visits_by_region_event_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region_event) AS l
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 1 MONTH)) kpic_series AS b
),
visits_by_region_event_active AS (
  SELECT
    c.k2,
    c.k3,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region_event AS p
  JOIN visits_by_region_event_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.k3, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.k3 AS event,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM visits_by_region_event_periods AS p
LEFT JOIN visits_by_region_event_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND a.k2 <=> p.k2
  AND a.k3 <=> p.k3
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST, 4 NULLS LAST;
-- trino
-- buyers
WITH
events_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    date_trunc('month', day) AS k1,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(CASE WHEN (event = 'buy') THEN 1 END) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
buyers_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
buyers_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM buyers_cohorts
  GROUP BY cohort
),
buyers_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM buyers_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '1' MONTH)) AS kpic_series(b)
),
buyers_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN buyers_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM buyers_periods AS p
LEFT JOIN buyers_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- quarterly
WITH
events_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    date_trunc('quarter', day) AS k1,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(CASE WHEN (event = 'buy') THEN 1 END) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM quarterly_cohorts
  GROUP BY cohort
),
quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '3' MONTH)) AS kpic_series(b)
),
quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM quarterly_periods AS p
LEFT JOIN quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- weekly
WITH
visits_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    date_add('day', -1, date_trunc('week', date_add('day', 1, CAST(CAST(with_timezone(CAST(ts AS TIMESTAMP(6)), 'UTC') AT TIME ZONE 'America/New_York' AS TIMESTAMP(6)) AS DATE)))) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
weekly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
weekly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM weekly_cohorts
  GROUP BY cohort
),
weekly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM weekly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '7' DAY)) AS kpic_series(b)
),
weekly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN weekly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM weekly_periods AS p
LEFT JOIN weekly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fiscal_quarterly
WITH
visits_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    date_add('month', 1, date_trunc('quarter', date_add('month', -1, CAST(CAST(with_timezone(CAST(ts AS TIMESTAMP(6)), 'UTC') AT TIME ZONE 'America/New_York' AS TIMESTAMP(6)) AS DATE)))) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
fiscal_quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
fiscal_quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM fiscal_quarterly_cohorts
  GROUP BY cohort
),
fiscal_quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM fiscal_quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '3' MONTH)) AS kpic_series(b)
),
fiscal_quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN fiscal_quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM fiscal_quarterly_periods AS p
LEFT JOIN fiscal_quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- signups
WITH
events_by_entity_bucket_region AS (
  SELECT
    "user" AS k0,
    CAST(date_trunc('month', ts) AS DATE) AS k1,
    region AS k2,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(*) AS a1,
    MIN(CASE WHEN (event = 'signup') THEN ts END) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3
),
signups_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST) AS n
  FROM events_by_entity_bucket_region
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
signups_cohorts AS (
  SELECT
    e,
    k2,
    cohort
  FROM signups_starts
  WHERE n = 1
),
signups_sizes AS (
  SELECT
    k2,
    cohort,
    COUNT(*) AS size
  FROM signups_cohorts
  GROUP BY k2, cohort
),
signups_periods AS (
  SELECT
    s.k2,
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM signups_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region) AS l
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '1' MONTH)) AS kpic_series(b)
),
signups_active AS (
  SELECT
    c.k2,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region AS p
  JOIN signups_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM signups_periods AS p
LEFT JOIN signups_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND a.k2 IS NOT DISTINCT FROM p.k2
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST;

-- visits_by_region_event
WITH
events_by_entity_bucket_region_event AS (
  SELECT
    "user" AS k0,
    CAST(date_trunc('month', ts) AS DATE) AS k1,
    region AS k2,
    event AS k3,
    COUNT(CASE WHEN (event = 'visit') THEN 1 END) AS a0,
    COUNT(*) AS a1,
    MIN(CASE WHEN (event = 'visit') THEN ts END) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3, 4
),
visits_by_region_event_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    k3,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST, k3 NULLS LAST) AS n
  FROM events_by_entity_bucket_region_event
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
visits_by_region_event_cohorts AS (
  SELECT
    e,
    k2,
    k3,
    cohort
  FROM visits_by_region_event_starts
  WHERE n = 1
),
visits_by_region_event_sizes AS (
  SELECT
    k2,
    k3,
    cohort,
    COUNT(*) AS size
  FROM visits_by_region_event_cohorts
  GROUP BY k2, k3, cohort
),
visits_by_region_event_periods AS (
  SELECT
    s.k2,
    s.k3,
    s.lo AS cohort,
    s.size AS size,
    kpic_series.b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.k3, s.lo ORDER BY kpic_series.b) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.k3,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM visits_by_region_event_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region_event) AS l
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '1' MONTH)) AS kpic_series(b)
),
visits_by_region_event_active AS (
  SELECT
    c.k2,
    c.k3,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region_event AS p
  JOIN visits_by_region_event_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.k3, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.k3 AS event,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM visits_by_region_event_periods AS p
LEFT JOIN visits_by_region_event_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND a.k2 IS NOT DISTINCT FROM p.k2
  AND a.k3 IS NOT DISTINCT FROM p.k3
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST, 4 NULLS LAST;
-- bigquery
-- buyers
WITH
events_by_entity_bucket AS (
  SELECT
    `user` AS k0,
    DATE_TRUNC(day, MONTH) AS k1,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(CASE WHEN (event = 'buy') THEN 1 END) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
buyers_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
buyers_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM buyers_cohorts
  GROUP BY cohort
),
buyers_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series_b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series_b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM buyers_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 1 MONTH)) AS kpic_series_b
),
buyers_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN buyers_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS FLOAT64) / p.size AS value
FROM buyers_periods AS p
LEFT JOIN buyers_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- quarterly
WITH
events_by_entity_bucket AS (
  SELECT
    `user` AS k0,
    DATE_TRUNC(day, QUARTER) AS k1,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(CASE WHEN (event = 'buy') THEN 1 END) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM quarterly_cohorts
  GROUP BY cohort
),
quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series_b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series_b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 3 MONTH)) AS kpic_series_b
),
quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS FLOAT64) / p.size AS value
FROM quarterly_periods AS p
LEFT JOIN quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- weekly
WITH
visits_by_entity_bucket AS (
  SELECT
    `user` AS k0,
    DATE_ADD(DATE_TRUNC(DATE_ADD(CAST(DATETIME(CAST(ts AS TIMESTAMP), 'America/New_York') AS DATE), INTERVAL 1 DAY), ISOWEEK), INTERVAL -1 DAY) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
weekly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
weekly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM weekly_cohorts
  GROUP BY cohort
),
weekly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series_b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series_b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM weekly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 7 DAY)) AS kpic_series_b
),
weekly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN weekly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS FLOAT64) / p.size AS value
FROM weekly_periods AS p
LEFT JOIN weekly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fiscal_quarterly
WITH
visits_by_entity_bucket AS (
  SELECT
    `user` AS k0,
    DATE_ADD(DATE_TRUNC(DATE_ADD(CAST(DATETIME(CAST(ts AS TIMESTAMP), 'America/New_York') AS DATE), INTERVAL -1 MONTH), QUARTER), INTERVAL 1 MONTH) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
fiscal_quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
fiscal_quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM fiscal_quarterly_cohorts
  GROUP BY cohort
),
fiscal_quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    kpic_series_b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY kpic_series_b) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM fiscal_quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 3 MONTH)) AS kpic_series_b
),
fiscal_quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN fiscal_quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS FLOAT64) / p.size AS value
FROM fiscal_quarterly_periods AS p
LEFT JOIN fiscal_quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- signups
WITH
events_by_entity_bucket_region AS (
  SELECT
    `user` AS k0,
    CAST(DATETIME_TRUNC(ts, MONTH) AS DATE) AS k1,
    region AS k2,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(*) AS a1,
    MIN(CASE WHEN (event = 'signup') THEN ts END) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3
),
signups_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST) AS n
  FROM events_by_entity_bucket_region
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
signups_cohorts AS (
  SELECT
    e,
    k2,
    cohort
  FROM signups_starts
  WHERE n = 1
),
signups_sizes AS (
  SELECT
    k2,
    cohort,
    COUNT(*) AS size
  FROM signups_cohorts
  GROUP BY k2, cohort
),
signups_periods AS (
  SELECT
    s.k2,
    s.lo AS cohort,
    s.size AS size,
    kpic_series_b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.lo ORDER BY kpic_series_b) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM signups_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region) AS l
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 1 MONTH)) AS kpic_series_b
),
signups_active AS (
  SELECT
    c.k2,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region AS p
  JOIN signups_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS FLOAT64) / p.size AS value
FROM signups_periods AS p
LEFT JOIN signups_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND (a.k2 = p.k2 OR (a.k2 IS NULL AND p.k2 IS NULL))
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST;

-- visits_by_region_event
WITH
events_by_entity_bucket_region_event AS (
  SELECT
    `user` AS k0,
    CAST(DATETIME_TRUNC(ts, MONTH) AS DATE) AS k1,
    region AS k2,
    event AS k3,
    COUNT(CASE WHEN (event = 'visit') THEN 1 END) AS a0,
    COUNT(*) AS a1,
    MIN(CASE WHEN (event = 'visit') THEN ts END) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3, 4
),
visits_by_region_event_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    k3,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST, k3 NULLS LAST) AS n
  FROM events_by_entity_bucket_region_event
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
visits_by_region_event_cohorts AS (
  SELECT
    e,
    k2,
    k3,
    cohort
  FROM visits_by_region_event_starts
  WHERE n = 1
),
visits_by_region_event_sizes AS (
  SELECT
    k2,
    k3,
    cohort,
    COUNT(*) AS size
  FROM visits_by_region_event_cohorts
  GROUP BY k2, k3, cohort
),
visits_by_region_event_periods AS (
  SELECT
    s.k2,
    s.k3,
    s.lo AS cohort,
    s.size AS size,
    kpic_series_b AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.k3, s.lo ORDER BY kpic_series_b) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.k3,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM visits_by_region_event_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region_event) AS l
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 1 MONTH)) AS kpic_series_b
),
visits_by_region_event_active AS (
  SELECT
    c.k2,
    c.k3,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region_event AS p
  JOIN visits_by_region_event_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.k3, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.k3 AS event,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS FLOAT64) / p.size AS value
FROM visits_by_region_event_periods AS p
LEFT JOIN visits_by_region_event_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND (a.k2 = p.k2 OR (a.k2 IS NULL AND p.k2 IS NULL))
  AND (a.k3 = p.k3 OR (a.k3 IS NULL AND p.k3 IS NULL))
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST, 4 NULLS LAST;
-- snowflake
-- buyers
WITH
events_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    DATE_TRUNC('MONTH', day) AS k1,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(CASE WHEN (event = 'buy') THEN 1 END) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
buyers_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
buyers_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM buyers_cohorts
  GROUP BY cohort
),
buyers_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM buyers_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, DATEDIFF(MONTH, s.lo, s.hi) + 1))) AS kpic_series
),
buyers_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN buyers_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM buyers_periods AS p
LEFT JOIN buyers_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- quarterly
WITH
events_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    DATE_TRUNC('QUARTER', day) AS k1,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(CASE WHEN (event = 'buy') THEN 1 END) AS a1
  FROM shop.events
  GROUP BY 1, 2
),
quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM events_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM quarterly_cohorts
  GROUP BY cohort
),
quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER) * 3, s.lo) AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER) * 3, s.lo) AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, CAST(DATEDIFF(MONTH, s.lo, s.hi) / 3 AS INTEGER) + 1))) AS kpic_series
),
quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM events_by_entity_bucket AS p
  JOIN quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM quarterly_periods AS p
LEFT JOIN quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- weekly
WITH
visits_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    DATEADD(DAY, -1, DATEADD(DAY, 1 - DAYOFWEEKISO(DATEADD(DAY, 1, CAST(CONVERT_TIMEZONE('UTC', 'America/New_York', TO_TIMESTAMP_NTZ(DATE_PART(EPOCH_MICROSECOND, ts), 6)) AS DATE))), DATEADD(DAY, 1, CAST(CONVERT_TIMEZONE('UTC', 'America/New_York', TO_TIMESTAMP_NTZ(DATE_PART(EPOCH_MICROSECOND, ts), 6)) AS DATE)))) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
weekly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
weekly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM weekly_cohorts
  GROUP BY cohort
),
weekly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(DATEADD(DAY, CAST(kpic_series.value AS INTEGER) * 7, s.lo) AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(DATEADD(DAY, CAST(kpic_series.value AS INTEGER) * 7, s.lo) AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM weekly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, CAST(DATEDIFF(DAY, s.lo, s.hi) / 7 AS INTEGER) + 1))) AS kpic_series
),
weekly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN weekly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM weekly_periods AS p
LEFT JOIN weekly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fiscal_quarterly
WITH
visits_by_entity_bucket AS (
  SELECT
    "user" AS k0,
    DATEADD(MONTH, 1, DATE_TRUNC('QUARTER', DATEADD(MONTH, -1, CAST(CONVERT_TIMEZONE('UTC', 'America/New_York', TO_TIMESTAMP_NTZ(DATE_PART(EPOCH_MICROSECOND, ts), 6)) AS DATE)))) AS k1,
    COUNT(*) AS a0
  FROM shop.visits
  GROUP BY 1, 2
),
fiscal_quarterly_cohorts AS (
  SELECT
    k0 AS e,
    MIN(k1) AS cohort
  FROM visits_by_entity_bucket
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
  GROUP BY k0
),
fiscal_quarterly_sizes AS (
  SELECT
    cohort,
    COUNT(*) AS size
  FROM fiscal_quarterly_cohorts
  GROUP BY cohort
),
fiscal_quarterly_periods AS (
  SELECT
    s.lo AS cohort,
    s.size AS size,
    CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER) * 3, s.lo) AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.lo ORDER BY CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER) * 3, s.lo) AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM fiscal_quarterly_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM visits_by_entity_bucket) AS l
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, CAST(DATEDIFF(MONTH, s.lo, s.hi) / 3 AS INTEGER) + 1))) AS kpic_series
),
fiscal_quarterly_active AS (
  SELECT
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(*) AS n
  FROM visits_by_entity_bucket AS p
  JOIN fiscal_quarterly_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a0 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.cohort, p.k1
)
SELECT
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM fiscal_quarterly_periods AS p
LEFT JOIN fiscal_quarterly_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
ORDER BY 1 NULLS LAST, 2 NULLS LAST;
-- signups
WITH
events_by_entity_bucket_region AS (
  SELECT
    "user" AS k0,
    CAST(DATE_TRUNC('MONTH', ts) AS DATE) AS k1,
    region AS k2,
    COUNT(CASE WHEN (event = 'signup') THEN 1 END) AS a0,
    COUNT(*) AS a1,
    MIN(CASE WHEN (event = 'signup') THEN ts END) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3
),
signups_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST) AS n
  FROM events_by_entity_bucket_region
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
signups_cohorts AS (
  SELECT
    e,
    k2,
    cohort
  FROM signups_starts
  WHERE n = 1
),
signups_sizes AS (
  SELECT
    k2,
    cohort,
    COUNT(*) AS size
  FROM signups_cohorts
  GROUP BY k2, cohort
),
signups_periods AS (
  SELECT
    s.k2,
    s.lo AS cohort,
    s.size AS size,
    CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.lo ORDER BY CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM signups_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region) AS l
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, DATEDIFF(MONTH, s.lo, s.hi) + 1))) AS kpic_series
),
signups_active AS (
  SELECT
    c.k2,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region AS p
  JOIN signups_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM signups_periods AS p
LEFT JOIN signups_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND a.k2 IS NOT DISTINCT FROM p.k2
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST;

-- visits_by_region_event
WITH
events_by_entity_bucket_region_event AS (
  SELECT
    "user" AS k0,
    CAST(DATE_TRUNC('MONTH', ts) AS DATE) AS k1,
    region AS k2,
    event AS k3,
    COUNT(CASE WHEN (event = 'visit') THEN 1 END) AS a0,
    COUNT(*) AS a1,
    MIN(CASE WHEN (event = 'visit') THEN ts END) AS a2
  FROM shop.events
  GROUP BY 1, 2, 3, 4
),
visits_by_region_event_starts AS (
  SELECT
    k0 AS e,
    k1 AS cohort,
    k2,
    k3,
    ROW_NUMBER() OVER (PARTITION BY k0 ORDER BY a2, k2 NULLS LAST, k3 NULLS LAST) AS n
  FROM events_by_entity_bucket_region_event
  WHERE a0 > 0
    AND k0 IS NOT NULL
    AND k1 IS NOT NULL
),
visits_by_region_event_cohorts AS (
  SELECT
    e,
    k2,
    k3,
    cohort
  FROM visits_by_region_event_starts
  WHERE n = 1
),
visits_by_region_event_sizes AS (
  SELECT
    k2,
    k3,
    cohort,
    COUNT(*) AS size
  FROM visits_by_region_event_cohorts
  GROUP BY k2, k3, cohort
),
visits_by_region_event_periods AS (
  SELECT
    s.k2,
    s.k3,
    s.lo AS cohort,
    s.size AS size,
    CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE) AS b,
    ROW_NUMBER() OVER (PARTITION BY s.k2, s.k3, s.lo ORDER BY CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE)) - 1 AS period
  FROM (
    SELECT
      z.k2,
      z.k3,
      z.cohort AS lo,
      l.hi AS hi,
      z.size AS size
    FROM visits_by_region_event_sizes AS z
    CROSS JOIN (SELECT MAX(k1) AS hi FROM events_by_entity_bucket_region_event) AS l
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, DATEDIFF(MONTH, s.lo, s.hi) + 1))) AS kpic_series
),
visits_by_region_event_active AS (
  SELECT
    c.k2,
    c.k3,
    c.cohort AS cohort,
    p.k1 AS b,
    COUNT(DISTINCT p.k0) AS n
  FROM events_by_entity_bucket_region_event AS p
  JOIN visits_by_region_event_cohorts AS c
    ON p.k0 = c.e
  WHERE p.a1 > 0
    AND p.k1 >= c.cohort
  GROUP BY c.k2, c.k3, c.cohort, p.k1
)
SELECT
  p.k2 AS region,
  p.k3 AS event,
  p.cohort AS cohort,
  p.period AS period,
  CAST(100 * COALESCE(a.n, 0) AS DOUBLE) / p.size AS value
FROM visits_by_region_event_periods AS p
LEFT JOIN visits_by_region_event_active AS a
  ON a.cohort = p.cohort
  AND a.b = p.b
  AND a.k2 IS NOT DISTINCT FROM p.k2
  AND a.k3 IS NOT DISTINCT FROM p.k3
ORDER BY 1 NULLS LAST, 2 NULLS LAST, 3 NULLS LAST, 4 NULLS LAST;
