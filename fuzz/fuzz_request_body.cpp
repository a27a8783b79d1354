// Request-body decoding and validation: the first byte picks an operation, the rest is the
// request body. The body goes through the same path as in the server: parse_object, the
// codec's decoder, then the store, whose validation decides. Beyond "no crash, no UB", two
// properties must hold for every input:
//   - a record the store accepted, encoded as the API answers it, is a valid PUT body for that
//     record, and the PUT leaves it as it was (the encoder and the decoders agree);
//   - the state afterwards dumps, loads again and dumps the same.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"

using namespace scale;
using domain::ContainerRef;
using wire::Json;

namespace {

// A record to edit: a B2C customer with its consumer and default container.
struct World {
  fuzz::FreshStore fs;
  domain::Licensee licensee;
  domain::LicenseConsumer consumer;
  domain::LicenseContainer box;

  World() {
    domain::LicenseeSetup in;
    in.fields.name = "Maria";
    in.fields.email = std::string("maria@example.com");
    in.connected_identity_id = std::string("oidc|maria");
    licensee = *fs.store.setup_user(in);
    consumer = fs.store.list_consumers({0, 1}).items.at(0);
    box = *fs.store.get_container(licensee.id, ContainerRef::Default());
  }
};

template <class T>
void require_same(const T& before, const T& after, const char* what) {
  fuzz::require(wire::encode(before) == wire::encode(after),
                std::string(what) + " changed by a PUT of its own encoding:\n" +
                    wire::encode(before).dump() + "\n" + wire::encode(after).dump());
}

void licensee_round_trip(store::Store& s, const domain::Licensee& l) {
  auto in = wire::decode_licensee_update(Json::parse(wire::encode(l).dump()));
  fuzz::require(in.ok(), "an encoded licensee is not a valid PUT body: " + wire::encode(l).dump());
  auto after = s.update_licensee(l.id, *in);
  fuzz::require(after.ok(),
                "a PUT of an encoded licensee fails: " + (after.ok() ? "" : after.error().reason) +
                    " " + wire::encode(l).dump());
  require_same(l, *after, "a licensee");
}

void consumer_round_trip(store::Store& s, const domain::LicenseConsumer& c) {
  auto in = wire::decode_consumer_update(Json::parse(wire::encode(c).dump()));
  fuzz::require(in.ok(), "an encoded consumer is not a valid PUT body: " + wire::encode(c).dump());
  auto after = s.update_consumer(c.id, *in);
  fuzz::require(after.ok(),
                "a PUT of an encoded consumer fails: " + (after.ok() ? "" : after.error().reason) +
                    " " + wire::encode(c).dump());
  require_same(c, *after, "a consumer");
}

void container_round_trip(store::Store& s, const domain::LicenseContainer& c) {
  auto in = wire::decode_container_update(Json::parse(wire::encode(c).dump()));
  fuzz::require(in.ok(), "an encoded container is not a valid PUT body: " + wire::encode(c).dump());
  auto after = s.update_container(c.licensee_id, ContainerRef::Of(c.id), *in);
  fuzz::require(after.ok(),
                "a PUT of an encoded container fails: " + (after.ok() ? "" : after.error().reason) +
                    " " + wire::encode(c).dump());
  require_same(c, *after, "a container");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const unsigned op = data[0] % 8;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = wire::parse_object(body);
  if (!parsed) {
    fuzz::require(!parsed.error().reason.empty(), "a parse error without a reason");
    return 0;
  }
  const Json& j = *parsed;
  World w;
  store::Store& s = w.fs.store;
  switch (op) {
    case 0:
    case 1: {
      auto in = wire::decode_licensee_setup(j);
      if (!in) break;
      auto made = op == 0 ? s.setup_organization(*in) : s.setup_user(*in);
      if (made) licensee_round_trip(s, *made);
      break;
    }
    case 2: {
      auto in = wire::decode_licensee_update(j);
      if (!in) break;
      if (auto after = s.update_licensee(w.licensee.id, *in)) licensee_round_trip(s, *after);
      break;
    }
    case 3: {
      auto in = wire::decode_container_create(j);
      if (!in) break;
      if (auto made = s.create_container(w.licensee.id, *in)) container_round_trip(s, *made);
      break;
    }
    case 4: {
      auto in = wire::decode_container_update(j);
      if (!in) break;
      if (auto after = s.update_container(w.licensee.id, ContainerRef::Of(w.box.id), *in))
        container_round_trip(s, *after);
      break;
    }
    case 5: {
      auto in = wire::decode_consumer_create(j);
      if (!in) break;
      if (auto made = s.create_consumer(*in)) consumer_round_trip(s, *made);
      break;
    }
    case 6: {
      auto in = wire::decode_consumer_update(j);
      if (!in) break;
      if (auto after = s.update_consumer(w.consumer.id, *in)) consumer_round_trip(s, *after);
      break;
    }
    default: {
      // The body as a whole state document (PUT /__admin/state).
      auto doc = wire::decode_state(j);
      if (!doc) break;
      (void)s.replace(*doc);
      break;
    }
  }
  fuzz::require_dump_round_trip(s);
  return 0;
}
