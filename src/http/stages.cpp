#include "http/stages.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "domain/validation.hpp"
#include "http/envelope.hpp"
#include "http/namespaces.hpp"

namespace scale::http {
namespace {

std::string masked(const std::string& authorization) {
  auto space = authorization.find(' ');
  if (space == std::string::npos) return "****";
  return authorization.substr(0, space) + " ****";
}

std::string query_of(const httplib::Request& req) {
  auto q = req.target.find('?');
  return q == std::string::npos ? std::string() : req.target.substr(q + 1);
}

// cpp-httplib does not hand handlers their socket. To drop a connection, find the socket
// whose two ends are this request's addresses and shut it down: the library's write of the
// answer then fails and it closes the connection without a response.
void drop_connection(const httplib::Request& req) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || fd < 0) continue;
    sockaddr_storage peer{}, local{};
    socklen_t peer_len = sizeof peer, local_len = sizeof local;
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    auto port_of = [](const sockaddr_storage& a) {
      if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
      if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
      return static_cast<uint16_t>(0);
    };
    if (port_of(peer) == req.remote_port && port_of(local) == req.local_port) {
      shutdown(static_cast<int>(fd), SHUT_RDWR);
      break;
    }
  }
  closedir(dir);
}

}  // namespace

Stage journal_stage() {
  return [](Exchange& ex, const std::function<void()>& next) {
    const auto start = std::chrono::steady_clock::now();
    next();
    JournalEntry e;
    e.time = ex.ns->clock->now();
    e.method = ex.req.method;
    e.path = ex.req.path;
    e.query = query_of(ex.req);
    for (const auto& [name, value] : ex.req.headers) {
      if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT")
        continue;
      e.headers.emplace_back(name, domain::iequals_ascii(name, "Authorization") ? masked(value) : value);
    }
    e.body = ex.req.body;
    if (!ex.dropped) {
      e.status = ex.res.status;
      e.response_body = ex.res.body;
    }
    e.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ex.ns->journal.add(std::move(e));
  };
}

Stage fault_stage() {
  return [](Exchange& ex, const std::function<void()>& next) {
    auto fault = ex.ns->faults.take(ex.req.method, ex.path);
    if (!fault) return next();
    if (fault->delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
    if (fault->drop) {
      drop_connection(ex.req);
      ex.dropped = true;
      ex.res.status = 500;
      ex.res.set_header("Connection", "close");
      return;
    }
    if (!fault->status) return next();
    if (fault->body) {
      ex.res.status = *fault->status;
      ex.res.set_content(fault->body->dump(), kJsonContentType);
    } else if (*fault->status >= 400) {
      write_error(ex.res, *fault->status, "fault " + fault->id + " injected by scale-mock");
    } else {
      ex.res.status = *fault->status;
    }
  };
}

}  // namespace scale::http
