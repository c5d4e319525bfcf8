// Incremental parsing for the language server: a file is cut at the lines that begin a top-level
// statement (outside `{ ... }`, with the comment lines directly above it), and each piece whose text
// was parsed before reuses that AST, moved to its new offset, instead of being lexed and parsed again.
//
// The result is always what parse() gives: a piece is reused or parsed alone only when it parses alone
// without any diagnostic (a cut inside a statement, such as after an attribute on its own line, is
// retried with the next piece joined); when a piece still does not, the whole file is parsed as usual,
// so every syntax error reads exactly as in `kpic check`.
//
// parse() uses the cache made active on its thread by a ParseCache::Use, so the loader (sema) needs no
// new parameter. A cache is used by one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include <unordered_map>

#include "compiler/syntax/parser.h"

namespace kpic::syntax {

// Offsets where the pieces of `text` begin: 0, then every line outside `{ ... }` that begins a top-level
// statement, moved up over the comment lines directly above it (its doc comment belongs with it). A
// guess made on the text: a cut may fall inside a statement (callers check what they cut).
std::vector<uint32_t> statement_cuts(std::string_view text);

class ParseCache {
 public:
  // Makes `cache` the one parse() uses on this thread until the end of the scope. At the end, pieces
  // that were not used by the last few scopes are forgotten (memory stays about that of the documents).
  class Use {
   public:
    explicit Use(ParseCache& cache);
    ~Use();
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;

   private:
    ParseCache* previous_;
  };

  static ParseCache* active();

  ast::File parse(const SourceManager& sm, FileId id, Diagnostics& diags, const ParseLimits& limits);

  size_t size() const { return pieces_.size(); }
  size_t reused() const { return reused_; }  // pieces reused since the cache was made (for tests)

 private:
  struct Piece {
    ast::File ast;  // ranges relative to the piece's first byte
    bool ok = false;  // parsed alone without a diagnostic
    uint64_t last_used = 0;
  };
  // The AST of the piece `text` (parsed now or remembered); null when it does not parse alone cleanly.
  const ast::File* piece(const std::string& name, std::string text, const ParseLimits& limits);
  void forget_unused();

  std::unordered_map<std::string, Piece> pieces_;
  uint64_t scope_ = 0;
  size_t reused_ = 0;
};

}  // namespace kpic::syntax
