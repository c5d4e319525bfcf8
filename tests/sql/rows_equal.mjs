// How a DuckDB result is compared with `kpic run --format json` rows (check_sql_run.mjs,
// tests/dims/check_answers.mjs): dimension values as text, values as numbers, equal within 1e-9 relative,
// nulls equal only to nulls.
export const text = (v) => (v === null || v === undefined ? null : typeof v === 'object' ? v.toString() : v);
export const num = (v) => (typeof v === 'bigint' ? Number(v) : typeof v === 'object' && v !== null ? Number(v.toString()) : v);
export function same(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a), y = Number(b);
    return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  }
  return String(a) === String(b);
}
// The rows of a DuckDB reader as objects: `value` as a number, the other columns as text.
export function readerRows(reader) {
  const names = reader.columnNames();
  return reader.getRows().map((r) => Object.fromEntries(r.map((v, i) => [names[i], names[i] === 'value' ? num(v) : text(v)])));
}
// The differences between DuckDB's `rows` and kpic run's `want` rows, grouped by the dimensions `by`.
export function differences(by, rows, want) {
  const key = (r) => JSON.stringify(by.map((d) => (r[d] === null || r[d] === undefined ? null : String(r[d]))));
  const got = new Map(rows.map((r) => [key(r), r.value]));
  const problems = [];
  if (got.size !== want.length) problems.push(`${got.size} groups in DuckDB, ${want.length} in kpic run`);
  for (const r of want) {
    const k = key(r);
    if (!got.has(k)) problems.push(`group ${k} missing in DuckDB`);
    else if (!same(got.get(k), r.value)) problems.push(`group ${k}: DuckDB ${got.get(k)}, kpic run ${r.value}`);
  }
  return problems;
}
