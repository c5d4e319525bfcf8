// What check_sql_run.mjs and check_answers.mjs share: DuckDB rows as plain objects and their comparison
// with one metric of `kpic run --format json` (the same groups; values equal within 1e-9 relative, nulls
// only to nulls).
const text = (v) => (v === null || v === undefined ? null : typeof v === 'object' ? v.toString() : v);
// A date or timestamp value (`day(max(ts))`) stays text; decimals and big integers become numbers.
const num = (v) => {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'object' || v === null) return v;
  const n = Number(v.toString());
  return Number.isNaN(n) ? v.toString() : n;
};

function same(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a), y = Number(b);
    return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  }
  return String(a) === String(b);
}

// The rows of a DuckDB reader: `value` as a number, every other column as text.
export function rowsOf(reader) {
  const names = reader.columnNames();
  return reader.getRows().map((r) => Object.fromEntries(r.map((v, i) => [names[i], names[i] === 'value' ? num(v) : text(v)])));
}

// The differences between DuckDB's `rows` and kpic run's metric `want`, grouped by the dimensions `by`.
export function differences(rows, want, by) {
  const key = (r) => JSON.stringify(by.map((d) => (r[d] === null || r[d] === undefined ? null : String(r[d]))));
  const got = new Map(rows.map((r) => [key(r), r.value]));
  const problems = [];
  if (got.size !== want.rows.length) problems.push(`${got.size} groups in DuckDB, ${want.rows.length} in kpic run`);
  for (const r of want.rows) {
    const k = key(r);
    if (!got.has(k)) problems.push(`group ${k} missing in DuckDB`);
    else if (!same(got.get(k), r.value)) problems.push(`group ${k}: DuckDB ${got.get(k)}, kpic run ${r.value}`);
  }
  return problems;
}
