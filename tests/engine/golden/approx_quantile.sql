-- The numbers of approx_quantile.out, computed by DuckDB: node ../../../bench/duckdb_sql.mjs approx_quantile.sql (from this folder).
SELECT quantile_cont(ms, 0.9) AS p90, quantile_cont(ms, 0.5) AS p50, quantile_cont(ms, 0) AS p0,
       quantile_cont(ms, 1) AS p100, quantile_cont(size, 0.25) AS p25_size FROM 'latency.csv';
SELECT service, quantile_cont(ms, 0.75) AS p75 FROM 'latency.csv' GROUP BY service ORDER BY service;
SELECT service, quantile_cont(ms, 0.5) FILTER (WHERE ok) AS median_ok FROM 'latency.csv' GROUP BY service ORDER BY service;
SELECT quantile_cont(p90, 0.5) AS median_of_p90
FROM (SELECT service, quantile_cont(ms, 0.9) AS p90 FROM 'latency.csv' GROUP BY service);
SELECT service, quantile_cont(ms, 0.9) AS p90 FROM 'latency.csv' GROUP BY service ORDER BY service;
