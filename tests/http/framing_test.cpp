// RequestScanner: where a request ends in the bytes of a connection, read as cpp-httplib 0.11
// reads them, and a body over the limit found from its head or its chunk sizes.

#include "http/framing.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using scale::http::RequestScanner;
using Status = RequestScanner::Status;

namespace {

// Feeds `bytes` to a scanner one byte at a time (as a slow client sends them) and returns the
// first status that is not kNeedMore, or kNeedMore.
Status feed_bytewise(RequestScanner& s, const std::string& bytes, std::string& buf) {
  for (char ch : bytes) {
    buf += ch;
    auto st = s.scan(buf);
    if (st != Status::kNeedMore) return st;
  }
  return Status::kNeedMore;
}

}  // namespace

TEST_CASE("a request without a body ends at the blank line", "[framing]") {
  RequestScanner s(100);
  std::string buf = "GET /a HTTP/1.1\r\nHost: x\r\n";
  CHECK(s.scan(buf) == Status::kNeedMore);
  buf += "\r\nGET /b HTTP/1.1\r\n";
  CHECK(s.scan(buf) == Status::kComplete);
  CHECK(s.start() == 0);
  CHECK(buf.substr(s.start(), s.end()) == "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
}

TEST_CASE("blank lines before a request are skipped", "[framing]") {
  RequestScanner s(100);
  std::string buf = "\r\n\r\nGET / HTTP/1.1\r\n\r\n";
  CHECK(s.scan(buf) == Status::kComplete);
  CHECK(s.start() == 4);
  CHECK(s.end() == buf.size());
}

TEST_CASE("a Content-Length body is waited for, byte by byte", "[framing]") {
  RequestScanner s(100);
  std::string buf;
  const std::string req = "POST / HTTP/1.1\r\ncontent-length:  5 \r\n\r\nhello";
  CHECK(feed_bytewise(s, req, buf) == Status::kComplete);
  CHECK(buf.size() == req.size());
  CHECK(s.end() == req.size());
}

TEST_CASE("a Content-Length over the limit is refused from the head", "[framing]") {
  RequestScanner s(100);
  std::string buf = "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n";
  CHECK(s.scan(buf) == Status::kBodyTooLarge);
  CHECK(s.end() == buf.size());
  RequestScanner exact(100);
  std::string ok = "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n";
  CHECK(exact.scan(ok) == Status::kNeedMore);
  RequestScanner huge(100);
  std::string big = "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n";
  CHECK(huge.scan(big) == Status::kBodyTooLarge);
}

TEST_CASE("a header line must end in CRLF to count, as cpp-httplib reads it", "[framing]") {
  // "X: a\n" is no header line for cpp-httplib, but the Content-Length line after it is.
  RequestScanner s(100);
  std::string buf = "POST / HTTP/1.1\r\nX: a\nContent-Length: 3\r\n\r\nabc";
  CHECK(s.scan(buf) == Status::kComplete);
  CHECK(s.end() == buf.size());
  // The first Content-Length counts.
  RequestScanner first(100);
  std::string two = "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 3\r\n\r\nabc";
  CHECK(first.scan(two) == Status::kComplete);
  CHECK(first.end() == two.size() - 2);
}

TEST_CASE("a chunked body ends after the last chunk and its blank line", "[framing]") {
  RequestScanner s(100);
  std::string buf;
  const std::string req =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 999\r\n\r\n"
      "5\r\nhello\r\nA;ext=1\r\n0123456789\r\n0\r\n\r\n";
  CHECK(feed_bytewise(s, req, buf) == Status::kComplete);
  CHECK(s.end() == req.size());
}

TEST_CASE("a chunked body is refused at the size line that takes it past the limit", "[framing]") {
  RequestScanner s(100);
  std::string buf = "POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n";
  const std::size_t head = buf.size();
  CHECK(s.scan(buf) == Status::kNeedMore);
  buf += "32\r\n" + std::string(50, 'x') + "\r\n";
  CHECK(s.scan(buf) == Status::kNeedMore);
  buf += "32\r\n" + std::string(50, 'x') + "\r\n";  // exactly 100
  CHECK(s.scan(buf) == Status::kNeedMore);
  buf += "1\r\n";  // 101: refused before the byte itself arrives
  CHECK(s.scan(buf) == Status::kBodyTooLarge);
  CHECK(s.end() == head);
}

TEST_CASE("chunk framing out of proportion to the body counts against the limit", "[framing]") {
  RequestScanner s(100);
  std::string buf = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::size_t head = buf.size();
  // One byte per chunk, each with a 1000-byte extension: 20 decoded bytes, 20 KB of framing.
  Status st = Status::kNeedMore;
  for (int i = 0; i < 100 && st == Status::kNeedMore; ++i) {
    buf += "1;" + std::string(1000, 'e') + "\r\nx\r\n";
    st = s.scan(buf);
  }
  CHECK(st == Status::kBodyTooLarge);
  CHECK(buf.size() - head > 2 * 100 + RequestScanner::kMaxHead);
  CHECK(s.end() == head);
}

TEST_CASE("chunked framing that cpp-httplib cannot read is malformed", "[framing]") {
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::vector<std::string> bodies = {"zz\r\n", "0\r\nTrailer: x\r\n\r\n",
                                           std::string(RequestScanner::kMaxLine + 10, '1')};
  for (const std::string& body : bodies) {
    RequestScanner s(100);
    std::string buf = head + body;
    CHECK(s.scan(buf) == Status::kMalformed);
    CHECK_FALSE(s.problem().empty());
  }
}

TEST_CASE("a Transfer-Encoding other than chunked is malformed", "[framing]") {
  RequestScanner s(100);
  std::string buf = "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n";
  CHECK(s.scan(buf) == Status::kMalformed);
  CHECK(s.problem().find("gzip") != std::string::npos);
}

TEST_CASE("a head that never ends is cut off", "[framing]") {
  RequestScanner s(100);
  std::string buf = "GET / HTTP/1.1\r\n" + std::string(RequestScanner::kMaxHead, 'x');
  CHECK(s.scan(buf) == Status::kMalformed);
}

TEST_CASE("Expect: 100-continue is left for the connection layer to answer", "[framing]") {
  RequestScanner s(100);
  std::string buf = "POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n";
  CHECK(s.scan(buf) == Status::kNeedMore);
  CHECK(s.wants_continue());
  // Rewritten so that cpp-httplib does not send its own 100 Continue.
  CHECK(buf.find("Expect: 100-CONTINUE\r\n") != std::string::npos);
  buf += "abc";
  CHECK(s.scan(buf) == Status::kComplete);
  CHECK_FALSE(s.wants_continue());
}
