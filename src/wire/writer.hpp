#pragma once
// The two writers of field lists (fields.hpp): TextOut writes JSON text straight into a string
// (API answers: building and dumping a Json tree cost more than the rest of a request, eight
// times more for a list page), TreeOut builds a Json object (state documents, tests). Both
// write every field the record has, in the list's order, an absent value as null; what
// TextOut writes is exactly TreeOut's tree dumped (ensure_ascii off, invalid UTF-8 replaced),
// which the codec tests check byte for byte.

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "domain/time.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"

namespace scale::wire {

// A JSON string as Json::dump() writes it (ensure_ascii off, invalid UTF-8 replaced).
void append_string(std::string& out, std::string_view s);

template <class T>
bool is_empty_list(const T& v) {
  if constexpr (requires { v.empty(); })
    return v.empty();
  else if constexpr (requires { v->empty(); })
    return !v || v->empty();
  else
    return false;
}

// Hands each field of list W that record `r` has to `out.put(name, kind, value)`, in order;
// document-only fields only when out.document(), and empty lists flagged kOmitEmpty not at all.
template <class W, class R, class Out>
void put_fields(Out& out, const R& r) {
  W::fields([&](const auto& f) {
    using F = std::decay_t<decltype(f)>;
    if constexpr (kHas<F, const R>) {
      if ((f.flags & kDocumentOnly) && !out.document()) return;
      const auto& value = f.slot(r);
      if ((f.flags & kOmitEmpty) && is_empty_list(value)) return;
      out.put(f.name, typename F::kind_type{}, value);
    }
  });
}

class TextOut;
class TreeOut;

// `r` as the JSON object of list W, appended to `out`.
template <class W, class R>
void write_text(std::string& out, const R& r);
// `r` as a Json object of list W; `document`: with the fields that only state documents have.
template <class W, class R>
Json write_tree(const R& r, bool document);

class TextOut {
 public:
  // Writes "{" now and "}" when destroyed; the fields go between.
  explicit TextOut(std::string& out) : out_(out) { out_ += '{'; }
  ~TextOut() { out_ += '}'; }
  TextOut(const TextOut&) = delete;
  TextOut& operator=(const TextOut&) = delete;

  static constexpr bool document() { return false; }

  void put(const char* key, kind::Text, const std::string& v) {
    name(key);
    append_string(out_, v);
  }
  void put(const char* key, kind::Text, const domain::OptText& v) {
    name(key);
    if (v)
      append_string(out_, *v);
    else
      null();
  }
  void put(const char* key, kind::Id, const domain::Uuid& v) {
    name(key);
    id(v);
  }
  void put(const char* key, kind::Id, const std::optional<domain::Uuid>& v) {
    name(key);
    if (v)
      id(*v);
    else
      null();
  }
  void put(const char* key, kind::Time, domain::Timestamp v) {
    name(key);
    time(v);
  }
  void put(const char* key, kind::Time, const std::optional<domain::Timestamp>& v) {
    name(key);
    if (v)
      time(*v);
    else
      null();
  }
  void put(const char* key, kind::Bool, bool v) {
    name(key);
    boolean(v);
  }
  void put(const char* key, kind::Bool, const std::optional<bool>& v) {
    name(key);
    if (v)
      boolean(*v);
    else
      null();
  }
  void put(const char* key, kind::Int, std::int64_t v) {
    name(key);
    integer(v);
  }
  void put(const char* key, kind::Int, const domain::OptInt& v) {
    name(key);
    if (v)
      integer(*v);
    else
      null();
  }
  template <class E>
  void put(const char* key, kind::Enum, E v) {
    name(key);
    append_string(out_, to_string(v));
  }
  template <class E>
  void put(const char* key, kind::Enum, const std::optional<E>& v) {
    name(key);
    if (v)
      append_string(out_, to_string(*v));
    else
      null();
  }
  void put(const char* key, kind::Ids, const std::vector<domain::Uuid>& v) {
    name(key);
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out_ += ',';
      id(v[i]);
    }
    out_ += ']';
  }
  void put(const char* key, kind::Names, const std::vector<std::string>& v) {
    name(key);
    names(v);
  }
  void put(const char* key, kind::Names, const std::optional<std::vector<std::string>>& v) {
    name(key);
    if (v)
      names(*v);
    else
      null();
  }
  template <class W, class R>
  void put(const char* key, kind::Object<W>, const R& v) {
    name(key);
    write_text<W>(out_, v);
  }
  template <class W, class R>
  void put(const char* key, kind::Object<W>, const std::optional<R>& v) {
    name(key);
    if (v)
      write_text<W>(out_, *v);
    else
      null();
  }
  template <class W, class R>
  void put(const char* key, kind::Objects<W>, const std::vector<R>& v) {
    name(key);
    objects<W>(v);
  }
  template <class W, class R>
  void put(const char* key, kind::Objects<W>, const std::optional<std::vector<R>>& v) {
    name(key);
    if (v)
      objects<W>(*v);
    else
      null();
  }

 private:
  // Keys are the field names of domain/fields.hpp: plain ASCII, nothing to escape, short.
  void name(std::string_view key) {
    char buf[64];
    std::size_t n = 0;
    if (!first_) buf[n++] = ',';
    first_ = false;
    buf[n++] = '"';
    key = key.substr(0, sizeof buf - 4);
    std::memcpy(buf + n, key.data(), key.size());
    n += key.size();
    buf[n++] = '"';
    buf[n++] = ':';
    out_.append(buf, n);
  }
  void null() { out_.append("null", 4); }
  void id(const domain::Uuid& v) {
    out_ += '"';
    v.append_to(out_);
    out_ += '"';
  }
  void time(domain::Timestamp t) {
    out_ += '"';
    domain::append_timestamp(out_, t);
    out_ += '"';
  }
  void boolean(bool v) {
    if (v)
      out_.append("true", 4);
    else
      out_.append("false", 5);
  }
  void integer(std::int64_t v) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out_.append(buf, static_cast<std::size_t>(end - buf));
  }
  void names(const std::vector<std::string>& v) {
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out_ += ',';
      append_string(out_, v[i]);
    }
    out_ += ']';
  }
  template <class W, class R>
  void objects(const std::vector<R>& v) {
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out_ += ',';
      write_text<W>(out_, v[i]);
    }
    out_ += ']';
  }

  std::string& out_;
  bool first_ = true;
};

class TreeOut {
 public:
  explicit TreeOut(bool document) : document_(document) {}
  bool document() const { return document_; }
  Json take() { return std::move(j_); }

  void put(const char* key, kind::Text, const std::string& v) { j_[key] = v; }
  void put(const char* key, kind::Text, const domain::OptText& v) { j_[key] = or_null(v); }
  void put(const char* key, kind::Id, const domain::Uuid& v) { j_[key] = v.str(); }
  void put(const char* key, kind::Id, const std::optional<domain::Uuid>& v) {
    j_[key] = v ? Json(v->str()) : Json(nullptr);
  }
  void put(const char* key, kind::Time, domain::Timestamp v) {
    j_[key] = domain::format_timestamp(v);
  }
  void put(const char* key, kind::Time, const std::optional<domain::Timestamp>& v) {
    j_[key] = v ? Json(domain::format_timestamp(*v)) : Json(nullptr);
  }
  void put(const char* key, kind::Bool, bool v) { j_[key] = v; }
  void put(const char* key, kind::Bool, const std::optional<bool>& v) { j_[key] = or_null(v); }
  void put(const char* key, kind::Int, std::int64_t v) { j_[key] = v; }
  void put(const char* key, kind::Int, const domain::OptInt& v) { j_[key] = or_null(v); }
  template <class E>
  void put(const char* key, kind::Enum, E v) {
    j_[key] = std::string(to_string(v));
  }
  template <class E>
  void put(const char* key, kind::Enum, const std::optional<E>& v) {
    j_[key] = v ? Json(std::string(to_string(*v))) : Json(nullptr);
  }
  void put(const char* key, kind::Ids, const std::vector<domain::Uuid>& v) {
    Json a = Json::array();
    for (const auto& id : v) a.push_back(id.str());
    j_[key] = std::move(a);
  }
  void put(const char* key, kind::Names, const std::vector<std::string>& v) { j_[key] = Json(v); }
  void put(const char* key, kind::Names, const std::optional<std::vector<std::string>>& v) {
    j_[key] = v ? Json(*v) : Json(nullptr);
  }
  template <class W, class R>
  void put(const char* key, kind::Object<W>, const R& v) {
    j_[key] = write_tree<W>(v, document_);
  }
  template <class W, class R>
  void put(const char* key, kind::Object<W>, const std::optional<R>& v) {
    j_[key] = v ? write_tree<W>(*v, document_) : Json(nullptr);
  }
  template <class W, class R>
  void put(const char* key, kind::Objects<W>, const std::vector<R>& v) {
    j_[key] = objects<W>(v);
  }
  template <class W, class R>
  void put(const char* key, kind::Objects<W>, const std::optional<std::vector<R>>& v) {
    j_[key] = v ? objects<W>(*v) : Json(nullptr);
  }

 private:
  template <class T>
  static Json or_null(const std::optional<T>& v) {
    return v ? Json(*v) : Json(nullptr);
  }
  template <class W, class R>
  Json objects(const std::vector<R>& v) const {
    Json a = Json::array();
    for (const auto& item : v) a.push_back(write_tree<W>(item, document_));
    return a;
  }

  bool document_;
  Json j_ = Json::object();
};

template <class W, class R>
void write_text(std::string& out, const R& r) {
  TextOut o(out);
  put_fields<W>(o, r);
}

template <class W, class R>
Json write_tree(const R& r, bool document) {
  TreeOut o(document);
  put_fields<W>(o, r);
  return o.take();
}

// Room for a record of typical size, so that writing one does not reallocate.
inline constexpr std::size_t kRecordSize = 384;

// `r` as the text of one JSON object of list W.
template <class W, class R>
std::string text_of(const R& r) {
  std::string out;
  out.reserve(kRecordSize);
  write_text<W>(out, r);
  return out;
}

// `records` as the text of a JSON array of objects of list W.
template <class W, class R>
std::string text_array(const std::vector<R>& records) {
  std::string out;
  out.reserve(2 + records.size() * kRecordSize);
  out += '[';
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out += ',';
    write_text<W>(out, records[i]);
  }
  out += ']';
  return out;
}

}  // namespace scale::wire
