// Aligned text tables: the layout shared by the table and markdown formats and `kpic test` diffs.
// Widths count UTF-8 code points (✗, ▁…█, €, ─ are one column wide each); trailing spaces are trimmed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kpic::output {

enum class Style { Plain, Bold, Dim, Red, Green, Cyan };
enum class Align { Left, Right };

// ANSI escape sequences around `text` when `color`, else `text` unchanged.
std::string paint(std::string_view text, Style style, bool color);
size_t display_width(std::string_view text);

struct Cell {
  std::string text;
  Style style = Style::Plain;
};

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header);
  void align(size_t col, Align a) { aligns_[col] = a; }
  void add_row(std::vector<Cell> row);
  size_t num_rows() const { return rows_.size(); }

  // Columns separated by two spaces, the header in bold, a rule of ─ under it; `indent` spaces first.
  std::string render(bool color, size_t indent = 0) const;
  // A GitHub-flavoured Markdown table (`|` in cells escaped, right-aligned columns marked `---:`).
  std::string render_markdown() const;

 private:
  std::vector<size_t> widths(bool markdown) const;

  std::vector<std::string> header_;
  std::vector<Align> aligns_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace kpic::output
