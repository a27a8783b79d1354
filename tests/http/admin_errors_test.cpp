// Errors through one door (issue 13 item 3): the /__admin routes and the server answer every
// error in the envelope, with the status of its kind and the description of a named message
// (domain/messages.hpp), which these tests assert through the same constants.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "controls/namespaces.hpp"
#include "domain/messages.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;

namespace {

// The answer is the envelope for `status` with exactly `description`.
void check_error(const httplib::Result& r, int status, const std::string& description) {
  CHECK_THAT(r, IsEnvelope(status));
  CHECK(description_of(r) == description);
}

}  // namespace

TEST_CASE("unknown routes and methods are answered through the named messages", "[admin][errors]") {
  TestServer s;
  check_error(s.get("/__admin/nope"), 404, msg::no_route("GET", "/__admin/nope"));
  check_error(s.get("/nope"), 404, msg::no_route("GET", "/nope"));
  auto r = s.del("/__admin/clock");
  check_error(r, 405,
              msg::method_not_allowed("DELETE", "/__admin/clock", r->get_header_value("Allow")));
  CHECK(r->get_header_value("Allow") == "GET, PUT, HEAD, OPTIONS");
  r = s.del("/console/");
  check_error(r, 405, msg::method_not_allowed("DELETE", "/console/", "GET, HEAD, OPTIONS"));
  check_error(s.get("/console/nope.js"), 404, msg::no_console_file("/console/nope.js"));
}

TEST_CASE("admin bodies that are not JSON, or too large, get the API's 415 and 413",
          "[admin][errors]") {
  TestServer s(with_body_limit(64));
  check_error(s.put_raw("/__admin/seed", R"({"seed":1})", "text/plain"), 415,
              msg::not_json("text/plain"));
  check_error(s.post_raw(kSetupOrg, R"({"name":"Acme"})", "text/plain"), 415,
              msg::not_json("text/plain"));
  check_error(s.put_raw("/__admin/state", std::string(65, ' ') + "{}"), 413,
              msg::body_too_large(64));
  check_error(s.post_raw(kSetupOrg, std::string(65, ' ') + "{}"), 413, msg::body_too_large(64));
}

TEST_CASE("namespace failures are 400 naming the header and 429 naming the limit",
          "[admin][errors][namespaces]") {
  TestServer s(with_max_namespaces(2));
  auto client = s.make_client();
  client->set_default_headers({{scale::controls::kNamespaceHeader, "a b"}});
  check_error(
      checked(client->Get("/__admin/health")), 400,
      std::string(scale::controls::kNamespaceHeader) + " " + msg::bad_namespace_name("a b"));
  client->set_default_headers({{scale::controls::kNamespaceHeader, "second"}});
  CHECK(checked(client->Get("/__admin/health"))->status == 200);
  client->set_default_headers({{scale::controls::kNamespaceHeader, "third"}});
  check_error(checked(client->Get("/licensees")), 429, msg::too_many_namespaces("third", 2));
}

TEST_CASE("snapshot, development tokens and unknown faults answer their named messages",
          "[admin][errors]") {
  TestServer s;
  check_error(s.post_raw("/__admin/snapshot", ""), 409, msg::no_state_file());
  check_error(s.del("/__admin/faults/fault-9"), 404, msg::no_such_fault("fault-9"));
  TestServerOptions no_key;
  no_key.no_dev_key = true;
  TestServer without(no_key);
  check_error(without.post_raw("/__admin/token", ""), 404, msg::no_dev_key());
}

TEST_CASE("journal filters and paging name the parameter through the API's messages",
          "[admin][errors]") {
  TestServer s;
  check_error(s.get("/__admin/requests?status=99"), 400, "status " + msg::not_a_status("99"));
  check_error(s.get("/__admin/requests?since=yesterday"), 400,
              "since " + msg::not_a_timestamp("yesterday"));
  check_error(s.get("/__admin/requests?offset=-1"), 400, "offset " + msg::not_a_count("-1"));
  check_error(s.get("/__admin/requests?limit=1001"), 400, "limit " + msg::more_than("1001", 1000));
  check_error(s.get("/licensees?limit=1001"), 400, "limit " + msg::more_than("1001", 1000));
  check_error(s.get("/licensees?offset=x"), 400, "offset " + msg::not_a_count("x"));
  check_error(s.get("/licensees/actions/find-by-email"), 400, "email " + msg::query_required());
  check_error(s.get("/licensees/actions/find-by-email?email="), 400, "email " + msg::query_empty());
}

TEST_CASE("fault rules that are not about one sent value keep their sentences",
          "[admin][errors][faults]") {
  TestServer s;
  check_error(s.post_json("/__admin/faults", {{"path", "/__admin/health"}, {"status", 503}}), 400,
              "path " + msg::fault_under_admin("/__admin/health"));
  check_error(s.post_json("/__admin/faults", {{"path", "/x"}, {"body", {{"a", 1}}}}), 400,
              "body " + msg::fault_body_needs_status());
  check_error(s.post_json("/__admin/faults", {{"path", "/x"}, {"drop", true}, {"status", 503}}),
              400, msg::fault_drop_and_status());
  check_error(s.post_json("/__admin/faults", {{"path", "/x"}}), 400, msg::fault_does_nothing());
  REQUIRE(s.post_json("/__admin/faults", {{"path", "/x"}, {"status", 503}})->status == 201);
  check_error(s.get("/x"), 503, msg::fault_injected("fault-1"));
}

// ================================================== a value that was sent but is wrong (item 5)

TEST_CASE("clock/advance names a seconds value that was sent but is wrong, not as required",
          "[admin][errors][clock]") {
  TestServer s(with_clock(1772366400000));
  const std::string before = s.get("/__admin/clock")->body;
  check_error(s.post_json("/__admin/clock/advance", {{"seconds", -5}}), 400,
              "seconds must be a number from 0 to 1000000000000, not -5");
  check_error(s.post_json("/__admin/clock/advance", {{"seconds", "5"}}), 400,
              "seconds " + msg::must_be(msg::kSecondsRule, "\"5\""));
  check_error(s.post_json("/__admin/clock/advance", {{"seconds", 1e13}}), 400,
              "seconds " + msg::must_be(msg::kSecondsRule, "10000000000000.0"));
  check_error(s.post_json("/__admin/clock/advance", Json::object()), 400,
              "seconds " + msg::required_as(msg::kSecondsRule));
  check_error(s.post_json("/__admin/clock/advance", {{"seconds", nullptr}}), 400,
              "seconds " + msg::required_as(msg::kSecondsRule));
  CHECK(s.get("/__admin/clock")->body == before);
}

TEST_CASE("seed names a value that was sent but is wrong, not as required",
          "[admin][errors][seed]") {
  TestServer s;
  check_error(s.put_json("/__admin/seed", {{"seed", "abc"}}), 400,
              "seed must be a non-negative integer, not \"abc\"");
  check_error(s.put_json("/__admin/seed", {{"seed", -1}}), 400,
              "seed " + msg::must_be(msg::kSeedRule, "-1"));
  check_error(s.put_json("/__admin/seed", {{"seed", 1.5}}), 400,
              "seed " + msg::must_be(msg::kSeedRule, "1.5"));
  check_error(s.put_json("/__admin/seed", Json::object()), 400,
              "seed " + msg::required_as(msg::kSeedRule));
  check_error(s.put_json("/__admin/seed", {{"seed", nullptr}}), 400,
              "seed " + msg::required_as(msg::kSeedRule));
}

TEST_CASE("a fault path that was sent but is wrong is named as wrong, not as required",
          "[admin][errors][faults]") {
  TestServer s;
  check_error(s.post_json("/__admin/faults", {{"path", "licensees"}, {"status", 503}}), 400,
              "path " + msg::must_be(msg::kFaultPathRule, "\"licensees\""));
  check_error(s.post_json("/__admin/faults", {{"path", ""}, {"status", 503}}), 400,
              "path " + msg::must_be(msg::kFaultPathRule, "\"\""));
  check_error(s.post_json("/__admin/faults", {{"path", 5}, {"status", 503}}), 400,
              "path " + msg::must_be(msg::kFaultPathRule, "5"));
  check_error(s.post_json("/__admin/faults", {{"status", 503}}), 400,
              "path " + msg::required_as(msg::kFaultPathRule));
  check_error(s.post_json("/__admin/faults", {{"path", nullptr}, {"status", 503}}), 400,
              "path " + msg::required_as(msg::kFaultPathRule));
  CHECK(body_of(s.get("/__admin/faults"))["faults"].empty());
}

TEST_CASE("a fault status beyond the range of int is 400, not the status it wraps to",
          "[admin][errors][faults]") {
  TestServer s;
  // 2^32 + 400, which read as an int is 400.
  check_error(s.post_json("/__admin/faults", {{"path", "/licensees"}, {"status", 4294967696LL}}),
              400, "status " + msg::must_be(msg::kFaultStatusRule, "4294967696"));
  check_error(
      s.post_json("/__admin/faults", {{"path", "/licensees"}, {"status", 18446744073709551615ULL}}),
      400, "status " + msg::must_be(msg::kFaultStatusRule, "18446744073709551615"));
  CHECK(body_of(s.get("/__admin/faults"))["faults"].empty());
  CHECK(s.get("/licensees")->status == 200);
}

TEST_CASE("every other admin body field names the value that was sent", "[admin][errors]") {
  TestServer s;
  struct Case {
    const char* method;
    const char* path;
    Json body;
    std::string description;
  };
  const std::vector<Case> cases = {
      {"POST",
       "/__admin/reset",
       {{"to", "nothing"}},
       "to " + msg::must_be(msg::kResetTargetRule, "\"nothing\"")},
      {"POST",
       "/__admin/faults",
       {{"method", 5}, {"path", "/x"}, {"status", 503}},
       "method " + msg::must_be(msg::kFaultMethodRule, "5")},
      {"POST",
       "/__admin/faults",
       {{"method", ""}, {"path", "/x"}, {"status", 503}},
       "method " + msg::must_be(msg::kFaultMethodRule, "\"\"")},
      {"POST",
       "/__admin/faults",
       {{"path", "/x"}, {"status", "503"}},
       "status " + msg::must_be(msg::kFaultStatusRule, "\"503\"")},
      {"POST",
       "/__admin/faults",
       {{"path", "/x"}, {"status", 99}},
       "status " + msg::must_be(msg::kFaultStatusRule, "99")},
      {"POST",
       "/__admin/faults",
       {{"path", "/x"}, {"delayMs", -1}},
       "delayMs " + msg::must_be(msg::kDelayMsRule, "-1")},
      {"POST",
       "/__admin/faults",
       {{"path", "/x"}, {"drop", "yes"}},
       "drop " + msg::must_be(msg::kBooleanRule, "\"yes\"")},
      {"POST",
       "/__admin/faults",
       {{"path", "/x"}, {"status", 503}, {"times", 0}},
       "times " + msg::must_be(msg::kTimesRule, "0")},
      {"PUT",
       "/__admin/clock",
       {{"frozen", "yes"}},
       "frozen " + msg::must_be(msg::kBooleanRule, "\"yes\"")},
      {"PUT",
       "/__admin/clock",
       {{"now", "tomorrow"}},
       "now " + msg::must_be(msg::kTimestampRule, "\"tomorrow\"")},
      {"PUT", "/__admin/clock", {{"now", 12}}, "now " + msg::must_be(msg::kTimestampRule, "12")},
      {"POST", "/__admin/token", {{"sub", 7}}, "sub " + msg::must_be(msg::kStringRule, "7")},
      {"POST",
       "/__admin/token",
       {{"iss", false}},
       "iss " + msg::must_be(msg::kStringRule, "false")},
      {"POST",
       "/__admin/token",
       {{"permissions", "*.*"}},
       "permissions " + msg::must_be(msg::kPermissionsRule, "\"*.*\"")},
      {"POST",
       "/__admin/token",
       {{"permissions", {"a", 1}}},
       "permissions " + msg::must_be(msg::kPermissionsRule, "[\"a\",1]")},
      {"POST",
       "/__admin/token",
       {{"ttlSeconds", 0}},
       "ttlSeconds " + msg::must_be(msg::kTtlSecondsRule, "0")},
  };
  const Case c = GENERATE_COPY(from_range(cases));
  INFO(c.method << " " << c.path << " " << c.body.dump());
  const auto r =
      std::string(c.method) == "PUT" ? s.put_json(c.path, c.body) : s.post_json(c.path, c.body);
  check_error(r, 400, c.description);
  CHECK(body_of(s.get("/__admin/faults"))["faults"].empty());
}

TEST_CASE("a long value that was sent is shown cut, at a character's start", "[admin][errors]") {
  TestServer s;
  // 40 two-byte characters: 80 bytes, plus the quotes.
  std::string text;
  for (int i = 0; i < 40; ++i) text += "\xC3\xA4";
  const std::string d = description_of(s.put_json("/__admin/seed", {{"seed", text}}));
  // The opening quote and 29 whole characters (59 bytes): the 60th byte starts no character.
  std::string kept = "\"";
  for (int i = 0; i < 29; ++i) kept += "\xC3\xA4";
  CHECK(d == "seed " + msg::must_be(msg::kSeedRule, kept + "..."));
}
