#pragma once
// The request journal of one namespace: what the code under test sent and what it got back,
// oldest first, bounded by a count of entries and by a byte budget (the oldest entries leave
// first), each body kept up to a cap and marked when cut. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/time.hpp"

namespace scale::controls {

// A request or response body as the journal keeps it: its first bytes, and how long it was.
struct JournalBody {
  std::string kept;
  std::size_t size = 0;  // of the whole body
  bool truncated() const { return kept.size() < size; }
};

struct JournalEntry {
  std::uint64_t id = 0;  // 1, 2, 3... per namespace, never reused
  domain::Timestamp time = 0;
  std::string method;
  std::string path;
  std::string query;                                         // the raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // Authorization value masked
  JournalBody body;
  std::optional<int> status;  // nullopt: the connection was dropped by a fault
  JournalBody response_body;
  double duration_ms = 0;

  // What the entry counts against the byte budget: its strings' bytes and a fixed overhead.
  std::size_t bytes() const;
};

struct JournalFilter {
  std::optional<std::string> method;       // exact, case-insensitive
  std::optional<std::string> path_prefix;  // the entry's path starts with it
  std::optional<int> status;
  std::optional<domain::Timestamp> since;  // entries at or after this instant
};

// What a journal may hold.
struct JournalLimits {
  std::size_t entries = 1000;
  std::size_t max_bytes = 64 * 1024 * 1024;  // of JournalEntry::bytes(), all entries together
  std::size_t body_cap = 64 * 1024;          // bytes kept of each body
};

// Entries matching a filter, a page of them shared with the journal (never copied): they stay
// valid after the journal drops or clears them, for as long as the page holds them.
struct JournalPage {
  std::vector<std::shared_ptr<const JournalEntry>> entries;
  std::size_t total = 0;  // entries matching the filter, before offset and limit
};

class Journal {
 public:
  explicit Journal(JournalLimits limits) : limits_(limits) {}

  // `text` as an entry keeps it: whole when it is within the body cap, else its first
  // body_cap bytes cut back to the last whole UTF-8 character.
  JournalBody keep(std::string_view text) const;

  // Assigns the entry its id and appends it; then the oldest entries leave while there are
  // more than the limit, or while their bytes are over the budget and more than one is left
  // (the newest entry stays, even over the budget on its own).
  void add(JournalEntry entry);
  // The matching entries from the offset-th on, at most `limit` of them (nullopt: all),
  // oldest first, and how many match in all.
  JournalPage page(const JournalFilter& filter, std::size_t offset = 0,
                   std::optional<std::size_t> limit = std::nullopt) const;
  // Drops every entry and gives the memory they held back to the system (malloc_trim) when it
  // was much; entries a page still holds are freed when the page goes.
  void clear();
  // The bytes of the entries kept, as the budget counts them.
  std::size_t bytes() const;

 private:
  JournalLimits limits_;
  mutable std::mutex mu_;
  std::deque<std::shared_ptr<const JournalEntry>> entries_;
  std::size_t bytes_ = 0;
  std::uint64_t next_id_ = 1;
};

}  // namespace scale::controls
