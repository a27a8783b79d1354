#include "domain/license_validation.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "domain/version.hpp"

namespace scale::domain {
namespace {

Status check_length(const char* field, const OptText& value) {
  if (value && code_points(*value) > kMaxShortText)
    return Error::Invalid(field, msg::too_long(kMaxShortText));
  return Ok();
}

// Required, non-blank, at most 255 characters.
Status check_required_text(const char* field, const OptText& value) {
  if (!value) return Error::Invalid(field, msg::required());
  if (is_blank(*value)) return Error::Invalid(field, msg::blank());
  return check_length(field, value);
}

bool has_control_character(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

Status check_version(const char* field, const OptText& value) {
  if (!value) return Ok();
  if (is_blank(*value)) return Error::Invalid(field, msg::blank());
  if (auto s = check_length(field, value); !s) return s;
  if (has_control_character(*value)) return Error::Invalid(field, msg::control_character());
  return Ok();
}

std::string number(std::int64_t v) {
  return std::to_string(v);
}

// "[a, b]": how a list of feature names is quoted in a message.
std::string names(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out + "]";
}

std::vector<std::string> names_of(const std::vector<LicenseFeature>& features) {
  std::vector<std::string> out;
  out.reserve(features.size());
  for (const auto& f : features) out.push_back(f.feature);
  return out;
}

bool same_set(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::set<std::string>(a.begin(), a.end()) == std::set<std::string>(b.begin(), b.end());
}

std::string format(const std::string& v) {
  return v;
}
std::string format(std::int64_t v) {
  return number(v);
}
std::string format(const Uuid& v) {
  return v.str();
}
std::string format(QtyDimension v) {
  return std::string(to_string(v));
}
std::string format(QtyEnforcementType v) {
  return std::string(to_string(v));
}

// A fixed field of a PUT: when given, it must equal the current value.
template <class T>
Status match(const char* field, const std::optional<T>& given, const T& current) {
  if (given && !(*given == current))
    return Error::Invalid(field, msg::must_match(format(*given), format(current)));
  return Ok();
}
template <class T>
Status match(const char* field, const std::optional<T>& given, const std::optional<T>& current) {
  if (!given) return Ok();
  if (!current) return Error::Invalid(field, msg::must_match_null(format(*given)));
  return match(field, given, *current);
}
Status match_time(const char* field, const std::optional<Timestamp>& given, Timestamp current) {
  if (given && *given != current)
    return Error::Invalid(field,
                          msg::must_match(format_timestamp(*given), format_timestamp(current)));
  return Ok();
}

Status validate_terms_text(const LicenseTerms& t) {
  if (auto s = check_length(field::kDisplayName, t.display_name); !s) return s;
  return Ok();
}

}  // namespace

bool is_license_key(std::string_view s) {
  if (s.size() < 16 || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

Status validate_license_key(std::string_view key) {
  if (!is_license_key(key)) return Error::Invalid(field::kLicenseKey, msg::bad_license_key(key));
  return Ok();
}

Status validate_qty(std::int64_t qty, QtyDimension dimension, QtyEnforcementType enforcement) {
  if (qty == kUnlimitedQty) {
    if (enforcement == QtyEnforcementType::kMetered) return Ok();
    return Error::Invalid(field::kQty, msg::qty_unlimited_needs_metered());
  }
  if (dimension == QtyDimension::kSeats) {
    if (qty < 1 || qty > kMaxSeats) return Error::Invalid(field::kQty, msg::qty_seats(number(qty)));
    return Ok();
  }
  if (qty < 1) return Error::Invalid(field::kQty, msg::qty_use(number(qty), to_string(dimension)));
  return Ok();
}

Status validate_validity(Timestamp from, const std::optional<Timestamp>& until) {
  if (until && *until <= from)
    return Error::Invalid(
        field::kValidUntil,
        msg::not_after(format_timestamp(*until), field::kValidFrom, format_timestamp(from)));
  return Ok();
}

Status validate_version_bounds(const OptText& lower, const OptText& upper,
                               const OptText& display_name) {
  if (auto s = check_version(field::kAllowedVersionLowerBound, lower); !s) return s;
  if (auto s = check_version(field::kAllowedVersionUpperBound, upper); !s) return s;
  if (lower && upper && compare_versions(*upper, *lower) < 0)
    return Error::Invalid(field::kAllowedVersionUpperBound,
                          msg::below(*upper, field::kAllowedVersionLowerBound, *lower));
  return check_length(field::kAllowedVersionsDisplayName, display_name);
}

Status validate_feature_names(const std::vector<std::string>& list) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = std::string(field::kFeatures) + "/" + std::to_string(i);
    if (auto s = check_required_text(field::kFeatures, list[i]); !s)
      return Error::Invalid(where, s.error().reason);
    if (!seen.insert(list[i]).second) return Error::Invalid(where, msg::listed_twice(list[i]));
  }
  return Ok();
}

Status validate_references(const LicenseReferences& r) {
  if (auto s = check_length(field::kContractReference, r.contract_reference); !s) return s;
  if (auto s = check_length(field::kOrderReference, r.order_reference); !s) return s;
  if (auto s = check_length(field::kProductReference, r.product_reference); !s) return s;
  return check_length(field::kSubscriptionReference, r.subscription_reference);
}

Status validate_not_negative(const char* field, const OptInt& value) {
  if (value && *value < 0) return Error::Invalid(field, msg::negative(number(*value)));
  return Ok();
}

Status validate(const LicenseModelRecord& r) {
  if (auto s = check_required_text(field::kName, r.name); !s) return s;
  if (auto s = validate_not_negative(field::kConcurrentUserAppInstancesPerSeat,
                                     r.concurrent_user_app_instances_per_seat);
      !s)
    return s;
  if (auto s = validate_not_negative(field::kConcurrentUserDevicesPerSeat,
                                     r.concurrent_user_devices_per_seat);
      !s)
    return s;
  return validate_not_negative(field::kMaxAssignmentsPerUser, r.max_assignments_per_user);
}

Status validate(const ProductRecord& r) {
  if (auto s = check_required_text(field::kName, r.name); !s) return s;
  if (auto s = check_length(field::kDisplayName, r.display_name); !s) return s;
  return check_length(field::kExternalReference, r.external_reference);
}

Status validate(const ProductConfigurationRecord& r) {
  if (auto s = check_required_text(field::kName, r.name); !s) return s;
  if (auto s = check_length(field::kDisplayName, r.display_name); !s) return s;
  if (auto s = validate_feature_names(r.features); !s) return s;
  if (!r.license_model_id) return Error::Invalid(field::kLicenseModelId, msg::required());
  if (!r.qty_dimension) return Error::Invalid(field::kQtyDimension, msg::required());
  if (!r.qty_enforcement_type) return Error::Invalid(field::kQtyEnforcementType, msg::required());
  if (!r.qty) return Error::Invalid(field::kQty, msg::required());
  if (auto s = validate_qty(*r.qty, *r.qty_dimension, *r.qty_enforcement_type); !s) return s;
  if (r.validity_days && *r.validity_days < 1)
    return Error::Invalid(field::kValidityDays, msg::at_least(number(*r.validity_days), "1"));
  return check_length(field::kExternalReference, r.external_reference);
}

Result<License> resolve_terms(const LicenseTerms& t, const LicenseSource* source, Timestamp now,
                              bool apply_validity_days) {
  License l;
  if (source) {
    const ProductConfiguration& config = source->configuration;
    if (t.product_name && *t.product_name != source->product.name)
      return Error::Invalid(field::kProductName,
                            msg::differs_from_configuration(*t.product_name, source->product.name));
    if (auto s = validate_terms_text(t); !s) return s.error();
    if (t.qty_dimension && *t.qty_dimension != config.qty_dimension)
      return Error::Invalid(field::kQtyDimension,
                            msg::differs_from_configuration(to_string(*t.qty_dimension),
                                                            to_string(config.qty_dimension)));
    if (t.qty_enforcement_type && *t.qty_enforcement_type != config.qty_enforcement_type)
      return Error::Invalid(
          field::kQtyEnforcementType,
          msg::differs_from_configuration(to_string(*t.qty_enforcement_type),
                                          to_string(config.qty_enforcement_type)));
    l.product_config_id = config.id;
    l.product_name = source->product.name;
    l.qty = t.qty.value_or(config.qty);
    l.qty_dimension = config.qty_dimension;
    l.qty_enforcement_type = config.qty_enforcement_type;
    l.concurrent_user_app_instances_per_seat = source->model.concurrent_user_app_instances_per_seat;
    l.concurrent_user_devices_per_seat = source->model.concurrent_user_devices_per_seat;
  } else {
    if (!t.product_name)
      return Error::Invalid(field::kProductName, msg::required_for_feature_license());
    if (auto s = check_required_text(field::kProductName, t.product_name); !s) return s.error();
    if (auto s = validate_terms_text(t); !s) return s.error();
    if (!t.qty) return Error::Invalid(field::kQty, msg::required_for_feature_license());
    if (!t.qty_dimension)
      return Error::Invalid(field::kQtyDimension, msg::required_for_feature_license());
    if (!t.qty_enforcement_type)
      return Error::Invalid(field::kQtyEnforcementType, msg::required_for_feature_license());
    l.product_name = *t.product_name;
    l.qty = *t.qty;
    l.qty_dimension = *t.qty_dimension;
    l.qty_enforcement_type = *t.qty_enforcement_type;
    l.concurrent_user_devices_per_seat = kBuiltInDevicesPerSeat;
  }
  l.display_name = t.display_name;
  if (auto s = validate_qty(l.qty, l.qty_dimension, l.qty_enforcement_type); !s) return s.error();

  l.valid_from = t.valid_from.value_or(start_of_day_utc(now));
  if (auto s = validate_validity(l.valid_from, t.valid_until); !s) return s.error();
  l.valid_until = t.valid_until;
  if (!l.valid_until && apply_validity_days && source && source->configuration.validity_days)
    l.valid_until = l.valid_from + *source->configuration.validity_days * kMillisPerDay;

  std::vector<std::string> feature_names;
  if (source) {
    feature_names = source->configuration.features;
    if (t.features) {
      if (auto s = validate_feature_names(*t.features); !s) return s.error();
    }
    if (t.features && !same_set(*t.features, feature_names))
      return Error::Invalid(field::kFeatures, msg::differs_from_configuration(
                                                  names(*t.features), names(feature_names)));
  } else {
    feature_names = t.features.value_or(std::vector<std::string>{});
    if (auto s = validate_feature_names(feature_names); !s) return s.error();
  }
  for (auto& name : feature_names) l.features.push_back({{}, std::move(name), 0, 0});

  if (auto s = validate_version_bounds(t.allowed_version_lower_bound, t.allowed_version_upper_bound,
                                       t.allowed_versions_display_name);
      !s)
    return s.error();
  l.allowed_version_lower_bound = t.allowed_version_lower_bound;
  l.allowed_version_upper_bound = t.allowed_version_upper_bound;
  l.allowed_versions_display_name = t.allowed_versions_display_name;
  if (auto s = validate_references(t.references); !s) return s.error();
  l.references = t.references;
  return l;
}

Status validate_update(const LicenseUpdate& in, const License& cur) {
  if (auto s = match(field::kId, in.id, cur.id); !s) return s;
  if (auto s = match(field::kProductName, in.product_name, cur.product_name); !s) return s;
  if (auto s = check_length(field::kDisplayName, in.display_name); !s) return s;
  if (auto s = match(field::kQty, in.qty, cur.qty); !s) return s;
  if (auto s = match(field::kQtyDimension, in.qty_dimension, cur.qty_dimension); !s) return s;
  if (auto s = match(field::kQtyEnforcementType, in.qty_enforcement_type, cur.qty_enforcement_type);
      !s)
    return s;
  if (auto s = validate_validity(in.valid_from.value_or(cur.valid_from), in.valid_until); !s)
    return s;
  if (in.features && !same_set(*in.features, names_of(cur.features)))
    return Error::Invalid(field::kFeatures,
                          msg::must_match(names(*in.features), names(names_of(cur.features))));
  const OptText key = cur.license_key ? OptText(cur.license_key->key) : std::nullopt;
  if (auto s = match(field::kLicenseKey, in.license_key, key); !s) return s;
  if (auto s = match(field::kAllowedVersionLowerBound, in.allowed_version_lower_bound,
                     cur.allowed_version_lower_bound);
      !s)
    return s;
  if (auto s = match(field::kAllowedVersionUpperBound, in.allowed_version_upper_bound,
                     cur.allowed_version_upper_bound);
      !s)
    return s;
  if (auto s = match(field::kAllowedVersionsDisplayName, in.allowed_versions_display_name,
                     cur.allowed_versions_display_name);
      !s)
    return s;
  if (auto s = match(field::kConcurrentUserAppInstancesPerSeat,
                     in.concurrent_user_app_instances_per_seat,
                     cur.concurrent_user_app_instances_per_seat);
      !s)
    return s;
  if (auto s = match(field::kConcurrentUserDevicesPerSeat, in.concurrent_user_devices_per_seat,
                     cur.concurrent_user_devices_per_seat);
      !s)
    return s;
  if (auto s = match_time(field::kCreated, in.created, cur.created); !s) return s;
  if (auto s = match_time(field::kModified, in.modified, cur.modified); !s) return s;
  // The metadata's fields, in their order.
  if (auto s = match(field::kProductConfigId, in.product_config_id, cur.product_config_id); !s)
    return s;
  const auto& r = in.references;
  const auto& c = cur.references;
  if (auto s = match(field::kContractReference, r.contract_reference, c.contract_reference); !s)
    return s;
  if (auto s = match(field::kOrderReference, r.order_reference, c.order_reference); !s) return s;
  if (auto s = match(field::kProductReference, r.product_reference, c.product_reference); !s)
    return s;
  return match(field::kSubscriptionReference, r.subscription_reference, c.subscription_reference);
}

}  // namespace scale::domain
