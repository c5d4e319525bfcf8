-- Answers for lookup_small.kpi from the contract (language.md, "Looking up a related source"): each
-- order sees the one customer whose key equals its customer_id (a LEFT JOIN), and is counted once.
-- metric: revenue_by_channel
SELECT c.acquired_channel, SUM(o.amount) AS value
FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
GROUP BY 1
-- metric: orders_by_channel
SELECT c.acquired_channel, COUNT(*) AS value
FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
GROUP BY 1
-- metric: arpu_by_channel
SELECT c.acquired_channel, SUM(o.amount) / COUNT(DISTINCT o.customer_id) AS value
FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
GROUP BY 1
-- metric: paid_revenue
SELECT CAST(date_trunc('month', o.ts) AS DATE) AS month,
       SUM(o.amount) FILTER (WHERE c.acquired_channel = 'paid') AS value
FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
GROUP BY 1
-- metric: days_to_first_order
SELECT quantile_cont((epoch_us(o.ts) - epoch_us(c.signup_ts)) / 86400e6, 0.5) AS value
FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
-- metric: paid_orders_by_region
SELECT o.region, COUNT(*) AS value
FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
WHERE c.acquired_channel = 'paid'
GROUP BY 1
-- metric: orders_without_customer
SELECT COUNT(*) FILTER (WHERE c.customer_id IS NULL) AS value
FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
