#include "domain/version.hpp"

#include <cstddef>

namespace scale::domain {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The run that starts at `pos`: all digits or all other characters.
std::string_view run_at(std::string_view s, std::size_t pos) {
  const bool digits = is_digit(s[pos]);
  std::size_t end = pos;
  while (end < s.size() && is_digit(s[end]) == digits) ++end;
  return s.substr(pos, end - pos);
}

std::strong_ordering compare_numbers(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() <=> b.size();
  return a.compare(b) <=> 0;
}

}  // namespace

std::strong_ordering compare_versions(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    const std::string_view ra = run_at(a, i);
    const std::string_view rb = run_at(b, j);
    const bool da = is_digit(ra.front());
    const bool db = is_digit(rb.front());
    std::strong_ordering order = std::strong_ordering::equal;
    if (da && db)
      order = compare_numbers(ra, rb);
    else if (da != db)
      order = da ? std::strong_ordering::less : std::strong_ordering::greater;
    else
      order = ra.compare(rb) <=> 0;
    if (order != 0) return order;
    i += ra.size();
    j += rb.size();
  }
  if (i < a.size()) return std::strong_ordering::greater;
  if (j < b.size()) return std::strong_ordering::less;
  return std::strong_ordering::equal;
}

}  // namespace scale::domain
