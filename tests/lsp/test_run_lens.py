"""The "run" code lens: the value of each metric on the bound data (the sources' default files),
computed off the editing thread (the server asks the client to refresh when they are ready), dropped
when the text changes, and the kpic.runMetric command that shows a metric's rows."""
import os
import shutil
import sys
import time
from lsp_client import Client, check, copy_data, uri_of

kpic, src = sys.argv[1], sys.argv[2]
work = copy_data(src, ["shop.kpi", "common.kpi", "orders.csv"])
try:
    shop = os.path.join(work, "shop.kpi")
    ushop = uri_of(shop)
    text = open(shop).read()
    c = Client(kpic, env={"XDG_CACHE_HOME": os.path.join(work, "cache")})
    c.start()
    doc = {"textDocument": {"uri": ushop}}

    def lenses():
        return {l["command"]["arguments"][1]: l["command"]["title"] for l in c.result("textDocument/codeLens", doc)}

    def refreshed():
        m = c._take(lambda m: m.get("method") == "workspace/codeLens/refresh", 60)
        c.send({"jsonrpc": "2.0", "id": m["id"], "result": None})

    c.open(ushop, text)
    c.wait_diagnostics(ushop, 1)
    first = lenses()
    check(set(first) == {"revenue", "orders_by_region", "aov", "big_share"}, "one lens per metric: %s" % first)
    check(all(t == "▶ run" for t in first.values()), "no values before they are computed: %s" % first)
    refreshed()
    # Values checked by hand: amounts 10.5 + 20 + 30 + 40 = 100.5; avg(amount * 2) = 50.25;
    # pct(amount > avg(amount) = 25.125) = 2 of 4 = 50 %; two orders in each region.
    values = lenses()
    check(values["revenue"] == "▶ $100.50", "revenue lens: %s" % values)
    check(values["aov"] == "▶ $50.25", "aov lens: %s" % values)
    check(values["big_share"] == "▶ 50.00", "big_share lens: %s" % values)
    check(values["orders_by_region"] == "▶ 2 groups by region · last: 2 (south)", "grouped lens: %s" % values)

    # The command: the metric's rows, also shown as a message.
    r = c.result("workspace/executeCommand", {"command": "kpic.runMetric", "arguments": [ushop, "orders_by_region"]})
    check(r["ok"] and r["text"] == "orders_by_region:\nnorth: 2\nsouth: 2", "runMetric: %s" % r)
    m = c.wait_notification("window/showMessage")
    check(m["message"] == r["text"], "shown to the user")

    # An edit: the old values are not shown for the new text; the new ones come after a refresh.
    # Several quick edits in a row: only the last text is evaluated.
    for v in range(2, 7):
        c.change(ushop, v, text=text.replace("revenue = sum(amount)", "revenue = sum(amount) * %d" % v))
        lenses()
    check(lenses()["revenue"] in ("▶ run", "▶ $603.00"), "stale values dropped")
    for _ in range(6):  # a refresh may still come from an edit's evaluation that ended before the next edit
        refreshed()
        values = lenses()
        if values["revenue"] != "▶ run":
            break
    check(values["revenue"] == "▶ $603.00", "new value after the edits (100.5 × 6): %s" % values)

    # Without data: the lens says why.
    u2 = uri_of(os.path.join(work, "nodata.kpi"))
    c.open(u2, "source s { v: int }\nx = sum(v)\n")
    c.wait_diagnostics(u2, 1)
    c.result("textDocument/codeLens", {"textDocument": {"uri": u2}})
    for _ in range(6):  # refreshes left over from the edits above may come first
        refreshed()
        t = c.result("textDocument/codeLens", {"textDocument": {"uri": u2}})[0]["command"]["title"]
        if t != "▶ run":
            break
    check(t == "▶ run (no data for source `s`)", "no data: %s" % t)
    # A file with errors gets plain lenses and no evaluation.
    c.change(u2, 2, text="x = sum(\n")
    check(c.result("textDocument/codeLens", {"textDocument": {"uri": u2}}) == [], "no metric, no lens")
    _, code = c.shutdown()
    check(code == 0, "clean exit")
finally:
    shutil.rmtree(work)
print("ok")
