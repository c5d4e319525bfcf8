// A compact sparkline (▁▂▃▄▅▆▇█) of a metric along a time bucket, shown under a table whose only
// dimension is a time bucket. The lowest value maps to ▁ and the highest to █, linearly; a constant
// series is all ▄; a missing or null value is a space. At most kMaxSparkPoints (the latest) are drawn.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kpic::output {

inline constexpr size_t kMaxSparkPoints = 60;

std::string sparkline(const std::vector<std::optional<double>>& values);

}  // namespace kpic::output
