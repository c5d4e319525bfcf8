#!/usr/bin/env python3
"""Parses every snippet dialect_snippets prints with sqlglot in its dialect.

A smoke test only: sqlglot accepts some SQL the engine would refuse. It catches unbalanced quotes, a
misspelt construct or a form the dialect's grammar does not have. Exit 1 on the first refusal."""
import json
import subprocess
import sys

import sqlglot

snippets = subprocess.run([sys.argv[1]], check=True, capture_output=True, text=True).stdout.splitlines()
failed = 0
for line in snippets:
    case = json.loads(line)
    try:
        trees = sqlglot.parse(case["sql"], read=case["dialect"])
        if len(trees) != 1 or trees[0] is None:
            raise ValueError(f"{len(trees)} statements")
    except Exception as error:  # sqlglot raises ParseError and TokenError, among others
        failed += 1
        print(f"{case['dialect']}: {case['sql']}\n  {error}", file=sys.stderr)
print(f"{len(snippets) - failed} of {len(snippets)} snippets parsed")
sys.exit(1 if failed or not snippets else 0)
