-- The tables of the golden tests in tests/pg/golden (loaded by their first RUN line).
CREATE TABLE orders (id bigint, region text, day date, amount double precision, payload jsonb);
INSERT INTO orders VALUES
  (1, 'north', '2024-01-05', 10.5, '{}'),
  (2, 'south', '2024-02-01', 4, '{}'),
  (3, NULL, '2024-02-07', NULL, NULL),
  (4, 'north', '2024-02-09', 2, '[]');
-- Lacks `amount`.
CREATE TABLE thin (id bigint, region text, day date);
-- Reading `amount` divides by zero: the server rejects the query.
CREATE VIEW boom AS
  SELECT n::bigint AS id, 'x'::text AS region, DATE '2024-01-01' AS day, 1.0 / (n - n) AS amount
  FROM generate_series(1, 3) n;
-- Takes 5 seconds to read.
CREATE VIEW slow AS SELECT * FROM orders WHERE (SELECT pg_sleep(5)::text) IS NOT NULL;
CREATE SCHEMA "sales dept";
CREATE TABLE "sales dept"."Orders" AS SELECT * FROM orders WHERE region = 'north';
