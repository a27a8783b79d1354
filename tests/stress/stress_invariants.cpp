#include "stress_invariants.hpp"

#include <cctype>
#include <map>
#include <set>

namespace scale::testing::stress {

namespace {

using Json = wire::Json;

bool is_lower_uuid(const Json& v) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool is_blank(const std::string& s) {
  for (unsigned char c : s)
    if (!std::isspace(c)) return false;
  return true;
}

std::string fold_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Checks the unique values of one field within one table.
class Unique {
 public:
  Unique(std::string table, std::string field, bool fold)
      : table_(std::move(table)), field_(std::move(field)), fold_(fold) {}
  void add(const Json& record, std::vector<std::string>& out) {
    if (!record.contains(field_)) {
      out.push_back(table_ + " " + record.value("id", Json()).dump() + " has no " + field_);
      return;
    }
    const Json& v = record[field_];
    if (v.is_null()) return;
    if (!v.is_string()) {
      out.push_back(table_ + " " + record["id"].dump() + ": " + field_ + " is " + v.dump());
      return;
    }
    const std::string key = fold_ ? fold_ascii(v.get<std::string>()) : v.get<std::string>();
    auto [it, fresh] = holders_.emplace(key, record["id"].dump());
    if (!fresh)
      out.push_back(table_ + " " + it->second + " and " + record["id"].dump() + " share " + field_ +
                    " " + v.dump());
  }

 private:
  std::string table_, field_;
  bool fold_;
  std::map<std::string, std::string> holders_;
};

void check_timestamps(const std::string& what, const Json& o, std::vector<std::string>& out) {
  const Json& created = o.value("created", Json());
  const Json& modified = o.value("modified", Json());
  if (!created.is_string() || !modified.is_string()) {
    out.push_back(what + ": created/modified missing");
    return;
  }
  // RFC 3339 UTC with milliseconds: the text order is the time order.
  if (created.get<std::string>() > modified.get<std::string>())
    out.push_back(what + ": created " + created.dump() + " is after modified " + modified.dump());
}

// A licenseConsumerIds list: an array of ids of existing, non-LICENSE_KEY consumers, each once.
std::set<std::string> check_consumer_list(const std::string& what, const Json& owner,
                                          const std::map<std::string, std::string>& consumer_type,
                                          std::vector<std::string>& out) {
  std::set<std::string> ids;
  const Json& list = owner.value("licenseConsumerIds", Json());
  if (!list.is_array()) {
    out.push_back(what + ": licenseConsumerIds is not an array");
    return ids;
  }
  for (const auto& id : list) {
    if (!id.is_string()) {
      out.push_back(what + ": licenseConsumerIds holds " + id.dump());
      continue;
    }
    const std::string s = id.get<std::string>();
    if (!ids.insert(s).second) out.push_back(what + ": consumer " + s + " listed twice");
    auto type = consumer_type.find(s);
    if (type == consumer_type.end())
      out.push_back(what + ": consumer " + s + " does not exist");
    else if (type->second == "LICENSE_KEY")
      out.push_back(what + ": LICENSE_KEY consumer " + s + " in a relation");
  }
  return ids;
}

}  // namespace

std::vector<std::string> invariant_violations(const Json& state) {
  std::vector<std::string> out;
  if (!state.is_object() || !state.contains("licensees") || !state["licensees"].is_array() ||
      !state.contains("licenseConsumers") || !state["licenseConsumers"].is_array()) {
    out.push_back("not a state document: " + state.dump().substr(0, 200));
    return out;
  }

  std::set<std::string> all_ids;
  auto unique_id = [&](const std::string& what, const Json& o) {
    const Json& id = o.value("id", Json());
    if (!is_lower_uuid(id)) {
      out.push_back(what + ": id " + id.dump() + " is not a lowercase UUID");
      return false;
    }
    if (!all_ids.insert(id.get<std::string>()).second)
      out.push_back(what + ": id " + id.dump() + " is used twice");
    return true;
  };
  auto named = [&](const std::string& what, const Json& o) {
    const Json& name = o.value("name", Json());
    if (!name.is_string() || is_blank(name.get<std::string>()))
      out.push_back(what + ": name " + name.dump() + " is missing or blank");
  };

  // Consumers first: the relations refer to them.
  std::map<std::string, std::string> consumer_type;
  Unique c_natural("consumer", "naturalId", false), c_email("consumer", "email", true),
      c_ref("consumer", "externalReference", false),
      c_identity("consumer", "connectedIdentityId", false);
  for (const auto& c : state["licenseConsumers"]) {
    if (!c.is_object()) {
      out.push_back("a consumer that is not an object: " + c.dump());
      continue;
    }
    const std::string what = "consumer " + c.value("id", Json()).dump();
    if (!unique_id(what, c)) continue;
    const Json& type = c.value("type", Json());
    if (type != "PERSON" && type != "DEVICE" && type != "LICENSE_KEY")
      out.push_back(what + ": type " + type.dump());
    consumer_type[c["id"].get<std::string>()] = type.is_string() ? type.get<std::string>() : "";
    named(what, c);
    if (!c.value("naturalId", Json()).is_string() || c["naturalId"].get<std::string>().empty())
      out.push_back(what + ": naturalId missing");
    c_natural.add(c, out);
    c_email.add(c, out);
    c_ref.add(c, out);
    c_identity.add(c, out);
    if (type == "LICENSE_KEY" && !c.value("connectedIdentityId", Json()).is_null())
      out.push_back(what + ": a LICENSE_KEY consumer with a connectedIdentityId");
    check_timestamps(what, c, out);
  }

  Unique l_natural("licensee", "naturalId", false), l_email("licensee", "email", true),
      l_ref("licensee", "externalReference", false);
  for (const auto& l : state["licensees"]) {
    if (!l.is_object()) {
      out.push_back("a licensee that is not an object: " + l.dump());
      continue;
    }
    const std::string what = "licensee " + l.value("id", Json()).dump();
    if (!unique_id(what, l)) continue;
    const Json& type = l.value("type", Json());
    if (type != "PERSON" && type != "ORGANIZATION") out.push_back(what + ": type " + type.dump());
    named(what, l);
    if (!l.value("naturalId", Json()).is_string() || l["naturalId"].get<std::string>().empty())
      out.push_back(what + ": naturalId missing");
    l_natural.add(l, out);
    l_email.add(l, out);
    l_ref.add(l, out);
    check_timestamps(what, l, out);

    const auto associated = check_consumer_list(what, l, consumer_type, out);
    const Json& boxes = l.value("licenseContainers", Json());
    if (!boxes.is_array() || boxes.empty()) {
      out.push_back(what + ": no license containers");
      continue;
    }
    int defaults = 0;
    for (const auto& b : boxes) {
      const std::string box = what + " container " + b.value("id", Json()).dump();
      if (!b.is_object() || !unique_id(box, b)) continue;
      const Json& def = b.value("usedAsDefault", Json());
      if (!def.is_boolean())
        out.push_back(box + ": usedAsDefault is " + def.dump());
      else if (def.get<bool>())
        ++defaults;
      const Json& name = b.value("name", Json());
      if (!name.is_null() && !name.is_string()) out.push_back(box + ": name " + name.dump());
      check_timestamps(box, b, out);
      for (const auto& id : check_consumer_list(box, b, consumer_type, out))
        if (!associated.count(id))
          out.push_back(box + ": consumer " + id +
                        " has access but is not associated with the licensee");
    }
    if (defaults != 1)
      out.push_back(what + ": " + std::to_string(defaults) + " default containers, not 1");
  }
  return out;
}

}  // namespace scale::testing::stress
