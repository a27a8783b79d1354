// Errors through one door (issue 13 item 3): the /__admin routes and the server answer every
// error in the envelope, with the status of its kind and the description of a named message
// (domain/messages.hpp), which these tests assert through the same constants.

#include <catch2/catch.hpp>
#include <string>

#include "controls/namespaces.hpp"
#include "domain/messages.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;

namespace {

constexpr const char* kSetupOrg = "/licensees/actions/setup-organization";

// The answer is the envelope for `status` with exactly `description`.
void check_error(const httplib::Result& r, int status, const std::string& description) {
  std::string why;
  INFO(r->body);
  CHECK(is_envelope(r, status, why));
  INFO(why);
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
