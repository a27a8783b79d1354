// The fixture and state loader: the input is a fixture file's text. It goes through
// parse_fixture (JSON syntax and the state document's shape) and load_fixtures (every rule of
// the API, all or nothing), alone and merged over the embedded demo data, as the server loads
// --fixtures FILE and --fixtures DIR. Beyond "no crash, no UB":
//   - a refused load names what was wrong and changes nothing;
//   - an accepted load dumps, loads again and dumps the same;
//   - the fast reader of state texts (read_state_text) gives exactly what the general path
//     (Json::parse, then decode_state) gives, whenever it gives anything.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/fixtures.hpp"
#include "fuzz_support.hpp"

using namespace scale;
using wire::Json;

namespace {

const std::vector<app::FixtureSource>& demo() {
  static const std::vector<app::FixtureSource> sources = [] {
    std::string error;
    auto s = app::read_fixtures("", error);
    if (s.empty()) fuzz::broken("the embedded fixtures do not load: " + error);
    return s;
  }();
  return sources;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The fast reader against the general path, which is the reference.
  if (auto fast = wire::read_state_text(text)) {
    const Json tree = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    fuzz::require(!tree.is_discarded(), "read_state_text read text that is not JSON");
    auto general = wire::decode_state(tree);
    fuzz::require(general.ok(), "read_state_text read a document decode_state refuses");
    fuzz::require(wire::encode(*fast) == wire::encode(*general),
                  "read_state_text and decode_state read different documents:\n" +
                      wire::encode(*fast).dump() + "\n" + wire::encode(*general).dump());
  }

  app::FixtureSource src{"fuzz.json", std::string(text)};
  std::string error;
  domain::StateDocument doc;
  if (!app::parse_fixture(src.name, text, doc, error)) {
    fuzz::require(error.rfind("fuzz.json: ", 0) == 0 && error.size() > 11,
                  "a parse error that names nothing: " + error);
    return 0;
  }

  // Alone, as --fixtures FILE.
  {
    fuzz::FreshStore fs;
    if (app::load_fixtures(fs.store, {src}, error)) {
      fuzz::require_dump_round_trip(fs.store);
    } else {
      fuzz::require(error.rfind("fuzz.json: ", 0) == 0,
                    "a load error that names no file: " + error);
      const auto counts = fs.store.counts();
      fuzz::require(counts.licensees == 0 && counts.containers == 0 && counts.consumers == 0,
                    "a refused load left records behind");
    }
  }

  // After the demo data, as --fixtures DIR with two files.
  {
    fuzz::FreshStore fs;
    std::vector<app::FixtureSource> both = demo();
    both.push_back(src);
    error.clear();
    if (app::load_fixtures(fs.store, both, error)) {
      fuzz::require_dump_round_trip(fs.store);
    } else {
      fuzz::require(!error.empty(), "a refused merge without an error");
      const auto counts = fs.store.counts();
      fuzz::require(counts.licensees == 0 && counts.consumers == 0,
                    "a refused merge left records behind");
    }
  }
  return 0;
}
