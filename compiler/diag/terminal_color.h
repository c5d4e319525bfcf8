// The one decision whether kpic writes ANSI colors to a stream (diagnostics on stderr, result tables
// on stdout). Every command asks here; docs/cli.md states the rule.
#pragma once

#include <cstdio>

namespace kpic {

// True when color is wanted on `stream`:
//   - never when NO_COLOR or KPIC_NO_COLOR is set (to any value, even empty);
//   - else always when CLICOLOR_FORCE is set to anything but "" or "0" (for pagers, CI logs);
//   - else when `stream` is a terminal.
bool use_color(std::FILE* stream);

}  // namespace kpic
