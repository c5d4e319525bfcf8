#!/bin/sh
# check_sql_golden.sh KPIC DIR: the SQL text of three metrics of DIR/semantics.kpi (a composition across
# sources, growth along months, quoted names) in each dialect equals DIR/semantics.DIALECT.sql.
# Regenerate after a deliberate change by running the command below with `> DIR/semantics.$d.sql`.
kpic=$1 dir=$2 status=0
for d in duckdb postgres spark trino bigquery snowflake; do
  "$kpic" sql "$dir/semantics.kpi" --dialect $d --metric conversion --metric monthly_growth --metric big_ids \
    --table orders=shop.orders --table visits=web.visits | diff -u "$dir/semantics.$d.sql" - || status=1
done
[ $status = 0 ] && echo "golden SQL ok"
exit $status
