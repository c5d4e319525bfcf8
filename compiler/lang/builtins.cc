#include "compiler/lang/builtin.h"

namespace kpic::lang {

static const BuiltinInfo kBuiltins[] = {
#define KPIC_BUILTIN(id, name, kind, min, max, result, nulls, reduce, doc) \
  {Builtin::id, name, BuiltinKind::kind, min, max, ResultRule::result, NullRule::nulls, Reduce::reduce, doc},
#include "compiler/lang/builtins.def"
#undef KPIC_BUILTIN
};

// Every aggregate says how it reduces, and nothing else does.
#define KPIC_BUILTIN(id, name, kind, min, max, result, nulls, reduce, doc)                                   \
  static_assert((BuiltinKind::kind == BuiltinKind::Aggregate) == (Reduce::reduce != Reduce::None), \
                name ": an Aggregate needs a reduce, and only an Aggregate has one");
#include "compiler/lang/builtins.def"
#undef KPIC_BUILTIN

const BuiltinInfo& builtin_info(Builtin b) { return kBuiltins[static_cast<int>(b)]; }

const BuiltinInfo* find_builtin(std::string_view name) {
  for (const auto& b : kBuiltins)
    if (b.name == name) return &b;
  return nullptr;
}

const BuiltinInfo* builtins_begin() { return kBuiltins; }
const BuiltinInfo* builtins_end() { return kBuiltins + sizeof(kBuiltins) / sizeof(kBuiltins[0]); }

bool quantile_argument(Builtin b) {
  const BuiltinInfo& i = builtin_info(b);
  return i.reduce == Reduce::Quantile && i.max_args == 2;
}

}  // namespace kpic::lang
