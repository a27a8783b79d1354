// Field limits count code points, not bytes; email limits, and uniqueness that folds ASCII
// case only.

#include <catch2/catch.hpp>
#include <string>

#include "domain/messages.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;

TEST_CASE("lengths count code points: 255 two-byte characters are fine, 256 are not",
          "[api][limits]") {
  TestServer s;
  const std::string e_acute = "\xC3\xA9";       // U+00E9, two bytes
  const std::string grin = "\xF0\x9F\x98\x80";  // U+1F600, four bytes

  for (const std::string& unit : {e_acute, grin}) {
    INFO("unit of " << unit.size() << " bytes");
    auto ok =
        s.post_json(kSetupOrg, {{"name", repeat(unit, 255)}, {"displayName", repeat(unit, 255)}});
    REQUIRE(ok);
    CHECK(ok->status == 201);
    CHECK(body_of(ok)["name"] == repeat(unit, 255));

    auto long_name = s.post_json(kSetupOrg, {{"name", repeat(unit, 256)}});
    CHECK_THAT(long_name, IsEnvelope(400));
    CHECK(description_of(long_name) == "name " + msg::too_long(255));

    auto long_ref =
        s.post_json(kSetupOrg, {{"name", "A"}, {"externalReference", repeat(unit, 256)}});
    CHECK(description_of(long_ref) == "externalReference " + msg::too_long(255));
  }

  auto desc_ok = s.post_json(kSetupOrg, {{"name", "D"}, {"description", repeat(e_acute, 4000)}});
  CHECK(desc_ok->status == 201);
  auto desc_long = s.post_json(kSetupOrg, {{"name", "D"}, {"description", repeat(e_acute, 4001)}});
  CHECK_THAT(desc_long, IsEnvelope(400));
  CHECK(description_of(desc_long) == "description " + msg::too_long(4000));

  // Consumers and container names follow the same rules.
  auto label_ok = s.post_json("/license-consumers", {{"type", "DEVICE"},
                                                     {"name", repeat(e_acute, 255)},
                                                     {"displayLabel", repeat(grin, 255)},
                                                     {"connectedIdentityId", repeat(e_acute, 255)},
                                                     {"contactInfo", repeat(grin, 4000)}});
  CHECK(label_ok->status == 201);
  auto label_long =
      s.post_json("/license-consumers",
                  {{"type", "DEVICE"}, {"name", "X"}, {"displayLabel", repeat(grin, 256)}});
  CHECK(description_of(label_long) == "displayLabel " + msg::too_long(255));
  auto contact_long =
      s.post_json("/license-consumers",
                  {{"type", "DEVICE"}, {"name", "X"}, {"contactInfo", repeat(e_acute, 4001)}});
  CHECK(description_of(contact_long) == "contactInfo " + msg::too_long(4000));

  const Json org = s.setup_organization({{"name", "Boxes"}});
  auto box_ok = s.post_json("/licensees/" + id_of(org) + "/license-containers",
                            {{"name", repeat(grin, 255)}});
  CHECK(box_ok->status == 201);
  auto box_long = s.post_json("/licensees/" + id_of(org) + "/license-containers",
                              {{"name", repeat(grin, 256)}});
  CHECK_THAT(box_long, IsEnvelope(400));
  CHECK(description_of(box_long) == "name " + msg::too_long(255));
}

TEST_CASE("email limits count code points and uniqueness folds ASCII case only", "[api][limits]") {
  TestServer s;
  const std::string e_acute = "\xC3\xA9";
  // A local part of 64 characters (128 bytes) is fine; 65 is not.
  auto local64 =
      s.post_json(kSetupOrg, {{"name", "A"}, {"email", repeat(e_acute, 64) + "@x.example"}});
  CHECK(local64->status == 201);
  const std::string local65 = repeat(e_acute, 65) + "@x.example";
  auto r65 = s.post_json(kSetupOrg, {{"name", "A"}, {"email", local65}});
  CHECK_THAT(r65, IsEnvelope(400));
  CHECK(description_of(r65) == "email " + msg::bad_email(local65));

  // 254 characters in all is fine; 255 is not.
  const std::string domain = repeat("b", 63) + "." + repeat("c", 63) + "." + repeat("d", 61);
  const std::string email254 = repeat(e_acute, 64) + "@" + domain;
  auto ok = s.post_json(kSetupOrg, {{"name", "A"}, {"email", email254}});
  CHECK(ok->status == 201);
  auto too_long = s.post_json(kSetupOrg, {{"name", "A"}, {"email", email254 + "d"}});
  CHECK_THAT(too_long, IsEnvelope(400));
  CHECK(description_of(too_long) == "email " + msg::too_long(254));

  // ASCII letters fold; other letters do not.
  const Json upper_umlaut = s.setup_organization({{"name", "U"},
                                                  {"email",
                                                   "\xC3\x84"
                                                   "da@x.example"}});
  auto lower_umlaut = s.post_json(kSetupOrg, {{"name", "L"},
                                              {"email",
                                               "\xC3\xA4"
                                               "da@x.example"}});
  CHECK(lower_umlaut->status == 201);
  auto ascii = s.post_json(kSetupOrg, {{"name", "L"},
                                       {"email",
                                        "\xC3\x84"
                                        "DA@X.EXAMPLE"}});
  CHECK_THAT(ascii, IsEnvelope(409));
  CHECK(description_of(ascii) == "email " + msg::already_used("\xC3\x84"
                                                              "DA@X.EXAMPLE",
                                                              "licensee " + id_of(upper_umlaut)));
  auto found = s.get("/licensees/actions/find-by-email?email=%C3%84DA@x.EXAMPLE");
  REQUIRE(found->status == 200);
  CHECK(body_of(found)["id"] == id_of(upper_umlaut));
}
