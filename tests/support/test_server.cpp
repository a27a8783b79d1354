#include "support/test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "http/envelope.hpp"

namespace scale::testing {

namespace {

constexpr const char* kHost = "127.0.0.1";

// True once `out` holds a whole response: the headers and, when there is a Content-Length, that
// many bytes of body (a server may keep the connection open after answering).
bool response_complete(const std::string& out) {
  const auto end = out.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  const int status = raw_status(out);
  if (status == 204 || status == 304 || (status >= 100 && status < 200)) return true;  // no body
  std::string head = out.substr(0, end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = head.find("\r\ncontent-length:");
  if (at == std::string::npos) return false;  // read until the server closes
  const std::size_t length = std::stoul(head.substr(at + 17));
  return out.size() >= end + 4 + length;
}

}  // namespace

TestServerOptions with_default_fixtures() {
  TestServerOptions o;
  o.no_fixtures = false;
  return o;
}
TestServerOptions with_fixtures(std::string path) {
  TestServerOptions o;
  o.no_fixtures = false;
  o.fixtures = std::move(path);
  return o;
}
TestServerOptions with_body_limit(std::size_t bytes) {
  TestServerOptions o;
  o.max_body_bytes = bytes;
  return o;
}
TestServerOptions with_base_path(std::string base) {
  TestServerOptions o;
  o.base_path = std::move(base);
  return o;
}
TestServerOptions with_threads(std::size_t threads) {
  TestServerOptions o;
  o.threads = threads;
  return o;
}

TestServerOptions with_seed(std::uint64_t seed) {
  TestServerOptions o;
  o.seed = seed;
  return o;
}
TestServerOptions with_clock(std::int64_t ms_since_epoch) {
  TestServerOptions o;
  o.clock = ms_since_epoch;
  return o;
}
TestServerOptions with_journal_limit(std::size_t entries) {
  TestServerOptions o;
  o.journal_limit = entries;
  return o;
}
TestServerOptions with_max_namespaces(std::size_t namespaces) {
  TestServerOptions o;
  o.max_namespaces = namespaces;
  return o;
}
TestServerOptions with_state_file(std::string path) {
  TestServerOptions o;
  o.state_file = std::move(path);
  return o;
}
TestServerOptions with_auth(std::string mode) {
  TestServerOptions o;
  o.auth = std::move(mode);
  return o;
}

TestServer::TestServer(TestServerOptions options) : options_(std::move(options)) {
  app::Config config;
  config.host = kHost;
  config.port = 0;
  config.quiet = true;
  config.no_fixtures = options_.no_fixtures;
  config.fixtures = options_.fixtures;
  config.base_path = options_.base_path;
  config.max_body_bytes = options_.max_body_bytes;
  config.threads = options_.threads;
  config.seed = options_.seed;
  config.clock = options_.clock;
  config.journal_limit = options_.journal_limit;
  config.journal_max_bytes = options_.journal_max_bytes;
  config.journal_body_cap = options_.journal_body_cap;
  config.max_namespaces = options_.max_namespaces;
  config.state_file = options_.state_file;
  config.auth = options_.auth;
  config.enforce_permissions = options_.enforce_permissions;
  config.jwt_keys = options_.jwt_keys;
  config.jwt_issuers = options_.jwt_issuers;
  config.no_dev_key = options_.no_dev_key;
  app_ = std::make_unique<app::App>(config);
  std::string error;
  if (!app_->start(error)) throw std::runtime_error("the test server did not start: " + error);
  client_ = make_client();
}

TestServer::~TestServer() {
  client_.reset();
  app_->stop();
}

std::unique_ptr<httplib::Client> TestServer::make_client() const {
  auto c = std::make_unique<httplib::Client>(kHost, port());
  c->set_connection_timeout(5, 0);
  c->set_read_timeout(10, 0);
  c->set_write_timeout(10, 0);
  c->set_keep_alive(false);
  return c;
}

httplib::Result TestServer::get(const std::string& path) {
  return checked(client_->Get(base() + path));
}
httplib::Result TestServer::head(const std::string& path) {
  return checked(client_->Head(base() + path));
}
httplib::Result TestServer::options(const std::string& path) {
  return checked(client_->Options(base() + path));
}
httplib::Result TestServer::del(const std::string& path) {
  return checked(client_->Delete(base() + path));
}
httplib::Result TestServer::put_empty(const std::string& path) {
  return checked(client_->Put(base() + path));
}

httplib::Result TestServer::post_json(const std::string& path, const Json& body) {
  return post_raw(path, body.dump(), "application/json");
}
httplib::Result TestServer::put_json(const std::string& path, const Json& body) {
  return put_raw(path, body.dump(), "application/json");
}

httplib::Result TestServer::post_raw(const std::string& path, const std::string& body,
                                     const std::string& content_type) {
  return checked(client_->Post(base() + path, body, content_type));
}
httplib::Result TestServer::put_raw(const std::string& path, const std::string& body,
                                    const std::string& content_type) {
  return checked(client_->Put(base() + path, body, content_type));
}

Json TestServer::must_create(const std::string& path, const Json& body) {
  auto r = post_json(path, body);
  if (!r || r->status != 201)
    throw std::runtime_error("POST " + path + " " + body.dump() + " expected 201, got " +
                             summary_of(r));
  return body_of(r);
}

Json TestServer::setup_organization(const Json& body) {
  return must_create("/licensees/actions/setup-organization", body);
}
Json TestServer::setup_user(const Json& body) {
  return must_create("/licensees/actions/setup-user", body);
}
Json TestServer::create_consumer(const Json& body) {
  return must_create("/license-consumers", body);
}
Json TestServer::create_container(const std::string& licensee_id, const Json& body) {
  return must_create("/licensees/" + licensee_id + "/license-containers", body);
}

std::size_t TestServer::total(const std::string& path) {
  auto r = get(path);
  if (!r || r->status != 200 || !r->has_header("X-Total-Count"))
    throw std::runtime_error("GET " + path + " gave no X-Total-Count: " + summary_of(r));
  return std::stoul(r->get_header_value("X-Total-Count"));
}

httplib::Result checked(httplib::Result r) {
  if (!r) throw std::runtime_error(summary_of(r));
  return r;
}

std::string summary_of(const httplib::Result& r) {
  if (!r) return "no response (" + httplib::to_string(r.error()) + ")";
  return "HTTP " + std::to_string(r->status) + " " + r->body;
}

Json body_of(const httplib::Result& r) {
  if (!r) throw std::runtime_error(summary_of(r));
  Json j = Json::parse(r->body, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("not a JSON body: " + summary_of(r));
  return j;
}

std::set<std::string> allow_of(const httplib::Result& r) {
  std::set<std::string> out;
  if (!r) return out;
  const std::string v = r->get_header_value("Allow");
  std::string item;
  for (char c : v) {
    if (c == ',') {
      if (!item.empty()) out.insert(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.insert(item);
  return out;
}

bool is_envelope(const httplib::Result& r, int status, std::string& why) {
  if (!r) {
    why = summary_of(r);
    return false;
  }
  if (r->status != status) {
    why = "expected status " + std::to_string(status) + ", got " + summary_of(r);
    return false;
  }
  if (r->get_header_value("Content-Type") != http::kJsonContentType) {
    why = "Content-Type is '" + r->get_header_value("Content-Type") + "'";
    return false;
  }
  Json j = Json::parse(r->body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    why = "the body is not a JSON object: " + r->body;
    return false;
  }
  if (j.size() != 3 || !j.contains("error") || !j.contains("code") || !j.contains("description")) {
    why = "the keys are not exactly error, code, description: " + r->body;
    return false;
  }
  if (j["code"] != status || j["error"] != http::reason_phrase(status) ||
      !j["description"].is_string() || j["description"].get<std::string>().empty()) {
    why = "wrong values: " + r->body;
    return false;
  }
  return true;
}

std::string raw_exchange(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  // A safety net so that a server that never answers fails the test instead of hanging it.
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, kHost, &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect() failed");
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string out;
  char buf[4096];
  while (!response_complete(out)) {
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string raw_until_close(int port, const std::string& request) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
      out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

int raw_status(const std::string& response) {
  // "HTTP/1.1 201 Created"
  auto sp = response.find(' ');
  if (response.rfind("HTTP/1.", 0) != 0 || sp == std::string::npos || response.size() < sp + 4)
    return -1;
  return std::stoi(response.substr(sp + 1, 3));
}

std::string raw_body(const std::string& response) {
  auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

std::string id_of(const Json& j) {
  return j.at("id").get<std::string>();
}

std::string description_of(const httplib::Result& r) {
  return body_of(r).at("description").get<std::string>();
}

std::vector<std::string> ids_in(const Json& list) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(id_of(item));
  return out;
}

std::vector<std::string> list_ids(TestServer& s, const std::string& path) {
  auto r = s.get(path + (path.find('?') == std::string::npos ? "?limit=1000" : "&limit=1000"));
  if (!r || r->status != 200) throw std::runtime_error("GET " + path + " failed");
  return ids_in(body_of(r));
}

std::vector<std::string> in_list_order(std::vector<Json> consumers) {
  std::sort(consumers.begin(), consumers.end(), [](const Json& a, const Json& b) {
    return std::make_pair(a.at("created").get<std::string>(), id_of(a)) <
           std::make_pair(b.at("created").get<std::string>(), id_of(b));
  });
  return ids_in(Json(consumers));
}

std::string body_of_size(std::size_t n, const std::string& name) {
  const std::string head = R"({"name":")" + name + R"(","pad":")";
  const std::string tail = "\"}";
  return head + std::string(n - head.size() - tail.size(), 'x') + tail;
}

std::string chunked_request(const std::string& target, const std::vector<std::string>& chunks) {
  const auto hex = [](std::size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%zx", n);
    return std::string(buf);
  };
  std::string req = "POST " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
  for (const auto& c : chunks) req += hex(c.size()) + "\r\n" + c + "\r\n";
  return req + "0\r\n\r\n";
}

std::vector<std::string> cut(const std::string& body, std::size_t size) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < body.size(); i += size) out.push_back(body.substr(i, size));
  return out;
}

}  // namespace scale::testing
