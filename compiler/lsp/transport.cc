#include "compiler/lsp/transport.h"

#include <cerrno>
#include <cctype>
#include <cstdlib>
#include <unistd.h>

namespace kpic::lsp {

bool MessageReader::fill() {
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  char tmp[65536];
  for (;;) {
    ssize_t n = ::read(fd_, tmp, sizeof tmp);
    if (n > 0) {
      buf_.append(tmp, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

bool MessageReader::read_line(std::string& line) {
  for (;;) {
    size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      line.assign(buf_, pos_, nl - pos_);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      pos_ = nl + 1;
      return true;
    }
    if (buf_.size() - pos_ > 65536) {  // a "header" line this long is garbage: drop it
      pos_ = buf_.size();
      line = "?";
      return true;
    }
    if (!fill()) return false;
  }
}

MessageReader::Status MessageReader::read(std::string& body) {
  std::string line;
  long long length = -1;
  bool any = false;
  for (;;) {
    if (!read_line(line)) return Status::Eof;
    if (line.empty()) {
      if (!any) continue;  // stray blank lines between messages
      break;
    }
    any = true;
    const std::string key = "content-length:";
    if (line.size() > key.size()) {
      std::string head = line.substr(0, key.size());
      for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (head == key) {
        char* end = nullptr;
        long long v = std::strtoll(line.c_str() + key.size(), &end, 10);
        length = (end && end != line.c_str() + key.size()) ? v : -1;
      }
    }
  }
  if (length < 0 || static_cast<unsigned long long>(length) > kMaxMessage) return Status::BadHeader;
  size_t n = static_cast<size_t>(length);
  while (buf_.size() - pos_ < n)
    if (!fill()) return Status::Eof;
  body.assign(buf_, pos_, n);
  pos_ += n;
  if (pos_ > (1u << 20)) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  return Status::Ok;
}

bool MessageWriter::write(const std::string& body) {
  std::lock_guard<std::mutex> lock(mu_);
  if (broken_) return false;
  std::string msg = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t done = 0;
  while (done < msg.size()) {
    ssize_t w = ::write(fd_, msg.data() + done, msg.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      broken_ = true;
      return false;
    }
    done += static_cast<size_t>(w);
  }
  return true;
}

}  // namespace kpic::lsp
