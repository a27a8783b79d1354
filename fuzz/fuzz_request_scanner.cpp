// The connection layer's request scanner (http/framing.hpp). The first byte picks the body
// limit, the second where to split the bytes in two; the rest is what a client sends on one
// connection. The bytes are taken request by request as the connection layer takes them, fed
// three ways: in one piece, in two pieces split at the chosen place, and one byte at a time.
// Beyond "no crash, no UB", for every input:
//   - the three give the same requests (status, bytes, reason) and leave the same state;
//   - it never reads past the end it reported: the bytes of a request, alone, give the same
//     request again (so no byte after a refused request is ever read as one);
//   - a reported request lies within what was received, and a refused one says why.

#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "fuzz_support.hpp"
#include "net/request_scanner.hpp"

using scale::net::RequestScanner;
using Status = RequestScanner::Status;

namespace {

struct Request {
  Status status;
  std::string bytes;  // [start(), end()) of the buffer, Expect rewritten
  std::size_t start;  // within the buffer the request was scanned in
  std::string problem;
  int problem_status;
  bool wants_close;

  bool operator==(const Request& o) const {
    return std::tie(status, bytes, start, problem, problem_status, wants_close) ==
           std::tie(o.status, o.bytes, o.start, o.problem, o.problem_status, o.wants_close);
  }
};

struct Run {
  std::vector<Request> requests;
  bool started = false;  // of the request still incomplete at the end
  bool head_complete = false;

  bool operator==(const Run& o) const {
    return requests == o.requests && started == o.started && head_complete == o.head_complete;
  }
};

std::string describe(const Run& r) {
  std::string out;
  for (const Request& q : r.requests)
    out += "  status " + std::to_string(static_cast<int>(q.status)) + " start " +
           std::to_string(q.start) + " " + std::to_string(q.problem_status) + " '" + q.problem +
           "' " + std::to_string(q.bytes.size()) + " bytes\n";
  return out + "  then started " + std::to_string(r.started) + "\n";
}

// Feeds `bytes` in pieces of `sizes` (the last one taking the rest), taking each request out
// of the buffer once reported, until one is refused.
Run scan(const std::string& bytes, std::size_t max_body, const std::vector<std::size_t>& sizes) {
  Run run;
  RequestScanner s(max_body);
  std::string buf;
  std::size_t fed = 0;
  for (std::size_t piece = 0; fed < bytes.size(); ++piece) {
    const std::size_t n = piece < sizes.size() ? sizes[piece] : bytes.size() - fed;
    buf.append(bytes, fed, n);
    fed += n;
    for (;;) {
      const Status st = s.scan(buf);
      if (st == Status::kNeedMore) break;
      scale::fuzz::require(s.start() <= s.end() && s.end() <= buf.size(),
                           "a request reported outside the buffer");
      scale::fuzz::require(s.scan(buf) == st, "a second scan changed its answer");
      if (st == Status::kMalformed)
        scale::fuzz::require(
            !s.problem().empty() && (s.problem_status() == 400 || s.problem_status() == 405 ||
                                     s.problem_status() == 431),
            "a malformed request without a reason or a status");
      if (st == Status::kComplete)
        scale::fuzz::require(s.head_complete() && s.end() > s.start(),
                             "a whole request without a head");
      run.requests.push_back({st, buf.substr(s.start(), s.end() - s.start()), s.start(),
                              s.problem(), s.problem_status(), s.wants_close()});
      if (st != Status::kComplete) return run;  // the connection closes after its answer
      buf.erase(0, s.end());
      s.reset();
    }
  }
  run.started = s.started();
  run.head_complete = s.head_complete();
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static constexpr std::size_t kLimits[] = {0, 1, 7, 100, 1 << 20};
  const std::size_t max_body = kLimits[data[0] % 5];
  const std::string bytes(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::size_t split = bytes.size() * data[1] / 255;

  const Run whole = scan(bytes, max_body, {});
  const Run halves = scan(bytes, max_body, {split});
  const Run bytewise = scan(bytes, max_body, std::vector<std::size_t>(bytes.size(), 1));
  if (!(halves == whole))
    scale::fuzz::broken("split at " + std::to_string(split) + " gives other requests:\n" +
                        describe(whole) + "vs\n" + describe(halves));
  if (!(bytewise == whole))
    scale::fuzz::broken("byte by byte gives other requests:\n" + describe(whole) + "vs\n" +
                        describe(bytewise));

  // Each request again, from its own bytes alone (after as many empty lines as it had before
  // it): the same. The Expect rewrite is in the reported bytes already, and rewriting it again
  // changes nothing. (A chunked body over the limit is the exception: it is found in the
  // chunks, and the request reported is its head.)
  for (const Request& q : whole.requests) {
    if (q.status == Status::kBodyTooLarge) continue;
    RequestScanner s(max_body);
    std::string alone(q.start, '\n');
    alone += q.bytes;
    const Status st = s.scan(alone);
    scale::fuzz::require(st == q.status && s.start() == q.start && s.end() == alone.size() &&
                             s.problem() == q.problem,
                         "a request's own bytes give another answer: it read past its end");
  }
  return 0;
}
