-- duckdb
-- per_week
WITH
stamps_by_week AS (
  SELECT
    CAST(CAST(date_trunc('week', CAST(CAST(timezone('America/New_York', make_timestamptz(epoch_us(ts))) AS DATE) + INTERVAL '5 day' AS DATE)) AS DATE) + INTERVAL '-5 day' AS DATE) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_week AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_quarter
WITH
stamps_by_fiscal_quarter AS (
  SELECT
    CAST(CAST(date_trunc('quarter', CAST(CAST(timezone('America/New_York', make_timestamptz(epoch_us(ts))) AS DATE) + INTERVAL '-9 month' AS DATE)) AS DATE) + INTERVAL '9 month' AS DATE) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_quarter,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_quarter AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_year
WITH
stamps_by_fiscal_year AS (
  SELECT
    CAST(CAST(date_trunc('year', CAST(d + INTERVAL '-9 month' AS DATE)) AS DATE) + INTERVAL '9 month' AS DATE) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_year,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_year AS s1
ORDER BY 1 NULLS LAST;

-- events_2d
WITH
stamps_days AS (
  SELECT
    CAST(timezone('America/New_York', make_timestamptz(epoch_us(ts))) AS DATE) AS k0,
    1 AS x0
  FROM shop.stamps
),
stamps_buckets AS (
  SELECT
    CAST(kpic_series.b AS DATE) AS k0
  FROM (
    SELECT
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM stamps_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 day') AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
events_2d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM stamps_buckets AS s1
),
events_2d_trailing AS (
  SELECT
    a.k0,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM events_2d_rows) AS a
  LEFT JOIN stamps_days AS r
    ON r.k0 >= CAST(CAST(a.k0 + INTERVAL '1 day' AS DATE) + INTERVAL '-2 day' AS DATE)
    AND r.k0 < CAST(a.k0 + INTERVAL '1 day' AS DATE)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS day,
  COALESCE(period1.value, 0) AS value
FROM stamps_buckets AS s1
LEFT JOIN events_2d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
ORDER BY 1 NULLS LAST;
-- postgres
-- per_week
WITH
stamps_by_week AS (
  SELECT
    CAST(CAST(date_trunc('week', CAST(CAST((((TIMESTAMP 'epoch' + (ts - 'epoch')) AT TIME ZONE 'UTC') AT TIME ZONE 'America/New_York') AS DATE) + INTERVAL '5 day' AS DATE)) AS DATE) + INTERVAL '-5 day' AS DATE) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_week AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_quarter
WITH
stamps_by_fiscal_quarter AS (
  SELECT
    CAST(CAST(date_trunc('quarter', CAST(CAST((((TIMESTAMP 'epoch' + (ts - 'epoch')) AT TIME ZONE 'UTC') AT TIME ZONE 'America/New_York') AS DATE) + INTERVAL '-9 month' AS DATE)) AS DATE) + INTERVAL '9 month' AS DATE) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_quarter,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_quarter AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_year
WITH
stamps_by_fiscal_year AS (
  SELECT
    CAST(CAST(date_trunc('year', CAST(d + INTERVAL '-9 month' AS DATE)) AS DATE) + INTERVAL '9 month' AS DATE) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_year,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_year AS s1
ORDER BY 1 NULLS LAST;

-- events_2d
WITH
stamps_days AS (
  SELECT
    CAST((((TIMESTAMP 'epoch' + (ts - 'epoch')) AT TIME ZONE 'UTC') AT TIME ZONE 'America/New_York') AS DATE) AS k0,
    1 AS x0
  FROM shop.stamps
),
stamps_buckets AS (
  SELECT
    CAST(kpic_series.b AS DATE) AS k0
  FROM (
    SELECT
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM stamps_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN LATERAL generate_series(CAST(s.lo AS TIMESTAMP), CAST(s.hi AS TIMESTAMP), INTERVAL '1 day') AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
events_2d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM stamps_buckets AS s1
),
events_2d_trailing AS (
  SELECT
    a.k0,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM events_2d_rows) AS a
  LEFT JOIN stamps_days AS r
    ON r.k0 >= CAST(CAST(a.k0 + INTERVAL '1 day' AS DATE) + INTERVAL '-2 day' AS DATE)
    AND r.k0 < CAST(a.k0 + INTERVAL '1 day' AS DATE)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS day,
  COALESCE(period1.value, 0) AS value
FROM stamps_buckets AS s1
LEFT JOIN events_2d_trailing AS period1
  ON ((period1.k0 IS NULL) = (s1.k0 IS NULL) AND COALESCE(CAST(period1.k0 AS TEXT), '') = COALESCE(CAST(s1.k0 AS TEXT), ''))
ORDER BY 1 NULLS LAST;
-- spark
-- per_week
WITH
stamps_by_week AS (
  SELECT
    date_add(trunc(date_add(CAST(from_utc_timestamp(ts, 'America/New_York') AS DATE), 5), 'WEEK'), -5) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_week AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_quarter
WITH
stamps_by_fiscal_quarter AS (
  SELECT
    add_months(trunc(add_months(CAST(from_utc_timestamp(ts, 'America/New_York') AS DATE), -9), 'QUARTER'), 9) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_quarter,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_quarter AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_year
WITH
stamps_by_fiscal_year AS (
  SELECT
    add_months(trunc(add_months(d, -9), 'YEAR'), 9) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_year,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_year AS s1
ORDER BY 1 NULLS LAST;

-- events_2d
WITH
stamps_days AS (
  SELECT
    CAST(from_utc_timestamp(ts, 'America/New_York') AS DATE) AS k0,
    1 AS x0
  FROM shop.stamps
),
stamps_buckets AS (
  SELECT
    kpic_series.b AS k0
  FROM (
    SELECT
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM stamps_days
    WHERE k0 IS NOT NULL
  ) AS s
  LATERAL VIEW explode(sequence(s.lo, s.hi, INTERVAL 1 DAY)) kpic_series AS b
  WHERE s.lo IS NOT NULL
),
events_2d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM stamps_buckets AS s1
),
events_2d_trailing AS (
  SELECT
    a.k0,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM events_2d_rows) AS a
  LEFT JOIN stamps_days AS r
    ON r.k0 >= date_add(date_add(a.k0, 1), -2)
    AND r.k0 < date_add(a.k0, 1)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS day,
  COALESCE(period1.value, 0) AS value
FROM stamps_buckets AS s1
LEFT JOIN events_2d_trailing AS period1
  ON period1.k0 <=> s1.k0
ORDER BY 1 NULLS LAST;
-- trino
-- per_week
WITH
stamps_by_week AS (
  SELECT
    date_add('day', -5, date_trunc('week', date_add('day', 5, CAST(CAST(with_timezone(CAST(ts AS TIMESTAMP(6)), 'UTC') AT TIME ZONE 'America/New_York' AS TIMESTAMP(6)) AS DATE)))) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_week AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_quarter
WITH
stamps_by_fiscal_quarter AS (
  SELECT
    date_add('month', 9, date_trunc('quarter', date_add('month', -9, CAST(CAST(with_timezone(CAST(ts AS TIMESTAMP(6)), 'UTC') AT TIME ZONE 'America/New_York' AS TIMESTAMP(6)) AS DATE)))) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_quarter,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_quarter AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_year
WITH
stamps_by_fiscal_year AS (
  SELECT
    date_add('month', 9, date_trunc('year', date_add('month', -9, d))) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_year,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_year AS s1
ORDER BY 1 NULLS LAST;

-- events_2d
WITH
stamps_days AS (
  SELECT
    CAST(CAST(with_timezone(CAST(ts AS TIMESTAMP(6)), 'UTC') AT TIME ZONE 'America/New_York' AS TIMESTAMP(6)) AS DATE) AS k0,
    1 AS x0
  FROM shop.stamps
),
stamps_buckets AS (
  SELECT
    kpic_series.b AS k0
  FROM (
    SELECT
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM stamps_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN UNNEST(sequence(s.lo, s.hi, INTERVAL '1' DAY)) AS kpic_series(b)
  WHERE s.lo IS NOT NULL
),
events_2d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM stamps_buckets AS s1
),
events_2d_trailing AS (
  SELECT
    a.k0,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM events_2d_rows) AS a
  LEFT JOIN stamps_days AS r
    ON r.k0 >= date_add('day', -2, date_add('day', 1, a.k0))
    AND r.k0 < date_add('day', 1, a.k0)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS day,
  COALESCE(period1.value, 0) AS value
FROM stamps_buckets AS s1
LEFT JOIN events_2d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
ORDER BY 1 NULLS LAST;
-- bigquery
-- per_week
WITH
stamps_by_week AS (
  SELECT
    DATE_ADD(DATE_TRUNC(DATE_ADD(CAST(DATETIME(CAST(ts AS TIMESTAMP), 'America/New_York') AS DATE), INTERVAL 5 DAY), ISOWEEK), INTERVAL -5 DAY) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_week AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_quarter
WITH
stamps_by_fiscal_quarter AS (
  SELECT
    DATE_ADD(DATE_TRUNC(DATE_ADD(CAST(DATETIME(CAST(ts AS TIMESTAMP), 'America/New_York') AS DATE), INTERVAL -9 MONTH), QUARTER), INTERVAL 9 MONTH) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_quarter,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_quarter AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_year
WITH
stamps_by_fiscal_year AS (
  SELECT
    DATE_ADD(DATE_TRUNC(DATE_ADD(d, INTERVAL -9 MONTH), YEAR), INTERVAL 9 MONTH) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_year,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_year AS s1
ORDER BY 1 NULLS LAST;

-- events_2d
WITH
stamps_days AS (
  SELECT
    CAST(DATETIME(CAST(ts AS TIMESTAMP), 'America/New_York') AS DATE) AS k0,
    1 AS x0
  FROM shop.stamps
),
stamps_buckets AS (
  SELECT
    kpic_series_b AS k0
  FROM (
    SELECT
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM stamps_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN UNNEST(GENERATE_DATE_ARRAY(s.lo, s.hi, INTERVAL 1 DAY)) AS kpic_series_b
  WHERE s.lo IS NOT NULL
),
events_2d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM stamps_buckets AS s1
),
events_2d_trailing AS (
  SELECT
    a.k0,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM events_2d_rows) AS a
  LEFT JOIN stamps_days AS r
    ON r.k0 >= DATE_ADD(DATE_ADD(a.k0, INTERVAL 1 DAY), INTERVAL -2 DAY)
    AND r.k0 < DATE_ADD(a.k0, INTERVAL 1 DAY)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS day,
  COALESCE(period1.value, 0) AS value
FROM stamps_buckets AS s1
LEFT JOIN events_2d_trailing AS period1
  ON (period1.k0 = s1.k0 OR (period1.k0 IS NULL AND s1.k0 IS NULL))
ORDER BY 1 NULLS LAST;
-- snowflake
-- per_week
WITH
stamps_by_week AS (
  SELECT
    DATEADD(DAY, -5, DATEADD(DAY, 1 - DAYOFWEEKISO(DATEADD(DAY, 5, CAST(CONVERT_TIMEZONE('UTC', 'America/New_York', TO_TIMESTAMP_NTZ(DATE_PART(EPOCH_MICROSECOND, ts), 6)) AS DATE))), DATEADD(DAY, 5, CAST(CONVERT_TIMEZONE('UTC', 'America/New_York', TO_TIMESTAMP_NTZ(DATE_PART(EPOCH_MICROSECOND, ts), 6)) AS DATE)))) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS week,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_week AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_quarter
WITH
stamps_by_fiscal_quarter AS (
  SELECT
    DATEADD(MONTH, 9, DATE_TRUNC('QUARTER', DATEADD(MONTH, -9, CAST(CONVERT_TIMEZONE('UTC', 'America/New_York', TO_TIMESTAMP_NTZ(DATE_PART(EPOCH_MICROSECOND, ts), 6)) AS DATE)))) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_quarter,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_quarter AS s1
ORDER BY 1 NULLS LAST;

-- per_fiscal_year
WITH
stamps_by_fiscal_year AS (
  SELECT
    DATEADD(MONTH, 9, DATE_TRUNC('YEAR', DATEADD(MONTH, -9, d))) AS k0,
    COUNT(*) AS a0
  FROM shop.stamps
  GROUP BY 1
)
SELECT
  s1.k0 AS fiscal_year,
  COALESCE(s1.a0, 0) AS value
FROM stamps_by_fiscal_year AS s1
ORDER BY 1 NULLS LAST;

-- events_2d
WITH
stamps_days AS (
  SELECT
    CAST(CONVERT_TIMEZONE('UTC', 'America/New_York', TO_TIMESTAMP_NTZ(DATE_PART(EPOCH_MICROSECOND, ts), 6)) AS DATE) AS k0,
    1 AS x0
  FROM shop.stamps
),
stamps_buckets AS (
  SELECT
    CAST(DATEADD(DAY, CAST(kpic_series.value AS INTEGER), s.lo) AS DATE) AS k0
  FROM (
    SELECT
      MIN(k0) AS lo,
      MAX(k0) AS hi
    FROM stamps_days
    WHERE k0 IS NOT NULL
  ) AS s
  CROSS JOIN TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(0, DATEDIFF(DAY, s.lo, s.hi) + 1))) AS kpic_series
  WHERE s.lo IS NOT NULL
),
events_2d_rows AS (
  SELECT
    s1.k0 AS k0
  FROM stamps_buckets AS s1
),
events_2d_trailing AS (
  SELECT
    a.k0,
    COUNT(r.x0) AS value
  FROM (SELECT DISTINCT k0 FROM events_2d_rows) AS a
  LEFT JOIN stamps_days AS r
    ON r.k0 >= DATEADD(DAY, -2, DATEADD(DAY, 1, a.k0))
    AND r.k0 < DATEADD(DAY, 1, a.k0)
  GROUP BY a.k0
)
SELECT
  s1.k0 AS day,
  COALESCE(period1.value, 0) AS value
FROM stamps_buckets AS s1
LEFT JOIN events_2d_trailing AS period1
  ON period1.k0 IS NOT DISTINCT FROM s1.k0
ORDER BY 1 NULLS LAST;
