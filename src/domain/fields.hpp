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

// The catalogue and licenses (contract section 10).
inline constexpr const char* kLicenseModels = "licenseModels";
inline constexpr const char* kProducts = "products";
inline constexpr const char* kProductConfigurations = "productConfigurations";
inline constexpr const char* kLicenses = "licenses";
inline constexpr const char* kConcurrentUserAppInstancesPerSeat =
    "concurrentUserAppInstancesPerSeat";
inline constexpr const char* kConcurrentUserDevicesPerSeat = "concurrentUserDevicesPerSeat";
inline constexpr const char* kMaxAssignmentsPerUser = "maxAssignmentsPerUser";
inline constexpr const char* kFeatures = "features";
inline constexpr const char* kFeature = "feature";
inline constexpr const char* kLicenseModelId = "licenseModelId";
inline constexpr const char* kQty = "qty";
inline constexpr const char* kQtyDimension = "qtyDimension";
inline constexpr const char* kQtyEnforcementType = "qtyEnforcementType";
inline constexpr const char* kValidityDays = "validityDays";
inline constexpr const char* kProductConfigId = "productConfigId";
inline constexpr const char* kProductName = "productName";
inline constexpr const char* kValidFrom = "validFrom";
inline constexpr const char* kValidUntil = "validUntil";
inline constexpr const char* kLicenseKey = "licenseKey";
inline constexpr const char* kGenerateLicenseKey = "generateLicenseKey";
inline constexpr const char* kAllowedActivations = "allowedActivations";
inline constexpr const char* kAllowedVersionLowerBound = "allowedVersionLowerBound";
inline constexpr const char* kAllowedVersionUpperBound = "allowedVersionUpperBound";
inline constexpr const char* kAllowedVersionsDisplayName = "allowedVersionsDisplayName";
inline constexpr const char* kContractReference = "contractReference";
inline constexpr const char* kOrderReference = "orderReference";
inline constexpr const char* kProductReference = "productReference";
inline constexpr const char* kSubscriptionReference = "subscriptionReference";
inline constexpr const char* kConsumedQty = "consumedQty";
inline constexpr const char* kLicenseIds = "licenseIds";
// A license's metadata (withMetadata=true) and its productConfigInfo (the SDK's
// EffectiveProductConfigInfo).
inline constexpr const char* kLicenseMetadata = "licenseMetadata";
inline constexpr const char* kLicenseContainer = "licenseContainer";
inline constexpr const char* kLicenseModel = "licenseModel";
inline constexpr const char* kProductConfigInfo = "productConfigInfo";
inline constexpr const char* kProductConfigName = "productConfigName";
inline constexpr const char* kProductConfigDisplayName = "productConfigDisplayName";
inline constexpr const char* kProductDisplayName = "productDisplayName";
inline constexpr const char* kLicenseModelName = "licenseModelName";

// Path and query parameters.
inline constexpr const char* kLicenseeId = "licenseeId";
inline constexpr const char* kLicenseContainerId = "licenseContainerId";
inline constexpr const char* kLicenseConsumerId = "licenseConsumerId";
inline constexpr const char* kLicenseId = "licenseId";
inline constexpr const char* kProductId = "productId";
inline constexpr const char* kOffset = "offset";
inline constexpr const char* kLimit = "limit";

// The test-double controls' bodies and query parameters (contract section 8).
inline constexpr const char* kTo = "to";
inline constexpr const char* kMethod = "method";
inline constexpr const char* kPath = "path";
inline constexpr const char* kStatus = "status";
inline constexpr const char* kBody = "body";
inline constexpr const char* kDelayMs = "delayMs";
inline constexpr const char* kDrop = "drop";
inline constexpr const char* kTimes = "times";
inline constexpr const char* kSince = "since";
inline constexpr const char* kNow = "now";
inline constexpr const char* kFrozen = "frozen";
inline constexpr const char* kSeconds = "seconds";
inline constexpr const char* kSeed = "seed";
inline constexpr const char* kSub = "sub";
inline constexpr const char* kIss = "iss";
inline constexpr const char* kPermissions = "permissions";
inline constexpr const char* kTtlSeconds = "ttlSeconds";

}  // namespace scale::domain::field
