#pragma once
// Where the records of a state document being loaded came from: the JSON pointers that load
// errors name. Used by the state loader only (state.cpp, state_licenses.cpp).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/fields.hpp"
#include "domain/messages.hpp"
#include "domain/uuid.hpp"
#include "store/rules.hpp"

namespace scale::store::loading {

using domain::Error;
using domain::Uuid;

inline std::string index_pointer(std::string prefix, const char* list, std::size_t i) {
  return std::move(prefix) + "/" + list + "/" + std::to_string(i);
}
inline std::string consumer_pointer(std::size_t i) {
  return index_pointer("", domain::field::kLicenseConsumers, i);
}
inline std::string licensee_pointer(std::size_t i) {
  return index_pointer("", domain::field::kLicensees, i);
}
inline std::string container_pointer(std::size_t i, std::size_t j) {
  return index_pointer(licensee_pointer(i), domain::field::kLicenseContainers, j);
}
inline std::string license_pointer(std::size_t i, std::size_t j, std::size_t k) {
  return index_pointer(container_pointer(i, j), domain::field::kLicenses, k);
}
inline std::string lease_pointer(std::size_t i, std::size_t j, std::size_t k, std::size_t m) {
  return index_pointer(license_pointer(i, j, k), domain::field::kLeases, m);
}
inline std::string model_pointer(std::size_t i) {
  return index_pointer("", domain::field::kLicenseModels, i);
}
inline std::string product_pointer(std::size_t i) {
  return index_pointer("", domain::field::kProducts, i);
}
inline std::string configuration_pointer(std::size_t i, std::size_t j) {
  return index_pointer(product_pointer(i), domain::field::kProductConfigurations, j);
}

// The error `e` of a record at `pointer`: its field becomes a pointer below the record's.
inline Error at(const std::string& pointer, const Error& e) {
  return {e.kind, e.field.empty() ? pointer : pointer + "/" + e.field, e.reason};
}

// Knows which JSON pointer each record of the document being loaded came from, so that a
// clash names "/licensees/1" for a record of the same document and "licensee <id>" for one
// that was there before (a merge). It appends to a list and searches it only for an error: a
// map would cost a node and a cache miss per record of a million-record load, and the pointer
// strings are made only when needed.
class Places {
 public:
  explicit Places(std::size_t records) { where_.reserve(records); }
  void consumer(const Uuid& id, std::size_t i) { add(id, kConsumer, i); }
  void licensee(const Uuid& id, std::size_t i) { add(id, kLicensee, i); }
  void container(const Uuid& id, std::size_t i, std::size_t j) { add(id, kContainer, i, j); }
  void model(const Uuid& id, std::size_t i) { add(id, kModel, i); }
  void product(const Uuid& id, std::size_t i) { add(id, kProduct, i); }
  void configuration(const Uuid& id, std::size_t i, std::size_t j) {
    add(id, kConfiguration, i, j);
  }
  void license(const Uuid& id, std::size_t i, std::size_t j, std::size_t k) {
    add(id, kLicense, i, j, k);
  }
  void feature(const Uuid& id, std::size_t i, std::size_t j, std::size_t k, std::size_t m) {
    add(id, kFeature, i, j, k, m);
  }
  void key(const Uuid& id, std::size_t i, std::size_t j, std::size_t k) { add(id, kKey, i, j, k); }
  void lease(const Uuid& id, std::size_t i, std::size_t j, std::size_t k, std::size_t m) {
    add(id, kLease, i, j, k, m);
  }

  bool in_document(const Uuid& id) const { return find(id) != nullptr; }
  std::string name(const char* kind, const Uuid& id) const {
    const Place* p = find(id);
    if (!p) return std::string(kind) + " " + id.str();
    switch (p->kind) {
      case kConsumer:
        return consumer_pointer(p->i);
      case kLicensee:
        return licensee_pointer(p->i);
      case kContainer:
        return container_pointer(p->i, p->j);
      case kModel:
        return model_pointer(p->i);
      case kProduct:
        return product_pointer(p->i);
      case kConfiguration:
        return configuration_pointer(p->i, p->j);
      case kLicense:
        return license_pointer(p->i, p->j, p->k);
      case kFeature:
        return index_pointer(license_pointer(p->i, p->j, p->k), domain::field::kFeatures, p->m);
      case kLease:
        return lease_pointer(p->i, p->j, p->k, p->m);
      case kKey:
        break;
    }
    return license_pointer(p->i, p->j, p->k) + "/" + domain::field::kLicenseKey;
  }

  // A clash with a record of this document makes the document invalid; a clash with a record
  // that was there before is a conflict.
  Error clash(const std::string& pointer, const char* field, const std::string& value,
              const Uuid& owner, const char* kind) const {
    Error e = in_document(owner) ? Error::Invalid("", "") : Error::Conflict("", "");
    e.field = pointer + "/" + field;
    e.reason = domain::msg::already_used(value, name(kind, owner));
    return e;
  }

 private:
  enum Kind : unsigned char {
    kConsumer,
    kLicensee,
    kContainer,
    kModel,
    kProduct,
    kConfiguration,
    kLicense,
    kFeature,
    kKey,
    kLease
  };
  // 36 bytes: a million-licensee load keeps two million of these.
  struct Place {
    Uuid id;
    std::uint32_t i, j, k, m;
    Kind kind;
  };
  void add(const Uuid& id, Kind kind, std::size_t i, std::size_t j = 0, std::size_t k = 0,
           std::size_t m = 0) {
    where_.push_back({id, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j),
                      static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(m), kind});
  }
  const Place* find(const Uuid& id) const {
    for (const auto& p : where_)
      if (p.id == id) return &p;
    return nullptr;
  }
  std::vector<Place> where_;
};

// The id a record of the document gets: the one given, unless a record has it already (then
// the clash, at the pointer `ptr()` makes, with "/id" added), or else a fresh one from `draw`.
template <class Pointer, class Draw>
domain::Result<Uuid> claim_id(Tables& t, const Places& places, const std::optional<Uuid>& given,
                              const Pointer& ptr, Draw draw) {
  if (!given) return draw();
  if (rules::id_taken(t, *given))
    return places.clash(ptr(), domain::field::kId, given->str(), *given,
                        rules::record_kind(t, *given));
  // Given, not drawn: a drawn id may repeat it.
  rules::add_foreign_id(t, *given);
  return *given;
}

}  // namespace scale::store::loading
