// Unit tests of the pretty-printing algebra behind the formatter (compiler/format/doc.h).
#include <doctest/doctest.h>

#include "compiler/format/doc.h"

using kpic::format::Doc;
using kpic::format::render;

namespace {

// f(a, b, c) that breaks as "f(" / args indented by 4 / ")".
Doc call(const std::string& name, std::vector<Doc> args) {
  std::vector<Doc> inner;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) inner.push_back(Doc::text(",") + Doc::line());
    inner.push_back(args[i]);
  }
  return Doc::group(Doc::concat({Doc::text(name + "("), Doc::nest(4, Doc::softline() + Doc::concat(inner)),
                                 Doc::softline(), Doc::text(")")}));
}

}  // namespace

TEST_CASE("a group stays flat when it fits") {
  Doc d = call("sum", {Doc::text("a"), Doc::text("b")});
  CHECK(render(d, 100) == "sum(a, b)");
  CHECK(render(d, 9) == "sum(a, b)");
}

TEST_CASE("a group that does not fit breaks, inner groups get their own chance") {
  Doc d = call("outer", {call("inner", {Doc::text("x"), Doc::text("y")}), Doc::text("zzzzzzzz")});
  CHECK(render(d, 20) == "outer(\n    inner(x, y),\n    zzzzzzzz\n)");
  CHECK(render(d, 12) == "outer(\n    inner(\n        x,\n        y\n    ),\n    zzzzzzzz\n)");
}

TEST_CASE("text after a group counts towards its fit") {
  Doc d = Doc::group(Doc::text("aaaa") + Doc::nest(2, Doc::line() + Doc::text("bbbb"))) + Doc::text(")))");
  CHECK(render(d, 12) == "aaaa bbbb)))");
  CHECK(render(d, 11) == "aaaa\n  bbbb)))");
}

TEST_CASE("the start column reduces the room of the first line") {
  Doc d = Doc::group(Doc::text("aaaa") + Doc::line() + Doc::text("bbbb"));
  CHECK(render(d, 12, 0) == "aaaa bbbb");
  CHECK(render(d, 12, 4) == "aaaa\nbbbb");
}

TEST_CASE("fill packs items greedily and breaks only where the next item does not fit") {
  std::vector<Doc> items;
  for (int i = 1; i <= 12; ++i) items.push_back(Doc::text(std::to_string(i * 100) + (i < 12 ? "," : "")));
  Doc d = Doc::group(Doc::concat({Doc::text("["), Doc::nest(2, Doc::softline() + Doc::fill(items)), Doc::softline(),
                                  Doc::text("]")}));
  CHECK(render(d, 100) == "[100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]");
  CHECK(render(d, 24) == "[\n  100, 200, 300, 400,\n  500, 600, 700, 800,\n  900, 1000, 1100, 1200\n]");
}

TEST_CASE("no trailing spaces before a break; flat width") {
  Doc d = Doc::group(Doc::text("a") + Doc::line() + Doc::text("b"));
  CHECK(render(d, 1) == "a\nb");
  CHECK(d.flat_width(100) == 3);
}
