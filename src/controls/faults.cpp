#include "controls/faults.hpp"

#include <algorithm>

#include "domain/validation.hpp"

namespace scale::controls {

bool path_matches(std::string_view pattern, std::string_view path) {
  // Iterative glob with backtracking to the last '*': linear in practice.
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Fault FaultList::add(Fault fault) {
  std::lock_guard lock(mu_);
  fault.id = "fault-" + std::to_string(next_id_++);
  faults_.push_back(fault);
  return fault;
}

std::vector<Fault> FaultList::list() const {
  std::lock_guard lock(mu_);
  return faults_;
}

bool FaultList::remove(std::string_view id) {
  std::lock_guard lock(mu_);
  auto it =
      std::find_if(faults_.begin(), faults_.end(), [&](const Fault& f) { return f.id == id; });
  if (it == faults_.end()) return false;
  faults_.erase(it);
  return true;
}

void FaultList::clear() {
  std::lock_guard lock(mu_);
  faults_.clear();
}

std::optional<Fault> FaultList::take(std::string_view method, std::string_view path) {
  std::lock_guard lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!it->method.empty() && !domain::iequals_ascii(it->method, method)) continue;
    if (!path_matches(it->path, path)) continue;
    Fault hit = *it;
    if (it->times) {
      if (--*it->times <= 0) faults_.erase(it);
      hit.times = hit.times ? std::optional<std::int64_t>(*hit.times - 1) : std::nullopt;
    }
    return hit;
  }
  return std::nullopt;
}

}  // namespace scale::controls
