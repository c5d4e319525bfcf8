#!/usr/bin/env bash
# in_git_repo.sh KPIC CASE ARGS...: runs `KPIC ARGS...` inside a temporary git repository made for a
# `kpic diff` golden test, and removes it afterwards. The repository's one commit holds
# cases/CASE/base/ (no base folder: the folder is not a git repository at all); the working copy is
# then replaced by cases/CASE/work/, and data/ is copied in (untracked). Both versions thus read the
# same data, and output paths are relative to the repository.
set -u
kpic=$1
case=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kpic-diff-test-XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
# git must not find an enclosing repository above the temporary folder.
export GIT_CEILING_DIRECTORIES=$(dirname "$tmp")
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"  # a stable commit id
git=(git -C "$tmp" -c user.name=kpic -c user.email=kpic@example.com -c commit.gpgsign=false)
if [ -d "$here/cases/$case/base" ]; then
  "${git[@]}" init -q
  cp -R "$here/cases/$case/base/." "$tmp/"
  "${git[@]}" add -A
  "${git[@]}" commit -qm base
  find "$tmp" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
fi
cp -R "$here/cases/$case/work/." "$tmp/"
cp -R "$here/data" "$tmp/data"
cd "$tmp" && "$kpic" "$@"
