// Hostile and careless clients (issue 8, item 3): idle keep-alive connections, clients that
// send one byte a second, and bodies over the limit must not keep a well-behaved client
// waiting, nor make the server read what it is going to refuse.
//
// These tests talk to a real server over raw sockets. The one timed bound they assert is the
// issue's own: a well-behaved request is answered within 100 ms. Each probe is repeated and
// the median is checked, so one slow scheduling slice on a busy machine does not fail it;
// without the connection layer's protection a probe waits seconds (for a worker that an idle
// or slow client holds), not a few milliseconds more.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "app/config.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

constexpr const char* kHealth = "GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// A client socket that closes itself.
class Socket {
 public:
  explicit Socket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect() failed");
    }
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(Socket&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

  // Sends all of `data`, waiting at most `limit` for room; false when it could not.
  bool send(const std::string& data, milliseconds limit = milliseconds(2000)) {
    const auto deadline = Clock::now() + limit;
    std::size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
      if (!wait(POLLOUT, deadline)) return false;
    }
    return true;
  }

  // Reads until one whole response is in (headers, and Content-Length bytes of body), the
  // connection closes, or `limit` passes. Returns what arrived.
  std::string read_response(milliseconds limit = milliseconds(2000)) {
    const auto deadline = Clock::now() + limit;
    while (length_of_response(in_) == 0) {
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        in_.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) {
        closed_ = true;
        break;
      }
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        closed_ = true;
        break;
      }
      if (!wait(POLLIN, deadline)) break;
    }
    // One response; what came after it (a pipelined answer) stays for the next call.
    std::size_t n = length_of_response(in_);
    if (n == 0) n = in_.size();
    std::string out = in_.substr(0, n);
    in_.erase(0, n);
    return out;
  }

  // True when the server has closed its side within `limit` (whatever else it sent first).
  bool closed_within(milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (!closed_) {
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) continue;
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        closed_ = true;
        break;
      }
      if (!wait(POLLIN, deadline)) break;
    }
    return closed_;
  }

 private:
  bool wait(short events, Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, events, 0};
    return ::poll(&p, 1, static_cast<int>(left)) > 0;
  }

  // The length of the first response in `in` once it is all there, else 0.
  static std::size_t length_of_response(const std::string& in) {
    const auto end = in.find("\r\n\r\n");
    if (end == std::string::npos) return 0;
    const int status = raw_status(in);
    if (status == 100 || status == 204) return end + 4;  // no body
    std::string head = upper(in.substr(0, end));
    const auto at = head.find("\r\nCONTENT-LENGTH:");
    if (at == std::string::npos) return 0;  // until the server closes
    const std::size_t length = end + 4 + std::stoul(head.substr(at + 17));
    return in.size() >= length ? length : 0;
  }

  int fd_ = -1;
  std::string in_;
  bool closed_ = false;
};

// Milliseconds a well-behaved client waits for GET /__admin/health on a new connection (a
// second when it gets no answer within a second).
double probe(int port) {
  const auto start = Clock::now();
  try {
    Socket s(port);
    if (!s.send(kHealth)) return 1000;
    if (raw_status(s.read_response(milliseconds(1000))) != 200) return 1000;
  } catch (const std::exception&) {
    return 1000;
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The tests open hundreds of sockets, both ends in this process: make sure the soft limit on
// open files allows it.
void ensure_open_files(rlim_t needed) {
  rlimit lim{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &lim) == 0);
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < needed) {
    lim.rlim_cur = std::min<rlim_t>(needed, lim.rlim_max);
    REQUIRE(setrlimit(RLIMIT_NOFILE, &lim) == 0);
  }
  REQUIRE((lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur >= needed));
}

std::string head_of(const std::string& response) {
  auto end = response.find("\r\n\r\n");
  return upper(end == std::string::npos ? response : response.substr(0, end));
}

}  // namespace

TEST_CASE("500 idle keep-alive connections do not keep a well-behaved client waiting",
          "[hostile]") {
  ensure_open_files(4096);
  TestServer s;  // 8 worker threads
  // 500 clients that each had an answer and keep their connection open, idle...
  std::vector<Socket> idle;
  for (int i = 0; i < 500; ++i) {
    idle.emplace_back(s.port());
    REQUIRE(idle.back().send(kHealth));
  }
  int answered = 0;
  const auto deadline = Clock::now() + milliseconds(3000);
  for (auto& c : idle) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    if (raw_status(c.read_response(left)) == 200) ++answered;
  }
  CHECK(answered == 500);
  // ...and 50 that connected and never sent anything.
  std::vector<Socket> silent;
  for (int i = 0; i < 50; ++i) silent.emplace_back(s.port());

  std::vector<double> ms;
  for (int i = 0; i < 7; ++i) ms.push_back(probe(s.port()));
  INFO("well-behaved request latencies (ms): " << Catch::Detail::stringify(ms));
  CHECK(median(ms) < 100);
  // A keep-alive client among them is served too.
  auto c = s.make_client();
  c->set_keep_alive(true);
  c->set_read_timeout(1, 0);
  for (int i = 0; i < 3; ++i) {
    auto r = c->Get("/__admin/health");
    REQUIRE(r);
    CHECK(r->status == 200);
  }
}

TEST_CASE("clients sending one byte a second do not keep a well-behaved client waiting",
          "[hostile]") {
  ensure_open_files(1024);
  TestServer s;  // 8 worker threads: five times as many slow clients
  const std::string request =
      "POST /licensees/actions/setup-organization HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  std::vector<Socket> slow;
  for (int i = 0; i < 40; ++i) slow.emplace_back(s.port());
  std::vector<double> ms;
  for (std::size_t second = 0; second < 3; ++second) {
    for (auto& c : slow) REQUIRE(c.send(request.substr(second, 1)));
    std::this_thread::sleep_for(milliseconds(250));
    ms.push_back(probe(s.port()));
    std::this_thread::sleep_for(milliseconds(250));
    ms.push_back(probe(s.port()));
    if (second < 2) std::this_thread::sleep_for(milliseconds(500));
  }
  INFO("well-behaved request latencies (ms): " << Catch::Detail::stringify(ms));
  CHECK(median(ms) < 100);
}

TEST_CASE("a client that does not read its answers does not keep a well-behaved client waiting",
          "[hostile]") {
  TestServer s(with_threads(1));  // one worker: the one the reader would hold
  // A small receive buffer, and a hundred pipelined requests for the 110 KiB OpenAPI
  // document (about 11 MB of answers) that it never reads.
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  int small = 4096;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(s.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  std::string requests;
  for (int i = 0; i < 100; ++i)
    requests += "GET /__admin/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  REQUIRE(::send(fd, requests.data(), requests.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(requests.size()));
  std::this_thread::sleep_for(milliseconds(200));
  std::vector<double> ms;
  for (int i = 0; i < 5; ++i) ms.push_back(probe(s.port()));
  ::close(fd);
  INFO("well-behaved request latencies (ms): " << Catch::Detail::stringify(ms));
  CHECK(median(ms) < 100);
}

TEST_CASE("a body declared over the limit is refused before it is sent", "[hostile]") {
  TestServer s;  // the default limit, 1 MiB
  Socket c(s.port());
  // 100 MB declared; only the head and 64 KiB of it are sent.
  REQUIRE(c.send(std::string("POST ") + kSetupOrg +
                 " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Content-Length: 100000000\r\n\r\n" +
                 std::string(65536, 'x')));
  auto response = c.read_response(milliseconds(2000));
  REQUIRE(raw_status(response) == 413);
  CHECK(head_of(response).find("\r\nCONNECTION: CLOSE") != std::string::npos);
  auto env = Json::parse(raw_body(response));
  CHECK(env["code"] == 413);
  // The server reads no further request from this connection, but it does not reset it
  // under a client that is still writing: what the client sends next is taken (and
  // discarded) until the server closes.
  CHECK(c.send(std::string(1 << 20, 'x')));
  CHECK(c.closed_within(milliseconds(3000)));
  // Nothing was created, and the server goes on serving.
  CHECK(s.total("/licensees") == 0);
}

TEST_CASE("a GET's body over the limit is ignored, unread, and the connection closes after",
          "[hostile]") {
  TestServer s;
  Socket c(s.port());
  REQUIRE(
      c.send("GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Length: 100000000\r\n\r\n" +
             std::string(65536, 'x')));
  auto response = c.read_response(milliseconds(2000));
  CHECK(raw_status(response) == 200);
  CHECK(head_of(response).find("\r\nCONNECTION: CLOSE") != std::string::npos);
  CHECK(c.closed_within(milliseconds(3000)));
}

TEST_CASE("a chunked body is cut off where it grows past the limit", "[hostile]") {
  TestServer s(with_body_limit(2000));
  const std::string head = std::string("POST ") + kSetupOrg +
                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n";
  SECTION("chunk by chunk") {
    Socket c(s.port());
    // Five chunks of 500 bytes, and no last chunk: the fifth takes the body past 2000.
    std::string body;
    for (int i = 0; i < 5; ++i) body += "1f4\r\n" + std::string(500, 'x') + "\r\n";
    REQUIRE(c.send(head + body));
    auto response = c.read_response(milliseconds(2000));
    CHECK(raw_status(response) == 413);
    CHECK(c.closed_within(milliseconds(3000)));
  }
  SECTION("one chunk declared larger than the limit") {
    Socket c(s.port());
    REQUIRE(c.send(head + "5f5e100\r\n" + std::string(1000, 'x')));
    auto response = c.read_response(milliseconds(2000));
    CHECK(raw_status(response) == 413);
    CHECK(Json::parse(raw_body(response))["code"] == 413);
  }
  CHECK(s.total("/licensees") == 0);
}

// ---------------------------------------------------------------- the connection layer's rules

namespace {

// A server started from a Config of our own, for the limits TestServer does not set.
class ConfiguredServer {
 public:
  explicit ConfiguredServer(scale::app::Config config) {
    config.host = "127.0.0.1";
    config.port = 0;
    config.quiet = true;
    config.no_fixtures = true;
    config.auth = "off";
    app_ = std::make_unique<scale::app::App>(config);
    std::string error;
    if (!app_->start(error)) throw std::runtime_error("the server did not start: " + error);
  }
  ~ConfiguredServer() { stop(); }
  ConfiguredServer(const ConfiguredServer&) = delete;
  ConfiguredServer& operator=(const ConfiguredServer&) = delete;
  int port() const { return app_->port(); }
  void stop() { app_->stop(); }

 private:
  std::unique_ptr<scale::app::App> app_;
};

}  // namespace

TEST_CASE("a request that does not arrive within the request timeout is answered 408",
          "[hostile]") {
  scale::app::Config config;
  config.request_timeout = 1;
  ConfiguredServer s(config);
  Socket c(s.port());
  const std::string head = "GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  REQUIRE(c.send(head));
  // One more byte every 200 ms: each is in time for a per-read timeout, the whole is not.
  std::string response;
  for (int i = 0; i < 15 && response.empty(); ++i) {
    c.send("x");
    response = c.read_response(milliseconds(200));
  }
  CHECK(raw_status(response) == 408);
  CHECK(Json::parse(raw_body(response))["code"] == 408);
  CHECK(c.closed_within(milliseconds(1000)));
}

TEST_CASE("at the connection cap the connection idle the longest makes room", "[hostile]") {
  scale::app::Config config;
  config.max_connections = 10;
  ConfiguredServer s(config);
  std::vector<Socket> idle;
  for (int i = 0; i < 10; ++i) {
    idle.emplace_back(s.port());
    REQUIRE(idle.back().send(kHealth));
    REQUIRE(raw_status(idle.back().read_response()) == 200);
  }
  // A worker hands its connection back to the reactor just after the answer goes out; a
  // client can read the answer first. Under heavy load that moment stretched past the probe
  // (1 run in 40 with six busy loops on two cores), and a connection still counted busy is
  // not one to close: give the last hand-back time to land.
  std::this_thread::sleep_for(milliseconds(200));
  CHECK(probe(s.port()) < 1000);
  // The first was idle the longest: it was closed for the newcomer; the last still works.
  CHECK(idle.front().closed_within(milliseconds(1000)));
  REQUIRE(idle.back().send(kHealth));
  CHECK(raw_status(idle.back().read_response()) == 200);
}

TEST_CASE("Expect: 100-continue is answered before the body, and not when it is too large",
          "[hostile]") {
  TestServer s(with_body_limit(2000));
  const std::string body = R"({"name":"Initech"})";
  SECTION("within the limit") {
    Socket c(s.port());
    REQUIRE(c.send(std::string("POST ") + kSetupOrg +
                   " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   "Expect: 100-continue\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n"));
    CHECK(raw_status(c.read_response()) == 100);
    REQUIRE(c.send(body));
    auto response = c.read_response();
    CHECK(raw_status(response) == 201);
    CHECK(response.find("100 Continue") == std::string::npos);  // said once
  }
  SECTION("over the limit") {
    Socket c(s.port());
    REQUIRE(c.send(std::string("POST ") + kSetupOrg +
                   " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   "Expect: 100-continue\r\nContent-Length: 2001\r\n\r\n"));
    CHECK(raw_status(c.read_response()) == 413);
  }
}

TEST_CASE("pipelined requests are answered in order on one connection", "[hostile]") {
  TestServer s;
  Socket c(s.port());
  // The second request carries a body its route does not read: it is skipped, not taken
  // for the start of the third request.
  REQUIRE(c.send(std::string(kHealth) +
                 "GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n"
                 "hello" +
                 "GET /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  CHECK(raw_body(c.read_response()).find("\"status\"") != std::string::npos);
  CHECK(raw_body(c.read_response()).find("\"status\"") != std::string::npos);
  auto third = c.read_response();
  CHECK(raw_status(third) == 200);
  CHECK(raw_body(third) == "[]");
}

TEST_CASE("a stop does not wait for idle or slow connections", "[hostile]") {
  ConfiguredServer s{scale::app::Config{}};
  std::vector<Socket> clients;
  for (int i = 0; i < 50; ++i) {
    clients.emplace_back(s.port());
    REQUIRE(clients.back().send(kHealth));
    REQUIRE(raw_status(clients.back().read_response()) == 200);
  }
  for (int i = 0; i < 10; ++i) {
    clients.emplace_back(s.port());
    REQUIRE(clients.back().send("GET / HTTP/1.1\r\n"));
  }
  const auto start = Clock::now();
  s.stop();
  // Without closing them, a stop would wait out the keep-alive (5 s) and request (10 s)
  // timeouts.
  CHECK(Clock::now() - start < milliseconds(2000));
  for (auto& c : clients) CHECK(c.closed_within(milliseconds(500)));
}

// ---------------------------------------------------------------- strict framing (issue 12)

namespace {

// A request that creates an organization if it is ever run: sent right after a refused one,
// it must not be.
std::string creating_request() {
  const std::string body = R"({"name":"Smuggled"})";
  return std::string("POST ") + kSetupOrg +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Sends `bytes` and then a request that would create an organization, on a connection of
// its own; checks that the answer comes at once with `status` in the envelope and
// Connection: close, and that the server closes. Returns the answer.
std::string refused(int port, const std::string& bytes, int status) {
  INFO("sent: " << Catch::Detail::stringify(bytes));
  Socket c(port);
  REQUIRE(c.send(bytes + creating_request()));
  // Well within the request timeout (10 s): no 408 later.
  const std::string response = c.read_response(milliseconds(2000));
  INFO("answer: " << response);
  CHECK(raw_status(response) == status);
  CHECK(head_of(response).find("\r\nCONNECTION: CLOSE") != std::string::npos);
  const Json env = Json::parse(raw_body(response), nullptr, false);
  CHECK(env.is_object());
  if (env.is_object()) CHECK(env["code"] == status);
  CHECK(c.closed_within(milliseconds(3000)));
  return response;
}

}  // namespace

TEST_CASE("malformed framing is 400 at once and closes, and nothing sent after it runs",
          "[hostile][strict]") {
  using namespace std::string_literals;
  TestServer s;
  const std::string post = std::string("POST ") + kSetupOrg +
                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
  const std::vector<std::string> malformed = {
      // Content-Length and Transfer-Encoding: each reading ends the body elsewhere.
      post + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      post + "Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\n",
      post + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
      post + "Content-Length: 2, 2\r\n\r\n{}",
      post + "Content-Length: +2\r\n\r\n{}",
      post + "Content-Length : 2\r\n\r\n{}",
      post + "X-A: a\r\n b\r\nContent-Length: 2\r\n\r\n{}",
      post + "X-A: a\rContent-Length: 2\r\n\r\n{}",
      post + "NoColon\r\nContent-Length: 2\r\n\r\n{}",
      post + "X-A: a\0b\r\nContent-Length: 2\r\n\r\n{}"s,
      post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      post + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      post + "Transfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n",
      post + "Transfer-Encoding: chunked\r\n\r\n 2\r\n{}\r\n0\r\n\r\n",
      post + "Transfer-Encoding: chunked\r\n\r\n+2\r\n{}\r\n0\r\n\r\n",
      post + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n",
      "get /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "FOO /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
      "GET /__admin/health HTTP/1.1\nHost: 127.0.0.1\r\n\r\n",
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",               // the HTTP/2 preface
      "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"s,  // a TLS ClientHello's first bytes
  };
  for (const auto& bad : malformed) refused(s.port(), bad, 400);
  CHECK(s.total("/licensees") == 0);
  // The malformed request with the envelope's description of what was wrong.
  const std::string response = refused(s.port(), post + "Content-Length : 2\r\n\r\n{}", 400);
  CHECK_THAT(Json::parse(raw_body(response))["description"].get<std::string>(),
             Catch::Matchers::Contains("colon"));
}

TEST_CASE("a method the server does not implement is 405 with Allow, and closes",
          "[hostile][strict]") {
  TestServer s;
  for (const char* method : {"TRACE", "PROPFIND", "CONNECT"}) {
    const std::string response = refused(
        s.port(), std::string(method) + " /licensees HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 405);
    CHECK(head_of(response).find("\r\nALLOW: ") != std::string::npos);
  }
  // As for any method: a path no route has is 404.
  refused(s.port(), "TRACE /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404);
  CHECK(s.total("/licensees") == 0);
  // OPTIONS is still answered.
  auto r = s.options("/licensees");
  CHECK(r->status == 204);
  CHECK(r->has_header("Allow"));
}

TEST_CASE("a head over 64 KiB is 431 and closes, in one piece or many", "[hostile][strict]") {
  TestServer s;
  std::string head = "GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  while (head.size() < 70000) head += "X-Pad: " + std::string(991, 'p') + "\r\n";
  SECTION("sent whole, in one send") {
    refused(s.port(), head + "\r\n", 431);
  }
  SECTION("trickling in, without an end") {
    Socket c(s.port());
    std::string response;
    for (std::size_t i = 0; i < head.size() && response.empty(); i += 4096) {
      if (!c.send(head.substr(i, 4096))) break;  // the server may have closed already
      response = c.read_response(milliseconds(5));
    }
    if (response.empty()) response = c.read_response(milliseconds(2000));
    CHECK(raw_status(response) == 431);
    CHECK(head_of(response).find("\r\nCONNECTION: CLOSE") != std::string::npos);
    CHECK(c.closed_within(milliseconds(3000)));
  }
}

TEST_CASE("a header line over 8 KiB is 431 and closes, and nothing after it runs",
          "[hostile][strict]") {
  TestServer s;
  const std::string line = "X-Big: " + std::string(8192, 'v') + "\r\n";
  refused(s.port(), "GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + line + "\r\n", 431);
  CHECK(s.total("/licensees") == 0);
}

TEST_CASE("empty lines between requests do not start the request timer", "[hostile][strict]") {
  scale::app::Config config;
  config.request_timeout = 1;
  ConfiguredServer s(config);
  Socket c(s.port());
  REQUIRE(c.send(kHealth));
  REQUIRE(raw_status(c.read_response()) == 200);
  // An empty line after the answer (as some clients send after a body), then nothing for
  // longer than the request timeout: the connection is idle, not a request that is late.
  REQUIRE(c.send("\r\n"));
  CHECK(c.read_response(milliseconds(1600)).empty());
  REQUIRE(c.send("\r\n" + std::string(kHealth)));
  CHECK(raw_status(c.read_response()) == 200);
  // Pipelined requests with empty lines between them are all answered.
  REQUIRE(c.send(std::string(kHealth) + "\r\n\r\n" + kHealth + "\r\n"));
  CHECK(raw_status(c.read_response()) == 200);
  CHECK(raw_status(c.read_response()) == 200);
}

TEST_CASE("Connection: close is honoured in any letter case and inside a list",
          "[hostile][strict]") {
  TestServer s;
  for (const char* value : {"close", "CLOSE", "Close", "keep-alive, close", "Upgrade ,Close"}) {
    INFO("Connection: " << value);
    Socket c(s.port());
    REQUIRE(c.send(std::string("GET /__admin/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: ") +
                   value + "\r\n\r\n" + creating_request()));
    const std::string response = c.read_response();
    CHECK(raw_status(response) == 200);
    CHECK(head_of(response).find("\r\nCONNECTION: CLOSE") != std::string::npos);
    CHECK(c.closed_within(milliseconds(3000)));
  }
  CHECK(s.total("/licensees") == 0);
}
