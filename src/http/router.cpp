#include "http/router.hpp"

namespace scale::http {
namespace {

// Inline room for the longest route (five segments) and a few more.
using Segments = boost::container::small_vector<std::string_view, 8>;

Segments split(std::string_view path) {
  Segments out;
  if (path.empty() || path[0] != '/') return out;
  std::size_t start = 1;
  while (true) {
    auto slash = path.find('/', start);
    out.push_back(path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::add(std::string method, std::string_view pattern, RouteHandler handler,
                 bool takes_body, std::string permission, Access access) {
  std::vector<Segment> segs;
  for (auto s : split(pattern)) {
    if (s.size() >= 2 && s.front() == '{' && s.back() == '}')
      segs.push_back({std::string(s.substr(1, s.size() - 2)), true});
    else
      segs.push_back({std::string(s), false});
  }
  if (by_length_.size() <= segs.size()) by_length_.resize(segs.size() + 1);
  auto& same_length = by_length_[segs.size()];
  Pattern* target = nullptr;
  for (std::size_t index : same_length) {
    Pattern& p = patterns_[index];
    bool same = true;
    for (std::size_t i = 0; i < segs.size() && same; ++i)
      same = p.segments[i].is_param == segs[i].is_param &&
             (segs[i].is_param || p.segments[i].literal == segs[i].literal);
    if (same) target = &p;
  }
  if (!target) {
    same_length.push_back(patterns_.size());
    patterns_.push_back({std::move(segs), {}, {}});
    target = &patterns_.back();
  }
  target->methods.push_back(
      {std::move(method), std::move(handler), takes_body, std::move(permission), access});
  std::string allow;
  bool has_get = false;
  for (const auto& m : target->methods) {
    allow += (allow.empty() ? "" : ", ") + m.name;
    has_get = has_get || m.name == "GET";
  }
  if (has_get) allow += ", HEAD";
  allow += ", OPTIONS";
  target->allow = std::move(allow);
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match out;
  const auto segs = split(path);
  if (segs.empty() || segs.size() >= by_length_.size()) return out;
  const Pattern* best = nullptr;
  for (std::size_t index : by_length_[segs.size()]) {
    const Pattern& p = patterns_[index];
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i)
      ok = p.segments[i].is_param ? !segs[i].empty() : p.segments[i].literal == segs[i];
    if (!ok) continue;
    if (best) {
      // Prefer the pattern whose first difference is a literal.
      for (std::size_t i = 0; i < segs.size(); ++i) {
        if (best->segments[i].is_param != p.segments[i].is_param) {
          if (!p.segments[i].is_param) best = &p;
          break;
        }
      }
    } else {
      best = &p;
    }
  }
  if (!best) return out;
  out.allow = best->allow;
  const std::string_view want = method == "HEAD" ? std::string_view("GET") : method;
  for (const auto& m : best->methods) {
    if (m.name == want) {
      out.kind = Match::kFound;
      out.handler = &m.handler;
      out.takes_body = m.takes_body;
      out.permission = m.permission;
      out.access = m.access;
      for (std::size_t i = 0; i < segs.size(); ++i)
        if (best->segments[i].is_param) {
          out.params.push_back(segs[i]);
          out.names.push_back(best->segments[i].literal);
        }
      return out;
    }
  }
  out.kind = Match::kNoMethod;
  return out;
}

}  // namespace scale::http
