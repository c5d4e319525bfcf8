#include "compiler/format/doc.h"

#include <utility>

namespace kpic::format {

struct Doc::Node {
  enum Kind { Text, Line, SoftLine, Concat, Nest, Group, Fill } kind;
  std::string text;
  int indent = 0;
  std::vector<Doc> parts;  // Concat, Fill: the parts; Nest, Group: parts[0]
};

namespace {

using Node = Doc::Node;

std::shared_ptr<const Node> make(Node n) { return std::make_shared<const Node>(std::move(n)); }

// Columns taken by UTF-8 text: one per code point (continuation bytes do not count).
int columns(const std::string& s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

Doc Doc::text(std::string s) { return Doc(make(Node{Node::Text, std::move(s), 0, {}})); }
Doc Doc::line() { return Doc(make(Node{Node::Line, "", 0, {}})); }
Doc Doc::softline() { return Doc(make(Node{Node::SoftLine, "", 0, {}})); }
Doc Doc::concat(std::vector<Doc> parts) { return Doc(make(Node{Node::Concat, "", 0, std::move(parts)})); }
Doc Doc::nest(int indent, Doc d) { return Doc(make(Node{Node::Nest, "", indent, {std::move(d)}})); }
Doc Doc::group(Doc d) { return Doc(make(Node{Node::Group, "", 0, {std::move(d)}})); }
Doc Doc::fill(std::vector<Doc> items) {
  for (auto& item : items) item = group(std::move(item));
  return Doc(make(Node{Node::Fill, "", 0, std::move(items)}));
}

// The layout engine: a stack of commands (indent, flat?, node), processed front to back. A fill in
// broken mode expands into its items separated by `sep` commands, each deciding when reached whether
// the next item fits on the current line.
class Renderer {
 public:
  Renderer(int width, int col) : width_(width), col_(col) {}

  std::string run(const Doc& d) {
    stack_.push_back({0, false, d.node_.get(), false});
    while (!stack_.empty()) {
      Cmd c = stack_.back();
      stack_.pop_back();
      step(c);
    }
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    return std::move(out_);
  }

 private:
  struct Cmd {
    int indent;
    bool flat;
    const Node* node;
    bool sep;  // a fill separator before `node`
  };

  void newline(int indent) {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    out_ += '\n';
    out_.append(static_cast<size_t>(indent), ' ');
    col_ = indent;
  }

  void step(const Cmd& c) {
    const Node* n = c.node;
    if (n == nullptr) return;
    if (c.sep) {
      // The item follows this separator on the stack: it goes on this line when it fits there flat,
      // together with whatever must follow it before the next possible break.
      Cmd item = stack_.back();
      stack_.pop_back();
      bool fit = fits({item.indent, true, item.node, false}, width_ - col_ - 1, true);
      stack_.push_back(item);
      if (fit) {
        out_ += ' ';
        ++col_;
      } else {
        newline(c.indent);
      }
      return;
    }
    switch (n->kind) {
      case Node::Text:
        out_ += n->text;
        col_ += columns(n->text);
        break;
      case Node::Line:
      case Node::SoftLine:
        if (!c.flat) {
          newline(c.indent);
        } else if (n->kind == Node::Line) {
          out_ += ' ';
          ++col_;
        }
        break;
      case Node::Concat:
        for (auto it = n->parts.rbegin(); it != n->parts.rend(); ++it)
          stack_.push_back({c.indent, c.flat, it->node_.get(), false});
        break;
      case Node::Nest:
        stack_.push_back({c.indent + n->indent, c.flat, n->parts[0].node_.get(), false});
        break;
      case Node::Group: {
        bool flat = c.flat || fits({c.indent, true, n->parts[0].node_.get(), false}, width_ - col_, true);
        stack_.push_back({c.indent, flat, n->parts[0].node_.get(), false});
        break;
      }
      case Node::Fill:
        if (c.flat || fits({c.indent, true, n, false}, width_ - col_, true)) {
          for (size_t i = n->parts.size(); i-- > 0;) {
            stack_.push_back({c.indent, true, n->parts[i].node_.get(), false});
            if (i > 0) stack_.push_back({c.indent, true, line_.get(), false});
          }
          break;
        }
        for (size_t i = n->parts.size(); i-- > 0;) {
          // each item is a group: flat when it fits on its line
          stack_.push_back({c.indent, false, n->parts[i].node_.get(), false});
          if (i > 0) stack_.push_back({c.indent, false, n->parts[i].node_.get(), true});
        }
        break;
    }
  }

  // Does the text up to the next newline fit in `room` columns? Starts with `first` (flat), then, when
  // `with_rest`, continues with the pending commands in their own modes.
  bool fits(Cmd first, int room, bool with_rest) const {
    std::vector<Cmd> work{first};
    size_t rest = with_rest ? stack_.size() : 0;
    while (room >= 0) {
      if (work.empty()) {
        if (rest == 0) return true;
        work.push_back(stack_[--rest]);
      }
      Cmd c = work.back();
      work.pop_back();
      const Node* n = c.node;
      if (n == nullptr) continue;
      if (c.sep) {
        if (!c.flat) return true;
        --room;
        continue;
      }
      switch (n->kind) {
        case Node::Text: room -= columns(n->text); break;
        case Node::Line:
        case Node::SoftLine:
          if (!c.flat) return true;
          if (n->kind == Node::Line) --room;
          break;
        case Node::Concat:
          for (auto it = n->parts.rbegin(); it != n->parts.rend(); ++it)
            work.push_back({c.indent, c.flat, it->node_.get(), false});
          break;
        case Node::Nest: work.push_back({c.indent, c.flat, n->parts[0].node_.get(), false}); break;
        case Node::Group: work.push_back({c.indent, true, n->parts[0].node_.get(), false}); break;
        case Node::Fill:
          for (size_t i = n->parts.size(); i-- > 0;) {
            work.push_back({c.indent, true, n->parts[i].node_.get(), false});
            if (i > 0) work.push_back({c.indent, true, line_.get(), false});
          }
          break;
      }
    }
    return false;
  }

  std::vector<Cmd> stack_;
  std::string out_;
  int width_;
  int col_;
  std::shared_ptr<const Node> line_ = make(Node{Node::Line, "", 0, {}});
};

std::string render(const Doc& d, int width, int start_col) { return Renderer(width, start_col).run(d); }

int Doc::flat_width(int limit) const {
  std::vector<const Node*> work{node_.get()};
  int w = 0;
  while (!work.empty() && w <= limit) {
    const Node* n = work.back();
    work.pop_back();
    if (n == nullptr) continue;
    switch (n->kind) {
      case Node::Text: w += columns(n->text); break;
      case Node::Line: ++w; break;
      case Node::SoftLine: break;
      case Node::Concat:
      case Node::Fill:
        for (size_t i = n->parts.size(); i-- > 0;) {
          work.push_back(n->parts[i].node_.get());
          if (n->kind == Node::Fill && i > 0) ++w;
        }
        break;
      case Node::Nest:
      case Node::Group: work.push_back(n->parts[0].node_.get()); break;
    }
  }
  return w;
}

}  // namespace kpic::format
