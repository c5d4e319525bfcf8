// CodeCache: see code_cache.h.
#include "compiler/jit/code_cache.h"

#include <fcntl.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Support/SHA256.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <string_view>
#include <vector>

namespace kpic::jit {
namespace {
std::mutex g_mutex;
std::map<std::string, std::string>& memory() {
  static std::map<std::string, std::string> m;
  return m;
}

// Entry layout: magic (8) | key length (u32 LE) | payload length (u64 LE) | SHA-256 of key and payload
// (32) | key | payload.
constexpr char kMagic[8] = {'K', 'P', 'I', 'C', 'O', 'B', 'J', '\x01'};
constexpr size_t kHeaderSize = 8 + 4 + 8 + 32;
constexpr uint64_t kMaxEntryBytes = uint64_t{1} << 30;  // no kernel object comes near

std::string digest(const std::string& key, const std::string& payload) {
  llvm::SHA256 sha;
  sha.update(llvm::StringRef(key));
  sha.update(llvm::StringRef(payload));
  auto d = sha.final();
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

void put_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

uint64_t get_le(const std::string& in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<uint8_t>(in[at + i])} << (8 * i);
  return v;
}

bool write_all(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

constexpr int64_t kDay = 24 * 60 * 60;

// Marks a file as used now, unless it was within the last day (most uses write nothing).
void refresh(const std::string& path, const struct stat& st) {
  if (std::time(nullptr) - st.st_mtime > kDay)
    ::utimensat(AT_FDCWD, path.c_str(), nullptr, AT_SYMLINK_NOFOLLOW);
}

bool is_hex_key(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Reads a cache entry that must be a regular file (never following a link, never blocking on a FIFO).
// Returns false with `problem` set when the name exists but is not a readable regular file.
bool read_entry(const std::string& path, bool& exists, std::string& bytes, std::string& problem) {
  exists = false;
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT;  // absent: a plain miss
  exists = true;
  if (!S_ISREG(st.st_mode)) {
    problem = S_ISLNK(st.st_mode) ? "it is a symbolic link" : "it is not a regular file";
    return false;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      exists = false;
      return true;
    }
    problem = std::string("it cannot be opened: ") + std::strerror(errno);
    return false;
  }
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (!ok) problem = "it is not a regular file";
  if (ok && static_cast<uint64_t>(st.st_size) > kMaxEntryBytes) {
    problem = "it is too large";
    ok = false;
  }
  if (ok) {
    bytes.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        problem = std::string("it cannot be read: ") + std::strerror(errno);
        ok = false;
        break;
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    bytes.resize(done);  // a file shrunk while read fails the size check in decode_entry
  }
  ::close(fd);
  if (ok) refresh(path, st);
  return ok;
}
}  // namespace

CodeCache::CodeCache(std::string dir) : dir_(std::move(dir)) {
  if (dir_.empty()) {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) dir_ = std::string(x) + "/kpic";
    else if (const char* h = std::getenv("HOME"); h && *h) dir_ = std::string(h) + "/.cache/kpic";
  }
}

std::string CodeCache::key(const std::string& text) {
  llvm::SHA256 sha;
  sha.update(llvm::StringRef(text));
  auto digest = sha.final();
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::string CodeCache::encode_entry(const std::string& key, const std::string& object) {
  std::string out(kMagic, sizeof kMagic);
  put_le(out, key.size(), 4);
  put_le(out, object.size(), 8);
  out += digest(key, object);
  out += key;
  out += object;
  return out;
}

std::optional<std::string> CodeCache::decode_entry(const std::string& key, const std::string& bytes,
                                                   std::string& problem) {
  if (bytes.size() >= sizeof kMagic && bytes.compare(0, sizeof kMagic - 1, kMagic, sizeof kMagic - 1) == 0 &&
      bytes[sizeof kMagic - 1] != kMagic[sizeof kMagic - 1]) {
    problem.clear();  // another kpic build's format (its last magic byte): replaced without a note
    return std::nullopt;
  }
  if (bytes.size() < kHeaderSize || bytes.compare(0, sizeof kMagic, kMagic, sizeof kMagic) != 0) {
    problem = "its header is damaged";
    return std::nullopt;
  }
  uint64_t key_size = get_le(bytes, 8, 4);
  uint64_t payload_size = get_le(bytes, 12, 8);
  if (key_size != key.size() || payload_size > bytes.size() ||
      kHeaderSize + key_size + payload_size != bytes.size()) {
    problem = "its size does not match its header (truncated or damaged)";
    return std::nullopt;
  }
  if (bytes.compare(kHeaderSize, key_size, key) != 0) {
    problem = "it holds another key";
    return std::nullopt;
  }
  std::string payload = bytes.substr(kHeaderSize + key_size);
  if (digest(key, payload) != bytes.substr(20, 32)) {
    problem = "its checksum does not match its content";
    return std::nullopt;
  }
  return payload;
}

bool CodeCache::usable_dir() {
  if (dir_.empty()) return false;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dir_).parent_path(), ec);
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) return false;
  struct stat st;
  if (::stat(dir_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) return false;
  if ((st.st_mode & 077) != 0 && ::chmod(dir_.c_str(), 0700) != 0) return false;
  return true;
}

CacheLookup CodeCache::get(const std::string& key) {
  CacheLookup r;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto it = memory().find(key);
    if (it != memory().end()) {
      r.object = it->second;
      return r;
    }
  }
  if (!usable_dir()) return r;  // a folder others could write into is never read
  r.path = entry_path(key);
  bool exists = false;
  std::string bytes;
  if (read_entry(r.path, exists, bytes, r.damaged)) {
    if (!exists) return r;
    r.object = decode_entry(key, bytes, r.damaged);
  }
  if (!r.object) {
    // The name only: a link's target is left alone; an empty folder goes too.
    if (::unlink(r.path.c_str()) != 0) ::rmdir(r.path.c_str());
    return r;
  }
  std::lock_guard<std::mutex> lock(g_mutex);
  memory()[key] = *r.object;
  return r;
}

void CodeCache::put(const std::string& key, const std::string& object) {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    memory()[key] = object;
  }
  if (!usable_dir()) return;
  std::string tmp = dir_ + "/." + key + ".XXXXXX";
  int fd = ::mkostemp(tmp.data(), O_CLOEXEC);  // O_EXCL, mode 0600: never a planted name
  if (fd < 0) return;
  bool ok = write_all(fd, encode_entry(key, object));
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), entry_path(key).c_str()) != 0) ::unlink(tmp.c_str());
  maybe_sweep();
}

void CodeCache::maybe_sweep() {
  const std::string stamp = dir_ + "/last-sweep";
  const int64_t now = std::time(nullptr);
  struct stat st;
  const bool fresh = ::lstat(stamp.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime <= now &&
                     now - st.st_mtime < kDay;
  if (fresh) return;
  // The stamp first: runs that start together sweep once, and a sweep that fails is not retried all day.
  int fd = ::open(stamp.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return;
  ::close(fd);
  ::utimensat(AT_FDCWD, stamp.c_str(), nullptr, AT_SYMLINK_NOFOLLOW);
  sweep(now, kMaxAgeDays * kDay, kMaxBytes);
}

void CodeCache::sweep(int64_t now, int64_t max_age_s, uint64_t max_bytes) {
  struct Entry {
    int64_t mtime;
    uint64_t bytes;
    std::string path;
  };
  std::vector<Entry> entries;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string_view n(name);
    const bool entry = n.size() == 64 + 5 && n.substr(64) == ".kobj" && is_hex_key(n.substr(0, 64));
    const bool hint = n.size() == 64 + 4 && n.substr(64) == ".run" && is_hex_key(n.substr(0, 64));
    // A temporary of put(): "." KEY ".XXXXXX", left by a process that died while writing it.
    const bool temporary =
        n.size() == 1 + 64 + 7 && n[0] == '.' && is_hex_key(n.substr(1, 64)) && n[65] == '.';
    if (!entry && !hint && !temporary) continue;
    struct stat st;
    const std::string path = it->path().string();
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const int64_t age = now - st.st_mtime;
    if ((temporary && age > 60 * 60) || (!temporary && age > max_age_s)) {
      ::unlink(path.c_str());
      continue;
    }
    if (entry) entries.push_back({st.st_mtime, static_cast<uint64_t>(st.st_size), path});
  }
  uint64_t total = 0;
  for (const Entry& e : entries) total += e.bytes;
  if (total <= max_bytes) return;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.mtime < b.mtime; });
  for (const Entry& e : entries) {
    if (total <= max_bytes) break;
    if (::unlink(e.path.c_str()) == 0) total -= e.bytes;
  }
}

bool CodeCache::ran_before(const std::string& signature) {
  if (!usable_dir()) return false;
  const std::string path = dir_ + "/" + key(signature) + ".run";
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return false;
  refresh(path, st);
  return true;
}

void CodeCache::note_run(const std::string& signature) {
  if (!usable_dir()) return;
  int fd = ::open((dir_ + "/" + key(signature) + ".run").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0) ::close(fd);
}

void CodeCache::discard(const std::string& key) {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    memory().erase(key);
  }
  if (!dir_.empty()) ::unlink(entry_path(key).c_str());
}

}  // namespace kpic::jit
