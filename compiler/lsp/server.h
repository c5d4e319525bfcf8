// `kpic lsp`: the language server. One thread reads messages (transport.h) into a queue; the main thread
// handles them in order, keeps the open documents, and analyses a changed document (and the open
// documents that import it) after a short quiet time (debounce) or as soon as a request needs it,
// publishing diagnostics. A worker thread evaluates the metrics for the "run" code lenses on the bound
// data; a job is dropped when the text changes before it starts and its result when it changes before
// it ends (the generation counter).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "compiler/lsp/analysis.h"

namespace kpic::lsp {

// The values of a document's main-file metrics on its bound data, for code lenses.
struct LensValues {
  bool ok = false;
  std::string error;                           // why there are no values (no data bound, a run error)
  std::map<std::string, std::string> summary;  // metric -> one line ("1,234.50 usd", "12 groups, last …")
  std::map<std::string, std::string> detail;   // metric -> its rows as text (for the "run" command)
};

// Evaluates the metrics of file `path` whose text is `text` (imports read through `reader`).
using Evaluator = std::function<LensValues(const std::string& path, const std::string& text,
                                           const syntax::FileReader& reader)>;

struct ServerOptions {
  SchemaReader schemas;   // bound data schemas, as `kpic check` reads them
  Evaluator evaluate;     // code lens values; none when empty
  int debounce_ms = 15;   // edits closer than this are a burst: analysed once, this long after the last
  std::string std_dir;    // where standard modules are written as read-only files for go-to-definition
};

// Serves LSP on the two descriptors until `exit` or end of input. Returns the process exit code:
// 0 after shutdown then exit (or end of input after shutdown), 1 otherwise.
int serve(int in_fd, int out_fd, const ServerOptions& opts);

}  // namespace kpic::lsp
