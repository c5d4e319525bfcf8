// Places a file's comments into the formatter's output as the statements are written, by source
// position: before writing something that starts at offset X, every comment not yet placed that
// starts before X is written first. A comment that follows code on its source line becomes the
// trailing comment of the last output line; the others get their own line. Blank lines between
// comments and code are kept (at most one). Every comment is placed exactly once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/diag/source_manager.h"
#include "compiler/format/line_writer.h"
#include "compiler/syntax/ast.h"

namespace kpic::format {

class CommentQueue {
 public:
  CommentQueue(const SourceManager& sm, const ast::File& file, LineWriter& out);

  // Places the trailing comments of the last line written (those before `offset`).
  void trailing(uint32_t offset);
  // Places every comment before `offset`, own-line ones at `indent`.
  void before(uint32_t offset, int indent);
  // Places the comments inside [begin, end) — places no layout of an expression can keep — on their
  // own lines at `indent`, now.
  void hoist(uint32_t begin, uint32_t end, int indent);
  // A blank line when the source had one between the last thing written and source offset `offset`.
  void keep_gap(uint32_t offset);
  // Records that the source up to `offset` (exclusive) has been written.
  void wrote_until(uint32_t offset);
  // Sets the source line taken as last written (used after moving comments out of their place).
  void set_last_line(uint32_t line) { last_line_ = line; }

  uint32_t line_of(uint32_t offset) const;
  size_t pending() const { return pending_; }  // comments not placed yet

 private:
  void place(size_t i, int indent, bool may_trail);

  const SourceManager& sm_;
  FileId file_;
  LineWriter& out_;
  std::vector<const ast::Comment*> comments_;  // by position
  std::vector<bool> placed_;
  size_t pending_ = 0;
  size_t next_ = 0;          // first comment that may still be unplaced
  uint32_t last_line_ = 0;   // source line of the last thing written; 0 before anything
};

}  // namespace kpic::format
