// The first failure among a scan's worker threads (run_stage, materialize_lags). A problem with the data
// is a ScanError, which the engine reports as a diagnostic. Anything else a worker throws (an
// InternalError from a KPIC_CHECK, std::bad_alloc) is kept as an exception and rethrown on the joining
// thread, so that main reports it (exit 3, KP0907) instead of std::terminate ending the process.
#pragma once

#include <atomic>
#include <exception>
#include <mutex>
#include <new>

#include "runtime/base/check.h"
#include "runtime/exec/scanner.h"

namespace kpic::exec {

class WorkerFailure {
 public:
  explicit WorkerFailure(ScanError& err) : err_(err) {}
  WorkerFailure(const WorkerFailure&) = delete;
  WorkerFailure& operator=(const WorkerFailure&) = delete;

  // True once a worker failed: the others stop taking work.
  bool failed() const { return failed_.load(); }

  // Records `e`, unless a failure was recorded before.
  void fail(ScanError e) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed_.exchange(true)) err_ = std::move(e);
  }

  // Runs a worker's body, recording whatever it throws.
  template <class F>
  void run(F&& body) noexcept {
    try {
      body();
    } catch (...) {
      std::lock_guard<std::mutex> lock(mu_);
      if (!failed_.exchange(true)) thrown_ = std::current_exception();
    }
  }

  // On the joining thread, once every worker is done: rethrows a recorded exception, else returns true
  // when no worker failed.
  bool finish() const {
    if (thrown_) std::rethrow_exception(thrown_);
    return !failed_.load();
  }

 private:
  ScanError& err_;
  std::mutex mu_;
  std::atomic<bool> failed_{false};
  std::exception_ptr thrown_;
};

// In a catch (...) around TableReader::read_chunk: the ScanError for the exception being handled (a
// DataError, or another std::exception from a reader's library, KP0702). Rethrows an InternalError,
// std::bad_alloc and anything that is no std::exception: those are no data errors.
inline ScanError read_error(const TableReader& reader) {
  try {
    throw;
  } catch (const DataError& e) {
    return {e.code, e.path, e.message};
  } catch (const InternalError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return {702, reader.path(), e.what()};
  }
}

}  // namespace kpic::exec
