// The .kpi files a command works on when it is given folders: `kpic test DIR`, `kpic run DIR` and
// `kpic run a.kpi b.kpi` (a catalog run together, each source scanned once for all).
#pragma once

#include <string>
#include <vector>

namespace kpic::driver {

// Every .kpi file under `root`, sorted; folders whose name starts with `.` are skipped. Paths start
// with `root` (without a leading "./" when it is the current folder).
std::vector<std::string> find_kpi_files(const std::string& root);

// `kpic run FILE [ARG]...`: the .kpi files to evaluate together — FILE (a folder stands for the .kpi files
// under it) and each ARG that names a .kpi file (it ends in `.kpi` and has no `NAME=`); those ARGs are
// removed from `args`, which keeps the data arguments.
std::vector<std::string> catalog_files(const std::string& file, std::vector<std::string>& args);

}  // namespace kpic::driver
