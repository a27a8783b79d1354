// The setup actions end to end over real HTTP: onboarding a B2B and a B2C customer, setup-user
// against the consumers' unique values, delete-user, and concurrent setups with one email.

#include <algorithm>
#include <catch2/catch.hpp>
#include <latch>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/messages.hpp"
#include "http/envelope.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;

TEST_CASE("onboarding a B2B customer: organization, a second container, staff and a device",
          "[api][onboarding]") {
  TestServer s;
  auto r = s.post_json(kSetupOrg, {{"name", "Acme Oy"},
                                   {"naturalId", "crm-1001"},
                                   {"email", "Licensing@Acme.example"},
                                   {"externalReference", "shop-77"}});
  REQUIRE(r);
  REQUIRE(r->status == 201);
  const Json acme = body_of(r);
  const std::string L = id_of(acme);
  CHECK(acme["type"] == "ORGANIZATION");
  CHECK(acme["email"] == "Licensing@Acme.example");  // stored as given
  CHECK(acme["displayName"].is_null());
  CHECK(acme["description"].is_null());
  CHECK(r->get_header_value("Location") == "/licensees/" + L);
  CHECK(r->get_header_value("Content-Type") == scale::http::kJsonContentType);

  auto again = checked(s.client().Get(r->get_header_value("Location")));
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(body_of(again) == acme);

  // The default container came with it; no consumer did.
  auto boxes = s.get("/licensees/" + L + "/license-containers");
  REQUIRE(boxes);
  CHECK(boxes->get_header_value("X-Total-Count") == "1");
  const Json box_list = body_of(boxes);
  REQUIRE(box_list.size() == 1);
  CHECK(box_list[0]["usedAsDefault"] == true);
  CHECK(box_list[0]["name"] == "default");
  const std::string D = id_of(box_list[0]);
  CHECK(s.total("/licensees/" + L + "/license-consumers") == 0);
  CHECK(s.total("/license-consumers") == 0);

  const Json farm = s.create_container(L, {{"name", "Build farm"}});
  const std::string B = id_of(farm);
  CHECK(farm["usedAsDefault"] == false);
  CHECK(body_of(s.get("/licensees/" + L + "/license-containers/default"))["id"] == D);

  const Json ada = s.create_consumer(
      {{"type", "PERSON"}, {"name", "Ada Lindqvist"}, {"email", "ada@acme.example"}});
  const Json agent = s.create_consumer({{"type", "DEVICE"}, {"name", "ACME-BUILD-01"}});
  const std::string P = id_of(ada);
  const std::string V = id_of(agent);

  auto assoc = s.put_empty("/licensees/" + L + "/license-consumers/" + P);
  REQUIRE(assoc);
  CHECK(assoc->status == 204);
  auto grant =
      s.put_empty("/licensees/" + L + "/license-containers/" + B + "/license-consumers/" + V);
  REQUIRE(grant);
  CHECK(grant->status == 204);

  CHECK(list_ids(s, "/licensees/" + L + "/license-consumers") == in_list_order({ada, agent}));
  CHECK(list_ids(s, "/licensees/" + L + "/license-containers/" + D + "/license-consumers") ==
        std::vector<std::string>{P});
  CHECK(list_ids(s, "/licensees/" + L + "/license-containers/" + B + "/license-consumers") ==
        std::vector<std::string>{V});

  auto by_email = s.get("/licensees/actions/find-by-email?email=licensing@ACME.EXAMPLE");
  REQUIRE(by_email);
  CHECK(by_email->status == 200);
  CHECK(body_of(by_email)["id"] == L);
  auto by_natural = s.get("/licensees/actions/find-by-naturalid?naturalId=crm-1001");
  REQUIRE(by_natural);
  CHECK(body_of(by_natural)["id"] == L);
}

TEST_CASE(
    "onboarding a B2C customer: setup-user makes the licensee, its default container and "
    "a PERSON consumer with access",
    "[api][onboarding]") {
  TestServer s;
  auto r = s.post_json(kSetupUser, {{"name", "Eva Berg"},
                                    {"displayName", "Eva"},
                                    {"email", "Eva.Berg@mail.example"},
                                    {"description", "Shop customer"},
                                    {"externalReference", "stripe-cus-1"},
                                    {"connectedIdentityId", "oidc|shop|eva"},
                                    {"contactInfo", "consumer-only, ignored"},
                                    {"displayLabel", "consumer-only, ignored"}});
  REQUIRE(r);
  REQUIRE(r->status == 201);
  const Json eva = body_of(r);
  const std::string L = id_of(eva);
  CHECK(eva["type"] == "PERSON");
  CHECK(r->get_header_value("Location") == "/licensees/" + L);
  CHECK_FALSE(eva.contains("connectedIdentityId"));
  REQUIRE(eva["naturalId"].is_string());
  CHECK_FALSE(eva["naturalId"].get<std::string>().empty());

  auto found = s.get("/license-consumers/actions/find-by-email?email=eva.berg@MAIL.example");
  REQUIRE(found);
  REQUIRE(found->status == 200);
  const Json consumer = body_of(found);
  const std::string P = id_of(consumer);
  CHECK(P != L);
  CHECK(consumer["type"] == "PERSON");
  CHECK(consumer["name"] == "Eva Berg");
  CHECK(consumer["displayName"] == "Eva");
  CHECK(consumer["email"] == "Eva.Berg@mail.example");
  CHECK(consumer["description"] == "Shop customer");
  CHECK(consumer["externalReference"] == "stripe-cus-1");
  CHECK(consumer["connectedIdentityId"] == "oidc|shop|eva");
  CHECK(consumer["naturalId"] == eva["naturalId"]);  // the same generated value
  CHECK(consumer["contactInfo"].is_null());
  CHECK(consumer["displayLabel"].is_null());

  CHECK(list_ids(s, "/licensees/" + L + "/license-consumers") == std::vector<std::string>{P});
  CHECK(list_ids(s, "/licensees/" + L + "/license-containers/default/license-consumers") ==
        std::vector<std::string>{P});
  CHECK(s.total("/licensees/" + L + "/license-containers") == 1);

  // A device of the same customer stays when the customer is deleted with delete-user.
  const Json laptop = s.create_consumer({{"type", "DEVICE"}, {"name", "eva-laptop"}});
  REQUIRE(s.put_empty("/licensees/" + L + "/license-consumers/" + id_of(laptop))->status == 204);

  auto gone = s.del("/licensees/actions/delete-user?licenseeId=" + L);
  REQUIRE(gone);
  CHECK(gone->status == 204);
  CHECK(s.get("/licensees/" + L)->status == 404);
  CHECK(s.get("/license-consumers/" + P)->status == 404);
  CHECK(s.get("/license-consumers/" + id_of(laptop))->status == 200);
  CHECK(s.total("/licensees") == 0);
  CHECK(list_ids(s, "/license-consumers") == std::vector<std::string>{id_of(laptop)});
}

TEST_CASE("setup-user with an email or identity used by a consumer creates nothing",
          "[api][licensee]") {
  TestServer s;
  const Json taken = s.create_consumer({{"type", "PERSON"},
                                        {"name", "Ada"},
                                        {"email", "ada@acme.example"},
                                        {"connectedIdentityId", "oidc|ada"},
                                        {"externalReference", "hr-1"},
                                        {"naturalId", "emp-1"}});
  const std::string owner = "license consumer " + id_of(taken);

  SECTION("email, compared case-insensitively") {
    auto r = s.post_json(kSetupUser, {{"name", "Ada"}, {"email", "ADA@acme.example"}});
    CHECK_THAT(r, IsEnvelope(409));
    CHECK(description_of(r) ==
          "email " + msg::already_used("ADA@acme.example", "license consumer " + id_of(taken)));
  }
  SECTION("connectedIdentityId") {
    auto r = s.post_json(kSetupUser, {{"name", "Ada"}, {"connectedIdentityId", "oidc|ada"}});
    CHECK_THAT(r, IsEnvelope(409));
    CHECK(description_of(r) == "connectedIdentityId " + msg::already_used("oidc|ada", owner));
  }
  SECTION("the copied externalReference") {
    auto r = s.post_json(kSetupUser, {{"name", "Ada"}, {"externalReference", "hr-1"}});
    CHECK_THAT(r, IsEnvelope(409));
    CHECK(description_of(r) == "externalReference " + msg::already_used("hr-1", owner));
  }
  SECTION("the copied naturalId") {
    auto r = s.post_json(kSetupUser, {{"name", "Ada"}, {"naturalId", "emp-1"}});
    CHECK_THAT(r, IsEnvelope(409));
    CHECK(description_of(r) == "naturalId " + msg::already_used("emp-1", owner));
  }
  CHECK(s.total("/licensees") == 0);
  CHECK(s.total("/license-consumers") == 1);
  // Only setup-user checks the consumers: an organization may reuse every one of these values.
  auto org = s.post_json(kSetupOrg, {{"name", "Ada Oy"},
                                     {"email", "ada@acme.example"},
                                     {"externalReference", "hr-1"},
                                     {"naturalId", "emp-1"}});
  CHECK(org->status == 201);
}

TEST_CASE("delete-user on an ORGANIZATION licensee is 400 and deletes nothing", "[api][licensee]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}, {"email", "it@acme.example"}});
  const Json p =
      s.create_consumer({{"type", "PERSON"}, {"name", "IT"}, {"email", "it@acme.example"}});
  REQUIRE(s.put_empty("/licensees/" + id_of(org) + "/license-consumers/" + id_of(p))->status ==
          204);

  auto r = s.del("/licensees/actions/delete-user?licenseeId=" + id_of(org));
  CHECK_THAT(r, IsEnvelope(400));
  CHECK(description_of(r) ==
        "licenseeId " + msg::delete_user_needs_person(id_of(org), "ORGANIZATION"));
  CHECK(s.get("/licensees/" + id_of(org))->status == 200);
  CHECK(s.get("/license-consumers/" + id_of(p))->status == 200);
  CHECK(s.total("/licensees/" + id_of(org) + "/license-consumers") == 1);

  CHECK_THAT(s.del(std::string("/licensees/actions/delete-user?licenseeId=") + kUnknownId),
             IsEnvelope(404));
  CHECK_THAT(s.del("/licensees/actions/delete-user?licenseeId=nope"), IsEnvelope(400));
  CHECK_THAT(s.del("/licensees/actions/delete-user"), IsEnvelope(400));
}

TEST_CASE("delete-user removes the PERSON consumer with the licensee's current email",
          "[api][licensee]") {
  TestServer s;
  const Json eva = s.setup_user({{"name", "Eva"}, {"email", "eva@mail.example"}});
  const std::string L = "/licensees/" + id_of(eva);
  const Json copied =
      body_of(s.get("/license-consumers/actions/find-by-email?email=eva@mail.example"));

  SECTION("after a PUT changed the licensee's email, the old consumer stays") {
    const Json other =
        s.create_consumer({{"type", "PERSON"}, {"name", "New"}, {"email", "eva@new.example"}});
    REQUIRE(s.put_json(L, {{"name", "Eva"}, {"email", "EVA@new.example"}})->status == 200);
    CHECK(s.del("/licensees/actions/delete-user?licenseeId=" + id_of(eva))->status == 204);
    CHECK(s.get("/license-consumers/" + id_of(copied))->status == 200);
    CHECK(s.get("/license-consumers/" + id_of(other))->status == 404);
  }
  SECTION("a DEVICE consumer with that email is not deleted") {
    // Free the email among consumers, then give it to a device.
    REQUIRE(s.del("/license-consumers/" + id_of(copied))->status == 204);
    const Json device =
        s.create_consumer({{"type", "DEVICE"}, {"name", "Box"}, {"email", "eva@mail.example"}});
    CHECK(s.del("/licensees/actions/delete-user?licenseeId=" + id_of(eva))->status == 204);
    CHECK(s.get("/license-consumers/" + id_of(device))->status == 200);
  }
  SECTION("without an email, no consumer is deleted") {
    const Json anon = s.setup_user({{"name", "Anon"}});
    const std::size_t before = s.total("/license-consumers");
    CHECK(s.del("/licensees/actions/delete-user?licenseeId=" + id_of(anon))->status == 204);
    CHECK(s.total("/license-consumers") == before);
    CHECK(s.get("/licensees/" + id_of(anon))->status == 404);
  }
}

TEST_CASE("8 concurrent setups with the same email: exactly one 201, the rest 409",
          "[api][concurrency]") {
  constexpr int kThreads = 8;
  TestServer s(with_threads(kThreads + 2));
  for (const char* action : {kSetupOrg, kSetupUser}) {
    INFO(action);
    const std::string email = std::string("race@") +
                              (std::string_view(action) == kSetupOrg ? "org" : "user") + ".example";
    std::vector<int> statuses(kThreads, 0);
    std::latch start(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        auto client = s.make_client();
        // Vary the letter case: uniqueness folds it.
        std::string mine = email;
        if (i % 2) mine = upper(mine);
        const std::string body =
            Json{{"name", "Racer " + std::to_string(i)}, {"email", mine}}.dump();
        start.arrive_and_wait();
        auto r = client->Post(action, body, "application/json");
        statuses[static_cast<std::size_t>(i)] = r ? r->status : -1;
      });
    }
    for (auto& t : threads) t.join();
    CHECK(std::count(statuses.begin(), statuses.end(), 201) == 1);
    CHECK(std::count(statuses.begin(), statuses.end(), 409) == kThreads - 1);
  }
  CHECK(s.total("/licensees") == 2);
  CHECK(s.total("/license-consumers") == 1);
}
