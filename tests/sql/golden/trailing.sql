-- duckdb
-- region_2d
WITH
activity_days AS (
  SELECT
    CAST(date_trunc('day', ts) AS DATE) AS k0,
    region AS k1,
    1 AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    CAST(kpic_series.b AS DATE) AS k0,
    s.k1 AS k1
  FROM (
    SELECT
      k1,
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
    GROUP BY k1
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 day') AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
region_2d_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1
  FROM activity_buckets AS s1
),
region_2d_trailing AS (
  SELECT
    a.k0,
    a.k1,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0, k1 FROM region_2d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k1 IS NOT DISTINCT FROM a.k1
    AND r.k0 >= CAST(CAST(a.k0 + INTERVAL '1 day' AS DATE) + INTERVAL '-2 day' AS DATE)
    AND r.k0 < CAST(a.k0 + INTERVAL '1 day' AS DATE)
  GROUP BY a.k0, a.k1
)
SELECT
  s1.k0 AS day,
  s1.k1 AS region,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN region_2d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
  AND period1.k1 IS NOT DISTINCT FROM s1.k1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- users_60d
WITH
activity_days AS (
  SELECT
    CAST(date_trunc('day', ts) AS DATE) AS k0,
    user_id AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    CAST(kpic_series.b AS DATE) AS k0
  FROM (
    SELECT
      CAST(date_trunc('month', MIN(k0)) AS DATE) AS lo,
      CAST(date_trunc('month', MAX(k0)) AS DATE) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 month') AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
users_60d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM activity_buckets AS s1
),
users_60d_trailing AS (
  SELECT
    a.k0,
    COUNT(DISTINCT r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM users_60d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k0 >= CAST(CAST(a.k0 + INTERVAL '1 month' AS DATE) + INTERVAL '-60 day' AS DATE)
    AND r.k0 < CAST(a.k0 + INTERVAL '1 month' AS DATE)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS month,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN users_60d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
ORDER BY 1 NULLS LAST;
-- postgres
-- region_2d
WITH
activity_days AS (
  SELECT
    CAST(date_trunc('day', ts) AS DATE) AS k0,
    region AS k1,
    1 AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    CAST(kpic_series.b AS DATE) AS k0,
    s.k1 AS k1
  FROM (
    SELECT
      k1,
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
    GROUP BY k1
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 day') AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
region_2d_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1
  FROM activity_buckets AS s1
),
region_2d_trailing AS (
  SELECT
    a.k0,
    a.k1,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0, k1 FROM region_2d_rows) AS a
  LEFT JOIN activity_days AS r
    ON ((r.k1 IS NULL) = (a.k1 IS NULL) AND COALESCE(CAST(r.k1 AS TEXT), '') = COALESCE(CAST(a.k1 AS TEXT), ''))
    AND r.k0 >= CAST(CAST(a.k0 + INTERVAL '1 day' AS DATE) + INTERVAL '-2 day' AS DATE)
    AND r.k0 < CAST(a.k0 + INTERVAL '1 day' AS DATE)
  GROUP BY a.k0, a.k1
)
SELECT
  s1.k0 AS day,
  s1.k1 AS region,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN region_2d_trailing AS period1
  ON ((period1.k0 IS NULL) = (s1.k0 IS NULL) AND COALESCE(CAST(period1.k0 AS TEXT), '') = COALESCE(CAST(s1.k0 AS TEXT), ''))
  AND ((period1.k1 IS NULL) = (s1.k1 IS NULL) AND COALESCE(CAST(period1.k1 AS TEXT), '') = COALESCE(CAST(s1.k1 AS TEXT), ''))
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- users_60d
WITH
activity_days AS (
  SELECT
    CAST(date_trunc('day', ts) AS DATE) AS k0,
    user_id AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    CAST(kpic_series.b AS DATE) AS k0
  FROM (
    SELECT
      CAST(date_trunc('month', MIN(k0)) AS DATE) AS lo,
      CAST(date_trunc('month', MAX(k0)) AS DATE) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 month') AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
users_60d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM activity_buckets AS s1
),
users_60d_trailing AS (
  SELECT
    a.k0,
    COUNT(DISTINCT r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM users_60d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k0 >= CAST(CAST(a.k0 + INTERVAL '1 month' AS DATE) + INTERVAL '-60 day' AS DATE)
    AND r.k0 < CAST(a.k0 + INTERVAL '1 month' AS DATE)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS month,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN users_60d_trailing AS period1
  ON ((period1.k0 IS NULL) = (s1.k0 IS NULL) AND COALESCE(CAST(period1.k0 AS TEXT), '') = COALESCE(CAST(s1.k0 AS TEXT), ''))
ORDER BY 1 NULLS LAST;
-- spark
-- region_2d
WITH
activity_days AS (
  SELECT
    CAST(date_trunc('DAY', ts) AS DATE) AS k0,
    region AS k1,
    1 AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    kpic_series.b AS k0,
    s.k1 AS k1
  FROM (
    SELECT
      k1,
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
    GROUP BY k1
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 1 DAY)) kpic_series AS b
  WHERE s.lo IS NOT NULL
),
region_2d_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1
  FROM activity_buckets AS s1
),
region_2d_trailing AS (
  SELECT
    a.k0,
    a.k1,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0, k1 FROM region_2d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k1 <=> a.k1
    AND r.k0 >= date_add(date_add(a.k0, 1), -2)
    AND r.k0 < date_add(a.k0, 1)
  GROUP BY a.k0, a.k1
)
SELECT
  s1.k0 AS day,
  s1.k1 AS region,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN region_2d_trailing AS period1
  ON period1.k0 <=> s1.k0
  AND period1.k1 <=> s1.k1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- users_60d
WITH
activity_days AS (
  SELECT
    CAST(date_trunc('DAY', ts) AS DATE) AS k0,
    user_id AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    kpic_series.b AS k0
  FROM (
    SELECT
      trunc(MIN(k0), 'MONTH') AS lo,
      trunc(MAX(k0), 'MONTH') AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 1 MONTH)) kpic_series AS b
  WHERE s.lo IS NOT NULL
),
users_60d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM activity_buckets AS s1
),
users_60d_trailing AS (
  SELECT
    a.k0,
    COUNT(DISTINCT r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM users_60d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k0 >= date_add(add_months(a.k0, 1), -60)
    AND r.k0 < add_months(a.k0, 1)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS month,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN users_60d_trailing AS period1
  ON period1.k0 <=> s1.k0
ORDER BY 1 NULLS LAST;
-- trino
-- region_2d
WITH
activity_days AS (
  SELECT
    CAST(date_trunc('day', ts) AS DATE) AS k0,
    region AS k1,
    1 AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    kpic_series.b AS k0,
    s.k1 AS k1
  FROM (
    SELECT
      k1,
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
    GROUP BY k1
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '1' DAY)) AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
region_2d_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1
  FROM activity_buckets AS s1
),
region_2d_trailing AS (
  SELECT
    a.k0,
    a.k1,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0, k1 FROM region_2d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k1 IS NOT DISTINCT FROM a.k1
    AND r.k0 >= date_add('day', -2, date_add('day', 1, a.k0))
    AND r.k0 < date_add('day', 1, a.k0)
  GROUP BY a.k0, a.k1
)
SELECT
  s1.k0 AS day,
  s1.k1 AS region,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN region_2d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
  AND period1.k1 IS NOT DISTINCT FROM s1.k1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- users_60d
WITH
activity_days AS (
  SELECT
    CAST(date_trunc('day', ts) AS DATE) AS k0,
    user_id AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    kpic_series.b AS k0
  FROM (
    SELECT
      date_trunc('month', MIN(k0)) AS lo,
      date_trunc('month', MAX(k0)) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '1' MONTH)) AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
users_60d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM activity_buckets AS s1
),
users_60d_trailing AS (
  SELECT
    a.k0,
    COUNT(DISTINCT r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM users_60d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k0 >= date_add('day', -60, date_add('month', 1, a.k0))
    AND r.k0 < date_add('month', 1, a.k0)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS month,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN users_60d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
ORDER BY 1 NULLS LAST;
-- bigquery
-- region_2d
WITH
activity_days AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, DAY) AS DATE) AS k0,
    region AS k1,
    1 AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    kpic_series_b AS k0,
    s.k1 AS k1
  FROM (
    SELECT
      k1,
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
    GROUP BY k1
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 1 DAY)) AS kpic_series_b
  WHERE s.lo IS NOT NULL
),
region_2d_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1
  FROM activity_buckets AS s1
),
region_2d_trailing AS (
  SELECT
    a.k0,
    a.k1,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0, k1 FROM region_2d_rows) AS a
  LEFT JOIN activity_days AS r
    ON (r.k1 = a.k1 OR (r.k1 IS NULL AND a.k1 IS NULL))
    AND r.k0 >= DATE_ADD(DATE_ADD(a.k0, INTERVAL 1 DAY), INTERVAL -2 DAY)
    AND r.k0 < DATE_ADD(a.k0, INTERVAL 1 DAY)
  GROUP BY a.k0, a.k1
)
SELECT
  s1.k0 AS day,
  s1.k1 AS region,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN region_2d_trailing AS period1
  ON (period1.k0 = s1.k0 OR (period1.k0 IS NULL AND s1.k0 IS NULL))
  AND (period1.k1 = s1.k1 OR (period1.k1 IS NULL AND s1.k1 IS NULL))
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- users_60d
WITH
activity_days AS (
  SELECT
    CAST(DATETIME_TRUNC(ts, DAY) AS DATE) AS k0,
    user_id AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    kpic_series_b AS k0
  FROM (
    SELECT
      DATE_TRUNC(MIN(k0), MONTH) AS lo,
      DATE_TRUNC(MAX(k0), MONTH) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 1 MONTH)) AS kpic_series_b
  WHERE s.lo IS NOT NULL
),
users_60d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM activity_buckets AS s1
),
users_60d_trailing AS (
  SELECT
    a.k0,
    COUNT(DISTINCT r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM users_60d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k0 >= DATE_ADD(DATE_ADD(a.k0, INTERVAL 1 MONTH), INTERVAL -60 DAY)
    AND r.k0 < DATE_ADD(a.k0, INTERVAL 1 MONTH)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS month,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN users_60d_trailing AS period1
  ON (period1.k0 = s1.k0 OR (period1.k0 IS NULL AND s1.k0 IS NULL))
ORDER BY 1 NULLS LAST;
-- snowflake
-- region_2d
WITH
activity_days AS (
  SELECT
    CAST(DATE_TRUNC('DAY', ts) AS DATE) AS k0,
    region AS k1,
    1 AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    CAST(DATEADD(DAY, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE) AS k0,
    s.k1 AS k1
  FROM (
    SELECT
      k1,
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
    GROUP BY k1
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, DATEDIFF(DAY, s.lo, s.hi) + 1))) AS kpic_series
  WHERE s.lo IS NOT NULL
),
region_2d_rows AS (
  SELECT
    s1.k0 AS k0,
    s1.k1 AS k1
  FROM activity_buckets AS s1
),
region_2d_trailing AS (
  SELECT
    a.k0,
    a.k1,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0, k1 FROM region_2d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k1 IS NOT DISTINCT FROM a.k1
    AND r.k0 >= DATEADD(DAY, -2, DATEADD(DAY, 1, a.k0))
    AND r.k0 < DATEADD(DAY, 1, a.k0)
  GROUP BY a.k0, a.k1
)
SELECT
  s1.k0 AS day,
  s1.k1 AS region,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN region_2d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
  AND period1.k1 IS NOT DISTINCT FROM s1.k1
ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- users_60d
WITH
activity_days AS (
  SELECT
    CAST(DATE_TRUNC('DAY', ts) AS DATE) AS k0,
    user_id AS x0
  FROM shop.activity
),
activity_buckets AS (
  SELECT
    CAST(DATEADD(MONTH, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE) AS k0
  FROM (
    SELECT
      DATE_TRUNC('MONTH', MIN(k0)) AS lo,
      DATE_TRUNC('MONTH', MAX(k0)) AS hi
    FROM activity_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, DATEDIFF(MONTH, s.lo, s.hi) + 1))) AS kpic_series
  WHERE s.lo IS NOT NULL
),
users_60d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM activity_buckets AS s1
),
users_60d_trailing AS (
  SELECT
    a.k0,
    COUNT(DISTINCT r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM users_60d_rows) AS a
  LEFT JOIN activity_days AS r
    ON r.k0 >= DATEADD(DAY, -60, DATEADD(MONTH, 1, a.k0))
    AND r.k0 < DATEADD(MONTH, 1, a.k0)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS month,
  COALESCE(period1.value, 0) AS value
FROM activity_buckets AS s1
LEFT JOIN users_60d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
ORDER BY 1 NULLS LAST;
