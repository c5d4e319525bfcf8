// Parquet decode throughput: decodes every readable column of every row group of the given files with
// kpic's reader and reports MB/s (file bytes and uncompressed column bytes per second) and rows/s.
//
//   parquet_decode_bench [--threads N] [--repeat R] [--describe] [--columns A,B] FILE...
//
// Row groups are handed to N threads (like the engine's scan driver); the best of R runs is reported, as wall
// seconds and as process CPU seconds (steadier than wall time on a shared machine). --columns decodes only
// the named columns (one codec's or encoding's cost on its own).
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "runtime/parquet/parquet_describe.h"
#include "runtime/parquet/parquet_reader.h"

using kpic::parquet::ParquetReader;

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Wall seconds of one decode of every row group; `cpu` receives the process CPU seconds it took.
double decode_once(const ParquetReader& r, const std::vector<int>& cols, int threads, double& cpu) {
  double c0 = cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  std::atomic<int> next{0};
  auto work = [&] {
    std::vector<kpic::Batch> out;
    for (int g; (g = next++) < r.num_chunks();) {
      out.clear();
      r.read_chunk(g, cols, out);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  cpu = cpu_seconds() - c0;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, repeat = 3;
  bool describe = false;
  std::string only;  // comma-separated column names; empty: all
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
      repeat = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--columns") && i + 1 < argc)
      only = "," + std::string(argv[++i]) + ",";
    else if (!std::strcmp(argv[i], "--describe"))
      describe = true;
    else
      files.push_back(argv[i]);
  }
  std::printf("%-28s %9s %5s %9s %9s %9s %10s %10s %9s\n", "file", "rows", "cols", "file MB", "raw MB",
              "seconds", "file MB/s", "raw MB/s", "cpu s");
  for (const std::string& f : files) {
    try {
      if (describe) std::fputs(kpic::parquet::describe_parquet(f).c_str(), stdout);
      auto r = ParquetReader::open(f);
      std::vector<int> cols;
      for (size_t c = 0; c < r->schema().fields.size(); ++c)
        if (r->schema().fields[c].unsupported.empty() &&
            (only.empty() || only.find("," + r->schema().fields[c].name + ",") != std::string::npos))
          cols.push_back(static_cast<int>(c));
      double raw = 0;
      for (int g = 0; g < r->num_chunks(); ++g)
        for (int c : cols)
          if (auto* m = r->chunk_metadata(g, c)) raw += static_cast<double>(m->total_uncompressed_size);
      double best = 1e30, best_cpu = 1e30;
      for (int k = 0; k < repeat; ++k) {
        double cpu = 0;
        best = std::min(best, decode_once(*r, cols, threads, cpu));
        best_cpu = std::min(best_cpu, cpu);
      }
      double mb = static_cast<double>(std::filesystem::file_size(f)) / 1e6;
      std::printf("%-28s %9lld %5zu %9.2f %9.2f %9.4f %10.1f %10.1f %9.4f\n",
                  std::filesystem::path(f).filename().c_str(), static_cast<long long>(r->schema().num_rows),
                  cols.size(), mb, raw / 1e6, best, mb / best, raw / 1e6 / best, best_cpu);
    } catch (const kpic::DataError& e) {
      std::fprintf(stderr, "error[KP%04d]: %s\n", e.code, e.message.c_str());
      return 1;
    }
  }
  return 0;
}
