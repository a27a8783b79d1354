#pragma once
// Instants as milliseconds since the Unix epoch, and their RFC 3339 form.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scale::domain {

using Timestamp = std::int64_t;  // milliseconds since 1970-01-01T00:00:00Z

inline constexpr Timestamp kMillisPerDay = 86'400'000;

// 00:00:00.000 UTC of the day that holds `t`.
Timestamp start_of_day_utc(Timestamp t);

// "2026-11-26T12:00:00.000Z": UTC, always with milliseconds.
std::string format_timestamp(Timestamp t);
// The same, appended to `out` (what the JSON writer uses: no allocation of its own).
void append_timestamp(std::string& out, Timestamp t);

// Reads RFC 3339 date-times: "YYYY-MM-DDTHH:MM:SS", optional fraction (only the first three
// digits count), then "Z" or a "+HH:MM"/"-HH:MM" offset; 't' and 'z' accepted. nullopt otherwise.
std::optional<Timestamp> parse_timestamp(std::string_view text);

}  // namespace scale::domain
