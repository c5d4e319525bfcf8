// Writes the DuckDB Parquet fixtures of tests/readers/parquet/fixtures and their expected aggregates.
//
//   cd tests/tools && npm install @duckdb/node-api && node make_parquet_fixtures.mjs
//
// One deterministic table with every column type kpic reads (with nulls) is written with every codec,
// dictionary encoding on and off, Parquet format V1 (plain/dictionary, data page v1) and V2 (delta and
// byte-stream-split encodings, data page v2), and several row-group sizes. DuckDB then reads each file back
// and computes, per column, what tests/readers/parquet/fixtures_test.cc compares kpic's values with
// (fixtures/expected.json). The SQL that computes each number is in `aggregates` below.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'readers', 'parquet', 'fixtures');
mkdirSync(outDir, { recursive: true });

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();

// Columns: name, SQL expression over i (0-based row number), kpic type, kind of aggregate.
// Every column is null on a different residue so null patterns differ between columns.
const columns = [
  ['b', 'i % 3 = 0', 'bool', 'bool'],
  ['i8', '((i * 7) % 256 - 128)::TINYINT', 'int', 'num'],
  ['i16', '((i * 31) % 65536 - 32768)::SMALLINT', 'int', 'num'],
  ['i32', '(i * 2654435761 % 4294967296 - 2147483648)::INTEGER', 'int', 'num'],
  ['i64', '(i * 1000003 - 5000000000)::BIGINT', 'int', 'num'],
  ['u8', '(i % 256)::UTINYINT', 'int', 'num'],
  ['u16', '(i * 13 % 65536)::USMALLINT', 'int', 'num'],
  ['u32', '(i * 2654435761 % 4294967296)::UINTEGER', 'int', 'num'],
  ['u64', '(i * 1000000007)::UBIGINT', 'int', 'num'],
  ['f32', '((i % 1000) / 8.0 - 50)::FLOAT', 'float', 'num'],
  ['f64', '(i * 0.37 - 400)::DOUBLE', 'float', 'num'],
  ['dec_i32', '((i % 5000) / 100.0 - 7)::DECIMAL(9,2)', 'float', 'num'],
  ['dec_i64', '(i * 12.3456 - 900)::DECIMAL(18,4)', 'float', 'num'],
  ['dec_wide', '(i * 1234567.891 - 10)::DECIMAL(30,3)', 'float', 'num'],
  ['s_low', "'cat_' || (i % 17)::VARCHAR", 'string', 'str'],
  ['s_high', "'v' || left(md5(i::VARCHAR), 10)", 'string', 'str'],
  ['s_prefix', "'customer/2024/' || lpad((i * 7 % 1000)::VARCHAR, 6, '0')", 'string', 'str'],
  ['blob', "('\\x00\\xFF'::BLOB || (i % 50)::VARCHAR::BLOB)", 'string', 'blob'],
  ['d', "DATE '2020-01-01' + (i % 900)::INTEGER", 'date', 'temporal'],
  ['ts', "TIMESTAMP '2021-03-04 05:06:07' + to_microseconds(i * 7777777)", 'timestamp', 'temporal'],
  ['ts_ms', "(TIMESTAMP '1999-12-31 23:59:59' + to_milliseconds(i * 98765))::TIMESTAMP_MS", 'timestamp', 'temporal'],
  ['ts_ns', "(TIMESTAMP '2030-06-01 00:00:00' + to_microseconds(i * 123457))::TIMESTAMP_NS", 'timestamp', 'temporal'],
  ['ts_tz', "(TIMESTAMP '2010-01-01 00:00:00' + to_seconds(i * 3601))::TIMESTAMPTZ", 'timestamp', 'temporal'],
  ['t', "TIME '00:00:00' + to_microseconds(i * 1234567 % 86400000000)", 'int', 'time'],
];

const select = (n) =>
  'SELECT ' +
  columns.map(([name, expr], k) => `CASE WHEN (i + ${k}) % ${5 + (k % 4)} = 0 THEN NULL ELSE ${expr} END AS ${name}`).join(', ') +
  ` FROM range(${n}) t(i)`;

// name, rows, COPY options
const variants = [
  ['codec_uncompressed.parquet', 1200, "COMPRESSION 'uncompressed'"],
  ['codec_snappy.parquet', 1200, "COMPRESSION 'snappy'"],
  ['codec_gzip.parquet', 1200, "COMPRESSION 'gzip'"],
  ['codec_zstd.parquet', 1200, "COMPRESSION 'zstd'"],
  ['codec_lz4.parquet', 1200, "COMPRESSION 'lz4'"],
  ['codec_brotli.parquet', 1200, "COMPRESSION 'brotli'"],
  ['nodict_snappy.parquet', 1200, "COMPRESSION 'snappy', DICTIONARY_SIZE_LIMIT 1"],
  ['v2_zstd.parquet', 1200, "COMPRESSION 'zstd', PARQUET_VERSION V2"],
  ['v2_nodict_uncompressed.parquet', 1200, "COMPRESSION 'uncompressed', PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1"],
  ['rowgroups_snappy.parquet', 4200, "COMPRESSION 'snappy', ROW_GROUP_SIZE 2048"],
  ['rowgroups_v2_gzip.parquet', 4200, "COMPRESSION 'gzip', ROW_GROUP_SIZE 2048, PARQUET_VERSION V2"],
];

// The aggregates DuckDB computes over its own reading of the file, in the units kpic reads them in.
function aggregates(name, kind) {
  const c = `"${name}"`;
  switch (kind) {
    case 'bool': return `count(${c}) AS non_null, count_if(${c}) AS true_count`;
    case 'num': return `count(${c}) AS non_null, sum(${c}::DOUBLE) AS sum, min(${c})::DOUBLE AS min, max(${c})::DOUBLE AS max, count(DISTINCT ${c}) AS distinct`;
    case 'time': {
      const us = `datediff('microsecond', TIME '00:00:00', ${c})`;
      return `count(${c}) AS non_null, sum(${us})::DOUBLE AS sum, min(${us})::DOUBLE AS min, max(${us})::DOUBLE AS max, count(DISTINCT ${c}) AS distinct`;
    }
    case 'str':
    case 'blob': return `count(${c}) AS non_null, min(${c})::VARCHAR AS min, max(${c})::VARCHAR AS max, count(DISTINCT ${c}) AS distinct`;
    case 'temporal': {
      const v = name === 'd' ? c : name === 'ts_tz' ? `timezone('UTC', ${c})` : `${c}::TIMESTAMP`;
      return `count(${c}) AS non_null, min(${v})::VARCHAR AS min, max(${v})::VARCHAR AS max, count(DISTINCT ${c}) AS distinct`;
    }
  }
}

await con.run("SET TimeZone = 'UTC'");
const expected = {
  note: 'Written by tests/tools/make_parquet_fixtures.mjs with DuckDB; aggregates computed by DuckDB reading each file.',
  files: {},
};
let total = 0;
for (const [file, n, options] of variants) {
  const path = join(outDir, file);
  await con.run(`COPY (${select(n)}) TO '${path}' (FORMAT parquet, ${options})`);
  total += statSync(path).size;
  const [meta] = await rows(`SELECT count(DISTINCT row_group_id) AS groups FROM parquet_metadata('${path}')`);
  const entry = { rows: n, row_groups: Number(meta.groups), columns: {} };
  for (const [name, , kpicType, kind] of columns) {
    const [agg] = await rows(`SELECT ${aggregates(name, kind)} FROM read_parquet('${path}')`);
    const col = { type: kind === 'blob' ? 'BLOB' : kind.toUpperCase(), kpic_type: kpicType };
    const textual = kind === 'str' || kind === 'blob' || kind === 'temporal';
    for (const [k, v] of Object.entries(agg)) {
      const isText = textual && (k === 'min' || k === 'max');
      col[k] = v === null || isText ? v : Number(v);
    }
    entry.columns[name] = col;
  }
  expected.files[file] = entry;
}
writeFileSync(join(outDir, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
console.log(`${variants.length} fixtures, ${total} bytes, in ${outDir}`);
