#include "http/codec.hpp"

#include "domain/fields.hpp"
#include "domain/messages.hpp"

namespace scale::http {

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

Result<Json> parse_object(const std::string& body) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/false);
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

Json encode(const Licensee& l) {
  return Json{{f::kId, l.id.str()},
              {f::kType, to_string(l.type)},
              {f::kName, l.name},
              {f::kDisplayName, text_or_null(l.display_name)},
              {f::kNaturalId, l.natural_id},
              {f::kEmail, text_or_null(l.email)},
              {f::kDescription, text_or_null(l.description)},
              {f::kExternalReference, text_or_null(l.external_reference)},
              {f::kCreated, format_timestamp(l.created)},
              {f::kModified, format_timestamp(l.modified)}};
}

Json encode(const LicenseContainer& c) {
  return Json{{f::kId, c.id.str()},
              {f::kName, text_or_null(c.name)},
              {f::kUsedAsDefault, c.used_as_default},
              {f::kCreated, format_timestamp(c.created)},
              {f::kModified, format_timestamp(c.modified)}};
}

Json encode(const LicenseConsumer& c) {
  return Json{{f::kId, c.id.str()},
              {f::kType, to_string(c.type)},
              {f::kName, c.name},
              {f::kDisplayName, text_or_null(c.display_name)},
              {f::kDisplayLabel, text_or_null(c.display_label)},
              {f::kEmail, text_or_null(c.email)},
              {f::kConnectedIdentityId, text_or_null(c.connected_identity_id)},
              {f::kContactInfo, text_or_null(c.contact_info)},
              {f::kDescription, text_or_null(c.description)},
              {f::kExternalReference, text_or_null(c.external_reference)},
              {f::kNaturalId, c.natural_id},
              {f::kCreated, format_timestamp(c.created)},
              {f::kModified, format_timestamp(c.modified)}};
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

}  // namespace scale::http
