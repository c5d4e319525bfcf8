#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "compiler/diag/internal_error.h"
#include "runtime/base/check.h"

using namespace kpic;

namespace {

int evaluated = 0;
int count_evaluation() { return ++evaluated; }

}  // namespace

TEST_CASE("KPIC_CHECK passes silently and does not evaluate its message when the condition holds") {
  evaluated = 0;
  CHECK_NOTHROW(KPIC_CHECK(1 + 1 == 2, "never ", count_evaluation()));
  CHECK(evaluated == 0);
}

TEST_CASE("KPIC_CHECK throws an InternalError naming the condition, the message, the file and the line") {
  size_t slot = 7;
  int line = 0;
  try {
    line = __LINE__ + 1;
    KPIC_CHECK(slot < 3, "slot ", slot, " of ", 3, ", kind ", 'x', ", ratio ", 0.5, ", ", false);
    FAIL("KPIC_CHECK did not throw");
  } catch (const InternalError& e) {
    CHECK(std::string(e.what()) == "check `slot < 3` failed: slot 7 of 3, kind x, ratio 0.500000, false");
    CHECK(e.file() == "tests/diag/internal_error_test.cc");
    CHECK(e.line() == line);
  }
  CHECK_THROWS_WITH_AS(KPIC_CHECK(false), "check `false` failed", InternalError);
}

TEST_CASE("KPIC_UNREACHABLE always throws") {
  CHECK_THROWS_WITH_AS(KPIC_UNREACHABLE("state ", 4), "unreachable: state 4", InternalError);
  CHECK_THROWS_WITH_AS(KPIC_UNREACHABLE(), "unreachable", InternalError);
}

TEST_CASE("main's handler says it is a bug in kpic and returns exit code 3") {
  CHECK(kExitInternalError == 3);
  try {
    KPIC_CHECK(false, "broken");
  } catch (const InternalError& e) {
    std::string text = internal_error_text(e);
    CHECK(text.rfind("kpic: internal error: check `false` failed: broken (at tests/diag/internal_error_test.cc:", 0) == 0);
    CHECK(text.find(") — this is a bug in kpic; please report it with the command and files that triggered it\n") !=
          std::string::npos);
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    CHECK(report_internal_error(e, out) == 3);
    std::rewind(out);
    std::string written(text.size() + 1, '\0');
    written.resize(std::fread(written.data(), 1, written.size(), out));
    std::fclose(out);
    CHECK(written == text);
  }
  // Any other exception that reaches main is a bug too, without a location.
  CHECK(internal_error_text(std::runtime_error("boom")) ==
        "kpic: internal error: boom — this is a bug in kpic; please report it with the command and files that "
        "triggered it\n");
}
