#include "compiler/driver/atomic_write.h"

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace kpic::driver {

namespace {

// The temporary file that exists right now (at most one at a time), for the signal handler.
char g_temp_path[PATH_MAX + 64];
volatile std::sig_atomic_t g_temp_live = 0;

extern "C" void remove_temp_and_die(int sig) {
  if (g_temp_live) ::unlink(g_temp_path);  // async-signal-safe
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_handlers_once() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;  // keep nohup's choice
    struct sigaction sa {};
    sa.sa_handler = remove_temp_and_die;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, nullptr);
  }
}

class TempFile {
 public:
  // Creates `dir/.BASE.kpic-XXXXXX` exclusively (mode 0600); fd() < 0 on failure (errno set).
  TempFile(const std::string& dir, const std::string& base) {
    install_handlers_once();
    std::string pattern = dir + "/." + base + ".kpic-XXXXXX";
    if (pattern.size() >= sizeof g_temp_path) {
      errno = ENAMETOOLONG;
      return;
    }
    sigset_t block, old;
    sigemptyset(&block);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&block, sig);
    sigprocmask(SIG_BLOCK, &block, &old);  // no signal between creating the file and recording it
    std::memcpy(g_temp_path, pattern.c_str(), pattern.size() + 1);
    fd_ = mkstemp(g_temp_path);
    int saved = errno;
    if (fd_ >= 0) {
      path_ = g_temp_path;
      g_temp_live = 1;
    }
    sigprocmask(SIG_SETMASK, &old, nullptr);
    errno = saved;
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
    g_temp_live = 0;
  }
  int fd() const { return fd_; }
  // Closes the descriptor; false (errno set) when the close reports a write error.
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }
  bool rename_to(const std::string& target) {
    if (std::rename(path_.c_str(), target.c_str()) != 0) return false;
    g_temp_live = 0;
    path_.clear();
    return true;
  }

 private:
  int fd_ = -1;
  std::string path_;
};

bool write_all(int fd, std::string_view text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t w = ::write(fd, text.data() + done, text.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(w);
  }
  return true;
}

std::string error_text(int err) { return std::strerror(err); }

std::string write_in_place(const std::string& target, std::string_view text) {
  int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return "cannot write: " + error_text(errno);
  bool ok = write_all(fd, text);
  int err = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  return ok ? "" : "cannot write: " + error_text(err);
}

}  // namespace

std::string write_file_atomically(const std::string& path, std::string_view text) {
  char resolved[PATH_MAX];
  std::string target = realpath(path.c_str(), resolved) != nullptr ? std::string(resolved) : path;
  struct stat st {};
  bool exists = ::stat(target.c_str(), &st) == 0;
  if (!exists && errno != ENOENT) return "cannot write: " + error_text(errno);
  if (exists) {
    if (S_ISDIR(st.st_mode)) return "cannot write: it is a folder";
    if (!S_ISREG(st.st_mode)) return write_in_place(target, text);  // /dev/stdout, a FIFO: nothing to replace
    if ((st.st_mode & 0222) == 0 || ::access(target.c_str(), W_OK) != 0)
      return "the file is read-only; kpic does not rewrite it (make it writable first)";
    if (st.st_nlink > 1)
      return "the file has " + std::to_string(st.st_nlink) +
             " hard links; rewriting it would split them (kpic leaves it untouched)";
  }
  size_t slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? "." : target.substr(0, slash == 0 ? 1 : slash);
  std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  TempFile tmp(dir, base);
  if (tmp.fd() < 0) return "cannot create a temporary file beside it: " + error_text(errno);
  mode_t mode;
  if (exists) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (!write_all(tmp.fd(), text)) return "cannot write: " + error_text(errno);
  if (exists && (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) && ::fchown(tmp.fd(), st.st_uid, st.st_gid) != 0)
    return "cannot keep the file's owner and group (" + error_text(errno) + "); kpic leaves it untouched";
  if (::fchmod(tmp.fd(), mode) != 0) return "cannot set the permissions: " + error_text(errno);
  if (::fsync(tmp.fd()) != 0) return "cannot write: " + error_text(errno);
  if (!tmp.close()) return "cannot write: " + error_text(errno);
  if (!tmp.rename_to(target)) return "cannot replace the file: " + error_text(errno);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);  // make the rename durable; failure here does not undo a completed rename
    ::close(dfd);
  }
  return "";
}

std::string finish_stdout() {
  std::cout.flush();
  bool failed = !std::cout.good() || std::ferror(stdout) != 0;
  errno = 0;
  if (std::fflush(stdout) != 0) failed = true;
  int err = errno;
  if (std::fclose(stdout) != 0) {
    failed = true;
    if (err == 0) err = errno;
  }
  if (!failed) return "";
  return err != 0 ? error_text(err) : "write error";
}

}  // namespace kpic::driver
