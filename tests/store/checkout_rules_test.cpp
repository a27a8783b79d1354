// Which license a checkout item takes, and who may use which license (contract sections 10.3,
// 11.1 and 11.2).

#include "lease_fixture.hpp"

using namespace scale::testing;

namespace {

using Codes = std::vector<std::optional<RefusalCode>>;

d::LicenseIssue versions(std::string product, d::OptText lower, d::OptText upper) {
  d::LicenseIssue in = feature_license(std::move(product), 10);
  in.terms.allowed_version_lower_bound = std::move(lower);
  in.terms.allowed_version_upper_bound = std::move(upper);
  return in;
}

}  // namespace

// ------------------------------------------------------------------ choosing a license

TEST_CASE("an item takes the first license by created that has enough left", "[store][checkout]") {
  Checkout s;
  d::License first = s.issue("orbit", 1);
  s.fx.clock->advance(kSecond);
  d::License second = s.issue("orbit", 2);
  CHECK(s.take(as(s.ada), seat("orbit")).license_id == first.id);
  CHECK(s.take(as(s.ada), seat("orbit")).license_id == second.id);
  CHECK(s.take(as(s.ada), seat("orbit")).license_id == second.id);
  CHECK(code_of(s.checkout(as(s.ada), {seat("orbit")})[0]) == RefusalCode::kInsufficientQuantity);
}

TEST_CASE("a license of another product, dimension or enforcement is not found",
          "[store][checkout]") {
  Checkout s;
  s.issue("orbit", 5);
  s.issue("credits", 5, QtyDimension::kUseCount);
  s.issue("gauge", 5, QtyDimension::kSeats, QtyEnforcementType::kMetered);
  auto out = s.checkout(as(s.ada), {seat("Orbit"), use("orbit", 1), seat("credits"), seat("gauge"),
                                    use("credits", 1)});
  CHECK(codes_of(out) == Codes{RefusalCode::kLicenseNotFound, RefusalCode::kLicenseNotFound,
                               RefusalCode::kLicenseNotFound, RefusalCode::kLicenseNotFound,
                               std::nullopt});
}

TEST_CASE("licenses outside their validity are not valid, and used up ones count after them",
          "[store][checkout]") {
  Checkout s;
  d::LicenseIssue expired = feature_license("orbit", 5);
  expired.terms.valid_from = kStart - 10 * kDay;
  expired.terms.valid_until = kStart - kDay;
  s.issue(expired);
  d::LicenseIssue future = feature_license("orbit", 5);
  future.terms.valid_from = kStart + kDay;
  s.issue(future);
  auto out = s.checkout(as(s.ada), {seat("orbit")});
  CHECK(code_of(out[0]) == RefusalCode::kLicenseNotValid);
  CHECK(out[0].refusal().description == msg::licenses_not_valid("orbit"));

  // A valid one that is used up: INSUFFICIENT_QUANTITY, not LICENSE_NOT_VALID.
  s.issue("orbit", 1);
  s.take(as(s.ada), seat("orbit"));
  CHECK(code_of(s.checkout(as(s.ada), {seat("orbit")})[0]) == RefusalCode::kInsufficientQuantity);

  // Tomorrow the future one is valid.
  s.fx.clock->set(kStart + kDay);
  CHECK(s.checkout(as(s.ada), {seat("orbit")})[0].granted());
}

TEST_CASE("version bounds are inclusive and compare in natural order", "[store][checkout]") {
  Checkout s;
  s.issue(versions("orbit", "1.9", "1.10"));
  auto try_version = [&](std::string v) {
    return code_of(s.checkout(as(s.ada), {with_version(seat("orbit"), std::move(v))})[0]);
  };
  CHECK(try_version("1.9") == std::nullopt);
  CHECK(try_version("1.10") == std::nullopt);  // "1.10" sorts before "1.9" byte by byte
  CHECK(try_version("1.9.7") == std::nullopt);
  CHECK(try_version("1.010") == std::nullopt);
  CHECK(try_version("1.8") == RefusalCode::kVersionNotAllowed);
  CHECK(try_version("1.11") == RefusalCode::kVersionNotAllowed);
  CHECK(try_version("1.10.1") == RefusalCode::kVersionNotAllowed);
  auto refused = s.checkout(as(s.ada), {with_version(seat("orbit"), "2.0")});
  CHECK(refused[0].refusal().description == msg::version_not_allowed("orbit", "2.0"));
}

TEST_CASE("a license with version bounds refuses an item without clientVersion",
          "[store][checkout]") {
  Checkout s;
  s.issue(versions("orbit", "1.0", std::nullopt));
  auto out = s.checkout(as(s.ada), {seat("orbit")});
  CHECK(code_of(out[0]) == RefusalCode::kVersionNotAllowed);
  CHECK(out[0].refusal().description == msg::version_required("orbit"));
  // A license without bounds takes any version, or none.
  s.issue("orbit", 1);
  CHECK(s.checkout(as(s.ada), {seat("orbit")})[0].granted());
}

TEST_CASE("the version check picks among valid licenses the one admitting the version",
          "[store][checkout]") {
  Checkout s;
  d::License old_line = s.issue(versions("orbit", "1.0", "1.99"));
  d::License new_line = s.issue(versions("orbit", "2.0", std::nullopt));
  CHECK(s.take(as(s.ada), with_version(seat("orbit"), "2.3")).license_id == new_line.id);
  CHECK(s.take(as(s.ada), with_version(seat("orbit"), "1.4")).license_id == old_line.id);
}

TEST_CASE("a licenseId limits the item to that license, without fallback", "[store][checkout]") {
  Checkout s;
  d::License small = s.issue("orbit", 1);
  d::License large = s.issue("orbit", 5);
  d::License other = s.issue("beacon-x", 5);
  CHECK(s.take(as(s.ada), of_license(seat("orbit"), large.id)).license_id == large.id);
  s.take(as(s.ada), of_license(seat("orbit"), small.id));
  // Used up, though the other license of the product has seats left.
  CHECK(code_of(s.checkout(as(s.ada), {of_license(seat("orbit"), small.id)})[0]) ==
        RefusalCode::kInsufficientQuantity);
  auto out = s.checkout(
      as(s.ada), {of_license(seat("orbit"), other.id), of_license(seat("orbit"), unknown_id())});
  CHECK(codes_of(out) == Codes{RefusalCode::kLicenseNotFound, RefusalCode::kLicenseNotFound});
  CHECK(out[0].refusal().description ==
        msg::license_id_not_for(other.id.str(), "ENFORCED", "SEATS", "orbit", s.ada.id.str()));
}

// ------------------------------------------------------------------ who may use a license

TEST_CASE("PERSON and DEVICE consumers use the licenses of containers they have access to",
          "[store][checkout]") {
  Checkout s;
  LicenseContainer lab = must(s.fx.store.create_container(s.acme.id, container_named("lab")));
  s.issue(into(feature_license("lab-tool", 3), lab.id));
  s.issue("orbit", 3);
  // Associated, with access to the default container only.
  CHECK(codes_of(s.checkout(as(s.ada), {seat("lab-tool"), seat("orbit")})) ==
        Codes{RefusalCode::kLicenseNotFound, std::nullopt});
  // Not associated at all.
  CHECK(codes_of(s.checkout(as(s.eve), {seat("orbit")})) == Codes{RefusalCode::kLicenseNotFound});

  must(s.fx.store.grant(s.acme.id, ContainerRef::Of(lab.id), s.dev.id));
  CHECK(s.checkout(as(s.dev), {seat("lab-tool")})[0].granted());
  must(s.fx.store.revoke(s.acme.id, ContainerRef::Of(lab.id), s.dev.id));
  CHECK(code_of(s.checkout(as(s.dev), {seat("lab-tool")})[0]) == RefusalCode::kLicenseNotFound);
}

TEST_CASE("a key license is used only through its key", "[store][checkout]") {
  Checkout s;
  d::License keyed = s.issue(with_key(feature_license("keyed", 3), test_key(1)));
  s.issue("orbit", 3);
  // Ada has access to the container that holds it, and still may not use it.
  CHECK(code_of(s.checkout(as(s.ada), {seat("keyed")})[0]) == RefusalCode::kLicenseNotFound);
  CHECK(code_of(s.checkout(as(s.ada), {of_license(seat("keyed"), keyed.id)})[0]) ==
        RefusalCode::kLicenseNotFound);

  // The key uses its license, and only it.
  const Asker key = Asker::Key(test_key(1));
  d::Lease l = s.take(key, seat("keyed"));
  CHECK(l.license_id == keyed.id);
  const LicenseConsumer key_consumer = key_consumers(s.fx.store, test_key(1)).at(0);
  CHECK(l.consumer_id == key_consumer.id);
  CHECK(code_of(s.checkout(key, {seat("orbit")})[0]) == RefusalCode::kLicenseNotFound);

  // Its LICENSE_KEY consumer named by id may use its own key's license, and the leases are one
  // consumer's either way.
  d::Lease by_id = s.take(Asker::Consumer(key_consumer.id), seat("keyed"));
  CHECK(by_id.consumer_id == key_consumer.id);
  CHECK(s.heartbeat(key, {beat(by_id.id)})[0].granted());
  CHECK(s.release(Asker::Consumer(key_consumer.id), {release_of(l.id)})[0].released);
  CHECK(lease_violations(s.fx.store, kNoon) == "");
}

TEST_CASE("a LICENSE_KEY consumer without a license may use nothing", "[store][checkout]") {
  Checkout s;
  d::StateDocument doc;
  d::ConsumerRecord lone;
  lone.type = ConsumerType::kLicenseKey;
  lone.fields.name = test_key(5);
  doc.consumers.push_back(lone);
  must(s.fx.store.merge(doc));
  s.issue("orbit", 3);
  CHECK(code_of(s.checkout(Asker::Key(test_key(5)), {seat("orbit")})[0]) ==
        RefusalCode::kLicenseNotFound);
}

TEST_CASE("an ID token's subject names the consumer with that connectedIdentityId",
          "[store][checkout]") {
  Checkout s;
  s.issue("orbit", 3);
  d::ConsumerCreate in = consumer_input(ConsumerType::kPerson, "Ida");
  in.fields.connected_identity_id = "oidc|ida";
  LicenseConsumer ida = must(s.fx.store.create_consumer(in));
  must(s.fx.store.associate(s.acme.id, ida.id));
  d::Lease l = s.take(Asker::Identity("oidc|ida"), seat("orbit"));
  CHECK(l.consumer_id == ida.id);
  CHECK(s.release(as(ida), {release_of(l.id)})[0].released);
}
