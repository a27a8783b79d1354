#pragma once
// Matches a method and a path against a table of patterns such as
// "/licensees/{licenseeId}/license-containers/{containerId}". Paths match exactly: segments
// compare case-sensitively, a parameter matches one non-empty segment, and a trailing slash
// makes another path. Where several patterns match, the one with a literal segment earliest
// wins ("/licensees/actions/setup-user" over "/licensees/{licenseeId}/...").

#include <boost/container/small_vector.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.hpp"

namespace scale::http {

// The path parameters of a match, in the order the pattern names them. (Inline storage: a
// match happens on every request, and no route has more than three parameters.)
using RouteParams = boost::container::small_vector<std::string_view, 4>;
using RouteHandler = std::function<void(Exchange&, const RouteParams&)>;

class Router {
 public:
  // `takes_body`: the route reads a JSON request body (so a wrong Content-Type is its 415).
  // `permission`: what a token must grant to use the route ("Licensee.read"); empty for none.
  void add(std::string method, std::string_view pattern, RouteHandler handler,
           bool takes_body = false, std::string permission = {}, Access access = Access::kToken);

  struct Match {
    enum Kind { kFound, kNoRoute, kNoMethod } kind = kNoRoute;
    const RouteHandler* handler = nullptr;
    RouteParams params;
    // The parameters' names, as the pattern spells them ("licenseeId" for {licenseeId}).
    RouteParams names;
    // The methods the matched pattern serves, for Allow ("GET, HEAD, PUT, DELETE, OPTIONS"):
    // the router's own text, valid while the router is unchanged.
    std::string_view allow;
    bool takes_body = false;
    // The permission the matched method needs (HEAD: GET's); empty when none or not found.
    std::string_view permission;
    Access access = Access::kToken;
  };

  // HEAD matches what GET does. OPTIONS is not routed: callers answer it from `allow`.
  Match match(std::string_view method, std::string_view path) const;

 private:
  struct Segment {
    std::string literal;  // for a parameter: its name
    bool is_param = false;
  };
  struct Pattern {
    std::vector<Segment> segments;
    struct Method {
      std::string name;
      RouteHandler handler;
      bool takes_body;
      std::string permission;
      Access access;
    };
    std::vector<Method> methods;
    std::string allow;
  };
  std::vector<Pattern> patterns_;
  // The indexes in patterns_ of the patterns of each length (in segments), in the order added.
  std::vector<std::vector<std::size_t>> by_length_;
};

}  // namespace scale::http
