// Runs one SQL query with DuckDB over the bench tables of DATA_DIR, for bench/run.mjs's peak-memory figure.
//   node bench/duckdb_one.mjs DATA_DIR THREADS SQL
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
const [dir, threads, sql] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`SET threads = ${Number(threads)}`);
for (const t of ['events', 'sessions', 'subscriptions', 'orders', 'surveys', 'customers', 'marketing'])
  await con.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${join(dir, t + '.parquet')}')`);
await con.runAndReadAll(sql);
