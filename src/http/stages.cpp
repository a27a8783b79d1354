#include "http/stages.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>

#include "controls/namespaces.hpp"
#include "domain/messages.hpp"
#include "domain/validation.hpp"
#include "http/envelope.hpp"

namespace scale::http {

using namespace controls;
namespace {

std::string masked(const std::string& authorization) {
  auto space = authorization.find(' ');
  if (space == std::string::npos) return "****";
  return authorization.substr(0, space) + " ****";
}

// cpp-httplib adds these to the request's headers itself; they are not what the client sent.
bool is_connection_detail(const std::string& name) {
  if (name.empty() || (name[0] != 'R' && name[0] != 'L')) return false;
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

std::string query_of(const httplib::Request& req) {
  auto q = req.target.find('?');
  return q == std::string::npos ? std::string() : req.target.substr(q + 1);
}

}  // namespace

void record_in_journal(const Exchange& ex, std::chrono::steady_clock::time_point start) {
  JournalEntry e;
  e.time = ex.ns->clock->now();
  e.method = ex.req.method;
  e.path = ex.req.path;
  e.query = query_of(ex.req);
  e.headers.reserve(ex.req.headers.size());
  for (const auto& [name, value] : ex.req.headers) {
    if (is_connection_detail(name)) continue;
    e.headers.emplace_back(name,
                           domain::iequals_ascii(name, "Authorization") ? masked(value) : value);
  }
  // Only what the journal keeps of each body is copied.
  e.body = ex.ns->journal.keep(ex.req.body);
  if (!ex.dropped) {
    e.status = ex.res.status;
    e.response_body = ex.ns->journal.keep(ex.res.body);
  }
  // A held answer goes out at hold_until: that is how long the client waits.
  auto end = std::chrono::steady_clock::now();
  if (ex.hold_until) end = std::max(end, *ex.hold_until);
  e.duration_ms = std::chrono::duration<double, std::milli>(end - start).count();
  ex.ns->journal.add(std::move(e));
}

Stage journal_stage() {
  return [](Exchange& ex, const std::function<void()>& next) {
    const auto start = std::chrono::steady_clock::now();
    next();
    record_in_journal(ex, start);
  };
}

Stage fault_stage() {
  return [](Exchange& ex, const std::function<void()>& next) {
    auto fault = ex.ns->faults.take(ex.req.method, ex.req.path);
    if (!fault) return next();
    // The worker does not wait: the connection layer holds the answer (or the drop).
    if (fault->delay_ms > 0)
      ex.hold_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(fault->delay_ms);
    if (fault->drop) {
      // The server drops the connection once the journal has the entry.
      ex.dropped = true;
      ex.res.status = 500;
      ex.res.set_header("Connection", "close");
      return;
    }
    if (!fault->status) return next();
    if (fault->body) {
      ex.res.status = *fault->status;
      set_body(ex.res, fault->body->dump());
    } else if (*fault->status >= 400) {
      write_relayed_error(ex.res, *fault->status, domain::msg::fault_injected(fault->id));
    } else {
      ex.res.status = *fault->status;
    }
  };
}

}  // namespace scale::http
