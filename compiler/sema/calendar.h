// The `calendar` statement (language.md, "Calendar"): its entries checked and resolved into the
// program's exec::Calendar (runtime/exec/calendar.h), and durations (`14 days`) as microseconds.
#pragma once

#include <cstdint>
#include <optional>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/frontend.h"
#include "runtime/exec/calendar.h"

namespace kpic::sema {

// The calendar of the program: its one `calendar` statement (in the main file or an import), or the
// default (weeks from Monday, fiscal years from January, UTC). Reports unknown keys, weekdays, months
// and time zones (with the nearest IANA name), a key given twice, and a second statement that disagrees.
exec::Calendar resolve_calendar(const Unit& unit, Diagnostics& diags);

// The length of a duration literal (ast::ExprKind::DurationLit) in microseconds; nullopt when it does not
// fit in 64 bits.
std::optional<int64_t> duration_us(const ast::Expr& e);

}  // namespace kpic::sema
