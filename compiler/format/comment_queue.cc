#include "compiler/format/comment_queue.h"

#include <algorithm>

namespace kpic::format {

namespace {

std::string clean(const std::string& text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  return end == std::string::npos ? text : text.substr(0, end + 1);
}

}  // namespace

CommentQueue::CommentQueue(const SourceManager& sm, const ast::File& file, LineWriter& out)
    : sm_(sm), file_(file.file), out_(out) {
  for (const auto& c : file.comments) comments_.push_back(&c);
  std::stable_sort(comments_.begin(), comments_.end(),
                   [](const ast::Comment* a, const ast::Comment* b) { return a->range.begin < b->range.begin; });
  placed_.assign(comments_.size(), false);
  pending_ = comments_.size();
}

uint32_t CommentQueue::line_of(uint32_t offset) const {
  if (file_ == kNoFile) return 0;
  uint32_t size = static_cast<uint32_t>(sm_.text(file_).size());
  return sm_.line_col(file_, std::min(offset, size)).line;
}


void CommentQueue::place(size_t i, int indent, bool may_trail) {
  const ast::Comment& c = *comments_[i];
  placed_[i] = true;
  --pending_;
  std::string text = clean(c.text);
  uint32_t line = line_of(c.range.begin);
  if (!(may_trail && !c.own_line && out_.attach_trailing(text))) {
    if (last_line_ != 0 && line > last_line_ + 1) out_.blank();
    out_.comment_line(indent, text);
  }
  last_line_ = std::max(last_line_, line);
}

void CommentQueue::trailing(uint32_t offset) {
  while (next_ < comments_.size() && placed_[next_]) ++next_;
  for (size_t i = next_; i < comments_.size() && comments_[i]->range.begin < offset; ++i) {
    if (placed_[i]) continue;
    if (comments_[i]->own_line) break;
    place(i, 0, true);
  }
}

void CommentQueue::before(uint32_t offset, int indent) {
  for (size_t i = next_; i < comments_.size() && comments_[i]->range.begin < offset; ++i)
    if (!placed_[i]) place(i, indent, true);
}

void CommentQueue::hoist(uint32_t begin, uint32_t end, int indent) {
  for (size_t i = next_; i < comments_.size() && comments_[i]->range.begin < end; ++i) {
    if (placed_[i] || comments_[i]->range.begin < begin) continue;
    placed_[i] = true;
    --pending_;
    out_.comment_line(indent, clean(comments_[i]->text));
  }
}

void CommentQueue::keep_gap(uint32_t offset) {
  if (last_line_ != 0 && line_of(offset) > last_line_ + 1) out_.blank();
}

void CommentQueue::wrote_until(uint32_t offset) {
  if (offset > 0) last_line_ = std::max(last_line_, line_of(offset - 1));
}

}  // namespace kpic::format
