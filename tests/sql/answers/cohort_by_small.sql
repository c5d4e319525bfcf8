-- Answers for cohort_by_small.kpi from the contract (language.md, "Cohort retention"): an entity's cohort is
-- the bucket of its earliest row where START holds (any row when omitted); a period's value is 100 x the
-- entities of the cohort with a row where ACTIVE holds in bucket cohort + period, / the cohort's entities;
-- every cohort has every period from 0 to the last bucket present (0 when no one is active). Buckets are
-- ISO weeks (Monday) and calendar months and quarters in UTC. With `by`, an entity's dimension is the
-- value on its starting row (its earliest START row; at the same time the smallest value, nulls last)
-- and it counts in that group only.
-- metric: page_retention
WITH r AS (
  SELECT user_id AS e, ts AS t, CAST(date_trunc('month', ts) AS DATE) AS b, true AS s, true AS a, page AS d FROM events
), cohorts AS (  -- each entity's starting row: its earliest START row, the smallest value at the same time
  SELECT e, b AS cohort, d FROM (
    SELECT e, b, d, row_number() OVER (PARTITION BY e ORDER BY t, d NULLS LAST) AS k
    FROM r WHERE s AND e IS NOT NULL AND b IS NOT NULL) WHERE k = 1
), sizes AS (
  SELECT d, cohort, COUNT(*) AS size FROM cohorts GROUP BY d, cohort
), active AS (  -- entities of a group's cohort with an ACTIVE row (in any group) `period` buckets after it
  SELECT c.d, c.cohort, date_diff('month', c.cohort, r.b) AS period, COUNT(DISTINCT r.e) AS n
  FROM r JOIN cohorts c ON r.e = c.e WHERE r.a AND r.b >= c.cohort GROUP BY 1, 2, 3
), periods AS (  -- every period from 0 to the last bucket present
  SELECT s.d, s.cohort, s.size, UNNEST(range(0, date_diff('month', s.cohort, (SELECT MAX(b) FROM r)) + 1)) AS period FROM sizes s
)
SELECT p.d AS page, p.cohort, p.period, 100.0 * COALESCE(a.n, 0) / p.size AS value
FROM periods p LEFT JOIN active a ON a.d IS NOT DISTINCT FROM p.d AND a.cohort = p.cohort AND a.period = p.period
-- metric: signups_by_source
WITH r AS (
  SELECT user_id AS e, ts AS t, CAST(date_trunc('week', ts) AS DATE) AS b, event = 'signup' AS s, event = 'purchase' AS a,
         source AS d FROM events
), cohorts AS (  -- each entity's starting row: its earliest START row, the smallest value at the same time
  SELECT e, b AS cohort, d FROM (
    SELECT e, b, d, row_number() OVER (PARTITION BY e ORDER BY t, d NULLS LAST) AS k
    FROM r WHERE s AND e IS NOT NULL AND b IS NOT NULL) WHERE k = 1
), sizes AS (
  SELECT d, cohort, COUNT(*) AS size FROM cohorts GROUP BY d, cohort
), active AS (  -- entities of a group's cohort with an ACTIVE row (in any group) `period` buckets after it
  SELECT c.d, c.cohort, CAST((r.b - c.cohort) / 7 AS BIGINT) AS period, COUNT(DISTINCT r.e) AS n
  FROM r JOIN cohorts c ON r.e = c.e WHERE r.a AND r.b >= c.cohort GROUP BY 1, 2, 3
), periods AS (  -- every period from 0 to the last bucket present
  SELECT s.d, s.cohort, s.size, UNNEST(range(0, CAST(((SELECT MAX(b) FROM r) - s.cohort) / 7 AS BIGINT) + 1)) AS period FROM sizes s
)
SELECT p.d AS source, p.cohort, p.period, 100.0 * COALESCE(a.n, 0) / p.size AS value
FROM periods p LEFT JOIN active a ON a.d IS NOT DISTINCT FROM p.d AND a.cohort = p.cohort AND a.period = p.period
