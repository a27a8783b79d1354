#include "domain/time.hpp"

#include <array>
#include <cstdio>
#include <cstring>

namespace scale::domain {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// "00" to "99".
constexpr auto kTwoDigits = [] {
  std::array<char, 200> a{};
  for (int i = 0; i < 100; ++i) {
    a[2 * i] = static_cast<char>('0' + i / 10);
    a[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return a;
}();

// `n` (below 100) as two digits at `out`.
void two_digits(char* out, std::uint32_t n) {
  std::memcpy(out, kTwoDigits.data() + 2 * n, 2);
}

bool is_leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

}  // namespace

Timestamp start_of_day_utc(Timestamp t) {
  const Timestamp days = t >= 0 ? t / kMillisPerDay : (t - (kMillisPerDay - 1)) / kMillisPerDay;
  return days * kMillisPerDay;
}

std::string format_timestamp(Timestamp t) {
  char buf[kTimestampRoom];
  return std::string(buf, write_timestamp(buf, t));
}

void append_timestamp(std::string& out, Timestamp t) {
  char buf[kTimestampRoom];
  out.append(buf, write_timestamp(buf, t));
}

char* write_timestamp(char* out, Timestamp t) {
  // 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z: the years of the fixed form.
  constexpr Timestamp kYear0 = -62167219200000;
  constexpr Timestamp kYear10000 = 253402300800000;
  if (t < kYear0 || t >= kYear10000) {
    // Outside four-digit years (never from a parsed date-time): the general form.
    const std::int64_t days =
        t >= 0 ? t / kMillisPerDay : (t - (kMillisPerDay - 1)) / kMillisPerDay;
    const std::int64_t ms_of_day = t - days * kMillisPerDay;
    std::int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    const int n = std::snprintf(
        out, kTimestampRoom, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
        static_cast<long long>(y), m, d, static_cast<long long>(ms_of_day / 3600000),
        static_cast<long long>(ms_of_day / 60000 % 60),
        static_cast<long long>(ms_of_day / 1000 % 60), static_cast<long long>(ms_of_day % 1000));
    return out + n;
  }
  // Each answer writes about a dozen of these: unsigned 32-bit arithmetic, and digits two at a
  // time. The date is Neri and Schneider's civil_from_days ("Euclidean affine functions and
  // their application to calendar algorithms", 2022), which gives what civil_from_days above
  // gives, counted from 0400-03-01 before year 0 (the start of a 400-year era, so that nothing
  // is negative): 146097 days per era, less the 60 days of January and February of year 0.
  const auto since_year0 = static_cast<std::uint64_t>(t - kYear0);
  const auto days = static_cast<std::uint32_t>(since_year0 / kMillisPerDay);
  const auto ms_of_day =
      static_cast<std::uint32_t>(since_year0 - std::uint64_t{days} * kMillisPerDay);
  const std::uint32_t n1 = 4 * (days + 146097 - 60) + 3;
  const std::uint32_t century = n1 / 146097;
  const std::uint32_t n2 = (n1 % 146097) | 3;
  const std::uint64_t p2 = std::uint64_t{2939745} * n2;
  const auto year_of_century = static_cast<std::uint32_t>(p2 >> 32);
  const std::uint32_t day_of_year = static_cast<std::uint32_t>(p2) / 2939745 / 4;
  const std::uint32_t n3 = 2141 * day_of_year + 197913;
  // The days counted from March 1st end with January and February, of the next year.
  const std::uint32_t january = day_of_year >= 306 ? 1 : 0;
  const std::uint32_t month = (n3 >> 16) - 12 * january;
  const std::uint32_t day = (n3 & 0xffff) / 2141 + 1;
  const std::uint32_t year = 100 * century + year_of_century + january - 400;
  const std::uint32_t seconds = ms_of_day / 1000;
  const std::uint32_t milli = ms_of_day - seconds * 1000;
  const std::uint32_t minutes = seconds / 60;
  const std::uint32_t hour = minutes / 60;
  const std::uint32_t centi = milli / 10;
  two_digits(out, year / 100);
  two_digits(out + 2, year % 100);
  out[4] = '-';
  two_digits(out + 5, month);
  out[7] = '-';
  two_digits(out + 8, day);
  out[10] = 'T';
  two_digits(out + 11, hour);
  out[13] = ':';
  two_digits(out + 14, minutes - hour * 60);
  out[16] = ':';
  two_digits(out + 17, seconds - minutes * 60);
  out[19] = '.';
  two_digits(out + 20, centi);
  out[22] = static_cast<char>('0' + (milli - centi * 10));
  out[23] = 'Z';
  return out + kFixedTimestampSize;
}

std::optional<Timestamp> parse_timestamp(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec))
    return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1) return std::nullopt;
  int max_day = kDays[mo - 1] + (mo == 2 && is_leap(y) ? 1 : 0);
  if (d > max_day || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  std::size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_minutes = (oh * 60 + om) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - offset_minutes * 60;
  return seconds * 1000 + ms;
}

}  // namespace scale::domain
