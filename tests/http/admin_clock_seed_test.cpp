// The clock and the seed, /__admin/clock and /__admin/seed (contract section 8): frozen, set and
// advanced time, the same ids from the same seed, and two servers that answer byte for byte
// the same.

#include <catch2/catch.hpp>
#include <cstdint>
#include <regex>
#include <string>
#include <vector>

#include "support/admin.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("the clock can be frozen, set and advanced, and new records take its time",
          "[admin][clock]") {
  TestServer s;
  const Json first = clock(s);
  CHECK(first["frozen"] == false);
  const std::regex rfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  CHECK(std::regex_match(first["now"].get<std::string>(), rfc3339));

  auto frozen = s.put_json("/__admin/clock", {{"now", "2030-01-01T00:00:00Z"}, {"frozen", true}});
  REQUIRE(frozen->status == 200);
  CHECK(body_of(frozen) == Json{{"now", "2030-01-01T00:00:00.000Z"}, {"frozen", true}});
  CHECK(clock(s) == body_of(frozen));

  const Json org = s.setup_organization({{"name", "Clock Oy"}});
  CHECK(org["created"] == "2030-01-01T00:00:00.000Z");
  CHECK(org["modified"] == "2030-01-01T00:00:00.000Z");

  auto moved = s.post_json("/__admin/clock/advance", {{"seconds", 90}});
  REQUIRE(moved->status == 200);
  CHECK(body_of(moved) == Json{{"now", "2030-01-01T00:01:30.000Z"}, {"frozen", true}});
  CHECK(body_of(s.post_json("/__admin/clock/advance", {{"seconds", 0.25}}))["now"] ==
        "2030-01-01T00:01:30.250Z");

  auto renamed = s.put_json("/licensees/" + id_of(org), {{"name", "Clock Renamed Oy"}});
  REQUIRE(renamed->status == 200);
  CHECK(body_of(renamed)["created"] == "2030-01-01T00:00:00.000Z");
  CHECK(body_of(renamed)["modified"] == "2030-01-01T00:01:30.250Z");
  const Json box = s.create_container(id_of(org), {{"name", "Later"}});
  CHECK(box["created"] == "2030-01-01T00:01:30.250Z");

  // Setting only `now` keeps it frozen; unfreezing lets it run on from where it stood.
  CHECK(body_of(s.put_json("/__admin/clock", {{"now", "2090-06-01T00:00:00.000Z"}})) ==
        Json{{"now", "2090-06-01T00:00:00.000Z"}, {"frozen", true}});
  const Json running = body_of(s.put_json("/__admin/clock", {{"frozen", false}}));
  CHECK(running["frozen"] == false);
  CHECK(running["now"].get<std::string>() >= "2090-06-01T00:00:00.000Z");
  CHECK(clock(s)["now"].get<std::string>() >= "2090-06-01T00:00:00.000Z");
}

TEST_CASE("a server started with --clock has a frozen clock at that instant", "[admin][clock]") {
  TestServer s(with_clock(kStart));
  CHECK(clock(s) == Json{{"now", kStartText}, {"frozen", true}});
  const Json org = s.setup_organization({{"name", "Start Oy"}});
  CHECK(org["created"] == kStartText);
  CHECK(clock(s)["now"] == kStartText);
}

TEST_CASE("bad clock values are 400 and change nothing", "[admin][clock]") {
  TestServer s(with_clock(kStart));
  const Json before = clock(s);
  for (const std::string b :
       {R"({"now":"tomorrow"})", R"({"now":12})", R"({"now":"2026-02-30T00:00:00Z"})",
        R"({"frozen":"yes"})", R"({"frozen":false,"now":"bad"})", "[]", "{"}) {
    INFO("PUT " << b);
    CHECK_THAT(s.put_raw("/__admin/clock", b), IsEnvelope(400));
  }
  for (const std::string b :
       {R"({})", R"({"seconds":-1})", R"({"seconds":"5"})", R"({"seconds":null})", "{"}) {
    INFO("advance " << b);
    CHECK_THAT(s.post_raw("/__admin/clock/advance", b), IsEnvelope(400));
  }
  CHECK_THAT(description_of(s.put_json("/__admin/clock", {{"frozen", "yes"}})), Contains("frozen"));
  CHECK_THAT(description_of(s.put_json("/__admin/clock", {{"now", "x"}})), Contains("now"));
  CHECK_THAT(description_of(s.post_json("/__admin/clock/advance", Json::object())),
             Contains("seconds"));
  CHECK(clock(s) == before);
}

TEST_CASE("the same seed and the same requests give the same ids", "[admin][seed]") {
  TestServer s;
  auto run = [&](std::uint64_t seed) {
    REQUIRE(s.post_json("/__admin/reset", {{"to", "empty"}})->status == 204);
    REQUIRE(s.put_json("/__admin/seed", {{"seed", seed}})->status == 204);
    const Json org = s.setup_organization({{"name", "Seed Oy"}});
    const Json user = s.setup_user({{"name", "Sid Seed"}, {"email", "sid@seed.example"}});
    const Json dev = s.create_consumer({{"type", "DEVICE"}, {"name", "SEED-01"}});
    const Json box = s.create_container(id_of(org), {{"name", "Seeds"}});
    return std::vector<std::string>{id_of(org),  org["naturalId"].get<std::string>(),
                                    id_of(user), user["naturalId"].get<std::string>(),
                                    id_of(dev),  id_of(box)};
  };
  const auto a = run(123);
  const auto b = run(123);
  const auto c = run(124);
  CHECK(a == b);
  CHECK(a[0] != c[0]);
  CHECK(a[2] != c[2]);
  CHECK_THAT(s.put_json("/__admin/seed", {{"seed", 18446744073709551615ULL}}), IsNoContent());
}

TEST_CASE("a seed that is not a non-negative integer is 400", "[admin][seed]") {
  TestServer s;
  for (const std::string b : {R"({})", R"({"seed":-1})", R"({"seed":1.5})", R"({"seed":"7"})",
                              R"({"seed":null})", R"({"seed":18446744073709551616})", "[]", "{"}) {
    INFO(b);
    CHECK_THAT(s.put_raw("/__admin/seed", b), IsEnvelope(400));
  }
  CHECK_THAT(description_of(s.put_json("/__admin/seed", {{"seed", -1}})), Contains("seed"));
}

TEST_CASE("with --seed and --clock, two fresh servers answer the same requests byte for byte",
          "[admin][seed]") {
  auto script = [](TestServer& s) {
    std::vector<std::string> out;
    auto note = [&](httplib::Result r) {
      out.push_back(std::to_string(r->status) + "|" + r->get_header_value("Location") + "|" +
                    r->get_header_value("X-Total-Count") + "|" + r->body);
      return r;
    };
    const Json org = body_of(
        note(s.post_json(kSetupOrg, {{"name", "Twin Oy"}, {"email", "twin@twin.example"}})));
    note(s.post_json(kSetupUser, {{"name", "Tia Twin"}, {"email", "tia@twin.example"}}));
    const Json dev =
        body_of(note(s.post_json("/license-consumers", {{"type", "DEVICE"}, {"name", "TWIN-01"}})));
    note(s.post_json("/licensees/" + id_of(org) + "/license-containers",
                     {{"name", "Twins"}, {"usedAsDefault", true}}));
    note(s.put_empty("/licensees/" + id_of(org) + "/license-consumers/" + id_of(dev)));
    note(s.post_json("/__admin/clock/advance", {{"seconds", 3600}}));
    note(s.put_json("/licensees/" + id_of(org),
                    {{"name", "Twin Renamed Oy"}, {"email", "twin@twin.example"}}));
    note(s.post_json(kSetupOrg, {{"name", "Twin Oy"}, {"email", "TWIN@twin.example"}}));  // 409
    note(s.get("/licensees"));
    note(s.get("/license-consumers"));
    note(s.get("/licensees/" + id_of(org) + "/license-containers"));
    note(s.get("/__admin/state"));
    note(s.get("/__admin/clock"));
    return out;
  };
  auto options = with_default_fixtures();
  options.seed = 42;
  options.clock = kStart;
  TestServer one(options);
  TestServer two(options);
  const auto a = script(one);
  const auto b = script(two);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("step " << i);
    CHECK(a[i] == b[i]);
  }
  CHECK_THAT(a[0], StartsWith("201|/licensees/"));
  CHECK_THAT(a[7], StartsWith("409|"));
}
