-- Answers for funnel_small.kpi from the contract (language.md, "Funnels"): an entity starts at its
-- earliest row where STEP1 holds (t1); step k is the earliest row where it holds at a time no earlier than
-- step k-1's, and counts when that time is at most t1 + WINDOW; rows with a null entity or time are
-- skipped. Dimensions come from the starting row (ties between starting rows of one entity: the first by
-- dimension values, nulls last); every group the metric's rows form is present, 0 where no one started.
-- metric: signups
WITH e AS (SELECT * FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
s1 AS (SELECT user_id, min(ts) AS t1 FROM e WHERE event = 'signup' GROUP BY 1),
g AS (SELECT DISTINCT CAST(date_trunc('month', ts) AS DATE) AS month FROM events)
SELECT g.month, count(s1.user_id) AS value
FROM g LEFT JOIN s1 ON CAST(date_trunc('month', s1.t1) AS DATE) = g.month
GROUP BY 1
-- metric: trials
WITH e AS (SELECT * FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
s1 AS (SELECT user_id, min(ts) AS t1 FROM e WHERE event = 'signup' GROUP BY 1),
s2 AS (SELECT s1.user_id, s1.t1, min(e.ts) AS t2 FROM s1 JOIN e ON e.user_id = s1.user_id
       AND e.event = 'trial_start' AND e.ts >= s1.t1 GROUP BY s1.user_id, s1.t1 HAVING min(e.ts) <= s1.t1 + INTERVAL 14 DAY),
g AS (SELECT DISTINCT CAST(date_trunc('month', ts) AS DATE) AS month FROM events)
SELECT g.month, count(s2.user_id) AS value
FROM g LEFT JOIN s2 ON CAST(date_trunc('month', s2.t1) AS DATE) = g.month
GROUP BY 1
-- metric: purchases
WITH e AS (SELECT * FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
s1 AS (SELECT user_id, min(ts) AS t1 FROM e WHERE event = 'signup' GROUP BY 1),
s2 AS (SELECT s1.user_id, s1.t1, min(e.ts) AS t2 FROM s1 JOIN e ON e.user_id = s1.user_id
       AND e.event = 'trial_start' AND e.ts >= s1.t1 GROUP BY s1.user_id, s1.t1 HAVING min(e.ts) <= s1.t1 + INTERVAL 14 DAY),
s3 AS (SELECT s2.user_id, s2.t1 FROM s2 JOIN e ON e.user_id = s2.user_id
       AND e.event = 'purchase' AND e.ts >= s2.t2 GROUP BY s2.user_id, s2.t1 HAVING min(e.ts) <= s2.t1 + INTERVAL 14 DAY),
g AS (SELECT DISTINCT CAST(date_trunc('month', ts) AS DATE) AS month FROM events)
SELECT g.month, count(s3.user_id) AS value
FROM g LEFT JOIN s3 ON CAST(date_trunc('month', s3.t1) AS DATE) = g.month
GROUP BY 1
-- metric: signup_to_purchase
WITH e AS (SELECT * FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
s1 AS (SELECT user_id, min(ts) AS t1 FROM e WHERE event = 'signup' GROUP BY 1),
s2 AS (SELECT s1.user_id, s1.t1, min(e.ts) AS t2 FROM s1 JOIN e ON e.user_id = s1.user_id
       AND e.event = 'trial_start' AND e.ts >= s1.t1 GROUP BY s1.user_id, s1.t1 HAVING min(e.ts) <= s1.t1 + INTERVAL 14 DAY),
s3 AS (SELECT s2.user_id, s2.t1 FROM s2 JOIN e ON e.user_id = s2.user_id
       AND e.event = 'purchase' AND e.ts >= s2.t2 GROUP BY s2.user_id, s2.t1 HAVING min(e.ts) <= s2.t1 + INTERVAL 14 DAY),
g AS (SELECT DISTINCT CAST(date_trunc('month', ts) AS DATE) AS month FROM events)
SELECT g.month,
       CASE WHEN count(DISTINCT s1.user_id) = 0 THEN NULL
            ELSE 100.0 * count(DISTINCT s3.user_id) / count(DISTINCT s1.user_id) END AS value
FROM g LEFT JOIN s1 ON CAST(date_trunc('month', s1.t1) AS DATE) = g.month
       LEFT JOIN s3 ON s3.user_id = s1.user_id
GROUP BY 1
-- metric: trials_by_source
WITH e AS (SELECT * FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
s1 AS (SELECT user_id, min(ts) AS t1 FROM e WHERE event = 'signup' GROUP BY 1),
start AS (SELECT s1.user_id, s1.t1, min(e.source ORDER BY e.source NULLS LAST) AS source
          FROM s1 JOIN e ON e.user_id = s1.user_id AND e.event = 'signup' AND e.ts = s1.t1 GROUP BY 1, 2),
s2 AS (SELECT start.user_id, start.source FROM start JOIN e ON e.user_id = start.user_id
       AND e.event = 'trial_start' AND e.ts >= start.t1 GROUP BY start.user_id, start.source, start.t1 HAVING min(e.ts) <= start.t1 + INTERVAL 14 DAY),
g AS (SELECT DISTINCT source FROM events)
SELECT g.source, count(s2.user_id) AS value
FROM g LEFT JOIN s2 ON s2.source IS NOT DISTINCT FROM g.source
GROUP BY 1
-- metric: paid_trials
WITH e AS (SELECT * FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL AND source = 'paid'),
s1 AS (SELECT user_id, min(ts) AS t1 FROM e WHERE event = 'signup' GROUP BY 1),
s2 AS (SELECT s1.user_id FROM s1 JOIN e ON e.user_id = s1.user_id
       AND e.event = 'trial_start' AND e.ts >= s1.t1 GROUP BY s1.user_id, s1.t1 HAVING min(e.ts) <= s1.t1 + INTERVAL 30 DAY)
SELECT count(*) AS value FROM s2
-- metric: click_to_purchase
WITH e AS (SELECT * FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
s1 AS (SELECT user_id, min(ts) AS t1 FROM e WHERE event = 'click' GROUP BY 1),
s2 AS (SELECT s1.user_id, s1.t1, min(e.ts) AS t2 FROM s1 JOIN e ON e.user_id = s1.user_id
       AND e.event = 'action' AND e.ts >= s1.t1 GROUP BY s1.user_id, s1.t1 HAVING min(e.ts) <= s1.t1 + INTERVAL 3 DAY),
s3 AS (SELECT s2.user_id FROM s2 JOIN e ON e.user_id = s2.user_id
       AND e.event = 'purchase' AND e.ts >= s2.t2 GROUP BY s2.user_id, s2.t1 HAVING min(e.ts) <= s2.t1 + INTERVAL 3 DAY)
SELECT count(*) AS value FROM s3
-- metric: trial_days
WITH e AS (SELECT user_id, CAST(ts AS DATE) AS d, event FROM events WHERE user_id IS NOT NULL AND ts IS NOT NULL),
s1 AS (SELECT user_id, min(d) AS t1 FROM e WHERE event = 'trial_start' GROUP BY 1),
s2 AS (SELECT s1.user_id, s1.t1 FROM s1 JOIN e ON e.user_id = s1.user_id
       AND e.event = 'purchase' AND e.d >= s1.t1 GROUP BY s1.user_id, s1.t1 HAVING min(e.d) <= s1.t1 + INTERVAL 2 DAY),
g AS (SELECT DISTINCT CAST(date_trunc('week', ts) AS DATE) AS week FROM events)
SELECT g.week, count(s2.user_id) AS value
FROM g LEFT JOIN s2 ON CAST(date_trunc('week', s2.t1) AS DATE) = g.week
GROUP BY 1
