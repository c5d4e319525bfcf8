#!/usr/bin/env python3
"""check_sql_sqlglot.py KPIC FILE.kpi...: every query `kpic sql --dialect D --format json` emits for each
file and each of the six dialects, parsed by Debian's python3-sqlglot in that dialect.

A smoke test only: sqlglot accepts some SQL the engine would refuse. A file a dialect cannot express
(an exact median on Trino or BigQuery) must fail with KP0823 and nothing else. Exit 1 on a refusal."""
import json
import subprocess
import sys

import sqlglot

DIALECTS = ["duckdb", "postgres", "spark", "trino", "bigquery", "snowflake"]
kpic, files = sys.argv[1], sys.argv[2:]
failed = parsed = 0
for path in files:
    for dialect in DIALECTS:
        run = subprocess.run([kpic, "sql", path, "--dialect", dialect, "--format", "json"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            codes = {w for w in run.stderr.split() if w.startswith("error[")}
            if codes != {"error[KP0823]:"}:
                failed += 1
                print(f"{path} ({dialect}): exit {run.returncode}\n{run.stderr}", file=sys.stderr)
            continue
        for q in json.loads(run.stdout)["metrics"]:
            try:
                trees = sqlglot.parse(q["sql"], read=dialect)
                if len(trees) != 1 or trees[0] is None:
                    raise ValueError(f"{len(trees)} statements")
                parsed += 1
            except Exception as error:  # sqlglot raises ParseError and TokenError, among others
                failed += 1
                print(f"{path} {q['name']} ({dialect}):\n{q['sql']}\n  {error}", file=sys.stderr)
print(f"{parsed} queries parsed, {failed} refused")
sys.exit(1 if failed or not parsed else 0)
