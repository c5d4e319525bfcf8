#include "compiler/driver/output/text_table.h"

#include <algorithm>

namespace kpic::output {

namespace {

std::string escape_markdown(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    if (c == '\n') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

std::string pad(const std::string& text, size_t width, Align a) {
  size_t w = display_width(text);
  std::string fill(width > w ? width - w : 0, ' ');
  return a == Align::Right ? fill + text : text + fill;
}

void trim_right(std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
}

}  // namespace

std::string paint(std::string_view text, Style style, bool color) {
  if (!color || style == Style::Plain || text.empty()) return std::string(text);
  const char* code = "";
  switch (style) {
    case Style::Bold: code = "1"; break;
    case Style::Dim: code = "2"; break;
    case Style::Red: code = "31"; break;
    case Style::Green: code = "32"; break;
    case Style::Cyan: code = "36"; break;
    case Style::Plain: break;
  }
  return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
}

size_t display_width(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;  // count every byte that starts a code point
  }
  return n;
}

TextTable::TextTable(std::vector<std::string> header)
    : header_(std::move(header)), aligns_(header_.size(), Align::Left) {}

void TextTable::add_row(std::vector<Cell> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

std::vector<size_t> TextTable::widths(bool markdown) const {
  std::vector<size_t> w(header_.size(), markdown ? 3 : 0);
  for (size_t c = 0; c < header_.size(); ++c) {
    auto text = [&](const std::string& s) { return markdown ? escape_markdown(s) : s; };
    w[c] = std::max(w[c], display_width(text(header_[c])));
    for (const auto& row : rows_) w[c] = std::max(w[c], display_width(text(row[c].text)));
  }
  return w;
}

std::string TextTable::render(bool color, size_t indent) const {
  std::vector<size_t> w = widths(false);
  std::string margin(indent, ' ');
  std::string out;
  auto line = [&](const std::vector<std::string>& padded, const std::vector<Style>& styles) {
    std::string text = margin;
    for (size_t c = 0; c < padded.size(); ++c) {
      if (c > 0) text += "  ";
      text += paint(padded[c], styles[c], color);
    }
    trim_right(text);
    out += text + "\n";
  };
  std::vector<std::string> cells;
  for (size_t c = 0; c < header_.size(); ++c) cells.push_back(pad(header_[c], w[c], aligns_[c]));
  line(cells, std::vector<Style>(header_.size(), Style::Bold));
  cells.clear();
  for (size_t c = 0; c < header_.size(); ++c) {
    std::string dashes;
    for (size_t i = 0; i < w[c]; ++i) dashes += "─";
    cells.push_back(dashes);
  }
  line(cells, std::vector<Style>(header_.size(), Style::Dim));
  for (const auto& row : rows_) {
    cells.clear();
    std::vector<Style> styles;
    for (size_t c = 0; c < row.size(); ++c) {
      cells.push_back(pad(row[c].text, w[c], aligns_[c]));
      styles.push_back(row[c].style);
    }
    line(cells, styles);
  }
  return out;
}

std::string TextTable::render_markdown() const {
  std::vector<size_t> w = widths(true);
  std::string out = "|";
  for (size_t c = 0; c < header_.size(); ++c) out += " " + pad(escape_markdown(header_[c]), w[c], aligns_[c]) + " |";
  out += "\n|";
  for (size_t c = 0; c < header_.size(); ++c) {
    std::string dashes(w[c], '-');
    if (aligns_[c] == Align::Right) dashes.back() = ':';
    out += " " + dashes + " |";
  }
  out += "\n";
  for (const auto& row : rows_) {
    out += "|";
    for (size_t c = 0; c < row.size(); ++c) out += " " + pad(escape_markdown(row[c].text), w[c], aligns_[c]) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace kpic::output
