// The wire format of contract section 10: the catalogue and licenses as the API answers them
// (expected JSON written by hand from section 10), the bodies that issue, edit and revoke
// licenses, and the catalogue and licenses in state documents, which round-trip exactly.

#include <catch2/catch.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/id_generator.hpp"
#include "domain/messages.hpp"
#include "store/store.hpp"
#include "support/json_keys.hpp"
#include "wire/codec.hpp"
#include "wire/sax_reader.hpp"

using namespace scale;
using scale::testing::keys_of;
using wire::Json;
namespace d = scale::domain;
namespace msg = scale::domain::msg;
using namespace std::string_literals;

namespace {

d::Uuid uuid(const char* text) {
  return *d::Uuid::parse(text);
}

std::string dumped(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// 2026-01-10T08:00:00.000Z
constexpr d::Timestamp kT0 = 1768032000000;
constexpr d::Timestamp kDay = 86400000;
#define T0 "2026-01-10T08:00:00.000Z"
#define T1 "2026-01-10T08:00:00.001Z"

const d::Uuid kNamed = uuid("d0000000-0000-4000-8000-000000000001");
const d::Uuid kAtlas = uuid("e0000000-0000-4000-8000-000000000001");
const d::Uuid kPro = uuid("f0000000-0000-4000-8000-000000000001");
const d::Uuid kBox = uuid("c0000000-0000-4000-8000-000000000001");
const d::Uuid kLicense = uuid("a0000000-0000-4000-8000-000000000001");

d::LicenseModel model() {
  d::LicenseModel m;
  m.id = kNamed;
  m.name = "named-user";
  m.concurrent_user_app_instances_per_seat = 2;
  m.concurrent_user_devices_per_seat = 3;
  m.created = kT0;
  m.modified = kT0 + 1;
  return m;
}

d::Product product() {
  d::Product p;
  p.id = kAtlas;
  p.name = "atlas";
  p.display_name = "Atlas Studio";
  p.created = kT0;
  p.modified = kT0;
  return p;
}

d::ProductConfiguration configuration() {
  d::ProductConfiguration c;
  c.id = kPro;
  c.product_id = kAtlas;
  c.name = "atlas-pro";
  c.features = {"sketch", "publish"};
  c.license_model_id = kNamed;
  c.qty = 8;
  c.validity_days = 45;
  c.external_reference = "sku-pro";
  c.created = kT0;
  c.modified = kT0 + 1;
  return c;
}

d::LicenseContainer container() {
  d::LicenseContainer c;
  c.id = kBox;
  c.licensee_id = uuid("b1000000-0000-4000-8000-000000000001");
  c.name = "default";
  c.used_as_default = true;
  c.created = kT0;
  c.modified = kT0;
  return c;
}

// A product license from atlas-pro, with a key, a lower version bound and an order reference.
d::License product_license() {
  d::License l;
  l.id = kLicense;
  l.container_id = kBox;
  l.licensee_id = container().licensee_id;
  l.product_config_id = kPro;
  l.product_name = "atlas";
  l.qty = 8;
  l.valid_from = kT0;
  l.valid_until = kT0 + 45 * kDay;
  l.features = {{uuid("a1000000-0000-4000-8000-000000000001"), "sketch", kT0, kT0},
                {uuid("a1000000-0000-4000-8000-000000000002"), "publish", kT0, kT0}};
  l.license_key = d::LicenseKey{uuid("b0000000-0000-4000-8000-000000000001"), "K7QX-0000-1111-2222",
                                std::nullopt, kT0, kT0};
  l.allowed_version_lower_bound = "1.0";
  l.concurrent_user_app_instances_per_seat = 2;
  l.concurrent_user_devices_per_seat = 3;
  l.references.order_reference = "po-1";
  l.consumed_qty = 3;
  l.created = kT0;
  l.modified = kT0 + 1;
  return l;
}

// A feature license: no configuration, no key, no features, perpetual.
d::License feature_license() {
  d::License l;
  l.id = uuid("a0000000-0000-4000-8000-000000000002");
  l.container_id = kBox;
  l.product_name = "orbit";
  l.display_name = "Orbit";
  l.qty = -1;
  l.qty_dimension = d::QtyDimension::kUseTime;
  l.qty_enforcement_type = d::QtyEnforcementType::kMetered;
  l.valid_from = kT0;
  l.concurrent_user_devices_per_seat = 1;
  l.created = kT0;
  l.modified = kT0;
  return l;
}

#define MODEL_JSON                                                             \
  R"({"id":"d0000000-0000-4000-8000-000000000001","name":"named-user",)"       \
  R"("concurrentUserAppInstancesPerSeat":2,"concurrentUserDevicesPerSeat":3,)" \
  R"("maxAssignmentsPerUser":null,"created":")" T0 R"(","modified":")" T1 R"("})"
#define CONTAINER_JSON                                                                     \
  R"({"id":"c0000000-0000-4000-8000-000000000001","name":"default","usedAsDefault":true,)" \
  R"("created":")" T0 R"(","modified":")" T0 R"("})"
#define PRODUCT_LICENSE_JSON                                                                         \
  R"({"id":"a0000000-0000-4000-8000-000000000001","productName":"atlas","displayName":null,)"        \
  R"("qty":8,"qtyDimension":"SEATS","qtyEnforcementType":"ENFORCED",)"                               \
  R"("validFrom":")" T0 R"(","validUntil":"2026-02-24T08:00:00.000Z",)"                              \
  R"("features":[{"id":"a1000000-0000-4000-8000-000000000001","feature":"sketch",)"                  \
  R"("created":")" T0 R"(","modified":")" T0 R"("},)"                                                \
  R"({"id":"a1000000-0000-4000-8000-000000000002","feature":"publish",)"                             \
  R"("created":")" T0 R"(","modified":")" T0 R"("}],)"                                               \
  R"("licenseKey":{"id":"b0000000-0000-4000-8000-000000000001","licenseKey":"K7QX-0000-1111-2222",)" \
  R"("allowedActivations":null,"created":")" T0 R"(","modified":")" T0 R"("},)"                      \
  R"("allowedVersionLowerBound":"1.0","allowedVersionUpperBound":null,)"                             \
  R"("allowedVersionsDisplayName":null,"concurrentUserAppInstancesPerSeat":2,)"                      \
  R"("concurrentUserDevicesPerSeat":3,"created":")" T0 R"(","modified":")" T1 R"(")"

}  // namespace

// ================================================================== the catalogue, answered

TEST_CASE("catalogue records are written with every field of section 10.1, in order",
          "[codec][license][encode]") {
  CHECK(wire::to_json(model()) == MODEL_JSON);
  CHECK(dumped(wire::encode(model())) == MODEL_JSON);

  const std::string product_json =
      R"({"id":"e0000000-0000-4000-8000-000000000001","name":"atlas","displayName":"Atlas Studio",)"
      R"("externalReference":null,"created":")" T0 R"(","modified":")" T0 R"("})";
  CHECK(wire::to_json(product()) == product_json);
  CHECK(dumped(wire::encode(product())) == product_json);

  const std::string config_json =
      R"({"id":"f0000000-0000-4000-8000-000000000001","name":"atlas-pro","displayName":null,)"
      R"("features":["sketch","publish"],"licenseModelId":"d0000000-0000-4000-8000-000000000001",)"
      R"("qtyDimension":"SEATS","qtyEnforcementType":"ENFORCED","qty":8,"validityDays":45,)"
      R"("externalReference":"sku-pro","created":")" T0 R"(","modified":")" T1 R"("})";
  CHECK(wire::to_json(configuration()) == config_json);
  CHECK(dumped(wire::encode(configuration())) == config_json);

  CHECK(wire::to_json(std::vector<d::LicenseModel>{}) == "[]");
  CHECK(wire::to_json(std::vector<d::Product>{product(), product()}) ==
        "[" + product_json + "," + product_json + "]");
  CHECK(wire::to_json(std::vector<d::ProductConfiguration>{configuration()}) ==
        "[" + config_json + "]");
}

// ================================================================== licenses, answered

TEST_CASE("a license is written with the fields of section 10.2 in order, and nothing else",
          "[codec][license][encode]") {
  // Neither the configuration, the references nor consumedQty: those are in metadata or
  // only in state documents.
  CHECK(wire::to_json(product_license()) == PRODUCT_LICENSE_JSON "}");
  CHECK(dumped(wire::encode(product_license())) == PRODUCT_LICENSE_JSON "}");

  const std::string feature_json =
      R"({"id":"a0000000-0000-4000-8000-000000000002","productName":"orbit","displayName":"Orbit",)"
      R"("qty":-1,"qtyDimension":"USE_TIME","qtyEnforcementType":"METERED",)"
      R"("validFrom":")" T0 R"(","validUntil":null,"features":[],"licenseKey":null,)"
      R"("allowedVersionLowerBound":null,"allowedVersionUpperBound":null,)"
      R"("allowedVersionsDisplayName":null,"concurrentUserAppInstancesPerSeat":null,)"
      R"("concurrentUserDevicesPerSeat":1,"created":")" T0 R"(","modified":")" T0 R"("})";
  CHECK(wire::to_json(feature_license()) == feature_json);
  const d::LicenseView plain{feature_license(), container(), {}, {}, {}};
  CHECK(wire::to_json(plain, false) == feature_json);
  CHECK(dumped(wire::encode(plain, false)) == feature_json);
}

TEST_CASE("a license with metadata: its container, model, productConfigInfo and references",
          "[codec][license][encode]") {
  const d::LicenseView view{product_license(), container(), model(), configuration(), product()};
  // productConfigDisplayName is required by the SDK: a configuration without a displayName
  // shows its name.
  const std::string with_metadata = PRODUCT_LICENSE_JSON
      R"(,"licenseMetadata":{"licenseContainer":)" CONTAINER_JSON R"(,"licenseModel":)" MODEL_JSON
      R"(,"productConfigInfo":{"id":"f0000000-0000-4000-8000-000000000001",)"
      R"("productConfigId":"f0000000-0000-4000-8000-000000000001","productConfigName":"atlas-pro",)"
      R"("productConfigDisplayName":"atlas-pro","productId":"e0000000-0000-4000-8000-000000000001",)"
      R"("productName":"atlas","productDisplayName":"Atlas Studio","features":["sketch","publish"],)"
      R"("licenseModelId":"d0000000-0000-4000-8000-000000000001","licenseModelName":"named-user",)"
      R"("qtyDimension":"SEATS","created":")" T0 R"(","modified":")" T1 R"("},)"
      R"("contractReference":null,"orderReference":"po-1","productReference":null,)"
      R"("subscriptionReference":null}})";
  CHECK(wire::to_json(view, true) == with_metadata);
  CHECK(dumped(wire::encode(view, true)) == with_metadata);
  CHECK(wire::to_json(view, false) == PRODUCT_LICENSE_JSON "}");

  // A feature license: no model and no productConfigInfo (section 10.2).
  d::License f = feature_license();
  f.references.contract_reference = "c-9";
  const d::LicenseView feature{f, container(), {}, {}, {}};
  const Json meta = wire::encode(feature, true)["licenseMetadata"];
  CHECK(keys_of(meta) == std::vector<std::string>{"licenseContainer", "licenseModel",
                                                  "productConfigInfo", "contractReference",
                                                  "orderReference", "productReference",
                                                  "subscriptionReference"});
  CHECK(meta["licenseModel"].is_null());
  CHECK(meta["productConfigInfo"].is_null());
  CHECK(meta["contractReference"] == "c-9");
  CHECK(meta["licenseContainer"] == Json::parse(CONTAINER_JSON));

  // A product with a displayName shows it; lists are arrays of the same objects.
  d::ProductConfiguration named = configuration();
  named.display_name = "Atlas Pro";
  const d::LicenseView shown{product_license(), container(), model(), named, product()};
  CHECK(wire::encode(shown,
                     true)["licenseMetadata"]["productConfigInfo"]["productConfigDisplayName"] ==
        "Atlas Pro");
  CHECK(wire::to_json(std::vector<d::LicenseView>{view, feature}, true) ==
        "[" + with_metadata + "," + wire::to_json(feature, true) + "]");
  CHECK(wire::to_json(std::vector<d::LicenseView>{}, false) == "[]");
}

TEST_CASE("licenses: to_json writes exactly what encode(...).dump() writes", "[codec][license]") {
  for (const std::string& text : {"plain"s, "quote \" \\ \t\n"s, "nul \0 inside"s,
                                  "M\xc3\xa4kinen \xf0\x9f\x98\x80"s, "bad \xff\xfe utf-8"s}) {
    INFO(text);
    d::License l = product_license();
    l.product_name = text;
    l.display_name = text;
    l.features[0].feature = text;
    l.license_key->key = text;
    l.allowed_versions_display_name = text;
    l.references.subscription_reference = text;
    d::ProductConfiguration c = configuration();
    c.name = text;
    c.features = {text, text};
    d::Product p = product();
    p.display_name.reset();
    p.name = text;
    d::LicenseModel m = model();
    m.name = text;
    d::LicenseContainer box = container();
    box.name = text;
    const d::LicenseView v{l, box, m, c, p};
    CHECK(wire::to_json(v, true) == dumped(wire::encode(v, true)));
    CHECK(wire::to_json(c) == dumped(wire::encode(c)));
    CHECK(wire::to_json(p) == dumped(wire::encode(p)));
    CHECK(wire::to_json(m) == dumped(wire::encode(m)));
  }
}

TEST_CASE("licenses: an answer or a list longer than the room set aside for it is written whole",
          "[codec][license]") {
  // Sixty features with long names and long texts everywhere: several times the room an answer
  // reserves, so that its string grows while it is written.
  d::License l = product_license();
  const std::string long_text(300, 'x');
  for (int i = 0; i < 60; ++i)
    l.features.push_back({uuid("a1000000-0000-4000-8000-000000000003"),
                          "feature-" + std::to_string(i) + "-" + long_text, kT0 + i, kT0 - i});
  l.display_name = long_text + " \xc3\xa4 \"quoted\"";
  l.references.contract_reference = long_text;
  d::ProductConfiguration c = configuration();
  c.features.assign(40, long_text);
  const d::LicenseView big{l, container(), model(), c, product()};
  const std::string text = wire::to_json(big, true);
  CHECK(text.size() > 4 * 2560);
  CHECK(text == dumped(wire::encode(big, true)));
  CHECK(wire::to_json(big, false) == dumped(wire::encode(big, false)));

  const d::LicenseView small{product_license(), container(), model(), configuration(), product()};
  for (bool with_metadata : {false, true}) {
    std::vector<d::LicenseView> list{small, big, small};
    Json expected = Json::array();
    for (const auto& v : list) expected.push_back(wire::encode(v, with_metadata));
    CHECK(wire::to_json(list, with_metadata) == dumped(expected));
    list.assign(50, small);
    expected = Json::array();
    for (const auto& v : list) expected.push_back(wire::encode(v, with_metadata));
    CHECK(wire::to_json(list, with_metadata) == dumped(expected));
  }
}

// ================================================================== bodies

namespace {

template <class T>
T read_ok(wire::Body<T> (*read)(std::string_view), const std::string& body) {
  INFO(body);
  auto r = read(body);
  REQUIRE(r);
  if (!*r) FAIL(r->error().description());
  return r->value();
}

template <class T>
d::Error read_error(wire::Body<T> (*read)(std::string_view), const std::string& body) {
  INFO(body);
  auto r = read(body);
  REQUIRE(r);
  REQUIRE_FALSE(*r);
  return r->error();
}

}  // namespace

TEST_CASE("the issue body: a product license, a feature license, a key", "[codec][license][body]") {
  auto product = read_ok(wire::read_license_issue,
                         R"({"productConfigId":"F0000000-0000-4000-8000-000000000001"})");
  CHECK(product.product_config_id == kPro);
  CHECK_FALSE(product.license_container_id);
  CHECK_FALSE(product.terms.features);
  CHECK_FALSE(product.generate_license_key);
  CHECK_FALSE(product.license_key);

  auto feature = read_ok(
      wire::read_license_issue,
      R"({"productName":"orbit","features":["alpha","beta"],"qtyDimension":"USE_COUNT",)"
      R"("qtyEnforcementType":"METERED","qty":-1,"displayName":"Orbit","validFrom":")" T0 R"(",)"
      R"("validUntil":"2026-02-24T08:00:00Z","allowedVersionLowerBound":"1.0",)"
      R"("allowedVersionUpperBound":"2.9","allowedVersionsDisplayName":"1.x to 2.x",)"
      R"("contractReference":"c","orderReference":"o","productReference":"p",)"
      R"("subscriptionReference":"s","licenseContainerId":"c0000000-0000-4000-8000-000000000001",)"
      R"("generateLicenseKey":true,"licenseMetadata":{"ignored":1}})");
  CHECK_FALSE(feature.product_config_id);
  CHECK(feature.terms.product_name == "orbit");
  CHECK(feature.terms.features == std::vector<std::string>{"alpha", "beta"});
  CHECK(feature.terms.qty_dimension == d::QtyDimension::kUseCount);
  CHECK(feature.terms.qty_enforcement_type == d::QtyEnforcementType::kMetered);
  CHECK(feature.terms.qty == -1);
  CHECK(feature.terms.display_name == "Orbit");
  CHECK(feature.terms.valid_from == kT0);
  CHECK(feature.terms.valid_until == kT0 + 45 * kDay);
  CHECK(feature.terms.allowed_version_lower_bound == "1.0");
  CHECK(feature.terms.allowed_version_upper_bound == "2.9");
  CHECK(feature.terms.allowed_versions_display_name == "1.x to 2.x");
  CHECK(feature.terms.references == d::LicenseReferences{std::string("c"), std::string("o"),
                                                         std::string("p"), std::string("s")});
  CHECK(feature.license_container_id == kBox);
  CHECK(feature.generate_license_key);

  // The key as a string, or as the object a license is answered with (its string kept).
  CHECK(read_ok(wire::read_license_issue, R"({"licenseKey":"KEY-0123456789abcdef"})").license_key ==
        "KEY-0123456789abcdef");
  CHECK(read_ok(wire::read_license_issue,
                R"({"licenseKey":{"licenseKey":"KEY-0123456789abcdef","allowedActivations":3}})")
            .license_key == "KEY-0123456789abcdef");
  CHECK_FALSE(read_ok(wire::read_license_issue, R"({"licenseKey":""})").license_key);
  CHECK_FALSE(
      read_ok(wire::read_license_issue, R"({"generateLicenseKey":null})").generate_license_key);
  // Features as feature objects: their names, in order; [] is none, null absent.
  CHECK(read_ok(wire::read_license_issue,
                R"({"features":[{"feature":"a","id":null},"b",{"feature":"c"}]})")
            .terms.features == std::vector<std::string>{"a", "b", "c"});
  CHECK(read_ok(wire::read_license_issue, R"({"features":[]})").terms.features ==
        std::vector<std::string>{});
  CHECK_FALSE(read_ok(wire::read_license_issue, R"({"features":null})").terms.features);
}

TEST_CASE("license bodies name the field whose JSON type is wrong, the first in 10.2's order",
          "[codec][license][body]") {
  struct Case {
    std::string body;
    const char* field;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {R"({"qty":"8"})", "qty", "must be an integer"},
      {R"({"qty":1.5})", "qty", "must be an integer"},
      {R"({"qty":9223372036854775808})", "qty", "'9223372036854775808' is too large"},
      {R"({"qtyDimension":"seats"})", "qtyDimension",
       msg::quoted("seats") + " is not one of SEATS, USE_COUNT, USE_TIME"},
      {R"({"qtyEnforcementType":1})", "qtyEnforcementType", "must be a string"},
      {R"({"productConfigId":"nope"})", "productConfigId", msg::not_a_uuid("nope")},
      {R"({"licenseContainerId":5})", "licenseContainerId", "must be a string"},
      {R"({"validFrom":"tomorrow"})", "validFrom",
       msg::quoted("tomorrow") + " is not an RFC 3339 date-time"},
      {R"({"features":"alpha"})", "features", "must be an array"},
      {R"({"features":["a",7]})", "features/1", "must be a string or an object"},
      {R"({"features":[{"id":5,"feature":"a"}]})", "features/0/id", "must be a string"},
      {R"({"features":[{"id":null}]})", "features/0/feature", msg::required()},
      {R"({"generateLicenseKey":"yes"})", "generateLicenseKey", "must be true or false"},
      {R"({"licenseKey":7})", "licenseKey", "must be a string or an object"},
      {R"({"licenseKey":{"licenseKey":7}})", "licenseKey/licenseKey", "must be a string"},
      {R"({"orderReference":[]})", "orderReference", "must be a string"},
      // Several wrong: the first in the list's order, wherever it is in the text.
      {R"({"orderReference":1,"qty":"x","productConfigId":5})", "productConfigId",
       "must be a string"},
      {R"({"allowedVersionUpperBound":1,"allowedVersionLowerBound":2})", "allowedVersionLowerBound",
       "must be a string"},
  };
  for (const auto& c : cases) {
    auto e = read_error(wire::read_license_issue, c.body);
    CHECK(e.kind == d::ErrorKind::kInvalid);
    CHECK(e.field == c.field);
    CHECK(e.reason == c.reason);
    // The PUT body reads the same fields the same way (it has no generateLicenseKey).
    if (std::string(c.field) != "generateLicenseKey") {
      auto put = read_error(wire::read_license_update, c.body);
      CHECK(put.field == c.field);
      CHECK(put.reason == c.reason);
    }
  }
  // A JSON error outranks them all.
  auto bad = wire::read_license_issue(R"({"qty":"x",})");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().reason == "the request body is not valid JSON");
}

TEST_CASE("the PUT body: a license as answered reads back as the license it was",
          "[codec][license][body]") {
  d::License l = product_license();
  l.references.contract_reference = "c-1";
  const d::LicenseView view{l, container(), model(), configuration(), product()};
  for (bool with_metadata : {false, true}) {
    INFO(with_metadata);
    auto in = read_ok(wire::read_license_update, wire::to_json(view, with_metadata));
    CHECK(in.id == l.id);
    CHECK(in.product_name == "atlas");
    CHECK_FALSE(in.display_name);
    CHECK(in.qty == 8);
    CHECK(in.qty_dimension == d::QtyDimension::kSeats);
    CHECK(in.qty_enforcement_type == d::QtyEnforcementType::kEnforced);
    CHECK(in.valid_from == kT0);
    CHECK(in.valid_until == kT0 + 45 * kDay);
    CHECK(in.features == std::vector<std::string>{"sketch", "publish"});
    CHECK(in.license_key == "K7QX-0000-1111-2222");
    CHECK(in.allowed_version_lower_bound == "1.0");
    CHECK(in.concurrent_user_app_instances_per_seat == 2);
    CHECK(in.concurrent_user_devices_per_seat == 3);
    CHECK(in.created == kT0);
    CHECK(in.modified == kT0 + 1);
    // Not in an answer's own fields (licenseMetadata is not read): absent, so not compared.
    CHECK_FALSE(in.product_config_id);
    CHECK_FALSE(in.license_container_id);
    CHECK(in.references == d::LicenseReferences{});
  }
  auto moved = read_ok(
      wire::read_license_update,
      R"({"validFrom":null,"validUntil":"2029-07-01T00:00:00Z","displayName":"after",)"
      R"("licenseContainerId":"c0000000-0000-4000-8000-000000000001","orderReference":"po-1",)"
      R"("licenseKey":"K7QX-0000-1111-2222","features":["b","a"]})");
  CHECK_FALSE(moved.valid_from);
  CHECK(moved.valid_until.has_value());
  CHECK(moved.display_name == "after");
  CHECK(moved.license_container_id == kBox);
  CHECK(moved.references.order_reference == "po-1");
  CHECK(moved.license_key == "K7QX-0000-1111-2222");
  CHECK(moved.features == std::vector<std::string>{"b", "a"});
}

TEST_CASE("the revoke body: licenseIds and validUntil", "[codec][license][body]") {
  auto r = read_ok(wire::read_license_revoke,
                   R"({"licenseIds":["A0000000-0000-4000-8000-000000000001",)"
                   R"("a0000000-0000-4000-8000-000000000002"],"validUntil":")" T0 R"("})");
  CHECK(r.license_ids ==
        std::vector<d::Uuid>{kLicense, uuid("a0000000-0000-4000-8000-000000000002")});
  CHECK(r.valid_until == kT0);
  auto now = read_ok(wire::read_license_revoke, R"({"licenseIds":null,"validUntil":""})");
  CHECK(now.license_ids.empty());
  CHECK_FALSE(now.valid_until);

  auto item = read_error(wire::read_license_revoke,
                         R"({"licenseIds":["a0000000-0000-4000-8000-000000000001",5]})");
  CHECK(item.field == "licenseIds/1");
  CHECK(item.reason == "must be a string id");
  auto bad_id = read_error(wire::read_license_revoke, R"({"licenseIds":["x"]})");
  CHECK(bad_id.field == "licenseIds/0");
  CHECK(bad_id.reason == msg::not_a_uuid("x"));
  auto not_list = read_error(wire::read_license_revoke, R"({"licenseIds":"a"})");
  CHECK(not_list.field == "licenseIds");
  CHECK(not_list.reason == "must be an array of ids");
  CHECK(read_error(wire::read_license_revoke, R"({"validUntil":5,"licenseIds":[1]})").field ==
        "licenseIds/0");
}

TEST_CASE("license body readers: the SAX path reads what the tree decoders read",
          "[codec][license][body][fast]") {
  const std::vector<std::string> bodies = {
      R"({"productConfigId":"f0000000-0000-4000-8000-000000000001","qty":3})",
      R"({"productName":"orbit","features":["a",{"feature":"b","id":null},"c"],"qty":-1,)"
      R"("licenseKey":{"licenseKey":"K","id":"b0000000-0000-4000-8000-000000000001"}})",
      R"({"licenseKey":"K","licenseKey":null,"features":["x"],"features":null})",
      R"({"licenseIds":["a0000000-0000-4000-8000-000000000001"],"validUntil":null,"x":[{}]})",
      R"({"qty":1e3})",
      R"({"features":[{"feature":null}]})",
      R"({"licenseKey":{"licenseKey":""}})",
      R"({"qty":18446744073709551615})",
  };
  for (const auto& body : bodies) {
    INFO(body);
    const Json j = Json::parse(body);
    d::LicenseIssue issue;
    if (wire::SaxReader::read<wire::LicenseWire>(body, issue)) {
      auto general = wire::decode_license_issue(j);
      REQUIRE(general);
      CHECK(issue == *general);
    }
    d::LicenseUpdate update;
    if (wire::SaxReader::read<wire::LicenseWire>(body, update)) {
      auto general = wire::decode_license_update(j);
      REQUIRE(general);
      CHECK(update == *general);
    }
    d::LicenseRevoke revoke;
    if (wire::SaxReader::read<wire::LicenseRevokeWire>(body, revoke)) {
      auto general = wire::decode_license_revoke(j);
      REQUIRE(general);
      CHECK(revoke == *general);
    }
  }
  // The usual bodies are read straight from the text.
  d::LicenseIssue issue;
  CHECK(wire::SaxReader::read<wire::LicenseWire>(bodies[1], issue));
  CHECK(issue.terms.features == std::vector<std::string>{"a", "b", "c"});
  CHECK(issue.license_key == "K");
}

// ================================================================== state documents

namespace {

// Written by hand from section 10.4: a catalogue, and three licenses in a container: one just
// {"productConfigId"}, a feature license with features as names and as an object, its key as a
// string, consumedQty and a reference, and a metered one with its key as an object.
const std::string kLicenseDocument = R"({
  "licensees": [{"type": "ORGANIZATION", "name": "Acme",
    "licenseContainers": [{"id": "c0000000-0000-4000-8000-000000000001", "name": "default",
      "usedAsDefault": true, "licenses": [
        {"productConfigId": "f0000000-0000-4000-8000-000000000001"},
        {"id": "a0000000-0000-4000-8000-000000000002", "productName": "orbit", "qty": 3,
         "qtyDimension": "SEATS", "qtyEnforcementType": "ENFORCED",
         "features": ["alpha", {"id": "a1000000-0000-4000-8000-000000000009", "feature": "beta"}],
         "licenseKey": "KEY-0123456789abcdef", "consumedQty": 2, "orderReference": "po-9",
         "validFrom": "2026-01-01T00:00:00Z", "validUntil": null},
        {"productName": "meter", "qty": -1, "qtyDimension": "USE_TIME",
         "qtyEnforcementType": "METERED",
         "licenseKey": {"licenseKey": "KEY-fedcba9876543210", "allowedActivations": 5}}]}]}],
  "licenseModels": [{"id": "d0000000-0000-4000-8000-000000000001", "name": "named-user",
    "concurrentUserAppInstancesPerSeat": 2, "concurrentUserDevicesPerSeat": 3,
    "maxAssignmentsPerUser": 1}],
  "products": [{"id": "e0000000-0000-4000-8000-000000000001", "name": "atlas",
    "displayName": "Atlas Studio", "productConfigurations": [
      {"id": "f0000000-0000-4000-8000-000000000001", "name": "atlas-pro",
       "features": ["sketch", "publish"], "licenseModelId": "d0000000-0000-4000-8000-000000000001",
       "qtyDimension": "SEATS", "qtyEnforcementType": "ENFORCED", "qty": 8, "validityDays": 45}]}]
})";

struct FreshStore {
  std::shared_ptr<d::ManualClock> clock = std::make_shared<d::ManualClock>(kT0);
  std::shared_ptr<d::SeededIdGenerator> ids = std::make_shared<d::SeededIdGenerator>(7);
  store::Store store{clock, ids};
};

}  // namespace

TEST_CASE("state documents: the catalogue and licenses are read as written",
          "[codec][license][state]") {
  auto doc = wire::parse_state(kLicenseDocument);
  REQUIRE(doc);
  REQUIRE(doc->license_models.size() == 1);
  const d::LicenseModelRecord& m = doc->license_models[0];
  CHECK(m.id == kNamed);
  CHECK(m.name == "named-user");
  CHECK(m.concurrent_user_app_instances_per_seat == 2);
  CHECK(m.max_assignments_per_user == 1);
  REQUIRE(doc->products.size() == 1);
  REQUIRE(doc->products[0].configurations.size() == 1);
  const d::ProductConfigurationRecord& c = doc->products[0].configurations[0];
  CHECK(c.features == std::vector<std::string>{"sketch", "publish"});
  CHECK(c.license_model_id == kNamed);
  CHECK(c.qty == 8);
  CHECK(c.validity_days == 45);
  CHECK_FALSE(c.external_reference);

  const auto& licenses = doc->licensees.at(0).containers.at(0).licenses;
  REQUIRE(licenses.size() == 3);
  CHECK(licenses[0].product_config_id == kPro);
  CHECK_FALSE(licenses[0].features);
  CHECK_FALSE(licenses[0].license_key);
  const d::LicenseRecord& orbit = licenses[1];
  REQUIRE(orbit.features);
  REQUIRE(orbit.features->size() == 2);
  CHECK((*orbit.features)[0].feature == "alpha");
  CHECK_FALSE((*orbit.features)[0].id);
  CHECK((*orbit.features)[1].id == uuid("a1000000-0000-4000-8000-000000000009"));
  REQUIRE(orbit.license_key);
  CHECK(orbit.license_key->key == "KEY-0123456789abcdef");
  CHECK_FALSE(orbit.license_key->allowed_activations);
  CHECK(orbit.consumed_qty == 2);
  CHECK(orbit.references.order_reference == "po-9");
  CHECK_FALSE(orbit.valid_until);
  REQUIRE(licenses[2].license_key);
  CHECK(licenses[2].license_key->allowed_activations == 5);
  CHECK(licenses[2].qty == -1);

  // The fast reader read it (and the general path reads the same).
  auto fast = wire::read_state_text(kLicenseDocument);
  REQUIRE(fast);
  auto general = wire::decode_state(Json::parse(kLicenseDocument));
  REQUIRE(general);
  CHECK(wire::encode(*fast) == wire::encode(*general));
}

TEST_CASE("state documents: a wrong value of section 10 is named by its JSON pointer",
          "[codec][license][state]") {
  struct Case {
    std::string doc;
    const char* pointer;
    std::string reason;
  };
  const std::string box = R"({"licensees":[{"name":"A","licenseContainers":[{"licenses":[)";
  const std::vector<Case> cases = {
      {R"({"licenseModels":[{"name":"m","maxAssignmentsPerUser":1.5}]})",
       "/licenseModels/0/maxAssignmentsPerUser", "must be an integer"},
      {R"({"products":"x"})", "/products", "must be an array"},
      {R"({"products":[{"name":"p","productConfigurations":[{"name":"a"},{"qty":"8"}]}]})",
       "/products/0/productConfigurations/1/qty", "must be an integer"},
      {R"({"products":[{"productConfigurations":[{"features":["a",1]}]}]})",
       "/products/0/productConfigurations/0/features/1", "must be a string"},
      {box + R"({},{"licenseKey":5}]}]}]})",
       "/licensees/0/licenseContainers/0/licenses/1/licenseKey", "must be a string or an object"},
      {box + R"({"licenseKey":{"allowedActivations":"5"}}]}]}]})",
       "/licensees/0/licenseContainers/0/licenses/0/licenseKey/allowedActivations",
       "must be an integer"},
      {box + R"({"features":["a",[]]}]}]}]})",
       "/licensees/0/licenseContainers/0/licenses/0/features/1", "must be a string or an object"},
      {box + R"({"consumedQty":true}]}]}]})",
       "/licensees/0/licenseContainers/0/licenses/0/consumedQty", "must be an integer"},
      {box + R"(7]}]}]})", "/licensees/0/licenseContainers/0/licenses/0", "must be an object"},
  };
  for (const auto& c : cases) {
    INFO(c.doc);
    auto r = wire::decode_state(Json::parse(c.doc));
    REQUIRE_FALSE(r);
    CHECK(r.error().field == c.pointer);
    CHECK(r.error().reason == c.reason);
    CHECK_FALSE(wire::read_state_text(c.doc));
    auto parsed = wire::parse_state(c.doc);
    REQUIRE_FALSE(parsed);
    CHECK(wire::pointer_description(parsed.error()) == std::string(c.pointer) + ": " + c.reason);
  }
}

TEST_CASE("state documents with licenses dump, load again and dump the same",
          "[codec][license][state]") {
  FreshStore first;
  auto doc = wire::parse_state(kLicenseDocument);
  REQUIRE(doc);
  auto loaded = first.store.replace(*doc);
  if (!loaded) FAIL(wire::pointer_description(loaded.error()));
  const Json dump = wire::encode(first.store.dump());

  // What section 10.4 says a dump holds, checked on the dump itself.
  CHECK(keys_of(dump) ==
        std::vector<std::string>{"licensees", "licenseConsumers", "licenseModels", "products"});
  const Json& box = dump["licensees"][0]["licenseContainers"][0];
  CHECK(keys_of(box) == std::vector<std::string>{"id", "name", "usedAsDefault", "created",
                                                 "modified", "licenseConsumerIds", "licenses"});
  REQUIRE(box["licenses"].size() == 3);
  // The dump lists a container's licenses in the store's order (by id), not the document's:
  // find each by what it is.
  auto license_where = [&](const char* name, const Json& value) -> const Json& {
    for (const Json& l : box["licenses"])
      if (l.value(name, Json()) == value) return l;
    FAIL("no license with " << name << " " << value.dump());
    throw std::logic_error("unreachable");
  };
  const Json& orbit = license_where("id", "a0000000-0000-4000-8000-000000000002");
  CHECK(keys_of(orbit) == std::vector<std::string>{"id",
                                                   "productConfigId",
                                                   "productName",
                                                   "displayName",
                                                   "qty",
                                                   "qtyDimension",
                                                   "qtyEnforcementType",
                                                   "validFrom",
                                                   "validUntil",
                                                   "features",
                                                   "licenseKey",
                                                   "allowedVersionLowerBound",
                                                   "allowedVersionUpperBound",
                                                   "allowedVersionsDisplayName",
                                                   "concurrentUserAppInstancesPerSeat",
                                                   "concurrentUserDevicesPerSeat",
                                                   "contractReference",
                                                   "orderReference",
                                                   "productReference",
                                                   "subscriptionReference",
                                                   "consumedQty",
                                                   "created",
                                                   "modified"});
  CHECK(orbit["id"] == "a0000000-0000-4000-8000-000000000002");
  CHECK(orbit["productConfigId"].is_null());
  CHECK(orbit["validUntil"].is_null());
  CHECK(orbit["validFrom"] == "2026-01-01T00:00:00.000Z");
  CHECK(orbit["consumedQty"] == 2);
  CHECK(orbit["orderReference"] == "po-9");
  CHECK(orbit["licenseKey"]["licenseKey"] == "KEY-0123456789abcdef");
  CHECK(orbit["licenseKey"]["allowedActivations"].is_null());
  CHECK(orbit["features"][1]["id"] == "a1000000-0000-4000-8000-000000000009");
  CHECK(orbit["features"][1]["feature"] == "beta");
  const Json& derived = license_where("productName", "atlas");
  CHECK(derived["productConfigId"] == "f0000000-0000-4000-8000-000000000001");
  CHECK(derived["productName"] == "atlas");
  CHECK(derived["qty"] == 8);
  CHECK(derived["concurrentUserDevicesPerSeat"] == 3);
  CHECK(license_where("productName", "meter")["licenseKey"]["allowedActivations"] == 5);
  CHECK(dump["products"][0]["productConfigurations"][0]["validityDays"] == 45);
  CHECK(dump["licenseModels"][0]["maxAssignmentsPerUser"] == 1);
  // The keys' LICENSE_KEY consumers are in the dump too.
  int keys = 0;
  for (const Json& c : dump["licenseConsumers"]) keys += c["type"] == "LICENSE_KEY";
  CHECK(keys == 2);

  // The dump's text loads into another store and dumps the same, by either reader.
  const std::string text = dump.dump(2);
  auto fast = wire::read_state_text(text);
  REQUIRE(fast);
  CHECK(wire::encode(*fast) == wire::encode(*wire::decode_state(Json::parse(text))));
  FreshStore second;
  auto again = second.store.replace(*fast);
  if (!again) FAIL(wire::pointer_description(again.error()));
  CHECK(wire::encode(second.store.dump()) == dump);

  // A document without section 10's records writes none of its lists.
  FreshStore empty;
  auto none = wire::encode(empty.store.dump());
  CHECK(keys_of(none) == std::vector<std::string>{"licensees", "licenseConsumers"});
}
