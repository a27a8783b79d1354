#include "license_fixture.hpp"

using namespace scale::testing;

namespace {

std::vector<Uuid> model_ids(const std::vector<d::LicenseModel>& v) {
  std::vector<Uuid> out;
  for (const auto& m : v) out.push_back(m.id);
  return out;
}
std::vector<Uuid> product_ids(const std::vector<d::Product>& v) {
  std::vector<Uuid> out;
  for (const auto& p : v) out.push_back(p.id);
  return out;
}
std::vector<Uuid> configuration_ids(const std::vector<d::ProductConfiguration>& v) {
  std::vector<Uuid> out;
  for (const auto& c : v) out.push_back(c.id);
  return out;
}

}  // namespace

TEST_CASE("a catalogue loaded from a state document is read back as written",
          "[store][catalogue]") {
  StoreFixture fx;
  const CatalogueIds ids;
  must(fx.store.replace(catalogue_document(ids)));
  CHECK(fx.store.counts().products == 2);

  d::LicenseModel named = must(fx.store.get_license_model(ids.named));
  CHECK(named.name == "named-user");
  CHECK(named.concurrent_user_app_instances_per_seat == 2);
  CHECK(named.concurrent_user_devices_per_seat == 3);
  CHECK(named.max_assignments_per_user == 1);
  CHECK(named.created == kStart);  // absent: the load time
  CHECK(named.modified == kStart);
  d::LicenseModel concurrent = must(fx.store.get_license_model(ids.concurrent));
  CHECK(concurrent.concurrent_user_devices_per_seat == std::nullopt);
  CHECK(concurrent.max_assignments_per_user == std::nullopt);

  d::Product atlas = must(fx.store.get_product(ids.atlas));
  CHECK(atlas.name == "atlas");
  CHECK(atlas.display_name == "Atlas Studio");
  CHECK(atlas.external_reference == "sku-atlas");
  d::Product beacon = must(fx.store.get_product(ids.beacon));
  CHECK(beacon.display_name == std::nullopt);
  CHECK(beacon.external_reference == std::nullopt);

  d::ProductConfiguration pro = must(fx.store.get_product_configuration(ids.atlas, ids.pro));
  CHECK(pro.product_id == ids.atlas);
  CHECK(pro.name == "atlas-pro");
  CHECK(pro.display_name == "Atlas Pro");
  CHECK(pro.features == std::vector<std::string>{"sketch", "publish"});
  CHECK(pro.license_model_id == ids.named);
  CHECK(pro.qty_dimension == QtyDimension::kSeats);
  CHECK(pro.qty_enforcement_type == QtyEnforcementType::kEnforced);
  CHECK(pro.qty == 8);
  CHECK(pro.validity_days == 45);
  CHECK(pro.external_reference == "sku-pro");
  d::ProductConfiguration meter = must(fx.store.get_product_configuration(ids.beacon, ids.meter));
  CHECK(meter.qty == -1);
  CHECK(meter.qty_dimension == QtyDimension::kUseTime);
  CHECK(meter.qty_enforcement_type == QtyEnforcementType::kMetered);
  CHECK(meter.validity_days == std::nullopt);
}

TEST_CASE("catalogue lists are in created-then-id order and page with a total",
          "[store][catalogue]") {
  StoreFixture fx;
  const CatalogueIds ids;
  d::StateDocument doc = catalogue_document(ids);
  // The second model and product created first; the configurations of atlas in reverse.
  doc.license_models[1].created = kStart - 1000;
  doc.products[1].created = kStart - 1000;
  doc.products[0].configurations[1].created = kStart - 500;
  must(fx.store.replace(doc));

  CHECK(model_ids(fx.store.list_license_models(all()).items) ==
        std::vector<Uuid>{ids.concurrent, ids.named});
  CHECK(product_ids(fx.store.list_products(all()).items) ==
        std::vector<Uuid>{ids.beacon, ids.atlas});
  auto configs = must(fx.store.list_product_configurations(ids.atlas, all()));
  CHECK(configuration_ids(configs.items) == std::vector<Uuid>{ids.credits, ids.pro});
  CHECK(configs.total == 2);

  auto page = fx.store.list_products({1, 1});
  CHECK(page.total == 2);
  CHECK(product_ids(page.items) == std::vector<Uuid>{ids.atlas});
  auto empty = fx.store.list_license_models({5, 10});
  CHECK(empty.total == 2);
  CHECK(empty.items.empty());
  auto one = must(fx.store.list_product_configurations(ids.atlas, {0, 1}));
  CHECK(one.total == 2);
  CHECK(configuration_ids(one.items) == std::vector<Uuid>{ids.credits});
}

TEST_CASE("a product's configurations are read under it only", "[store][catalogue]") {
  StoreFixture fx;
  const CatalogueIds ids;
  must(fx.store.replace(catalogue_document(ids)));
  CHECK(configuration_ids(must(fx.store.list_product_configurations(ids.beacon, all())).items) ==
        std::vector<Uuid>{ids.meter});
  auto err = must_fail(fx.store.get_product_configuration(ids.beacon, ids.pro));
  CHECK(err.kind == ErrorKind::kNotFound);
  CHECK(err.reason == msg::configuration_not_of_product(ids.pro.str(), ids.beacon.str()));
}

TEST_CASE("unknown catalogue ids are not found, naming the id", "[store][catalogue]") {
  StoreFixture fx;
  must(fx.store.replace(catalogue_document()));
  const Uuid x = unknown_id();
  auto model = must_fail(fx.store.get_license_model(x));
  CHECK(model.kind == ErrorKind::kNotFound);
  CHECK(model.reason == msg::no_such("license model", x.str()));
  auto product = must_fail(fx.store.get_product(x));
  CHECK(product.kind == ErrorKind::kNotFound);
  CHECK(product.reason == msg::no_such("product", x.str()));
  CHECK(must_fail(fx.store.list_product_configurations(x, all())).reason ==
        msg::no_such("product", x.str()));
  CHECK(must_fail(fx.store.get_product_configuration(x, CatalogueIds{}.pro)).kind ==
        ErrorKind::kNotFound);
}

TEST_CASE("an empty store has an empty catalogue", "[store][catalogue]") {
  StoreFixture fx;
  CHECK(fx.store.list_license_models(all()).total == 0);
  CHECK(fx.store.list_products(all()).items.empty());
  CHECK(fx.store.counts().products == 0);
}
