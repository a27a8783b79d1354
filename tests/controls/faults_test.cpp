// The fault list in-process: the path glob ('*' for any run of characters, '/' included), and
// which fault a request takes: the first match, by method (any letter case, "" for all) and
// path, counting down and dropping a fault whose uses run out.

#include "controls/faults.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

using scale::controls::Fault;
using scale::controls::FaultList;
using scale::controls::path_matches;

TEST_CASE("a fault's path pattern: '*' stands for any run of characters, '/' included",
          "[faults]") {
  std::string pattern, path;
  bool matches = false;
  std::tie(pattern, path, matches) = GENERATE(table<std::string, std::string, bool>({
      // Without '*', the whole path, exactly.
      {"/licensees", "/licensees", true},
      {"/licensees", "/licensees/", false},
      {"/licensees", "/Licensees", false},
      {"/licensees/", "/licensees", false},
      {"/licensees", "/licensee", false},
      {"", "", true},
      {"", "/", false},
      // '*' takes none, some, or slashes too.
      {"*", "", true},
      {"*", "/licensees/L-1/license-containers", true},
      {"/licensees*", "/licensees", true},
      {"/licensees*", "/licensees/L-1", true},
      {"/licensees/*", "/licensees", false},
      {"/licensees/*", "/licensees/", true},
      {"/licensees/*/license-consumers", "/licensees/L-1/license-consumers", true},
      {"/licensees/*/license-consumers", "/licensees/a/b/license-consumers", true},
      {"/licensees/*/license-consumers", "/licensees/L-1/license-containers", false},
      {"/licensees/*/license-consumers", "/licensees/L-1/license-consumers/P-1", false},
      // Backtracking: the first place a '*' could end is not always the right one.
      {"*/license-consumers", "/license-consumers/x/license-consumers", true},
      {"/a*b*c", "/aXbYbZc", true},
      {"/a*b*c", "/aXbYbZ", false},
      {"**", "/x", true},
      {"/x**", "/x", true},
      {"*a", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", false},
      // Everything but '*' is literal: no '?' or classes.
      {"/licensees/?", "/licensees/x", false},
      {"/licensees/[a]", "/licensees/a", false},
      {"/licensees/[a]", "/licensees/[a]", true},
  }));
  INFO("pattern \"" << pattern << "\", path \"" << path << "\"");
  CHECK(path_matches(pattern, path) == matches);
}

namespace {

Fault fault(std::string method, std::string path, int status,
            std::optional<std::int64_t> times = std::nullopt) {
  Fault f;
  f.method = std::move(method);
  f.path = std::move(path);
  f.status = status;
  f.times = times;
  return f;
}

}  // namespace

TEST_CASE("the first fault that matches is taken, ids count up per list", "[faults]") {
  FaultList faults;
  CHECK(faults.add(fault("GET", "/licensees/*", 500)).id == "fault-1");
  CHECK(faults.add(fault("", "/licensees/*", 503)).id == "fault-2");
  CHECK(faults.add(fault("post", "*", 429)).id == "fault-3");

  auto get = faults.take("GET", "/licensees/L-1");
  REQUIRE(get);
  CHECK(get->id == "fault-1");
  CHECK(get->status == 500);
  // Methods compare in any letter case; "" matches every method.
  auto head = faults.take("get", "/licensees/L-1");
  REQUIRE(head);
  CHECK(head->id == "fault-1");
  auto del = faults.take("DELETE", "/licensees/L-1");
  REQUIRE(del);
  CHECK(del->id == "fault-2");
  auto post = faults.take("POST", "/license-consumers");
  REQUIRE(post);
  CHECK(post->id == "fault-3");
  CHECK_FALSE(faults.take("PUT", "/license-consumers"));

  // Without a limit, taking does not use a fault up.
  CHECK(faults.list().size() == 3);
  CHECK(faults.remove("fault-1"));
  CHECK_FALSE(faults.remove("fault-1"));
  CHECK(faults.take("GET", "/licensees/L-1")->id == "fault-2");

  faults.clear();
  CHECK(faults.list().empty());
  CHECK_FALSE(faults.take("GET", "/licensees/L-1"));
  CHECK(faults.add(fault("", "*", 500)).id == "fault-4");
}

TEST_CASE("a fault with a number of uses counts down and is gone when they run out", "[faults]") {
  FaultList faults;
  faults.add(fault("", "/licensees", 500, 2));
  faults.add(fault("", "/licensees", 503));

  auto first = faults.take("GET", "/licensees");
  REQUIRE(first);
  CHECK(first->status == 500);
  CHECK(first->times == 1);
  REQUIRE(faults.list().size() == 2);
  CHECK(faults.list().front().times == 1);

  auto second = faults.take("GET", "/licensees");
  REQUIRE(second);
  CHECK(second->status == 500);
  CHECK(second->times == 0);
  REQUIRE(faults.list().size() == 1);

  // The next match is the one after it.
  auto third = faults.take("GET", "/licensees");
  REQUIRE(third);
  CHECK(third->status == 503);
  CHECK_FALSE(third->times);
  // A request that matches nothing uses nothing up.
  CHECK_FALSE(faults.take("GET", "/license-consumers"));
  CHECK(faults.list().size() == 1);
}
