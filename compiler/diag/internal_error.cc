#include "compiler/diag/internal_error.h"

#include "runtime/base/check.h"

namespace kpic {

std::string internal_error_text(const std::exception& e) {
  std::string text = "kpic: internal error: ";
  text += e.what();
  if (const auto* internal = dynamic_cast<const InternalError*>(&e))
    text += " (at " + internal->file() + ":" + std::to_string(internal->line()) + ")";
  text += " — this is a bug in kpic; please report it with the command and files that triggered it\n";
  return text;
}

int report_internal_error(const std::exception& e, std::FILE* out) {
  std::string text = internal_error_text(e);
  std::fwrite(text.data(), 1, text.size(), out);
  return kExitInternalError;
}

}  // namespace kpic
