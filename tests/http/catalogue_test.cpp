// The catalogue over real HTTP (contract section 10.1): license models, products and their
// product configurations, read-only, loaded from a state document or the default fixtures.

#include <catch2/catch.hpp>
#include <string>

#include "domain/messages.hpp"
#include "http/license_support.hpp"
#include "support/json_keys.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using namespace scale::testing::lic;
namespace msg = scale::domain::msg;

TEST_CASE("license models are listed in created order and read one by one", "[api][catalogue]") {
  TestServer s;
  load_catalogue(s);
  auto r = s.get("/license-models");
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("X-Total-Count") == "2");
  const Json list = body_of(r);
  REQUIRE(list.is_array());
  // Same created: ordered by id.
  CHECK(ids_in(list) == std::vector<std::string>{kNamedUser, kFloating});
  CHECK(keys_of(list[0]) ==
        std::vector<std::string>{"id", "name", "concurrentUserAppInstancesPerSeat",
                                 "concurrentUserDevicesPerSeat", "maxAssignmentsPerUser", "created",
                                 "modified"});
  auto one = s.get(std::string("/license-models/") + kFloating);
  REQUIRE(one->status == 200);
  CHECK(body_of(one) == list[1]);
  CHECK(body_of(one)["maxAssignmentsPerUser"].is_null());

  auto page = s.get("/license-models?offset=1&limit=1");
  CHECK(ids_in(body_of(page)) == std::vector<std::string>{kFloating});
  CHECK(page->get_header_value("X-Total-Count") == "2");
  CHECK_THAT(s.get("/license-models?limit=1001"), IsEnvelope(400));

  auto unknown = s.get(std::string("/license-models/") + kUnknownId);
  CHECK_THAT(unknown, IsEnvelope(404));
  CHECK_THAT(description_of(unknown), Catch::Matchers::Contains(kUnknownId));
  auto bad = s.get("/license-models/not-a-uuid");
  CHECK_THAT(bad, IsEnvelope(400));
  CHECK(description_of(bad) == "licenseModelId " + msg::not_a_uuid("not-a-uuid"));
}

TEST_CASE("products and their configurations are read through the product", "[api][catalogue]") {
  TestServer s;
  load_catalogue(s);
  auto products = body_of(s.get("/products"));
  CHECK(ids_in(products) == std::vector<std::string>{kCad, kSim});
  // A product answer has no configurations: they have their own path.
  CHECK(keys_of(products[0]) == std::vector<std::string>{"id", "name", "displayName",
                                                         "externalReference", "created",
                                                         "modified"});
  CHECK(products[0]["externalReference"].is_null());
  CHECK(body_of(s.get(std::string("/products/") + kSim))["externalReference"] == "sku-sim");

  const std::string cad = std::string("/products/") + kCad + "/product-configurations";
  auto r = s.get(cad);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("X-Total-Count") == "2");
  const Json configs = body_of(r);
  CHECK(ids_in(configs) == std::vector<std::string>{kCadPro, kCredits});
  CHECK(keys_of(configs[0]) ==
        std::vector<std::string>{"id", "name", "displayName", "features", "licenseModelId",
                                 "qtyDimension", "qtyEnforcementType", "qty", "validityDays",
                                 "externalReference", "created", "modified"});
  CHECK(configs[0]["features"] == Json::array({"modeling", "rendering"}));
  CHECK(configs[1]["validityDays"].is_null());
  CHECK(configs[1]["displayName"].is_null());
  CHECK(body_of(s.get(cad + "/" + kCredits)) == configs[1]);

  // A configuration is found only under its own product.
  auto elsewhere = s.get(std::string("/products/") + kSim + "/product-configurations/" + kCadPro);
  CHECK_THAT(elsewhere, IsEnvelope(404));
  CHECK(description_of(elsewhere) == msg::configuration_not_of_product(kCadPro, kSim));
  CHECK_THAT(s.get(std::string("/products/") + kUnknownId), IsEnvelope(404));
  CHECK_THAT(s.get(std::string("/products/") + kUnknownId + "/product-configurations"),
             IsEnvelope(404));
  auto bad = s.get(cad + "/x");
  CHECK_THAT(bad, IsEnvelope(400));
  CHECK(description_of(bad) == "productConfigId " + msg::not_a_uuid("x"));
}

TEST_CASE("the catalogue is read-only through the API", "[api][catalogue]") {
  TestServer s;
  load_catalogue(s);
  auto post = s.post_json("/products", {{"name", "new"}});
  CHECK_THAT(post, IsEnvelope(405));
  CHECK(allow_of(post) == std::set<std::string>{"GET", "HEAD", "OPTIONS"});
  CHECK_THAT(s.del(std::string("/license-models/") + kNamedUser), IsEnvelope(405));
  CHECK_THAT(
      s.put_json(std::string("/products/") + kCad + "/product-configurations/" + kCadPro, {}),
      IsEnvelope(405));
  CHECK(s.head("/products")->status == 200);
}

TEST_CASE("the default fixtures hold two products, three configurations and two models",
          "[api][catalogue][fixtures]") {
  TestServer s(with_default_fixtures());
  const Json products = body_of(s.get("/products"));
  REQUIRE(products.size() == 2);
  std::set<std::string> dimensions, enforcement;
  std::size_t configs = 0;
  for (const auto& p : products) {
    const Json list = body_of(s.get("/products/" + id_of(p) + "/product-configurations"));
    for (const auto& c : list) {
      ++configs;
      dimensions.insert(c["qtyDimension"].get<std::string>());
      enforcement.insert(c["qtyEnforcementType"].get<std::string>());
      CHECK(s.get("/license-models/" + c["licenseModelId"].get<std::string>())->status == 200);
    }
  }
  CHECK(configs == 3);
  CHECK(dimensions == std::set<std::string>{"SEATS", "USE_COUNT", "USE_TIME"});
  CHECK(enforcement == std::set<std::string>{"ENFORCED", "METERED"});
  CHECK(s.total("/license-models") == 2);
}
