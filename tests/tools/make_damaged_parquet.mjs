// Writes the Parquet files of tests/readers/parquet/golden/data: a copy of the shared marketing.parquet,
// copies with single-byte damage to its footer (before issue #12 the first two read as 0 rows), and an
// empty table written by DuckDB.
//
//   cd tests/tools && npm install && KPIC_SHARED=/work/shared node make_damaged_parquet.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'readers', 'parquet', 'golden', 'data');
const source = join(process.env.KPIC_SHARED ?? '/work/shared', 'datasets', 'small', 'marketing.parquet');
const original = readFileSync(source);
const footer = original.length - 8 - original.readUInt32LE(original.length - 8);

// [file name, offset in the footer, new byte, what the byte is]
const damage = [
  ['marketing.parquet', 0, 0x50, 'none: the sound file (the magic stays PAR1)'],
  ['stats_stop_2112.parquet', 332, 0x0c, 'byte 2112 of the file: the STOP of sales_cost statistics'],
  ['row_groups_field.parquet', 95, 0x29, 'the row_groups field header: field 4 becomes field 5'],
  ['num_rows.parquet', 94, 0x02, 'the file row count: 120 becomes 184'],
  ['column_name.parquet', 45, 0x62, "'channel' becomes 'cbannel' in the schema (not in the chunk's path)"],
  ['narrow_max.parquet', 319, 0x3f, 'the max statistic of sales_cost: 1434.9 becomes about 0.0219'],
];
for (const [name, at, value, what] of damage) {
  const bytes = Buffer.from(original);
  if (name !== 'marketing.parquet') {
    if (bytes[footer + at] === value) throw new Error(`${name}: byte ${at} is already ${value}`);
    bytes[footer + at] = value;
  }
  writeFileSync(join(outDir, name), bytes);
  console.log(`${name}: footer byte ${at} (${what}) = 0x${value.toString(16)}`);
}

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const empty = join(outDir, 'empty.parquet');
await con.run(`COPY (SELECT DATE '2024-01-01' AS month, 'web' AS channel, 1.5::DOUBLE AS sales_cost
                WHERE false) TO '${empty}' (FORMAT parquet)`);
const check = await con.runAndReadAll(
  `SELECT count(*) AS n, sum(sales_cost) AS s, count(DISTINCT channel) AS c FROM '${empty}'`);
console.log('empty.parquet:', JSON.stringify(check.getRowObjectsJson()));
