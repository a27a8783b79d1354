#pragma once
// Products, license models and licenses (contract section 10): the catalogue's read paths
// (10.1) and the licenses of a licensee (10.2), as thin handlers in api_routes.cpp's style.

#include "http/api_routes.hpp"
#include "http/router.hpp"

namespace scale::http {

// Adds the section 10 routes to `router` (paths relative to the base path; each request served
// by the store of its exchange's namespace). Permissions: LicenseModel.read, Product.read,
// License.create/read/update/delete (the mock's vocabulary, docs/authorization.md).
void add_license_routes(Router& router, const ApiOptions& options);

}  // namespace scale::http
