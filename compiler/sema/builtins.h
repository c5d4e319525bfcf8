// The builtin function table (compiler/lang/builtin.h, generated from compiler/lang/builtins.def) under
// sema's names.
#pragma once

#include "compiler/lang/builtin.h"

namespace kpic::sema {

using lang::Builtin;
using lang::BuiltinInfo;
using lang::BuiltinKind;
using lang::NullRule;
using lang::Reduce;
using lang::ResultRule;
using lang::builtin_info;
using lang::builtins_begin;
using lang::builtins_end;
using lang::find_builtin;
using lang::quantile_argument;

}  // namespace kpic::sema
