#include "domain/lease.hpp"

namespace scale::domain {

QtyEnforcementType enforcement_of(UseMode mode) {
  return mode == UseMode::kMetered ? QtyEnforcementType::kMetered : QtyEnforcementType::kEnforced;
}

bool is_live_at(const Lease& l, Timestamp t) {
  return t < l.valid_until;
}

std::string_view to_string(RefusalCode code) {
  switch (code) {
    case RefusalCode::kLicenseNotFound:
      return "LICENSE_NOT_FOUND";
    case RefusalCode::kLicenseNotValid:
      return "LICENSE_NOT_VALID";
    case RefusalCode::kVersionNotAllowed:
      return "VERSION_NOT_ALLOWED";
    case RefusalCode::kInsufficientQuantity:
      return "INSUFFICIENT_QUANTITY";
    case RefusalCode::kClientMismatch:
      return "CLIENT_MISMATCH";
    case RefusalCode::kLeaseNotFound:
      return "LEASE_NOT_FOUND";
  }
  return "LICENSE_NOT_FOUND";
}

}  // namespace scale::domain
