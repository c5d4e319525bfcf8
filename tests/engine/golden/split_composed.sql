-- The numbers of split_composed.out, computed by DuckDB: node ../../../bench/duckdb_sql.mjs split_composed.sql (from this folder).
-- spend by channel; new customers cannot be split by channel, so cac is the whole spend over all of them.
SELECT channel, sum(cost) AS spend FROM 'split_marketing.csv' GROUP BY channel ORDER BY channel;
SELECT count(customer_id) AS new_customers FROM 'split_customers.csv';
SELECT (SELECT sum(cost) FROM 'split_marketing.csv') / (SELECT count(customer_id) FROM 'split_customers.csv') AS cac;
SELECT m.channel, m.spend / c.n AS cost_per_new
FROM (SELECT channel, sum(cost) AS spend FROM 'split_marketing.csv' GROUP BY channel) m
JOIN (SELECT acquired_channel AS channel, count(*) AS n FROM 'split_customers.csv' GROUP BY 1) c USING (channel)
ORDER BY channel;
SELECT (SELECT sum(cost) FROM 'split_marketing.csv') / ((SELECT sum(cost) FROM 'split_marketing.csv') / (SELECT count(customer_id) FROM 'split_customers.csv')) AS spend_per_cac;
