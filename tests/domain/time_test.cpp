#include "domain/time.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

using scale::domain::append_timestamp;
using scale::domain::format_timestamp;
using scale::domain::kFixedTimestampSize;
using scale::domain::kMillisPerDay;
using scale::domain::kTimestampRoom;
using scale::domain::parse_timestamp;
using scale::domain::Timestamp;
using scale::domain::write_timestamp;

namespace {
constexpr Timestamp k20261126Noon = 1795694400000;  // 2026-11-26T12:00:00.000Z
constexpr Timestamp kYear0 = -62167219200000;       // 0000-01-01T00:00:00.000Z

// The digits of s[from, from + n) as a number.
int number_at(const char* s, std::size_t from, std::size_t n) {
  int v = 0;
  for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}
}  // namespace

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

TEST_CASE("edges of days, months, years and centuries are written as Python's datetime writes them",
          "[domain][time]") {
  // Expected text from Python: (datetime(1970, 1, 1, tzinfo=timezone.utc) +
  // timedelta(milliseconds=t)), printed '%04d-%02d-%02dT%02d:%02d:%02d.%03dZ'; the last twelve
  // are random instants of years 1 to 9999.
  const struct {
    Timestamp t;
    const char* text;
  } cases[] = {
      {1, "1970-01-01T00:00:00.001Z"},
      {10, "1970-01-01T00:00:00.010Z"},
      {100, "1970-01-01T00:00:00.100Z"},
      {-1000, "1969-12-31T23:59:59.000Z"},
      {-999, "1969-12-31T23:59:59.001Z"},
      {951782400000, "2000-02-29T00:00:00.000Z"},
      {951868799999, "2000-02-29T23:59:59.999Z"},
      {951868800000, "2000-03-01T00:00:00.000Z"},
      {4107542399999, "2100-02-28T23:59:59.999Z"},
      {4107542400000, "2100-03-01T00:00:00.000Z"},
      {13574606400000, "2400-02-29T12:00:00.000Z"},
      {-2203891200001, "1900-02-28T23:59:59.999Z"},
      {-2203891200000, "1900-03-01T00:00:00.000Z"},
      {-11670976371991, "1600-02-29T06:07:08.009Z"},
      {-62135596800000, "0001-01-01T00:00:00.000Z"},
      {-62104060800001, "0001-12-31T23:59:59.999Z"},
      {-59011459200001, "0099-12-31T23:59:59.999Z"},
      {-59011459200000, "0100-01-01T00:00:00.000Z"},
      {-30610224000001, "0999-12-31T23:59:59.999Z"},
      {-30610224000000, "1000-01-01T00:00:00.000Z"},
      {253370764800000, "9999-01-01T00:00:00.000Z"},
      {253375862399999, "9999-02-28T23:59:59.999Z"},
      {253375862400000, "9999-03-01T00:00:00.000Z"},
      {253402300799999, "9999-12-31T23:59:59.999Z"},
      {2147483648000, "2038-01-19T03:14:08.000Z"},
      {1796539509179, "2026-12-06T06:45:09.179Z"},
      {90536564734996, "4838-12-27T21:45:34.996Z"},
      {244388995173550, "9714-05-19T07:59:33.550Z"},
      {133907759773732, "6213-05-15T07:56:13.732Z"},
      {-48957583987997, "0418-08-06T07:06:52.003Z"},
      {111324468590859, "5497-09-24T15:29:50.859Z"},
      {200347287174650, "8318-10-03T08:12:54.650Z"},
      {161985719271333, "7103-02-15T17:07:51.333Z"},
      {52270325370597, "3626-05-19T14:49:30.597Z"},
      {-19352717946067, "1356-09-26T05:00:53.933Z"},
      {88646499810279, "4779-02-05T03:43:30.279Z"},
      {156629145016528, "6933-05-19T07:50:16.528Z"},
      {233690383378865, "9375-05-09T19:22:58.865Z"},
      // Year 0 (a leap year; before Python's first): counted by hand from 0000-01-01.
      {kYear0, "0000-01-01T00:00:00.000Z"},
      {kYear0 + 59 * kMillisPerDay, "0000-02-29T00:00:00.000Z"},
      {kYear0 + 60 * kMillisPerDay - 1, "0000-02-29T23:59:59.999Z"},
      {kYear0 + 60 * kMillisPerDay, "0000-03-01T00:00:00.000Z"},
      {kYear0 + 366 * kMillisPerDay - 1, "0000-12-31T23:59:59.999Z"},
  };
  for (const auto& c : cases) {
    INFO(c.t);
    CHECK(format_timestamp(c.t) == c.text);
    char buf[kTimestampRoom + 1];
    std::memset(buf, '#', sizeof buf);
    char* end = write_timestamp(buf, c.t);
    CHECK(end == buf + kFixedTimestampSize);
    CHECK(std::string(buf, end) == c.text);
    CHECK(buf[kFixedTimestampSize] == '#');  // nothing past the end
    std::string appended = "at ";
    append_timestamp(appended, c.t);
    CHECK(appended == std::string("at ") + c.text);
  }
}

TEST_CASE("every day of years 0000-9999 is written as the day after the one before",
          "[domain][time]") {
  // A calendar kept by counting: the day after the last of a month is the 1st of the next;
  // February has 29 days every fourth year, but not in centuries other than every fourth.
  int year = 0;
  int month = 1;
  int day = 1;
  auto days_in = [](int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  };
  char buf[kTimestampRoom];
  for (std::int64_t n = 0; year <= 9999; ++n) {
    // A different time of day each day, so that every hour, minute, second and millisecond
    // digit comes up.
    const std::int64_t ms_of_day = (n * 7'777'777 + n % 1000) % kMillisPerDay;
    write_timestamp(buf, kYear0 + n * kMillisPerDay + ms_of_day);
    const char* s = buf;
    if (number_at(s, 0, 4) != year || number_at(s, 5, 2) != month || number_at(s, 8, 2) != day ||
        number_at(s, 11, 2) != ms_of_day / 3'600'000 ||
        number_at(s, 14, 2) != ms_of_day / 60'000 % 60 ||
        number_at(s, 17, 2) != ms_of_day / 1000 % 60 || number_at(s, 20, 3) != ms_of_day % 1000) {
      INFO("day " << n << " written " << std::string(s, kFixedTimestampSize) << ", expected "
                  << year << "-" << month << "-" << day << " and " << ms_of_day << " ms");
      FAIL("wrong date or time");
    }
    if (++day > days_in(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
  }
  CHECK(year == 10000);
}
