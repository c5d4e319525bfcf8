// Runs the queries of a .sql file with DuckDB and prints each result as JSON, to check golden tests' numbers:
//   cd tests/engine/golden && node ../../../bench/duckdb_sql.mjs split_composed.sql
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const text = readFileSync(process.argv[2], 'utf8').replace(/^--.*$/mg, '');
for (const q of text.split(';').map(s => s.trim()).filter(Boolean)) {
  const r = await con.runAndReadAll(q);
  console.log(JSON.stringify(r.getRowObjectsJson()));
}
