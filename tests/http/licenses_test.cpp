// Licenses over real HTTP (contract section 10.2): issuing product and feature licenses, keys
// and their LICENSE_KEY consumers, the list's filters and paging, PUT, revoke, delete and the
// cascades; and what sections 2 and 8 add to the new paths (permissions, health, journal,
// faults, namespaces, clock, seed, fixtures).

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "domain/messages.hpp"
#include "http/license_support.hpp"
#include "support/json_keys.hpp"
#include "support/matchers.hpp"
#include "support/temp_dir.hpp"
#include "support/test_keys.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using namespace scale::testing::lic;
namespace msg = scale::domain::msg;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// 2026-03-01T15:30:00.000Z, frozen.
constexpr std::int64_t kNow = 1772379000000;
constexpr const char* kToday = "2026-03-01T00:00:00.000Z";

const std::vector<std::string> kLicenseFields = {"id",
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
                                                 "created",
                                                 "modified"};

std::vector<std::string> with_metadata_fields() {
  auto v = kLicenseFields;
  v.push_back("licenseMetadata");
  return v;
}

// A server with a frozen clock at kNow, the catalogue, and one organization.
struct Shop {
  TestServer s{with_clock(kNow)};
  std::string acme;
  Shop() {
    load_catalogue(s);
    acme = id_of(s.setup_organization({{"name", "Acme Oy"}}));
  }
  std::string licenses() const { return licenses_of(acme); }
  std::string license(const Json& l) const { return licenses() + "/" + id_of(l); }
};

// The LICENSE_KEY consumer named `key`, or null.
Json key_consumer(TestServer& s, const std::string& key) {
  for (const auto& c : body_of(s.get("/license-consumers?limit=1000")))
    if (c["type"] == "LICENSE_KEY" && c["name"] == key) return c;
  return nullptr;
}

std::string feature_names(const Json& license) {
  std::string out;
  for (const auto& f : license["features"]) out += f["feature"].get<std::string>() + ",";
  return out;
}

}  // namespace

// ------------------------------------------------------------------ issue

TEST_CASE("a feature license goes into the default container with today's validFrom",
          "[api][licenses]") {
  Shop shop;
  auto r = shop.s.post_json(shop.licenses(), feature_license());
  REQUIRE(r->status == 201);
  const Json l = body_of(r);
  CHECK(r->get_header_value("Location") == shop.license(l));
  CHECK(keys_of(l) == with_metadata_fields());
  CHECK(l["productName"] == "kit-orbit");
  CHECK(l["qty"] == 3);
  CHECK(l["qtyDimension"] == "SEATS");
  CHECK(l["qtyEnforcementType"] == "ENFORCED");
  CHECK(l["validFrom"] == kToday);  // the start of the namespace's day in UTC
  CHECK(l["validUntil"].is_null());
  CHECK(feature_names(l) == "orbit,");
  CHECK(keys_of(l["features"][0]) ==
        std::vector<std::string>{"id", "feature", "created", "modified"});
  CHECK(l["licenseKey"].is_null());
  CHECK(l["concurrentUserDevicesPerSeat"] == 1);  // the built-in model: one device per seat
  CHECK(l["created"] == "2026-03-01T15:30:00.000Z");
  const Json& md = l["licenseMetadata"];
  CHECK(keys_of(md) == std::vector<std::string>{"licenseContainer", "licenseModel",
                                                "productConfigInfo", "contractReference",
                                                "orderReference", "productReference",
                                                "subscriptionReference"});
  CHECK(md["licenseContainer"] ==
        body_of(shop.s.get("/licensees/" + shop.acme + "/license-containers/default")));
  CHECK(md["licenseModel"].is_null());
  CHECK(md["productConfigInfo"].is_null());

  // Absent features: none.
  Json bare = feature_license();
  bare.erase("features");
  CHECK(issue(shop.s, shop.acme, bare)["features"] == Json::array());
}

TEST_CASE("a feature license needs productName, qtyDimension, qtyEnforcementType and qty",
          "[api][licenses]") {
  Shop shop;
  for (const char* field : {"productName", "qtyDimension", "qtyEnforcementType", "qty"}) {
    INFO(field);
    Json body = feature_license();
    body.erase(field);
    auto r = shop.s.post_json(shop.licenses(), body);
    CHECK_THAT(r, IsEnvelope(400));
    CHECK(description_of(r) == std::string(field) + " " + msg::required_for_feature_license());
  }
  CHECK(shop.s.total(shop.licenses()) == 0);
}

TEST_CASE("a product license takes its terms from the configuration and its model",
          "[api][licenses]") {
  Shop shop;
  const Json l =
      issue(shop.s, shop.acme, {{"productConfigId", kCadPro}, {"orderReference", "shop-order-1"}});
  CHECK(l["productName"] == "acme-cad");
  CHECK(feature_names(l) == "modeling,rendering,");
  CHECK(l["qty"] == 5);
  CHECK(l["qtyDimension"] == "SEATS");
  CHECK(l["qtyEnforcementType"] == "ENFORCED");
  CHECK(l["validFrom"] == kToday);
  CHECK(l["validUntil"] == "2027-03-01T00:00:00.000Z");  // validityDays 365
  CHECK(l["concurrentUserAppInstancesPerSeat"] == 1);    // copied from named-user
  CHECK(l["concurrentUserDevicesPerSeat"] == 2);
  const Json& md = l["licenseMetadata"];
  CHECK(md["licenseModel"]["id"] == kNamedUser);
  CHECK(md["orderReference"] == "shop-order-1");
  CHECK(md["contractReference"].is_null());
  const Json& info = md["productConfigInfo"];
  CHECK(keys_of(info) == std::vector<std::string>{"id", "productConfigId", "productConfigName",
                                                  "productConfigDisplayName", "productId",
                                                  "productName", "productDisplayName", "features",
                                                  "licenseModelId", "licenseModelName",
                                                  "qtyDimension", "created", "modified"});
  CHECK(info["productConfigId"] == kCadPro);
  CHECK(info["productConfigName"] == "cad-pro-annual");
  CHECK(info["productId"] == kCad);
  CHECK(info["productDisplayName"] == "Acme CAD");
  CHECK(info["licenseModelName"] == "named-user");

  SECTION("qty, validFrom and validUntil may override; validityDays counts from validFrom") {
    const Json o = issue(
        shop.s, shop.acme,
        {{"productConfigId", kSimHours}, {"qty", 7200}, {"validFrom", "2026-04-01T12:00:00Z"}});
    CHECK(o["qty"] == 7200);
    CHECK(o["qtyDimension"] == "USE_TIME");
    CHECK(o["validFrom"] == "2026-04-01T12:00:00.000Z");
    CHECK(o["validUntil"] == "2026-05-01T12:00:00.000Z");  // 30 days
    const Json u = issue(shop.s, shop.acme,
                         {{"productConfigId", kCadPro}, {"validUntil", "2026-06-01T00:00:00Z"}});
    CHECK(u["validUntil"] == "2026-06-01T00:00:00.000Z");
    CHECK(issue(shop.s, shop.acme, {{"productConfigId", kCredits}})["validUntil"].is_null());
  }
  SECTION("fields beside productConfigId must equal the configuration's") {
    for (auto [field, value] :
         std::vector<std::pair<std::string, Json>>{{"productName", "other"},
                                                   {"features", {"modeling"}},
                                                   {"qtyDimension", "USE_COUNT"},
                                                   {"qtyEnforcementType", "METERED"}}) {
      INFO(field);
      auto r = shop.s.post_json(shop.licenses(), {{"productConfigId", kCadPro}, {field, value}});
      CHECK_THAT(r, IsEnvelope(400));
      CHECK_THAT(description_of(r), StartsWith(field + " "));
    }
    CHECK(shop.s
              .post_json(shop.licenses(), {{"productConfigId", kCadPro},
                                           {"productName", "acme-cad"},
                                           {"qtyDimension", "SEATS"}})
              ->status == 201);
  }
  SECTION("an unknown configuration is 404 naming it") {
    auto r = shop.s.post_json(shop.licenses(), {{"productConfigId", kUnknownId}});
    CHECK_THAT(r, IsEnvelope(404));
    CHECK_THAT(description_of(r), Contains(kUnknownId));
  }
}

TEST_CASE("qty rules: SEATS 1 to 1000, use at least 1, -1 only when METERED", "[api][licenses]") {
  Shop shop;
  auto with = [](std::string dimension, std::string enforcement, std::int64_t qty) {
    Json b = feature_license();
    b["qtyDimension"] = dimension;
    b["qtyEnforcementType"] = enforcement;
    b["qty"] = qty;
    return b;
  };
  auto refused = [&](const Json& body, const std::string& description) {
    auto r = shop.s.post_json(shop.licenses(), body);
    CHECK_THAT(r, IsEnvelope(400));
    CHECK(description_of(r) == description);
  };
  refused(with("SEATS", "ENFORCED", 0), "qty " + msg::qty_seats("0"));
  refused(with("SEATS", "METERED", 1001), "qty " + msg::qty_seats("1001"));
  refused(with("USE_COUNT", "ENFORCED", 0), "qty " + msg::qty_use("0", "USE_COUNT"));
  refused(with("USE_TIME", "ENFORCED", -1), "qty " + msg::qty_unlimited_needs_metered());
  refused(with("SEATS", "ENFORCED", -1), "qty " + msg::qty_unlimited_needs_metered());
  CHECK(shop.s.total(shop.licenses()) == 0);
  CHECK(issue(shop.s, shop.acme, with("SEATS", "ENFORCED", 1000))["qty"] == 1000);
  CHECK(issue(shop.s, shop.acme, with("SEATS", "ENFORCED", 1))["qty"] == 1);
  CHECK(issue(shop.s, shop.acme, with("USE_COUNT", "METERED", -1))["qty"] == -1);
  CHECK(issue(shop.s, shop.acme, with("USE_TIME", "METERED", -1))["qty"] == -1);
  CHECK(issue(shop.s, shop.acme, with("SEATS", "METERED", -1))["qty"] == -1);
  CHECK(issue(shop.s, shop.acme, with("USE_COUNT", "ENFORCED", 1))["qty"] == 1);

  auto bad_enum = shop.s.post_json(shop.licenses(), with("SEATZ", "ENFORCED", 1));
  CHECK_THAT(bad_enum, IsEnvelope(400));
  CHECK_THAT(description_of(bad_enum), StartsWith("qtyDimension "));
  auto wrong_type = shop.s.post_json(shop.licenses(), {{"productName", "x"},
                                                       {"qtyDimension", "SEATS"},
                                                       {"qtyEnforcementType", "ENFORCED"},
                                                       {"qty", "3"}});
  CHECK_THAT(wrong_type, IsEnvelope(400));
  CHECK_THAT(description_of(wrong_type), StartsWith("qty "));
}

TEST_CASE("validUntil must be after validFrom; version bounds are kept as given",
          "[api][licenses]") {
  Shop shop;
  Json body = feature_license();
  body["validFrom"] = "2026-05-01T00:00:00Z";
  body["validUntil"] = "2026-05-01T00:00:00Z";
  auto r = shop.s.post_json(shop.licenses(), body);
  CHECK_THAT(r, IsEnvelope(400));
  CHECK_THAT(description_of(r), StartsWith("validUntil "));
  body["validUntil"] = "not a time";
  CHECK_THAT(shop.s.post_json(shop.licenses(), body), IsEnvelope(400));

  body["validUntil"] = "2026-05-01T00:00:00.001Z";
  body["allowedVersionLowerBound"] = "1.2.0";
  body["allowedVersionUpperBound"] = "2.0.0";
  body["allowedVersionsDisplayName"] = "1.2 to 2.0";
  body["displayName"] = "Orbit for Acme";
  const Json l = issue(shop.s, shop.acme, body);
  CHECK(l["validUntil"] == "2026-05-01T00:00:00.001Z");
  CHECK(l["allowedVersionLowerBound"] == "1.2.0");
  CHECK(l["allowedVersionUpperBound"] == "2.0.0");
  CHECK(l["allowedVersionsDisplayName"] == "1.2 to 2.0");
  CHECK(l["displayName"] == "Orbit for Acme");
  body["allowedVersionLowerBound"] = "3.0.0";
  auto inverted = shop.s.post_json(shop.licenses(), body);
  CHECK_THAT(inverted, IsEnvelope(400));
  CHECK_THAT(description_of(inverted), StartsWith("allowedVersionUpperBound "));
}

TEST_CASE("a license goes into a named container of the same licensee only", "[api][licenses]") {
  Shop shop;
  const std::string lab = id_of(shop.s.create_container(shop.acme, {{"name", "lab"}}));
  Json body = feature_license();
  body["licenseContainerId"] = lab;
  CHECK(issue(shop.s, shop.acme, body)["licenseMetadata"]["licenseContainer"]["id"] == lab);

  const std::string other = id_of(shop.s.setup_organization({{"name", "Other Oy"}}));
  auto r = shop.s.post_json(licenses_of(other), body);
  CHECK_THAT(r, IsEnvelope(404));
  CHECK(description_of(r) == msg::container_not_of_licensee(lab, other));
  CHECK(shop.s.total(licenses_of(other)) == 0);
  body["licenseContainerId"] = "lab";
  CHECK_THAT(shop.s.post_json(shop.licenses(), body), IsEnvelope(400));
}

TEST_CASE("issuing checks in the contract's order", "[api][licenses][order]") {
  Shop shop;
  const std::string unknown = licenses_of(kUnknownId);
  // Path id, content type, JSON syntax, parents, fields.
  CHECK_THAT(shop.s.post_json(licenses_of("nope"), {{"qty", "x"}}), IsEnvelope(400));
  CHECK_THAT(shop.s.post_raw(unknown, "{", "text/plain"), IsEnvelope(415));
  CHECK_THAT(shop.s.post_raw(unknown, "{"), IsEnvelope(400));
  auto parent = shop.s.post_json(unknown, {{"qty", "x"}});
  CHECK_THAT(parent, IsEnvelope(404));
  CHECK_THAT(description_of(parent), Contains(kUnknownId));
  CHECK_THAT(shop.s.post_raw(shop.licenses(), "[]"), IsEnvelope(400));
  // Unknown fields are ignored; null is absent.
  Json body = feature_license();
  body["unknownField"] = 1;
  body["displayName"] = nullptr;
  CHECK(issue(shop.s, shop.acme, body)["displayName"].is_null());
}

// ------------------------------------------------------------------ keys

TEST_CASE("a key license creates its LICENSE_KEY consumer, never associated",
          "[api][licenses][keys]") {
  Shop shop;
  Json body = feature_license();
  body["licenseKey"] = "ACME-ORBIT-0001-KEY";
  const Json l = issue(shop.s, shop.acme, body);
  CHECK(keys_of(l["licenseKey"]) ==
        std::vector<std::string>{"id", "licenseKey", "allowedActivations", "created", "modified"});
  CHECK(l["licenseKey"]["licenseKey"] == "ACME-ORBIT-0001-KEY");
  const Json consumer = key_consumer(shop.s, "ACME-ORBIT-0001-KEY");
  REQUIRE(consumer.is_object());
  CHECK(list_ids(shop.s, "/licensees/" + shop.acme + "/license-consumers").empty());
  CHECK(
      list_ids(shop.s, "/licensees/" + shop.acme + "/license-containers/default/license-consumers")
          .empty());

  SECTION("generateLicenseKey makes a key") {
    Json gen = feature_license();
    gen["generateLicenseKey"] = true;
    const Json g = issue(shop.s, shop.acme, gen);
    REQUIRE(g["licenseKey"].is_object());
    const std::string key = g["licenseKey"]["licenseKey"];
    CHECK(key.size() >= 16);
    CHECK(key_consumer(shop.s, key).is_object());
    gen["licenseKey"] = "ANOTHER-KEY-00000001";
    auto both = shop.s.post_json(shop.licenses(), gen);
    CHECK_THAT(both, IsEnvelope(400));
    CHECK(description_of(both) == "generateLicenseKey " + msg::key_given_and_generated());
  }
  SECTION("a key is unique across licensees: 409 and nothing created") {
    const std::string other = id_of(shop.s.setup_organization({{"name", "Other Oy"}}));
    const std::size_t consumers = shop.s.total("/license-consumers");
    auto r = shop.s.post_json(licenses_of(other), body);
    CHECK_THAT(r, IsEnvelope(409));
    CHECK_THAT(description_of(r), StartsWith("licenseKey "));
    CHECK(shop.s.total(licenses_of(other)) == 0);
    CHECK(shop.s.total("/license-consumers") == consumers);
  }
  SECTION("a malformed key is 400 naming licenseKey") {
    for (const char* bad : {"SHORT-KEY", "HAS SPACE 000000000", "ÄÖ-0000000000000000"}) {
      INFO(bad);
      Json b = feature_license();
      b["licenseKey"] = bad;
      auto r = shop.s.post_json(shop.licenses(), b);
      CHECK_THAT(r, IsEnvelope(400));
      CHECK(description_of(r) == "licenseKey " + msg::bad_license_key(bad));
    }
    Json longest = feature_license();
    longest["licenseKey"] = repeat("a", 64);
    CHECK(shop.s.post_json(shop.licenses(), longest)->status == 201);
    longest["licenseKey"] = repeat("b", 65);
    CHECK_THAT(shop.s.post_json(shop.licenses(), longest), IsEnvelope(400));
  }
  SECTION("deleting the license deletes the consumer") {
    CHECK(shop.s.del(shop.license(l))->status == 204);
    CHECK_THAT(shop.s.get("/license-consumers/" + id_of(consumer)), IsEnvelope(404));
    CHECK(key_consumer(shop.s, "ACME-ORBIT-0001-KEY").is_null());
  }
  SECTION("deleting the consumer deletes the license") {
    CHECK(shop.s.del("/license-consumers/" + id_of(consumer))->status == 204);
    CHECK_THAT(shop.s.get(shop.license(l)), IsEnvelope(404));
    // The key is free again.
    CHECK(shop.s.post_json(shop.licenses(), body)->status == 201);
  }
}

// ------------------------------------------------------------------ reads

TEST_CASE("the list pages, filters by container, product and validity, and adds metadata",
          "[api][licenses][list]") {
  Shop shop;
  const std::string lab = id_of(shop.s.create_container(shop.acme, {{"name", "lab"}}));
  Json in_lab = feature_license("kit-nova");
  in_lab["licenseContainerId"] = lab;
  Json expired = feature_license();
  expired["validFrom"] = "2025-01-01T00:00:00Z";
  expired["validUntil"] = "2026-01-01T00:00:00Z";
  Json future = feature_license();
  future["validFrom"] = "2026-03-02T00:00:00Z";
  std::vector<std::string> ids;
  for (const Json& b : {feature_license(), in_lab, expired, future}) {
    ids.push_back(id_of(issue(shop.s, shop.acme, b)));
    REQUIRE(shop.s.post_json("/__admin/clock/advance", {{"seconds", 1}})->status == 200);
  }
  auto all = shop.s.get(shop.licenses());
  CHECK(all->get_header_value("X-Total-Count") == "4");
  CHECK(ids_in(body_of(all)) == ids);  // by created
  CHECK_FALSE(body_of(all)[0].contains("licenseMetadata"));
  CHECK(keys_of(body_of(all)[0]) == kLicenseFields);

  auto page = shop.s.get(shop.licenses() + "?offset=1&limit=2");
  CHECK(ids_in(body_of(page)) == std::vector<std::string>{ids[1], ids[2]});
  CHECK(page->get_header_value("X-Total-Count") == "4");
  CHECK(body_of(shop.s.get(shop.licenses() + "?limit=0")) == Json::array());

  CHECK(list_ids(shop.s, shop.licenses() + "?licenseContainerId=" + lab) ==
        std::vector<std::string>{ids[1]});
  CHECK(list_ids(shop.s, shop.licenses() + "?licenseContainerId=default") ==
        std::vector<std::string>{ids[0], ids[2], ids[3]});
  CHECK(list_ids(shop.s, shop.licenses() + "?productName=kit-nova") ==
        std::vector<std::string>{ids[1]});
  CHECK(list_ids(shop.s, shop.licenses() + "?productName=KIT-NOVA").empty());  // byte for byte
  CHECK(list_ids(shop.s, shop.licenses() + "?valid=true") ==
        std::vector<std::string>{ids[0], ids[1]});
  CHECK(list_ids(shop.s, shop.licenses() + "?valid=false").size() == 4);
  auto filtered = shop.s.get(shop.licenses() + "?valid=true&productName=kit-orbit&limit=1");
  CHECK(filtered->get_header_value("X-Total-Count") == "1");
  // Valid by the namespace's clock: the future one starts tomorrow.
  REQUIRE(shop.s.put_json("/__admin/clock", {{"now", "2026-03-02T00:00:00Z"}})->status == 200);
  CHECK(list_ids(shop.s, shop.licenses() + "?valid=true").size() == 3);

  const Json meta = body_of(shop.s.get(shop.licenses() + "?withMetadata=true"));
  CHECK(keys_of(meta[1]) == with_metadata_fields());
  CHECK(meta[1]["licenseMetadata"]["licenseContainer"]["id"] == lab);
  CHECK_FALSE(
      body_of(shop.s.get(shop.licenses() + "?withMetadata=false"))[0].contains("licenseMetadata"));

  for (auto [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"valid=yes", "valid"},
           {"withMetadata=1", "withMetadata"},
           {"productName=", "productName"},
           {"licenseContainerId=lab", "licenseContainerId"},
           {"limit=-1", "limit"},
           {"offset=x", "offset"}}) {
    INFO(query);
    auto r = shop.s.get(shop.licenses() + "?" + query);
    CHECK_THAT(r, IsEnvelope(400));
    CHECK_THAT(description_of(r), StartsWith(field + " "));
  }
  CHECK_THAT(shop.s.get(licenses_of(kUnknownId)), IsEnvelope(404));
  const std::string other = id_of(shop.s.setup_organization({{"name", "Other Oy"}}));
  CHECK_THAT(shop.s.get(licenses_of(other) + "?licenseContainerId=" + lab), IsEnvelope(404));
  CHECK(shop.s.total(licenses_of(other)) == 0);
}

TEST_CASE("one license is read under its own licensee only", "[api][licenses]") {
  Shop shop;
  const Json l = issue(shop.s, shop.acme, {{"productConfigId", kCadPro}});
  auto plain = shop.s.get(shop.license(l));
  REQUIRE(plain->status == 200);
  Json without = l;
  without.erase("licenseMetadata");
  CHECK(body_of(plain) == without);
  CHECK(body_of(shop.s.get(shop.license(l) + "?withMetadata=true")) == l);
  CHECK(shop.s.head(shop.license(l))->status == 200);

  const std::string other = id_of(shop.s.setup_organization({{"name", "Other Oy"}}));
  auto elsewhere = shop.s.get(licenses_of(other) + "/" + id_of(l));
  CHECK_THAT(elsewhere, IsEnvelope(404));
  CHECK(description_of(elsewhere) == msg::license_not_of_licensee(id_of(l), other));
  CHECK_THAT(shop.s.del(licenses_of(other) + "/" + id_of(l)), IsEnvelope(404));
  CHECK_THAT(shop.s.get(shop.licenses() + "/" + kUnknownId), IsEnvelope(404));
  auto bad = shop.s.get(shop.licenses() + "/xyz");
  CHECK_THAT(bad, IsEnvelope(400));
  CHECK(description_of(bad) == "licenseId " + msg::not_a_uuid("xyz"));
  // Ids in any case.
  CHECK(shop.s.get("/licensees/" + upper(shop.acme) + "/licenses/" + upper(id_of(l)))->status ==
        200);
  auto opts = shop.s.options(shop.license(l));
  CHECK(allow_of(opts) == std::set<std::string>{"GET", "HEAD", "PUT", "DELETE", "OPTIONS"});
  CHECK_THAT(shop.s.get(shop.licenses() + "/actions/revoke"), IsEnvelope(405));
}

// ------------------------------------------------------------------ PUT

TEST_CASE("PUT replaces validity and displayName and moves the license", "[api][licenses][put]") {
  Shop shop;
  const std::string lab = id_of(shop.s.create_container(shop.acme, {{"name", "lab"}}));
  Json body = feature_license();
  body["displayName"] = "before";
  body["validUntil"] = "2027-01-01T00:00:00Z";
  const Json l = issue(shop.s, shop.acme, body);
  REQUIRE(shop.s.post_json("/__admin/clock/advance", {{"seconds", 60}})->status == 200);

  auto r = shop.s.put_json(shop.license(l), {{"validFrom", "2026-04-01T00:00:00Z"},
                                             {"validUntil", "2026-10-01T00:00:00Z"},
                                             {"displayName", "after"},
                                             {"licenseContainerId", lab}});
  REQUIRE(r->status == 200);
  const Json out = body_of(r);
  CHECK_FALSE(out.contains("licenseMetadata"));
  CHECK(out["validFrom"] == "2026-04-01T00:00:00.000Z");
  CHECK(out["validUntil"] == "2026-10-01T00:00:00.000Z");
  CHECK(out["displayName"] == "after");
  CHECK(out["modified"] == "2026-03-01T15:31:00.000Z");
  CHECK(out["created"] == l["created"]);
  CHECK(list_ids(shop.s, shop.licenses() + "?licenseContainerId=" + lab) ==
        std::vector<std::string>{id_of(l)});

  SECTION("absent displayName is null, absent validUntil perpetual, absent validFrom kept") {
    const Json e = body_of(shop.s.put_json(shop.license(l) + "?withMetadata=true", Json::object()));
    CHECK(e["displayName"].is_null());
    CHECK(e["validUntil"].is_null());
    CHECK(e["validFrom"] == "2026-04-01T00:00:00.000Z");
    CHECK(e["licenseMetadata"]["licenseContainer"]["id"] == lab);  // the container kept
  }
  SECTION("any other field must match: 400 naming it, nothing changed") {
    for (auto [field, value] :
         std::vector<std::pair<std::string, Json>>{{"qty", 7},
                                                   {"productName", "renamed"},
                                                   {"qtyEnforcementType", "METERED"},
                                                   {"qtyDimension", "USE_COUNT"},
                                                   {"features", {"other"}},
                                                   {"id", kUnknownId}}) {
      INFO(field);
      auto refused = shop.s.put_json(shop.license(l), {{"displayName", "x"}, {field, value}});
      CHECK_THAT(refused, IsEnvelope(400));
      CHECK_THAT(description_of(refused), StartsWith(field + " "));
    }
    CHECK(body_of(shop.s.get(shop.license(l))) == out);
    Json same = out;
    same["displayName"] = "again";
    auto ok = shop.s.put_json(shop.license(l), same);
    REQUIRE(ok->status == 200);
    CHECK(body_of(ok)["displayName"] == "again");
  }
  SECTION("validUntil after validFrom; the container must be the licensee's") {
    auto r2 = shop.s.put_json(shop.license(l), {{"validUntil", "2026-01-01T00:00:00Z"}});
    CHECK_THAT(r2, IsEnvelope(400));
    CHECK_THAT(description_of(r2), StartsWith("validUntil "));
    const std::string other = id_of(shop.s.setup_organization({{"name", "Other Oy"}}));
    const std::string theirs =
        id_of(body_of(shop.s.get("/licensees/" + other + "/license-containers/default")));
    auto moved = shop.s.put_json(shop.license(l), {{"licenseContainerId", theirs}});
    CHECK_THAT(moved, IsEnvelope(404));
    CHECK(description_of(moved) == msg::container_not_of_licensee(theirs, shop.acme));
    CHECK(body_of(shop.s.get(shop.license(l))) == out);
  }
  SECTION("order of checks: unknown license 404 before the body's fields") {
    auto r3 = shop.s.put_json(shop.licenses() + "/" + kUnknownId, {{"qty", "x"}});
    CHECK_THAT(r3, IsEnvelope(404));
    CHECK_THAT(shop.s.put_raw(shop.license(l), "{}", "text/plain"), IsEnvelope(415));
    CHECK_THAT(shop.s.put_json(shop.license(l), {{"validFrom", 5}}), IsEnvelope(400));
  }
}

// ------------------------------------------------------------------ revoke and delete

TEST_CASE("revoke ends validity at the earlier time, all or nothing", "[api][licenses][revoke]") {
  Shop shop;
  const std::string revoke = shop.licenses() + "/actions/revoke";
  const Json a = issue(shop.s, shop.acme, feature_license());
  Json later = feature_license("kit-nova");
  later["validUntil"] = "2026-12-01T00:00:00Z";
  const Json b = issue(shop.s, shop.acme, later);

  auto partial = shop.s.put_json(
      revoke, {{"licenseIds", {id_of(a), kUnknownId}}, {"validUntil", "2026-06-01T00:00:00Z"}});
  CHECK_THAT(partial, IsEnvelope(404));
  CHECK_THAT(description_of(partial), Contains(kUnknownId));
  CHECK(body_of(shop.s.get(shop.license(a)))["validUntil"].is_null());

  auto r = shop.s.put_json(
      revoke, {{"licenseIds", {id_of(b), id_of(a)}}, {"validUntil", "2027-06-01T00:00:00Z"}});
  REQUIRE(r->status == 200);
  const Json out = body_of(r);
  CHECK(ids_in(out) == std::vector<std::string>{id_of(b), id_of(a)});  // as listed
  CHECK(out[1]["validUntil"] == "2027-06-01T00:00:00.000Z");
  CHECK(out[0]["validUntil"] == "2026-12-01T00:00:00.000Z");  // never extended
  CHECK_FALSE(out[0].contains("licenseMetadata"));

  // Absent validUntil: now on the namespace's clock.
  auto now = shop.s.put_json(revoke + "?withMetadata=true", {{"licenseIds", {id_of(a)}}});
  REQUIRE(now->status == 200);
  CHECK(body_of(now)[0]["validUntil"] == "2026-03-01T15:30:00.000Z");
  CHECK(body_of(now)[0].contains("licenseMetadata"));
  CHECK(list_ids(shop.s, shop.licenses() + "?valid=true") == std::vector<std::string>{id_of(b)});

  // A license that has not started may be revoked before its start: never valid.
  Json future = feature_license();
  future["validFrom"] = "2026-05-01T00:00:00Z";
  const Json f = issue(shop.s, shop.acme, future);
  auto early = shop.s.put_json(revoke, {{"licenseIds", {id_of(f)}}});
  REQUIRE(early->status == 200);
  CHECK(body_of(early)[0]["validUntil"] == "2026-03-01T15:30:00.000Z");

  auto empty = shop.s.put_json(revoke, {{"licenseIds", Json::array()}});
  CHECK_THAT(empty, IsEnvelope(400));
  CHECK_THAT(description_of(empty), StartsWith("licenseIds "));
  auto not_ids = shop.s.put_json(revoke, {{"licenseIds", {"x"}}});
  CHECK_THAT(not_ids, IsEnvelope(400));
  CHECK_THAT(description_of(not_ids), StartsWith("licenseIds"));
  const std::string other = id_of(shop.s.setup_organization({{"name", "Other Oy"}}));
  auto theirs =
      shop.s.put_json(licenses_of(other) + "/actions/revoke", {{"licenseIds", {id_of(b)}}});
  CHECK_THAT(theirs, IsEnvelope(404));
  CHECK_THAT(
      shop.s.put_json(licenses_of(kUnknownId) + "/actions/revoke", {{"licenseIds", {id_of(b)}}}),
      IsEnvelope(404));
}

TEST_CASE("delete removes one license; container and licensee deletes cascade",
          "[api][licenses][delete]") {
  Shop shop;
  const std::string lab = id_of(shop.s.create_container(shop.acme, {{"name", "lab"}}));
  Json keyed = feature_license();
  keyed["licenseContainerId"] = lab;
  keyed["licenseKey"] = "LAB-KEY-000000000001";
  const Json k = issue(shop.s, shop.acme, keyed);
  const Json d = issue(shop.s, shop.acme, feature_license());
  const Json gone = issue(shop.s, shop.acme, feature_license());

  auto r = shop.s.del(shop.license(gone));
  CHECK(r->status == 204);
  CHECK(r->body.empty());
  CHECK_THAT(shop.s.del(shop.license(gone)), IsEnvelope(404));
  CHECK(shop.s.total(shop.licenses()) == 2);

  // The default container stays 409 with its license.
  CHECK_THAT(shop.s.del("/licensees/" + shop.acme + "/license-containers/default"),
             IsEnvelope(409));
  CHECK(shop.s.get(shop.license(d))->status == 200);

  CHECK(shop.s.del("/licensees/" + shop.acme + "/license-containers/" + lab)->status == 204);
  CHECK_THAT(shop.s.get(shop.license(k)), IsEnvelope(404));
  CHECK(key_consumer(shop.s, "LAB-KEY-000000000001").is_null());
  CHECK(list_ids(shop.s, shop.licenses()) == std::vector<std::string>{id_of(d)});

  Json again = feature_license();
  again["generateLicenseKey"] = true;
  const std::string key = issue(shop.s, shop.acme, again)["licenseKey"]["licenseKey"];
  CHECK(shop.s.del("/licensees/" + shop.acme)->status == 204);
  CHECK(key_consumer(shop.s, key).is_null());
  CHECK(body_of(shop.s.get("/__admin/health"))["counts"]["licenses"] == 0);
}

// ------------------------------------------------------------------ sections 2 and 8

TEST_CASE(
    "scale-mock --enforce-permissions: the License, Product.read and LicenseModel.read permissions",
    "[api][licenses][permissions]") {
  TestServerOptions o = with_clock(kNow);
  o.auth = "claims";
  o.enforce_permissions = true;
  TestServer s(o);
  load_catalogue(s);
  auto token = [](std::vector<std::string> permissions) {
    Json payload = valid_payload();
    payload["permissions"] = permissions;
    return httplib::Headers{
        {"Authorization", "ScaleJwt " + make_token(test_key(), valid_header("k1"), payload)}};
  };
  auto& c = s.client();
  const auto all = token({"*.*"});
  const std::string acme = id_of(body_of(checked(c.Post(
      "/licensees/actions/setup-organization", all, R"({"name":"Acme"})", "application/json"))));
  const std::string path = licenses_of(acme);
  const std::string body = feature_license().dump();

  auto refused = [](const httplib::Result& r, const std::string& permission) {
    std::string why;
    CHECK(is_envelope(r, 403, why));
    CHECK_THAT(description_of(r), Contains("permission " + permission + " needed"));
  };
  const auto readers = token({"License.read", "Product.read", "LicenseModel.read"});
  refused(checked(c.Post(path, readers, body, "application/json")), "License.create");
  const auto creator = token({"License.create"});
  auto made = checked(c.Post(path, creator, body, "application/json"));
  REQUIRE(made->status == 201);
  const std::string one = path + "/" + id_of(body_of(made));
  refused(checked(c.Get(path, creator)), "License.read");
  CHECK(checked(c.Get(path, readers))->status == 200);
  CHECK(checked(c.Get(one, readers))->status == 200);
  refused(checked(c.Put(one, readers, "{}", "application/json")), "License.update");
  refused(checked(c.Put(path + "/actions/revoke", readers,
                        Json{{"licenseIds", {id_of(body_of(made))}}}.dump(), "application/json")),
          "License.update");
  refused(checked(c.Delete(one, readers)), "License.delete");
  refused(checked(c.Get("/products", token({"License.*"}))), "Product.read");
  refused(checked(c.Get(std::string("/products/") + kCad + "/product-configurations",
                        token({"LicenseModel.read"}))),
          "Product.read");
  refused(checked(c.Get("/license-models", token({"Product.read"}))), "LicenseModel.read");
  CHECK(checked(c.Get("/license-models", token({"*.read"})))->status == 200);
  CHECK(checked(c.Put(one, token({"License.update"}), "{}", "application/json"))->status == 200);
  CHECK(checked(c.Delete(one, token({"License.*"})))->status == 204);
  // Without a token at all: 401 before anything else.
  CHECK(checked(c.Get(path))->status == 401);
}

TEST_CASE("health counts licenses and products", "[api][licenses][admin]") {
  Shop shop;
  auto counts = [&] { return body_of(shop.s.get("/__admin/health"))["counts"]; };
  CHECK(counts()["products"] == 2);
  CHECK(counts()["licenses"] == 0);
  issue(shop.s, shop.acme, feature_license());
  issue(shop.s, shop.acme, {{"productConfigId", kCredits}});
  CHECK(counts()["licenses"] == 2);
  CHECK(counts()["licensees"] == 1);

  TestServer fixtures(with_default_fixtures());
  const Json c = body_of(fixtures.get("/__admin/health"))["counts"];
  CHECK(c["licenses"] == 4);
  CHECK(c["products"] == 2);
}

TEST_CASE("the journal, faults, namespaces, clock and seed work on the license paths",
          "[api][licenses][admin]") {
  SECTION("the journal records an issue with its body and answer") {
    Shop shop;
    CHECK(shop.s.del("/__admin/requests")->status == 204);
    const Json l = issue(shop.s, shop.acme, feature_license());
    const Json entries = body_of(shop.s.get("/__admin/requests?path=/licensees/"))["requests"];
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["method"] == "POST");
    CHECK(entries[0]["path"] == shop.licenses());
    CHECK(entries[0]["status"] == 201);
    CHECK_THAT(entries[0]["responseBody"].dump(), Contains(id_of(l)));
  }
  SECTION("a fault on the license paths answers instead, and changes nothing") {
    Shop shop;
    REQUIRE(shop.s
                .post_json("/__admin/faults", {{"method", "POST"},
                                               {"path", "/licensees/*/licenses"},
                                               {"status", 503},
                                               {"times", 1}})
                ->status == 201);
    CHECK(shop.s.post_json(shop.licenses(), feature_license())->status == 503);
    CHECK(shop.s.total(shop.licenses()) == 0);
    CHECK(shop.s.post_json(shop.licenses(), feature_license())->status == 201);
    CHECK(shop.s.get("/products")->status == 200);
  }
  SECTION("namespaces hold their own catalogue and licenses") {
    Shop shop;
    issue(shop.s, shop.acme, feature_license());
    httplib::Headers other{{"X-Scale-Mock-Namespace", "lic-other"}};
    auto& c = shop.s.client();
    CHECK(body_of(checked(c.Get("/products", other))) == Json::array());
    CHECK(body_of(checked(c.Get("/__admin/health", other)))["counts"]["licenses"] == 0);
    CHECK(checked(c.Get(shop.licenses(), other))->status == 404);
    CHECK(shop.s.total(shop.licenses()) == 1);
  }
  SECTION("validFrom and validity follow the namespace's clock") {
    Shop shop;
    REQUIRE(shop.s.put_json("/__admin/clock", {{"now", "2030-07-04T23:59:59Z"}})->status == 200);
    const Json l = issue(shop.s, shop.acme, {{"productConfigId", kSimHours}});
    CHECK(l["validFrom"] == "2030-07-04T00:00:00.000Z");
    CHECK(l["validUntil"] == "2030-08-03T00:00:00.000Z");
    CHECK(list_ids(shop.s, shop.licenses() + "?valid=true").size() == 1);
    REQUIRE(shop.s.post_json("/__admin/clock/advance", {{"seconds", 30 * 86400}})->status == 200);
    CHECK(list_ids(shop.s, shop.licenses() + "?valid=true").empty());
  }
  SECTION("the same seed and the same requests give the same license, feature and key ids") {
    TestServer s(with_clock(kNow));
    auto run = [&] {
      REQUIRE(s.put_json("/__admin/seed", {{"seed", 42}})->status == 204);
      load_catalogue(s);
      const std::string org = id_of(s.setup_organization({{"name", "Seeded Oy"}}));
      Json body = {{"productConfigId", kCadPro}, {"generateLicenseKey", true}};
      Json l = issue(s, org, body);
      l.erase("licenseMetadata");
      return l;
    };
    const Json first = run();
    REQUIRE(s.post_json("/__admin/reset", {{"to", "empty"}})->status == 204);
    CHECK(run() == first);
  }
}

TEST_CASE("the base path prefixes the license routes and Location", "[api][licenses]") {
  TestServerOptions o = with_base_path("/api");
  o.clock = kNow;
  TestServer s(o);
  REQUIRE(
      checked(s.client().Put("/__admin/state", catalogue().dump(), "application/json"))->status ==
      204);
  const std::string org = id_of(s.setup_organization({{"name", "Acme"}}));
  auto r = s.post_json(licenses_of(org), {{"productConfigId", kCadPro}});
  REQUIRE(r->status == 201);
  CHECK(r->get_header_value("Location") == "/api" + licenses_of(org) + "/" + id_of(body_of(r)));
  CHECK(checked(s.client().Get("/products"))->status == 404);
  CHECK(s.get("/products")->status == 200);
}

TEST_CASE("a fixture license that breaks a rule stops the start naming file and pointer",
          "[api][licenses][fixtures]") {
  TempDir dir;
  Json doc = catalogue();
  doc["licensees"] =
      Json::array({{{"type", "ORGANIZATION"},
                    {"name", "Acme"},
                    {"licenseContainers",
                     {{{"usedAsDefault", true},
                       {"licenses",
                        {{{"productConfigId", kCadPro}},
                         {{"productConfigId", kCredits}, {"qtyDimension", "SEATS"}}}}}}}}});
  const std::string file = dir.write("shop.json", doc.dump(2));
  try {
    TestServer s(with_fixtures(file));
    FAIL("the server started");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(),
               Contains(file + ": /licensees/0/licenseContainers/0/licenses/1/qtyDimension: "));
  }
  // A wrong JSON type inside the catalogue, from the wire layer.
  Json typed = catalogue();
  typed["products"][1]["productConfigurations"][0]["qty"] = "many";
  const std::string second = dir.write("typed.json", typed.dump());
  try {
    TestServer s(with_fixtures(second));
    FAIL("the server started");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Contains(second + ": /products/1/productConfigurations/0/qty: "));
  }
}

TEST_CASE("every operation of the OpenAPI document needs the permission it declares",
          "[api][licenses][permissions][openapi]") {
  TestServerOptions o;
  o.auth = "claims";
  o.enforce_permissions = true;
  TestServer s(o);
  const Json doc = body_of(s.get("/__admin/openapi.json"));
  Json payload = valid_payload();
  payload["permissions"] = {"Nothing.none"};
  const httplib::Headers none{
      {"Authorization", "ScaleJwt " + make_token(test_key(), valid_header("k1"), payload)}};
  std::size_t operations = 0, licensing = 0, keyed = 0;
  for (auto path = doc["paths"].begin(); path != doc["paths"].end(); ++path) {
    // Each {parameter} as a UUID: the permission is checked before the path's ids.
    std::string concrete = path.key();
    for (auto open = concrete.find('{'); open != std::string::npos; open = concrete.find('{'))
      concrete.replace(open, concrete.find('}', open) - open + 1, kUnknownId);
    for (auto op = path->begin(); op != path->end(); ++op) {
      if (op.key() == "parameters") continue;
      const std::string method = upper(op.key());
      INFO(method << " " << path.key());
      ++operations;
      if (!op->contains("x-scale-mock-permission")) {
        // Only the License Checkout API's calls by license key and its JWKS need no permission
        // (contract section 11.1): they answer whatever they answer, but never 401 or 403.
        const bool by_key = path.key().find("{licenseKey}") != std::string::npos ||
                            path.key().find("describe-license-key") != std::string::npos ||
                            path.key().find("jwks.json") != std::string::npos;
        CHECK(by_key);
        // The describe calls by key name theirs in the query; without one they are calls by
        // consumer, which need License.checkout.
        if (path.key().find("describe-license-key") != std::string::npos)
          concrete += "?licenseKey=NO-SUCH-KEY-0123456789";
        httplib::Result r = method == "GET"
                                ? s.client().Get(concrete, none)
                                : s.client().Post(concrete, none, "[]", "application/json");
        r = checked(std::move(r));
        CHECK(r->status != 401);
        CHECK(r->status != 403);
        ++keyed;
        continue;
      }
      const std::string permission = op->at("x-scale-mock-permission").get<std::string>();
      if ((permission.rfind("License.", 0) == 0 && permission != "License.checkout") ||
          permission == "Product.read" || permission == "LicenseModel.read")
        ++licensing;
      httplib::Result r =
          method == "GET"    ? s.client().Get(concrete, none)
          : method == "POST" ? s.client().Post(concrete, none, "{}", "application/json")
          : method == "PUT"  ? s.client().Put(concrete, none, "{}", "application/json")
                             : s.client().Delete(concrete, none);
      r = checked(std::move(r));
      CHECK(r->status == 403);
      CHECK_THAT(description_of(r), Contains("permission " + permission + " needed for " + method));
    }
  }
  CHECK(licensing == 12);  // section 10: six catalogue reads, six license operations
  CHECK(keyed == 9);       // section 11: six calls by key, two describe calls by key, the JWKS
  CHECK(operations > licensing + keyed);
}
