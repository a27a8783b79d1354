// Request-body decoding and validation: the first byte picks an operation, the rest is the
// request body. The body goes through the same path as in the server: the codec's text reader
// (read_licensee_setup and the others), then the store, whose validation decides. Beyond "no
// crash, no UB", three properties must hold for every input:
//   - the text reader gives exactly what the general path gives (parse_object, then the
//     codec's tree decoder): the same value, or the same error;
//   - a record the store accepted, encoded as the API answers it, is a valid PUT body for that
//     record, and the PUT leaves it as it was (the encoder and the decoders agree);
//   - the state afterwards dumps, loads again and dumps the same.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// The text the API answers with, read back as a PUT body by the server's own reader.
template <class T>
T answer_as_body(const std::string& text, wire::Body<T> (*read)(std::string_view),
                 const char* what) {
  auto body = read(text);
  fuzz::require(body.ok() && body->ok(),
                std::string("an answered ") + what + " is not a valid PUT body: " + text);
  return body->value();
}

void licensee_round_trip(store::Store& s, const domain::Licensee& l) {
  auto in = answer_as_body(wire::to_json(l), wire::read_licensee_update, "licensee");
  auto after = s.update_licensee(l.id, in);
  fuzz::require(after.ok(),
                "a PUT of an encoded licensee fails: " + (after.ok() ? "" : after.error().reason) +
                    " " + wire::encode(l).dump());
  require_same(l, *after, "a licensee");
}

void consumer_round_trip(store::Store& s, const domain::LicenseConsumer& c) {
  auto in = answer_as_body(wire::to_json(c), wire::read_consumer_update, "consumer");
  auto after = s.update_consumer(c.id, in);
  fuzz::require(after.ok(),
                "a PUT of an encoded consumer fails: " + (after.ok() ? "" : after.error().reason) +
                    " " + wire::encode(c).dump());
  require_same(c, *after, "a consumer");
}

void container_round_trip(store::Store& s, const domain::LicenseContainer& c) {
  auto in = answer_as_body(wire::to_json(c), wire::read_container_update, "container");
  auto after = s.update_container(c.licensee_id, ContainerRef::Of(c.id), in);
  fuzz::require(after.ok(),
                "a PUT of an encoded container fails: " + (after.ok() ? "" : after.error().reason) +
                    " " + wire::encode(c).dump());
  require_same(c, *after, "a container");
}

// The body read by the text reader, which must give what the general path gives; nullopt
// when it is refused.
template <class T>
std::optional<T> decoded(const std::string& body, const domain::Result<Json>& parsed,
                         wire::Body<T> (*read)(std::string_view),
                         domain::Result<T> (*decode)(const Json&)) {
  auto fast = read(body);
  fuzz::require(fast.ok() == parsed.ok(), "the text reader and parse_object disagree: " + body);
  if (!parsed) {
    fuzz::require(fast.error().reason == parsed.error().reason,
                  "the text reader words a JSON error differently: " + fast.error().reason);
    return std::nullopt;
  }
  auto general = decode(*parsed);
  fuzz::require(fast->ok() == general.ok(),
                "the text reader and the tree decoder disagree on: " + body);
  if (!general) {
    fuzz::require(fast->error().field == general.error().field &&
                      fast->error().reason == general.error().reason,
                  "the text reader names another error: " + fast->error().description() +
                      " instead of " + general.error().description());
    return std::nullopt;
  }
  fuzz::require(fast->value() == general.value(),
                "the text reader and the tree decoder read different values from: " + body);
  return std::move(general).value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const unsigned op = data[0] % 8;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = wire::parse_object(body);
  if (!parsed) {
    fuzz::require(!parsed.error().reason.empty(), "a parse error without a reason");
    (void)decoded(body, parsed, wire::read_licensee_setup, wire::decode_licensee_setup);
    return 0;
  }
  const Json& j = *parsed;
  World w;
  store::Store& s = w.fs.store;
  switch (op) {
    case 0:
    case 1: {
      auto in = decoded(body, parsed, wire::read_licensee_setup, wire::decode_licensee_setup);
      if (!in) break;
      auto made = op == 0 ? s.setup_organization(*in) : s.setup_user(*in);
      if (made) licensee_round_trip(s, *made);
      break;
    }
    case 2: {
      auto in = decoded(body, parsed, wire::read_licensee_update, wire::decode_licensee_update);
      if (!in) break;
      if (auto after = s.update_licensee(w.licensee.id, *in)) licensee_round_trip(s, *after);
      break;
    }
    case 3: {
      auto in = decoded(body, parsed, wire::read_container_create, wire::decode_container_create);
      if (!in) break;
      if (auto made = s.create_container(w.licensee.id, *in)) container_round_trip(s, *made);
      break;
    }
    case 4: {
      auto in = decoded(body, parsed, wire::read_container_update, wire::decode_container_update);
      if (!in) break;
      if (auto after = s.update_container(w.licensee.id, ContainerRef::Of(w.box.id), *in))
        container_round_trip(s, *after);
      break;
    }
    case 5: {
      auto in = decoded(body, parsed, wire::read_consumer_create, wire::decode_consumer_create);
      if (!in) break;
      if (auto made = s.create_consumer(*in)) consumer_round_trip(s, *made);
      break;
    }
    case 6: {
      auto in = decoded(body, parsed, wire::read_consumer_update, wire::decode_consumer_update);
      if (!in) break;
      if (auto after = s.update_consumer(w.consumer.id, *in)) consumer_round_trip(s, *after);
      break;
    }
    default: {
      // The body as a whole state document (PUT /__admin/state), which the fast reader of
      // state texts reads as the tree decoder does.
      auto doc = wire::decode_state(j);
      if (auto fast = wire::read_state_text(body)) {
        fuzz::require(doc.ok(), "read_state_text read a document decode_state refuses");
        fuzz::require(wire::encode(*fast) == wire::encode(*doc),
                      "read_state_text and decode_state read different documents");
      }
      if (!doc) break;
      (void)s.replace(*doc);
      break;
    }
  }
  fuzz::require_dump_round_trip(s);
  return 0;
}
