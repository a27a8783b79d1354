#pragma once
// The general reader of field lists (fields.hpp): a record from a Json tree, field by field in
// the list's order, stopping at the first field that is wrong. Its errors are the ones users
// see (kInvalid, the field named); the SAX reader (sax_reader.hpp) reads the usual texts faster
// and leaves every text it does not read whole to this one.
//
// Fields are named plainly in request bodies ("email", "licenseKey/id", "features/1") and as
// JSON pointers in state documents ("/licensees/2/email").

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "domain/error.hpp"
#include "domain/messages.hpp"
#include "wire/fields.hpp"
#include "wire/json_text.hpp"
#include "wire/values.hpp"

namespace scale::wire {

// Where a value sits, made into text only for an error.
class Path {
 public:
  // The root: its fields are named plainly, or as JSON pointers.
  static Path Root(bool json_pointer) { return Path(nullptr, {}, 0, json_pointer); }
  Path field(std::string_view key) const { return Path(this, key, 0, pointer_); }
  Path item(std::size_t index) const { return Path(this, {}, index, pointer_); }
  std::string str() const;

 private:
  Path(const Path* parent, std::string_view key, std::size_t index, bool pointer)
      : parent_(parent), key_(key), index_(index), pointer_(pointer) {}
  const Path* parent_;
  std::string_view key_;  // empty: an array item, at index_
  std::size_t index_;
  bool pointer_;
};

template <class W, class R>
std::optional<domain::Error> read_tree(const Json& obj, const Path& at, R& out);

namespace tree {

using domain::Error;

inline Error invalid(const Path& at, std::string reason) {
  return Error::Invalid(at.str(), std::move(reason));
}

// The vector a list slot holds (engaging an optional one).
template <class T>
auto& engaged(std::optional<T>& slot) {
  return slot.emplace();
}
template <class T>
auto& engaged(std::vector<T>& slot) {
  slot.clear();
  return slot;
}
template <class T>
void reset(std::optional<T>& slot) {
  slot.reset();
}
template <class T>
void reset(std::vector<T>& slot) {
  slot.clear();
}

template <class T>
struct ListItem;
template <class T>
struct ListItem<std::vector<T>> {
  using type = T;
};
template <class T>
struct ListItem<std::optional<std::vector<T>>> {
  using type = T;
};

// Scalars: one rule of values.hpp.
template <class Kind, class Slot>
std::optional<Error> read(Kind k, Slot& slot, const Json& j, const Path& at) {
  std::string scratch;
  Value v = value_of(j, scratch);
  if (auto p = wire::read(k, slot, v)) return invalid(at, std::move(*p));
  return std::nullopt;
}

// Arrays of scalars.
template <class Kind, class Slot>
std::optional<Error> read_list(Kind k, Slot& slot, const Json& j, const Path& at,
                               const char* not_array) {
  if (j.is_null()) {
    reset(slot);
    return std::nullopt;
  }
  if (!j.is_array()) return invalid(at, not_array);
  std::remove_reference_t<decltype(engaged(slot))> items;
  for (std::size_t i = 0; i < j.size(); ++i) {
    std::string scratch;
    Value v = value_of(j[i], scratch);
    if (auto p = read_item(k, items, v)) return invalid(at.item(i), std::move(*p));
  }
  engaged(slot) = std::move(items);
  return std::nullopt;
}

template <class Slot>
std::optional<Error> read(kind::Ids k, Slot& slot, const Json& j, const Path& at) {
  return read_list(k, slot, j, at, kNotIds);
}
template <class Slot>
std::optional<Error> read(kind::Names k, Slot& slot, const Json& j, const Path& at) {
  return read_list(k, slot, j, at, kNotNames);
}

// The value a shorthand gives, out of a record read whole (W::Record).
template <class W>
std::optional<Error> shorthand_of(const Json& j, const Path& at, domain::OptText& out) {
  typename W::Record rec;
  if (auto e = read_tree<W>(j, at, rec)) return e;
  out = std::move(W::shorthand(rec));
  return std::nullopt;
}

template <class W, class Slot>
std::optional<Error> read(kind::Object<W>, Slot& slot, const Json& j, const Path& at) {
  if (j.is_null()) {
    slot.reset();
    return std::nullopt;
  }
  if constexpr (HasShorthand<W>) {
    if (j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      if (s.empty()) {
        slot.reset();
      } else if constexpr (std::is_same_v<Slot, domain::OptText>) {
        slot = s;
      } else {
        typename Slot::value_type rec;
        W::shorthand(rec) = s;
        slot = std::move(rec);
      }
      return std::nullopt;
    }
  }
  if (!j.is_object()) return invalid(at, HasShorthand<W> ? kNotObjectOrString : kNotObject);
  if constexpr (std::is_same_v<Slot, domain::OptText>) {
    domain::OptText value;
    if (auto e = shorthand_of<W>(j, at, value)) return e;
    slot = std::move(value);
  } else {
    typename Slot::value_type rec;
    if (auto e = read_tree<W>(j, at, rec)) return e;
    slot = std::move(rec);
  }
  return std::nullopt;
}

template <class W, class Slot>
std::optional<Error> read(kind::Objects<W>, Slot& slot, const Json& j, const Path& at) {
  using Item = typename ListItem<Slot>::type;
  if (j.is_null()) {
    reset(slot);
    return std::nullopt;
  }
  if (!j.is_array()) return invalid(at, kNotArray);
  // Every item's shape first, then each item's fields.
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (j[i].is_object()) continue;
    if constexpr (HasShorthand<W>) {
      if (j[i].is_string()) continue;
      return invalid(at.item(i), kNotObjectOrString);
    } else {
      return invalid(at.item(i), kNotObject);
    }
  }
  std::vector<Item> items;
  items.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    const Json& o = j[i];
    if constexpr (std::is_same_v<Item, std::string>) {
      // A target that keeps only the shorthand: a string as given, or an object's value.
      if (o.is_string()) {
        items.push_back(o.get<std::string>());
        continue;
      }
      domain::OptText value;
      if (auto e = shorthand_of<W>(o, at.item(i), value)) return e;
      if (!value) return invalid(at.item(i).field(W::kShorthandName), domain::msg::required());
      items.push_back(std::move(*value));
    } else {
      Item rec;
      if constexpr (HasShorthand<W>) {
        if (o.is_string()) {
          W::shorthand(rec) = o.get<std::string>();
          items.push_back(std::move(rec));
          continue;
        }
      }
      if (auto e = read_tree<W>(o, at.item(i), rec)) return e;
      items.push_back(std::move(rec));
    }
  }
  engaged(slot) = std::move(items);
  return std::nullopt;
}

}  // namespace tree

// Reads the fields of list W that record `out` has from the JSON object `obj` (anything else
// reads as an empty object), in the list's order; a field absent from `obj` is left as it is.
// The error of the first field that is wrong, named from `at`; nullopt when all were read.
template <class W, class R>
std::optional<domain::Error> read_tree(const Json& obj, const Path& at, R& out) {
  std::optional<domain::Error> error;
  if (!obj.is_object()) return error;
  W::fields([&](const auto& f) {
    using F = std::decay_t<decltype(f)>;
    if constexpr (kHas<F, R>) {
      if (error) return;
      auto it = obj.find(f.name);
      if (it == obj.end()) return;
      error = tree::read(typename F::kind_type{}, f.slot(out), *it, at.field(f.name));
    }
  });
  return error;
}

// A record of type R from the whole of `j`, read with list W (fields named plainly).
template <class W, class R>
Result<R> decode_tree(const Json& j) {
  R out;
  if (auto e = read_tree<W>(j, Path::Root(false), out)) return std::move(*e);
  return out;
}

}  // namespace scale::wire
