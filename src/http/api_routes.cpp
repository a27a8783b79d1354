#include "http/api_routes.hpp"

#include "controls/namespaces.hpp"
#include "domain/fields.hpp"
#include "http/route_support.hpp"
#include "wire/codec.hpp"

namespace scale::http {

using namespace wire;
using namespace controls;
using namespace routes;

using namespace domain;
namespace f = domain::field;
using httplib::Request;
using httplib::Response;

std::optional<Error> check_path_ids(const Router::Match& m) {
  for (std::size_t i = 0; i < m.params.size(); ++i) {
    if (m.names[i] == f::kLicenseContainerId) {
      if (auto ref = container_ref(m.params[i]); !ref) return ref.error();
    } else if (auto id = path_id(m.params[i], std::string(m.names[i]).c_str()); !id) {
      return id.error();
    }
  }
  return std::nullopt;
}

void add_api_routes(Router& router, ApiOptions options) {
  // `permission`: what a token must grant under --enforce-permissions ("Resource.action", the
  // mock's own vocabulary: see docs/authorization.md, "Permissions").
  // `reads_body`: the handler reads a JSON body (BODY), so a wrong Content-Type is its 415.
  auto route = [&](const char* method, const char* pattern, const char* permission, auto fn,
                   bool reads_body = false) {
    router.add(
        method, pattern,
        [fn](Exchange& ex, const RouteParams& p) { fn(*ex.ns->store, ex.req, ex.res, p); },
        reads_body, permission);
  };
  constexpr bool kReadsBody = true;
  const std::string base = options.base_path;
  auto created = [base](Response& res, const std::string& path, const std::string& body) {
    res.set_header("Location", base + path);
    send(res, 201, body);
  };

  // ------------------------------------------------------------------ licensees (section 3)

  route("GET", "/licensees", "Licensee.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(page, page_of(req));
          send_page(res, s.list_licensees(page));
        });
  auto setup = [created](bool user) {
    return [created, user](store::Store& s, const Request& req, Response& res, const RouteParams&) {
      BODY(body, read_licensee_setup);
      TRY(in, std::move(body));
      TRY(lic, user ? s.setup_user(in) : s.setup_organization(in));
      created(res, "/licensees/" + lic.id.str(), to_json(lic));
    };
  };
  route("POST", "/licensees/actions/setup-organization", "Licensee.create", setup(false),
        kReadsBody);
  route("POST", "/licensees/actions/setup-user", "Licensee.create", setup(true), kReadsBody);
  route("GET", "/licensees/actions/find-by-email", "Licensee.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(email, query_value(req, f::kEmail));
          TRY(lic, s.find_licensee_by_email(email));
          send(res, 200, to_json(lic));
        });
  route("GET", "/licensees/actions/find-by-naturalid", "Licensee.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(natural_id, query_value(req, f::kNaturalId));
          TRY(lic, s.find_licensee_by_natural_id(natural_id));
          send(res, 200, to_json(lic));
        });
  route("DELETE", "/licensees/actions/delete-user", "Licensee.delete",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(raw, query_value(req, f::kLicenseeId));
          TRY(id, path_id(raw, f::kLicenseeId));
          RETURN_IF_ERROR(s.delete_user(id));
          no_content(res);
        });
  route("GET", "/licensees/{licenseeId}", "Licensee.read",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(lic, s.get_licensee(id));
          send(res, 200, to_json(lic));
        });
  route(
      "PUT", "/licensees/{licenseeId}", "Licensee.update",
      [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
        TRY(id, path_id(p[0], f::kLicenseeId));
        BODY(body, read_licensee_update);
        RETURN_IF_ERROR(s.get_licensee(id));
        TRY(in, std::move(body));
        TRY(lic, s.update_licensee(id, in));
        send(res, 200, to_json(lic));
      },
      kReadsBody);
  route("DELETE", "/licensees/{licenseeId}", "Licensee.delete",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          RETURN_IF_ERROR(s.delete_licensee(id));
          no_content(res);
        });

  // ------------------------------------------------------------------ containers (section 4)

  route("GET", "/licensees/{licenseeId}/license-containers", "LicenseContainer.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(page, page_of(req));
          TRY(list, s.list_containers(id, page));
          send_page(res, list);
        });
  route(
      "POST", "/licensees/{licenseeId}/license-containers", "LicenseContainer.create",
      [created](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
        TRY(id, path_id(p[0], f::kLicenseeId));
        BODY(body, read_container_create);
        RETURN_IF_ERROR(s.get_licensee(id));
        TRY(in, std::move(body));
        TRY(box, s.create_container(id, in));
        created(res, "/licensees/" + id.str() + "/license-containers/" + box.id.str(),
                to_json(box));
      },
      kReadsBody);
  route("GET", "/licensees/{licenseeId}/license-containers/{licenseContainerId}",
        "LicenseContainer.read",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(ref, container_ref(p[1]));
          TRY(box, s.get_container(id, ref));
          send(res, 200, to_json(box));
        });
  route(
      "PUT", "/licensees/{licenseeId}/license-containers/{licenseContainerId}",
      "LicenseContainer.update",
      [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
        TRY(id, path_id(p[0], f::kLicenseeId));
        TRY(ref, container_ref(p[1]));
        BODY(body, read_container_update);
        RETURN_IF_ERROR(s.get_container(id, ref));
        TRY(in, std::move(body));
        TRY(box, s.update_container(id, ref, in));
        send(res, 200, to_json(box));
      },
      kReadsBody);
  route("DELETE", "/licensees/{licenseeId}/license-containers/{licenseContainerId}",
        "LicenseContainer.delete",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(ref, container_ref(p[1]));
          RETURN_IF_ERROR(s.delete_container(id, ref));
          no_content(res);
        });

  // ------------------------------------------------------------------ consumers (section 5)

  route("GET", "/license-consumers", "LicenseConsumer.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(page, page_of(req));
          send_page(res, s.list_consumers(page));
        });
  route(
      "POST", "/license-consumers", "LicenseConsumer.create",
      [created](store::Store& s, const Request& req, Response& res, const RouteParams&) {
        BODY(body, read_consumer_create);
        TRY(in, std::move(body));
        TRY(con, s.create_consumer(in));
        created(res, "/license-consumers/" + con.id.str(), to_json(con));
      },
      kReadsBody);
  route("GET", "/license-consumers/actions/find-by-email", "LicenseConsumer.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(email, query_value(req, f::kEmail));
          TRY(con, s.find_consumer_by_email(email));
          send(res, 200, to_json(con));
        });
  route("GET", "/license-consumers/actions/find-by-externalreference", "LicenseConsumer.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams&) {
          TRY(value, query_value(req, f::kExternalReference));
          TRY(con, s.find_consumer_by_external_reference(value));
          send(res, 200, to_json(con));
        });
  route("GET", "/license-consumers/{licenseConsumerId}", "LicenseConsumer.read",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseConsumerId));
          TRY(con, s.get_consumer(id));
          send(res, 200, to_json(con));
        });
  route(
      "PUT", "/license-consumers/{licenseConsumerId}", "LicenseConsumer.update",
      [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
        TRY(id, path_id(p[0], f::kLicenseConsumerId));
        BODY(body, read_consumer_update);
        RETURN_IF_ERROR(s.get_consumer(id));
        TRY(in, std::move(body));
        TRY(con, s.update_consumer(id, in));
        send(res, 200, to_json(con));
      },
      kReadsBody);
  route("DELETE", "/license-consumers/{licenseConsumerId}", "LicenseConsumer.delete",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseConsumerId));
          RETURN_IF_ERROR(s.delete_consumer(id));
          no_content(res);
        });

  // ------------------------------------------------------------------ relations (section 6)

  route("GET", "/licensees/{licenseeId}/license-consumers", "LicenseConsumer.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(page, page_of(req));
          TRY(list, s.list_associated(id, page));
          send_page(res, list);
        });
  route("PUT", "/licensees/{licenseeId}/license-consumers/{licenseConsumerId}", "Licensee.update",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(consumer, path_id(p[1], f::kLicenseConsumerId));
          RETURN_IF_ERROR(s.associate(id, consumer));
          no_content(res);
        });
  route("DELETE", "/licensees/{licenseeId}/license-consumers/{licenseConsumerId}",
        "Licensee.update",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(consumer, path_id(p[1], f::kLicenseConsumerId));
          RETURN_IF_ERROR(s.dissociate(id, consumer));
          no_content(res);
        });
  route("GET", "/licensees/{licenseeId}/license-containers/{licenseContainerId}/license-consumers",
        "LicenseContainer.read",
        [](store::Store& s, const Request& req, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(ref, container_ref(p[1]));
          TRY(page, page_of(req));
          TRY(list, s.list_with_access(id, ref, page));
          send_page(res, list);
        });
  route("PUT",
        "/licensees/{licenseeId}/license-containers/{licenseContainerId}/license-consumers/"
        "{licenseConsumerId}",
        "LicenseContainer.update",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(ref, container_ref(p[1]));
          TRY(consumer, path_id(p[2], f::kLicenseConsumerId));
          RETURN_IF_ERROR(s.grant(id, ref, consumer));
          no_content(res);
        });
  route("DELETE",
        "/licensees/{licenseeId}/license-containers/{licenseContainerId}/license-consumers/"
        "{licenseConsumerId}",
        "LicenseContainer.update",
        [](store::Store& s, const Request&, Response& res, const RouteParams& p) {
          TRY(id, path_id(p[0], f::kLicenseeId));
          TRY(ref, container_ref(p[1]));
          TRY(consumer, path_id(p[2], f::kLicenseConsumerId));
          RETURN_IF_ERROR(s.revoke(id, ref, consumer));
          no_content(res);
        });
}

}  // namespace scale::http

#undef TRY
#undef RETURN_IF_ERROR
#undef BODY
