// Reading a revision's .kpi files out of git (see git_snapshot.h).
#include "compiler/driver/diff/git_snapshot.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace kpic::diff {

namespace fs = std::filesystem;

namespace {

// Runs `git ARGS...` with stdin and stderr on /dev/null; returns its exit status (-1 when it could not
// be started) and its stdout in `out`.
int run_git(const std::vector<std::string>& args, std::string& out) {
  out.clear();
  std::vector<char*> argv;
  std::string git = "git";
  argv.push_back(git.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return -1;
  }
  char buf[65536];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n > 0) out.append(buf, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR) break;
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

GitSnapshot::~GitSnapshot() {
  if (dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

GitSnapshot::Status GitSnapshot::take(const std::string& file, const std::string& revision, std::string& error) {
  std::error_code ec;
  fs::path abs = fs::absolute(file, ec);
  fs::path folder = abs.parent_path();
  std::string out;
  if (run_git({"-C", folder.string(), "rev-parse", "--show-toplevel"}, out) != 0) {
    error = "`" + file + "` is not in a git repository (or git cannot be run); compare with --base-file OLD.kpi";
    return Status::NotARepository;
  }
  worktree_ = trim_newline(out);
  if (revision.empty() || revision[0] == '-' ||
      run_git({"-C", worktree_, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"},
              out) != 0) {
    error = "unknown revision `" + revision + "` in the git repository of `" + file + "`";
    return Status::UnknownRevision;
  }
  commit_ = trim_newline(out);
  // The file's path in the tree: its folder resolved (symbolic links, `..`) against the tree's root.
  fs::path canon_folder = fs::weakly_canonical(folder, ec);
  fs::path canon_root = fs::weakly_canonical(worktree_, ec);
  relative_ = (canon_folder / abs.filename()).lexically_relative(canon_root).generic_string();
  if (relative_.empty() || relative_.rfind("..", 0) == 0) {
    error = "`" + file + "` is outside its git work tree";
    return Status::NotARepository;
  }
  if (run_git({"-C", worktree_, "ls-tree", "-r", "-z", "--full-tree", commit_}, out) != 0) {
    error = "cannot list the files of revision `" + revision + "`";
    return Status::UnknownRevision;
  }
  // Entries: "MODE TYPE OBJECT\tPATH\0".
  std::vector<std::pair<std::string, std::string>> blobs;  // (object, path)
  bool found = false;
  for (size_t at = 0; at < out.size();) {
    size_t end = out.find('\0', at);
    if (end == std::string::npos) end = out.size();
    std::string entry = out.substr(at, end - at);
    at = end + 1;
    size_t tab = entry.find('\t');
    if (tab == std::string::npos) continue;
    std::string path = entry.substr(tab + 1);
    size_t sp1 = entry.find(' '), sp2 = entry.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos || entry.compare(sp1 + 1, 4, "blob") != 0) continue;
    if (!ends_with(path, ".kpi")) continue;
    found |= path == relative_;
    blobs.emplace_back(entry.substr(sp2 + 1, tab - sp2 - 1), path);
  }
  if (!found) {
    error = "`" + relative_ + "` does not exist at revision `" + revision + "`";
    return Status::MissingFile;
  }
  std::string tmpl = (fs::temp_directory_path(ec) / "kpic-diff-XXXXXX").string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  if (!mkdtemp(name.data())) {
    error = std::string("cannot create a temporary folder: ") + std::strerror(errno);
    return Status::Failed;
  }
  dir_ = name.data();
  for (const auto& [object, path] : blobs) {
    if (run_git({"-C", worktree_, "cat-file", "blob", object}, out) != 0) {
      error = "cannot read `" + path + "` at revision `" + revision + "`";
      return Status::Failed;
    }
    fs::path target = fs::path(dir_) / path;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream f(target, std::ios::binary);
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    if (!f) {
      error = "cannot write " + target.string();
      return Status::Failed;
    }
  }
  file_ = (fs::path(dir_) / relative_).string();
  return Status::Ok;
}

}  // namespace kpic::diff
