// Writing files and standard output so that a failure is never silent and a reader never sees half a
// file. Every file kpic writes (`fmt`, `doc -o`, `report -o`) goes through write_file_atomically: a
// temporary in the same folder (created exclusively), fsync, rename over the target. The temporary is
// removed on failure and when kpic is interrupted (SIGINT, SIGTERM, SIGHUP) while it exists.
#pragma once

#include <string>
#include <string_view>

namespace kpic::driver {

// Replaces (or creates) `path` with `text`. A symbolic link is followed (its target is rewritten).
// An existing target keeps its permissions, owner and group; a target that is a device or a FIFO
// (`/dev/stdout`) is written in place, with every error reported; a folder, a target that is
// read-only (no write permission bit, even for root), has several hard links (the rename would split
// them), or whose owner cannot be kept, is refused and left untouched. Returns "" on success, else what
// went wrong (a sentence without the path).
std::string write_file_atomically(const std::string& path, std::string_view text);

// Flushes and closes standard output (both std::cout and stdout). Returns "" when everything written
// to it arrived, else the error (e.g. "No space left on device").
std::string finish_stdout();

}  // namespace kpic::driver
