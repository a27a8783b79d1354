#include "http/journal.hpp"

#include "domain/validation.hpp"

namespace scale::http {

void Journal::add(JournalEntry entry) {
  std::lock_guard lock(mu_);
  entry.id = next_id_++;
  if (limit_ == 0) return;
  entries_.push_back(std::move(entry));
  while (entries_.size() > limit_) entries_.pop_front();
}

std::vector<JournalEntry> Journal::list(const JournalFilter& f) const {
  std::lock_guard lock(mu_);
  std::vector<JournalEntry> out;
  for (const auto& e : entries_) {
    if (f.method && !domain::iequals_ascii(*f.method, e.method)) continue;
    if (f.path_prefix && e.path.compare(0, f.path_prefix->size(), *f.path_prefix) != 0) continue;
    if (f.status && e.status != f.status) continue;
    if (f.since && e.time < *f.since) continue;
    out.push_back(e);
  }
  return out;
}

void Journal::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

}  // namespace scale::http
