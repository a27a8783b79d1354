#pragma once
// Injected faults of one namespace: for API requests matching a method and a path pattern,
// answer a given status and body, wait first, or drop the connection; optionally only the
// next N times. Faults never touch the state. Thread-safe.

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scale::controls {

struct Fault {
  std::string id;      // "fault-1", "fault-2"... per namespace
  std::string method;  // "" matches every method
  std::string path;    // '*' matches any run of characters, '/' included
  std::optional<int> status;
  std::optional<nlohmann::ordered_json> body;  // with status: the body to answer
  int delay_ms = 0;
  bool drop = false;
  std::optional<std::int64_t> times;  // remaining uses; nullopt: until removed
};

// Glob match where '*' stands for any run of characters (including none and '/').
bool path_matches(std::string_view pattern, std::string_view path);

class FaultList {
 public:
  // Gives the fault its id and adds it after the others (the first match wins).
  Fault add(Fault fault);
  std::vector<Fault> list() const;
  // false when no fault has that id.
  bool remove(std::string_view id);
  void clear();
  // The first fault that matches, counting one use of it (a fault whose uses run out is
  // removed). nullopt when none matches.
  std::optional<Fault> take(std::string_view method, std::string_view path);

 private:
  mutable std::mutex mu_;
  std::vector<Fault> faults_;
  std::uint64_t next_id_ = 1;
};

}  // namespace scale::controls
