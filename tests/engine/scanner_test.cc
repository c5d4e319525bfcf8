// Unit tests of the scan driver's worker threads: what a reader or a kernel throws on a worker thread
// reaches the caller (a ScanError for data errors, the exception itself for anything else).
#include <doctest/doctest.h>

#include <functional>
#include <new>
#include <stdexcept>

#include "runtime/base/check.h"
#include "runtime/exec/scanner.h"

using namespace kpic;
using namespace kpic::exec;

namespace {

constexpr int kChunks = 16;
constexpr int kBadChunk = 11;

// kChunks chunks of one row of one Int column; reading chunk kBadChunk calls `fault`.
class FaultyReader : public TableReader {
 public:
  explicit FaultyReader(std::function<void()> fault) : fault_(std::move(fault)) {
    Field x;
    x.name = "x";
    schema_.fields = {x};
  }
  const Schema& schema() const override { return schema_; }
  const std::string& path() const override { return path_; }
  int num_chunks() const override { return kChunks; }
  int64_t chunk_rows(int) const override { return 1; }
  void read_chunk(int chunk, const std::vector<int>& columns, std::vector<Batch>& out) const override {
    if (chunk == kBadChunk && fault_) fault_();
    Batch b;
    b.num_rows = 1;
    for (size_t c = 0; c < columns.size(); ++c) {
      Column col;
      col.type = ValueType::Int;
      col.length = 1;
      col.values.assign(8, 0);
      b.columns.push_back(std::move(col));
    }
    out.push_back(std::move(b));
  }

 private:
  Schema schema_;
  std::string path_ = "faulty.csv";
  std::function<void()> fault_;
};

void quiet_kernel(KernelCtx*, const KernelColumn*, int64_t) {}

// Stands for a runtime helper whose KPIC_CHECK fails inside a kernel.
void failing_kernel(KernelCtx*, const KernelColumn* cols, int64_t) {
  KPIC_CHECK(cols[0].values == nullptr, "a broken invariant in a kernel helper");
}

struct Scan {
  ScanPlan plan;
  FaultyReader reader;
  ScanContext sc;
  StringPool pool{{}};
  std::vector<std::unique_ptr<PassState>> states;

  explicit Scan(std::function<void()> fault, KernelFn kernel = quiet_kernel, bool with_lag = false)
      : reader(std::move(fault)) {
    plan.sources.push_back({"s", reader.schema(), {0}, with_lag ? 2 : 1});
    ScanPass pass;
    pass.source = 0;
    pass.layout.state_bytes = 8;
    plan.passes.push_back(pass);
    if (with_lag) plan.lags.push_back({0, 1, 0, 0, 0});
    sc.plan = &plan;
    sc.readers = {&reader};
    sc.kernels = {kernel};
    sc.pool = &pool;
    sc.threads = 4;
    states.resize(1);
  }
  bool run(ScanError& err) { return run_stage(sc, 1, states, err); }
};

}  // namespace

TEST_CASE("scan workers: a clean scan succeeds") {
  Scan scan(nullptr);
  ScanError err;
  CHECK(scan.run(err));
  CHECK(scan.states[0] != nullptr);
}

TEST_CASE("scan workers: a reader's data error becomes the scan's error") {
  Scan scan([] { throw DataError{705, "faulty.csv", "bad row"}; });
  ScanError err;
  CHECK_FALSE(scan.run(err));
  CHECK(err.code == 705);
  CHECK(err.message == "bad row");
}

TEST_CASE("scan workers: another exception of a reader's library is KP0702") {
  Scan scan([] { throw std::runtime_error("snappy: corrupt input"); });
  ScanError err;
  CHECK_FALSE(scan.run(err));
  CHECK(err.code == 702);
  CHECK(err.path == "faulty.csv");
}

TEST_CASE("scan workers: an internal error on a worker thread is rethrown on the caller's") {
  ScanError err;
  SUBCASE("from the reader") {
    Scan scan([] { KPIC_UNREACHABLE("a reader bug"); });
    CHECK_THROWS_AS(scan.run(err), InternalError);
  }
  SUBCASE("from a kernel helper") {
    Scan scan(nullptr, failing_kernel);
    CHECK_THROWS_WITH_AS(scan.run(err), doctest::Contains("a broken invariant"), InternalError);
  }
  SUBCASE("while materialising a lag column") {
    Scan scan([] { KPIC_UNREACHABLE("a reader bug"); }, quiet_kernel, true);
    CHECK_THROWS_AS(materialize_lags(scan.sc, err), InternalError);
  }
  CHECK(err.code == 0);  // no data error was made of it
}

TEST_CASE("scan workers: running out of memory on a worker thread stays std::bad_alloc (KP0907)") {
  ScanError err;
  SUBCASE("scan") {
    Scan scan([] { throw std::bad_alloc(); });
    CHECK_THROWS_AS(scan.run(err), std::bad_alloc);
  }
  SUBCASE("lag") {
    Scan scan([] { throw std::bad_alloc(); }, quiet_kernel, true);
    CHECK_THROWS_AS(materialize_lags(scan.sc, err), std::bad_alloc);
  }
  CHECK(err.code == 0);
}
