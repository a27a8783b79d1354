#include "domain/quantity.hpp"

namespace scale::domain {

std::string_view to_string(QtyDimension d) {
  switch (d) {
    case QtyDimension::kSeats:
      return "SEATS";
    case QtyDimension::kUseCount:
      return "USE_COUNT";
    case QtyDimension::kUseTime:
      return "USE_TIME";
  }
  return "SEATS";
}

std::optional<QtyDimension> parse_qty_dimension(std::string_view s) {
  if (s == "SEATS") return QtyDimension::kSeats;
  if (s == "USE_COUNT") return QtyDimension::kUseCount;
  if (s == "USE_TIME") return QtyDimension::kUseTime;
  return std::nullopt;
}

std::string_view to_string(QtyEnforcementType t) {
  return t == QtyEnforcementType::kMetered ? "METERED" : "ENFORCED";
}

std::optional<QtyEnforcementType> parse_qty_enforcement_type(std::string_view s) {
  if (s == "ENFORCED") return QtyEnforcementType::kEnforced;
  if (s == "METERED") return QtyEnforcementType::kMetered;
  return std::nullopt;
}

}  // namespace scale::domain
