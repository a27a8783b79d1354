#include "net/request_scanner.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <string_view>

namespace scale::net {
namespace {

constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();

// The methods the server answers.
constexpr std::string_view kImplemented[] = {"GET",    "HEAD",    "POST", "PUT",
                                             "DELETE", "OPTIONS", "PATCH"};
// The other methods of the IANA HTTP Method Registry (RFC 9110, RFC 7237, and RFC 9113's PRI):
// HTTP methods the server does not implement (405), where any other token is no method (400).
constexpr std::string_view kRegistered[] = {"ACL",
                                            "BASELINE-CONTROL",
                                            "BIND",
                                            "CHECKIN",
                                            "CHECKOUT",
                                            "CONNECT",
                                            "COPY",
                                            "LABEL",
                                            "LINK",
                                            "LOCK",
                                            "MERGE",
                                            "MKACTIVITY",
                                            "MKCALENDAR",
                                            "MKCOL",
                                            "MKREDIRECTREF",
                                            "MKWORKSPACE",
                                            "MOVE",
                                            "ORDERPATCH",
                                            "PRI",
                                            "PROPFIND",
                                            "PROPPATCH",
                                            "REBIND",
                                            "REPORT",
                                            "SEARCH",
                                            "TRACE",
                                            "UNBIND",
                                            "UNCHECKOUT",
                                            "UNLINK",
                                            "UNLOCK",
                                            "UPDATE",
                                            "UPDATEREDIRECTREF",
                                            "VERSION-CONTROL"};
// The longest of them (UPDATEREDIRECTREF): a longer token is no method.
constexpr std::size_t kLongestMethod = 17;

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

// RFC 9110 5.6.2: the characters of a token (a method, a header name).
bool is_tchar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool space_or_tab(char c) {
  return c == ' ' || c == '\t';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && space_or_tab(v.front())) v.remove_prefix(1);
  while (!v.empty() && space_or_tab(v.back())) v.remove_suffix(1);
  return v;
}

// Whether a Connection value (a comma-separated list of options) has `close`.
bool has_close(std::string_view value) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (iequals(trim(value.substr(0, comma)), "close")) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::string too_large_head() {
  return "the request head is larger than " + std::to_string(RequestScanner::kMaxHead) + " bytes";
}

std::size_t add_saturated(std::size_t a, std::size_t b) {
  return a > kMax - b ? kMax : a + b;
}

}  // namespace

RequestScanner::Status RequestScanner::finish(Status status, std::size_t end) {
  phase_ = Phase::kDone;
  status_ = status;
  end_ = end;
  return status;
}

RequestScanner::Status RequestScanner::malformed(int status, std::string problem, std::size_t end) {
  problem_status_ = status;
  problem_ = std::move(problem);
  return finish(Status::kMalformed, end);
}

RequestScanner::Status RequestScanner::scan(std::string& buf) {
  switch (phase_) {
    case Phase::kDone:
      return status_;
    case Phase::kStart:
      if (Status s = read_start(buf); s != Status::kNeedMore || phase_ == Phase::kStart) return s;
      [[fallthrough]];
    case Phase::kHead:
      if (Status s = read_head(buf); s != Status::kNeedMore || phase_ == Phase::kHead) return s;
      [[fallthrough]];
    default:
      return read_chunked(buf);
  }
}

// Empty lines (CRLF, or a bare LF) before the request line.
RequestScanner::Status RequestScanner::read_start(const std::string& buf) {
  for (; pos_ < buf.size(); ++pos_) {
    if (pos_ >= kMaxHead) {
      start_ = pos_;
      return malformed(
          400, "more than " + std::to_string(kMaxHead) + " bytes of empty lines before a request",
          pos_ + 1);
    }
    if (buf[pos_] == '\n') continue;
    if (buf[pos_] != '\r') break;
    if (pos_ + 1 == buf.size()) return Status::kNeedMore;
    if (buf[pos_ + 1] != '\n') {
      start_ = pos_;
      return malformed(400, "a bare CR (not followed by LF) before the request line", pos_ + 2);
    }
    ++pos_;
  }
  if (pos_ == buf.size()) return Status::kNeedMore;
  start_ = line_start_ = mark_ = pos_;
  phase_ = Phase::kHead;
  part_ = Part::kMethod;
  return Status::kNeedMore;
}

RequestScanner::Status RequestScanner::read_head(std::string& buf) {
  for (; pos_ < buf.size(); ++pos_) {
    if (part_ == Part::kTarget || part_ == Part::kValue) {
      // Most of a head is the target and header values, whose bytes the checks below look at
      // only for what ends them or is refused in them: step over the others at once, short
      // of the byte at which the head or the header line would pass its limit, so that every
      // byte the checks below act on still reaches them.
      const auto* bytes = reinterpret_cast<const unsigned char*>(buf.data());
      std::size_t stop = std::min(buf.size(), start_ + kMaxHead);
      if (part_ == Part::kValue) {
        stop = std::min(stop, line_start_ + kMaxHeaderLine - 2);
        while (pos_ < stop && bytes[pos_] != '\r' && bytes[pos_] != '\n' && bytes[pos_] != '\0')
          ++pos_;
      } else {
        // What ends the target (a space) or is refused in it (a control character) is at or
        // below a space, or DEL.
        while (pos_ < stop && bytes[pos_] > ' ' && bytes[pos_] != 0x7f) ++pos_;
      }
      if (pos_ == buf.size()) break;
    }
    if (pos_ - start_ >= kMaxHead) return malformed(431, too_large_head(), pos_ + 1);
    const char c = buf[pos_];
    if (c == '\0') return malformed(400, "the request head has a NUL byte", pos_ + 1);
    if (c == '\n')
      return malformed(400, "a line of the request head ends in LF without CR", pos_ + 1);
    if (c == '\r') {
      if (pos_ + 1 == buf.size()) return Status::kNeedMore;  // its LF, or not, is still to come
      if (buf[pos_ + 1] != '\n')
        return malformed(400, "the request head has a bare CR (not followed by LF)", pos_ + 2);
      if (pos_ + 1 - start_ >= kMaxHead) return malformed(431, too_large_head(), pos_ + 2);
      const std::size_t cr = pos_;
      ++pos_;  // the LF: the loop steps past it
      if (Status s = end_line(buf, cr); s != Status::kNeedMore) return s;
      if (phase_ != Phase::kHead) {
        ++pos_;
        return Status::kNeedMore;
      }
      line_start_ = mark_ = pos_ + 1;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if ((part_ == Part::kName || part_ == Part::kValue) && pos_ - line_start_ + 2 >= kMaxHeaderLine)
      return malformed(431,
                       "a header line is longer than " + std::to_string(kMaxHeaderLine) + " bytes",
                       pos_ + 1);
    switch (part_) {
      case Part::kMethod:
        if (c == ' ' && pos_ > mark_) {
          const std::string_view method(buf.data() + mark_, pos_ - mark_);
          method_implemented_ = contains(kImplemented, method);
          if (!method_implemented_ && !contains(kRegistered, method))
            return malformed(400, "the request line does not start with an HTTP method", pos_ + 1);
          part_ = Part::kTarget;
          mark_ = pos_ + 1;
        } else if (!is_tchar(u) || pos_ - mark_ >= kLongestMethod) {
          return malformed(400, "the request line does not start with an HTTP method", pos_ + 1);
        }
        break;
      case Part::kTarget:
        if (c == ' ' && pos_ > mark_) {
          part_ = Part::kVersion;
          mark_ = pos_ + 1;
        } else if (u <= ' ' || u == 0x7f) {
          return malformed(400, "the request target is malformed (a space or control character)",
                           pos_ + 1);
        }
        break;
      case Part::kVersion: {
        static constexpr std::string_view kPrefix = "HTTP/1.";
        const std::size_t i = pos_ - mark_;
        const bool fits =
            i < kPrefix.size() ? c == kPrefix[i] : i == kPrefix.size() && (c == '0' || c == '1');
        if (!fits)
          return malformed(400, "the request line's HTTP version is not HTTP/1.1 or HTTP/1.0",
                           pos_ + 1);
        break;
      }
      case Part::kName:
        if (c == ':' && pos_ > line_start_) {
          part_ = Part::kValue;
          mark_ = pos_;
        } else if (c == ':') {
          return malformed(400, "a header line has no name before its colon", pos_ + 1);
        } else if (pos_ == line_start_ && space_or_tab(c)) {
          return malformed(
              400, "a header line starts with whitespace (obs-fold line folding is not supported)",
              pos_ + 1);
        } else if (space_or_tab(c)) {
          return malformed(400, "whitespace between a header name and its colon", pos_ + 1);
        } else if (!is_tchar(u)) {
          return malformed(400, "a header name has a character that is not a token character",
                           pos_ + 1);
        }
        break;
      case Part::kValue:
      default:
        break;
    }
  }
  return Status::kNeedMore;
}

// The line [line_start_, cr) of the head has ended with CRLF (pos_ at its LF).
RequestScanner::Status RequestScanner::end_line(std::string& buf, std::size_t cr) {
  switch (part_) {
    case Part::kMethod:
    case Part::kTarget:
      return malformed(400, "the request line is not METHOD TARGET VERSION", pos_ + 1);
    case Part::kVersion:
      if (cr - mark_ != 8)
        return malformed(400, "the request line's HTTP version is not HTTP/1.1 or HTTP/1.0",
                         pos_ + 1);
      if (!method_implemented_) {
        const std::string method = buf.substr(start_, buf.find(' ', start_) - start_);
        return malformed(405, method + " is not a method this server implements", pos_ + 1);
      }
      part_ = Part::kName;
      return Status::kNeedMore;
    case Part::kName:
      if (cr == line_start_) {
        head_end_ = pos_ + 1;
        return end_head();
      }
      return malformed(400, "a header line has no colon", pos_ + 1);
    case Part::kValue:
    default:
      break;
  }
  const std::string_view name(buf.data() + line_start_, mark_ - line_start_);
  const std::string_view value = trim(std::string_view(buf.data() + mark_ + 1, cr - mark_ - 1));
  if (iequals(name, "Content-Length")) {
    if (lengths_++ == 0) length_ = value;
  } else if (iequals(name, "Transfer-Encoding")) {
    if (encodings_++ == 0) encoding_ = value;
  } else if (iequals(name, "Connection")) {
    close_ = close_ || has_close(value);
  } else if (iequals(name, "Expect") && iequals(value, "100-continue")) {
    expects_continue_ = true;
    const std::size_t at = static_cast<std::size_t>(value.data() - buf.data());
    for (std::size_t i = at; i < at + value.size(); ++i)
      if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = static_cast<char>(buf[i] - 'a' + 'A');
  }
  part_ = Part::kName;
  return Status::kNeedMore;
}

// The head ended at head_end_: how is the body framed?
RequestScanner::Status RequestScanner::end_head() {
  if (lengths_ > 0 && encodings_ > 0)
    return malformed(400, "the request has both Content-Length and Transfer-Encoding", head_end_);
  if (encodings_ > 1) return malformed(400, "Transfer-Encoding is given more than once", head_end_);
  if (encodings_ == 1 && !iequals(encoding_, "chunked"))
    return malformed(400, "Transfer-Encoding " + encoding_ + " is not supported (only chunked is)",
                     head_end_);
  if (lengths_ > 1) return malformed(400, "Content-Length is given more than once", head_end_);
  if (encodings_ == 1) {
    chunk_limit_ =
        add_saturated(head_end_, add_saturated(2 * std::min(max_body_, kMax / 4), kMaxHead));
    phase_ = Phase::kChunkSize;
    part_ = Part::kSize;
    line_start_ = head_end_;
    chunk_size_ = 0;
    return Status::kNeedMore;
  }
  if (lengths_ == 1) {
    std::size_t n = 0;
    if (length_.empty()) return malformed(400, "Content-Length is empty", head_end_);
    for (char c : length_) {
      if (c < '0' || c > '9')
        return malformed(400, "Content-Length " + length_ + " is not a number of bytes", head_end_);
      const std::size_t d = static_cast<std::size_t>(c - '0');
      n = n > (kMax - d) / 10 ? kMax : n * 10 + d;  // a value out of range reads as the largest
    }
    if (n > max_body_) return finish(Status::kBodyTooLarge, head_end_);
    end_ = head_end_ + n;
    phase_ = Phase::kBody;
    return Status::kNeedMore;
  }
  return finish(Status::kComplete, head_end_);
}

// The body: its Content-Length, or its chunks one byte of framing at a time.
RequestScanner::Status RequestScanner::read_chunked(const std::string& buf) {
  for (;;) {
    if (phase_ == Phase::kDone) return status_;
    if (phase_ == Phase::kBody) {
      if (buf.size() < end_) return Status::kNeedMore;
      return finish(Status::kComplete, end_);
    }
    if (pos_ == buf.size()) return Status::kNeedMore;
    if (phase_ == Phase::kChunkData) {
      const std::size_t take = std::min(chunk_left_, buf.size() - pos_);
      // Chunk framing can dwarf what it frames (an extension per byte): the bytes of a
      // chunked body count against the limit too.
      if (pos_ + take > chunk_limit_) return finish(Status::kBodyTooLarge, head_end_);
      pos_ += take;
      chunk_left_ -= take;
      if (chunk_left_ == 0) phase_ = Phase::kChunkEnd;
      continue;
    }
    if (pos_ >= chunk_limit_) return finish(Status::kBodyTooLarge, head_end_);
    const char c = buf[pos_];
    // A CR is read with its LF, both against the limit.
    if (c == '\r') {
      if (pos_ + 1 == buf.size()) return Status::kNeedMore;
      if (pos_ + 1 >= chunk_limit_) return finish(Status::kBodyTooLarge, head_end_);
    }
    const bool crlf = c == '\r' && buf[pos_ + 1] == '\n';
    if (phase_ == Phase::kChunkEnd) {
      if (!crlf)
        return malformed(400, "chunk data is not followed by CRLF", pos_ + (c == '\r' ? 2 : 1));
      pos_ += 2;
      phase_ = Phase::kChunkSize;
      part_ = Part::kSize;
      line_start_ = pos_;
      chunk_size_ = 0;
      continue;
    }
    if (phase_ == Phase::kLastLine) {
      if (!crlf)
        return malformed(
            400, "chunk trailers are not supported (the last chunk must be followed by CRLF)",
            pos_ + (c == '\r' ? 2 : 1));
      return finish(Status::kComplete, pos_ + 2);
    }
    // Phase::kChunkSize: 1*HEXDIG [ BWS ";" extension ] CRLF
    if (c == '\r' && !crlf)
      return malformed(400, "a chunk size line has a bare CR (not followed by LF)", pos_ + 2);
    if (c == '\n') return malformed(400, "a chunk size line ends in LF without CR", pos_ + 1);
    if (c == '\0') return malformed(400, "a chunk size line has a NUL byte", pos_ + 1);
    if (crlf) {
      if ((part_ != Part::kSize && part_ != Part::kExtension) || pos_ == line_start_)
        return malformed(400, "a chunk size is not a hexadecimal number", pos_ + 2);
      pos_ += 2;
      if (chunk_size_ == 0) {
        phase_ = Phase::kLastLine;
        continue;
      }
      // The limit counts the decoded body: refuse as soon as a size line takes it over.
      if (chunk_size_ > max_body_ - decoded_) return finish(Status::kBodyTooLarge, head_end_);
      decoded_ += chunk_size_;
      chunk_left_ = chunk_size_;
      phase_ = Phase::kChunkData;
      continue;
    }
    if (pos_ - line_start_ >= kMaxLine)
      return malformed(
          400, "a chunk size line is longer than " + std::to_string(kMaxLine) + " bytes", pos_ + 1);
    const int digit = hex_value(c);
    if (part_ == Part::kSize && digit >= 0) {
      chunk_size_ =
          chunk_size_ > (kMax >> 4) ? kMax : chunk_size_ * 16 + static_cast<std::size_t>(digit);
    } else if (part_ != Part::kExtension && pos_ > line_start_ && space_or_tab(c)) {
      part_ = Part::kSizeSpace;
    } else if (part_ != Part::kExtension && pos_ > line_start_ && c == ';') {
      part_ = Part::kExtension;
    } else if (part_ != Part::kExtension) {
      return malformed(400, "a chunk size is not a hexadecimal number", pos_ + 1);
    }
    ++pos_;
  }
}

}  // namespace scale::net
