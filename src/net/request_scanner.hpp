#pragma once
// Where one HTTP/1.1 request ends in the bytes received on a connection, found before
// cpp-httplib sees any of them. The connection layer (connections.hpp) buffers a request until
// it is whole and only then hands it to a worker thread, so that no worker ever waits for a
// client; and it learns that a body is over the limit from the head (Content-Length) or from a
// chunk's size line, before it has read that body.
//
// The framing is read strictly (RFC 9112), so that the scanner and cpp-httplib, which reads
// the request after it, can never disagree about where a request ends, and no byte after a
// request refused for its framing is ever read as a request:
// - The request line is METHOD SP TARGET SP HTTP/1.1 (or HTTP/1.0), one space each. A method
//   that is no registered HTTP method (lowercase ones included) is malformed; a registered one
//   the server does not implement (anything but GET HEAD POST PUT DELETE OPTIONS PATCH) is
//   refused with 405.
// - Every line of the head ends in CRLF: a bare CR or bare LF, or a NUL byte, is malformed.
//   A header line is a token, a colon and a value: whitespace before the colon, a line that
//   starts with whitespace (obs-fold) and a line without a colon are malformed.
// - Content-Length is digits only and given once; Transfer-Encoding is given once and is
//   `chunked`; a request may not have both.
// - A chunk size is hexadecimal digits only (an extension may follow after ';'), chunk data
//   is followed by CRLF, and the last chunk by one empty line (no trailers). The bytes of a
//   chunked body may not exceed twice the limit and 64 KiB, however little they decode to.
// - The head (from the request line to the empty line that ends it) is at most kMaxHead bytes,
//   and a header line at most kMaxHeaderLine (431 beyond either).
// Each fault is found at the byte that shows it (a line's fault at the line's end), so the
// same bytes give the same result however they are split into reads, and the scanner never
// looks past the end it reports.

#include <cstddef>
#include <string>

namespace scale::net {

class RequestScanner {
 public:
  enum class Status {
    kNeedMore,      // the request is not all there yet
    kComplete,      // [start(), end()) is one whole request
    kBodyTooLarge,  // the body is over the limit: [start(), end()) is the head only
    // Refused for its framing: [start(), end()) ends at the byte (or line, or head) where
    // the fault was found. problem() says why, problem_status() what to answer.
    kMalformed,
  };
  // The most bytes a head may take, and the most bytes of empty lines before a request.
  static constexpr std::size_t kMaxHead = 64 * 1024;
  // The longest chunk-size line.
  static constexpr std::size_t kMaxLine = 4096;
  // The longest header line, with its CRLF (cpp-httplib 0.11 refuses longer ones with a 400
  // that keeps the connection open).
  static constexpr std::size_t kMaxHeaderLine = 8192;

  explicit RequestScanner(std::size_t max_body) : max_body_(max_body) {}

  // Scans `buf`, the bytes received since the last request ended, from where the last call
  // stopped: `buf` may only have grown since. Empty lines before a request are skipped (RFC
  // 9112 2.2). An `Expect: 100-continue` is rewritten in `buf` to 100-CONTINUE, so that
  // cpp-httplib (which compares exactly) does not answer it: the connection layer does,
  // when it wants the body (wants_continue()). Once it has returned anything but kNeedMore,
  // it returns the same again.
  Status scan(std::string& buf);
  // Ready for the next request (in a buffer that now starts with it).
  void reset() { *this = RequestScanner(max_body_); }

  std::size_t start() const { return start_; }
  std::size_t end() const { return end_; }
  // Whether a byte of the request itself (not of an empty line before it) is in: an empty
  // line does not make a connection busy (its request timer does not start).
  bool started() const { return phase_ != Phase::kStart; }
  // Whether the head is in, and the client asked to be told before sending its body.
  bool head_complete() const { return head_end_ != 0; }
  bool wants_continue() const { return expects_continue_ && phase_ != Phase::kDone; }
  // Whether the request's head has `close` among its Connection options (in any letter case,
  // in any Connection header): its answer is the last on the connection.
  bool wants_close() const { return close_; }
  // Why the request is malformed (for the answer), empty when it is not.
  const std::string& problem() const { return problem_; }
  // What to answer a malformed request: 400; 405 for a method the server does not implement
  // (the request line is all there); 431 for a head over kMaxHead or a header line over
  // kMaxHeaderLine. 0 when it is not malformed.
  int problem_status() const { return problem_status_; }

 private:
  enum class Phase { kStart, kHead, kBody, kChunkSize, kChunkData, kChunkEnd, kLastLine, kDone };
  // Where in a line of the head, or of a chunk size line, the next byte goes.
  enum class Part { kMethod, kTarget, kVersion, kName, kValue, kSize, kSizeSpace, kExtension };
  Status read_start(const std::string& buf);
  Status read_head(std::string& buf);
  Status end_line(std::string& buf, std::size_t cr);
  Status end_head();
  Status read_chunked(const std::string& buf);
  Status finish(Status status, std::size_t end);
  Status malformed(int status, std::string problem, std::size_t end);

  std::size_t max_body_;
  Phase phase_ = Phase::kStart;
  Part part_ = Part::kMethod;
  Status status_ = Status::kNeedMore;
  std::size_t pos_ = 0;  // the next byte to read
  std::size_t start_ = 0;
  std::size_t line_start_ = 0;
  std::size_t mark_ = 0;  // where the current part of the line started (after SP, or the colon)
  std::size_t head_end_ = 0;
  std::size_t end_ = 0;
  // The first byte a chunked body may not reach (its framing's limit).
  std::size_t chunk_limit_ = 0;
  std::size_t chunk_size_ = 0;
  std::size_t chunk_left_ = 0;
  std::size_t decoded_ = 0;
  bool method_implemented_ = true;
  // The framing headers, judged once the head is in.
  int lengths_ = 0;
  int encodings_ = 0;
  std::string length_;    // the first Content-Length value
  std::string encoding_;  // the first Transfer-Encoding value
  bool expects_continue_ = false;
  bool close_ = false;
  int problem_status_ = 0;
  std::string problem_;
};

}  // namespace scale::net
