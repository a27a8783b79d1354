#pragma once
// What the tests of the /__admin controls share: a client whose every request names a
// namespace, readers of the controls' answers, and records and instants they start from.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "support/test_server.hpp"

namespace scale::testing {

constexpr const char* kNamespaceHeader = "X-Scale-Mock-Namespace";

// Records of fixtures/default.json.
constexpr const char* kAcme = "923a7369-94e3-4f91-9a61-dbe22e44158b";
constexpr const char* kAda = "6513270e-269e-4d37-b2a7-4de452e6b438";

// 2026-03-01T12:00:00.000Z
constexpr std::int64_t kStart = 1772366400000;
constexpr const char* kStartText = "2026-03-01T12:00:00.000Z";

// A client of the server whose every request names the namespace `name`. Paths are sent as
// given (no base path).
class NsClient {
 public:
  NsClient(const TestServer& s, const std::string& name);
  httplib::Result get(const std::string& path);
  httplib::Result del(const std::string& path);
  httplib::Result post_empty(const std::string& path);
  httplib::Result post_json(const std::string& path, const Json& body);
  httplib::Result put_json(const std::string& path, const Json& body);
  // POSTs `body` and returns the created object (std::runtime_error unless 201).
  Json create(const std::string& path, const Json& body);
  // X-Total-Count of GET `path`.
  std::size_t total(const std::string& path);

 private:
  std::unique_ptr<httplib::Client> c_;
};

// The default namespace's GET /__admin/health; the state document's text; the journal's
// entries (`query` such as "?method=GET"); the faults; the clock.
Json health(TestServer& s);
std::string state_text(TestServer& s);
Json journal(TestServer& s, const std::string& query = "");
Json faults(TestServer& s);
Json clock(TestServer& s);

// The "counts" object of the health answer.
Json counts(std::size_t licensees, std::size_t containers, std::size_t consumers,
            std::size_t licenses = 0, std::size_t products = 0, std::size_t leases = 0);

}  // namespace scale::testing
