#include "http/framing.hpp"

#include <cctype>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>

namespace scale::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

bool space_or_tab(char c) {
  return c == ' ' || c == '\t';
}

// A header of the head as cpp-httplib 0.11 reads it: the name is everything before the first
// ':', the value is trimmed of spaces and tabs; a line that does not end in CRLF, has no ':' or
// has an empty value is no header.
struct Header {
  std::string_view name;
  std::size_t value_at = 0;  // offset of the value in the buffer
  std::string_view value;
};

std::optional<Header> header_of(const std::string& buf, std::size_t begin, std::size_t nl) {
  if (nl == begin || buf[nl - 1] != '\r') return std::nullopt;
  const std::size_t end = nl - 1;
  const std::size_t colon = buf.find(':', begin);
  if (colon == std::string::npos || colon >= end) return std::nullopt;
  std::size_t v = colon + 1;
  while (v < end && space_or_tab(buf[v])) ++v;
  std::size_t e = end;
  while (e > v && space_or_tab(buf[e - 1])) --e;
  if (v == e) return std::nullopt;
  return Header{std::string_view(buf).substr(begin, colon - begin), v,
                std::string_view(buf).substr(v, e - v)};
}

}  // namespace

RequestScanner::Status RequestScanner::finish(Status status, std::size_t end) {
  phase_ = Phase::kDone;
  status_ = status;
  end_ = end;
  return status;
}

RequestScanner::Status RequestScanner::malformed(std::string problem, std::size_t end) {
  problem_ = std::move(problem);
  return finish(Status::kMalformed, end);
}

RequestScanner::Status RequestScanner::scan(std::string& buf) {
  if (phase_ == Phase::kStart) {
    while (pos_ < buf.size() && (buf[pos_] == '\r' || buf[pos_] == '\n')) ++pos_;
    if (pos_ == buf.size()) return Status::kNeedMore;
    start_ = pos_;
    phase_ = Phase::kHead;
  }
  if (phase_ == Phase::kHead) {
    Status s = read_head(buf);
    if (s != Status::kNeedMore || phase_ == Phase::kHead) return s;
  }
  for (;;) {
    // Chunk framing can dwarf what it frames (a chunk extension per byte): the bytes of a
    // chunked body count against the limit too, at twice the limit and a head's worth.
    if (phase_ >= Phase::kChunkSize && phase_ <= Phase::kLastLine &&
        pos_ - head_end_ > 2 * max_body_ + kMaxHead)
      return finish(Status::kBodyTooLarge, head_end_);
    switch (phase_) {
      case Phase::kStart:
      case Phase::kHead:
        return Status::kNeedMore;  // not reached
      case Phase::kDone:
        return status_;
      case Phase::kBody:
        if (buf.size() < end_) return Status::kNeedMore;
        return finish(Status::kComplete, end_);
      case Phase::kChunkData: {
        const std::size_t take = std::min(chunk_left_, buf.size() - pos_);
        pos_ += take;
        chunk_left_ -= take;
        if (chunk_left_ > 0) return Status::kNeedMore;
        phase_ = Phase::kChunkEnd;
        break;
      }
      case Phase::kChunkSize:
      case Phase::kChunkEnd:
      case Phase::kLastLine: {
        const std::size_t nl = buf.find('\n', pos_);
        if (nl == std::string::npos) {
          if (buf.size() - pos_ > kMaxLine)
            return malformed("a chunk line is too long", buf.size());
          return Status::kNeedMore;
        }
        const std::size_t line_at = pos_;
        pos_ = nl + 1;
        const bool empty_line = nl == line_at + 1 && buf[line_at] == '\r';
        if (phase_ == Phase::kLastLine) {
          // cpp-httplib reads exactly one line after the last chunk, and it must be empty.
          if (!empty_line) return malformed("chunk trailers are not supported", pos_);
          return finish(Status::kComplete, pos_);
        }
        if (phase_ == Phase::kChunkEnd) {
          // What cpp-httplib does with a chunk not followed by CRLF: it ends the body there.
          if (!empty_line) return finish(Status::kComplete, pos_);
          phase_ = Phase::kChunkSize;
          break;
        }
        if (nl - line_at > kMaxLine) return malformed("a chunk line is too long", pos_);
        const std::string line = buf.substr(line_at, nl + 1 - line_at);
        char* parsed_end = nullptr;
        const unsigned long size = std::strtoul(line.c_str(), &parsed_end, 16);
        if (parsed_end == line.c_str() || size == ULONG_MAX)
          return malformed("a chunk size is not a hexadecimal number", pos_);
        if (size == 0) {
          phase_ = Phase::kLastLine;
          break;
        }
        // The limit counts the decoded body: refuse as soon as a size line takes it over.
        if (size > max_body_ - decoded_) return finish(Status::kBodyTooLarge, head_end_);
        decoded_ += size;
        chunk_left_ = size;
        phase_ = Phase::kChunkData;
        break;
      }
    }
  }
}

RequestScanner::Status RequestScanner::read_head(std::string& buf) {
  // The head ends at the first line that is just CRLF: "\n\r\n" (the request line cannot be
  // empty, leading blank lines having been skipped). Resume a little before where the last
  // search stopped, in case the terminator straddles the two.
  const std::size_t from = std::max(start_, pos_ >= 2 ? pos_ - 2 : 0);
  const std::size_t at = buf.find("\n\r\n", from);
  if (at == std::string::npos) {
    pos_ = buf.size();
    if (buf.size() - start_ > kMaxHead)
      return malformed("the request head is larger than " + std::to_string(kMaxHead) + " bytes",
                       buf.size());
    return Status::kNeedMore;
  }
  head_end_ = at + 3;
  pos_ = head_end_;
  std::optional<Header> length, encoding;
  // Headers start after the request line.
  std::size_t line = buf.find('\n', start_) + 1;
  while (line < head_end_ - 2) {
    const std::size_t nl = buf.find('\n', line);
    if (auto h = header_of(buf, line, nl)) {
      if (!length && iequals(h->name, "Content-Length")) length = h;
      if (!encoding && iequals(h->name, "Transfer-Encoding")) encoding = h;
      if (iequals(h->name, "Expect") && iequals(h->value, "100-continue")) {
        expects_continue_ = true;
        for (std::size_t i = h->value_at; i < h->value_at + h->value.size(); ++i)
          buf[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(buf[i])));
      }
    }
    line = nl + 1;
  }
  if (encoding) {
    if (!iequals(encoding->value, "chunked")) {
      // cpp-httplib would fall back to Content-Length, or else read until the connection
      // closes; RFC 9112 6.3 asks for a 400 and a close either way.
      return malformed("Transfer-Encoding " + std::string(encoding->value) +
                           " is not supported (only chunked is)",
                       head_end_);
    }
    phase_ = Phase::kChunkSize;
    return Status::kNeedMore;
  }
  if (length) {
    // As cpp-httplib reads it (strtoull); a value out of range reads as the largest.
    const std::string value(length->value);
    const unsigned long long n = std::strtoull(value.c_str(), nullptr, 10);
    if (n > max_body_) return finish(Status::kBodyTooLarge, head_end_);
    end_ = head_end_ + static_cast<std::size_t>(n);
    phase_ = Phase::kBody;
    return Status::kNeedMore;
  }
  return finish(Status::kComplete, head_end_);
}

}  // namespace scale::http
