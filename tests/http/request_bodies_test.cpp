// Request bodies (contract section 9): content types compared as media types, multipart bodies,
// chunked bodies, and the body limit exactly, with Content-Length and chunked.

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "domain/messages.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;
using Catch::Matchers::Contains;

TEST_CASE("content types are compared as media types, requests without a body need none",
          "[api][wire]") {
  TestServer s;
  SECTION("JSON in any spelling") {
    const std::string type =
        GENERATE("application/json", "Application/JSON", "application/json; charset=utf-8",
                 "application/json;charset=UTF-8", "APPLICATION/JSON ; charset=\"utf-8\"");
    INFO(type);
    auto r = s.post_raw(kSetupOrg, R"({"name":"Typed"})", type);
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(s.total("/licensees") == 1);
  }
  SECTION("other media types") {
    const std::string type =
        GENERATE("text/plain", "application/jsonx", "application/json-patch+json",
                 "application/x-www-form-urlencoded", "text/json");
    INFO(type);
    CHECK_THAT(s.post_raw(kSetupOrg, R"({"name":"Wrong"})", type), IsEnvelope(415));
    CHECK(s.total("/licensees") == 0);
  }

  SECTION("without a Content-Type") {
    // No Content-Type at all with a body is 415 too.
    auto raw = raw_exchange(s.port(), std::string("POST ") + kSetupOrg +
                                          " HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\n"
                                          "Connection: close\r\n\r\n{\"name\":\"None\"}");
    CHECK(raw_status(raw) == 415);

    // Relation PUTs and DELETEs carry no body and need no Content-Type.
    const Json org = s.setup_organization({{"name", "Acme"}});
    const Json p = s.create_consumer({{"type", "DEVICE"}, {"name", "Box"}});
    auto put = raw_exchange(
        s.port(), "PUT /licensees/" + id_of(org) + "/license-consumers/" + id_of(p) +
                      " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    CHECK(raw_status(put) == 204);
    CHECK(s.total("/licensees/" + id_of(org) + "/license-consumers") == 1);

    // Nor a Content-Length (curl -X PUT sends neither): no body, not a body up to the close.
    const Json q = s.create_consumer({{"type", "DEVICE"}, {"name", "Box 2"}});
    auto bare = raw_exchange(s.port(), "PUT /licensees/" + id_of(org) + "/license-consumers/" +
                                           id_of(q) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(raw_status(bare) == 204);
    auto bare_delete = raw_exchange(
        s.port(), "DELETE /license-consumers/" + id_of(q) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(raw_status(bare_delete) == 204);
    CHECK(s.total("/licensees/" + id_of(org) + "/license-consumers") == 1);
  }
}

TEST_CASE("a chunked request body is accepted", "[api][wire][body]") {
  TestServer s;
  SECTION("from httplib's content provider") {
    const std::string body = R"({"name":"Chunky Oy","naturalId":"chunk-1"})";
    auto r = s.client().Post(
        kSetupOrg,
        [body](std::size_t, httplib::DataSink& sink) {
          for (const auto& piece : cut(body, 7)) sink.write(piece.data(), piece.size());
          sink.done();
          return true;
        },
        "application/json");
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(body_of(r)["naturalId"] == "chunk-1");
  }
  SECTION("over a raw socket, cut inside a multi-byte character") {
    const std::string body = "{\"name\":\"J\xC3\xA4rvi Oy\",\"naturalId\":\"chunk-2\"}";
    const auto at = body.find('\xA4');  // between the two bytes of U+00E4
    auto raw =
        raw_exchange(s.port(), chunked_request(kSetupOrg, {body.substr(0, at), body.substr(at)}));
    CHECK(raw_status(raw) == 201);
    auto found = s.get("/licensees/actions/find-by-naturalid?naturalId=chunk-2");
    REQUIRE(found->status == 200);
    CHECK(body_of(found)["name"] == "J\xC3\xA4rvi Oy");
  }
  CHECK(s.total("/licensees") == 1);
}

TEST_CASE("a body of exactly the limit is accepted and one byte more is 413", "[api][wire][body]") {
  TestServer s(with_body_limit(2000));

  SECTION("with Content-Length") {
    const std::string exact = body_of_size(2000, "Exact");
    REQUIRE(exact.size() == 2000);
    auto ok = s.post_raw(kSetupOrg, exact);
    REQUIRE(ok);
    CHECK(ok->status == 201);
    auto big = s.post_raw(kSetupOrg, body_of_size(2001, "Over"));
    CHECK_THAT(big, IsEnvelope(413));
    CHECK_THAT(description_of(big), Contains("2000"));
  }
  SECTION("on PUT too") {
    const Json org = s.setup_organization({{"name", "Exact"}});
    auto big = s.put_raw("/licensees/" + id_of(org), body_of_size(2001, "Over"));
    CHECK_THAT(big, IsEnvelope(413));
    auto ok = s.put_raw("/licensees/" + id_of(org), body_of_size(2000, "Renamed"));
    REQUIRE(ok);
    CHECK(ok->status == 200);
  }
  const auto names = [&] {
    std::vector<std::string> out;
    for (const auto& l : body_of(s.get("/licensees"))) out.push_back(l["name"].get<std::string>());
    return out;
  }();
  CHECK(names.size() == 1);
  CHECK(std::find(names.begin(), names.end(), "Over") == names.end());
}

TEST_CASE("a chunked body of exactly the limit is accepted and one byte more is 413",
          "[api][wire][body]") {
  // The limit counts the decoded body, not the bytes of the chunked encoding.
  TestServer s(with_body_limit(2000));
  auto ok =
      raw_exchange(s.port(), chunked_request(kSetupOrg, cut(body_of_size(2000, "Exact"), 100)));
  CHECK(raw_status(ok) == 201);
  auto big =
      raw_exchange(s.port(), chunked_request(kSetupOrg, cut(body_of_size(2001, "Over"), 100)));
  CHECK(raw_status(big) == 413);
  Json env = Json::parse(raw_body(big), nullptr, false);
  REQUIRE(env.is_object());
  CHECK(env["error"] == "Payload Too Large");
  CHECK(env["code"] == 413);
  auto huge = raw_exchange(s.port(), chunked_request(kSetupOrg, {body_of_size(100000, "Huge")}));
  CHECK(raw_status(huge) == 413);
  CHECK(list_ids(s, "/licensees").size() == 1);
}

// cpp-httplib parses a multipart/form-data body itself before any handler runs, and answered
// 400 "malformed" for a JSON body sent with that type (with no boundary, or one the body does
// not follow).
TEST_CASE("a body sent as multipart/form-data is 415 like any other type but JSON", "[api][wire]") {
  TestServer s;
  const std::string json = R"({"name":"Acme"})";
  const std::string form =
      "--xyz\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAcme\r\n--xyz--\r\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"multipart/form-data", json},
      {"multipart/form-data; boundary=xyz", json},
      {"multipart/form-data; boundary=xyz", form},  // well-formed form data is not JSON either
  };
  for (const auto& [type, body] : cases) {
    INFO(type << " " << body);
    const std::string description =
        "Content-Type must be application/json, not " + msg::quoted(type);
    auto r = s.post_raw(kSetupOrg, body, type);
    CHECK_THAT(r, IsEnvelope(415));
    CHECK(description_of(r) == description);
    r = s.put_raw(std::string("/licensees/") + kUnknownId, body, type);
    CHECK_THAT(r, IsEnvelope(415));
    CHECK(description_of(r) == description);
    r = s.post_raw("/__admin/token", body, type);
    CHECK_THAT(r, IsEnvelope(415));
    CHECK(description_of(r) == description);
  }
  CHECK(s.total("/licensees") == 0);

  // A request without a body needs no Content-Type, and this one does not get in its way.
  const Json org = s.setup_organization({{"name", "Acme"}});
  const Json p = s.create_consumer({{"type", "DEVICE"}, {"name", "Box"}});
  auto put =
      raw_exchange(s.port(), "PUT /licensees/" + id_of(org) + "/license-consumers/" + id_of(p) +
                                 " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                                 "Content-Type: multipart/form-data\r\n"
                                 "Connection: close\r\n\r\n");
  CHECK(raw_status(put) == 204);
  CHECK(s.total("/licensees/" + id_of(org) + "/license-consumers") == 1);

  // The journal keeps the request as it came: its Content-Type and its body.
  auto journal = body_of(s.get("/__admin/requests?method=POST&path=/licensees"));
  REQUIRE(journal.at("requests").size() == 4);
  const Json& first = journal.at("requests")[0];
  CHECK(first.at("headers").at("Content-Type") == "multipart/form-data");
  CHECK(first.at("body") == Json::parse(json));
  CHECK(first.at("status") == 415);
}

// Header names are case-insensitive (RFC 9110 5.1), and of two Content-Type headers the first
// is the one read (as cpp-httplib's get_header_value gives it): for the 415, the namespace and
// the journal alike.
TEST_CASE("header names match in any case, and of two Content-Types the first decides",
          "[api][wire]") {
  TestServer s;
  const std::string body = R"({"name":"Cased"})";
  auto post = [&](const std::string& headers) {
    return raw_exchange(s.port(), "POST " + std::string(kSetupOrg) +
                                      " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers +
                                      "Content-Length: " + std::to_string(body.size()) +
                                      "\r\n\r\n" + body);
  };
  CHECK(raw_status(post("content-type: application/json\r\n")) == 201);
  CHECK(raw_status(post("CONTENT-TYPE: application/json\r\n")) == 201);
  const std::string not_json =
      "Content-Type must be application/json, not " + msg::quoted("text/plain");
  const std::string refused = post("CoNtEnT-tYpE: text/plain\r\n");
  CHECK(raw_status(refused) == 415);
  CHECK(Json::parse(raw_body(refused)).at("description") == not_json);
  CHECK(raw_status(post("Content-Type: application/json\r\ncontent-type: text/plain\r\n")) == 201);
  const std::string second = post("content-type: text/plain\r\nContent-Type: application/json\r\n");
  CHECK(raw_status(second) == 415);
  CHECK(Json::parse(raw_body(second)).at("description") == not_json);
  CHECK(s.total("/licensees") == 3);

  // The namespace header in lower case names the namespace.
  CHECK(raw_status(post("Content-Type: application/json\r\nx-scale-mock-namespace: lower\r\n")) ==
        201);
  CHECK(s.total("/licensees") == 3);
  auto in_lower = raw_exchange(s.port(),
                               "GET /licensees HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                               "X-SCALE-MOCK-NAMESPACE: lower\r\n\r\n");
  CHECK(raw_status(in_lower) == 200);
  CHECK_THAT(in_lower, Contains("X-Total-Count: 1\r\n"));

  // A lower-case content-length frames the body (it is not taken for a request without one).
  const std::string lower_length =
      raw_exchange(s.port(), "POST " + std::string(kSetupOrg) +
                                 " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                 "Content-Type: application/json\r\ncontent-length: " +
                                 std::to_string(body.size()) + "\r\n\r\n" + body);
  CHECK(raw_status(lower_length) == 201);
  CHECK(s.total("/licensees") == 4);
}
