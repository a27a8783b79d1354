#pragma once
// Looking up a request's headers cheaply. cpp-httplib keeps them in a multimap ordered by
// name ignoring case, and its look-ups (has_header, get_header_value) lower both names one
// character at a time, through a call to tolower, at every step down the tree; names that
// share a long prefix ("Content-Type", "Content-Length") make that the dearest part of a
// look-up. A request has a handful of headers, so a scan that compares lengths first is cheaper.

#include <httplib.h>

#include <string_view>

#include "domain/validation.hpp"

namespace scale::http {

// The first header named `name` (ASCII case ignored, as cpp-httplib compares names), as
// get_header_value(name) gives its value; headers.end() when there is none.
template <class Headers>
auto find_header(Headers& headers, std::string_view name) -> decltype(headers.begin()) {
  // The map keeps headers of equivalent names in the order added, so the first found in
  // order is the one its lower_bound (and get_header_value) gives.
  for (auto it = headers.begin(); it != headers.end(); ++it)
    if (it->first.size() == name.size() && domain::iequals_ascii(it->first, name)) return it;
  return headers.end();
}

// The value of the first header named `name`; null when there is none.
inline const std::string* header_value(const httplib::Headers& headers, std::string_view name) {
  auto it = find_header(headers, name);
  return it == headers.end() ? nullptr : &it->second;
}

}  // namespace scale::http
