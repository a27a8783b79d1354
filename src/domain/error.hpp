#pragma once
// Errors as values: every failure the domain and the store can report, and Result<T>,
// which holds either a value or one Error. Exceptions never cross these layers.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace scale::domain {

// What kind of failure it was. The HTTP layer maps each kind to one status code (the error
// envelope, http/envelope.hpp, is the only place that does).
enum class ErrorKind {
  kInvalid,   // the request or document is malformed or breaks a field rule (400)
  kNotFound,  // an id or lookup value matches nothing (404)
  kConflict,  // a uniqueness rule or an invariant would break (409)
  kTooMany,   // one more would pass a configured limit on how many there may be (429)
  kInternal,  // the server failed at something the request could not prevent (500)
};

// One failure. `field` is the JSON field (or path parameter) it is about, empty when it is
// about no single field; `reason` completes the sentence that starts with the field.
// description() is what users read: "email 'a@b.example' is already used by licensee 7b0e...".
struct Error {
  ErrorKind kind;
  std::string field;
  std::string reason;

  static Error Invalid(std::string field, std::string reason) {
    return {ErrorKind::kInvalid, std::move(field), std::move(reason)};
  }
  static Error NotFound(std::string field, std::string reason) {
    return {ErrorKind::kNotFound, std::move(field), std::move(reason)};
  }
  static Error Conflict(std::string field, std::string reason) {
    return {ErrorKind::kConflict, std::move(field), std::move(reason)};
  }
  static Error TooMany(std::string field, std::string reason) {
    return {ErrorKind::kTooMany, std::move(field), std::move(reason)};
  }
  static Error Internal(std::string field, std::string reason) {
    return {ErrorKind::kInternal, std::move(field), std::move(reason)};
  }

  // The whole sentence: the field name (when there is one), a space, and the reason.
  std::string description() const { return field.empty() ? reason : field + " " + reason; }
};

// Either a T or an Error. Use ok() before value(); error() is valid only when !ok().
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit on purpose

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
struct Done {};
using Status = Result<Done>;
inline Status Ok() {
  return Done{};
}

}  // namespace scale::domain
