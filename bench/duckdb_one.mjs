// Runs one SQL query with DuckDB over the bench tables of DATA_DIR (files or folders of part files), for the
// peak-memory figures of bench/run.mjs and bench/scale.mjs.
//   node bench/duckdb_one.mjs DATA_DIR THREADS SQL
import { DuckDBInstance } from '@duckdb/node-api';
import { TABLES, duckTable } from './suite.mjs';
const [dir, threads, sql] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`SET threads = ${Number(threads)}`);
for (const t of TABLES) await con.run(`CREATE VIEW ${t} AS SELECT * FROM ${duckTable(dir, t)}`);
await con.runAndReadAll(sql);
