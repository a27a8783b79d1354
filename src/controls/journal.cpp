#include "controls/journal.hpp"

#include <malloc.h>

#include "domain/validation.hpp"

namespace scale::controls {
namespace {

// Clearing at least this much asks the allocator to give free pages back to the system: a
// journal of large bodies is tens of megabytes that would otherwise stay resident.
constexpr std::size_t kTrimAfterBytes = 1024 * 1024;

bool matches(const JournalFilter& f, const JournalEntry& e) {
  if (f.method && !domain::iequals_ascii(*f.method, e.method)) return false;
  if (f.path_prefix && e.path.compare(0, f.path_prefix->size(), *f.path_prefix) != 0) return false;
  if (f.status && e.status != f.status) return false;
  if (f.since && e.time < *f.since) return false;
  return true;
}

}  // namespace

std::size_t JournalEntry::bytes() const {
  std::size_t n = sizeof(JournalEntry) + method.size() + path.size() + query.size() +
                  body.kept.size() + response_body.kept.size();
  for (const auto& [name, value] : headers)
    n += sizeof(std::pair<std::string, std::string>) + name.size() + value.size();
  return n;
}

JournalBody Journal::keep(std::string_view text) const {
  JournalBody b;
  b.size = text.size();
  std::size_t n = std::min(text.size(), limits_.body_cap);
  if (n < text.size()) {
    // Cut before a character whose bytes would not all be kept: step back over continuation
    // bytes (10xxxxxx) to the lead byte, at most three of them.
    std::size_t back = 0;
    while (back < 3 && n > back && (static_cast<unsigned char>(text[n - back]) & 0xC0) == 0x80)
      ++back;
    if ((static_cast<unsigned char>(text[n - back]) & 0xC0) == 0xC0) n -= back;
  }
  b.kept.assign(text.substr(0, n));
  return b;
}

void Journal::add(JournalEntry entry) {
  auto kept = std::make_shared<JournalEntry>(std::move(entry));
  const std::size_t bytes = kept->bytes();
  std::lock_guard lock(mu_);
  kept->id = next_id_++;
  if (limits_.entries == 0) return;
  bytes_ += bytes;
  entries_.push_back(std::move(kept));
  while (entries_.size() > limits_.entries || (bytes_ > limits_.max_bytes && entries_.size() > 1)) {
    bytes_ -= entries_.front()->bytes();
    entries_.pop_front();
  }
}

JournalPage Journal::page(const JournalFilter& f, std::size_t offset,
                          std::optional<std::size_t> limit) const {
  JournalPage out;
  std::lock_guard lock(mu_);
  for (const auto& e : entries_) {
    if (!matches(f, *e)) continue;
    const std::size_t index = out.total++;
    if (index >= offset && (!limit || index - offset < *limit)) out.entries.push_back(e);
  }
  return out;
}

void Journal::clear() {
  std::deque<std::shared_ptr<const JournalEntry>> gone;
  std::size_t freed = 0;
  {
    std::lock_guard lock(mu_);
    gone.swap(entries_);
    freed = bytes_;
    bytes_ = 0;
  }
  // The entries go here, outside the lock (those a page still holds go with the page).
  gone.clear();
  if (freed >= kTrimAfterBytes) malloc_trim(0);
}

std::size_t Journal::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace scale::controls
