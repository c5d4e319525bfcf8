#include "compiler/driver/output/sparkline.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace kpic::output {

std::string sparkline(const std::vector<std::optional<double>>& all) {
  static constexpr std::array<const char*, 8> kBars = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  size_t first = all.size() > kMaxSparkPoints ? all.size() - kMaxSparkPoints : 0;
  std::optional<double> lo, hi;
  for (size_t i = first; i < all.size(); ++i) {
    if (!all[i] || !std::isfinite(*all[i])) continue;
    lo = lo ? std::min(*lo, *all[i]) : *all[i];
    hi = hi ? std::max(*hi, *all[i]) : *all[i];
  }
  std::string out;
  for (size_t i = first; i < all.size(); ++i) {
    if (!all[i] || !std::isfinite(*all[i])) {
      out += ' ';
      continue;
    }
    if (*hi == *lo) {
      out += kBars[3];
      continue;
    }
    double t = (*all[i] - *lo) / (*hi - *lo);
    t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.5;  // a range too wide for a double
    out += kBars[static_cast<size_t>(std::lround(t * 7))];
  }
  return out;
}

}  // namespace kpic::output
