#pragma once
// Instants as milliseconds since the Unix epoch, and their RFC 3339 form.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scale::domain {

using Timestamp = std::int64_t;  // milliseconds since 1970-01-01T00:00:00Z

inline constexpr Timestamp kMillisPerDay = 86'400'000;

// 00:00:00.000 UTC of the day that holds `t`.
Timestamp start_of_day_utc(Timestamp t);

// "2026-11-26T12:00:00.000Z": UTC, always with milliseconds. Years 0000 to 9999 are written
// with four digits (kFixedTimestampSize chars in all); other years (never from a parsed
// date-time) as printf's %04lld writes them ("10000", "-001").
std::string format_timestamp(Timestamp t);
// The same, appended to `out`.
void append_timestamp(std::string& out, Timestamp t);
// The same, written at `out`, which must have room for kTimestampRoom chars (what the JSON
// writer uses: no string of its own). Gives the end of what it wrote.
char* write_timestamp(char* out, Timestamp t);
inline constexpr std::size_t kFixedTimestampSize = 24;
inline constexpr std::size_t kTimestampRoom = 64;

// Reads RFC 3339 date-times: "YYYY-MM-DDTHH:MM:SS", optional fraction (only the first three
// digits count), then "Z" or a "+HH:MM"/"-HH:MM" offset; 't' and 'z' accepted. nullopt otherwise.
std::optional<Timestamp> parse_timestamp(std::string_view text);

}  // namespace scale::domain
