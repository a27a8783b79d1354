#include "controls/namespaces.hpp"

#include "domain/messages.hpp"
#include "wire/codec.hpp"

namespace scale::controls {

using wire::parse_state;
using wire::pointer_description;

namespace {

domain::Error in_document(const std::string& name, domain::Error e) {
  e.field = e.field.empty() ? name : name + ": " + e.field;
  return e;
}

}  // namespace

domain::Status load_documents(store::Store& store, const std::vector<FixtureDocument>& docs) {
  std::vector<domain::StateDocument> decoded;
  decoded.reserve(docs.size());
  for (const auto& doc : docs) {
    auto d = parse_state(doc.text);
    if (!d) return in_document(doc.name, d.error());
    decoded.push_back(std::move(d).value());
  }
  if (docs.size() == 1) {
    if (auto s = store.replace(decoded[0]); !s) return in_document(docs[0].name, s.error());
    return domain::Ok();
  }
  // Several documents merge one over the other; on failure the state before is put back.
  auto before = store.dump();
  if (auto s = store.replace({}); !s) return s;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (auto s = store.merge(decoded[i]); !s) {
      (void)store.replace(before);
      return in_document(docs[i].name, s.error());
    }
  }
  return domain::Ok();
}

Namespaces::Namespaces(NamespaceDefaults defaults, std::size_t max_namespaces)
    : defaults_(std::move(defaults)), max_(max_namespaces) {}

bool Namespaces::valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::shared_ptr<Namespace> Namespaces::make(const std::string& name, std::string& error) const {
  auto ns = std::make_shared<Namespace>(name, defaults_.journal);
  ns->start_seed = defaults_.seed ? *defaults_.seed : defaults_.random_seed();
  ns->clock = std::make_shared<domain::ControllableClock>(defaults_.real_clock);
  ns->ids = std::make_shared<domain::SeededIdGenerator>(ns->start_seed);
  ns->store = std::make_shared<store::Store>(ns->clock, ns->ids);
  if (auto s = reset(*ns, false); !s) {
    error = pointer_description(s.error());
    return nullptr;
  }
  return ns;
}

domain::Result<std::shared_ptr<Namespace>> Namespaces::get(const std::string& name) {
  if (default_ready_.load(std::memory_order_acquire) && name == kDefaultNamespace) return default_;
  if (!valid_name(name))
    return domain::Error::Invalid(kNamespaceHeader, domain::msg::bad_namespace_name(name));
  std::lock_guard lock(mu_);
  if (auto it = all_.find(name); it != all_.end()) return it->second;
  if (all_.size() >= max_)
    return domain::Error::TooMany("", domain::msg::too_many_namespaces(name, max_));
  std::string error;
  auto ns = make(name, error);
  if (!ns) return domain::Error::Internal("", error);
  all_.emplace(name, ns);
  if (name == kDefaultNamespace) {
    default_ = ns;
    default_ready_.store(true, std::memory_order_release);
  }
  return ns;
}

std::size_t Namespaces::size() const {
  std::lock_guard lock(mu_);
  return all_.size();
}

domain::Status Namespaces::reset(Namespace& ns, bool to_empty) const {
  ns.ids->reseed(ns.start_seed);
  if (defaults_.clock_start) {
    ns.clock->freeze(true);
    ns.clock->set(*defaults_.clock_start);
  } else {
    ns.clock->freeze(false);
    ns.clock->set(defaults_.real_clock->now());
  }
  ns.journal.clear();
  ns.faults.clear();
  if (to_empty) return ns.store->replace({});
  return load_documents(*ns.store, defaults_.fixtures);
}

}  // namespace scale::controls
