// JSON-RPC 2.0 framing of the Language Server Protocol over file descriptors: each message is
// `Content-Length: N\r\n` (other headers ignored) `\r\n` and N bytes of JSON.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>

namespace kpic::lsp {

class MessageReader {
 public:
  explicit MessageReader(int fd) : fd_(fd) {}
  enum class Status { Ok, Eof, BadHeader };
  // Reads the next message body. BadHeader: a header block without a valid Content-Length (skipped; the
  // next read continues after it). Eof: the pipe closed (a partial message is dropped).
  Status read(std::string& body);

  static constexpr size_t kMaxMessage = 256u << 20;  // larger bodies are refused as bad headers

 private:
  bool fill();  // false on EOF or error
  bool read_line(std::string& line);
  int fd_;
  std::string buf_;
  size_t pos_ = 0;
};

// Writes framed messages; safe to call from several threads.
class MessageWriter {
 public:
  explicit MessageWriter(int fd) : fd_(fd) {}
  bool write(const std::string& body);

 private:
  int fd_;
  std::mutex mu_;
  bool broken_ = false;
};

}  // namespace kpic::lsp
