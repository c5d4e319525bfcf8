#include "compiler/syntax/source_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kpic::syntax {

namespace {

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

std::string too_large(size_t size, size_t max_bytes, bool at_least) {
  return "the file is " + std::string(at_least ? "more than " : "") + std::to_string(size) +
         " bytes; kpic reads at most " + std::to_string(max_bytes);
}

}  // namespace

bool read_source_file(const std::string& path, std::string& text, std::string& error, size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO with no writer must not hang before fstat can refuse it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = std::string("not a regular file (") + kind_of(st.st_mode) + ")";
    ::close(fd);
    return false;
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    error = too_large(static_cast<size_t>(st.st_size), max_bytes, false);
    ::close(fd);
    return false;
  }
  text.clear();
  text.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > max_bytes) {  // a file that grows while read, or /proc files that report size 0
      error = too_large(max_bytes, max_bytes, true);
      ::close(fd);
      return false;
    }
  }
  ::close(fd);
  return true;
}

bool read_source_stream(std::FILE* in, std::string& text, std::string& error, size_t max_bytes) {
  text.clear();
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) {
    text.append(buf, n);
    if (text.size() > max_bytes) {
      error = too_large(max_bytes, max_bytes, true);
      return false;
    }
  }
  if (std::ferror(in)) {
    error = std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace kpic::syntax
