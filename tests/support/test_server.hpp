#pragma once
// What the tests over HTTP share: a real App serving on a free loopback port in-process, an
// httplib::Client pointed at it, short ways to send JSON, raw requests, and readers for what
// comes back. Every helper talks real HTTP; none reaches into the store. (support/matchers.hpp
// has the Catch2 matchers for answers; support/admin.hpp what the /__admin tests share.)

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/app.hpp"
#include "app/config.hpp"
#include "wire/codec.hpp"

namespace scale::testing {

using Json = wire::Json;

constexpr const char* kSetupOrg = "/licensees/actions/setup-organization";
constexpr const char* kSetupUser = "/licensees/actions/setup-user";
// A well-formed UUID no test server ever has.
constexpr const char* kUnknownId = "3f9a2c1e-7b4d-4e8f-9a6b-0c1d2e3f4a5b";

struct TestServerOptions {
  // Empty data unless told otherwise; `fixtures` empty with no_fixtures false means the
  // embedded default fixtures.
  bool no_fixtures = true;
  std::string fixtures;
  std::string base_path;  // normalised form: "" or "/api"
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t threads = 8;
  std::optional<std::uint64_t> seed;  // --seed; nullopt: a random seed per namespace
  std::optional<std::int64_t> clock;  // --clock in ms since the epoch; nullopt: real time
  std::size_t journal_limit = 1000;
  std::size_t journal_max_bytes = 64 * 1024 * 1024;
  std::size_t journal_body_cap = 64 * 1024;
  std::size_t max_namespaces = 100;
  std::string state_file;  // --state-file; empty: none
  // Authorization: off unless told otherwise (the command line's default is claims).
  std::string auth = "off";
  bool enforce_permissions = false;
  std::vector<std::pair<std::string, std::string>> jwt_keys;     // KID, PATH
  std::vector<std::pair<std::string, std::string>> jwt_issuers;  // KID, ISSUER
  bool no_dev_key = false;
};

// Options that differ from the defaults in one respect.
TestServerOptions with_default_fixtures();
TestServerOptions with_fixtures(std::string path);
TestServerOptions with_body_limit(std::size_t bytes);
TestServerOptions with_base_path(std::string base);
TestServerOptions with_threads(std::size_t threads);
TestServerOptions with_seed(std::uint64_t seed);
TestServerOptions with_clock(std::int64_t ms_since_epoch);
TestServerOptions with_journal_limit(std::size_t entries);
TestServerOptions with_max_namespaces(std::size_t namespaces);
TestServerOptions with_state_file(std::string path);
TestServerOptions with_auth(std::string mode);

// Starts the App on 127.0.0.1 port 0 in the constructor (throws std::runtime_error with the
// App's error if it cannot start) and stops it in the destructor.
class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return app_->port(); }
  // Prepended to paths by the helpers below: "" or "/api".
  const std::string& base() const { return options_.base_path; }
  // A client with short timeouts and no keep-alive. Not safe to share between threads; use
  // make_client() for a thread of its own.
  httplib::Client& client() { return *client_; }
  std::unique_ptr<httplib::Client> make_client() const;

  // Each prepends base() to `path` (which may carry a query string), and throws
  // std::runtime_error when no response came at all, so `->` on the result is always safe.
  httplib::Result get(const std::string& path);
  httplib::Result head(const std::string& path);
  httplib::Result options(const std::string& path);
  httplib::Result del(const std::string& path);
  // PUT without a body (relation PUTs).
  httplib::Result put_empty(const std::string& path);
  httplib::Result post_json(const std::string& path, const Json& body);
  httplib::Result put_json(const std::string& path, const Json& body);
  // The body exactly as given, with the given Content-Type ("" sends none).
  httplib::Result post_raw(const std::string& path, const std::string& body,
                           const std::string& content_type = "application/json");
  httplib::Result put_raw(const std::string& path, const std::string& body,
                          const std::string& content_type = "application/json");

  // Shortcuts for set-up steps that must succeed (they throw std::runtime_error otherwise).
  // Each returns the created object as JSON.
  Json setup_organization(const Json& body);
  Json setup_user(const Json& body);
  Json create_consumer(const Json& body);
  Json create_container(const std::string& licensee_id, const Json& body);
  // X-Total-Count of GET `path`.
  std::size_t total(const std::string& path);

 private:
  Json must_create(const std::string& path, const Json& body);

  TestServerOptions options_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<httplib::Client> client_;
};

// `r` itself, or std::runtime_error when no response came (for calls on client() directly).
httplib::Result checked(httplib::Result r);

// "HTTP 201 {body}", or "no response (why)".
std::string summary_of(const httplib::Result& r);

// The response body parsed as JSON (throws std::runtime_error when it is not JSON or the
// request failed to get a response at all).
Json body_of(const httplib::Result& r);

// The Allow header split at commas, e.g. {"GET", "HEAD", "OPTIONS"}.
std::set<std::string> allow_of(const httplib::Result& r);

// True when the response is the documented error envelope for `status`: exactly the keys
// error, code and description; error the standard reason phrase; code the status; the JSON
// content type. Failing details are written to `why`. (In a test, CHECK_THAT(r,
// IsEnvelope(status)) from support/matchers.hpp says the same.)
bool is_envelope(const httplib::Result& r, int status, std::string& why);

// The ids a list endpoint answers with (one page of up to 1000).
std::vector<std::string> list_ids(TestServer& s, const std::string& path);

// The ids of `consumers` in the order relation lists give them: created, then id.
std::vector<std::string> in_list_order(std::vector<Json> consumers);

// Writes `request` (a whole HTTP/1.1 request, sent as is) to a new connection to
// 127.0.0.1:port and returns what the server sent: one whole response (by its Content-Length),
// or everything until it closed the connection.
std::string raw_exchange(int port, const std::string& request);

// The same, but reads everything until the server closes the connection (at most 10 s), for
// pipelined requests whose last one asks to close.
std::string raw_until_close(int port, const std::string& request);

// A JSON body of exactly `n` bytes that creates an organization named `name`: the padding
// goes into an unknown field, which the API ignores.
std::string body_of_size(std::size_t n, const std::string& name);

// A whole chunked POST request to `target` whose body is `chunks` in order.
std::string chunked_request(const std::string& target, const std::vector<std::string>& chunks);

// `body` cut into pieces of at most `size` bytes.
std::vector<std::string> cut(const std::string& body, std::size_t size);

// The status code of a raw HTTP response ("HTTP/1.1 201 Created..." gives 201), or -1.
int raw_status(const std::string& response);

// The "id" of a JSON object; the "description" of an error answer; the ids of a JSON array.
std::string id_of(const Json& j);
std::string description_of(const httplib::Result& r);
std::vector<std::string> ids_in(const Json& list);
// The body of a raw HTTP response (after the blank line).
std::string raw_body(const std::string& response);

// Upper-cases the ASCII letters of `s`.
std::string upper(std::string s);

// A string of `n` copies of `unit`.
std::string repeat(const std::string& unit, std::size_t n);

}  // namespace scale::testing
