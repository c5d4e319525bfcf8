-- Answers for cohort_small.kpi from the contract (language.md, "Cohort retention"): an entity's cohort is
-- the bucket of its earliest row where START holds (any row when omitted); a period's value is 100 x the
-- entities of the cohort with a row where ACTIVE holds in bucket cohort + period, / the cohort's entities;
-- every cohort has every period from 0 to the last bucket present (0 when no one is active). Buckets are
-- ISO weeks (Monday) and calendar months and quarters in UTC. With `by`, an entity's dimension is the
-- value on its starting row (its earliest START row; at the same time the smallest value, nulls last)
-- and it counts in that group only.
-- metric: monthly_retention
WITH r AS (
  SELECT user_id AS e, CAST(date_trunc('month', ts) AS DATE) AS b, true AS s, true AS a FROM events
), cohorts AS (  -- each entity's earliest bucket with a START row
  SELECT e, MIN(b) AS cohort FROM r WHERE s AND e IS NOT NULL AND b IS NOT NULL GROUP BY e
), sizes AS (
  SELECT cohort, COUNT(*) AS size FROM cohorts GROUP BY cohort
), active AS (  -- entities of a cohort with an ACTIVE row `period` buckets after it
  SELECT c.cohort, date_diff('month', c.cohort, r.b) AS period, COUNT(DISTINCT r.e) AS n
  FROM r JOIN cohorts c ON r.e = c.e WHERE r.a AND r.b >= c.cohort GROUP BY 1, 2
), periods AS (  -- every period from 0 to the last bucket present
  SELECT s.cohort, s.size, UNNEST(range(0, date_diff('month', s.cohort, (SELECT MAX(b) FROM r)) + 1)) AS period FROM sizes s
)
SELECT p.cohort, p.period, 100.0 * COALESCE(a.n, 0) / p.size AS value
FROM periods p LEFT JOIN active a ON a.cohort = p.cohort AND a.period = p.period
-- metric: weekly_buyers
WITH r AS (
  SELECT user_id AS e, CAST(date_trunc('week', ts) AS DATE) AS b, event = 'signup' AS s, event = 'purchase' AS a FROM events
), cohorts AS (  -- each entity's earliest bucket with a START row
  SELECT e, MIN(b) AS cohort FROM r WHERE s AND e IS NOT NULL AND b IS NOT NULL GROUP BY e
), sizes AS (
  SELECT cohort, COUNT(*) AS size FROM cohorts GROUP BY cohort
), active AS (  -- entities of a cohort with an ACTIVE row `period` buckets after it
  SELECT c.cohort, CAST((r.b - c.cohort) / 7 AS BIGINT) AS period, COUNT(DISTINCT r.e) AS n
  FROM r JOIN cohorts c ON r.e = c.e WHERE r.a AND r.b >= c.cohort GROUP BY 1, 2
), periods AS (  -- every period from 0 to the last bucket present
  SELECT s.cohort, s.size, UNNEST(range(0, CAST(((SELECT MAX(b) FROM r) - s.cohort) / 7 AS BIGINT) + 1)) AS period FROM sizes s
)
SELECT p.cohort, p.period, 100.0 * COALESCE(a.n, 0) / p.size AS value
FROM periods p LEFT JOIN active a ON a.cohort = p.cohort AND a.period = p.period
-- metric: quarterly_clickers
WITH r AS (
  SELECT user_id AS e, CAST(date_trunc('quarter', ts) AS DATE) AS b, event = 'signup' AS s, event = 'click' AS a FROM events WHERE event <> 'page_view'
), cohorts AS (  -- each entity's earliest bucket with a START row
  SELECT e, MIN(b) AS cohort FROM r WHERE s AND e IS NOT NULL AND b IS NOT NULL GROUP BY e
), sizes AS (
  SELECT cohort, COUNT(*) AS size FROM cohorts GROUP BY cohort
), active AS (  -- entities of a cohort with an ACTIVE row `period` buckets after it
  SELECT c.cohort, CAST(date_diff('month', c.cohort, r.b) / 3 AS BIGINT) AS period, COUNT(DISTINCT r.e) AS n
  FROM r JOIN cohorts c ON r.e = c.e WHERE r.a AND r.b >= c.cohort GROUP BY 1, 2
), periods AS (  -- every period from 0 to the last bucket present
  SELECT s.cohort, s.size, UNNEST(range(0, CAST(date_diff('month', s.cohort, (SELECT MAX(b) FROM r)) / 3 AS BIGINT) + 1)) AS period FROM sizes s
)
SELECT p.cohort, p.period, 100.0 * COALESCE(a.n, 0) / p.size AS value
FROM periods p LEFT JOIN active a ON a.cohort = p.cohort AND a.period = p.period
