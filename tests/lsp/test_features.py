"""Hover, completion, go to definition (across imports and into the standard library, shown read-only),
references, rename across open files, document symbols, formatting, semantic tokens, code actions, and
requests for a file that was never opened."""
import os
import shutil
import stat
import sys
import tempfile
from lsp_client import Client, check, copy_data, pos, rng, uri_of

kpic, src = sys.argv[1], sys.argv[2]
work = copy_data(src, ["shop.kpi", "common.kpi", "orders.csv"])
cache = tempfile.mkdtemp(prefix="kpic-lsp-cache-")
try:
    shop, common = os.path.join(work, "shop.kpi"), os.path.join(work, "common.kpi")
    ushop, ucommon = uri_of(shop), uri_of(common)
    text = open(shop).read()
    lines = text.split("\n")

    def at(word, nth=0, plus=0):
        """The position of the nth occurrence of `word` in shop.kpi (+ plus characters)."""
        i = -1
        for _ in range(nth + 1):
            i = text.index(word, i + 1)
        line = text.count("\n", 0, i)
        return pos(line, i - (text.rindex("\n", 0, i) + 1 if line else 0) + plus)

    c = Client(kpic, env={"XDG_CACHE_HOME": cache})
    c.start()
    c.open(ushop, text)
    check(c.wait_diagnostics(ushop, 1)["diagnostics"] == [], "clean")
    doc = {"textDocument": {"uri": ushop}}

    def req(method, **params):
        return c.result(method, dict(doc, **params))

    # Hover: a metric (doc, type, unit, target, owner, formula), a template call (expanded with the
    # arguments), a column (type and where it comes from), a builtin.
    h = req("textDocument/hover", position=at("revenue = ", plus=2))["contents"]["value"]
    for part in ["**metric** `revenue`: float", "Revenue of all orders.", "unit: usd", "target: >=", "owner: finance",
                 "sum(amount)", "source: `orders`"]:
        check(part in h, "metric hover has %r: %s" % (part, h))
    h = req("textDocument/hover", position=at("avg_order_value(", plus=3))["contents"]["value"]
    check("fn avg_order_value(amount)" in h and "avg(amount * 2)" in h and "std.revenue" in h,
          "template hover with the call's argument substituted: %s" % h)
    h = req("textDocument/hover", position=at("sum(amount)", plus=5))["contents"]["value"]
    check("**column** `amount`: float" in h and "`orders`" in h, "column hover: %s" % h)
    h = req("textDocument/hover", position=at("count()", plus=1))["contents"]["value"]
    check("**builtin** `count`" in h, "builtin hover: %s" % h)
    check(req("textDocument/hover", position=pos(0, 0)) is None, "no hover on a comment")

    # Completion.
    def labels(line_text, p):
        c.change(ushop, 100 + len(line_text), text=text + line_text)
        items = c.result("textDocument/completion", dict(doc, position=p))["items"]
        return [i["label"] for i in sorted(items, key=lambda i: i.get("sortText", i["label"]))], items

    last = len(lines) - 1
    got, _ = labels("x = sum(", pos(last, 8))
    check(got[:4] == sorted(["amount", "day", "order_id", "region"]), "columns first inside an aggregate: %s" % got[:6])
    check("revenue" in got and "threshold_amount" in got and "count" in got and "where" in got,
          "metrics, builtins and keywords offered too")
    got, items = labels("y = ", pos(last, 4))
    check(got[0] in ("aov", "big_share", "orders_by_region", "revenue", "threshold_amount"), "metrics first outside a call: %s" % got[:3])
    arpu = [i for i in items if i["label"] == "arpu"]
    check(arpu and "fn arpu(revenue, user)" in arpu[0]["detail"] and "additionalTextEdits" not in arpu[0],
          "a template of an imported module: %s" % arpu)
    churn = [i for i in items if i["label"] == "churn_rate"]
    check(churn and churn[0]["additionalTextEdits"][0]["newText"].strip().startswith("import std."),
          "a template of another module adds its import: %s" % churn)
    got, _ = labels("import std.", pos(last, 11))
    check("std.revenue" in got and "std.retention" in got and "revenue" not in got, "module names: %s" % got)
    got, _ = labels("@unit(", pos(last, 6))
    check("usd" in got and "percent" in got, "units: %s" % got)
    got, _ = labels("z = sum(orders.", pos(last, 15))
    check(sorted(got) == ["amount", "day", "order_id", "region"], "a source's columns after `orders.`: %s" % got)
    c.change(ushop, 200, text=text)
    c.wait_diagnostics(ushop, 200)

    # Definition: into the imported file, and into the standard library (a read-only file).
    d = req("textDocument/definition", position=at("threshold_amount"))
    check(d["uri"] == ucommon and d["range"]["start"]["line"] == 9, "definition in common.kpi: %s" % d)
    d = req("textDocument/definition", position=at("avg_order_value"))
    path = d["uri"][len("file://"):]
    check(d["uri"].startswith("file://" + cache) and path.endswith("revenue.kpi"), "std definition: %s" % d)
    check(os.path.exists(path) and not (os.stat(path).st_mode & stat.S_IWUSR), "written read-only")
    std_lines = open(path).read().split("\n")
    check("fn avg_order_value" in std_lines[d["range"]["start"]["line"]], "at the template")
    d = req("textDocument/definition", position=at("import \"common", plus=9))
    check(d["uri"] == ucommon and d["range"]["start"] == pos(0, 0), "an import leads to its file: %s" % d)
    d = req("textDocument/definition", position=at("import std", plus=9))
    check(d["uri"].endswith("/revenue.kpi") and d["range"]["start"] == pos(0, 0), "and to a standard module: %s" % d)
    h = req("textDocument/hover", position=at("import std", plus=9))["contents"]["value"]
    check(h.startswith("**std.revenue**") and "recurring revenue" in h and "templates" in h, "module hover: %s" % h)
    d = req("textDocument/definition", position=at("amount)"))
    check(d["uri"] == ucommon, "a column's definition is its schema line: %s" % d)

    # References and rename across open files.
    c.open(ucommon, open(common).read())
    c.wait_diagnostics(ucommon, 1)
    refs = req("textDocument/references", position=at("threshold_amount"), context={"includeDeclaration": True})
    check(sorted(r["uri"] for r in refs) == sorted([ushop, ucommon]), "references in both files: %s" % refs)
    refs = req("textDocument/references", position=at("revenue ="), context={"includeDeclaration": False})
    check(len(refs) == 1 and refs[0]["range"]["start"]["line"] == at("revenue ==")["line"], "a test's expect: %s" % refs)
    p = req("textDocument/prepareRename", position=at("threshold_amount"))
    check(p["placeholder"] == "threshold_amount", "prepareRename")
    e = req("textDocument/rename", position=at("threshold_amount"), newName="cutoff")["changes"]
    check(set(e) == {ushop, ucommon} and all(x["newText"] == "cutoff" for v in e.values() for x in v), "rename edits: %s" % e)
    r = c.request("textDocument/rename", dict(doc, position=at("avg_order_value"), newName="x"))
    check(r.get("error", {}).get("code") == -32803, "the standard library cannot be renamed: %s" % r)
    r = c.request("textDocument/rename", dict(doc, position=at("revenue = "), newName="not valid"))
    check("error" in r, "an invalid name is refused")
    r = c.request("textDocument/rename", dict(doc, position=at("sum(amount)", plus=5), newName="x"))
    check("error" in r, "columns are not renamed")

    # Document symbols: the outline.
    syms = req("textDocument/documentSymbol")
    names = [s["name"] for s in syms]
    check(names == ["std.revenue", "common.kpi", "revenue", "orders_by_region", "aov", "big_share", "revenue adds up"],
          "outline: %s" % names)

    # Semantic tokens: decode and look at a few.
    data = req("textDocument/semanticTokens/full")["data"]
    toks, line, ch = [], 0, 0
    for i in range(0, len(data), 5):
        dl, dc, ln, ty, mods = data[i:i + 5]
        line += dl
        ch = ch + dc if dl == 0 else dc
        toks.append((lines[line][ch:ch + ln], ty, mods))
    check(("revenue", 0, 1) in toks, "metric declaration token: %s" % toks[:8])
    check(("amount", 3, 0) in toks and ("sum", 1, 2) in toks and ("avg_order_value", 1, 0) in toks, "column, builtin, template tokens")
    check(("@unit", 6, 0) in toks, "attribute token")

    # Formatting: a badly laid out file is rewritten; a file with a syntax error is left alone.
    u2 = uri_of(os.path.join(work, "messy.kpi"))
    c.open(u2, "x=sum( 1 )\n\n\n\ny  =  count()")
    edits = c.result("textDocument/formatting", {"textDocument": {"uri": u2}, "options": {"tabSize": 2, "insertSpaces": True}})
    check(len(edits) == 1 and edits[0]["newText"] == "x = sum(1)\n\ny = count()\n", "formatted: %s" % edits)
    c.change(u2, 2, text="x = sum(\n")
    edits = c.result("textDocument/formatting", {"textDocument": {"uri": u2}, "options": {"tabSize": 2, "insertSpaces": True}})
    check(edits == [], "no edit for a file that does not parse")

    # Code actions: the did-you-mean quick fix.
    c.change(u2, 3, text="source s { amount: float }\nx = sum(amont)\n")
    c.wait_diagnostics(u2, 3)
    acts = c.result("textDocument/codeAction", {"textDocument": {"uri": u2}, "range": rng(1, 9, 1, 9), "context": {"diagnostics": []}})
    check(len(acts) == 1 and acts[0]["kind"] == "quickfix" and acts[0]["edit"]["changes"][u2][0]["newText"] == "amount",
          "quick fix: %s" % acts)
    check(c.result("textDocument/codeAction", {"textDocument": {"uri": u2}, "range": rng(0, 0, 0, 1), "context": {"diagnostics": []}}) == [],
          "no action elsewhere")

    # A file that was never opened: an error answer, and the server goes on.
    r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///never/opened.kpi"}, "position": pos(0, 0)})
    check(r.get("error", {}).get("code") == -32602, "never opened: InvalidParams: %s" % r)
    check(req("textDocument/hover", position=at("revenue = ")) is not None, "still serving")
    _, code = c.shutdown()
    check(code == 0, "clean exit")
finally:
    shutil.rmtree(work)
    for root, dirs, files in os.walk(cache):
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)
    shutil.rmtree(cache)
print("ok")
