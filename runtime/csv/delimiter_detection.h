// Chooses a CSV file's delimiter among , ; tab | from its first records: the candidate that splits the
// header into the most fields while most sampled records have that many fields too.
// Ties go to , then ; then tab then |, except that a .tsv file prefers tab. A file no candidate splits
// that way gets ',' (its rows are then checked, and reported, like any other).
#pragma once

#include <string>
#include <string_view>

namespace kpic::csv {

char detect_delimiter(std::string_view text, const std::string& path);

}  // namespace kpic::csv
