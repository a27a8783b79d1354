#include "http/license_routes.hpp"

#include "domain/fields.hpp"
#include "http/route_support.hpp"
#include "wire/codec.hpp"

namespace scale::http {

using namespace wire;
using namespace routes;

using namespace domain;
namespace f = domain::field;
using httplib::Request;
using httplib::Response;

namespace {

// Query parameters of the license reads (contract section 10.2).
constexpr const char* kWithMetadata = "withMetadata";
constexpr const char* kValid = "valid";

// The list's filters: licenseContainerId (`default` or a UUID), productName (not empty) and
// valid (true or false; false filters nothing). kInvalid naming the parameter otherwise.
Result<LicenseFilter> license_filter(const Request& req) {
  LicenseFilter filter;
  if (req.has_param(f::kLicenseContainerId)) {
    auto ref = container_ref(req.get_param_value(f::kLicenseContainerId));
    if (!ref) return ref.error();
    filter.container = *ref;
  }
  if (req.has_param(f::kProductName)) {
    auto name = query_value(req, f::kProductName);
    if (!name) return name.error();
    filter.product_name = std::move(*name);
  }
  auto valid = flag_param(req, kValid);
  if (!valid) return valid.error();
  filter.valid_now = *valid;
  return filter;
}

std::string license_path(const Uuid& licensee, const Uuid& license) {
  return "/licensees/" + licensee.str() + "/licenses/" + license.str();
}

}  // namespace

void add_license_routes(Router& router, const ApiOptions& options) {
  auto route = [&](const char* method, const char* pattern, const char* permission, auto fn,
                   bool reads_body = false) {
    add_store_route(router, method, pattern, permission, fn, reads_body);
  };
  constexpr bool kReadsBody = true;
  const std::string base = options.base_path;

  // ------------------------------------------------------------ the catalogue (section 10.1)

  route("GET", "/license-models", "LicenseModel.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(page, page_of(req));
          send_page(res, s.list_license_models(page));
        });
  route("GET", "/license-models/{licenseModelId}", "LicenseModel.read",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseModelId));
          TRY(model, s.get_license_model(id));
          send(res, 200, to_json(model));
        });
  route("GET", "/products", "Product.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(page, page_of(req));
          send_page(res, s.list_products(page));
        });
  route("GET", "/products/{productId}", "Product.read",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kProductId));
          TRY(product, s.get_product(id));
          send(res, 200, to_json(product));
        });
  route("GET", "/products/{productId}/product-configurations", "Product.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kProductId));
          TRY(page, page_of(req));
          TRY(list, s.list_product_configurations(id, page));
          send_page(res, list);
        });
  route("GET", "/products/{productId}/product-configurations/{productConfigId}", "Product.read",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kProductId));
          TRY(config_id, path_id(p[1], f::kProductConfigId));
          TRY(config, s.get_product_configuration(id, config_id));
          send(res, 200, to_json(config));
        });

  // ------------------------------------------------------------------ licenses (section 10.2)

  // Every answer with a license honours withMetadata=true; the issue answer always has it.
  auto write_list = [](bool with_metadata) {
    return [with_metadata](const std::vector<LicenseView>& items) {
      return to_json(items, with_metadata);
    };
  };

  route("GET", "/licensees/{licenseeId}/licenses", "License.read",
        [write_list](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(page, page_of(req));
          TRY(filter, license_filter(req));
          TRY(meta, flag_param(req, kWithMetadata));
          TRY(list, s.list_licenses(id, filter, page));
          send_page(res, list, write_list(meta));
        });
  route(
      "POST", "/licensees/{licenseeId}/licenses", "License.create",
      [base](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
        TRY(id, path_id(p[0], f::kLicenseeId));
        BODY(body, read_license_issue);
        RETURN_IF_ERROR(s.get_licensee(id));
        TRY(in, std::move(body));
        TRY(view, s.issue_license(id, in));
        created(res, base, license_path(id, view.license.id), to_json(view, true));
      },
      kReadsBody);
  // Before {licenseId}: the router prefers the literal segment.
  route(
      "PUT", "/licensees/{licenseeId}/licenses/actions/revoke", "License.update",
      [write_list](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
        TRY(id, path_id(p[0], f::kLicenseeId));
        TRY(meta, flag_param(req, kWithMetadata));
        BODY(body, read_license_revoke);
        RETURN_IF_ERROR(s.get_licensee(id));
        TRY(in, std::move(body));
        TRY(list, s.revoke_licenses(id, in));
        send(res, 200, write_list(meta)(list));
      },
      kReadsBody);
  route("GET", "/licensees/{licenseeId}/licenses/{licenseId}", "License.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(license_id, path_id(p[1], f::kLicenseId));
          TRY(meta, flag_param(req, kWithMetadata));
          TRY(view, s.get_license(id, license_id));
          send(res, 200, to_json(view, meta));
        });
  route(
      "PUT", "/licensees/{licenseeId}/licenses/{licenseId}", "License.update",
      [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
        TRY(id, path_id(p[0], f::kLicenseeId));
        TRY(license_id, path_id(p[1], f::kLicenseId));
        TRY(meta, flag_param(req, kWithMetadata));
        BODY(body, read_license_update);
        RETURN_IF_ERROR(s.get_license(id, license_id));
        TRY(in, std::move(body));
        TRY(view, s.update_license(id, license_id, in));
        send(res, 200, to_json(view, meta));
      },
      kReadsBody);
  route("DELETE", "/licensees/{licenseeId}/licenses/{licenseId}", "License.delete",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(license_id, path_id(p[1], f::kLicenseId));
          RETURN_IF_ERROR(s.delete_license(id, license_id));
          no_content(res);
        });
}

}  // namespace scale::http

#undef TRY
#undef RETURN_IF_ERROR
#undef BODY
