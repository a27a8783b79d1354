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

// Where TextOut writes: the end of a string, through a cursor, so that most of what is written
// is plain stores rather than calls of std::string's append. The string is grown ahead of the
// writing (up to its reserved capacity first: reserve what the text will take) and cut back to
// what was written when the sink ends; meanwhile it holds filler past the cursor. One sink per
// string at a time (the TextOuts of nested objects share their parent's).
class TextSink {
 public:
  explicit TextSink(std::string& out) : out_(out), at_(out.size()) {}
  ~TextSink() { out_.resize(at_); }
  TextSink(const TextSink&) = delete;
  TextSink& operator=(const TextSink&) = delete;

  // Where the next `n` chars go; done() then says where they end.
  char* room(std::size_t n) {
    if (out_.size() - at_ < n) grow(n);
    return out_.data() + at_;
  }
  void done(const char* end) { at_ = static_cast<std::size_t>(end - out_.data()); }
  void add(char c) {
    *room(1) = c;
    ++at_;
  }
  void add(std::string_view s) {
    std::memcpy(room(s.size()), s.data(), s.size());
    at_ += s.size();
  }
  // `s` as a JSON string (see append_string).
  void add_string(std::string_view s);

 private:
  void grow(std::size_t n);
  void add_dumped(std::string_view s);

  std::string& out_;
  std::size_t at_;
};

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

// What TextOut's put and name are: inlined into the field lists, where each key is a constant,
// so that writing it is a few stores rather than a call of memcpy.
#define SCALE_WIRE_INLINE [[gnu::always_inline]] inline

class TextOut;
class TreeOut;

// `r` as the JSON object of list W, written to `out`.
template <class W, class R>
void write_text(TextSink& out, const R& r);
// `r` as a Json object of list W; `document`: with the fields that only state documents have.
template <class W, class R>
Json write_tree(const R& r, bool document);

class TextOut {
 public:
  // Writes "{" now and "}" when destroyed; the fields go between.
  explicit TextOut(TextSink& out) : out_(out) { out_.add('{'); }
  ~TextOut() { out_.add('}'); }
  TextOut(const TextOut&) = delete;
  TextOut& operator=(const TextOut&) = delete;

  static constexpr bool document() { return false; }

  // The key is taken as a string_view where the field list names it, so that its length is
  // known there (the names are constants).
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Text, const std::string& v) {
    out_.done(name(key, 0));
    out_.add_string(v);
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Text, const domain::OptText& v) {
    if (v) {
      out_.done(name(key, 0));
      out_.add_string(*v);
    } else {
      out_.done(null(name(key, 4)));
    }
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Id, const domain::Uuid& v) {
    out_.done(id(name(key, kIdRoom), v));
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Id, const std::optional<domain::Uuid>& v) {
    char* p = name(key, kIdRoom);
    out_.done(v ? id(p, *v) : null(p));
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Time, domain::Timestamp v) {
    out_.done(time(name(key, kTimeRoom), v));
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Time,
                             const std::optional<domain::Timestamp>& v) {
    char* p = name(key, kTimeRoom);
    out_.done(v ? time(p, *v) : null(p));
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Bool, bool v) {
    out_.done(boolean(name(key, 5), v));
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Bool, const std::optional<bool>& v) {
    char* p = name(key, 5);
    out_.done(v ? boolean(p, *v) : null(p));
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Int, std::int64_t v) {
    out_.done(integer(name(key, kIntRoom), v));
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Int, const domain::OptInt& v) {
    char* p = name(key, kIntRoom);
    out_.done(v ? integer(p, *v) : null(p));
  }
  template <class E>
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Enum, E v) {
    out_.done(name(key, 0));
    out_.add_string(to_string(v));
  }
  template <class E>
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Enum, const std::optional<E>& v) {
    if (v) {
      out_.done(name(key, 0));
      out_.add_string(to_string(*v));
    } else {
      out_.done(null(name(key, 4)));
    }
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Ids, const std::vector<domain::Uuid>& v) {
    out_.done(name(key, 0));
    out_.add('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
      char* p = out_.room(kIdRoom + 1);
      if (i > 0) *p++ = ',';
      out_.done(id(p, v[i]));
    }
    out_.add(']');
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Names, const std::vector<std::string>& v) {
    out_.done(name(key, 0));
    names(v);
  }
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Names,
                             const std::optional<std::vector<std::string>>& v) {
    if (v) {
      out_.done(name(key, 0));
      names(*v);
    } else {
      out_.done(null(name(key, 4)));
    }
  }
  template <class W, class R>
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Object<W>, const R& v) {
    out_.done(name(key, 0));
    write_text<W>(out_, v);
  }
  template <class W, class R>
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Object<W>, const std::optional<R>& v) {
    if (v) {
      out_.done(name(key, 0));
      write_text<W>(out_, *v);
    } else {
      out_.done(null(name(key, 4)));
    }
  }
  template <class W, class R>
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Objects<W>, const std::vector<R>& v) {
    out_.done(name(key, 0));
    objects<W>(v);
  }
  template <class W, class R>
  SCALE_WIRE_INLINE void put(std::string_view key, kind::Objects<W>,
                             const std::optional<std::vector<R>>& v) {
    if (v) {
      out_.done(name(key, 0));
      objects<W>(*v);
    } else {
      out_.done(null(name(key, 4)));
    }
  }

 private:
  // Room for a value of each fixed-width kind, quotes included.
  static constexpr std::size_t kIdRoom = domain::Uuid::kTextSize + 2;
  static constexpr std::size_t kTimeRoom = domain::kTimestampRoom + 2;
  static constexpr std::size_t kIntRoom = 20;

  // Writes `"key":` (after a comma but for the first field) with room after it for
  // `value_room` more chars; gives where the value goes. Keys are the field names of
  // domain/fields.hpp: plain ASCII, nothing to escape.
  SCALE_WIRE_INLINE char* name(std::string_view key, std::size_t value_room) {
    char* p = out_.room(key.size() + 4 + value_room);
    if (!first_) *p++ = ',';
    first_ = false;
    *p++ = '"';
    std::memcpy(p, key.data(), key.size());
    p += key.size();
    *p++ = '"';
    *p++ = ':';
    return p;
  }
  static char* null(char* p) {
    std::memcpy(p, "null", 4);
    return p + 4;
  }
  static char* id(char* p, const domain::Uuid& v) {
    *p++ = '"';
    p = v.write_to(p);
    *p++ = '"';
    return p;
  }
  static char* time(char* p, domain::Timestamp t) {
    *p++ = '"';
    p = domain::write_timestamp(p, t);
    *p++ = '"';
    return p;
  }
  static char* boolean(char* p, bool v) {
    if (v) {
      std::memcpy(p, "true", 4);
      return p + 4;
    }
    std::memcpy(p, "false", 5);
    return p + 5;
  }
  static char* integer(char* p, std::int64_t v) { return std::to_chars(p, p + kIntRoom, v).ptr; }
  void names(const std::vector<std::string>& v) {
    out_.add('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out_.add(',');
      out_.add_string(v[i]);
    }
    out_.add(']');
  }
  template <class W, class R>
  void objects(const std::vector<R>& v) {
    out_.add('[');
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out_.add(',');
      write_text<W>(out_, v[i]);
    }
    out_.add(']');
  }

  TextSink& out_;
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
void write_text(TextSink& out, const R& r) {
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
  {
    TextSink sink(out);
    write_text<W>(sink, r);
  }
  return out;
}

// `records` as the text of a JSON array of objects of list W.
template <class W, class R>
std::string text_array(const std::vector<R>& records) {
  std::string out;
  out.reserve(2 + records.size() * kRecordSize);
  {
    TextSink sink(out);
    sink.add('[');
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (i > 0) sink.add(',');
      write_text<W>(sink, records[i]);
    }
    sink.add(']');
  }
  return out;
}

}  // namespace scale::wire
