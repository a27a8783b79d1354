#pragma once
// The names of fields as users see them, in one place: error descriptions name fields with
// these, and the JSON codec reads and writes them. A field renamed here is renamed everywhere.

namespace scale::domain::field {

inline constexpr const char* kId = "id";
inline constexpr const char* kType = "type";
inline constexpr const char* kName = "name";
inline constexpr const char* kDisplayName = "displayName";
inline constexpr const char* kDisplayLabel = "displayLabel";
inline constexpr const char* kNaturalId = "naturalId";
inline constexpr const char* kEmail = "email";
inline constexpr const char* kDescription = "description";
inline constexpr const char* kExternalReference = "externalReference";
inline constexpr const char* kConnectedIdentityId = "connectedIdentityId";
inline constexpr const char* kContactInfo = "contactInfo";
inline constexpr const char* kUsedAsDefault = "usedAsDefault";
inline constexpr const char* kCreated = "created";
inline constexpr const char* kModified = "modified";
inline constexpr const char* kLicensees = "licensees";
inline constexpr const char* kLicenseContainers = "licenseContainers";
inline constexpr const char* kLicenseConsumers = "licenseConsumers";
inline constexpr const char* kLicenseConsumerIds = "licenseConsumerIds";

// Path and query parameters.
inline constexpr const char* kLicenseeId = "licenseeId";
inline constexpr const char* kLicenseContainerId = "licenseContainerId";
inline constexpr const char* kLicenseConsumerId = "licenseConsumerId";
inline constexpr const char* kOffset = "offset";
inline constexpr const char* kLimit = "limit";

}  // namespace scale::domain::field
