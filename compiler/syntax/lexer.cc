#include "compiler/syntax/lexer.h"

#include <CommonTokenFactory.h>

#include <string_view>

#include "KpiLexer.h"
#include "compiler/syntax/source_text.h"

namespace kpic::syntax {

namespace {

using L = kpic_grammar::KpiLexer;

bool is_digit(size_t c) { return c >= '0' && c <= '9'; }
bool is_name_start(size_t c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(size_t c) { return is_name_start(c) || is_digit(c); }
bool is_space(size_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

struct Keyword {
  std::string_view text;
  size_t type;
};
// The literal rules of Kpi.g4 that look like names; ANTLR prefers them to NAME on a tie in length.
constexpr Keyword kKeywords[] = {
    {"and", L::AND},       {"or", L::OR},         {"not", L::NOT},     {"in", L::IN},
    {"is", L::IS},         {"null", L::NULL_LIT}, {"true", L::TRUE_LIT}, {"false", L::FALSE_LIT},
    {"if", L::IF},         {"then", L::THEN},     {"else", L::ELSE},   {"where", L::WHERE},
    {"by", L::BY},         {"per", L::PER},       {"as", L::AS},       {"fn", L::FN},
    {"import", L::IMPORT}, {"source", L::SOURCE}, {"test", L::TEST},   {"given", L::GIVEN},
    {"expect", L::EXPECT}, {"calendar", L::CALENDAR},
};
constexpr std::string_view kDurationUnits[] = {"second", "minute", "hour", "day", "week"};

size_t single_char_token(size_t c) {
  switch (c) {
    case '+': return L::PLUS;
    case '-': return L::MINUS;
    case '*': return L::STAR;
    case '/': return L::SLASH;
    case '%': return L::PERCENT;
    case '(': return L::LPAREN;
    case ')': return L::RPAREN;
    case '[': return L::LBRACKET;
    case ']': return L::RBRACKET;
    case '{': return L::LBRACE;
    case '}': return L::RBRACE;
    case ',': return L::COMMA;
    case '.': return L::DOT;
    case ':': return L::COLON;
    case '@': return L::AT;
    default: return 0;
  }
}

}  // namespace

Lexer::Lexer(SourceText* input) : input_(input), size_(input->size()) {}

antlr4::CharStream* Lexer::getInputStream() { return input_; }
std::string Lexer::getSourceName() { return input_->getSourceName(); }
antlr4::TokenFactory<antlr4::CommonToken>* Lexer::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

size_t Lexer::at(size_t i) const { return i < size_ ? input_->code_point(i) : 0; }

void Lexer::advance_to(size_t end) {
  for (; pos_ < end; ++pos_) {
    if (input_->code_point(pos_) == '\n') {
      ++line_;
      column_ = 0;
    } else {
      ++column_;
    }
  }
}

// INT, FLOAT or DURATION starting at the digit at i; returns where the longest of them ends.
size_t Lexer::scan_number(size_t i, size_t& type) const {
  size_t j = i;
  while (j < size_ && is_digit(at(j))) ++j;
  // EXPONENT : [eE] [+-]? [0-9]+ ; 0 when there is none at k.
  auto exponent_end = [&](size_t k) -> size_t {
    if (at(k) != 'e' && at(k) != 'E') return 0;
    ++k;
    if (at(k) == '+' || at(k) == '-') ++k;
    if (!is_digit(at(k))) return 0;
    while (k < size_ && is_digit(at(k))) ++k;
    return k;
  };
  if (at(j) == '.' && is_digit(at(j + 1))) {  // DIGITS '.' DIGITS EXPONENT?
    size_t k = j + 1;
    while (k < size_ && is_digit(at(k))) ++k;
    size_t e = exponent_end(k);
    type = L::FLOAT;
    return e ? e : k;
  }
  if (size_t e = exponent_end(j)) {  // DIGITS EXPONENT
    type = L::FLOAT;
    return e;
  }
  // DURATION : DIGITS [ \t]+ unit 's'? { the next character does not continue a name }?
  size_t k = j;
  while (at(k) == ' ' || at(k) == '\t') ++k;
  if (k > j) {
    for (std::string_view unit : kDurationUnits) {
      size_t u = k;
      while (u - k < unit.size() && at(u) == static_cast<unsigned char>(unit[u - k])) ++u;
      if (u - k < unit.size()) continue;
      if (at(u) == 's' && !is_name_char(at(u + 1))) {
        type = L::DURATION;
        return u + 1;
      }
      if (!is_name_char(at(u))) {
        type = L::DURATION;
        return u;
      }
    }
  }
  type = L::INT;
  return j;
}

// STRING / UNTERMINATED_STRING (escapes) or BQNAME / UNTERMINATED_BQNAME starting at the quote at i.
size_t Lexer::scan_quoted(size_t i, size_t quote, bool escapes, size_t& type) const {
  const size_t complete = escapes ? L::STRING : L::BQNAME;
  const size_t unterminated = escapes ? L::UNTERMINATED_STRING : L::UNTERMINATED_BQNAME;
  size_t j = i + 1;
  while (j < size_) {
    size_t c = at(j);
    if (c == quote) {
      type = complete;
      return j + 1;
    }
    if (c == '\r' || c == '\n') break;
    if (escapes && c == '\\') {
      if (j + 1 < size_ && at(j + 1) != '\r' && at(j + 1) != '\n') {
        j += 2;
        continue;
      }
      ++j;  // a last backslash belongs to the unterminated string
      break;
    }
    ++j;
  }
  type = unterminated;
  return j;
}

std::unique_ptr<antlr4::Token> Lexer::nextToken() {
  auto* factory = antlr4::CommonTokenFactory::DEFAULT.get();
  for (;;) {
    const size_t start = pos_;
    if (start >= size_)
      return factory->create({this, input_}, antlr4::Token::EOF, "", antlr4::Token::DEFAULT_CHANNEL, start, start - 1,
                             line_, column_);
    const size_t c = input_->code_point(start);
    size_t end = start + 1;
    size_t type = 0;
    size_t channel = antlr4::Token::DEFAULT_CHANNEL;
    if (is_space(c)) {  // WS -> skip
      while (end < size_ && is_space(at(end))) ++end;
      advance_to(end);
      continue;
    }
    if (c == '#') {  // COMMENT -> channel(HIDDEN)
      while (end < size_ && at(end) != '\r' && at(end) != '\n') ++end;
      type = L::COMMENT;
    } else if (c == '"' || c == '`') {
      end = scan_quoted(start, c, c == '"', type);
    } else if (is_digit(c)) {
      end = scan_number(start, type);
    } else if (is_name_start(c)) {
      while (end < size_ && is_name_char(at(end))) ++end;
      type = L::NAME;
      if (end - start <= 8) {
        char word[8];
        for (size_t k = start; k < end; ++k) word[k - start] = static_cast<char>(at(k));
        std::string_view text(word, end - start);
        for (const Keyword& kw : kKeywords)
          if (kw.text == text) type = kw.type;
      }
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      bool eq = at(end) == '=';
      if (eq) ++end;
      type = c == '=' ? (eq ? L::EQ : L::ASSIGN)
           : c == '<' ? (eq ? L::LE : L::LT)
           : c == '>' ? (eq ? L::GE : L::GT)
           : (eq ? L::NE : L::BAD_CHAR);
    } else {
      type = single_char_token(c);
      if (type == 0) type = L::BAD_CHAR;
    }
    if (type == L::COMMENT || type == L::BAD_CHAR || type == L::UNTERMINATED_STRING || type == L::UNTERMINATED_BQNAME)
      channel = antlr4::Token::HIDDEN_CHANNEL;
    auto token = factory->create({this, input_}, type, "", channel, start, end - 1, line_, column_);
    advance_to(end);
    return token;
  }
}

}  // namespace kpic::syntax
