// Request-body decoding and validation: the first byte picks an operation (modulo 11: 0 and 1
// setups, 2 licensee PUT, 3 and 4 container POST and PUT, 5 and 6 consumer POST and PUT, 7 a
// state document, 8 a license issue, 9 a license PUT, 10 a revoke), the rest is the request
// body. The body goes through the same path as in the server: the codec's text reader
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

// Records to edit, with fixed ids so that seeds can name them: a catalogue (the SEATS product
// configuration f0...01 "pro" of product "atlas", 5 seats, 30 days), a B2C customer a0...01 with
// its PERSON consumer c0...01 (associated, with access to the default container), its default
// container b0...01 and a second one b0...02, and in the default container the license 10...01
// of "pro" with the key FUZZ-KEY-0000-0001.
domain::Uuid fixed(const char* text) {
  return *domain::Uuid::parse(text);
}

struct World {
  fuzz::FreshStore fs;
  domain::Licensee licensee;
  domain::LicenseConsumer consumer;
  domain::LicenseContainer box;
  domain::License license;

  static domain::StateDocument document() {
    domain::StateDocument doc;
    domain::LicenseModelRecord model;
    model.id = fixed("d0000000-0000-4000-8000-000000000001");
    model.name = "named-user";
    model.concurrent_user_devices_per_seat = 2;
    doc.license_models = {model};
    domain::ProductConfigurationRecord pro;
    pro.id = fixed("f0000000-0000-4000-8000-000000000001");
    pro.name = "pro";
    pro.features = {"sketch", "publish"};
    pro.license_model_id = model.id;
    pro.qty_dimension = domain::QtyDimension::kSeats;
    pro.qty_enforcement_type = domain::QtyEnforcementType::kEnforced;
    pro.qty = 5;
    pro.validity_days = 30;
    domain::ProductRecord atlas;
    atlas.id = fixed("e0000000-0000-4000-8000-000000000001");
    atlas.name = "atlas";
    atlas.configurations = {pro};
    doc.products = {atlas};

    const domain::Uuid maria = fixed("c0000000-0000-4000-8000-000000000001");
    domain::ConsumerRecord person;
    person.id = maria;
    person.type = domain::ConsumerType::kPerson;
    person.fields.name = "Maria";
    person.fields.email = "maria@example.com";
    person.fields.connected_identity_id = "oidc|maria";
    doc.consumers = {person};
    domain::LicenseRecord license;
    license.id = fixed("10000000-0000-4000-8000-000000000001");
    license.product_config_id = pro.id;
    domain::LicenseKeyRecord key;
    key.key = "FUZZ-KEY-0000-0001";
    license.license_key = key;
    domain::ContainerRecord main;
    main.id = fixed("b0000000-0000-4000-8000-000000000001");
    main.name = "default";
    main.used_as_default = true;
    main.consumer_ids = {maria};
    main.licenses = {license};
    domain::ContainerRecord second;
    second.id = fixed("b0000000-0000-4000-8000-000000000002");
    second.name = "second";
    domain::LicenseeRecord customer;
    customer.id = fixed("a0000000-0000-4000-8000-000000000001");
    customer.type = domain::LicenseeType::kPerson;
    customer.fields.name = "Maria";
    customer.fields.email = "maria@example.com";
    customer.containers = {main, second};
    customer.consumer_ids = {maria};
    doc.licensees = {customer};
    return doc;
  }

  World() {
    if (auto loaded = fs.store.replace(document()); !loaded)
      fuzz::broken("the fuzzer's world does not load: " + loaded.error().description());
    licensee = *fs.store.get_licensee(fixed("a0000000-0000-4000-8000-000000000001"));
    consumer = *fs.store.get_consumer(fixed("c0000000-0000-4000-8000-000000000001"));
    box = *fs.store.get_container(licensee.id, ContainerRef::Default());
    license =
        fs.store.get_license(licensee.id, fixed("10000000-0000-4000-8000-000000000001"))->license;
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

// A license as the API answers it (with its metadata, as an issue answers) is a valid PUT body
// for it, and the PUT leaves it as it was.
void license_round_trip(store::Store& s, const domain::LicenseView& v) {
  auto in = answer_as_body(wire::to_json(v, true), wire::read_license_update, "license");
  auto after = s.update_license(v.license.licensee_id, v.license.id, in);
  fuzz::require(after.ok(), "a PUT of an encoded license fails: " +
                                (after.ok() ? "" : after.error().description()) + " " +
                                wire::to_json(v, true));
  fuzz::require(wire::to_json(v, true) == wire::to_json(*after, true),
                "a license changed by a PUT of its own encoding:\n" + wire::to_json(v, true) +
                    "\n" + wire::to_json(*after, true));
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
  const unsigned op = data[0] % 11;
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = wire::parse_object(body);
  if (!parsed) {
    fuzz::require(!parsed.error().reason.empty(), "a parse error without a reason");
    (void)decoded(body, parsed, wire::read_licensee_setup, wire::decode_licensee_setup);
    return 0;
  }
  const Json& j = *parsed;
  // The world is made only once a body is read: most inputs are refused before that.
  std::optional<World> world;
  auto w = [&world]() -> World& {
    if (!world) world.emplace();
    return *world;
  };
  auto st = [&w]() -> store::Store& { return w().fs.store; };
  switch (op) {
    case 0:
    case 1: {
      auto in = decoded(body, parsed, wire::read_licensee_setup, wire::decode_licensee_setup);
      if (!in) break;
      auto made = op == 0 ? st().setup_organization(*in) : st().setup_user(*in);
      if (made) licensee_round_trip(st(), *made);
      break;
    }
    case 2: {
      auto in = decoded(body, parsed, wire::read_licensee_update, wire::decode_licensee_update);
      if (!in) break;
      if (auto after = st().update_licensee(w().licensee.id, *in))
        licensee_round_trip(st(), *after);
      break;
    }
    case 3: {
      auto in = decoded(body, parsed, wire::read_container_create, wire::decode_container_create);
      if (!in) break;
      if (auto made = st().create_container(w().licensee.id, *in))
        container_round_trip(st(), *made);
      break;
    }
    case 4: {
      auto in = decoded(body, parsed, wire::read_container_update, wire::decode_container_update);
      if (!in) break;
      if (auto after = st().update_container(w().licensee.id, ContainerRef::Of(w().box.id), *in))
        container_round_trip(st(), *after);
      break;
    }
    case 5: {
      auto in = decoded(body, parsed, wire::read_consumer_create, wire::decode_consumer_create);
      if (!in) break;
      if (auto made = st().create_consumer(*in)) consumer_round_trip(st(), *made);
      break;
    }
    case 6: {
      auto in = decoded(body, parsed, wire::read_consumer_update, wire::decode_consumer_update);
      if (!in) break;
      if (auto after = st().update_consumer(w().consumer.id, *in))
        consumer_round_trip(st(), *after);
      break;
    }
    case 8: {
      auto in = decoded(body, parsed, wire::read_license_issue, wire::decode_license_issue);
      if (!in) break;
      if (auto made = st().issue_license(w().licensee.id, *in)) license_round_trip(st(), *made);
      break;
    }
    case 9: {
      auto in = decoded(body, parsed, wire::read_license_update, wire::decode_license_update);
      if (!in) break;
      if (auto after = st().update_license(w().licensee.id, w().license.id, *in))
        license_round_trip(st(), *after);
      break;
    }
    case 10: {
      auto in = decoded(body, parsed, wire::read_license_revoke, wire::decode_license_revoke);
      if (!in) break;
      // A revoke may end a license before it starts, which no PUT may do: those stay out.
      if (auto revoked = st().revoke_licenses(w().licensee.id, *in))
        for (const auto& v : *revoked)
          if (!v.license.valid_until || *v.license.valid_until > v.license.valid_from)
            license_round_trip(st(), v);
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
      (void)st().replace(*doc);
      break;
    }
  }
  if (world) fuzz::require_dump_round_trip(world->fs.store);
  return 0;
}
