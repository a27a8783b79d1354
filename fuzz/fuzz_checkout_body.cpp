// The License Checkout API's bodies (contract 11.2): the first byte picks checkout, heartbeat
// or release, the rest is the body, read by the codec's item readers and then handed to a
// store holding one license of two seats by key, as the server does. Beyond "no crash, no
// UB": a body that reads gives the store exactly one outcome per item or a whole-request
// error; every outcome's token claims and every release result encode as JSON; and the state
// afterwards (leases included) dumps, loads again and dumps the same.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "wire/checkout.hpp"

using namespace scale;

namespace {

constexpr const char* kKey = "KEY-0123456789abcdef";

struct World {
  fuzz::FreshStore fs;
  World() {
    auto doc = wire::parse_state(
        R"({"licensees":[{"name":"A","type":"ORGANIZATION","licenseContainers":[{"name":"d",
        "usedAsDefault":true,"licenses":[{"productName":"p","qty":2,"qtyDimension":"SEATS",
        "qtyEnforcementType":"ENFORCED","licenseKey":"KEY-0123456789abcdef",
        "validFrom":"2020-01-01T00:00:00Z"},{"productName":"p","qty":5,"qtyDimension":"USE_COUNT",
        "qtyEnforcementType":"ENFORCED","licenseKey":"KEY-fedcba9876543210",
        "validFrom":"2020-01-01T00:00:00Z"}]}]}]})");
    fuzz::require(doc.ok() && fs.store.replace(*doc).ok(), "the fuzzer's world does not load");
  }
};

template <class Outcomes, class Items>
void require_one_each(const Outcomes& out, const Items& items) {
  if (out) fuzz::require(out->size() == items.size(), "not one outcome per item");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  World w;
  const domain::Asker who = domain::Asker::Key(kKey);
  const domain::LeasePolicy policy;
  const wire::TokenTimes times{1, 2, 1};
  switch (data[0] % 3) {
    case 0: {
      auto read = wire::read_checkout_items(body);
      if (!read || !*read) return 0;
      auto out = w.fs.store.checkout(who, domain::UseMode::kEnforced, **read, {}, policy);
      require_one_each(out, **read);
      if (out)
        for (const auto& o : *out) (void)wire::license_token_claims(o, times, "j").dump();
      // Heartbeat and release what was granted, so the leases' paths run too.
      if (out) {
        std::vector<domain::ReleaseItem> rel;
        for (const auto& o : *out)
          if (o.granted()) rel.push_back({o.grant().lease.id.str(), std::nullopt});
        if (!rel.empty()) {
          fuzz::require_dump_round_trip(w.fs.store);
          auto r = w.fs.store.release(who, domain::UseMode::kEnforced, rel);
          fuzz::require(r && r->size() == rel.size(), "a release of granted leases failed");
          (void)wire::to_json(*r);
        }
      }
      break;
    }
    case 1: {
      auto read = wire::read_heartbeat_items(body);
      if (!read || !*read) return 0;
      auto out = w.fs.store.heartbeat(who, domain::UseMode::kEnforced, **read, {}, policy);
      require_one_each(out, **read);
      if (out)
        for (const auto& o : *out) (void)wire::license_token_claims(o, times, "j").dump();
      break;
    }
    default: {
      auto read = wire::read_release_items(body);
      if (!read || !*read) return 0;
      auto out = w.fs.store.release(who, domain::UseMode::kEnforced, **read);
      require_one_each(out, **read);
      if (out) (void)wire::to_json(*out);
      break;
    }
  }
  fuzz::require_dump_round_trip(w.fs.store);
  return 0;
}
