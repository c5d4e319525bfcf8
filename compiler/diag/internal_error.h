// How kpic reports its own bugs (runtime/base/check.h's InternalError and any other unexpected
// exception): one message, one exit code. main catches them here; nothing else prints them.
#pragma once

#include <cstdio>
#include <exception>
#include <string>

namespace kpic {

// The exit code of an internal error (docs/cli.md: 0 success, 1 diagnostics, 2 usage, 3 a kpic bug).
inline constexpr int kExitInternalError = 3;

// The line printed for an internal error (FILE:LINE only for an InternalError), ending in a newline:
//   kpic: internal error: MESSAGE (at FILE:LINE) — this is a bug in kpic; please report it with the
//   command and files that triggered it
std::string internal_error_text(const std::exception& e);

// Prints internal_error_text(e) to `out` and returns kExitInternalError.
int report_internal_error(const std::exception& e, std::FILE* out);

}  // namespace kpic
