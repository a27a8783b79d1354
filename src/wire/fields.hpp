#pragma once
// How the wire format is written down: each entity's JSON fields are named once, in a field
// list, and everything that reads or writes that entity walks the list.
//
// A field list is a struct with a static `fields(v)` that hands `v` each field in the
// contract's order (see wire/licensee.hpp for one). A field is its JSON name, its kind (what
// JSON value it holds, and so how it is read and written) and its slot: where a C++ record
// keeps it. A slot is a generic lambda made by SCALE_WIRE_SLOT; a record without such a member
// does not have the field. So one list serves an entity's record, its state-document record and
// the request bodies that create and edit it: Licensee has no connectedIdentityId, a
// setup-organization body (LicenseeSetup) has no id, and neither reads nor writes one.
//
// The lists are walked by:
//   - the writers (writer.hpp): JSON text for API answers, Json trees for state documents;
//   - the SAX reader (sax_reader.hpp): a request body or a state document straight from its
//     text into the record, through nlohmann's SAX interface;
//   - the tree reader (tree_reader.hpp): the same from a Json tree, naming the first field
//     that is wrong. The SAX reader only says whether it read everything; when it did not,
//     the tree reader decides and words the error.
// Adding a field to an entity is a line in its list (and a member in its records).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "domain/catalogue.hpp"
#include "domain/entities.hpp"
#include "domain/license.hpp"
#include "domain/quantity.hpp"

namespace scale::wire {

// What JSON value a field holds. The reading rules of each (values.hpp, and the readers) and
// the writing rules (writer.hpp) are written once per kind.
namespace kind {
struct Text {};   // a string; null, absent and "" are all absent
struct Id {};     // a UUID string (any case in, lowercase out)
struct Time {};   // an RFC 3339 date-time string (out with milliseconds, in UTC)
struct Bool {};   // true or false; null is absent (false, for a record that has no absent)
struct Int {};    // an integer that fits in 64 bits
struct Enum {};   // one of an enumeration's names (EnumNames<E>)
struct Ids {};    // an array of UUID strings; null is none
struct Names {};  // an array of strings, each kept as given; null is absent (or none)
// An object read and written with the field list W; null is absent. When W has a shorthand
// (LicenseKeyWire: a license key may be given as just the key string), a string stands for an
// object holding only that field, and "" for no object.
template <class W>
struct Object {};
// An array of such objects; null is absent (or none). With W's shorthand an item may also be
// a string: the object holding only that field, the string kept as given.
template <class W>
struct Objects {};
}  // namespace kind

// How a field is written (reading ignores these).
enum FieldFlags : unsigned {
  kEverywhere = 0,
  kDocumentOnly = 1,  // written in state documents only, never in API answers
  kOmitEmpty = 2,     // an empty array is not written (section 7 documents stay as they were)
};

template <class Kind, class Slot>
struct Field {
  using kind_type = Kind;
  using slot_type = Slot;
  const char* name;
  Slot slot;
  unsigned flags = kEverywhere;
};

template <class Kind, class Slot>
constexpr Field<Kind, Slot> field(const char* name, Slot slot, unsigned flags = kEverywhere) {
  return {name, slot, flags};
}

// Whether record type R has field F (R may be const: for writing).
template <class F, class R>
inline constexpr bool kHas = std::is_invocable_v<typename F::slot_type, R&>;

namespace detail {
// Where a record keeps the fields it shares with others: LicenseeSetup and LicenseeRecord in
// `fields`, LicenseIssue in `terms`; the entities themselves in the record.
template <class R>
constexpr auto& parts(R& r) {
  if constexpr (requires { r.fields; })
    return r.fields;
  else if constexpr (requires { r.terms; })
    return r.terms;
  else
    return r;
}
}  // namespace detail

// The slot of member `m` (a member path, e.g. references.order_reference): r.m, or else
// r.fields.m or r.terms.m (detail::parts), for a record of any type that has one of them.
#define SCALE_WIRE_SLOT(m)                                                            \
  []<class R_>(R_ & r) -> auto& requires(                                             \
                           requires(R_ & x) { x.m; } ||                               \
                           requires(R_ & x) { ::scale::wire::detail::parts(x).m; }) { \
    if constexpr (requires { r.m; })                                                  \
      return r.m;                                                                     \
    else                                                                              \
      return ::scale::wire::detail::parts(r).m;                                       \
  }

// The names of an enumeration on the wire and how to read one.
template <class E>
struct EnumNames;
template <>
struct EnumNames<domain::LicenseeType> {
  static constexpr auto parse = &domain::parse_licensee_type;
  static constexpr const char* allowed = "PERSON, ORGANIZATION";
};
template <>
struct EnumNames<domain::ConsumerType> {
  static constexpr auto parse = &domain::parse_consumer_type;
  static constexpr const char* allowed = "PERSON, DEVICE, LICENSE_KEY";
};
template <>
struct EnumNames<domain::QtyDimension> {
  static constexpr auto parse = &domain::parse_qty_dimension;
  static constexpr const char* allowed = "SEATS, USE_COUNT, USE_TIME";
};
template <>
struct EnumNames<domain::QtyEnforcementType> {
  static constexpr auto parse = &domain::parse_qty_enforcement_type;
  static constexpr const char* allowed = "ENFORCED, METERED";
};

// Whether field list W lets a string stand for an object (it then has `shorthand(record)`, the
// slot the string goes to, and `Record`, the record a reader fills when its target keeps only
// that one value).
template <class W>
concept HasShorthand = requires(typename W::Record& r) {
  W::shorthand(r);
};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

}  // namespace scale::wire
