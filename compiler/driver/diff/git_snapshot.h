// The .kpi files of a git revision, written to a temporary folder so the front end can load a file and
// its imports exactly as they were at that revision (`kpic diff --base REV`). Git is run as a program
// (`git rev-parse`, `git ls-tree`, `git cat-file`); nothing in the repository is changed.
#pragma once

#include <string>

namespace kpic::diff {

class GitSnapshot {
 public:
  GitSnapshot() = default;
  GitSnapshot(const GitSnapshot&) = delete;
  GitSnapshot& operator=(const GitSnapshot&) = delete;
  ~GitSnapshot();  // removes the temporary folder

  enum class Status {
    Ok,
    NotARepository,  // the file's folder is not inside a git work tree (or git cannot be run)
    UnknownRevision, // REV names no commit
    MissingFile,     // the file is not in the revision's tree
    Failed,          // a temporary folder or a file in it could not be written
  };

  // Writes every `*.kpi` file of `revision` into a new temporary folder, keeping the tree's layout.
  // `file` is a path in the working tree; `error` gets a message for anything but Ok.
  Status take(const std::string& file, const std::string& revision, std::string& error);

  const std::string& dir() const { return dir_; }            // the temporary folder (the tree's root)
  const std::string& worktree() const { return worktree_; }  // the working tree's root
  const std::string& file() const { return file_; }          // `file` inside dir()
  const std::string& relative() const { return relative_; }  // `file` relative to the tree's root
  const std::string& commit() const { return commit_; }      // the revision's full commit id

 private:
  std::string dir_, worktree_, file_, relative_, commit_;
};

}  // namespace kpic::diff
