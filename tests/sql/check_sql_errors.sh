#!/bin/sh
# check_sql_errors.sh KPIC DIR: kpic sql's errors — a construct the dialect lacks (KP0823, located, exit 1),
# a construct not lowered yet (KP0824), bad --dialect / --metric / --table (usage, exit 2, with a suggestion). Exit 1 on the first mismatch.
kpic=$1 kpi=$2/semantics.kpi
expect() {  # expect RC PATTERN ARGS...
  rc=$1 pattern=$2; shift 2
  out=$("$kpic" sql "$kpi" "$@" 2>&1); got=$?
  if [ "$got" != "$rc" ] || ! printf '%s' "$out" | grep -q -- "$pattern"; then
    echo "kpic sql $*: exit $got (want $rc), output:"; echo "$out"; exit 1
  fi
}
expect 1 'semantics.kpi:29:1: error\[KP0823\]: metric `median_amount`: `median` needs an exact interpolated percentile, which dialect trino' --dialect trino --metric median_amount
expect 1 'error\[KP0823\].*dialect bigquery' --dialect bigquery --metric median_amount
expect 2 'unknown --dialect `trinoo`.*did you mean `trino`' --dialect trinoo
expect 2 'no metric of that name (did you mean `revenue`?)' --metric revenu
expect 2 'no source named `ordrs` (did you mean `orders`?)' --table ordrs=x.y
expect 2 'is not NAME=REF' --table orders
expect 0 'FROM `Sales`.orders' --table orders=Sales.orders --metric revenue --dialect bigquery
expect 0 '"order id"' --metric big_ids --dialect postgres
expect 0 'LAG\|quantile_cont' --metric median_amount
out=$("$kpic" sql "$2/not_lowered.kpi" --dialect postgres 2>&1); got=$?
if [ "$got" != 1 ] || ! printf '%s' "$out" | grep -q 'not_lowered.kpi:11:1: error\[KP0824\]: metric `cents`: `%` of fractional numbers is not lowered to SQL yet (dialect postgres)'; then
  echo "not_lowered.kpi: exit $got (want 1), output:"; echo "$out"; exit 1
fi
echo "kpic sql errors ok"
