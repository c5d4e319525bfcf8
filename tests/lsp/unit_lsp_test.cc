// Internals of the language server: positions in UTF-16 and UTF-8, URIs, message framing, the name
// index of an analysis, the reader that serves open buffers to imports, and template expansion
// in hovers.
#include <doctest/doctest.h>

#include <string>
#include <unistd.h>

#include "compiler/lsp/analysis.h"
#include "compiler/lsp/features.h"
#include "compiler/lsp/text.h"
#include "compiler/lsp/transport.h"

using namespace kpic;
using namespace kpic::lsp;

TEST_CASE("positions: UTF-16 code units and bytes") {
  std::string text = "a😀b\nÜx\r\nlast";
  LineIndex u16(text, true), u8(text, false);
  CHECK(u16.position(0).character == 0);
  CHECK(u16.position(5).character == 3);  // after 'a' (1) and the emoji (2 units, 4 bytes)
  CHECK(u8.position(5).character == 5);
  CHECK(u16.offset({0, 3}) == 5);
  CHECK(u16.offset({0, 2}) == 5);  // inside a surrogate pair: the end of the character
  CHECK(u16.offset({1, 1}) == 9);  // 'Ü' is 2 bytes, 1 unit
  CHECK(u16.offset({1, 99}) == 10);  // clamped to the line's end, before \r
  CHECK(u16.offset({9, 0}) == text.size());  // past the last line
  CHECK(u16.position(static_cast<uint32_t>(text.size())).line == 2);
  CHECK(u16.line_count() == 3);
}

TEST_CASE("URIs and edits") {
  CHECK(uri_to_path("file:///a/b%20c.kpi") == "/a/b c.kpi");
  CHECK(path_to_uri("/a/b c.kpi") == "file:///a/b%20c.kpi");
  CHECK(uri_to_path(path_to_uri("/tmp/Ü x.kpi")) == "/tmp/Ü x.kpi");
  CHECK(uri_to_path("untitled:Untitled-1") == "untitled:Untitled-1");
  std::string t = "hello world";
  apply_edit(t, 6, 11, "kpic");
  CHECK(t == "hello kpic");
  apply_edit(t, 99, 120, "!");
  CHECK(t == "hello kpic!");
}

TEST_CASE("framing: messages, a bad header, end of input") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  MessageWriter w(fds[1]);
  CHECK(w.write("{\"a\":1}"));
  std::string junk = "Foo: bar\r\n\r\nContent-Length: 2\r\nContent-Type: x\r\n\r\n{}";
  CHECK(::write(fds[1], junk.data(), junk.size()) == static_cast<ssize_t>(junk.size()));
  ::close(fds[1]);
  MessageReader r(fds[0]);
  std::string body;
  CHECK(r.read(body) == MessageReader::Status::Ok);
  CHECK(body == "{\"a\":1}");
  CHECK(r.read(body) == MessageReader::Status::BadHeader);
  CHECK(r.read(body) == MessageReader::Status::Ok);
  CHECK(body == "{}");
  CHECK(r.read(body) == MessageReader::Status::Eof);
  ::close(fds[0]);
}

TEST_CASE("the index: metrics, templates, parameters, columns, builtins") {
  std::string text =
      "source orders { amount: float, region: string }\n"
      "fn twice(x) = sum(x) * 2\n"
      "total = twice(amount)\n"
      "share = total / count() by region\n";
  auto a = analyze_document("/nowhere/t.kpi", text, 1, {});
  REQUIRE(a->main != kNoFile);
  CHECK(a->diags.list().empty());
  auto key_at = [&](size_t offset) {
    const Ref* r = a->ref_at(a->main, static_cast<uint32_t>(offset));
    return r ? r->key : std::string("-");
  };
  CHECK(key_at(text.find("twice(amount)")) == "f:twice");
  CHECK(key_at(text.find("amount)\n")) == "c:orders.amount");
  CHECK(key_at(text.find("x) * 2")) == "p:twice.x");
  CHECK(key_at(text.find("sum(x)")) == "b:sum");
  CHECK(key_at(text.find("total /")) == "m:total");
  CHECK(key_at(text.find("region\n")) == "c:orders.region");
  const Ref* def = a->definition("m:total");
  REQUIRE(def);
  CHECK(def->decl);
  CHECK(text.substr(def->begin, def->end - def->begin) == "total");

  View v(*a, true, "");
  LineIndex li(text, true);
  json h = v.hover(li.position(static_cast<uint32_t>(text.find("twice(amount)"))));
  REQUIRE(h.is_object());
  std::string md = h["contents"]["value"];
  CHECK(md.find("fn twice(x)") != std::string::npos);
  CHECK(md.find("sum(amount) * 2") != std::string::npos);  // the body with the argument substituted
  h = v.hover(li.position(static_cast<uint32_t>(text.find("amount)\n"))));
  CHECK(std::string(h["contents"]["value"]).find("float") != std::string::npos);
}

TEST_CASE("imports read open buffers through the reader") {
  BufferReader buffers([](const std::string& path) -> std::optional<std::string> {
    if (path == "/virtual/lib.kpi") return std::string("source s { v: int }\nbase = sum(v)\n");
    return std::nullopt;
  });
  auto a = analyze_document("/virtual/main.kpi", "import \"lib.kpi\"\ndouble = base * 2\n", 1, {}, &buffers);
  CHECK(a->diags.list().empty());
  CHECK(a->unit.files.size() == 2);
  CHECK(a->definition("m:base") != nullptr);
}

TEST_CASE("names, suggestions, rename rules") {
  CHECK(plain_name("revenue_2"));
  CHECK_FALSE(plain_name("2x"));
  CHECK_FALSE(plain_name("where"));
  CHECK_FALSE(plain_name("a b"));
  CHECK(suggestion("did you mean `amount`?") == "amount");
  CHECK(suggestion("declare it") == "");
  CHECK(rename_problem("m:x", "y") == "");
  CHECK(rename_problem("c:s.x", "y") != "");
  CHECK(rename_problem("f:x", "not") != "");
}
