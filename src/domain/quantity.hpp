#pragma once
// How a license counts its quantity (contract section 10): the dimension it is measured in and
// whether use beyond it is refused or only recorded. Wire names are the SDK's enum members.

#include <optional>
#include <string_view>

namespace scale::domain {

// SEATS and USE_COUNT have no unit; USE_TIME is in seconds.
enum class QtyDimension { kSeats, kUseCount, kUseTime };
std::string_view to_string(QtyDimension d);
// "SEATS", "USE_COUNT" or "USE_TIME", exactly; nullopt for anything else (lower case included).
std::optional<QtyDimension> parse_qty_dimension(std::string_view s);

// ENFORCED: use beyond the quantity is refused. METERED: use is recorded; a qty of -1 means
// unlimited.
enum class QtyEnforcementType { kEnforced, kMetered };
std::string_view to_string(QtyEnforcementType t);
// "ENFORCED" or "METERED", exactly; nullopt for anything else.
std::optional<QtyEnforcementType> parse_qty_enforcement_type(std::string_view s);

}  // namespace scale::domain
