#pragma once
// Application versions in natural order, as a license's allowed version bounds compare them
// (contract sections 10.2 and 11.2).

#include <compare>
#include <string_view>

namespace scale::domain {

// Natural order: both versions are read as runs of digits and runs of other characters, and
// compared run by run. Two digit runs compare as numbers of any length (leading zeros do not
// count, so "1.10" is after "1.9" and "1.01" equals "1.1"); other runs compare byte by byte; a
// digit run comes before any other run. When one version runs out first, it is the earlier
// ("1.0" before "1.0.1").
std::strong_ordering compare_versions(std::string_view a, std::string_view b);

}  // namespace scale::domain
