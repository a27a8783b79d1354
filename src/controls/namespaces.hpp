#pragma once
// Isolated states. Each namespace has its own store, clock, id generator, journal and faults,
// made on first use from the start-up fixtures. Requests pick one with the
// X-Scale-Mock-Namespace header; without it they use the default namespace. Thread-safe.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "controls/faults.hpp"
#include "controls/journal.hpp"
#include "domain/clock.hpp"
#include "domain/error.hpp"
#include "domain/id_generator.hpp"
#include "domain/state_document.hpp"
#include "store/store.hpp"

namespace scale::controls {

inline constexpr const char* kNamespaceHeader = "X-Scale-Mock-Namespace";
inline constexpr const char* kDefaultNamespace = "default";

// A fixture and where it came from, for error messages. Only its JSON text is kept, and it is
// decoded for each load: decoded, a document takes about three times the memory of its text,
// which for a fixture of a million licensees is hundreds of megabytes held for resets.
struct FixtureDocument {
  std::string name;  // a file name, or "fixtures/default.json (embedded)"
  std::string text;
};

// What every namespace starts from, and goes back to on reset.
struct NamespaceDefaults {
  std::vector<FixtureDocument> fixtures;
  std::optional<domain::Timestamp> clock_start;  // frozen at this instant; nullopt: real time
  std::optional<std::uint64_t> seed;             // nullopt: a random seed per namespace
  JournalLimits journal;
  std::shared_ptr<const domain::Clock> real_clock;
  std::function<std::uint64_t()> random_seed;
};

struct Namespace {
  std::string name;
  std::uint64_t start_seed = 0;
  std::shared_ptr<domain::ControllableClock> clock;
  std::shared_ptr<domain::SeededIdGenerator> ids;
  std::shared_ptr<store::Store> store;
  Journal journal;
  FaultList faults;

  Namespace(std::string n, JournalLimits journal_limits)
      : name(std::move(n)), journal(journal_limits) {}
};

// Decodes the documents (all of them first), then loads them, in order, as the whole state of
// `store` (each merged over the ones before). On failure the error's field is
// "name: /json/pointer" (or "name" for JSON that does not parse) and the store is unchanged.
domain::Status load_documents(store::Store& store, const std::vector<FixtureDocument>& docs);

class Namespaces {
 public:
  Namespaces(NamespaceDefaults defaults, std::size_t max_namespaces);

  // A valid name is 1 to 64 of A-Z a-z 0-9 . _ -
  static bool valid_name(const std::string& name);

  // The namespace with that name, made from the defaults on first use (never null). Fails
  // with kInvalid (field kNamespaceHeader) for a name that is not valid_name(), kTooMany when
  // making it would pass max(), and kInternal when the start-up fixtures do not load into it.
  domain::Result<std::shared_ptr<Namespace>> get(const std::string& name);
  std::size_t size() const;
  std::size_t max() const { return max_; }

  // Back to the start-up fixtures (or to nothing), clock and seed as at start, journal and
  // faults cleared.
  domain::Status reset(Namespace& ns, bool to_empty) const;

 private:
  std::shared_ptr<Namespace> make(const std::string& name, std::string& error) const;

  NamespaceDefaults defaults_;
  std::size_t max_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Namespace>> all_;
  // The default namespace once made, which most requests use: read without the lock, as
  // namespaces are never removed and default_ never changes once default_ready_ is set.
  std::shared_ptr<Namespace> default_;
  std::atomic<bool> default_ready_{false};
};

}  // namespace scale::controls
