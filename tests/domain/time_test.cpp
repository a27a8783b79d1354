#include "domain/time.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>

using scale::domain::format_timestamp;
using scale::domain::parse_timestamp;
using scale::domain::Timestamp;

namespace {
constexpr Timestamp k20261126Noon = 1795694400000;  // 2026-11-26T12:00:00.000Z
}

TEST_CASE("timestamps are written as RFC 3339 UTC with milliseconds", "[domain][time]") {
  CHECK(format_timestamp(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_timestamp(k20261126Noon) == "2026-11-26T12:00:00.000Z");
  CHECK(format_timestamp(k20261126Noon + 7) == "2026-11-26T12:00:00.007Z");
  CHECK(format_timestamp(1709251199999) == "2024-02-29T23:59:59.999Z");
  CHECK(format_timestamp(951782400000) == "2000-02-29T00:00:00.000Z");
  CHECK(format_timestamp(-1) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("a written timestamp reads back as the same instant", "[domain][time]") {
  const Timestamp instants[] = {0,
                                1,
                                999,
                                1000,
                                -1,
                                -86400000,
                                k20261126Noon,
                                k20261126Noon + 123,
                                951782400000,
                                1709251199999,
                                4102444800000 /* 2100-01-01 */};
  for (Timestamp t : instants) {
    INFO("instant " << t << " written " << format_timestamp(t));
    auto back = parse_timestamp(format_timestamp(t));
    REQUIRE(back.has_value());
    CHECK(*back == t);
  }
}

TEST_CASE("an offset is applied to give the UTC instant", "[domain][time]") {
  CHECK(parse_timestamp("2026-11-26T12:00:00Z") == k20261126Noon);
  CHECK(parse_timestamp("2026-11-26T14:00:00+02:00") == k20261126Noon);
  CHECK(parse_timestamp("2026-11-26T06:30:00-05:30") == k20261126Noon);
  CHECK(parse_timestamp("2026-11-26T12:00:00+00:00") == k20261126Noon);
  CHECK(parse_timestamp("2026-11-26T12:00:00-00:00") == k20261126Noon);
  // An offset that crosses midnight moves the date.
  CHECK(parse_timestamp("2026-11-27T01:00:00+13:00") == k20261126Noon);
  // Lowercase separators are accepted.
  CHECK(parse_timestamp("2026-11-26t12:00:00z") == k20261126Noon);
}

TEST_CASE("only the first three fraction digits count, and the fraction is optional",
          "[domain][time]") {
  CHECK(parse_timestamp("2026-11-26T12:00:00.5Z") == k20261126Noon + 500);
  CHECK(parse_timestamp("2026-11-26T12:00:00.05Z") == k20261126Noon + 50);
  CHECK(parse_timestamp("2026-11-26T12:00:00.123Z") == k20261126Noon + 123);
  CHECK(parse_timestamp("2026-11-26T12:00:00.123999Z") == k20261126Noon + 123);
  CHECK(parse_timestamp("2026-11-26T12:00:00.999+01:00") == k20261126Noon - 3600000 + 999);
  CHECK_FALSE(parse_timestamp("2026-11-26T12:00:00.Z").has_value());
}

TEST_CASE("dates that do not exist are not timestamps", "[domain][time]") {
  CHECK_FALSE(parse_timestamp("2026-02-30T00:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("2026-13-01T00:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("2026-00-10T00:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("2026-01-00T00:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("2026-04-31T00:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("2026-01-32T00:00:00Z").has_value());
  // Leap years: every fourth year, not centuries, except every fourth century.
  CHECK(parse_timestamp("2024-02-29T00:00:00Z").has_value());
  CHECK(parse_timestamp("2000-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("2023-02-29T00:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("1900-02-29T00:00:00Z").has_value());
  CHECK(parse_timestamp("2026-12-31T23:59:59Z").has_value());
  CHECK_FALSE(parse_timestamp("2026-11-26T24:00:00Z").has_value());
  CHECK_FALSE(parse_timestamp("2026-11-26T12:60:00Z").has_value());
}

TEST_CASE("text that is not an RFC 3339 date-time is not a timestamp", "[domain][time]") {
  const char* bad[] = {
      "",
      "2026-11-26",
      "2026-11-26T12:00:00",        // no zone
      "2026-11-26 12:00:00Z",       // space for T
      "2026-11-26T12:00Z",          // no seconds
      "26-11-26T12:00:00Z",         // two-digit year
      "2026/11/26T12:00:00Z",       // wrong date separator
      "2026-11-26T12:00:00ZZ",      // trailing garbage
      "2026-11-26T12:00:00+0200",   // offset without colon
      "2026-11-26T12:00:00+2:00",   // one-digit offset hour
      "2026-11-26T12:00:00+24:00",  // offset hour out of range
      "2026-11-26T12:00:00+02:60",  // offset minute out of range
      "2026-11-26T12:00:00+02",     // offset cut short
      "2026-1a-26T12:00:00Z",       // not a digit
  };
  for (const char* text : bad) {
    INFO("text: '" << text << "'");
    CHECK_FALSE(parse_timestamp(text).has_value());
  }
}

TEST_CASE("years outside 0000-9999 keep the general form", "[domain][time]") {
  CHECK(format_timestamp(253402300799999) == "9999-12-31T23:59:59.999Z");
  CHECK(format_timestamp(253402300800000) == "10000-01-01T00:00:00.000Z");
  CHECK(format_timestamp(-62167219200000) == "0000-01-01T00:00:00.000Z");
  CHECK(format_timestamp(-62167219200001) == "-001-12-31T23:59:59.999Z");
}

TEST_CASE("any instant of years 0000-9999 is written in the fixed form and reads back",
          "[domain][time]") {
  std::uint64_t state = 12345;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const Timestamp t = static_cast<Timestamp>(state >> 20) % 315537897600000 - 62167219200000;
    const std::string s = format_timestamp(t);
    INFO(t << " " << s);
    REQUIRE(s.size() == 24);
    CHECK(s[4] == '-');
    CHECK(s[7] == '-');
    CHECK(s[10] == 'T');
    CHECK(s[13] == ':');
    CHECK(s[16] == ':');
    CHECK(s[19] == '.');
    CHECK(s[23] == 'Z');
    CHECK(parse_timestamp(s) == std::optional<Timestamp>(t));
  }
}
