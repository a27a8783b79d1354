#pragma once
// The request journal of one namespace: what the code under test sent and what it got back,
// oldest first, bounded (the oldest entries fall off). Thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/time.hpp"

namespace scale::http {

struct JournalEntry {
  std::uint64_t id = 0;  // 1, 2, 3... per namespace, never reused
  domain::Timestamp time = 0;
  std::string method;
  std::string path;
  std::string query;                                         // the raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // Authorization value masked
  std::string body;
  std::optional<int> status;  // nullopt: the connection was dropped by a fault
  std::string response_body;
  double duration_ms = 0;
};

struct JournalFilter {
  std::optional<std::string> method;       // exact, case-insensitive
  std::optional<std::string> path_prefix;  // the entry's path starts with it
  std::optional<int> status;
  std::optional<domain::Timestamp> since;  // entries at or after this instant
};

class Journal {
 public:
  explicit Journal(std::size_t limit) : limit_(limit) {}

  // Assigns the entry its id and appends it, dropping the oldest entry past the limit.
  void add(JournalEntry entry);
  std::vector<JournalEntry> list(const JournalFilter& filter) const;
  void clear();

 private:
  std::size_t limit_;
  mutable std::mutex mu_;
  std::deque<JournalEntry> entries_;
  std::uint64_t next_id_ = 1;
};

}  // namespace scale::http
