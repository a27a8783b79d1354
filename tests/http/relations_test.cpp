// Relations (contract section 4): every association and access path, the `default` container
// alias, and containers of another licensee.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "domain/messages.hpp"
#include "support/matchers.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;
namespace msg = scale::domain::msg;
using Catch::Matchers::Contains;

TEST_CASE("every relation path works, with the default alias", "[api][relations]") {
  TestServer s;
  const Json org = s.setup_organization({{"name", "Acme"}});
  const std::string L = "/licensees/" + id_of(org);
  const std::string D = id_of(body_of(s.get(L + "/license-containers/default")));
  const std::string B = id_of(s.create_container(id_of(org), {{"name", "Build farm"}}));
  const Json pj = s.create_consumer({{"type", "PERSON"}, {"name", "Ada"}});
  const Json vj = s.create_consumer({{"type", "DEVICE"}, {"name", "Agent"}});
  const std::string P = id_of(pj);
  const std::string V = id_of(vj);
  using Ids = std::vector<std::string>;
  // Relation lists are ordered by the consumers' created, then id (not by when related).
  const Ids PV = in_list_order({pj, vj});

  // Associate: grants the default container only. Twice lists once.
  CHECK(s.put_empty(L + "/license-consumers/" + P)->status == 204);
  CHECK(s.put_empty(L + "/license-consumers/" + P)->status == 204);
  CHECK(list_ids(s, L + "/license-consumers") == Ids{P});
  CHECK(list_ids(s, L + "/license-containers/default/license-consumers") == Ids{P});
  CHECK(list_ids(s, L + "/license-containers/" + D + "/license-consumers") == Ids{P});
  CHECK(list_ids(s, L + "/license-containers/" + B + "/license-consumers").empty());

  // Grant by id and by the alias; access implies association.
  CHECK(s.put_empty(L + "/license-containers/" + B + "/license-consumers/" + V)->status == 204);
  CHECK(s.put_empty(L + "/license-containers/default/license-consumers/" + V)->status == 204);
  CHECK(s.put_empty(L + "/license-containers/default/license-consumers/" + V)->status == 204);
  CHECK(list_ids(s, L + "/license-consumers") == PV);
  CHECK(list_ids(s, L + "/license-containers/default/license-consumers") == PV);
  CHECK(list_ids(s, L + "/license-containers/" + B + "/license-consumers") == Ids{V});

  // Revoke through the alias: the association stays; again is 404.
  CHECK(s.del(L + "/license-containers/default/license-consumers/" + V)->status == 204);
  CHECK(list_ids(s, L + "/license-containers/" + D + "/license-consumers") == Ids{P});
  CHECK(list_ids(s, L + "/license-consumers") == PV);
  auto again = s.del(L + "/license-containers/default/license-consumers/" + V);
  CHECK_THAT(again, IsEnvelope(404));
  CHECK(description_of(again) == msg::no_access(V, D));

  // Dissociate revokes every grant of this licensee; again is 404.
  CHECK(s.del(L + "/license-consumers/" + V)->status == 204);
  CHECK(list_ids(s, L + "/license-containers/" + B + "/license-consumers").empty());
  CHECK(list_ids(s, L + "/license-consumers") == Ids{P});
  auto dis_again = s.del(L + "/license-consumers/" + V);
  CHECK_THAT(dis_again, IsEnvelope(404));
  CHECK(description_of(dis_again) == msg::not_associated(V, id_of(org)));

  // The alias in container paths: GET, PUT (name), and DELETE of the default is 409.
  auto renamed = s.put_json(L + "/license-containers/default", {{"name", "Main"}});
  REQUIRE(renamed->status == 200);
  CHECK(body_of(renamed)["id"] == D);
  CHECK(body_of(renamed)["usedAsDefault"] == true);
  auto no_delete = s.del(L + "/license-containers/default");
  CHECK_THAT(no_delete, IsEnvelope(409));
  CHECK_THAT(description_of(no_delete), Contains(D));

  // Switching the default moves the alias.
  CHECK(s.put_json(L + "/license-containers/" + B, {{"usedAsDefault", true}})->status == 200);
  CHECK(body_of(s.get(L + "/license-containers/default"))["id"] == B);
  CHECK(list_ids(s, L + "/license-containers/default/license-consumers").empty());
  auto undefault = s.put_json(L + "/license-containers/default", {{"usedAsDefault", false}});
  CHECK_THAT(undefault, IsEnvelope(409));
  CHECK(description_of(undefault) == "usedAsDefault " + msg::undefault_only_default(B));

  // Unknown ids in relation paths.
  const std::string X = kUnknownId;
  CHECK_THAT(s.put_empty(L + "/license-consumers/" + X), IsEnvelope(404));
  CHECK_THAT(s.put_empty(std::string("/licensees/") + X + "/license-consumers/" + P),
             IsEnvelope(404));
  CHECK_THAT(s.put_empty(L + "/license-containers/" + X + "/license-consumers/" + P),
             IsEnvelope(404));
  CHECK_THAT(
      s.get(std::string("/licensees/") + X + "/license-containers/default/license-consumers"),
      IsEnvelope(404));
  auto bad_consumer = s.put_empty(L + "/license-consumers/nope");
  CHECK_THAT(bad_consumer, IsEnvelope(400));
  CHECK(description_of(bad_consumer) == "licenseConsumerId " + msg::not_a_uuid("nope"));
}

TEST_CASE("a container of another licensee is 404 in every container path", "[api][relations]") {
  TestServer s;
  const Json a = s.setup_organization({{"name", "A"}});
  const Json b = s.setup_organization({{"name", "B"}});
  const Json box = s.create_container(id_of(b), {{"name", "B's"}});
  const Json p = s.create_consumer({{"type", "DEVICE"}, {"name", "X"}});
  const std::string wrong = "/licensees/" + id_of(a) + "/license-containers/" + id_of(box);
  CHECK_THAT(s.get(wrong), IsEnvelope(404));
  CHECK_THAT(s.put_json(wrong, {{"name", "stolen"}}), IsEnvelope(404));
  CHECK_THAT(s.get(wrong + "/license-consumers"), IsEnvelope(404));
  CHECK_THAT(s.put_empty(wrong + "/license-consumers/" + id_of(p)), IsEnvelope(404));
  CHECK_THAT(s.del(wrong), IsEnvelope(404));
  CHECK(body_of(s.get("/licensees/" + id_of(b) + "/license-containers/" + id_of(box)))["name"] ==
        "B's");
  CHECK(s.total("/licensees/" + id_of(a) + "/license-consumers") == 0);
}
