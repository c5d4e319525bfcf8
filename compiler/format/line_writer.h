// The formatter's output: indented lines, each with an optional trailing comment. Keeps at most one
// blank line in a row (none at the start of the file or right after a block opens) and, when done,
// aligns the trailing comments of consecutive lines in one column (two spaces after the longest code).
#pragma once

#include <string>
#include <vector>

namespace kpic::format {

class LineWriter {
 public:
  // A blank line, unless the output is empty, already ends with a blank line, or a block just opened.
  void blank();
  // Code at `indent`; a multi-line `code` (from a Doc layout) gives one line per '\n', each indented.
  void code(int indent, const std::string& code);
  // A comment on its own line.
  void comment_line(int indent, const std::string& text);
  // Appends a trailing comment to the last line when it holds code and no comment yet.
  bool attach_trailing(const std::string& text);
  // The next blank() is dropped (the line just written opened a block).
  void block_opened() { suppress_blank_ = true; }
  // True when the last line written is blank (or nothing was written).
  bool at_blank() const { return lines_.empty() || lines_.back().blank(); }

  std::string finish();

 private:
  struct Line {
    int indent = 0;
    std::string code;     // may be empty for a comment-only line
    std::string comment;  // trailing comment, or the comment of a comment-only line
    bool blank() const { return code.empty() && comment.empty(); }
  };
  std::vector<Line> lines_;
  bool suppress_blank_ = false;
};

}  // namespace kpic::format
