// The compiled-code cache: object files keyed by a SHA-256 of everything that determines the code
// (the kernels' IR, which encodes the plan and the column types; the CPU name and features; the kpic
// version and kernel ABI). In memory for the process, on disk in $XDG_CACHE_HOME/kpic (or
// ~/.cache/kpic) as <key>.kobj.
//
// The disk is not trusted: an entry is machine code that will be run, so a damaged one must never be
// loaded. Each entry carries a header (magic, its key, the payload's size, a SHA-256 of key and payload)
// that is verified before the object is returned; an entry that fails (or that is not a regular file: a
// FIFO, a device, a symbolic link) is removed and reported, and the caller compiles afresh. The folder is
// created private (0700; a wider one we own is narrowed, one we do not own is not used); entries are
// written to a temporary made with O_EXCL (mkostemp) and renamed into place, and the temporary is
// removed when anything fails.
//
// The folder is kept small: entries and hints unused for kMaxAgeDays are removed, then the least recently
// used entries beyond kMaxBytes in all. A use (a hit, a hint found) refreshes its file's time of change
// (at most once a day, so most runs write nothing). The sweep runs when an entry is written and the stamp
// file `last-sweep` is missing or a day old: a cold compile pays one stat() most days.
//
// Beside the entries, run hints: an empty <key>.run file per `kpic run` signature (its options and the
// sizes and times of its files) that found or left its kernels here. A run whose signature has one will most
// likely find its kernels, so it does not start the code generator while it parses (see run_command.cc);
// a hint is never trusted for anything else, so a stale or planted one only costs a cold run its warm-up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kpic::jit {

// The outcome of a lookup.
struct CacheLookup {
  std::optional<std::string> object;  // the verified object file: a hit
  std::string damaged;                // not empty: why the entry on disk was refused (it has been removed)
  std::string path;                   // the entry's file, for the message
};

class CodeCache {
 public:
  // dir "" = the default location. A cache whose directory cannot be used does nothing on disk.
  explicit CodeCache(std::string dir = "");

  static std::string key(const std::string& text);
  CacheLookup get(const std::string& key);
  void put(const std::string& key, const std::string& object);
  // Forgets an entry (memory and disk): it was verified but could not be loaded.
  void discard(const std::string& key);
  std::string entry_path(const std::string& key) const { return dir_ + "/" + key + ".kobj"; }
  const std::string& dir() const { return dir_; }

  // Run hints: whether a run with this signature has been noted, and noting one.
  bool ran_before(const std::string& signature);
  void note_run(const std::string& signature);

  static constexpr int64_t kMaxAgeDays = 30;
  static constexpr uint64_t kMaxBytes = uint64_t{256} << 20;
  // Removes from the folder what the policy above drops at time `now` (seconds since the epoch): entries
  // and hints older than max_age_s, entries beyond max_bytes (oldest first), temporaries an hour old.
  // Only names the cache writes, only regular files; never follows a link. Public for tests.
  void sweep(int64_t now, int64_t max_age_s, uint64_t max_bytes);

  // The on-disk format, exposed for tests: the bytes of an entry, and the object they hold (nullopt
  // with `problem` set when they are not a sound entry for `key`; nullopt with `problem` empty for an
  // entry in another kpic build's format, which is replaced quietly).
  static std::string encode_entry(const std::string& key, const std::string& object);
  static std::optional<std::string> decode_entry(const std::string& key, const std::string& bytes,
                                                 std::string& problem);

 private:
  bool usable_dir();
  void maybe_sweep();
  std::string dir_;
};

}  // namespace kpic::jit
