"""Diagnostics on open and on every change (full and incremental), for the file and the open files that
import it; unsaved buffers are what imports read; help and notes carried over."""
import os
import shutil
import sys
import tempfile
from lsp_client import Client, check, copy_data, pos, rng, uri_of

kpic, src = sys.argv[1], sys.argv[2]
work = copy_data(src, ["shop.kpi", "common.kpi", "orders.csv"])
try:
    shop, common = os.path.join(work, "shop.kpi"), os.path.join(work, "common.kpi")
    ushop, ucommon = uri_of(shop), uri_of(common)
    c = Client(kpic)
    c.start()

    c.open(ushop, open(shop).read())
    d = c.wait_diagnostics(ushop, 1)
    check(d["diagnostics"] == [], "shop.kpi is clean: %s" % d)

    # An unknown column: code, range, message and the did-you-mean help.
    text = "source s { amount: float }\nx = sum(amont)\n"
    u = uri_of(os.path.join(work, "bad.kpi"))
    c.open(u, text)
    d = c.wait_diagnostics(u, 1)["diagnostics"]
    check(len(d) == 1, "one diagnostic: %s" % d)
    check(d[0]["code"] == "KP0201" and d[0]["severity"] == 1, "KP0201 error")
    check(d[0]["range"] == rng(1, 8, 1, 13), "range of `amont`: %s" % d[0]["range"])
    check("did you mean `amount`?" in d[0]["message"], "help in the message")

    # Incremental change fixes it; a full change breaks the syntax.
    c.change(u, 2, range_=rng(1, 8, 1, 13), new_text="amount")
    check(c.wait_diagnostics(u, 2)["diagnostics"] == [], "fixed by an incremental change")
    c.change(u, 3, text="x = sum(amount\n")
    d = c.wait_diagnostics(u, 3)["diagnostics"]
    check(len(d) >= 1 and d[0]["code"].startswith("KP01"), "syntax error after a full change: %s" % d)

    # Two edits in one change, UTF-16 positions after a non-ASCII character.
    c.change(u, 4, text="## Ünïcødé 😀 doc\nsource s { amount: float }\nx = count()\n")
    check(c.wait_diagnostics(u, 4)["diagnostics"] == [], "clean")
    c.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 5}, "contentChanges": [
        {"range": rng(0, 13, 0, 13), "text": "!"},     # after the emoji (2 UTF-16 units)
        {"range": rng(2, 4, 2, 11), "text": "sum(nope)"}]})
    d = c.wait_diagnostics(u, 5)["diagnostics"]
    check(len(d) == 1 and d[0]["range"] == rng(2, 8, 2, 12), "edit positions in UTF-16 units: %s" % d)

    # A duplicate: the note becomes related information.
    c.change(u, 6, text="x = count()\nx = count()\n")
    d = c.wait_diagnostics(u, 6)["diagnostics"]
    check(d and d[0].get("relatedInformation") and d[0]["relatedInformation"][0]["location"]["uri"] == u,
          "related information for the note: %s" % d)

    # The importer is re-checked when an open import changes (its unsaved text is what it reads).
    c.open(ucommon, open(common).read())
    check(c.wait_diagnostics(ucommon, 1)["diagnostics"] == [], "common.kpi clean")
    check(c.wait_diagnostics(ushop)["diagnostics"] == [], "shop.kpi re-checked with the open import")
    broken = open(common).read().replace("threshold_amount = avg(amount)", "threshold_amt = avg(amount)")
    c.change(ucommon, 2, text=broken)
    check(c.wait_diagnostics(ucommon, 2)["diagnostics"] == [], "common.kpi still clean")
    d = c.wait_diagnostics(ushop)["diagnostics"]
    check(any("threshold_amount" in x["message"] for x in d), "shop.kpi sees the unsaved import: %s" % d)
    c.change(ucommon, 3, text=open(common).read())
    check(c.wait_diagnostics(ushop)["diagnostics"] == [], "and its fix")

    # An error inside an imported file is shown on the import.
    c.change(ucommon, 4, text="y = sum(\n")
    d = c.wait_diagnostics(ushop)["diagnostics"]
    check(any(x["message"].startswith(common) and x["range"]["start"]["line"] == 2 for x in d),
          "an imported file's error on its import line: %s" % d)

    # A file that is not open changes on disk: the client's file watcher says so.
    c.notify("textDocument/didClose", {"textDocument": {"uri": ucommon}})
    c.wait_diagnostics(ucommon)
    check(c.wait_diagnostics(ushop)["diagnostics"] == [], "the importer reads the closed file from disk")
    with open(common, "a") as f:
        f.write("oops = sum(\n")
    c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": ucommon, "type": 2}]})
    d = c.wait_diagnostics(ushop)["diagnostics"]
    check(any(x["message"].startswith(common) for x in d), "re-checked after the file changed on disk: %s" % d)

    # Closing clears the diagnostics.
    c.notify("textDocument/didClose", {"textDocument": {"uri": u}})
    check(c.wait_diagnostics(u)["diagnostics"] == [], "cleared on close")
    _, code = c.shutdown()
    check(code == 0, "clean exit")
finally:
    shutil.rmtree(work)
print("ok")
