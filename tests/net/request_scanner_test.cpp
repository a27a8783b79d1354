// RequestScanner: where a request ends in the bytes of a connection, a body over the limit
// found from its head or its chunk sizes, and framing refused as RFC 9112 asks (issue 12).

#include "net/request_scanner.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using scale::net::RequestScanner;
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

// What a scanner reports for `bytes`: its status and where the request ends.
struct Outcome {
  Status status = Status::kNeedMore;
  std::size_t start = 0;
  std::size_t end = 0;
  int problem_status = 0;
  std::string problem;
};

Outcome outcome_of(const RequestScanner& s, Status st) {
  return {st, s.start(), s.end(), st == Status::kMalformed ? s.problem_status() : 0, s.problem()};
}

// `bytes` scanned in one piece.
Outcome whole(const std::string& bytes, std::size_t max_body = 100) {
  RequestScanner s(max_body);
  std::string buf = bytes;
  return outcome_of(s, s.scan(buf));
}

// `bytes` scanned as they arrive one at a time.
Outcome bytewise(const std::string& bytes, std::size_t max_body = 100) {
  RequestScanner s(max_body);
  std::string buf;
  return outcome_of(s, feed_bytewise(s, bytes, buf));
}

// Checks that `bytes` are refused with `status`, and alike in one piece and byte by byte.
void check_refused(const std::string& bytes, int status = 400) {
  INFO("bytes: " << Catch::Detail::stringify(bytes));
  const Outcome a = whole(bytes);
  const Outcome b = bytewise(bytes);
  CHECK(a.status == Status::kMalformed);
  CHECK(a.problem_status == status);
  CHECK_FALSE(a.problem.empty());
  CHECK(b.status == a.status);
  CHECK(b.problem_status == a.problem_status);
  CHECK(b.end == a.end);
  CHECK(b.problem == a.problem);
  CHECK(a.end <= bytes.size());
}

// Checks that `bytes` are one whole request, in one piece and byte by byte.
void check_complete(const std::string& bytes) {
  const std::size_t end = bytes.size();
  INFO("bytes: " << Catch::Detail::stringify(bytes));
  const Outcome a = whole(bytes);
  CHECK(a.status == Status::kComplete);
  CHECK(a.end == end);
  INFO("problem: " << a.problem);
  const Outcome b = bytewise(bytes);
  CHECK(b.status == Status::kComplete);
  CHECK(b.end == end);
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

TEST_CASE("blank lines before a request are skipped, and do not start it", "[framing]") {
  RequestScanner s(100);
  std::string buf = "\r\n\r\n";
  CHECK(s.scan(buf) == Status::kNeedMore);
  CHECK_FALSE(s.started());  // for the connection layer: no request timer yet
  buf += "\n\r";
  CHECK(s.scan(buf) == Status::kNeedMore);
  CHECK_FALSE(s.started());
  buf += "\nG";
  CHECK(s.scan(buf) == Status::kNeedMore);
  CHECK(s.started());
  buf += "ET / HTTP/1.1\r\n\r\n";
  CHECK(s.scan(buf) == Status::kComplete);
  CHECK(s.start() == 7);
  CHECK(s.end() == buf.size());
}

TEST_CASE("a bare CR before a request, or 64 KiB of blank lines, is malformed", "[framing]") {
  check_refused("\r\n\rGET / HTTP/1.1\r\n\r\n");
  std::string blank;
  while (blank.size() <= RequestScanner::kMaxHead) blank += "\r\n";
  check_refused(blank + "GET / HTTP/1.1\r\n\r\n");
}

TEST_CASE("the same bytes give the same requests in one piece or one byte at a time", "[framing]") {
  const std::vector<std::string> streams = {
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
      "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET",
      "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nabGET / HTTP/1.1\r\n",
      "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n",
      "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\nGET / HTTP/1.1\r\n\r\n",
  };
  for (const std::string& bytes : streams) {
    INFO(bytes);
    // Each request in turn, as the connection layer takes them.
    auto requests = [&](bool one_piece) {
      std::vector<std::pair<Status, std::string>> out;
      RequestScanner s(100);
      std::string buf;
      for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = one_piece ? bytes.size() : 1;
        buf.append(bytes, i, n);
        i += n;
        for (Status st; (st = s.scan(buf)) != Status::kNeedMore;) {
          out.emplace_back(st, buf.substr(s.start(), s.end() - s.start()));
          if (st != Status::kComplete) return out;
          buf.erase(0, s.end());
          s.reset();
        }
      }
      return out;
    };
    const auto a = requests(true);
    CHECK(a.size() >= 1);
    CHECK(a == requests(false));
  }
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

TEST_CASE("every line of the head ends in CRLF: a bare LF or a bare CR is malformed", "[framing]") {
  // cpp-httplib skips a line that ends in a bare LF; the scanner would count it. Neither
  // reading is safe, so such a head is refused.
  check_refused("POST / HTTP/1.1\r\nX: a\nContent-Length: 3\r\n\r\nabc");
  check_refused("GET / HTTP/1.1\nHost: x\r\n\r\n");
  check_refused("GET / HTTP/1.1\r\nHost: x\r\n\n");
  check_refused("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n");
  check_refused("GET /\r HTTP/1.1\r\n\r\n");
  check_refused("GET / HTTP/1.1\r\nX: a\r\r\n\r\n");
}

TEST_CASE("Content-Length must be digits only, and given once", "[framing]") {
  for (const char* value : {"+3", "-3", "0x3", "3 3", "3,3", "3, 3", "3a", "", "3.0", "\"3\""}) {
    INFO("Content-Length: " << value);
    check_refused(std::string("POST / HTTP/1.1\r\nContent-Length: ") + value + "\r\n\r\nabc");
  }
  // Repeated: with another value, and with the same one.
  check_refused("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 3\r\n\r\nabc");
  check_refused("POST / HTTP/1.1\r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\nabc");
  // Spaces and tabs around the value are no part of it.
  check_complete("POST / HTTP/1.1\r\nContent-Length:\t3 \r\n\r\nabc");
  check_complete("POST / HTTP/1.1\r\nContent-Length: 0003\r\n\r\nabc");
}

TEST_CASE("Content-Length and Transfer-Encoding together are malformed", "[framing]") {
  check_refused(
      "POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  check_refused(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n");
  check_refused("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n");
}

TEST_CASE("Transfer-Encoding is one chunked, given once", "[framing]") {
  for (const char* value : {"gzip", "gzip, chunked", "chunked, chunked", "chunked;q=1", "identity",
                            "", "chunked chunked", "xchunked"}) {
    INFO("Transfer-Encoding: " << value);
    check_refused(std::string("POST / HTTP/1.1\r\nTransfer-Encoding: ") + value +
                  "\r\n\r\n0\r\n\r\n");
  }
  check_refused(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\n\r\n");
  check_complete("POST / HTTP/1.1\r\nTransfer-Encoding: CHUNKED \r\n\r\n0\r\n\r\n");
}

TEST_CASE("a header line is a token, a colon and a value, on one line", "[framing]") {
  check_refused("GET / HTTP/1.1\r\nContent-Length : 0\r\n\r\n");  // space before the colon
  check_refused("GET / HTTP/1.1\r\nHost\t: x\r\n\r\n");           // a tab before it
  check_refused("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n");        // obs-fold
  check_refused("GET / HTTP/1.1\r\nX-A: a\r\n\tb\r\n\r\n");
  check_refused("GET / HTTP/1.1\r\n Host: x\r\n\r\n");  // folded onto the request line
  check_refused("GET / HTTP/1.1\r\nNoColon\r\n\r\n");
  check_refused("GET / HTTP/1.1\r\n: no name\r\n\r\n");
  check_refused("GET / HTTP/1.1\r\nX(A): a\r\n\r\n");  // not a token
  check_complete("GET / HTTP/1.1\r\nX-A:\r\nX-B:b\r\nX-C: c:d \r\n\r\n");
}

TEST_CASE("a NUL byte anywhere in the head is malformed", "[framing]") {
  using namespace std::string_literals;
  check_refused("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n"s);
  check_refused("GET /\0 HTTP/1.1\r\n\r\n"s);
  check_refused("G\0ET / HTTP/1.1\r\n\r\n"s);
  check_refused("GET / HTTP/1.1\r\nX-A\0: a\r\n\r\n"s);
  // Found where it is, not at the end of the line or the head.
  CHECK(bytewise("GET / HTTP/1.1\r\nX-A: a\0"s).status == Status::kMalformed);
}

TEST_CASE("a request line that cannot be parsed is malformed at once", "[framing]") {
  for (const char* method : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    const std::string req = std::string(method) + " /a?b=c HTTP/1.1\r\n\r\n";
    check_complete(req);
  }
  check_complete("GET / HTTP/1.0\r\n\r\n");
  check_complete("OPTIONS * HTTP/1.1\r\n\r\n");
  check_refused("get / HTTP/1.1\r\n\r\n");
  check_refused("Get / HTTP/1.1\r\n\r\n");
  check_refused("FOO / HTTP/1.1\r\n\r\n");
  check_refused("GET / HTTP/1.2\r\n\r\n");
  check_refused("GET / http/1.1\r\n\r\n");
  check_refused("GET / HTTP/1.1 \r\n\r\n");
  check_refused("GET  / HTTP/1.1\r\n\r\n");
  check_refused("GET /\ta HTTP/1.1\r\n\r\n");
  check_refused("GET / \r\n\r\n");
  check_refused("GET /\r\n\r\n");
  check_refused("GET\r\n\r\n");
  check_refused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");  // the HTTP/2 preface
  // Decided from the bytes that settle it, without waiting for the line's end: TLS's first
  // byte, a lowercase method at its space, a version at its first wrong character.
  CHECK(bytewise("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03").end == 1);
  CHECK(whole("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03").status == Status::kMalformed);
  CHECK(whole("get ").status == Status::kMalformed);
  CHECK(whole("PRI * HTTP/2").status == Status::kMalformed);
  CHECK(whole(std::string(100, 'A')).status == Status::kMalformed);
}

// The target and the header values are most of a head: any byte passes in them but the ones
// they refuse, and a refused one is found at its own byte, however far into a long run of
// plain bytes it comes.
TEST_CASE("a target or header value refuses only its own bytes, found where they are",
          "[framing]") {
  const std::string run(300, 'p');
  check_complete("GET /" + run + "\xC3\xA4\x80\xFF HTTP/1.1\r\n\r\n");
  check_complete("GET / HTTP/1.1\r\nX-A: " + run + "\x7F\x80\xFF\t \"v\"\r\n\r\n");
  const std::string target = "GET /" + run;
  for (const char* bad : {"\x7F", "\x01", "\t", "\x1F"}) {
    const std::string bytes = target + bad + "x HTTP/1.1\r\n\r\n";
    check_refused(bytes);
    CHECK(whole(bytes).end == target.size() + 1);
  }
  const std::string value = "GET / HTTP/1.1\r\nX-A: " + run;
  for (const std::string& bad : {std::string(1, '\0'), std::string("\n"), std::string("\rx")}) {
    const std::string bytes = value + bad + "x\r\n\r\n";
    check_refused(bytes);
    CHECK(whole(bytes).end == value.size() + bad.size());
  }
}

TEST_CASE("a method the server does not implement is refused with 405", "[framing]") {
  for (const char* method : {"TRACE", "CONNECT", "PROPFIND", "MKCOL", "LINK", "PRI"}) {
    const std::string line = std::string(method) + " /licensees HTTP/1.1\r\n";
    check_refused(line + "Host: x\r\n\r\n", 405);
    // At the end of the request line: the rest of the head is not waited for.
    CHECK(whole(line).status == Status::kMalformed);
    CHECK(whole(line).end == line.size());
  }
}

TEST_CASE("Connection: close is found in any letter case and inside a list", "[framing]") {
  auto closes = [](const std::string& headers) {
    RequestScanner s(100);
    std::string buf = "GET / HTTP/1.1\r\n" + headers + "\r\n";
    REQUIRE(s.scan(buf) == Status::kComplete);
    return s.wants_close();
  };
  CHECK(closes("Connection: close\r\n"));
  CHECK(closes("connection: CLOSE\r\n"));
  CHECK(closes("Connection: keep-alive, Close\r\n"));
  CHECK(closes("Connection: Upgrade,close ,x\r\n"));
  CHECK(closes("Connection: keep-alive\r\nConnection: close\r\n"));
  CHECK_FALSE(closes("Connection: keep-alive\r\n"));
  CHECK_FALSE(closes("Connection: closed\r\n"));
  CHECK_FALSE(closes("X-Connection: close\r\n"));
  CHECK_FALSE(closes(""));
}

TEST_CASE("a chunked body ends after the last chunk and its blank line", "[framing]") {
  RequestScanner s(100);
  std::string buf;
  const std::string req =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\nA;ext=1\r\n0123456789\r\n1 ; e=\"x\"\r\n!\r\n0;last\r\n\r\n";
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

TEST_CASE("a chunk size is hexadecimal digits only", "[framing]") {
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  using namespace std::string_literals;
  for (const std::string& line : {"0x1d"s, " 1d"s, "+1d"s, "-1"s, "1d "s, ""s, ";ext"s, "1d\t"s,
                                  "1 d"s, "1d\0"s, "1d;a\0"s, "1d;a\rb"s}) {
    INFO("size line: " << Catch::Detail::stringify(line));
    check_refused(head + line + "\r\n" + std::string(29, 'x') + "\r\n0\r\n\r\n");
  }
  check_refused(head + "1d\n" + std::string(29, 'x') + "\r\n0\r\n\r\n");  // a bare LF
}

TEST_CASE("chunk data not followed by CRLF is malformed", "[framing]") {
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  check_refused(head + "5\r\nhelloX\r\n0\r\n\r\n");
  check_refused(head + "5\r\nhello\rX0\r\n\r\n");
  check_refused(head + "5\r\nhello\n0\r\n\r\n");
  check_refused(head + "5\r\nhello0\r\n\r\n");
  // Found at the byte after the data, without waiting for a line's end.
  CHECK(bytewise(head + "5\r\nhelloX").status == Status::kMalformed);
  // After the last chunk: one empty line, and no trailers.
  check_refused(head + "0\r\nX: y\r\n\r\n");
  check_refused(head + "0\r\n\n");
}

TEST_CASE("a Transfer-Encoding other than chunked is malformed", "[framing]") {
  RequestScanner s(100);
  std::string buf = "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n";
  CHECK(s.scan(buf) == Status::kMalformed);
  CHECK(s.problem().find("gzip") != std::string::npos);
}

TEST_CASE("a head over 64 KiB is refused with 431, in one piece or many", "[framing]") {
  // Lines of 1000 bytes, each a header of its own.
  std::string lines = "GET / HTTP/1.1\r\n";
  while (lines.size() < RequestScanner::kMaxHead)
    lines += "X-Pad: " + std::string(991, 'p') + "\r\n";
  SECTION("a head that never ends") {
    check_refused(lines, 431);
    CHECK(whole(lines).end <= RequestScanner::kMaxHead + 1);
  }
  SECTION("a whole head, over the limit, all in one read") {
    check_refused(lines + "\r\n", 431);
  }
  SECTION("one that arrives in pieces") {
    RequestScanner s(100);
    std::string buf;
    Status st = Status::kNeedMore;
    for (std::size_t i = 0; i < lines.size() && st == Status::kNeedMore; i += 1000) {
      buf += lines.substr(i, 1000);
      st = s.scan(buf);
    }
    CHECK(st == Status::kMalformed);
    CHECK(s.problem_status() == 431);
  }
  SECTION("a head of exactly 64 KiB passes") {
    // Lines of 1000 bytes (a header line may not pass 8 KiB), the last one filling up.
    std::string exact = "GET / HTTP/1.1\r\n";
    while (exact.size() + 2000 < RequestScanner::kMaxHead)
      exact += "X-Pad: " + std::string(991, 'p') + "\r\n";
    exact += "X-Pad: ";
    exact += std::string(RequestScanner::kMaxHead - exact.size() - 4, 'p') + "\r\n\r\n";
    REQUIRE(exact.size() == RequestScanner::kMaxHead);
    check_complete(exact);
    check_refused("\r\n" + exact.substr(0, exact.size() - 4) + "p\r\n\r\n", 431);
  }
}

TEST_CASE("a header line over 8 KiB is refused with 431, however it arrives", "[framing]") {
  // cpp-httplib 0.11 refuses a header line longer than 8192 bytes (with its CRLF) with a
  // 400 of its own that keeps the connection open: the scanner refuses it first, and closes.
  const std::string start = "GET / HTTP/1.1\r\nX-Big: ";
  const std::size_t fits = 8192 - 2 - (start.size() - 16);  // the line "X-Big: ..." with CRLF
  SECTION("8192 bytes with its CRLF pass") {
    check_complete(start + std::string(fits, 'v') + "\r\n\r\n");
  }
  SECTION("one byte more is 431, also before the line ends") {
    check_refused(start + std::string(fits + 1, 'v') + "\r\n\r\n", 431);
    check_refused(start + std::string(fits + 1, 'v'), 431);
  }
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
