#include "stress_invariants.hpp"

#include <cctype>
#include <cstdint>
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

std::vector<std::string> invariant_violations(const Json& state,
                                              bool every_key_consumer_has_a_license) {
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
  std::map<std::string, std::string> key_consumers;  // a LICENSE_KEY consumer's name (its key)
  auto consumer_exists = [&](const std::string& id) { return consumer_type.count(id) > 0; };
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
    if (type == "LICENSE_KEY" && c.value("name", Json()).is_string()) {
      auto [it, fresh] = key_consumers.emplace(c["name"].get<std::string>(), c["id"].dump());
      if (!fresh)
        out.push_back(what + ": LICENSE_KEY consumers " + it->second + " and " + c["id"].dump() +
                      " share the key " + c["name"].dump());
    }
    check_timestamps(what, c, out);
  }

  // The catalogue: what licenses refer to.
  std::map<std::string, std::string> config_product;  // configuration id -> product name
  {
    std::set<std::string> model_ids;
    Unique m_name("license model", "name", false), p_name("product", "name", false);
    for (const auto& m : state.value("licenseModels", Json::array())) {
      const std::string what = "license model " + m.value("id", Json()).dump();
      if (!unique_id(what, m)) continue;
      model_ids.insert(m["id"].get<std::string>());
      named(what, m);
      m_name.add(m, out);
    }
    for (const auto& p : state.value("products", Json::array())) {
      const std::string what = "product " + p.value("id", Json()).dump();
      if (!unique_id(what, p)) continue;
      named(what, p);
      p_name.add(p, out);
      const Json& pname = p.value("name", Json());
      Unique c_name(what + " configuration", "name", false);
      for (const auto& c : p.value("productConfigurations", Json::array())) {
        const std::string config = what + " configuration " + c.value("id", Json()).dump();
        if (!unique_id(config, c)) continue;
        named(config, c);
        c_name.add(c, out);
        const Json& model = c.value("licenseModelId", Json());
        if (!model.is_string() || !model_ids.count(model.get<std::string>()))
          out.push_back(config + ": licenseModelId " + model.dump() + " names no license model");
        config_product[c["id"].get<std::string>()] =
            pname.is_string() ? pname.get<std::string>() : "";
      }
    }
  }

  // Every key of a license, with the license that holds it.
  std::map<std::string, std::string> key_license;
  std::set<std::string> lease_ids;
  std::set<std::int64_t> binding_ids;
  auto check_license = [&](const std::string& where, const Json& box, const Json& lic) {
    const std::string what = where + " license " + lic.value("id", Json()).dump();
    if (!lic.is_object() || !unique_id(what, lic)) return;
    const Json& in_box = lic.value("licenseContainerId", Json());
    if (!in_box.is_null() && in_box != box.value("id", Json()))
      out.push_back(what + ": licenseContainerId " + in_box.dump() + " is not its container");
    const Json& product = lic.value("productName", Json());
    if (!product.is_string() || is_blank(product.get<std::string>()))
      out.push_back(what + ": productName " + product.dump());
    const Json& config = lic.value("productConfigId", Json());
    if (!config.is_null()) {
      auto c = config.is_string() ? config_product.find(config.get<std::string>())
                                  : config_product.end();
      if (c == config_product.end())
        out.push_back(what + ": productConfigId " + config.dump() + " names no configuration");
      else if (product != c->second)
        out.push_back(what + ": productName " + product.dump() + " is not its configuration's " +
                      Json(c->second).dump());
    }
    const Json& dim = lic.value("qtyDimension", Json());
    const Json& enforcement = lic.value("qtyEnforcementType", Json());
    const Json& qty = lic.value("qty", Json());
    if (dim != "SEATS" && dim != "USE_COUNT" && dim != "USE_TIME")
      out.push_back(what + ": qtyDimension " + dim.dump());
    if (enforcement != "ENFORCED" && enforcement != "METERED")
      out.push_back(what + ": qtyEnforcementType " + enforcement.dump());
    std::int64_t q = 0;
    if (!qty.is_number_integer()) {
      out.push_back(what + ": qty " + qty.dump());
    } else {
      q = qty.get<std::int64_t>();
      if (q == -1) {
        if (enforcement != "METERED") out.push_back(what + ": unlimited qty but not METERED");
      } else if (q < 1 || (dim == "SEATS" && q > 1000)) {
        out.push_back(what + ": qty " + qty.dump() + " for " + dim.dump());
      }
    }
    const Json& consumed = lic.value("consumedQty", Json(0));
    if (!consumed.is_number_integer() || consumed.get<std::int64_t>() < 0)
      out.push_back(what + ": consumedQty " + consumed.dump());
    check_timestamps(what, lic, out);

    const Json& key = lic.value("licenseKey", Json());
    if (!key.is_null()) {
      const Json& text = key.is_object() ? key.value("licenseKey", Json()) : key;
      if (key.is_object()) unique_id(what + " key", key);
      if (!text.is_string() || text.get<std::string>().empty()) {
        out.push_back(what + ": licenseKey " + key.dump());
      } else {
        auto [it, fresh] = key_license.emplace(text.get<std::string>(), lic["id"].dump());
        if (!fresh)
          out.push_back(what + ": licenseKey " + text.dump() + " is also license " + it->second +
                        "'s");
      }
    }

    // Its live leases.
    const Json& leases = lic.value("leases", Json::array());
    if (!leases.is_array()) {
      out.push_back(what + ": leases is " + leases.dump());
      return;
    }
    std::int64_t held = 0;
    for (const auto& lease : leases) {
      const std::string l = what + " lease " + lease.value("leaseId", Json()).dump();
      const Json& lid = lease.value("leaseId", Json());
      if (!is_lower_uuid(lid))
        out.push_back(l + ": leaseId is not a lowercase UUID");
      else if (!lease_ids.insert(lid.get<std::string>()).second)
        out.push_back(l + ": leaseId used twice");
      const Json& binding = lease.value("clientBindingId", Json());
      if (!binding.is_number_integer() || binding.get<std::int64_t>() < 1)
        out.push_back(l + ": clientBindingId " + binding.dump());
      else if (!binding_ids.insert(binding.get<std::int64_t>()).second)
        out.push_back(l + ": clientBindingId " + binding.dump() + " used twice");
      const Json& who = lease.value("licenseConsumerId", Json());
      if (!who.is_string() || !consumer_exists(who.get<std::string>()))
        out.push_back(l + ": licenseConsumerId " + who.dump() + " names no consumer");
      const Json& pre = lease.value("qtyPreAlloc", Json());
      if (!pre.is_number_integer() || pre.get<std::int64_t>() < 1) {
        out.push_back(l + ": qtyPreAlloc " + pre.dump());
      } else {
        if (dim == "SEATS" && pre != 1) out.push_back(l + ": a SEATS lease holding " + pre.dump());
        held += pre.get<std::int64_t>();
      }
      const Json& until = lease.value("validUntil", Json());
      const Json& license_until = lic.value("validUntil", Json());
      if (!until.is_string())
        out.push_back(l + ": validUntil " + until.dump());
      else if (license_until.is_string() &&
               until.get<std::string>() > license_until.get<std::string>())
        out.push_back(l + ": ends at " + until.dump() + ", after its license " +
                      license_until.dump());
    }
    if (enforcement == "ENFORCED" && q >= 1 && consumed.is_number_integer() &&
        held + consumed.get<std::int64_t>() > q)
      out.push_back(what + ": leases hold " + std::to_string(held) + " and " + consumed.dump() +
                    " is consumed, of qty " + std::to_string(q));
  };

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
      const Json& licenses = b.value("licenses", Json::array());
      if (!licenses.is_array()) {
        out.push_back(box + ": licenses is " + licenses.dump());
        continue;
      }
      for (const auto& lic : licenses) check_license(box, b, lic);
    }
    if (defaults != 1)
      out.push_back(what + ": " + std::to_string(defaults) + " default containers, not 1");
  }

  // Keys and their LICENSE_KEY consumers, one to one.
  for (const auto& [key, license] : key_license) {
    auto c = key_consumers.find(key);
    if (c == key_consumers.end())
      out.push_back("license " + license + ": no LICENSE_KEY consumer is named after its key " +
                    Json(key).dump());
  }
  for (const auto& [key, consumer] : key_consumers)
    if (every_key_consumer_has_a_license && !key_license.count(key))
      out.push_back("LICENSE_KEY consumer " + consumer + ": no license has its key " +
                    Json(key).dump());
  return out;
}

}  // namespace scale::testing::stress
