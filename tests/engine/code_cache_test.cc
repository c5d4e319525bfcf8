// The compiled-code cache's entries on disk: anything but an intact entry for the key is refused.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "compiler/jit/code_cache.h"

using kpic::jit::CodeCache;

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

struct TempDir {
  std::string path = std::filesystem::temp_directory_path() / ("kpic_cc_test_" + std::to_string(::getpid()));
  TempDir() { std::filesystem::remove_all(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
};

const std::string kObject = std::string("\x7f" "ELF", 4) + std::string(200, '\0') + "kernel code";
}  // namespace

TEST_CASE("a cache entry decodes only when intact") {
  std::string key = CodeCache::key("some program");
  std::string entry = CodeCache::encode_entry(key, kObject);
  std::string problem;
  auto back = CodeCache::decode_entry(key, entry, problem);
  REQUIRE(back);
  CHECK(*back == kObject);
  CHECK_FALSE(CodeCache::decode_entry(CodeCache::key("another program"), entry, problem));
  // Every single-byte change and every truncation is refused.
  int accepted = 0;
  for (size_t i = 0; i < entry.size(); ++i)
    for (int mask : {0x01, 0x80, 0xff}) {
      std::string bad = entry;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      accepted += CodeCache::decode_entry(key, bad, problem).has_value();
    }
  for (size_t n = 0; n < entry.size(); ++n) accepted += CodeCache::decode_entry(key, entry.substr(0, n), problem).has_value();
  accepted += CodeCache::decode_entry(key, entry + "x", problem).has_value();
  CHECK(accepted == 0);
  // Another kpic build's format (same magic, another version byte) is refused quietly; a damaged magic is not.
  std::string other = entry;
  other[7] = '1';
  problem = "unset";
  CHECK_FALSE(CodeCache::decode_entry(key, other, problem));
  CHECK(problem.empty());
  other[0] = 'X';
  CHECK_FALSE(CodeCache::decode_entry(key, other, problem));
  CHECK(problem == "its header is damaged");
}

TEST_CASE("the cache folder is private and its entries round-trip") {
  TempDir t;
  std::string key = CodeCache::key("round trip");
  {
    CodeCache cache(t.path);
    cache.put(key, kObject);
  }
  struct stat st;
  REQUIRE(::stat(t.path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(t.path)) files.push_back(e.path().filename());
  CHECK(files == std::vector<std::string>{key + ".kobj"});  // no temporary left
  CodeCache cache(t.path);
  CHECK(cache.get(key).object == kObject);  // from memory
  // A folder others can read is narrowed to 0700 when it is used.
  ::chmod(t.path.c_str(), 0755);
  cache.put(CodeCache::key("other"), kObject);
  REQUIRE(::stat(t.path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
}

TEST_CASE("run hints are noted per signature, in the cache folder only") {
  TempDir t;
  {
    CodeCache cache(t.path);
    CHECK_FALSE(cache.ran_before("kpic run a.kpi"));
    cache.note_run("kpic run a.kpi");
    CHECK(cache.ran_before("kpic run a.kpi"));
    CHECK_FALSE(cache.ran_before("kpic run a.kpi --metric x"));
    cache.note_run("kpic run a.kpi");  // again: still one hint
  }
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(t.path)) files.push_back(e.path().filename());
  CHECK(files == std::vector<std::string>{CodeCache::key("kpic run a.kpi") + ".run"});
  CHECK(CodeCache(t.path).ran_before("kpic run a.kpi"));  // another process sees it
  // A folder kpic may not use (here: a file in its place) holds no hints and takes none.
  std::filesystem::remove_all(t.path);
  spit(t.path, "not a folder");
  CodeCache blocked(t.path);
  blocked.note_run("kpic run a.kpi");
  CHECK_FALSE(blocked.ran_before("kpic run a.kpi"));
  CHECK(slurp(t.path) == "not a folder");
}

TEST_CASE("damaged entries and special files are refused and removed") {
  TempDir t;
  CodeCache cache(t.path);
  // Each key is used once: the process's memory cache would otherwise answer.
  std::string path;
  SUBCASE("a flipped byte") {
    std::string key = CodeCache::key("flip");
    path = cache.entry_path(key);
    std::filesystem::create_directories(t.path);
    std::string entry = CodeCache::encode_entry(key, kObject);
    entry[entry.size() - 3] ^= 0x10;
    spit(path, entry);
    auto r = cache.get(key);
    CHECK_FALSE(r.object);
    CHECK(r.damaged == "its checksum does not match its content");
    CHECK(r.path == path);
    CHECK_FALSE(std::filesystem::exists(path));
  }
  SUBCASE("a truncated entry") {
    std::string key = CodeCache::key("truncated");
    path = cache.entry_path(key);
    std::filesystem::create_directories(t.path);
    spit(path, CodeCache::encode_entry(key, kObject).substr(0, 100));
    auto r = cache.get(key);
    CHECK_FALSE(r.object);
    CHECK(r.damaged.find("truncated") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));
  }
  SUBCASE("a FIFO does not hang") {
    std::string key = CodeCache::key("fifo");
    path = cache.entry_path(key);
    std::filesystem::create_directories(t.path);
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    auto r = cache.get(key);
    CHECK_FALSE(r.object);
    CHECK(r.damaged == "it is not a regular file");
    CHECK_FALSE(std::filesystem::exists(std::filesystem::symlink_status(path)));
  }
  SUBCASE("a symbolic link is neither followed nor its target written") {
    std::string key = CodeCache::key("link");
    path = cache.entry_path(key);
    std::filesystem::create_directories(t.path);
    std::string victim = t.path + "/victim";
    spit(victim, CodeCache::encode_entry(key, kObject));  // even a sound entry behind a link
    std::filesystem::create_symlink(victim, path);
    auto r = cache.get(key);
    CHECK_FALSE(r.object);
    CHECK(r.damaged == "it is a symbolic link");
    std::filesystem::create_symlink(victim, path);
    cache.put(key, "new object");
    CHECK(std::filesystem::is_regular_file(std::filesystem::symlink_status(path)));
    CHECK(slurp(victim) == CodeCache::encode_entry(key, kObject));
  }
}
