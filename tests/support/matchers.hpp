#pragma once
// Catch2 matchers for answers of the test server, used as
//
//   CHECK_THAT(s.get("/licensees/nope"), IsEnvelope(400));
//   CHECK_THAT(s.del("/__admin/requests"), IsNoContent());
//
// A failure prints the answer (status and body) and what was wrong with it.

#include <httplib.h>

#include <catch2/catch.hpp>
#include <string>

namespace scale::testing {

// The documented error envelope for `status` (contract section 9): that status; exactly the
// keys error, code and description; error the standard reason phrase; code the status; a
// non-empty description; the JSON content type.
class IsEnvelope : public Catch::MatcherBase<httplib::Result> {
 public:
  explicit IsEnvelope(int status) : status_(status) {}
  bool match(const httplib::Result& r) const override;
  std::string describe() const override;

 private:
  int status_;
  mutable std::string why_;
};

// A 204 answer: no body and no Content-Type (contract section 9).
class IsNoContent : public Catch::MatcherBase<httplib::Result> {
 public:
  bool match(const httplib::Result& r) const override;
  std::string describe() const override;

 private:
  mutable std::string why_;
};

}  // namespace scale::testing

namespace Catch {
// "HTTP 409 {body}", or "no response (error)": what CHECK_THAT prints for an answer.
template <>
struct StringMaker<httplib::Result> {
  static std::string convert(const httplib::Result& r);
};
}  // namespace Catch
