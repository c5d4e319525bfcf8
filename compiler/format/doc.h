// A small pretty-printing algebra (after Wadler's "prettier printer"): the formatter describes an
// expression as a Doc — text, optional line breaks, nesting and groups — and render() picks the
// layout: a group is printed on one line when it fits in the width, otherwise its breaks become
// newlines (inner groups get their own chance to stay flat). fill() packs list items greedily.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace kpic::format {

class Doc {
 public:
  Doc() = default;

  static Doc text(std::string s);
  static Doc line();      // a space when flat, a newline (at the current nesting) when broken
  static Doc softline();  // nothing when flat, a newline when broken
  static Doc concat(std::vector<Doc> parts);
  static Doc nest(int indent, Doc d);  // newlines inside `d` indent by `indent` more columns
  static Doc group(Doc d);             // flat if it fits, else broken
  // Items separated by line breaks, each break taken only when the next item does not fit.
  static Doc fill(std::vector<Doc> items);

  Doc operator+(const Doc& other) const { return concat({*this, other}); }
  bool empty() const { return node_ == nullptr; }

  // Width of the doc printed flat (hard limit: stops counting once past `limit`).
  int flat_width(int limit) const;

  struct Node;

 private:
  explicit Doc(std::shared_ptr<const Node> n) : node_(std::move(n)) {}
  std::shared_ptr<const Node> node_;
  friend std::string render(const Doc& d, int width, int start_col);
  friend class Renderer;
};

// Lays out `d` for a page `width` columns wide, starting at column `start_col` (0-based) of the
// first line; later lines start at column 0 plus their nesting. Lines carry no trailing spaces.
std::string render(const Doc& d, int width, int start_col = 0);

}  // namespace kpic::format
