#include "compiler/diag/terminal_color.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace kpic {

bool use_color(std::FILE* stream) {
  if (std::getenv("NO_COLOR") != nullptr || std::getenv("KPIC_NO_COLOR") != nullptr) return false;
  const char* force = std::getenv("CLICOLOR_FORCE");
  if (force != nullptr && *force != '\0' && std::strcmp(force, "0") != 0) return true;
  return isatty(fileno(stream)) != 0;
}

}  // namespace kpic
