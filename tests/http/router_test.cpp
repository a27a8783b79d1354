// The router in-process: exact paths, parameters of one non-empty segment, the literal segment
// earliest winning, HEAD as GET, Allow, and what a match says about body and permission.

#include "http/router.hpp"

#include <httplib.h>

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

using scale::http::Exchange;
using scale::http::RouteHandler;
using scale::http::RouteParams;
using scale::http::Router;
using Match = Router::Match;

namespace {

// A handler that records `name` in `calls` when called.
RouteHandler recorder(std::vector<std::string>& calls, std::string name) {
  return [&calls, name](Exchange&, const RouteParams&) { calls.push_back(name); };
}

// Calls the matched handler with a throwaway exchange.
void call(const Match& m) {
  REQUIRE(m.handler);
  httplib::Request req;
  httplib::Response res;
  Exchange ex{req, res, "/", nullptr};
  (*m.handler)(ex, m.params);
}

std::vector<std::string> strings(const RouteParams& params) {
  return {params.begin(), params.end()};
}

}  // namespace

TEST_CASE("the router matches literal paths and gives parameters in order with their names",
          "[router]") {
  std::vector<std::string> calls;
  Router r;
  r.add("GET", "/licensees", recorder(calls, "list"));
  r.add("GET", "/licensees/{licenseeId}/license-containers/{containerId}",
        recorder(calls, "container"));

  const Match list = r.match("GET", "/licensees");
  CHECK(list.kind == Match::kFound);
  CHECK(list.params.empty());
  call(list);

  const Match box = r.match("GET", "/licensees/L-1/license-containers/C-2");
  REQUIRE(box.kind == Match::kFound);
  CHECK(strings(box.params) == std::vector<std::string>{"L-1", "C-2"});
  CHECK(strings(box.names) == std::vector<std::string>{"licenseeId", "containerId"});
  call(box);
  CHECK(calls == std::vector<std::string>{"list", "container"});
}

TEST_CASE("the router matches paths exactly", "[router]") {
  Router r;
  r.add("GET", "/licensees/{licenseeId}", [](Exchange&, const RouteParams&) {});
  r.add("GET", "/licensees", [](Exchange&, const RouteParams&) {});

  const std::string path =
      GENERATE("/Licensees", "/licensees/", "/licensees/L-1/", "/licensees//", "/licensees/L-1/x",
               "licensees", "", "/", "//licensees", "/licensee");
  INFO("GET " << path);
  const Match m = r.match("GET", path);
  CHECK(m.kind == Match::kNoRoute);
  CHECK(m.handler == nullptr);
  CHECK(m.allow.empty());
}

TEST_CASE("a parameter matches any one non-empty segment", "[router]") {
  Router r;
  r.add("DELETE", "/license-consumers/{consumerId}", [](Exchange&, const RouteParams&) {});
  const std::string segment =
      GENERATE("x", "3F9A2C1E-7B4D-4E8F-9A6B-0C1D2E3F4A5B", "%20", "{id}", "a.b", "*", "actions");
  INFO(segment);
  // The parameters view the path: it outlives the match.
  const std::string path = "/license-consumers/" + segment;
  const Match m = r.match("DELETE", path);
  REQUIRE(m.kind == Match::kFound);
  CHECK(strings(m.params) == std::vector<std::string>{segment});
}

TEST_CASE("where several patterns match, the one with a literal segment earliest wins",
          "[router]") {
  std::vector<std::string> calls;
  Router r;
  // Added in both orders: the order of add does not decide.
  r.add("POST", "/licensees/{licenseeId}/{what}", recorder(calls, "param-param"));
  r.add("POST", "/licensees/actions/setup-user", recorder(calls, "setup-user"));
  r.add("POST", "/licensees/actions/{action}", recorder(calls, "actions-param"));
  r.add("POST", "/licensees/{licenseeId}/license-containers", recorder(calls, "containers"));

  call(r.match("POST", "/licensees/actions/setup-user"));
  call(r.match("POST", "/licensees/actions/setup-organization"));
  call(r.match("POST", "/licensees/L-1/license-containers"));
  call(r.match("POST", "/licensees/L-1/license-consumers"));
  call(r.match("POST", "/licensees/actions/license-containers"));
  CHECK(calls == std::vector<std::string>{"setup-user", "actions-param", "containers",
                                          "param-param", "actions-param"});
}

TEST_CASE(
    "HEAD matches GET, a known path with another method is kNoMethod, and Allow lists "
    "the path's methods",
    "[router]") {
  std::vector<std::string> calls;
  Router r;
  r.add("GET", "/licensees/{licenseeId}", recorder(calls, "get"), false, "Licensee.read");
  r.add("PUT", "/licensees/{licenseeId}", recorder(calls, "put"), true, "Licensee.update");
  r.add("DELETE", "/licensees/{licenseeId}", recorder(calls, "delete"), false, "Licensee.delete");
  r.add("POST", "/licensees/actions/setup-user", recorder(calls, "setup"), true);

  const Match head = r.match("HEAD", "/licensees/L-1");
  REQUIRE(head.kind == Match::kFound);
  CHECK(head.permission == "Licensee.read");
  CHECK_FALSE(head.takes_body);
  CHECK(strings(head.params) == std::vector<std::string>{"L-1"});
  call(head);
  CHECK(calls == std::vector<std::string>{"get"});

  const Match put = r.match("PUT", "/licensees/L-1");
  REQUIRE(put.kind == Match::kFound);
  CHECK(put.takes_body);
  CHECK(put.permission == "Licensee.update");
  CHECK(put.allow == "GET, PUT, DELETE, HEAD, OPTIONS");

  // Methods compare case-sensitively, and OPTIONS is left to the caller.
  for (const char* method : {"POST", "put", "OPTIONS", "PATCH"}) {
    INFO(method);
    const Match m = r.match(method, "/licensees/L-1");
    CHECK(m.kind == Match::kNoMethod);
    CHECK(m.handler == nullptr);
    CHECK(m.params.empty());
    CHECK(m.permission.empty());
    CHECK(m.allow == "GET, PUT, DELETE, HEAD, OPTIONS");
  }

  // No GET, no HEAD; no permission, none asked.
  const Match setup = r.match("POST", "/licensees/actions/setup-user");
  REQUIRE(setup.kind == Match::kFound);
  CHECK(setup.permission.empty());
  CHECK(setup.allow == "POST, OPTIONS");
  CHECK(r.match("HEAD", "/licensees/actions/setup-user").kind == Match::kNoMethod);
  CHECK(r.match("GET", "/licensees/actions/setup-user").allow == "POST, OPTIONS");
}

TEST_CASE("patterns that differ only in parameter names are one path", "[router]") {
  std::vector<std::string> calls;
  Router r;
  r.add("GET", "/license-consumers/{consumerId}", recorder(calls, "get"));
  r.add("DELETE", "/license-consumers/{id}", recorder(calls, "delete"));

  const Match del = r.match("DELETE", "/license-consumers/P-1");
  REQUIRE(del.kind == Match::kFound);
  CHECK(del.allow == "GET, DELETE, HEAD, OPTIONS");
  CHECK(del.names.size() == 1);
  call(del);
  CHECK(calls == std::vector<std::string>{"delete"});
}
