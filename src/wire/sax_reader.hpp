#pragma once
// The fast reader of field lists (fields.hpp): a request body or a state document straight
// from its text into the record, through nlohmann's SAX interface (nlohmann::json::sax_parse),
// with no Json tree built and torn down. For a fixture of a million licensees that tree is most
// of the load time and, while it lives, most of the memory; for a request body, building it
// costs more than the rest of the request.
//
// It gives exactly what parsing the text into a Json tree and reading that with the tree
// reader gives, or nothing: at the first thing it would have to word an error for (a syntax
// error, a value a field refuses) it stops and says so, and the caller takes the general path,
// which decides and words the error. The fuzzers check that the two agree.
//
// Same rules as the tree: the last of a repeated key counts (each occurrence replaces the
// slot's value), unknown fields are skipped whatever they hold, and the lexer is nlohmann's
// own, so the text is checked as strictly (UTF-8, escapes, numbers, nesting, trailing text).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "wire/fields.hpp"
#include "wire/json_text.hpp"
#include "wire/values.hpp"

namespace scale::wire {

class SaxReader {
 public:
  // Reads `text`, which must be exactly one JSON object, into `out` with list W. False when it
  // is not (or holds a NUL byte), or when a field of W refuses its value; what `out` then holds
  // is unspecified.
  template <class W, class R>
  static bool read(std::string_view text, R& out);

  // What a value goes to: the handlers of a record's field (`at` is the record) or of an
  // array's items (`at` is the array's slot). Each stores the value or returns false.
  struct Handlers {
    bool (*scalar)(void* at, Value& v);
    bool (*object)(void* at, SaxReader& sax);  // pushes the frame that reads the object
    bool (*array)(void* at, SaxReader& sax);   // pushes the frame that reads the items
  };
  struct Entry {
    std::string_view name;
    Handlers handlers;
  };
  // A record type's fields, in the list's order.
  struct Table {
    const Entry* entries;
    std::size_t size;
  };
  // Called when an object read into a temporary record ends: moves what the target keeps.
  using Finish = bool (*)(void* record, void* target);

  // The object that starts now is read into `record` with `table`; with `finish`, `record` is
  // a temporary that `keep` owns and `finish` takes what `target` keeps from it at the end.
  void push_object(void* record, const Table& table, Finish finish = nullptr,
                   void* target = nullptr, std::shared_ptr<void> keep = {});
  // The array that starts now has its items read into `slot` with `items`.
  void push_array(void* slot, const Handlers& items);
  // How many objects and arrays the value being read is inside.
  std::size_t depth() const { return frames_.size(); }
  // The length of the whole text (for reserving room in the lists at the top).
  std::size_t text_size() const { return text_size_; }

  // nlohmann's SAX interface.
  bool null();
  bool boolean(bool v);
  bool number_integer(std::int64_t v);
  bool number_unsigned(std::uint64_t v);
  bool number_float(double v, const std::string& text);
  bool string(std::string& v);
  bool binary(Json::binary_t& v);
  bool start_object(std::size_t size);
  bool key(std::string& k);
  bool end_object();
  bool start_array(std::size_t size);
  bool end_array();
  bool parse_error(std::size_t position, const std::string& token, const Json::exception& e);

 private:
  struct Frame {
    void* target;
    const Table* table;     // an object's fields; null for an array
    const Handlers* items;  // an array's items
    const Entry* pending;   // an object: the field whose value comes next (null: skip it)
    std::size_t next;       // an object: where the next key is looked for first
    Finish finish;
    void* finish_target;
    std::shared_ptr<void> keep;
  };
  SaxReader(void* root, const Handlers& root_handlers, std::size_t text_size)
      : root_(root), root_handlers_(&root_handlers), text_size_(text_size) {}
  bool parse(std::string_view text);
  // The handlers for the value that comes now, and what they store into; null: skip it.
  const Handlers* expecting(void*& at);
  bool scalar(Value& v);
  bool close();

  std::vector<Frame> frames_;
  std::size_t skipping_ = 0;  // depth inside an object or array that no field reads
  void* root_;
  const Handlers* root_handlers_;
  std::size_t text_size_;
};

namespace sax {

template <class W, class R>
const SaxReader::Table& table_of();

inline bool refuse_scalar(void*, Value&) {
  return false;
}
inline bool refuse_nested(void*, SaxReader&) {
  return false;
}

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

// How each kind takes the values of a field whose slot has type Slot: scalar, object, array.
template <class Kind>
struct Rules {
  // Scalar kinds: one rule of values.hpp; objects and arrays are refused.
  template <class Slot>
  static bool scalar(Slot& slot, Value& v) {
    return !read(Kind{}, slot, v);
  }
  template <class Slot>
  static bool object(Slot&, SaxReader&) {
    return false;
  }
  template <class Slot>
  static bool array(Slot&, SaxReader&) {
    return false;
  }
};

// Arrays of scalars.
template <class Kind, class Vec>
struct ScalarItems {
  static bool scalar(void* at, Value& v) { return !read_item(Kind{}, *static_cast<Vec*>(at), v); }
  static constexpr SaxReader::Handlers handlers{&scalar, &refuse_nested, &refuse_nested};
};

template <class Kind>
struct ListRules {
  template <class Slot>
  static bool scalar(Slot& slot, Value& v) {
    if (v.type != Value::kNull) return false;
    reset(slot);
    return true;
  }
  template <class Slot>
  static bool object(Slot&, SaxReader&) {
    return false;
  }
  template <class Slot>
  static bool array(Slot& slot, SaxReader& sax) {
    auto& items = engaged(slot);
    sax.push_array(&items, ScalarItems<Kind, std::remove_reference_t<decltype(items)>>::handlers);
    return true;
  }
};
template <>
struct Rules<kind::Ids> : ListRules<kind::Ids> {};
template <>
struct Rules<kind::Names> : ListRules<kind::Names> {};

// A target that keeps only a shorthand's value: the object is read into a temporary
// W::Record, and `Keep` takes the value at its end.
template <class W, class Keep>
void push_for_shorthand(SaxReader& sax, void* target) {
  auto rec = std::make_shared<typename W::Record>();
  void* at = rec.get();
  sax.push_object(at, table_of<W, typename W::Record>(), &Keep::finish, target, std::move(rec));
}

// Into an OptText: the value, absent or not.
template <class W>
struct KeepValue {
  static bool finish(void* record, void* target) {
    *static_cast<domain::OptText*>(target) =
        std::move(W::shorthand(*static_cast<typename W::Record*>(record)));
    return true;
  }
};
// Onto a list of strings: the value, which must be there.
template <class W>
struct AppendValue {
  static bool finish(void* record, void* target) {
    auto& value = W::shorthand(*static_cast<typename W::Record*>(record));
    if (!value) return false;
    static_cast<std::vector<std::string>*>(target)->push_back(std::move(*value));
    return true;
  }
};

template <class W>
struct Rules<kind::Object<W>> {
  template <class Slot>
  static bool scalar(Slot& slot, Value& v) {
    if (v.type == Value::kNull) {
      slot.reset();
      return true;
    }
    if constexpr (HasShorthand<W>) {
      if (v.type != Value::kString) return false;
      if (v.text->empty()) {
        slot.reset();
      } else if constexpr (std::is_same_v<Slot, domain::OptText>) {
        slot = std::move(*v.text);
      } else {
        typename Slot::value_type rec;
        W::shorthand(rec) = std::move(*v.text);
        slot = std::move(rec);
      }
      return true;
    } else {
      return false;
    }
  }
  template <class Slot>
  static bool object(Slot& slot, SaxReader& sax) {
    if constexpr (std::is_same_v<Slot, domain::OptText>) {
      push_for_shorthand<W, KeepValue<W>>(sax, &slot);
    } else {
      auto& rec = slot.emplace();
      sax.push_object(&rec, table_of<W, typename Slot::value_type>());
    }
    return true;
  }
  template <class Slot>
  static bool array(Slot&, SaxReader&) {
    return false;
  }
};

template <class W, class Vec>
struct ObjectItems {
  using Item = typename Vec::value_type;
  static Vec& list(void* at) { return *static_cast<Vec*>(at); }
  static bool scalar(void* at, Value& v) {
    if constexpr (HasShorthand<W>) {
      if (v.type != Value::kString) return false;
      if constexpr (std::is_same_v<Item, std::string>) {
        list(at).push_back(std::move(*v.text));
      } else {
        Item rec;
        W::shorthand(rec) = std::move(*v.text);
        list(at).push_back(std::move(rec));
      }
      return true;
    } else {
      return false;
    }
  }
  static bool object(void* at, SaxReader& sax) {
    if constexpr (std::is_same_v<Item, std::string>) {
      push_for_shorthand<W, AppendValue<W>>(sax, at);
    } else {
      Item& rec = list(at).emplace_back();
      sax.push_object(&rec, table_of<W, Item>());
    }
    return true;
  }
  static constexpr SaxReader::Handlers handlers{&scalar, &object, &refuse_nested};
};

template <class W>
struct Rules<kind::Objects<W>> {
  template <class Slot>
  static bool scalar(Slot& slot, Value& v) {
    if (v.type != Value::kNull) return false;
    reset(slot);
    return true;
  }
  template <class Slot>
  static bool object(Slot&, SaxReader&) {
    return false;
  }
  template <class Slot>
  static bool array(Slot& slot, SaxReader& sax) {
    auto& items = engaged(slot);
    // The lists at the top of a state document may hold a million records: room for what
    // the text may hold, so that the list is not copied as it grows. Few records take under
    // 128 bytes of JSON; a reservation is address space, not memory, until it is used.
    if (sax.depth() == 1) items.reserve(sax.text_size() / 128);
    sax.push_array(&items, ObjectItems<W, std::remove_reference_t<decltype(items)>>::handlers);
    return true;
  }
};

// The handlers of field F in a record of type R.
template <class F, class R>
struct FieldAt {
  using Kind = typename F::kind_type;
  static auto& slot(void* at) { return typename F::slot_type{}(*static_cast<R*>(at)); }
  static bool scalar(void* at, Value& v) { return Rules<Kind>::scalar(slot(at), v); }
  static bool object(void* at, SaxReader& sax) { return Rules<Kind>::object(slot(at), sax); }
  static bool array(void* at, SaxReader& sax) { return Rules<Kind>::array(slot(at), sax); }
  static constexpr SaxReader::Handlers handlers{&scalar, &object, &array};
};

// The fields of list W that record type R has, made once.
template <class W, class R>
const SaxReader::Table& table_of() {
  static const std::vector<SaxReader::Entry> entries = [] {
    std::vector<SaxReader::Entry> e;
    W::fields([&](const auto& f) {
      using F = std::decay_t<decltype(f)>;
      if constexpr (kHas<F, R>) e.push_back({f.name, FieldAt<F, R>::handlers});
    });
    return e;
  }();
  static const SaxReader::Table table{entries.data(), entries.size()};
  return table;
}

template <class W, class R>
struct Root {
  static bool object(void* at, SaxReader& sax) {
    sax.push_object(at, table_of<W, R>());
    return true;
  }
  static constexpr SaxReader::Handlers handlers{&refuse_scalar, &object, &refuse_nested};
};

}  // namespace sax

template <class W, class R>
bool SaxReader::read(std::string_view text, R& out) {
  SaxReader reader(&out, sax::Root<W, R>::handlers, text.size());
  return reader.parse(text);
}

}  // namespace scale::wire
