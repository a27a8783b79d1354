#include "wire/sax_reader.hpp"

namespace scale::wire {

bool SaxReader::parse(std::string_view text) {
  // nlohmann's lexer takes a NUL for the end of the input (see parse_json).
  if (text.find('\0') != std::string_view::npos) return false;
  return Json::sax_parse(text, this, Json::input_format_t::json, /*strict=*/true,
                         /*ignore_comments=*/false);
}

void SaxReader::push_object(void* record, const Table& table, Finish finish, void* target,
                            std::shared_ptr<void> keep) {
  frames_.push_back({record, &table, nullptr, nullptr, 0, finish, target, std::move(keep)});
}

void SaxReader::push_array(void* slot, const Handlers& items) {
  frames_.push_back({slot, nullptr, &items, nullptr, 0, nullptr, nullptr, {}});
}

const SaxReader::Handlers* SaxReader::expecting(void*& at) {
  if (frames_.empty()) {
    // The one value of the text (strict parsing allows nothing after it).
    at = root_;
    return root_handlers_;
  }
  Frame& f = frames_.back();
  at = f.target;
  if (!f.table) return f.items;
  const Entry* e = f.pending;
  f.pending = nullptr;
  return e ? &e->handlers : nullptr;
}

bool SaxReader::scalar(Value& v) {
  if (skipping_ > 0) return true;
  void* at = nullptr;
  const Handlers* h = expecting(at);
  return !h || h->scalar(at, v);
}

bool SaxReader::null() {
  Value v;
  return scalar(v);
}

bool SaxReader::boolean(bool b) {
  Value v;
  v.type = Value::kBool;
  v.boolean = b;
  return scalar(v);
}

bool SaxReader::number_integer(std::int64_t i) {
  Value v;
  v.type = Value::kInteger;
  v.integer = i;
  return scalar(v);
}

bool SaxReader::number_unsigned(std::uint64_t u) {
  Value v;
  v.type = Value::kUnsigned;
  v.unsigned_integer = u;
  return scalar(v);
}

bool SaxReader::number_float(double, const std::string&) {
  Value v;
  v.type = Value::kFloat;
  return scalar(v);
}

bool SaxReader::string(std::string& s) {
  Value v;
  v.type = Value::kString;
  v.text = &s;
  return scalar(v);
}

bool SaxReader::binary(Json::binary_t&) {
  return false;  // not in JSON text
}

bool SaxReader::start_object(std::size_t) {
  if (skipping_ > 0) {
    ++skipping_;
    return true;
  }
  void* at = nullptr;
  const Handlers* h = expecting(at);
  if (!h) {
    skipping_ = 1;
    return true;
  }
  return h->object(at, *this);
}

bool SaxReader::start_array(std::size_t) {
  if (skipping_ > 0) {
    ++skipping_;
    return true;
  }
  void* at = nullptr;
  const Handlers* h = expecting(at);
  if (!h) {
    skipping_ = 1;
    return true;
  }
  return h->array(at, *this);
}

bool SaxReader::key(std::string& k) {
  if (skipping_ > 0) return true;
  Frame& f = frames_.back();
  const Table& t = *f.table;
  // Keys mostly come in the list's order: the one after the last is tried first.
  if (f.next < t.size && t.entries[f.next].name == k) {
    f.pending = &t.entries[f.next++];
    return true;
  }
  f.pending = nullptr;
  for (std::size_t i = 0; i < t.size; ++i) {
    if (t.entries[i].name == k) {
      f.pending = &t.entries[i];
      f.next = i + 1;
      break;
    }
  }
  return true;
}

bool SaxReader::close() {
  if (skipping_ > 0) {
    --skipping_;
    return true;
  }
  Frame f = std::move(frames_.back());
  frames_.pop_back();
  return !f.finish || f.finish(f.target, f.finish_target);
}

bool SaxReader::end_object() {
  return close();
}

bool SaxReader::end_array() {
  return close();
}

bool SaxReader::parse_error(std::size_t, const std::string&, const Json::exception&) {
  return false;
}

}  // namespace scale::wire
