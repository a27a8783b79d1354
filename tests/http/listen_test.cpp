// The listening socket (issue 12, item 5): a second server on a port in use fails to start,
// naming the port, instead of sharing the port's traffic with the first (SO_REUSEPORT).

#include <catch2/catch.hpp>
#include <string>

#include "app/app.hpp"
#include "app/config.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Catch::Matchers::Contains;

namespace {

scale::app::Config config_on(int port) {
  scale::app::Config config;
  config.host = "127.0.0.1";
  config.port = port;
  config.quiet = true;
  config.no_fixtures = true;
  config.auth = "off";
  return config;
}

}  // namespace

TEST_CASE("a second server on a port in use fails, naming it, and the first keeps the traffic",
          "[listen]") {
  TestServer first;
  first.setup_organization({{"name", "First Oy"}});
  const std::string address = "127.0.0.1:" + std::to_string(first.port());

  scale::app::App second(config_on(first.port()));
  std::string error;
  // start(): were the port shared, the second would be serving now, as the first does.
  CHECK_FALSE(second.start(error));
  CHECK_THAT(error, Contains(address));

  // Each request on a new connection: every one is answered by the first, which has the
  // licensee (the second has none).
  for (int i = 0; i < 20; ++i) {
    auto client = first.make_client();
    auto r = checked(client->Get("/__admin/health"));
    INFO("request " << i);
    CHECK(body_of(r)["counts"]["licensees"] == 1);
  }
}

TEST_CASE("scale-mock --port 0 gets a free port of its own each time", "[listen]") {
  scale::app::App a(config_on(0));
  scale::app::App b(config_on(0));
  std::string error;
  REQUIRE(a.start(error));
  REQUIRE(b.start(error));
  CHECK(a.port() > 0);
  CHECK(b.port() > 0);
  CHECK(a.port() != b.port());
  httplib::Client client("127.0.0.1", b.port());
  auto r = client.Get("/__admin/health");
  REQUIRE(r);
  CHECK(r->status == 200);
}
