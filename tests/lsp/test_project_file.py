"""kpic.toml in the editor: the server binds a document's sources as `kpic check` and `kpic run` do with no
arguments, [sources] of the governing kpic.toml before the `source` default, so column hovers show the
bound data's types and the "run" lenses its values; an error in kpic.toml is shown on the document."""
import os
import shutil
import sys
import tempfile
from lsp_client import Client, check, pos, uri_of

kpic, src = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix="kpic-lsp-project-")
try:
    os.makedirs(os.path.join(work, "data"))
    os.makedirs(os.path.join(work, "kpis"))
    toml = os.path.join(work, "kpic.toml")
    with open(toml, "w") as f:
        f.write('[sources]\norders = "data/orders.csv"\n')
    with open(os.path.join(work, "data", "orders.csv"), "w") as f:
        f.write("region,amount\nnorth,10.5\nsouth,20\nnorth,30\n")
    # The `source` default names no file: only kpic.toml binds data.
    text = 'source orders "nowhere.csv"\n\nrevenue = sum(amount)\nby_region = count() by region\n'
    path = os.path.join(work, "kpis", "shop.kpi")
    with open(path, "w") as f:
        f.write(text)
    u = uri_of(path)
    c = Client(kpic, env={"XDG_CACHE_HOME": os.path.join(work, "cache")})
    c.start()
    doc = {"textDocument": {"uri": u}}
    c.open(u, text)
    check(c.wait_diagnostics(u, 1)["diagnostics"] == [], "clean")

    # The column's type comes from data/orders.csv, bound by kpic.toml (the source has no schema block).
    h = c.result("textDocument/hover", dict(doc, position=pos(2, text.split("\n")[2].index("amount") + 2)))
    check(h and "**column** `amount`: float" in h["contents"]["value"], "column hover from kpic.toml's data: %s" % h)

    def refreshed():
        m = c._take(lambda m: m.get("method") == "workspace/codeLens/refresh", 60)
        c.send({"jsonrpc": "2.0", "id": m["id"], "result": None})

    def lenses():
        return {l["command"]["arguments"][1]: l["command"]["title"] for l in c.result("textDocument/codeLens", doc)}

    lenses()
    refreshed()
    # By hand: 10.5 + 20 + 30 = 60.5; two orders in the north, one in the south.
    values = lenses()
    check(values["revenue"] == "▶ 60.50", "revenue lens on kpic.toml's data: %s" % values)
    check(values["by_region"] == "▶ 2 groups by region · last: 1 (south)", "grouped lens: %s" % values)

    # A bad key in kpic.toml: an error on the document naming kpic.toml's line.
    with open(toml, "w") as f:
        f.write('[sources]\norders = "data/orders.csv"\n[sourcse]\n')
    c.change(u, 2, text=text + "\n")
    diags = c.wait_diagnostics(u, 2)["diagnostics"]
    check(len(diags) == 1 and "kpic.toml:3:2: unknown key `sourcse`" in diags[0]["message"]
          and diags[0]["code"] == "KP0820", "kpic.toml's error shown: %s" % diags)
    _, code = c.shutdown()
    check(code == 0, "clean exit")
finally:
    shutil.rmtree(work)
print("ok")
