#include "http/server.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "http/envelope.hpp"
#include "http/headers.hpp"
#include "http/license_routes.hpp"
#include "http/request_body.hpp"
#include "net/sockets.hpp"

namespace scale::http {

using namespace wire;
using namespace net;
using namespace controls;
namespace {

// When the current request started, and when its answer is held until (a fault's delay; the
// epoch when it is not): set before routing, read by the logger.
thread_local std::chrono::steady_clock::time_point request_start;
thread_local std::chrono::steady_clock::time_point request_hold_until;

// cpp-httplib parses a body whose Content-Type starts with "multipart/form-data" itself, as
// form data, after the pre-routing handler and before any handler, and answers 400 when it is
// not form data (a JSON body sent with that type); well-formed form data it moves out of the
// body. The API and /__admin read JSON only, so such a body must meet the same 415 as any other
// type. The pre-routing handler hides the type from the library, which then reads the body as
// plain bytes, and puts it here; the handler puts it back before anything looks at the
// request, so the journal and the 415 see the type the client sent.
thread_local std::optional<std::string> hidden_content_type;

// `type`: the request's first Content-Type (the one the library reads), or headers.end().
void hide_multipart_type(httplib::Request& req, httplib::Headers::iterator type) {
  // As Request::is_multipart_form_data() tells.
  if (type == req.headers.end() || type->second.rfind("multipart/form-data", 0) != 0) return;
  hidden_content_type = std::move(type->second);
  type->second = "application/octet-stream";
}

void restore_hidden_type(const httplib::Request& req) {
  if (!hidden_content_type) return;
  auto& mutable_req = const_cast<httplib::Request&>(req);
  mutable_req.headers.lower_bound("Content-Type")->second = std::move(*hidden_content_type);
  hidden_content_type.reset();
}

// cpp-httplib finds a request's handler by std::regex_match of the whole path against each
// pattern of its method ("/.*" here, one per method): some 150 instructions per byte of the path,
// a license POST's 8,900, more than the server's own routing and stages. "/.*" matches every
// path that starts with '/' and holds neither CR nor LF (which '.' does not match), so for such
// a path the pre-routing handler shows the library "/", which the pattern matches alike, and
// keeps the path here. After the pre-routing handler the library reads the path only to match
// it (it serves no files here), and everything it calls afterwards puts the path back before
// anything else: the handler, the error and exception handlers, the logger.
struct HiddenPath {
  const httplib::Request* req = nullptr;  // whose path it is
  std::string path;
};
thread_local HiddenPath hidden_path;

void hide_path(httplib::Request& req) {
  const std::string& path = req.path;
  // (Two memchr calls: find_first_of would call it for each byte of the path.)
  if (path.empty() || path[0] != '/' || path.find('\n') != std::string::npos ||
      path.find('\r') != std::string::npos)
    return;
  hidden_path.req = &req;
  hidden_path.path = std::move(req.path);
  req.path = "/";
}

void restore_hidden_path(const httplib::Request& req) {
  if (hidden_path.req != &req) return;
  const_cast<httplib::Request&>(req).path = std::move(hidden_path.path);
  hidden_path.req = nullptr;
}

using Kind = HttpError::Kind;

// Answers an error cpp-httplib found itself, with the status it chose (res.status): as the
// server answers that kind of error, or else with the status's reason phrase.
void answer_library_error(const httplib::Request& req, httplib::Response& res,
                          std::size_t max_body) {
  const int status = res.status;
  if (status == status_of(Kind::kNotFound))
    write_error(res, HttpError::NoRoute(req.method, req.path));
  else if (status == status_of(Kind::kTooLarge))
    write_error(res, HttpError::TooLarge(max_body));
  else if (status == status_of(Kind::kUriTooLong))
    write_error(res, HttpError::UriTooLong());
  else if (status == status_of(Kind::kInvalid))
    write_error(res, HttpError::Malformed());
  else
    write_relayed_error(res, status, reason_phrase(status));
}

// A whole response with the error envelope and Connection: close, for the connection layer
// to send by itself.
std::string canned_answer(const HttpError& e) {
  httplib::Response res;
  write_error(res, e);
  const int status = res.status;
  return "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
         "\r\nContent-Type: " + res.get_header_value("Content-Type") +
         "\r\nContent-Length: " + std::to_string(res.body.size()) +
         "\r\nConnection: close\r\n\r\n" + res.body;
}

}  // namespace

// cpp-httplib's server, for its routing and request processing only: the listening socket
// is ours (cpp-httplib's sets SO_REUSEPORT), and the connection layer accepts and reads, and
// calls process_request on each whole request.
class Server::Core : public httplib::Server {
 public:
  using httplib::Server::process_request;
  // cpp-httplib 0.11 takes a server whose own listening socket is unset for one shutting
  // down, and then writes no chunk of a streamed (chunked) answer. The socket is ours
  // (listen_on), so the library is told of it while it serves (it never calls stop() here,
  // so it never closes it).
  void set_listening_socket(int fd) { svr_sock_ = fd; }
};

Server::Server(ServerOptions options, std::shared_ptr<Namespaces> namespaces, AdminOptions admin)
    : options_(std::move(options)),
      namespaces_(std::move(namespaces)),
      console_{options_.base_path, admin.version},
      http_(std::make_unique<Core>()) {
  add_api_routes(router_, ApiOptions{options_.base_path});
  add_license_routes(router_, ApiOptions{options_.base_path});
  add_checkout_routes(router_, options_.checkout);
  admin.namespaces = namespaces_;
  add_admin_routes(admin_router_, std::move(admin));
  stages_.push_back(journal_stage());
  stages_.push_back(fault_stage());

  ConnectionLimits limits;
  limits.workers = options_.threads;
  limits.max_connections = options_.max_connections;
  limits.max_body_bytes = options_.max_body_bytes;
  limits.keep_alive_max_count = options_.keep_alive_max_count;
  limits.keep_alive_timeout = std::chrono::seconds(options_.keep_alive_timeout_seconds);
  limits.request_timeout = std::chrono::seconds(options_.request_timeout_seconds);
  limits.write_timeout = std::chrono::seconds(options_.write_timeout_seconds);
  Connections::Answers answers;
  answers.timeout = canned_answer(HttpError::Timeout(options_.request_timeout_seconds));
  answers.busy = canned_answer(HttpError::Busy());
  connections_ = std::make_unique<Connections>(
      limits,
      [core = http_.get()](httplib::Stream& stream, bool close, bool& closed) {
        return core->process_request(stream, close, closed, nullptr);
      },
      std::move(answers));

  auto& svr = *http_;
  // Only for the Keep-Alive header cpp-httplib writes; the connection layer applies them.
  svr.set_keep_alive_max_count(options_.keep_alive_max_count);
  svr.set_keep_alive_timeout(options_.keep_alive_timeout_seconds);
  // The connection layer reads every body before cpp-httplib sees it and refuses one over
  // the limit (below); this is only a second guard.
  svr.set_payload_max_length(options_.max_body_bytes);

  // Runs after the head is read and before the body is. The connection layer has the whole
  // request in hand unless the body is over the limit or its framing is malformed: those
  // are answered here without reading the body, and the connection closes after the answer.
  svr.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    request_hold_until = {};
    // HTTP/1.1: a request with neither Content-Length nor Transfer-Encoding has no body.
    // cpp-httplib 0.11 would instead read a POST, PUT, PATCH or DELETE until the connection
    // closes (curl -X PUT sends such requests), so say so on the library's own request object.
    // Each header this handler reads, looked up by a scan (headers.hpp).
    auto& mutable_req = const_cast<httplib::Request&>(req);
    auto& headers = mutable_req.headers;
    const auto type = find_header(headers, "Content-Type");
    const bool framed = find_header(headers, "Content-Length") != headers.end() ||
                        find_header(headers, "Transfer-Encoding") != headers.end();
    // (As set_header does, without its check of the constants for line breaks.)
    if (!framed) headers.emplace("Content-Length", "0");
    // The API has no partial responses: the library would otherwise cut a JSON answer to the
    // byte range a client asked for.
    mutable_req.ranges.clear();
    hidden_content_type.reset();
    hidden_path.req = nullptr;
    const RequestFacts* facts = Connections::current();
    if (!facts || (!facts->body_too_large && facts->malformed.empty())) {
      hide_multipart_type(mutable_req, type);
      hide_path(mutable_req);
      return httplib::Server::HandlerResponse::Unhandled;
    }
    // A GET, HEAD or OPTIONS body is ignored, whatever its size (cpp-httplib reads a body for
    // POST, PUT, PATCH and DELETE only): answered as usual, and the connection layer closes
    // the connection after the answer, the body unread.
    if (facts->malformed.empty() && req.method != "POST" && req.method != "PUT" &&
        req.method != "PATCH" && req.method != "DELETE")
      return httplib::Server::HandlerResponse::Unhandled;
    if (!facts->malformed.empty()) {
      answer_malformed(req, res, *facts);
    } else if (!answer_before_body(req, res, match(req))) {
      // What outranks the body's size was not the case (404, 405, a path id's 400, 415).
      write_error(res, HttpError::TooLarge(options_.max_body_bytes));
    }
    journal_refused(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    restore_hidden_path(req);
    restore_hidden_type(req);
    dispatch(req, res);
  };
  svr.Get("/.*", handler);
  svr.Post("/.*", handler);
  svr.Put("/.*", handler);
  svr.Delete("/.*", handler);
  svr.Patch("/.*", handler);
  svr.Options("/.*", handler);

  // Errors the library answers itself (413, malformed requests, no handler) get the envelope;
  // errors a handler answered already have their body. A request the connection layer refused
  // for its framing reaches here rather than the pre-routing handler when the library cannot
  // read its head either (the layer hands it only the bytes up to the fault): the layer's
  // reason is the answer.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        restore_hidden_path(req);
        if (res.body.empty() && !res.has_header("Content-Type")) {
          const RequestFacts* facts = Connections::current();
          if (facts && !facts->malformed.empty())
            answer_malformed(req, res, *facts);
          else
            answer_library_error(req, res, options_.max_body_bytes);
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        restore_hidden_path(req);
        std::string what;
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        res.headers.clear();
        write_error(res, HttpError::Unexpected(what));
      });
  if (options_.log) {
    svr.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      restore_hidden_path(req);
      // A held answer is logged with the time until it goes out, as the journal has it.
      const auto end = std::max(std::chrono::steady_clock::now(), request_hold_until);
      request_hold_until = {};
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(end - request_start).count();
      char ms[32];
      std::snprintf(ms, sizeof ms, "%.2fms", static_cast<double>(us) / 1000.0);
      options_.log(req.method + " " + req.path + " " + std::to_string(res.status) + " " + ms);
    });
  }
}

Server::~Server() {
  stop();
  close_listening_socket();
}

void Server::close_listening_socket() {
  const int fd = listen_fd_.exchange(-1);
  if (fd >= 0) ::close(fd);
}

void Server::add_stage(Stage stage, EarlyCheck early) {
  stages_.push_back(std::move(stage));
  if (early) early_checks_.push_back(std::move(early));
}

bool Server::bind(std::string& error) {
  const int fd = listen_on(options_.host, options_.port, error);
  if (fd < 0) return false;
  close_listening_socket();
  listen_fd_ = fd;
  port_ = local_address(fd).port;
  return true;
}

bool Server::run() {
  const int fd = listen_fd_;
  if (fd < 0) return false;
  http_->set_listening_socket(fd);
  const bool ok = connections_->run(fd);
  http_->set_listening_socket(INVALID_SOCKET);
  close_listening_socket();
  return ok;
}

void Server::stop() {
  // Idle keep-alive connections close at once, so a stop takes milliseconds.
  if (connections_) connections_->stop();
}

bool Server::is_running() const {
  return connections_->is_running();
}

bool Server::is_admin(const httplib::Request& req) const {
  return req.path.compare(0, 9, "/__admin/") == 0;
}

std::optional<std::string_view> Server::api_path(const httplib::Request& req) const {
  std::string_view path = req.path;
  const std::string& base = options_.base_path;
  if (base.empty()) return path;
  if (path.size() <= base.size() || path.compare(0, base.size(), base) != 0 ||
      path[base.size()] != '/')
    return std::nullopt;
  return path.substr(base.size());
}

Router::Match Server::match(const httplib::Request& req) const {
  if (is_admin(req)) return admin_router_.match(req.method, req.path);
  auto path = api_path(req);
  if (!path) return {};
  return router_.match(req.method, *path);
}

void Server::answer_malformed(const httplib::Request& req, httplib::Response& res,
                              const RequestFacts& facts) const {
  if (facts.malformed_status == status_of(Kind::kMethodNotAllowed)) {
    // The library leaves the path empty for a method it does not know itself (PROPFIND): it is
    // the request target up to its query.
    if (req.path.empty()) {
      const std::string& target = req.target;
      const_cast<httplib::Request&>(req).path =
          httplib::detail::decode_url(target.substr(0, target.find_first_of("?#")), false);
    }
    if (answer_unrouted(req, res, match(req))) return;
  }
  // The connection layer chose the status (RequestScanner::problem_status()).
  if (facts.malformed_status == 0)
    write_error(res, HttpError::Malformed(facts.malformed));
  else
    write_relayed_error(res, facts.malformed_status, facts.malformed);
}

domain::Result<std::shared_ptr<Namespace>> Server::namespace_of(const httplib::Request& req) {
  const std::string* named = header_value(req.headers, kNamespaceHeader);
  return namespaces_->get(named ? *named : std::string(kDefaultNamespace));
}

void Server::journal_refused(const httplib::Request& req, httplib::Response& res) {
  if (is_admin(req) || is_console_request(req)) return;
  auto found = namespace_of(req);
  if (!found) return;
  Exchange ex{req, res, req.path, *found};
  record_in_journal(ex, request_start);
}

bool Server::answer_before_body(const httplib::Request& req, httplib::Response& res,
                                const Router::Match& m) const {
  if (!is_admin(req)) {
    for (const auto& check : early_checks_)
      if (check(req, res, m.permission, m.access)) return true;
  }
  if (answer_unrouted(req, res, m)) return true;
  if (is_admin(req)) return false;
  if (auto bad_id = check_path_ids(m)) {
    write_error(res, *bad_id);
    return true;
  }
  if (m.takes_body) {
    const std::string* type = header_value(req.headers, "Content-Type");
    if (!type || !is_json_media_type(*type)) {
      write_error(res, HttpError::NotJson());
      return true;
    }
  }
  return false;
}

void Server::dispatch(const httplib::Request& req, httplib::Response& res) {
  // The console's files are the same for every namespace and carry no data: no namespace,
  // journal, fault or auth applies to them.
  if (is_console_request(req)) return serve_console(req, res, console_);
  const bool admin = is_admin(req);
  auto rel = admin ? std::optional<std::string_view>(req.path) : api_path(req);
  Exchange ex{req, res, rel ? *rel : std::string_view(req.path), nullptr};
  auto found = namespace_of(req);
  if (!found) return write_error(res, found.error());
  ex.ns = std::move(found).value();
  // Matched once: the stages see the route's permission and access, and the last step routes
  // with the same match (the request does not change on the way).
  const Router::Match m = admin ? admin_router_.match(req.method, req.path)
                          : rel ? router_.match(req.method, *rel)
                                : Router::Match{};
  if (admin) return route(ex, m);
  ex.permission = m.permission;
  ex.access = m.access;
  // Run the stages in order; the last step routes. (`next` captures one pointer, which
  // std::function keeps without allocating.)
  struct Chain {
    Server& server;
    Exchange& ex;
    const Router::Match& m;
    std::size_t i = 0;
    std::function<void()> next;
  } chain{*this, ex, m, 0, {}};
  chain.next = [c = &chain] {
    if (c->i < c->server.stages_.size()) {
      const Stage& stage = c->server.stages_[c->i++];
      stage(c->ex, c->next);
    } else {
      c->server.route(c->ex, c->m);
    }
  };
  chain.next();
  if (ex.hold_until) {
    Connections::hold_current(*ex.hold_until);
    request_hold_until = *ex.hold_until;
  }
  if (ex.dropped) Connections::drop_current();
}

// Answers 404 or 405 when the route does not serve the request; true when it answered.
bool Server::answer_unrouted(const httplib::Request& req, httplib::Response& res,
                             const Router::Match& m) const {
  if (m.kind == Router::Match::kNoRoute) {
    write_error(res, HttpError::NoRoute(req.method, req.path));
    return true;
  }
  if (m.kind == Router::Match::kNoMethod && req.method != "OPTIONS") {
    res.set_header("Allow", std::string(m.allow));
    write_error(res, HttpError::MethodNotAllowed(req.method, req.path, m.allow));
    return true;
  }
  return false;
}

void Server::route(Exchange& ex, const Router::Match& m) {
  if (answer_unrouted(ex.req, ex.res, m)) return;
  // The connection layer refuses a body over the limit before it reaches here (see the
  // pre-routing handler); this guard stays for a body that got here some other way.
  if (ex.req.body.size() > options_.max_body_bytes) {
    if (!answer_before_body(ex.req, ex.res, m))
      write_error(ex.res, HttpError::TooLarge(options_.max_body_bytes));
    return;
  }
  if (ex.req.method == "OPTIONS") {
    ex.res.status = 204;
    ex.res.set_header("Allow", std::string(m.allow));
    return;
  }
  (*m.handler)(ex, m.params);
}

}  // namespace scale::http
