// find_header (http/headers.hpp) in-process: it finds what cpp-httplib's own look-ups find,
// the first header of an equivalent name with ASCII case ignored, and nothing else.

#include "http/headers.hpp"

#include <httplib.h>

#include <catch2/catch.hpp>
#include <string>

TEST_CASE("find_header finds the header cpp-httplib's look-ups find", "[headers]") {
  httplib::Request req;
  req.headers.emplace("Content-Type", "first");
  req.headers.emplace("Content-Length", "12");
  req.headers.emplace("content-type", "second");
  req.headers.emplace("X-Scale-Mock-Namespace", "ns");
  req.headers.emplace("REMOTE_ADDR", "127.0.0.1");
  req.headers.emplace("x-\xC3\x84", "A with umlaut");  // bytes past ASCII do not fold
  req.headers.emplace("Accept", "*/*");

  const std::string name =
      GENERATE("Content-Type", "CONTENT-TYPE", "content-type", "content-length", "Content-Lengt",
               "Content-Lengthx", "x-scale-mock-namespace", "remote_addr", "X-\xC3\x84",
               "x-\xC3\xA4", "ACCEPT", "Authorization", "", "A");
  INFO(name);
  const std::string* found = scale::http::header_value(req.headers, name);
  REQUIRE((found != nullptr) == req.has_header(name));
  if (found) CHECK(*found == req.get_header_value(name));
  CHECK((scale::http::find_header(req.headers, name) == req.headers.end()) == !found);
}

TEST_CASE("find_header gives the first of several headers of one name, in the order sent",
          "[headers]") {
  httplib::Headers headers;
  headers.emplace("content-type", "text/plain");
  headers.emplace("Content-Type", "application/json");
  const std::string* found = scale::http::header_value(headers, "Content-Type");
  REQUIRE(found);
  CHECK(*found == "text/plain");
  auto it = scale::http::find_header(headers, "CONTENT-TYPE");
  REQUIRE(it != headers.end());
  it->second = "changed";  // a mutable map gives a mutable header
  CHECK(headers.lower_bound("Content-Type")->second == "changed");
}
