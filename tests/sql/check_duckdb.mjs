// node check_duckdb.mjs CHECKS_BINARY BENCH_DIR: runs the duckdb dialect's self-checking queries
// (tests/sql/dialect_checks.cc) in DuckDB from BENCH_DIR's node_modules, in a temporary folder; exit 1
// when one is not true.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(join(process.argv[3], 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const lines = execFileSync(process.argv[2], ['duckdb'], { encoding: 'utf8' }).trim().split('\n');
const dir = mkdtempSync(join(tmpdir(), 'kpic-duckdb-'));
process.chdir(dir);
let failed = 0, checked = 0;
try {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  for (const line of lines) {
    const c = JSON.parse(line);
    if (c.setup) { await con.run(c.setup); continue; }
    checked++;
    try {
      const rows = (await con.runAndReadAll(c.sql)).getRows();
      if (rows.length !== 1 || rows[0][0] !== true) throw new Error(`returned ${JSON.stringify(rows)}`);
    } catch (e) {
      failed++;
      console.error(`${c.check}: ${c.sql}\n  ${e.message}`);
    }
  }
} finally {
  process.chdir(tmpdir());
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${checked - failed} of ${checked} checks true in DuckDB`);
process.exit(failed || !checked ? 1 : 0);
