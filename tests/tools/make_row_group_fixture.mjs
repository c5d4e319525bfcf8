// Writes tests/engine/golden/row_groups.parquet: 8 row groups of 2048 rows, row group g (0..7) holding
// constant or ranged columns, so which row groups a `where` can skip by min/max statistics is known by
// hand (tests/engine/golden/skip_row_group_forms.kpi):
//   g       int        g                                  (min = max = g)
//   region  string     'r' || g
//   day     date       2024-01-01 + g days
//   ts      timestamp  2024-01-01 + g days + i seconds    (i = 0..2047 within the group: same day)
//   flag    bool       g is even
//   maybe   int        g, null in groups 6 and 7          (groups 6, 7: null_count = 2048)
//   f       float      g + 0.5
//
//   cd tests/tools && npm install @duckdb/node-api && node make_row_group_fixture.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'engine', 'golden', 'row_groups.parquet');
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run("SET TimeZone = 'UTC'");
await con.run(`COPY (
  SELECT g::BIGINT AS g, 'r' || g AS region, (DATE '2024-01-01' + g::INTEGER) AS day,
         TIMESTAMP '2024-01-01 00:00:00' + to_days(g::INTEGER) + to_seconds(i) AS ts,
         g % 2 = 0 AS flag, CASE WHEN g >= 6 THEN NULL ELSE g::BIGINT END AS maybe, g + 0.5 AS f
  FROM (SELECT r // 2048 AS g, r % 2048 AS i FROM range(16384) t(r)) ORDER BY g, i
) TO '${out}' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION 'snappy')`);
const groups = (await con.runAndReadAll(
  `SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${out}')`)).getRowObjectsJson();
console.log(`${out}: ${groups[0].n} row groups`);
