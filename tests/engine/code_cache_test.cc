// The compiled-code cache's entries on disk: anything but an intact entry for the key is refused.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
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

// Sets a file's times to `age_s` seconds before `now`.
void make_old(const std::string& path, int64_t now, int64_t age_s) {
  struct timespec times[2] = {{now - age_s, 0}, {now - age_s, 0}};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

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
  std::sort(files.begin(), files.end());
  CHECK(files == std::vector<std::string>{key + ".kobj", "last-sweep"});  // no temporary left
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

TEST_CASE("the folder is swept: unused entries, hints and temporaries, then the oldest beyond the cap") {
  TempDir t;
  std::filesystem::create_directories(t.path);
  const int64_t now = std::time(nullptr), day = 24 * 60 * 60;
  const auto file = [&](const std::string& name, int64_t age_s, size_t bytes) {
    std::string path = t.path + "/" + name;
    spit(path, std::string(bytes, 'x'));
    make_old(path, now, age_s);
    return path;
  };
  const std::string k1 = CodeCache::key("1"), k2 = CodeCache::key("2"), k3 = CodeCache::key("3"),
                    k4 = CodeCache::key("4"), k5 = CodeCache::key("5");
  file(k1 + ".kobj", 40 * day, 100);  // unused for 40 days
  file(k2 + ".kobj", 3 * day, 1000);  // the oldest of those kept by age
  file(k3 + ".kobj", 2 * day, 1000);
  file(k4 + ".kobj", 1 * day, 1000);
  file(k1 + ".run", 31 * day, 0);  // an old hint
  file(k2 + ".run", 1 * day, 0);
  file("." + k5 + ".a1B2c3", 2 * 60 * 60, 50);  // a temporary left by a crash two hours ago
  file("." + k4 + ".zzzzzz", 60, 50);           // one being written now
  file("notes.txt", 400 * day, 10);             // not the cache's: never touched
  file(k5 + ".kobj.bak", 400 * day, 10);
  std::filesystem::create_directories(t.path + "/std-1.0");
  CodeCache(t.path).sweep(now, 30 * day, 2500);  // 3000 bytes of entries kept by age: the oldest goes
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(t.path)) files.push_back(e.path().filename());
  std::sort(files.begin(), files.end());
  std::vector<std::string> want = {"." + k4 + ".zzzzzz", k2 + ".run", k3 + ".kobj", k4 + ".kobj",
                                   k5 + ".kobj.bak",     "notes.txt", "std-1.0"};
  std::sort(want.begin(), want.end());
  CHECK(files == want);
}

TEST_CASE("a write sweeps at most once a day; a use keeps an entry or a hint young") {
  TempDir t;
  std::filesystem::create_directories(t.path);
  const int64_t now = std::time(nullptr), day = 24 * 60 * 60;
  const auto age = [&](const std::string& path, int64_t age_s) { make_old(path, now, age_s); };
  CodeCache cache(t.path);
  const std::string old_key = CodeCache::key("old"), used_key = CodeCache::key("used");
  // Entries as another process left them (this process's memory knows neither), unused for 60 days.
  spit(cache.entry_path(old_key), CodeCache::encode_entry(old_key, kObject));
  spit(cache.entry_path(used_key), CodeCache::encode_entry(used_key, kObject));
  age(cache.entry_path(old_key), 60 * day);
  age(cache.entry_path(used_key), 60 * day);
  cache.note_run("kpic run a.kpi");
  cache.note_run("kpic run b.kpi");
  const std::string hint_a = t.path + "/" + CodeCache::key("kpic run a.kpi") + ".run";
  const std::string hint_b = t.path + "/" + CodeCache::key("kpic run b.kpi") + ".run";
  age(hint_a, 60 * day);
  age(hint_b, 60 * day);
  CHECK(cache.get(used_key).object == kObject);  // a use: its time is refreshed
  CHECK(cache.ran_before("kpic run a.kpi"));
  // No stamp yet: the first write sweeps (and leaves the stamp).
  cache.put(CodeCache::key("a"), kObject);
  CHECK_FALSE(std::filesystem::exists(cache.entry_path(old_key)));
  CHECK(std::filesystem::exists(cache.entry_path(used_key)));
  CHECK(std::filesystem::exists(hint_a));
  CHECK_FALSE(std::filesystem::exists(hint_b));
  // The stamp is fresh: the next write does not sweep, however old the entries.
  age(cache.entry_path(used_key), 60 * day);
  cache.put(CodeCache::key("b"), kObject);
  CHECK(std::filesystem::exists(cache.entry_path(used_key)));
  // A day later the next write does.
  age(t.path + "/last-sweep", day + 60);
  cache.put(CodeCache::key("c"), kObject);
  CHECK_FALSE(std::filesystem::exists(cache.entry_path(used_key)));
  CHECK(std::filesystem::exists(cache.entry_path(CodeCache::key("c"))));
}
