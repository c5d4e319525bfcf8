#include "compiler/sema/builtins.h"

namespace kpic::sema {

static const BuiltinInfo kBuiltins[] = {
#define KPIC_BUILTIN(id, name, kind, min, max, result, nulls, doc) \
  {Builtin::id, name, BuiltinKind::kind, min, max, ResultRule::result, NullRule::nulls, doc},
#include "compiler/sema/builtins.def"
#undef KPIC_BUILTIN
};

const BuiltinInfo& builtin_info(Builtin b) { return kBuiltins[static_cast<int>(b)]; }

const BuiltinInfo* find_builtin(std::string_view name) {
  for (const auto& b : kBuiltins)
    if (b.name == name) return &b;
  return nullptr;
}

const BuiltinInfo* builtins_begin() { return kBuiltins; }
const BuiltinInfo* builtins_end() { return kBuiltins + sizeof(kBuiltins) / sizeof(kBuiltins[0]); }

}  // namespace kpic::sema
