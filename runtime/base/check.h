// Internal errors: the type for kpic's own bugs, and the check macro for invariants.
//
// A user error (bad definitions, bad data, bad usage) is a Diagnostic with a code from
// compiler/diag/codes*.def and exit code 1. A broken invariant is not the user's fault: it is an
// InternalError, thrown by KPIC_CHECK / KPIC_UNREACHABLE, caught once by main (which says "this is a bug
// in kpic", exit code 3, see compiler/diag/internal_error.h) and by the language server (an RPC error).
// Never catch it to turn it into a diagnostic. Kernels (JIT code) never throw; their helpers report
// through the kernel context instead.
//
//   KPIC_CHECK(slot < slots.size(), "slot ", slot, " of ", slots.size());
//   KPIC_UNREACHABLE("unknown state kind ", static_cast<int>(kind));
//
// The message arguments are only evaluated when the check fails. They may be strings, characters and
// numbers. This header includes nothing of compiler/, so runtime/ may use it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace kpic {

// A broken invariant inside kpic: `file` and `line` say where it was detected.
class InternalError : public std::logic_error {
 public:
  InternalError(std::string_view file, int line, const std::string& message)
      : std::logic_error(message), file_(trim_path(file)), line_(line) {}

  // The source file relative to the repository root (`runtime/exec/scanner.cc`), when it is inside one.
  const std::string& file() const { return file_; }
  int line() const { return line_; }

 private:
  static std::string trim_path(std::string_view file) {
    for (std::string_view root : {"/compiler/", "/runtime/", "/tests/"}) {
      size_t at = file.rfind(root);
      if (at != std::string_view::npos) return std::string(file.substr(at + 1));
    }
    return std::string(file);
  }

  std::string file_;
  int line_;
};

namespace check_detail {

template <class T>
void append(std::string& out, const T& piece) {
  if constexpr (std::is_same_v<T, bool>) {
    out += piece ? "true" : "false";
  } else if constexpr (std::is_same_v<T, char>) {
    out += piece;
  } else if constexpr (std::is_arithmetic_v<T>) {
    out += std::to_string(piece);
  } else {
    out += std::string_view(piece);
  }
}

template <class... Args>
std::string message(const Args&... args) {
  std::string out;
  (append(out, args), ...);
  return out;
}

[[noreturn]] inline void fail(const char* file, int line, std::string message) {
  throw InternalError(file, line, message);
}

}  // namespace check_detail
}  // namespace kpic

// Throws an InternalError saying where and what when `cond` is false. The message (any number of
// strings and numbers, concatenated) follows the condition's text.
#define KPIC_CHECK(cond, ...)                                                                              \
  do {                                                                                                     \
    if (!(cond)) [[unlikely]]                                                                              \
      ::kpic::check_detail::fail(__FILE__, __LINE__,                                                      \
                                 ::kpic::check_detail::message("check `" #cond "` failed" __VA_OPT__(": ", ) \
                                                                   __VA_ARGS__));                          \
  } while (0)

// Throws an InternalError: a place the code must never reach (a switch over a closed list that missed
// a case, a state the callers rule out).
#define KPIC_UNREACHABLE(...) \
  ::kpic::check_detail::fail(__FILE__, __LINE__, ::kpic::check_detail::message("unreachable" __VA_OPT__(": ", ) __VA_ARGS__))
