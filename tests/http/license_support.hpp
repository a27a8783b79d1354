#pragma once
// What the section 10 API tests share (catalogue_test.cpp, licenses_test.cpp): a small
// catalogue loaded with PUT /__admin/state, and short ways to issue and read licenses. Every
// helper talks real HTTP.

#include <string>

#include "support/test_server.hpp"

namespace scale::testing::lic {

// The catalogue's ids: two license models, two products, three configurations covering the
// three dimensions and both enforcement types.
inline constexpr const char* kNamedUser = "11111111-1111-4111-8111-111111111111";
inline constexpr const char* kFloating = "22222222-2222-4222-8222-222222222222";
inline constexpr const char* kCad = "33333333-3333-4333-8333-333333333333";
inline constexpr const char* kSim = "44444444-4444-4444-8444-444444444444";
inline constexpr const char* kCadPro =
    "55555555-5555-4555-8555-555555555555";  // SEATS ENFORCED 5, 365 days
inline constexpr const char* kCredits =
    "66666666-6666-4666-8666-666666666666";  // USE_COUNT METERED 1000
inline constexpr const char* kSimHours =
    "77777777-7777-4777-8777-777777777777";  // USE_TIME ENFORCED 3600, 30 days

// The catalogue as a state document (no licensees).
inline Json catalogue() {
  auto stamp = [](Json j) {
    j["created"] = "2026-01-05T08:00:00.000Z";
    j["modified"] = "2026-01-05T08:00:00.000Z";
    return j;
  };
  Json models = Json::array({stamp({{"id", kNamedUser},
                                    {"name", "named-user"},
                                    {"concurrentUserAppInstancesPerSeat", 1},
                                    {"concurrentUserDevicesPerSeat", 2},
                                    {"maxAssignmentsPerUser", 1}}),
                             stamp({{"id", kFloating},
                                    {"name", "floating"},
                                    {"concurrentUserAppInstancesPerSeat", 3},
                                    {"concurrentUserDevicesPerSeat", 1},
                                    {"maxAssignmentsPerUser", nullptr}})});
  Json cad = stamp({{"id", kCad}, {"name", "acme-cad"}, {"displayName", "Acme CAD"}});
  cad["productConfigurations"] = Json::array({stamp({{"id", kCadPro},
                                                     {"name", "cad-pro-annual"},
                                                     {"displayName", "CAD Pro"},
                                                     {"features", {"modeling", "rendering"}},
                                                     {"licenseModelId", kNamedUser},
                                                     {"qtyDimension", "SEATS"},
                                                     {"qtyEnforcementType", "ENFORCED"},
                                                     {"qty", 5},
                                                     {"validityDays", 365}}),
                                              stamp({{"id", kCredits},
                                                     {"name", "cad-render-credits"},
                                                     {"features", {"cloud-render"}},
                                                     {"licenseModelId", kFloating},
                                                     {"qtyDimension", "USE_COUNT"},
                                                     {"qtyEnforcementType", "METERED"},
                                                     {"qty", 1000},
                                                     {"validityDays", nullptr}})});
  Json sim = stamp({{"id", kSim}, {"name", "nordlab-sim"}, {"externalReference", "sku-sim"}});
  sim["productConfigurations"] = Json::array({stamp({{"id", kSimHours},
                                                     {"name", "sim-hours"},
                                                     {"features", {"solver"}},
                                                     {"licenseModelId", kFloating},
                                                     {"qtyDimension", "USE_TIME"},
                                                     {"qtyEnforcementType", "ENFORCED"},
                                                     {"qty", 3600},
                                                     {"validityDays", 30}})});
  return {{"licenseModels", models}, {"products", Json::array({cad, sim})}};
}

// Replaces the server's (default namespace's) state with catalogue(); throws unless 204.
inline void load_catalogue(TestServer& s) {
  auto r = s.put_json("/__admin/state", catalogue());
  if (r->status != 204) throw std::runtime_error("PUT /__admin/state gave " + r->body);
}

inline std::string licenses_of(const std::string& licensee) {
  return "/licensees/" + licensee + "/licenses";
}

// Issues `body` for `licensee`; throws unless 201. The license as answered.
inline Json issue(TestServer& s, const std::string& licensee, const Json& body) {
  auto r = s.post_json(licenses_of(licensee), body);
  if (r->status != 201) throw std::runtime_error("issue gave " + r->body);
  return body_of(r);
}

// A feature license body: 3 ENFORCED seats of `product` with one feature.
inline Json feature_license(const std::string& product = "kit-orbit") {
  return {{"productName", product},
          {"features", {"orbit"}},
          {"qtyDimension", "SEATS"},
          {"qtyEnforcementType", "ENFORCED"},
          {"qty", 3}};
}

}  // namespace scale::testing::lic
