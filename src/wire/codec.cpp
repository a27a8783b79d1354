#include "wire/codec.hpp"

#include <cstring>

#include "domain/fields.hpp"
#include "domain/messages.hpp"

namespace scale::wire {

using namespace domain;
namespace f = domain::field;

namespace {

// Reads JSON of one object, naming fields either plainly ("email", for request bodies) or as
// JSON pointers ("/licensees/2/email", for state documents).
class Reader {
 public:
  Reader(const Json& obj, std::string pointer) : obj_(obj), pointer_(std::move(pointer)) {}

  std::string name(const char* key) const { return pointer_.empty() ? key : pointer_ + "/" + key; }

  const Json* get(const char* key) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  Result<OptText> text(const char* key) const {
    const Json* v = get(key);
    if (!v) return OptText{};
    if (!v->is_string()) return Error::Invalid(name(key), "must be a string");
    const auto& s = v->get_ref<const std::string&>();
    if (s.empty()) return OptText{};
    return OptText{s};
  }

  Result<std::optional<bool>> boolean(const char* key) const {
    const Json* v = get(key);
    if (!v) return std::optional<bool>{};
    if (!v->is_boolean()) return Error::Invalid(name(key), "must be true or false");
    return std::optional<bool>{v->get<bool>()};
  }

  Result<std::optional<Uuid>> uuid(const char* key) const {
    auto t = text(key);
    if (!t) return t.error();
    if (!*t) return std::optional<Uuid>{};
    auto id = Uuid::parse(**t);
    if (!id) return Error::Invalid(name(key), msg::not_a_uuid(**t));
    return std::optional<Uuid>{*id};
  }

  Result<std::optional<Timestamp>> timestamp(const char* key) const {
    auto t = text(key);
    if (!t) return t.error();
    if (!*t) return std::optional<Timestamp>{};
    auto ts = parse_timestamp(**t);
    if (!ts) return Error::Invalid(name(key), msg::quoted(**t) + " is not an RFC 3339 date-time");
    return std::optional<Timestamp>{*ts};
  }

  template <class Enum>
  Result<std::optional<Enum>> enumeration(const char* key,
                                          std::optional<Enum> (*parse)(std::string_view),
                                          const char* allowed) const {
    auto t = text(key);
    if (!t) return t.error();
    if (!*t) return std::optional<Enum>{};
    auto v = parse(**t);
    if (!v) return Error::Invalid(name(key), msg::quoted(**t) + " is not one of " + allowed);
    return std::optional<Enum>{*v};
  }

 private:
  const Json& obj_;
  std::string pointer_;
};

constexpr const char* kLicenseeTypes = "PERSON, ORGANIZATION";
constexpr const char* kConsumerTypes = "PERSON, DEVICE, LICENSE_KEY";

// Assigns each optional text field in turn, stopping at the first error.
#define READ_TEXT(reader, target, key) \
  do {                                 \
    auto r_ = (reader).text(key);      \
    if (!r_) return r_.error();        \
    (target) = std::move(r_).value();  \
  } while (0)

#define READ_INTO(expr, target)       \
  do {                                \
    auto r_ = (expr);                 \
    if (!r_) return r_.error();       \
    (target) = std::move(r_).value(); \
  } while (0)

Result<LicenseeFields> licensee_fields(const Reader& r) {
  LicenseeFields out;
  READ_TEXT(r, out.name, f::kName);
  READ_TEXT(r, out.display_name, f::kDisplayName);
  READ_TEXT(r, out.natural_id, f::kNaturalId);
  READ_TEXT(r, out.email, f::kEmail);
  READ_TEXT(r, out.description, f::kDescription);
  READ_TEXT(r, out.external_reference, f::kExternalReference);
  return out;
}

Result<ConsumerFields> consumer_fields(const Reader& r) {
  ConsumerFields out;
  READ_TEXT(r, out.name, f::kName);
  READ_TEXT(r, out.display_name, f::kDisplayName);
  READ_TEXT(r, out.display_label, f::kDisplayLabel);
  READ_TEXT(r, out.email, f::kEmail);
  READ_TEXT(r, out.connected_identity_id, f::kConnectedIdentityId);
  READ_TEXT(r, out.contact_info, f::kContactInfo);
  READ_TEXT(r, out.description, f::kDescription);
  READ_TEXT(r, out.external_reference, f::kExternalReference);
  READ_TEXT(r, out.natural_id, f::kNaturalId);
  return out;
}

Json text_or_null(const OptText& v) {
  return v ? Json(*v) : Json(nullptr);
}

Result<std::vector<Uuid>> uuid_list(const Json& obj, const char* key, const std::string& pointer) {
  std::vector<Uuid> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  const std::string ptr = pointer + "/" + key;
  if (!it->is_array()) return Error::Invalid(ptr, "must be an array of ids");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& v = (*it)[i];
    const std::string item = ptr + "/" + std::to_string(i);
    if (!v.is_string()) return Error::Invalid(item, "must be a string id");
    auto id = Uuid::parse(v.get_ref<const std::string&>());
    if (!id) return Error::Invalid(item, msg::not_a_uuid(v.get_ref<const std::string&>()));
    out.push_back(*id);
  }
  return out;
}

Result<const Json*> array_of_objects(const Json& obj, const char* key, const std::string& pointer) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return static_cast<const Json*>(nullptr);
  if (!it->is_array()) return Error::Invalid(pointer + "/" + key, "must be an array");
  for (std::size_t i = 0; i < it->size(); ++i)
    if (!(*it)[i].is_object())
      return Error::Invalid(pointer + "/" + key + "/" + std::to_string(i), "must be an object");
  return &*it;
}

}  // namespace

namespace {

// The bodies the API gets are nearly always one flat object of plain strings, and building
// them through Json::parse costs more than the rest of a request. This reads exactly that
// shape: one object whose keys are strings and whose values are strings, null, true or false,
// every string plain printable ASCII without escapes. It builds the very Json that
// Json::parse would (a repeated key keeps its first place and its last value, as operator[]
// does). Anything else (a number, nesting, an escape, a byte of 0x80 or more, any syntax
// error) gives nullopt, and Json::parse decides.
std::optional<Json> parse_flat_object(std::string_view s) {
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  };
  auto plain_string = [&](std::string_view& out) {
    if (i >= s.size() || s[i] != '"') return false;
    const std::size_t start = ++i;
    for (; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == '"') {
        out = s.substr(start, i - start);
        ++i;
        return true;
      }
      if (c < 0x20 || c == '\\' || c >= 0x80) return false;
    }
    return false;
  };
  skip_space();
  if (i >= s.size() || s[i] != '{') return std::nullopt;
  ++i;
  skip_space();
  Json j = Json::object();
  j.get_ref<Json::object_t&>().reserve(8);  // a request body's few fields, without regrowing
  if (i < s.size() && s[i] == '}') {
    ++i;
  } else {
    while (true) {
      std::string_view key;
      if (!plain_string(key)) return std::nullopt;
      skip_space();
      if (i >= s.size() || s[i] != ':') return std::nullopt;
      ++i;
      skip_space();
      if (i >= s.size()) return std::nullopt;
      Json& slot = j[std::string(key)];
      std::string_view text;
      if (s[i] == '"') {
        if (!plain_string(text)) return std::nullopt;
        slot = std::string(text);
      } else if (s.compare(i, 4, "null") == 0) {
        slot = nullptr;
        i += 4;
      } else if (s.compare(i, 4, "true") == 0) {
        slot = true;
        i += 4;
      } else if (s.compare(i, 5, "false") == 0) {
        slot = false;
        i += 5;
      } else {
        return std::nullopt;
      }
      skip_space();
      if (i < s.size() && s[i] == ',') {
        ++i;
        skip_space();
        continue;
      }
      if (i < s.size() && s[i] == '}') {
        ++i;
        break;
      }
      return std::nullopt;
    }
  }
  skip_space();
  if (i != s.size()) return std::nullopt;
  return j;
}

}  // namespace

Json parse_json(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return Json(Json::value_t::discarded);
  return Json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/false);
}

Result<Json> parse_object(const std::string& body) {
  // The flat reader refuses a NUL byte itself (a control character, or bytes after the end).
  if (auto flat = parse_flat_object(body)) return std::move(*flat);
  Json j = parse_json(body);
  if (j.is_discarded()) return Error::Invalid("", "the request body is not valid JSON");
  if (!j.is_object()) return Error::Invalid("", "the request body must be a JSON object");
  return j;
}

Result<LicenseeSetup> decode_licensee_setup(const Json& j) {
  Reader r(j, "");
  LicenseeSetup out;
  READ_INTO(r.enumeration(f::kType, parse_licensee_type, kLicenseeTypes), out.type);
  READ_INTO(licensee_fields(r), out.fields);
  READ_TEXT(r, out.connected_identity_id, f::kConnectedIdentityId);
  return out;
}

Result<LicenseeUpdate> decode_licensee_update(const Json& j) {
  Reader r(j, "");
  LicenseeUpdate out;
  READ_INTO(r.uuid(f::kId), out.id);
  READ_INTO(r.enumeration(f::kType, parse_licensee_type, kLicenseeTypes), out.type);
  READ_INTO(licensee_fields(r), out.fields);
  READ_INTO(r.timestamp(f::kCreated), out.created);
  READ_INTO(r.timestamp(f::kModified), out.modified);
  return out;
}

Result<ContainerCreate> decode_container_create(const Json& j) {
  Reader r(j, "");
  ContainerCreate out;
  READ_TEXT(r, out.name, f::kName);
  std::optional<bool> def;
  READ_INTO(r.boolean(f::kUsedAsDefault), def);
  out.used_as_default = def.value_or(false);
  return out;
}

Result<ContainerUpdate> decode_container_update(const Json& j) {
  Reader r(j, "");
  ContainerUpdate out;
  READ_INTO(r.uuid(f::kId), out.id);
  READ_TEXT(r, out.name, f::kName);
  READ_INTO(r.boolean(f::kUsedAsDefault), out.used_as_default);
  READ_INTO(r.timestamp(f::kCreated), out.created);
  READ_INTO(r.timestamp(f::kModified), out.modified);
  return out;
}

Result<ConsumerCreate> decode_consumer_create(const Json& j) {
  Reader r(j, "");
  ConsumerCreate out;
  READ_INTO(r.enumeration(f::kType, parse_consumer_type, kConsumerTypes), out.type);
  READ_INTO(consumer_fields(r), out.fields);
  return out;
}

Result<ConsumerUpdate> decode_consumer_update(const Json& j) {
  Reader r(j, "");
  ConsumerUpdate out;
  READ_INTO(r.uuid(f::kId), out.id);
  READ_INTO(r.enumeration(f::kType, parse_consumer_type, kConsumerTypes), out.type);
  READ_INTO(consumer_fields(r), out.fields);
  READ_INTO(r.timestamp(f::kCreated), out.created);
  READ_INTO(r.timestamp(f::kModified), out.modified);
  return out;
}

namespace {

// The fields of each record, in the contract's order, written by either of two writers:
// TreeOut builds a Json object (for state documents), TextOut writes the text that
// TreeOut's dump() would give, without building the tree (for API responses, where building
// and dumping a Json object cost more than the rest of a request).
template <class Out>
void put(Out& o, const Licensee& l) {
  o.id(f::kId, l.id);
  o.text(f::kType, to_string(l.type));
  o.text(f::kName, l.name);
  o.opt(f::kDisplayName, l.display_name);
  o.text(f::kNaturalId, l.natural_id);
  o.opt(f::kEmail, l.email);
  o.opt(f::kDescription, l.description);
  o.opt(f::kExternalReference, l.external_reference);
  o.time(f::kCreated, l.created);
  o.time(f::kModified, l.modified);
}

template <class Out>
void put(Out& o, const LicenseContainer& c) {
  o.id(f::kId, c.id);
  o.opt(f::kName, c.name);
  o.boolean(f::kUsedAsDefault, c.used_as_default);
  o.time(f::kCreated, c.created);
  o.time(f::kModified, c.modified);
}

template <class Out>
void put(Out& o, const LicenseConsumer& c) {
  o.id(f::kId, c.id);
  o.text(f::kType, to_string(c.type));
  o.text(f::kName, c.name);
  o.opt(f::kDisplayName, c.display_name);
  o.opt(f::kDisplayLabel, c.display_label);
  o.opt(f::kEmail, c.email);
  o.opt(f::kConnectedIdentityId, c.connected_identity_id);
  o.opt(f::kContactInfo, c.contact_info);
  o.opt(f::kDescription, c.description);
  o.opt(f::kExternalReference, c.external_reference);
  o.text(f::kNaturalId, c.natural_id);
  o.time(f::kCreated, c.created);
  o.time(f::kModified, c.modified);
}

class TreeOut {
 public:
  void id(const char* key, const Uuid& v) { j_[key] = v.str(); }
  void text(const char* key, std::string_view v) { j_[key] = std::string(v); }
  void opt(const char* key, const OptText& v) { j_[key] = text_or_null(v); }
  void boolean(const char* key, bool v) { j_[key] = v; }
  void time(const char* key, Timestamp t) { j_[key] = format_timestamp(t); }
  Json take() { return std::move(j_); }

 private:
  Json j_ = Json::object();
};

// A JSON string as Json::dump() writes it (ensure_ascii off, invalid UTF-8 replaced). Plain
// ASCII is copied; anything to escape or check goes through the library's own serializer.
void append_string(std::string& out, std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
      out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
  }
  const std::size_t at = out.size();
  out.resize(at + s.size() + 2);
  char* p = out.data() + at;
  *p++ = '"';
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '"';
}

class TextOut {
 public:
  explicit TextOut(std::string& out) : out_(out) { out_ += '{'; }
  ~TextOut() { out_ += '}'; }
  TextOut(const TextOut&) = delete;
  TextOut& operator=(const TextOut&) = delete;

  void id(const char* key, const Uuid& v) {
    name(key);
    out_ += '"';
    v.append_to(out_);
    out_ += '"';
  }
  void text(const char* key, std::string_view v) {
    name(key);
    append_string(out_, v);
  }
  void opt(const char* key, const OptText& v) {
    name(key);
    if (v)
      append_string(out_, *v);
    else
      out_.append("null", 4);
  }
  void boolean(const char* key, bool v) {
    name(key);
    if (v)
      out_.append("true", 4);
    else
      out_.append("false", 5);
  }
  void time(const char* key, Timestamp t) {
    name(key);
    out_ += '"';
    append_timestamp(out_, t);
    out_ += '"';
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
  std::string& out_;
  bool first_ = true;
};

// Room for a record of typical size, so that writing one does not reallocate.
constexpr std::size_t kRecordSize = 384;

template <class T>
Json tree(const T& record) {
  TreeOut o;
  put(o, record);
  return o.take();
}

template <class T>
void text(std::string& out, const T& record) {
  TextOut o(out);
  put(o, record);
}

template <class T>
std::string text_array(const std::vector<T>& records) {
  std::string out;
  out.reserve(2 + records.size() * kRecordSize);
  out += '[';
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) out += ',';
    text(out, records[i]);
  }
  out += ']';
  return out;
}

}  // namespace

Json encode(const Licensee& l) {
  return tree(l);
}

Json encode(const LicenseContainer& c) {
  return tree(c);
}

Json encode(const LicenseConsumer& c) {
  return tree(c);
}

std::string to_json(const Licensee& l) {
  std::string out;
  out.reserve(kRecordSize);
  text(out, l);
  return out;
}

std::string to_json(const LicenseContainer& c) {
  std::string out;
  out.reserve(kRecordSize);
  text(out, c);
  return out;
}

std::string to_json(const LicenseConsumer& c) {
  std::string out;
  out.reserve(kRecordSize);
  text(out, c);
  return out;
}

std::string to_json(const std::vector<Licensee>& list) {
  return text_array(list);
}

std::string to_json(const std::vector<LicenseContainer>& list) {
  return text_array(list);
}

std::string to_json(const std::vector<LicenseConsumer>& list) {
  return text_array(list);
}

Result<StateDocument> decode_state(const Json& j) {
  if (!j.is_object()) return Error::Invalid("", "the state document must be a JSON object");
  StateDocument doc;
  const Json* licensees = nullptr;
  READ_INTO(array_of_objects(j, f::kLicensees, ""), licensees);
  const Json* consumers = nullptr;
  READ_INTO(array_of_objects(j, f::kLicenseConsumers, ""), consumers);

  for (std::size_t i = 0; consumers && i < consumers->size(); ++i) {
    const std::string ptr = std::string("/") + f::kLicenseConsumers + "/" + std::to_string(i);
    const Json& o = (*consumers)[i];
    Reader r(o, ptr);
    ConsumerRecord rec;
    READ_INTO(r.uuid(f::kId), rec.id);
    READ_INTO(r.enumeration(f::kType, parse_consumer_type, kConsumerTypes), rec.type);
    READ_INTO(consumer_fields(r), rec.fields);
    READ_INTO(r.timestamp(f::kCreated), rec.created);
    READ_INTO(r.timestamp(f::kModified), rec.modified);
    doc.consumers.push_back(std::move(rec));
  }

  for (std::size_t i = 0; licensees && i < licensees->size(); ++i) {
    const std::string ptr = std::string("/") + f::kLicensees + "/" + std::to_string(i);
    const Json& o = (*licensees)[i];
    Reader r(o, ptr);
    LicenseeRecord rec;
    READ_INTO(r.uuid(f::kId), rec.id);
    READ_INTO(r.enumeration(f::kType, parse_licensee_type, kLicenseeTypes), rec.type);
    READ_INTO(licensee_fields(r), rec.fields);
    READ_INTO(r.timestamp(f::kCreated), rec.created);
    READ_INTO(r.timestamp(f::kModified), rec.modified);
    READ_INTO(uuid_list(o, f::kLicenseConsumerIds, ptr), rec.consumer_ids);
    const Json* boxes = nullptr;
    READ_INTO(array_of_objects(o, f::kLicenseContainers, ptr), boxes);
    for (std::size_t k = 0; boxes && k < boxes->size(); ++k) {
      const std::string cptr = ptr + "/" + f::kLicenseContainers + "/" + std::to_string(k);
      const Json& co = (*boxes)[k];
      Reader cr(co, cptr);
      ContainerRecord box;
      READ_INTO(cr.uuid(f::kId), box.id);
      READ_TEXT(cr, box.name, f::kName);
      std::optional<bool> def;
      READ_INTO(cr.boolean(f::kUsedAsDefault), def);
      box.used_as_default = def.value_or(false);
      READ_INTO(cr.timestamp(f::kCreated), box.created);
      READ_INTO(cr.timestamp(f::kModified), box.modified);
      READ_INTO(uuid_list(co, f::kLicenseConsumerIds, cptr), box.consumer_ids);
      rec.containers.push_back(std::move(box));
    }
    doc.licensees.push_back(std::move(rec));
  }
  return doc;
}

namespace {

// Reads a state document straight from its JSON text, for documents of the usual shape: the
// text is parsed once, with no Json tree built and torn down (for a fixture of a million
// licensees that tree is most of the load time and, while it lives, most of the memory).
//
// It gives exactly what decode_state(Json::parse(text)) gives, or nothing: whatever it does
// not handle itself (a number, an escape other than the two-character ones, a key with an
// escape, a byte order mark, nesting past 64 levels, any syntax error, any value that
// decode_state would refuse) makes read() return nullopt, and the caller takes the general
// path, which decides and words the error. Strings are checked as UTF-8 with the ranges of
// RFC 3629, as Json::parse checks them. A repeated key counts with its last value, as in the
// tree.
class StateText {
 public:
  explicit StateText(std::string_view s) : s_(s) {}

  std::optional<StateDocument> read() {
    StateDocument doc;
    const bool ok = object([&](std::string_view key) {
      if (key == f::kLicensees) {
        doc.licensees.clear();
        doc.licensees.reserve(likely_records());
        return list([&] {
          doc.licensees.emplace_back();
          return licensee(doc.licensees.back());
        });
      }
      if (key == f::kLicenseConsumers) {
        doc.consumers.clear();
        doc.consumers.reserve(likely_records());
        return list([&] {
          doc.consumers.emplace_back();
          return consumer(doc.consumers.back());
        });
      }
      return skip(0);
    });
    space();
    if (!ok || i_ != s_.size()) return std::nullopt;
    return doc;
  }

 private:
  // Room for the records the rest of the text may hold, so that a large list is not copied
  // as it grows. Few records take under 128 bytes of JSON; a reservation is address space,
  // not memory, until it is used.
  std::size_t likely_records() const { return (s_.size() - i_) / 128; }

  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }

  bool next_is(char c) {
    space();
    return i_ < s_.size() && s_[i_] == c;
  }

  bool literal(std::string_view word) {
    if (s_.compare(i_, word.size(), word) != 0) return false;
    i_ += word.size();
    return true;
  }

  bool null() {
    space();
    return literal("null");
  }

  // { "key": value, ... }: `member(key)` reads each value.
  template <class Member>
  bool object(Member&& member) {
    if (!next_is('{')) return false;
    ++i_;
    if (next_is('}')) {
      ++i_;
      return true;
    }
    while (true) {
      std::string_view key;
      if (!next_is('"') || !plain_key(key) || !next_is(':')) return false;
      ++i_;
      if (!member(key)) return false;
      if (next_is(',')) {
        ++i_;
        continue;
      }
      if (!next_is('}')) return false;
      ++i_;
      return true;
    }
  }

  // An array or null (no items); `item()` reads each item.
  template <class Item>
  bool list(Item&& item) {
    if (null()) return true;
    if (!next_is('[')) return false;
    ++i_;
    if (next_is(']')) {
      ++i_;
      return true;
    }
    while (true) {
      if (!item()) return false;
      if (next_is(',')) {
        ++i_;
        continue;
      }
      if (!next_is(']')) return false;
      ++i_;
      return true;
    }
  }

  // A key without escapes (the field names are plain).
  bool plain_key(std::string_view& out) {
    const std::size_t start = ++i_;
    for (; i_ < s_.size(); ++i_) {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        out = s_.substr(start, i_ - start);
        ++i_;
        return true;
      }
      if (c < 0x20 || c == '\\' || c >= 0x80) return false;
    }
    return false;
  }

  // The continuation bytes of a UTF-8 sequence whose lead byte is at i_ (RFC 3629).
  bool utf8_sequence() {
    const auto b = [&](std::size_t k) {
      return i_ + k < s_.size() ? static_cast<unsigned char>(s_[i_ + k]) : 0;
    };
    const auto in = [](unsigned char c, unsigned char lo, unsigned char hi) {
      return c >= lo && c <= hi;
    };
    const unsigned char c = b(0);
    std::size_t n = 0;
    if (in(c, 0xC2, 0xDF)) {
      n = in(b(1), 0x80, 0xBF) ? 2 : 0;
    } else if (c == 0xE0) {
      n = in(b(1), 0xA0, 0xBF) && in(b(2), 0x80, 0xBF) ? 3 : 0;
    } else if (in(c, 0xE1, 0xEC) || c == 0xEE || c == 0xEF) {
      n = in(b(1), 0x80, 0xBF) && in(b(2), 0x80, 0xBF) ? 3 : 0;
    } else if (c == 0xED) {
      n = in(b(1), 0x80, 0x9F) && in(b(2), 0x80, 0xBF) ? 3 : 0;
    } else if (c == 0xF0) {
      n = in(b(1), 0x90, 0xBF) && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) ? 4 : 0;
    } else if (in(c, 0xF1, 0xF3)) {
      n = in(b(1), 0x80, 0xBF) && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) ? 4 : 0;
    } else if (c == 0xF4) {
      n = in(b(1), 0x80, 0x8F) && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) ? 4 : 0;
    }
    i_ += n;
    return n > 0;
  }

  // A string value into `out` (decoded); false for what this reader leaves to Json::parse.
  bool string(std::string& out) {
    if (!next_is('"')) return false;
    std::size_t run = ++i_;
    out.clear();
    while (i_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        out.append(s_.data() + run, i_ - run);
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c < 0x80 && c != '\\') {
        ++i_;
        continue;
      }
      if (c >= 0x80) {
        if (!utf8_sequence()) return false;
        continue;
      }
      // An escape: the two-character ones here, \u to the general path.
      out.append(s_.data() + run, i_ - run);
      if (i_ + 1 >= s_.size()) return false;
      switch (s_[i_ + 1]) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:
          return false;
      }
      i_ += 2;
      run = i_;
    }
    return false;
  }

  // Skips any value but a number (numbers go to the general path).
  bool skip(int depth) {
    if (depth > 64) return false;
    space();
    if (i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '"':
        return string(scratch_);
      case '{':
        return object([&](std::string_view) { return skip(depth + 1); });
      case '[':
        return list([&] { return skip(depth + 1); });
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return false;
    }
  }

  // As Reader::text: null and "" are absent.
  bool text(OptText& out) {
    if (null()) {
      out.reset();
      return true;
    }
    std::string v;
    if (!string(v)) return false;
    if (v.empty())
      out.reset();
    else
      out = std::move(v);
    return true;
  }

  bool uuid(std::optional<Uuid>& out) {
    OptText t;
    if (!text(t)) return false;
    if (!t) {
      out.reset();
      return true;
    }
    out = Uuid::parse(*t);
    return out.has_value();
  }

  bool timestamp(std::optional<Timestamp>& out) {
    OptText t;
    if (!text(t)) return false;
    if (!t) {
      out.reset();
      return true;
    }
    out = parse_timestamp(*t);
    return out.has_value();
  }

  template <class Enum>
  bool enumeration(std::optional<Enum>& out, std::optional<Enum> (*parse)(std::string_view)) {
    OptText t;
    if (!text(t)) return false;
    if (!t) {
      out.reset();
      return true;
    }
    out = parse(*t);
    return out.has_value();
  }

  bool boolean(bool& out) {
    space();
    if (literal("null") || literal("false")) {
      out = false;
      return true;
    }
    if (literal("true")) {
      out = true;
      return true;
    }
    return false;
  }

  bool ids(std::vector<Uuid>& out) {
    out.clear();
    return list([&] {
      std::optional<Uuid> id;
      // An item must be a string id: "" and null are not ids.
      if (null()) return false;
      if (!string(scratch_)) return false;
      id = Uuid::parse(scratch_);
      if (!id) return false;
      out.push_back(*id);
      return true;
    });
  }

  bool container(ContainerRecord& box) {
    return object([&](std::string_view key) {
      if (key == f::kId) return uuid(box.id);
      if (key == f::kName) return text(box.name);
      if (key == f::kUsedAsDefault) return boolean(box.used_as_default);
      if (key == f::kCreated) return timestamp(box.created);
      if (key == f::kModified) return timestamp(box.modified);
      if (key == f::kLicenseConsumerIds) return ids(box.consumer_ids);
      return skip(0);
    });
  }

  bool licensee(LicenseeRecord& rec) {
    return object([&](std::string_view key) {
      auto& fl = rec.fields;
      if (key == f::kId) return uuid(rec.id);
      if (key == f::kType) return enumeration(rec.type, parse_licensee_type);
      if (key == f::kName) return text(fl.name);
      if (key == f::kDisplayName) return text(fl.display_name);
      if (key == f::kNaturalId) return text(fl.natural_id);
      if (key == f::kEmail) return text(fl.email);
      if (key == f::kDescription) return text(fl.description);
      if (key == f::kExternalReference) return text(fl.external_reference);
      if (key == f::kCreated) return timestamp(rec.created);
      if (key == f::kModified) return timestamp(rec.modified);
      if (key == f::kLicenseConsumerIds) return ids(rec.consumer_ids);
      if (key == f::kLicenseContainers) {
        rec.containers.clear();
        return list([&] {
          rec.containers.emplace_back();
          return container(rec.containers.back());
        });
      }
      return skip(0);
    });
  }

  bool consumer(ConsumerRecord& rec) {
    return object([&](std::string_view key) {
      auto& fl = rec.fields;
      if (key == f::kId) return uuid(rec.id);
      if (key == f::kType) return enumeration(rec.type, parse_consumer_type);
      if (key == f::kName) return text(fl.name);
      if (key == f::kDisplayName) return text(fl.display_name);
      if (key == f::kDisplayLabel) return text(fl.display_label);
      if (key == f::kEmail) return text(fl.email);
      if (key == f::kConnectedIdentityId) return text(fl.connected_identity_id);
      if (key == f::kContactInfo) return text(fl.contact_info);
      if (key == f::kDescription) return text(fl.description);
      if (key == f::kExternalReference) return text(fl.external_reference);
      if (key == f::kNaturalId) return text(fl.natural_id);
      if (key == f::kCreated) return timestamp(rec.created);
      if (key == f::kModified) return timestamp(rec.modified);
      return skip(0);
    });
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string scratch_;
};

}  // namespace

std::optional<StateDocument> read_state_text(std::string_view text) {
  return StateText(text).read();
}

Result<StateDocument> parse_state(std::string_view text) {
  if (auto doc = read_state_text(text)) return std::move(*doc);
  Json j = parse_json(text);
  if (j.is_discarded()) {
    if (auto nul = text.find('\0'); nul != std::string_view::npos)
      return Error::Invalid("",
                            "not valid JSON (a NUL byte at offset " + std::to_string(nul) + ")");
    // Parse again with exceptions on, only to learn where the syntax breaks. Not only
    // parse_error: a number too large for a double is out_of_range (406).
    try {
      auto ignored = Json::parse(text);
      (void)ignored;
    } catch (const Json::exception& e) {
      return Error::Invalid("", std::string("not valid JSON (") + e.what() + ")");
    }
    return Error::Invalid("", "not valid JSON");
  }
  return decode_state(j);
}

Json encode(const StateDocument& doc) {
  auto ids = [](const std::vector<Uuid>& v) {
    Json a = Json::array();
    for (const auto& id : v) a.push_back(id.str());
    return a;
  };
  Json licensees = Json::array();
  for (const auto& rec : doc.licensees) {
    Json o = encode(make_licensee(
        rec.id.value_or(Uuid{}), rec.type.value_or(LicenseeType::kOrganization), rec.fields,
        rec.fields.natural_id.value_or(""), rec.created.value_or(0), rec.modified.value_or(0)));
    Json boxes = Json::array();
    for (const auto& b : rec.containers) {
      LicenseContainer c;
      c.id = b.id.value_or(Uuid{});
      c.name = b.name;
      c.used_as_default = b.used_as_default;
      c.created = b.created.value_or(0);
      c.modified = b.modified.value_or(0);
      Json co = encode(c);
      co[f::kLicenseConsumerIds] = ids(b.consumer_ids);
      boxes.push_back(std::move(co));
    }
    o[f::kLicenseContainers] = std::move(boxes);
    o[f::kLicenseConsumerIds] = ids(rec.consumer_ids);
    licensees.push_back(std::move(o));
  }
  Json consumers = Json::array();
  for (const auto& rec : doc.consumers) {
    consumers.push_back(encode(make_consumer(
        rec.id.value_or(Uuid{}), rec.type.value_or(ConsumerType::kPerson), rec.fields,
        rec.fields.natural_id.value_or(""), rec.created.value_or(0), rec.modified.value_or(0))));
  }
  return Json{{f::kLicensees, std::move(licensees)}, {f::kLicenseConsumers, std::move(consumers)}};
}

std::string pointer_description(const Error& e) {
  if (e.field.empty()) return e.reason;
  return e.field + ": " + e.reason;
}

}  // namespace scale::wire
