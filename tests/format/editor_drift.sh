#!/usr/bin/env bash
# Editor support must not drift from the language: every keyword of grammar/Kpi.g4 (its quoted
# alphabetic literals) and every builtin of compiler/lang/builtins.def must appear in the VS Code
# TextMate grammar and in the Vim syntax file.
#   editor_drift.sh SOURCE_DIR
set -u
root=$1
grammar=$root/grammar/Kpi.g4
builtins=$root/compiler/lang/builtins.def
tm=$root/editors/vscode/syntaxes/kpi.tmLanguage.json
vim=$root/editors/vim/syntax/kpi.vim
for f in "$grammar" "$builtins" "$tm" "$vim"; do
  [ -f "$f" ] || { echo "missing $f"; exit 1; }
done

# Keywords: 'where', 'by', ... in lexer or parser rules (comments and the lexer's semantic predicates
# `{ ... }?`, which compare characters, stripped first).
keywords=$(sed -e 's://.*$::' -e 's/{[^}]*}?//g' "$grammar" | grep -o "'[A-Za-z_][A-Za-z_]*'" | tr -d "'" | sort -u)
names=$(sed -n 's/^KPIC_BUILTIN([A-Za-z]*, *"\([a-z_]*\)".*/\1/p' "$builtins" | sort -u)
[ -n "$keywords" ] || { echo "no keywords found in $grammar"; exit 1; }
[ -n "$names" ] || { echo "no builtins found in $builtins"; exit 1; }

# Only the patterns count (not scope names such as "source.kpi").
tm_patterns=$(grep '"match"' "$tm")
vim_patterns=$(grep -E '^syntax (keyword|match)' "$vim")
missing=0
check() {  # check KIND WORD FILE PATTERNS: WORD must occur as a whole word in PATTERNS
  if ! grep -qE "(^|[^A-Za-z0-9_])$2([^A-Za-z0-9_]|$)" <<<"$4"; then
    echo "$1 '$2' is missing from ${3#$root/}"
    missing=$((missing + 1))
  fi
}
for w in $keywords; do
  check keyword "$w" "$tm" "$tm_patterns"
  check keyword "$w" "$vim" "$vim_patterns"
done
for w in $names; do
  check builtin "$w" "$tm" "$tm_patterns"
  check builtin "$w" "$vim" "$vim_patterns"
done
if [ $missing -ne 0 ]; then
  echo "$missing word(s) missing: update editors/ (see editors/README.md)"
  exit 1
fi
echo "editors cover $(echo "$keywords" | wc -w) keywords and $(echo "$names" | wc -w) builtins"
