// One analysis of an open document: the compiler's own phases (sema::load_text, the bound schemas,
// sema::analyze and analyze_tests, exactly as `kpic check` runs them) plus an index of every name in
// the document and its imports (definitions and references), which the editor features read.
// An Analysis is immutable once built and shared (shared_ptr<const Analysis>) with the lens worker.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/program.h"
#include "compiler/syntax/source_file.h"

namespace kpic::lsp {

enum class SymKind { Metric, Fn, Source, Column, Param, Builtin, Test, Import };

// A name in a file: its definition (decl) or a use. `key` identifies what it names:
// "m:NAME" metric, "f:NAME" template, "s:NAME" source, "c:SOURCE.NAME" column ("c:?.NAME" when the
// source is unknown), "p:FN.NAME" template parameter, "b:NAME" builtin, "t:NAME" test.
struct Ref {
  FileId file = kNoFile;
  uint32_t begin = 0, end = 0;
  SymKind kind = SymKind::Metric;
  std::string key;
  bool decl = false;
};

// Reads the bound data's schemas as `kpic check` does without DATA arguments (sources' default paths
// whose files exist). Installed by the driver; the default reads none.
using SchemaReader = std::function<std::map<std::string, Schema>(const sema::Unit&, Diagnostics&)>;

// The text of open editor buffers by path; nullopt for a file that is not open.
using Buffers = std::function<std::optional<std::string>(const std::string& path)>;

// What the loader reads: an open buffer's unsaved text, else the disk with the usual rules.
class BufferReader : public syntax::FileReader {
 public:
  explicit BufferReader(Buffers buffers) : buffers_(std::move(buffers)) {}
  bool read(const std::string& path, std::string& text, std::string& error) const override;

 private:
  Buffers buffers_;
};

struct Analysis {
  std::string path;       // the document's path (or its URI when it is no file)
  int version = 0;        // the document version analysed
  FileId main = kNoFile;  // the document in `sm`
  SourceManager sm;
  Diagnostics diags;      // sorted, as `kpic check` prints them
  sema::Unit unit;
  sema::Program program;  // meaningful when analyzed (no load errors); may be partial with errors
  bool analyzed = false;
  std::map<std::string, Schema> bound;  // schemas of bound data, by source
  std::vector<Ref> refs;                // every name of every file, sorted by (file, begin)
  std::vector<std::string> loaded_paths;  // files read (for re-analysis when one of them changes)

  // The innermost name at byte `offset` of `file`, or nullptr.
  const Ref* ref_at(FileId file, uint32_t offset) const;
  // The definition of `key`, or nullptr.
  const Ref* definition(const std::string& key) const;
  const sema::ParsedFile* file(FileId id) const;
  const ast::MetricDef* metric_def(const std::string& name, FileId* in = nullptr) const;
  const ast::FnDef* fn_def(const std::string& name, FileId* in = nullptr) const;
  const sema::Metric* metric(const std::string& name) const;  // from the checked program
  // The schema of a source: bound data first, then its `source` block. nullptr when unknown.
  const Schema* schema(const std::string& source, bool* from_data = nullptr) const;
};

// Analyses `text` as the file `path`; imports are read through `reader` (null: the disk).
std::shared_ptr<Analysis> analyze_document(const std::string& path, const std::string& text, int version,
                                           const SchemaReader& schemas, const syntax::FileReader* reader = nullptr);

}  // namespace kpic::lsp
