// Reading the catalogue (contract section 10.1). Only state documents write it (state.cpp).

#include <boost/tuple/tuple.hpp>
#include <mutex>

#include "domain/messages.hpp"
#include "store/license_rules.hpp"
#include "store/rules.hpp"
#include "store/store.hpp"

namespace scale::store {

using namespace domain;

namespace {

constexpr const char* kModelKind = "license model";
constexpr const char* kProductKind = "product";

}  // namespace

PageOf<LicenseModel> Store::list_license_models(Page page) const {
  std::shared_lock lock(mu_);
  const auto& idx = t_.license_models.get<by_created>();
  return rules::cut_page(idx, idx.begin(), idx.end(), page,
                         [](const LicenseModel& m) { return m; });
}

Result<LicenseModel> Store::get_license_model(const Uuid& id) const {
  std::shared_lock lock(mu_);
  if (const LicenseModel* m = rules::find_license_model(t_, id)) return *m;
  return Error::NotFound("", msg::no_such(kModelKind, id.str()));
}

PageOf<Product> Store::list_products(Page page) const {
  std::shared_lock lock(mu_);
  const auto& idx = t_.products.get<by_created>();
  return rules::cut_page(idx, idx.begin(), idx.end(), page, [](const Product& p) { return p; });
}

Result<Product> Store::get_product(const Uuid& id) const {
  std::shared_lock lock(mu_);
  if (const Product* p = rules::find_product(t_, id)) return *p;
  return Error::NotFound("", msg::no_such(kProductKind, id.str()));
}

Result<PageOf<ProductConfiguration>> Store::list_product_configurations(const Uuid& product,
                                                                        Page page) const {
  std::shared_lock lock(mu_);
  if (!rules::find_product(t_, product))
    return Error::NotFound("", msg::no_such(kProductKind, product.str()));
  const auto& idx = t_.configurations.get<by_product>();
  auto range = idx.equal_range(boost::make_tuple(product));
  return rules::cut_page(idx, range.first, range.second, page,
                         [](const ProductConfiguration& c) { return c; });
}

Result<ProductConfiguration> Store::get_product_configuration(const Uuid& product,
                                                              const Uuid& id) const {
  std::shared_lock lock(mu_);
  if (!rules::find_product(t_, product))
    return Error::NotFound("", msg::no_such(kProductKind, product.str()));
  const ProductConfiguration* c = rules::find_configuration(t_, id);
  if (!c || c->product_id != product)
    return Error::NotFound("", msg::configuration_not_of_product(id.str(), product.str()));
  return *c;
}

}  // namespace scale::store
