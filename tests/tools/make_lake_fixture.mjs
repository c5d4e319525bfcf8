// Writes tests/readers/multi/data/orders_lake: examples/data/orders.parquet split by region into Hive
// folders (region=EMEA/data_0.parquet, ...; the region column lives only in the folder names), with
// two row groups per file, and prints DuckDB's answers that tests/readers/multi/*.kpi check.
//
//   cd tests/tools && npm install && node make_lake_fixture.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const orders = join(root, 'examples', 'data', 'orders.parquet');
const lake = join(root, 'tests', 'readers', 'multi', 'data', 'orders_lake');
rmSync(lake, { recursive: true, force: true });
mkdirSync(dirname(lake), { recursive: true });

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run('SET threads = 1');
await con.run(`COPY (SELECT * FROM '${orders}' ORDER BY order_id) TO '${lake}'
               (FORMAT parquet, PARTITION_BY (region), ROW_GROUP_SIZE 1000)`);
const show = async (sql) => {
  console.log(sql);
  for (const r of (await con.runAndReadAll(sql)).getRowObjectsJson()) console.log('  ', JSON.stringify(r));
};
await show(`SELECT count(*) AS orders, sum(amount) AS revenue FROM '${orders}'`);
await show(`SELECT region, count(*) AS orders, sum(amount) AS revenue FROM '${orders}' GROUP BY region ORDER BY region`);
await show(`SELECT count(*) AS orders, sum(amount) AS revenue FROM '${orders}' WHERE region = 'EMEA'`);
await show(`SELECT count(*) AS orders, sum(amount) AS revenue FROM '${orders}' WHERE region IN ('APAC', 'LATAM')`);
