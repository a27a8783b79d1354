// The order of checks (contract section 9): route (404, 405), path id (400), content type (415),
// body size (413), JSON syntax (400), parents (404), field validation (400), uniqueness (409);
// where several fields clash, the first in contract order is named.

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "domain/messages.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;
using Catch::Matchers::StartsWith;

TEST_CASE("an unknown route or method wins over a wrong content type", "[api][order]") {
  TestServer s;
  CHECK_THAT(s.post_raw("/licensees/actions/setup-nothing", "{", "text/plain"), IsEnvelope(404));
  CHECK_THAT(s.post_raw("/licensees/actions/setup-organization/", "{", "text/plain"),
             IsEnvelope(404));
  auto r = s.post_raw("/licensees", "{", "text/plain");
  CHECK_THAT(r, IsEnvelope(405));
  CHECK(r->has_header("Allow"));
  // A wrong method wins over a path id that is not a UUID.
  CHECK_THAT(s.post_raw("/licensees/not-a-uuid", "{}"), IsEnvelope(405));
}

TEST_CASE("a path id that is not a UUID wins over a wrong content type", "[api][order]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  auto put = s.put_raw("/licensees/nope", "{", "text/plain");
  CHECK_THAT(put, IsEnvelope(400));
  CHECK(description_of(put) == "licenseeId " + msg::not_a_uuid("nope"));

  auto post = s.post_raw("/licensees/nope/license-containers", "{", "text/plain");
  CHECK_THAT(post, IsEnvelope(400));
  CHECK(description_of(post) == "licenseeId " + msg::not_a_uuid("nope"));

  auto box = s.put_raw("/licensees/" + id_of(org) + "/license-containers/nope", "{", "text/plain");
  CHECK_THAT(box, IsEnvelope(400));
  CHECK(description_of(box) == "licenseContainerId " + msg::not_a_uuid("nope"));

  auto con = s.put_raw("/license-consumers/nope", "{", "text/plain");
  CHECK_THAT(con, IsEnvelope(400));
  CHECK(description_of(con) == "licenseConsumerId " + msg::not_a_uuid("nope"));
}

TEST_CASE("a wrong content type wins over malformed JSON and an unknown licensee", "[api][order]") {
  TestServer s;
  CHECK_THAT(s.post_raw(kSetupOrg, "{not json", "text/plain"), IsEnvelope(415));
  CHECK_THAT(s.put_raw(std::string("/licensees/") + kUnknownId, "{not json", "text/plain"),
             IsEnvelope(415));
  CHECK_THAT(s.post_raw(std::string("/licensees/") + kUnknownId + "/license-containers", "{",
                        "text/plain"),
             IsEnvelope(415));
}

TEST_CASE("malformed JSON wins over an unknown licensee", "[api][order]") {
  TestServer s;
  auto r = s.put_raw(std::string("/licensees/") + kUnknownId, "{\"name\":");
  CHECK_THAT(r, IsEnvelope(400));
  CHECK_THAT(s.post_raw(std::string("/licensees/") + kUnknownId + "/license-containers", "[1,]"),
             IsEnvelope(400));
  CHECK_THAT(s.put_raw(std::string("/license-consumers/") + kUnknownId, "nul"), IsEnvelope(400));
}

TEST_CASE("an unknown parent wins over field validation on PUT and container POST",
          "[api][order]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string unknown_lic = std::string("/licensees/") + kUnknownId;
  const std::string licensee_gone = msg::no_such("licensee", kUnknownId);

  auto put = s.put_json(unknown_lic, {{"name", 5}});
  CHECK_THAT(put, IsEnvelope(404));
  CHECK(description_of(put) == licensee_gone);
  CHECK_THAT(s.put_json(unknown_lic, {{"name", ""}, {"email", "not an email"}}), IsEnvelope(404));
  CHECK_THAT(s.put_json(unknown_lic, {{"id", "not-a-uuid"}}), IsEnvelope(404));

  auto post = s.post_json(unknown_lic + "/license-containers", {{"usedAsDefault", "true"}});
  CHECK_THAT(post, IsEnvelope(404));
  CHECK(description_of(post) == licensee_gone);
  CHECK_THAT(s.post_json(unknown_lic + "/license-containers", {{"name", repeat("x", 300)}}),
             IsEnvelope(404));

  CHECK_THAT(s.put_json(unknown_lic + "/license-containers/default", {{"name", 5}}),
             IsEnvelope(404));
  auto box = s.put_json("/licensees/" + id_of(org) + "/license-containers/" + kUnknownId,
                        {{"usedAsDefault", "yes"}});
  CHECK_THAT(box, IsEnvelope(404));
  CHECK(description_of(box) == msg::container_not_of_licensee(kUnknownId, id_of(org)));

  auto con =
      s.put_json(std::string("/license-consumers/") + kUnknownId, {{"type", "ROBOT"}, {"name", 1}});
  CHECK_THAT(con, IsEnvelope(404));
  CHECK(description_of(con) == msg::no_such("license consumer", kUnknownId));
}

TEST_CASE("field validation wins over uniqueness, and the first field in contract order is named",
          "[api][order]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"},
                                         {"naturalId", "crm-1"},
                                         {"email", "it@acme.example"},
                                         {"externalReference", "ext-1"}});
  const std::string owner = "licensee " + id_of(org);

  auto invalid = s.post_json(kSetupOrg, {{"name", " "}, {"naturalId", "crm-1"}});
  CHECK_THAT(invalid, IsEnvelope(400));
  CHECK(description_of(invalid) == "name " + msg::blank());

  auto two_invalid = s.post_json(kSetupOrg, {{"email", "bad"}, {"description", repeat("d", 4001)}});
  CHECK_THAT(two_invalid, IsEnvelope(400));
  CHECK(description_of(two_invalid) == "name " + msg::required());

  auto email_then_desc =
      s.post_json(kSetupOrg, {{"name", "X"}, {"description", repeat("d", 4001)}, {"email", "bad"}});
  CHECK(description_of(email_then_desc) == "email " + msg::bad_email("bad"));

  auto all_clash = s.post_json(kSetupOrg, {{"name", "B"},
                                           {"externalReference", "ext-1"},
                                           {"email", "IT@acme.example"},
                                           {"naturalId", "crm-1"}});
  CHECK_THAT(all_clash, IsEnvelope(409));
  CHECK(description_of(all_clash) == "naturalId " + msg::already_used("crm-1", owner));

  auto two_clash = s.post_json(
      kSetupOrg, {{"name", "B"}, {"externalReference", "ext-1"}, {"email", "it@ACME.example"}});
  CHECK(description_of(two_clash) == "email " + msg::already_used("it@ACME.example", owner));

  // On PUT: a read-only field that does not match wins over uniqueness.
  const Json other = s.setup_organization({{"name", "Other"}});
  auto put = s.put_json("/licensees/" + id_of(other),
                        {{"name", "Other"}, {"type", "PERSON"}, {"naturalId", "crm-1"}});
  CHECK_THAT(put, IsEnvelope(400));
  CHECK_THAT(description_of(put), StartsWith("type "));

  // Consumers: email, connectedIdentityId, externalReference, naturalId.
  const Json c = s.create_consumer({{"type", "PERSON"},
                                    {"name", "Ada"},
                                    {"email", "ada@acme.example"},
                                    {"connectedIdentityId", "oidc|ada"},
                                    {"externalReference", "hr-1"},
                                    {"naturalId", "emp-1"}});
  const std::string cowner = "license consumer " + id_of(c);
  auto c_all = s.post_json("/license-consumers", {{"type", "DEVICE"},
                                                  {"name", "X"},
                                                  {"naturalId", "emp-1"},
                                                  {"externalReference", "hr-1"},
                                                  {"connectedIdentityId", "oidc|ada"},
                                                  {"email", "ada@acme.example"}});
  CHECK_THAT(c_all, IsEnvelope(409));
  CHECK(description_of(c_all) == "email " + msg::already_used("ada@acme.example", cowner));
  auto c_three = s.post_json("/license-consumers", {{"type", "DEVICE"},
                                                    {"name", "X"},
                                                    {"naturalId", "emp-1"},
                                                    {"externalReference", "hr-1"},
                                                    {"connectedIdentityId", "oidc|ada"}});
  CHECK(description_of(c_three) == "connectedIdentityId " + msg::already_used("oidc|ada", cowner));
  auto c_two = s.post_json(
      "/license-consumers",
      {{"type", "DEVICE"}, {"name", "X"}, {"naturalId", "emp-1"}, {"externalReference", "hr-1"}});
  CHECK(description_of(c_two) == "externalReference " + msg::already_used("hr-1", cowner));
  CHECK(s.total("/licensees") == 2);
  CHECK(s.total("/license-consumers") == 1);
}

TEST_CASE("an unknown route or method wins over body size", "[api][order]") {
  TestServer s(with_body_limit(2000));
  const std::string big = body_of_size(2001, "Over");
  CHECK_THAT(s.post_raw("/no-such-route", big), IsEnvelope(404));
  auto r = s.post_raw("/licensees", big);
  CHECK_THAT(r, IsEnvelope(405));
  CHECK(allow_of(r) == std::set<std::string>{"GET", "HEAD", "OPTIONS"});
  // Chunked, too.
  auto raw = raw_exchange(s.port(), chunked_request("/no-such-route", cut(big, 500)));
  CHECK(raw_status(raw) == 404);
}

TEST_CASE("a bad path id and a wrong content type win over body size", "[api][order]") {
  // Contract section 9: route (404/405), path id (400), content type (415), body size (413).
  TestServer s(with_body_limit(2000));
  const std::string big = body_of_size(2001, "Over");
  CHECK_THAT(s.put_raw("/licensees/nope", big), IsEnvelope(400));
  CHECK_THAT(s.post_raw(kSetupOrg, big, "text/plain"), IsEnvelope(415));
}
