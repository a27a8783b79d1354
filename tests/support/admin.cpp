#include "support/admin.hpp"

#include <stdexcept>

namespace scale::testing {

NsClient::NsClient(const TestServer& s, const std::string& name) : c_(s.make_client()) {
  c_->set_default_headers({{kNamespaceHeader, name}});
}

httplib::Result NsClient::get(const std::string& path) {
  return checked(c_->Get(path));
}
httplib::Result NsClient::del(const std::string& path) {
  return checked(c_->Delete(path));
}
httplib::Result NsClient::post_empty(const std::string& path) {
  return checked(c_->Post(path));
}
httplib::Result NsClient::post_json(const std::string& path, const Json& body) {
  return checked(c_->Post(path, body.dump(), "application/json"));
}
httplib::Result NsClient::put_json(const std::string& path, const Json& body) {
  return checked(c_->Put(path, body.dump(), "application/json"));
}

Json NsClient::create(const std::string& path, const Json& body) {
  auto r = post_json(path, body);
  if (r->status != 201) throw std::runtime_error("POST " + path + " gave " + r->body);
  return body_of(r);
}

std::size_t NsClient::total(const std::string& path) {
  return std::stoul(get(path)->get_header_value("X-Total-Count"));
}

Json health(TestServer& s) {
  return body_of(s.get("/__admin/health"));
}
std::string state_text(TestServer& s) {
  return s.get("/__admin/state")->body;
}
Json journal(TestServer& s, const std::string& query) {
  return body_of(s.get("/__admin/requests" + query)).at("requests");
}
Json faults(TestServer& s) {
  return body_of(s.get("/__admin/faults")).at("faults");
}
Json clock(TestServer& s) {
  return body_of(s.get("/__admin/clock"));
}

Json counts(std::size_t licensees, std::size_t containers, std::size_t consumers,
            std::size_t licenses, std::size_t products, std::size_t leases) {
  return Json{{"licensees", licensees},
              {"licenseContainers", containers},
              {"licenseConsumers", consumers},
              {"licenses", licenses},
              {"products", products},
              {"leases", leases}};
}

}  // namespace scale::testing
