#!/usr/bin/env python3
"""Every diagnostic code of compiler/diag/codes*.def is emitted by kpic and expected by a test, or retired.

For each KP_DIAG(num, id, summary):
  - emitted: the sources (compiler/, runtime/, outside compiler/diag/) name `DiagCode::id`, spell `KP0num`,
    or (runtime/, which cannot include compiler/diag) pass the number `num` as a code (`{num, `, `= num;`);
  - expected: a test file under tests/ spells `KP0num`, names `DiagCode::id` or checks `code == num`.
A code that is neither is either retired (KP_DIAG_RETIRED in the .def file, never emitted again) or listed
in tests/diag/codes_allowlist.txt with a reason. Retired codes must not be emitted; allow-listed codes must
still need it (an entry that is no longer needed fails too, so the list stays short).
Usage: codes_audit.py SOURCE_DIR
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
defs = sorted((root / "compiler/diag").glob("codes*.def"))
active, retired = {}, {}
for path in defs:
    for m in re.finditer(r"^(KP_DIAG|KP_DIAG_RETIRED)\((\d+),\s*(\w+),", path.read_text(), re.M):
        (retired if m.group(1) == "KP_DIAG_RETIRED" else active)[int(m.group(2))] = m.group(3)

def texts(folders, suffixes):
    for folder in folders:
        for p in (root / folder).rglob("*"):
            if p.is_file() and p.suffix in suffixes and "generated" not in p.parts:
                yield p, p.read_text(errors="replace")

source_suffixes = {".cc", ".h"}
sources = [(p, t) for p, t in texts(["compiler", "runtime"], source_suffixes)
           if not p.relative_to(root).as_posix().startswith("compiler/diag/")]
tests = list(texts(["tests"], {".out", ".cc", ".h", ".sh", ".py", ".mjs", ".json", ".kpi", ".txt"}))

def emitted(num, ident):
    spelled = re.compile(r"DiagCode::%s\b|KP%04d\b" % (ident, num))
    numeric = re.compile(r"[{(]\s*%d\s*,|=\s*%d\s*[;,]" % (num, num))
    for p, t in sources:
        if spelled.search(t):
            return True
        if p.relative_to(root).parts[0] == "runtime" and numeric.search(t):
            return True
    return False

def expected(num, ident):
    pattern = re.compile(r"DiagCode::%s\b|KP%04d\b|code == %d\b" % (ident, num, num))
    return any(pattern.search(t) for p, t in tests if p.name != "codes_allowlist.txt")

allow = {}
allow_path = root / "tests/diag/codes_allowlist.txt"
for line in allow_path.read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        code, _, reason = line.partition(" ")
        if not reason.strip():
            print(f"{allow_path}: {code} has no reason")
            sys.exit(1)
        allow[code] = reason.strip()

problems = []
for num, ident in sorted(active.items()):
    code = "KP%04d" % num
    missing = [what for what, ok in (("never emitted", emitted(num, ident)), ("expected by no test", expected(num, ident))) if not ok]
    if missing and code not in allow:
        problems.append(f"{code} ({ident}): {' and '.join(missing)}: emit and test it, retire it "
                        "(KP_DIAG_RETIRED) or list it in tests/diag/codes_allowlist.txt with a reason")
    if not missing and code in allow:
        problems.append(f"{code} ({ident}): emitted and tested: remove it from tests/diag/codes_allowlist.txt")
for num, ident in sorted(retired.items()):
    if emitted(num, ident):
        problems.append("KP%04d (%s) is retired but still emitted" % (num, ident))
for code in allow:
    if int(code[2:]) not in active:
        problems.append(f"{code} in tests/diag/codes_allowlist.txt is no active code")
for p in problems:
    print(p)
print(f"{len(active)} active codes, {len(retired)} retired, {len(allow)} allow-listed: {len(problems)} problems")
sys.exit(1 if problems else 0)
