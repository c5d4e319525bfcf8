"""The VS Code extension's manifest (editors/vscode/package.json) is complete, and the packaged .vsix,
when the build made one, holds the client, its language client library, the grammar and the manifest."""
import json
import os
import sys
import zipfile

src, vsix = sys.argv[1], sys.argv[2]
ext = os.path.join(src, "editors", "vscode")
fails = []

def check(cond, what):
    if not cond:
        fails.append(what)

m = json.load(open(os.path.join(ext, "package.json")))
check(os.path.exists(os.path.join(ext, m.get("main", "").lstrip("./"))), "main script exists")
check("onLanguage:kpi" in m.get("activationEvents", []), "activates on .kpi files")
langs = m.get("contributes", {}).get("languages", [])
check(any(l["id"] == "kpi" and ".kpi" in l["extensions"] for l in langs), "language kpi for .kpi")
grammars = m.get("contributes", {}).get("grammars", [])
check(grammars and all(os.path.exists(os.path.join(ext, g["path"])) for g in grammars), "the TextMate grammar is kept")
props = m.get("contributes", {}).get("configuration", {}).get("properties", {})
check("kpic.path" in props, "the binary's path is a setting")
check("vscode-languageclient" in m.get("dependencies", {}), "vscode-languageclient dependency")
check("@vscode/vsce" in m.get("devDependencies", {}), "vsce to package it")
client = open(os.path.join(ext, "extension.js")).read()
check("'lsp'" in client and "getConfiguration('kpic')" in client, "the client runs `kpic lsp` from the setting")

if os.path.exists(vsix):
    names = set(zipfile.ZipFile(vsix).namelist())
    for want in ["extension/package.json", "extension/extension.js", "extension/syntaxes/kpi.tmLanguage.json",
                 "extension/language-configuration.json", "extension/node_modules/vscode-languageclient/node.js"]:
        check(want in names, "the .vsix holds " + want)
    check(not any(n.startswith("extension/node_modules/@vscode/vsce/") for n in names), "vsce is not shipped")
    print("checked", vsix)
else:
    print("no .vsix built (npm modules not installed): manifest only")
if fails:
    print("FAILED:", *fails, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print("ok")
