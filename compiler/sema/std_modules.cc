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
  std::vector<std::string> out;
#ifdef KPIC_STDLIB_EMBEDDED
  for (std::string_view n : kpic::stdlib::module_names()) out.emplace_back(n);
#endif
  return out;
}

}  // namespace kpic::sema
