// The one value every phase reports problems with. Phases collect diagnostics and keep going;
// only the driver prints them (see render.h).
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/source_manager.h"

namespace kpic {

enum class DiagCode : int {
#define KP_DIAG(num, id, summary) id = num,
#include "compiler/diag/codes.def"
#undef KP_DIAG
};

// "KP0201"
std::string code_string(DiagCode code);
const char* code_summary(DiagCode code);

enum class Severity { Error, Warning, Note };

struct DiagNote {
  SourceRange range;  // may be invalid: a note without a location
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  DiagCode code = DiagCode::syntax_error;
  SourceRange range;  // may be invalid for errors about files or the command line
  std::string message;
  std::vector<DiagNote> notes;
  std::string help;  // e.g. "did you mean `score`?"
  std::string path;  // for errors without a range: the file they concern (data files)
};

class Diagnostics {
 public:
  Diagnostic& error(DiagCode code, SourceRange range, std::string message);
  Diagnostic& warning(DiagCode code, SourceRange range, std::string message);
  void add(Diagnostic d) { list_.push_back(std::move(d)); }

  bool has_errors() const;
  size_t size() const { return list_.size(); }
  const std::vector<Diagnostic>& list() const { return list_; }
  // Sorted by file and position (stable for equal positions), for deterministic output.
  void sort();

 private:
  std::vector<Diagnostic> list_;
};

// The nearest of `candidates` to `name` by edit distance, or "" when none is close enough to suggest.
std::string nearest_name(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace kpic
