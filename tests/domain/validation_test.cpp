#include "domain/validation.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "domain/entities.hpp"
#include "domain/fields.hpp"
#include "domain/messages.hpp"

namespace d = scale::domain;
namespace msg = scale::domain::msg;
namespace fld = scale::domain::field;

namespace {

std::string repeat(std::string_view unit, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += unit;
  return s;
}

d::LicenseeFields licensee_named(std::string name) {
  d::LicenseeFields f;
  f.name = std::move(name);
  return f;
}

d::ConsumerFields consumer_named(std::string name) {
  d::ConsumerFields f;
  f.name = std::move(name);
  return f;
}

// The (field, reason) of a failed validation, or ("", "") when it passed.
std::pair<std::string, std::string> outcome(const d::Status& s) {
  if (s.ok()) return {"", ""};
  CHECK(s.error().kind == d::ErrorKind::kInvalid);
  return {s.error().field, s.error().reason};
}

using Outcome = std::pair<std::string, std::string>;

// Multi-byte characters of each UTF-8 length.
const std::string kTwoBytes = "\xc3\xa9";           // é
const std::string kThreeBytes = "\xe2\x82\xac";     // €
const std::string kFourBytes = "\xf0\x9f\x98\x80";  // 😀

}  // namespace

TEST_CASE("lengths count Unicode code points, not bytes", "[domain][validation]") {
  CHECK(d::code_points("") == 0);
  CHECK(d::code_points("abc") == 3);
  CHECK(d::code_points(kTwoBytes) == 1);
  CHECK(d::code_points(kThreeBytes) == 1);
  CHECK(d::code_points(kFourBytes) == 1);
  CHECK(d::code_points("a" + kTwoBytes + kThreeBytes + kFourBytes + "z") == 5);
}

TEST_CASE("a name of 255 multi-byte characters is valid and one of 256 is too long",
          "[domain][validation]") {
  for (const std::string& unit : {std::string("a"), kTwoBytes, kThreeBytes, kFourBytes}) {
    INFO("unit of " << unit.size() << " bytes");
    CHECK(d::validate(licensee_named(repeat(unit, 255))).ok());
    CHECK(outcome(d::validate(licensee_named(repeat(unit, 256)))) ==
          Outcome{fld::kName, msg::too_long(255)});
    CHECK(d::validate(consumer_named(repeat(unit, 255))).ok());
    CHECK(outcome(d::validate(consumer_named(repeat(unit, 256)))) ==
          Outcome{fld::kName, msg::too_long(255)});
    CHECK(d::validate_container_name(repeat(unit, 255)).ok());
    CHECK(outcome(d::validate_container_name(repeat(unit, 256))) ==
          Outcome{fld::kName, msg::too_long(255)});
    CHECK(d::validate_connected_identity_id(repeat(unit, 255)).ok());
    CHECK(outcome(d::validate_connected_identity_id(repeat(unit, 256))) ==
          Outcome{fld::kConnectedIdentityId, msg::too_long(255)});
  }
}

TEST_CASE("descriptions and contact info may have 4000 characters and no more",
          "[domain][validation]") {
  auto lic = licensee_named("Acme");
  lic.description = repeat(kThreeBytes, 4000);
  CHECK(d::validate(lic).ok());
  lic.description = repeat("x", 4001);
  CHECK(outcome(d::validate(lic)) == Outcome{fld::kDescription, msg::too_long(4000)});

  auto con = consumer_named("Ada");
  con.contact_info = repeat(kTwoBytes, 4000);
  con.description = repeat("x", 4000);
  CHECK(d::validate(con).ok());
  con.contact_info = repeat(kTwoBytes, 4001);
  CHECK(outcome(d::validate(con)) == Outcome{fld::kContactInfo, msg::too_long(4000)});
}

TEST_CASE("a missing name is required and a blank one is refused, but names are not trimmed",
          "[domain][validation]") {
  CHECK(outcome(d::validate(d::LicenseeFields{})) == Outcome{fld::kName, msg::required()});
  CHECK(outcome(d::validate(d::ConsumerFields{})) == Outcome{fld::kName, msg::required()});
  for (const char* blank : {"", " ", "   ", "\t", " \n\r\t\f\v "}) {
    INFO("name: '" << blank << "'");
    CHECK(d::is_blank(blank));
    CHECK(outcome(d::validate(licensee_named(blank))) == Outcome{fld::kName, msg::blank()});
    CHECK(outcome(d::validate(consumer_named(blank))) == Outcome{fld::kName, msg::blank()});
  }
  CHECK_FALSE(d::is_blank(" a "));
  CHECK(d::validate(licensee_named(" Acme ")).ok());
  CHECK(d::validate(consumer_named("\tAda")).ok());
  // A container's name is optional: absent is fine.
  CHECK(d::validate_container_name(std::nullopt).ok());
}

TEST_CASE("an email has exactly one @, a local part of 1 to 64 characters and a dotted domain",
          "[domain][validation][email]") {
  SECTION("valid addresses") {
    for (const std::string& ok :
         {std::string("a@b.example"), std::string("Ada.Lovelace+tag@Example.COM"),
          std::string("x@a.b.c.d"), repeat("l", 64) + "@example.com",
          repeat(kTwoBytes, 64) + "@example.com", std::string("o'brien@sub.example.org")}) {
      INFO("email: '" << ok << "'");
      CHECK(d::is_valid_email(ok));
    }
  }
  SECTION("exactly one @") {
    CHECK_FALSE(d::is_valid_email("ada.example.com"));
    CHECK_FALSE(d::is_valid_email("ada@b@example.com"));
    CHECK_FALSE(d::is_valid_email("ada@@example.com"));
  }
  SECTION("a local part of 1 to 64 characters") {
    CHECK_FALSE(d::is_valid_email("@example.com"));
    CHECK_FALSE(d::is_valid_email(repeat("l", 65) + "@example.com"));
    CHECK_FALSE(d::is_valid_email(repeat(kTwoBytes, 65) + "@example.com"));
  }
  SECTION("no whitespace or control characters, leading and trailing included") {
    for (const std::string& bad :
         {std::string("ada lovelace@example.com"), std::string(" ada@example.com"),
          std::string("ada@example.com "), std::string("ada\t@example.com"),
          std::string("ada@exa mple.com"), std::string("ada\x01@example.com"),
          std::string("ada\x7f@example.com"), std::string("ada@example.com\n"),
          std::string("ada@exam\x1fple.com")}) {
      INFO("email: '" << bad << "'");
      CHECK_FALSE(d::is_valid_email(bad));
    }
  }
  SECTION("a domain of non-empty labels with at least one dot") {
    CHECK_FALSE(d::is_valid_email("ada@example"));
    CHECK_FALSE(d::is_valid_email("ada@"));
    CHECK_FALSE(d::is_valid_email("ada@.com"));
    CHECK_FALSE(d::is_valid_email("ada@example."));
    CHECK_FALSE(d::is_valid_email("ada@example..com"));
    CHECK_FALSE(d::is_valid_email("ada@."));
  }
}

TEST_CASE("an email may have 254 characters and no more", "[domain][validation][email]") {
  // 64 + 1 + (63 + 1 + 63 + 1 + 61) = 254, every label within its own limit.
  const std::string domain254 = repeat("b", 63) + "." + repeat("c", 63) + "." + repeat("d", 61);
  const std::string at254 = repeat("a", 64) + "@" + domain254;
  REQUIRE(at254.size() == 254);
  CHECK(d::is_valid_email(at254));

  auto lic = licensee_named("Acme");
  lic.email = at254;
  CHECK(d::validate(lic).ok());
  lic.email = at254 + "e";
  CHECK(outcome(d::validate(lic)) == Outcome{fld::kEmail, msg::too_long(254)});

  auto con = consumer_named("Ada");
  con.email = at254 + "e";
  CHECK(outcome(d::validate(con)) == Outcome{fld::kEmail, msg::too_long(254)});
}

TEST_CASE("a broken email is refused with a reason that quotes it", "[domain][validation][email]") {
  auto lic = licensee_named("Acme");
  lic.email = "not an email";
  CHECK(outcome(d::validate(lic)) == Outcome{fld::kEmail, msg::bad_email("not an email")});
  auto con = consumer_named("Ada");
  con.email = "ada@localhost";
  CHECK(outcome(d::validate(con)) == Outcome{fld::kEmail, msg::bad_email("ada@localhost")});
  CHECK(msg::bad_email("x").find("'x'") != std::string::npos);
}

TEST_CASE("emails compare with ASCII case folding only", "[domain][validation][email]") {
  CHECK(d::iequals_ascii("Ada@Example.COM", "ada@example.com"));
  CHECK(d::ihash_ascii("Ada@Example.COM") == d::ihash_ascii("ada@example.com"));
  CHECK_FALSE(d::iequals_ascii("ada@example.com", "ada@example.co"));
  CHECK_FALSE(d::iequals_ascii("ada@example.com", "adb@example.com"));
  // Non-ASCII letters are not folded: "É" and "é" differ.
  CHECK_FALSE(d::iequals_ascii("\xc3\x89@x.y", "\xc3\xa9@x.y"));
  // Folding is only of letters: '@' (0x40) and '`' (0x60) stay apart.
  CHECK_FALSE(d::iequals_ascii("a@x.y", "a`x.y"));
}

// iless_ascii orders the store's email indexes: two emails must be equivalent under it (neither
// less) exactly when iequals_ascii says they are equal, and it must be a strict order.
TEST_CASE("the email order agrees with the email comparison", "[domain][validation][email]") {
  // Differences in the first eight bytes, after them, only in letter case, and in length.
  const std::vector<std::string> emails = {"ada@example.com",
                                           "Ada@Example.COM",
                                           "adb@example.com",
                                           "ada@example.co",
                                           "licensee-1@bench.example",
                                           "LICENSEE-1@bench.example",
                                           "licensee-10@bench.example",
                                           "licensee-1@Bench.Example",
                                           "licensee-2@bench.example",
                                           "licensee-1@bench.examplf",
                                           "a@x.y",
                                           "a`x.y",
                                           "\xc3\x89@x.y",
                                           "\xc3\xa9@x.y",
                                           "",
                                           "~@x.y",
                                           "[@x.y",
                                           "B@x.y",
                                           "b@x.y"};
  for (const auto& a : emails) {
    for (const auto& b : emails) {
      INFO(a << " | " << b);
      const bool equivalent = !d::iless_ascii(a, b) && !d::iless_ascii(b, a);
      CHECK(equivalent == d::iequals_ascii(a, b));
      CHECK_FALSE((d::iless_ascii(a, b) && d::iless_ascii(b, a)));
      for (const auto& c : emails) {
        if (d::iless_ascii(a, b) && d::iless_ascii(b, c)) CHECK(d::iless_ascii(a, c));
      }
    }
  }
  CHECK(d::iless_ascii("Ada@example.com", "adb@example.com"));
  CHECK(d::iless_ascii("LICENSEE-10@bench.example", "licensee-1@bench.example"));  // 0x30 < 0x40
  CHECK(d::iless_ascii("licensee-1@bench.Example", "licensee-1@bench.examplf"));
  CHECK_FALSE(d::iless_ascii("licensee-2@bench.example", "licensee-10@bench.example"));
  CHECK(d::iless_ascii("[@x.y", "B@x.y"));  // 'B' is compared as 'b' (0x62), after '[' (0x5b)
}

TEST_CASE("a licensee's broken fields are reported one at a time in the contract's field order",
          "[domain][validation]") {
  const std::string long256 = repeat("x", 256);
  d::LicenseeFields f;
  f.name = "  ";
  f.display_name = long256;
  f.natural_id = long256;
  f.email = "nope";
  f.description = repeat("x", 4001);
  f.external_reference = long256;

  // Each step fixes the field just reported; the next one in order is reported then.
  std::vector<std::pair<Outcome, std::function<void()>>> steps = {
      {{fld::kName, msg::blank()}, [&] { f.name = "Acme"; }},
      {{fld::kDisplayName, msg::too_long(255)}, [&] { f.display_name = "Acme Oy"; }},
      {{fld::kNaturalId, msg::too_long(255)}, [&] { f.natural_id = "crm-1"; }},
      {{fld::kEmail, msg::bad_email("nope")}, [&] { f.email = "a@acme.example"; }},
      {{fld::kDescription, msg::too_long(4000)}, [&] { f.description = "d"; }},
      {{fld::kExternalReference, msg::too_long(255)}, [&] { f.external_reference = "r"; }},
  };
  for (auto& [expected, fix] : steps) {
    CHECK(outcome(d::validate(f)) == expected);
    fix();
  }
  CHECK(d::validate(f).ok());
}

TEST_CASE("a consumer's broken fields are reported one at a time in the contract's field order",
          "[domain][validation]") {
  const std::string long256 = repeat("x", 256);
  d::ConsumerFields f;
  f.display_name = long256;
  f.display_label = long256;
  f.email = "a@b";
  f.connected_identity_id = long256;
  f.contact_info = repeat("x", 4001);
  f.description = repeat("x", 4001);
  f.external_reference = long256;
  f.natural_id = long256;

  std::vector<std::pair<Outcome, std::function<void()>>> steps = {
      {{fld::kName, msg::required()}, [&] { f.name = "Ada"; }},
      {{fld::kDisplayName, msg::too_long(255)}, [&] { f.display_name = "Ada L"; }},
      {{fld::kDisplayLabel, msg::too_long(255)}, [&] { f.display_label = "AL"; }},
      {{fld::kEmail, msg::bad_email("a@b")}, [&] { f.email = "ada@acme.example"; }},
      {{fld::kConnectedIdentityId, msg::too_long(255)}, [&] { f.connected_identity_id = "sub"; }},
      {{fld::kContactInfo, msg::too_long(4000)}, [&] { f.contact_info = "c"; }},
      {{fld::kDescription, msg::too_long(4000)}, [&] { f.description = "d"; }},
      {{fld::kExternalReference, msg::too_long(255)}, [&] { f.external_reference = "r"; }},
      {{fld::kNaturalId, msg::too_long(255)}, [&] { f.natural_id = "n"; }},
  };
  for (auto& [expected, fix] : steps) {
    CHECK(outcome(d::validate(f)) == expected);
    fix();
  }
  CHECK(d::validate(f).ok());
}

TEST_CASE("a validation error describes itself as the field name followed by the reason",
          "[domain][validation]") {
  auto s = d::validate(d::LicenseeFields{});
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().description() == std::string(fld::kName) + " " + msg::required());
  CHECK(d::Error::NotFound("", "licensee x does not exist").description() ==
        "licensee x does not exist");
}
