-- The numbers of where_mixed.out, computed by DuckDB: node ../../../bench/duckdb_sql.mjs where_mixed.sql (from this folder).
-- --where 'channel == "direct"' reaches marketing only; customers is read unfiltered.
SELECT sum(cost) AS spend FROM 'split_marketing.csv' WHERE channel = 'direct';
SELECT count(customer_id) AS new_customers FROM 'split_customers.csv';
SELECT avg(n) AS customers_per_group FROM (SELECT count(*) AS n FROM 'split_customers.csv' GROUP BY acquired_channel, plan);
