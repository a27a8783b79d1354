#pragma once
// Where one HTTP/1.1 request ends in the bytes received on a connection, found before
// cpp-httplib sees any of them. The connection layer (connections.hpp) buffers a request until
// it is whole and only then hands it to a worker thread, so that no worker ever waits for a
// client; and it learns that a body is over the limit from the head (Content-Length) or from a
// chunk's size line, before it has read that body.
//
// It reads the framing exactly as cpp-httplib 0.11 then will, or the two would disagree about
// where a request ends: lines end at '\n' and a header counts only when its line ends in CRLF;
// the head ends at the first line that is just CRLF; the first Transfer-Encoding and the first
// Content-Length count; "chunked" outranks Content-Length; chunk sizes parse as strtoul does
// and the last chunk is followed by one empty line (no trailers). The bytes of a chunked body
// may not exceed twice the limit and 64 KiB, however little they decode to.

#include <cstddef>
#include <string>

namespace scale::http {

class RequestScanner {
 public:
  enum class Status {
    kNeedMore,      // the request is not all there yet
    kComplete,      // [start(), end()) is one whole request
    kBodyTooLarge,  // the body is over the limit: [start(), end()) is the head only
    kMalformed,     // its framing cannot be read: [start(), end()) is what there is; see problem()
  };
  // The most bytes a head may take (cpp-httplib limits a line to 8 KiB, not the head).
  static constexpr std::size_t kMaxHead = 64 * 1024;
  // The longest chunk-size line or line after a chunk.
  static constexpr std::size_t kMaxLine = 4096;

  explicit RequestScanner(std::size_t max_body) : max_body_(max_body) {}

  // Scans `buf`, the bytes received since the last request ended, from where the last call
  // stopped: `buf` may only have grown since. Blank lines before a request are skipped (RFC
  // 9112 2.2). An `Expect: 100-continue` is rewritten in `buf` to 100-CONTINUE, so that
  // cpp-httplib (which compares exactly) does not answer it: the connection layer does,
  // when it wants the body (wants_continue()).
  Status scan(std::string& buf);
  // Ready for the next request (in a buffer that now starts with it).
  void reset() { *this = RequestScanner(max_body_); }

  std::size_t start() const { return start_; }
  std::size_t end() const { return end_; }
  // Whether the head is in, and the client asked to be told before sending its body.
  bool head_complete() const { return head_end_ != 0; }
  bool wants_continue() const { return expects_continue_ && phase_ != Phase::kDone; }
  // Why the request is malformed (for the 400), empty when it is not.
  const std::string& problem() const { return problem_; }

 private:
  enum class Phase { kStart, kHead, kBody, kChunkSize, kChunkData, kChunkEnd, kLastLine, kDone };
  Status read_head(std::string& buf);
  Status finish(Status status, std::size_t end);
  Status malformed(std::string problem, std::size_t end);

  std::size_t max_body_;
  Phase phase_ = Phase::kStart;
  Status status_ = Status::kNeedMore;
  std::size_t pos_ = 0;  // where scanning resumes
  std::size_t start_ = 0;
  std::size_t head_end_ = 0;
  std::size_t end_ = 0;
  std::size_t chunk_left_ = 0;
  std::size_t decoded_ = 0;
  bool expects_continue_ = false;
  std::string problem_;
};

}  // namespace scale::http
