#!/bin/sh
# check_sql_golden.sh KPIC DIR: the SQL text of three metrics of DIR/semantics.kpi (a composition across
# sources, growth along months, quoted names) in each dialect equals DIR/semantics.DIALECT.sql.
# DIR/approx.kpi's metrics in every dialect equal DIR/approx.sql; two of DIR/lookup.kpi's, DIR/lookup.sql;
# DIR/dims.kpi's, DIR/dims.sql; two of DIR/trailing.kpi's, DIR/trailing.sql; four of DIR/calendar_tz.kpi's,
# DIR/calendar_tz.sql; three of DIR/funnel.kpi's, DIR/funnel.sql;
# two of DIR/cohort.kpi's, two of DIR/cohort_calendar.kpi's and two of DIR/cohort_by.kpi's, DIR/cohort.sql.
# Regenerate after a deliberate change by running the command below with `> DIR/semantics.$d.sql`.
kpic=$1 dir=$2 status=0
for d in duckdb postgres spark trino bigquery snowflake; do
  "$kpic" sql "$dir/semantics.kpi" --dialect $d --metric conversion --metric monthly_growth --metric big_ids \
    --table orders=shop.orders --table visits=web.visits | diff -u "$dir/semantics.$d.sql" - || status=1
done
# Four of DIR/semantics.kpi's, DIR/shapes.sql: inner `where`s and pct (a FILTER clause or a CASE), a month
# computed from the day key after grouping.
for d in duckdb postgres spark trino bigquery snowflake; do
  echo "-- $d"
  "$kpic" sql "$dir/semantics.kpi" --dialect $d --metric refund_share --metric small_refund_share \
    --metric small_amount --metric daily_by_month --table orders=shop.orders --table visits=web.visits
done | diff -u "$dir/shapes.sql" - || status=1
# approx_quantile / approx_median: every dialect's approximate percentile, in one file.
for d in duckdb postgres spark trino bigquery snowflake; do
  echo "-- $d"
  "$kpic" sql "$dir/approx.kpi" --dialect $d --table orders=shop.orders
done | diff -u "$dir/approx.sql" - || status=1
# Lookups (a LEFT JOIN per hop on the checked-unique key): every dialect, in one file.
for d in duckdb postgres spark trino bigquery snowflake; do
  echo "-- $d"
  "$kpic" sql "$dir/lookup.kpi" --dialect $d --metric revenue_by_channel --metric orders_by_plan \
    --table orders=shop.orders --table customers=shop.customers --table accounts=shop.accounts
done | diff -u "$dir/lookup.sql" - || status=1
# Computed dimensions, day_of_week/hour, prev/growth with an offset: every dialect, in one file.
for d in duckdb postgres spark trino bigquery snowflake; do
  echo "-- $d"
  "$kpic" sql "$dir/dims.kpi" --dialect $d --table orders=shop.orders
done | diff -u "$dir/dims.sql" - || status=1
# Trailing windows (the days, the spine of buckets by a date series, the window join): every dialect, in one file.
for d in duckdb postgres spark trino bigquery snowflake; do
  echo "-- $d"
  "$kpic" sql "$dir/trailing.kpi" --dialect $d --metric region_2d --metric users_60d --table activity=shop.activity
done | diff -u "$dir/trailing.sql" - || status=1
# A calendar with a time zone, weeks from Wednesday, fiscal years from October: every dialect, in one file.
for d in duckdb postgres spark trino bigquery snowflake; do
  echo "-- $d"
  "$kpic" sql "$dir/calendar_tz.kpi" --dialect $d --metric per_week --metric per_fiscal_quarter \
    --metric per_fiscal_year --metric events_2d --table stamps=shop.stamps
done | diff -u "$dir/calendar_tz.sql" - || status=1
# Funnels (the rows, a CTE per step, a count per group of the start; one chain shared by funnels whose steps
# lead another's; a date as the time; the inner `where`): every dialect, in one file.
for d in duckdb postgres spark trino bigquery snowflake; do
  echo "-- $d"
  "$kpic" sql "$dir/funnel.kpi" --dialect $d --metric signup_to_purchase --metric eu_trials_inner \
    --metric daily_trials --table events=shop.events
done | diff -u "$dir/funnel.sql" - || status=1
# Retention matrices (the cohort of each entity, the sizes, the periods as a date series from the cohort to
# the last bucket, the active entities per bucket; months, quarters, weeks from Sunday in a time zone, fiscal
# quarters; split by one and two dimensions of each entity's starting row): every dialect, in one file.
for d in duckdb postgres spark trino bigquery snowflake; do
  echo "-- $d"
  "$kpic" sql "$dir/cohort.kpi" --dialect $d --metric buyers --metric quarterly --table events=shop.events
  "$kpic" sql "$dir/cohort_calendar.kpi" --dialect $d --metric weekly --metric fiscal_quarterly \
    --table visits=shop.visits
  "$kpic" sql "$dir/cohort_by.kpi" --dialect $d --metric signups --metric visits_by_region_event \
    --table events=shop.events
done | diff -u "$dir/cohort.sql" - || status=1
[ $status = 0 ] && echo "golden SQL ok"
exit $status
