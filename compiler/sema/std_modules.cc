#include "compiler/sema/std_modules.h"

#if defined(KPIC_HAVE_STDLIB) && __has_include("stdlib/embedded.h")
#include "stdlib/embedded.h"
#define KPIC_STDLIB_EMBEDDED 1
#endif

namespace kpic::sema {

std::optional<std::string_view> std_module_source(std::string_view name) {
#ifdef KPIC_STDLIB_EMBEDDED
  return kpic::stdlib::module_source(name);
#else
  (void)name;
  return std::nullopt;
#endif
}

std::vector<std::string> std_module_names() {
  // The module names fixed by spec/metrics.md; only those the embedded library has are offered.
  static const char* const kNames[] = {"std",           "std.revenue",  "std.satisfaction",
                                       "std.retention", "std.engagement", "std.conversion",
                                       "std.adoption",  "std.delivery", "std.quality"};
  std::vector<std::string> out;
  for (const char* n : kNames)
    if (std_module_source(n)) out.emplace_back(n);
  return out;
}

}  // namespace kpic::sema
