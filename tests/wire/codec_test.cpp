// The JSON codec in-process: strict parsing, decoding that names the offending field and never
// coerces, absent == null == "", encoding in the contract's field order with nulls, and state
// documents whose errors carry JSON pointers and which survive a round trip.

#include "wire/codec.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/fixtures.hpp"
#include "domain/messages.hpp"
#include "domain/time.hpp"
#include "support/json_keys.hpp"
#include "wire/writer.hpp"

using namespace scale;
using scale::testing::keys_of;
using wire::Json;
namespace d = scale::domain;
namespace msg = scale::domain::msg;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

d::Uuid uuid(const char* text) {
  return *d::Uuid::parse(text);
}

// 2026-01-10T08:00:00.000Z
constexpr d::Timestamp kT0 = 1768032000000;

// Checks that `out` says everything `given` says: each key of a given object (recursively),
// each item of a given array, each given scalar. A given string where `out` has an object is
// a shorthand (a feature's name, a license's key string) for that object's `shorthand` field.
void check_said(const Json& given, const Json& out, const std::string& where,
                const std::string& shorthand = "") {
  INFO(where);
  if (given.is_object()) {
    REQUIRE(out.is_object());
    for (auto it = given.begin(); it != given.end(); ++it) {
      const std::string& k = it.key();
      const std::string next = k == "features" ? "feature" : k == "licenseKey" ? "licenseKey" : "";
      check_said(*it, out[k], where + "/" + k, next);
    }
  } else if (given.is_array()) {
    REQUIRE(out.is_array());
    REQUIRE(out.size() == given.size());
    for (std::size_t i = 0; i < given.size(); ++i)
      check_said(given[i], out[i], where + "/" + std::to_string(i), shorthand);
  } else if (given.is_string() && out.is_object() && !shorthand.empty()) {
    CHECK(out[shorthand] == given);
  } else {
    CHECK(out == given);
  }
}

}  // namespace

// ================================================================== parse_object

TEST_CASE("parse_object accepts only one strict JSON object", "[codec][json]") {
  CHECK(wire::parse_object(R"({"name":"A"})"));
  CHECK(wire::parse_object(" \n{ } \t"));
  for (const char* bad : {"", "{", "[]", "\"x\"", "null", "1", "{\"a\":1} x", "{\"a\":1,}",
                          "{\"a\":NaN}", "// c\n{}", "{/* c */}", "{\"a\":\"\x01\"}", "{'a':1}"}) {
    INFO(bad);
    auto r = wire::parse_object(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == d::ErrorKind::kInvalid);
    CHECK(r.error().field.empty());
  }
  CHECK_THAT(wire::parse_object("[]").error().reason, Contains("object"));
  CHECK_THAT(wire::parse_object("{").error().reason, Contains("not valid JSON"));
}

TEST_CASE("a NUL byte in JSON text is malformed, never the end of the input", "[codec][json]") {
  // nlohmann's lexer takes a NUL for the end of the input even when it is given a length.
  using namespace std::string_literals;
  for (const std::string& bad : {"{\"name\":\"A\"}\0"s, "{\"name\":\"A\"}\0{\"x\":1}"s,
                                 "{\"name\":\"A\",\"n\":1}\0 garbage"s, "\0{}"s, "{}\0"s}) {
    INFO(Json(bad).dump());
    auto r = wire::parse_object(bad);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().reason, Contains("not valid JSON"));
    CHECK_FALSE(wire::parse_state(bad));
  }
  CHECK(wire::parse_json("{}\0"s).is_discarded());
  CHECK(wire::parse_json("[1]"s) == Json::array({1}));
}

TEST_CASE("parse_object keeps the last of a repeated key", "[codec][json]") {
  auto r = wire::parse_object(R"({"name":"a","x":1,"name":"b"})");
  REQUIRE(r);
  CHECK((*r)["name"] == "b");
  CHECK(r->size() == 2);
}

// ================================================================== decoding request bodies

TEST_CASE("decoders name the field whose JSON type is wrong, and never coerce", "[codec][decode]") {
  struct Case {
    const char* what;
    Json body;
    const char* field;
  };
  const std::vector<Case> setup = {
      {"name number", {{"name", 5}}, "name"},
      {"name bool", {{"name", true}}, "name"},
      {"name array", {{"name", Json::array({"a"})}}, "name"},
      {"displayName object", {{"name", "A"}, {"displayName", Json::object()}}, "displayName"},
      {"naturalId number", {{"name", "A"}, {"naturalId", 1}}, "naturalId"},
      {"email bool", {{"name", "A"}, {"email", false}}, "email"},
      {"description number", {{"name", "A"}, {"description", 1.5}}, "description"},
      {"externalReference array",
       {{"name", "A"}, {"externalReference", Json::array()}},
       "externalReference"},
      {"type number", {{"name", "A"}, {"type", 1}}, "type"},
      {"connectedIdentityId number",
       {{"name", "A"}, {"connectedIdentityId", 7}},
       "connectedIdentityId"},
  };
  for (const auto& c : setup) {
    INFO(c.what);
    auto r = wire::decode_licensee_setup(c.body);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == d::ErrorKind::kInvalid);
    CHECK(r.error().field == c.field);
    CHECK(r.error().reason == "must be a string");
  }

  auto box = wire::decode_container_create({{"usedAsDefault", "true"}});
  REQUIRE_FALSE(box);
  CHECK(box.error().field == "usedAsDefault");
  CHECK(box.error().description() == "usedAsDefault must be true or false");
  CHECK_FALSE(wire::decode_container_create({{"usedAsDefault", 1}}));
  CHECK_FALSE(wire::decode_container_create({{"usedAsDefault", 0}}));
  CHECK_FALSE(wire::decode_container_update({{"usedAsDefault", "false"}}));
  CHECK(wire::decode_container_update({{"name", 3}}).error().field == "name");

  auto con = wire::decode_consumer_create({{"type", "DEVICE"}, {"name", "A"}, {"contactInfo", 1}});
  REQUIRE_FALSE(con);
  CHECK(con.error().field == "contactInfo");
  CHECK(wire::decode_consumer_update({{"displayLabel", true}}).error().field == "displayLabel");
  CHECK(wire::decode_licensee_update({{"modified", 17}}).error().field == "modified");
}

TEST_CASE("decoders reject values of the right type but the wrong form", "[codec][decode]") {
  auto type = wire::decode_consumer_create({{"type", "ROBOT"}, {"name", "A"}});
  REQUIRE_FALSE(type);
  CHECK(type.error().field == "type");
  CHECK_THAT(type.error().reason, StartsWith(msg::quoted("ROBOT") + " is not one of"));
  CHECK_THAT(type.error().reason, Contains("LICENSE_KEY"));

  // Enumerations are exact: no case folding.
  CHECK_FALSE(wire::decode_licensee_setup({{"name", "A"}, {"type", "person"}}));

  auto id = wire::decode_licensee_update({{"id", "nope"}, {"name", "A"}});
  REQUIRE_FALSE(id);
  CHECK(id.error().field == "id");
  CHECK(id.error().reason == msg::not_a_uuid("nope"));

  auto created = wire::decode_container_update({{"created", "yesterday"}});
  REQUIRE_FALSE(created);
  CHECK(created.error().field == "created");
  CHECK_THAT(created.error().reason, StartsWith(msg::quoted("yesterday")));

  // A LICENSE_KEY type decodes; refusing it is the store's business.
  auto key = wire::decode_consumer_create({{"type", "LICENSE_KEY"}, {"name", "K"}});
  REQUIRE(key);
  CHECK(key->type == d::ConsumerType::kLicenseKey);
}

TEST_CASE("null, a missing key and an empty string all mean absent", "[codec][decode]") {
  auto r = wire::decode_licensee_setup({{"name", "A"},
                                        {"displayName", nullptr},
                                        {"naturalId", ""},
                                        {"email", ""},
                                        {"externalReference", nullptr},
                                        {"connectedIdentityId", ""},
                                        {"type", ""}});
  REQUIRE(r);
  CHECK(r->fields.name == "A");
  CHECK_FALSE(r->fields.display_name);
  CHECK_FALSE(r->fields.natural_id);
  CHECK_FALSE(r->fields.email);
  CHECK_FALSE(r->fields.description);
  CHECK_FALSE(r->fields.external_reference);
  CHECK_FALSE(r->connected_identity_id);
  CHECK_FALSE(r->type);

  // "" in a required field is absent too (the store then says "is required").
  auto empty_name = wire::decode_consumer_create({{"type", "PERSON"}, {"name", ""}});
  REQUIRE(empty_name);
  CHECK_FALSE(empty_name->fields.name);

  // Whitespace is not trimmed and is not absent.
  auto spaced = wire::decode_licensee_setup({{"name", " A "}, {"email", " "}});
  REQUIRE(spaced);
  CHECK(spaced->fields.name == " A ");
  CHECK(spaced->fields.email == " ");

  // Read-only fields given as null or "" are absent, so they need not match.
  auto update = wire::decode_licensee_update(
      {{"id", ""}, {"created", nullptr}, {"modified", ""}, {"name", "A"}});
  REQUIRE(update);
  CHECK_FALSE(update->id);
  CHECK_FALSE(update->created);
  CHECK_FALSE(update->modified);
}

TEST_CASE("container decoding: usedAsDefault defaults on create and stays absent on update",
          "[codec][decode]") {
  auto create = wire::decode_container_create(Json::object());
  REQUIRE(create);
  CHECK_FALSE(create->used_as_default);
  CHECK_FALSE(create->name);
  auto create_null = wire::decode_container_create({{"usedAsDefault", nullptr}});
  REQUIRE(create_null);
  CHECK_FALSE(create_null->used_as_default);
  CHECK(wire::decode_container_create({{"usedAsDefault", true}})->used_as_default);

  auto update = wire::decode_container_update({{"name", "Main"}});
  REQUIRE(update);
  CHECK_FALSE(update->used_as_default.has_value());
  auto off = wire::decode_container_update({{"usedAsDefault", false}});
  REQUIRE(off);
  REQUIRE(off->used_as_default.has_value());
  CHECK_FALSE(*off->used_as_default);
}

TEST_CASE("decoders ignore unknown fields and read the known ones", "[codec][decode]") {
  auto r = wire::decode_consumer_update({{"type", "DEVICE"},
                                         {"name", "Box"},
                                         {"displayLabel", "Label"},
                                         {"id", "0FD630F1-F29D-4DA9-953F-48F1A09F76B5"},
                                         {"created", "2026-01-10T08:00:00.000Z"},
                                         {"colour", Json::array({1, 2})},
                                         {"licenseConsumerIds", 5}});
  REQUIRE(r);
  CHECK(r->type == d::ConsumerType::kDevice);
  CHECK(r->fields.name == "Box");
  CHECK(r->fields.display_label == "Label");
  REQUIRE(r->id);
  CHECK(r->id->str() == "0fd630f1-f29d-4da9-953f-48f1a09f76b5");
  CHECK(r->created == kT0);
  CHECK_FALSE(r->modified);
}

// ================================================================== encoding

TEST_CASE("encode writes every field in the contract's order, absent ones as null",
          "[codec][encode]") {
  d::Licensee l;
  l.id = uuid("923a7369-94e3-4f91-9a61-dbe22e44158b");
  l.type = d::LicenseeType::kPerson;
  l.name = "Eva";
  l.natural_id = "n-1";
  l.email = "eva@mail.example";
  l.created = kT0;
  l.modified = kT0 + 1;
  const Json lj = wire::encode(l);
  CHECK(keys_of(lj) == std::vector<std::string>{"id", "type", "name", "displayName", "naturalId",
                                                "email", "description", "externalReference",
                                                "created", "modified"});
  CHECK(
      lj.dump() ==
      R"({"id":"923a7369-94e3-4f91-9a61-dbe22e44158b","type":"PERSON","name":"Eva","displayName":null,)"
      R"("naturalId":"n-1","email":"eva@mail.example","description":null,"externalReference":null,)"
      R"("created":"2026-01-10T08:00:00.000Z","modified":"2026-01-10T08:00:00.001Z"})");

  d::LicenseContainer c;
  c.id = uuid("0fd630f1-f29d-4da9-953f-48f1a09f76b5");
  c.licensee_id = l.id;
  c.used_as_default = true;
  c.created = c.modified = kT0;
  const Json cj = wire::encode(c);
  CHECK(keys_of(cj) ==
        std::vector<std::string>{"id", "name", "usedAsDefault", "created", "modified"});
  CHECK(cj["name"].is_null());
  CHECK(cj["usedAsDefault"] == true);
  CHECK_FALSE(cj.contains("licenseeId"));

  d::LicenseConsumer p;
  p.id = uuid("6513270e-269e-4d37-b2a7-4de452e6b438");
  p.type = d::ConsumerType::kLicenseKey;
  p.name = "K7QX";
  p.natural_id = "key-1";
  p.contact_info = "desk";
  p.created = p.modified = kT0;
  const Json pj = wire::encode(p);
  CHECK(keys_of(pj) == std::vector<std::string>{"id", "type", "name", "displayName", "displayLabel",
                                                "email", "connectedIdentityId", "contactInfo",
                                                "description", "externalReference", "naturalId",
                                                "created", "modified"});
  CHECK(pj["type"] == "LICENSE_KEY");
  CHECK(pj["contactInfo"] == "desk");
  for (const char* k : {"displayName", "displayLabel", "email", "connectedIdentityId",
                        "description", "externalReference"}) {
    INFO(k);
    CHECK(pj[k].is_null());
  }
}

TEST_CASE("encode writes ids in lowercase whatever case they were parsed from", "[codec][encode]") {
  d::Licensee l;
  l.id = uuid("923A7369-94E3-4F91-9A61-DBE22E44158B");
  l.name = "A";
  l.natural_id = "n";
  CHECK(wire::encode(l)["id"] == "923a7369-94e3-4f91-9a61-dbe22e44158b");
  CHECK(wire::encode(l)["type"] == "ORGANIZATION");
}

// ================================================================== state documents

TEST_CASE("decode_state names the JSON pointer of the offending value", "[codec][state]") {
  const Json org = {{"type", "ORGANIZATION"}, {"name", "A"}};
  struct Case {
    const char* what;
    Json doc;
    const char* pointer;
  };
  const std::vector<Case> cases = {
      {"container flag of the second licensee",
       {{"licensees",
         Json::array({org,
                      {{"type", "ORGANIZATION"},
                       {"name", "B"},
                       {"licenseContainers", Json::array({{{"usedAsDefault", "true"}}})}}})}},
       "/licensees/1/licenseContainers/0/usedAsDefault"},
      {"licensees not an array", {{"licensees", Json::object()}}, "/licensees"},
      {"a licensee not an object", {{"licensees", Json::array({org, 3})}}, "/licensees/1"},
      {"containers not an array",
       {{"licensees", Json::array({{{"name", "A"}, {"licenseContainers", "x"}}})}},
       "/licensees/0/licenseContainers"},
      {"licensee name",
       {{"licensees", Json::array({{{"type", "ORGANIZATION"}, {"name", 1}}})}},
       "/licensees/0/name"},
      {"licensee type",
       {{"licensees", Json::array({{{"type", "CLUB"}, {"name", "A"}}})}},
       "/licensees/0/type"},
      {"licensee id",
       {{"licensees", Json::array({{{"id", "x"}, {"name", "A"}}})}},
       "/licensees/0/id"},
      {"licensee created",
       {{"licensees", Json::array({{{"name", "A"}, {"created", "2026-13-40T00:00:00Z"}}})}},
       "/licensees/0/created"},
      {"an associated consumer id",
       {{"licensees",
         Json::array({{{"name", "A"},
                       {"licenseConsumerIds",
                        Json::array({"6513270e-269e-4d37-b2a7-4de452e6b438", "nope"})}}})}},
       "/licensees/0/licenseConsumerIds/1"},
      {"a granted consumer id of the wrong type",
       {{"licensees", Json::array({{{"name", "A"},
                                    {"licenseContainers", Json::array({{{"usedAsDefault", true},
                                                                        {"licenseConsumerIds",
                                                                         Json::array({7})}}})}}})}},
       "/licensees/0/licenseContainers/0/licenseConsumerIds/0"},
      {"consumers not an array", {{"licenseConsumers", "x"}}, "/licenseConsumers"},
      {"consumer type",
       {{"licenseConsumers",
         Json::array({{{"type", "PERSON"}, {"name", "A"}}, {{"type", "ROBOT"}, {"name", "B"}}})}},
       "/licenseConsumers/1/type"},
      {"consumer email",
       {{"licenseConsumers", Json::array({{{"type", "PERSON"}, {"name", "A"}, {"email", 5}}})}},
       "/licenseConsumers/0/email"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    auto r = wire::decode_state(c.doc);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == d::ErrorKind::kInvalid);
    CHECK(r.error().field == c.pointer);
    CHECK_THAT(wire::pointer_description(r.error()), StartsWith(std::string(c.pointer) + ": "));
  }

  auto flag = wire::decode_state(cases[0].doc);
  CHECK(wire::pointer_description(flag.error()) ==
        "/licensees/1/licenseContainers/0/usedAsDefault: must be true or false");
  auto id = wire::decode_state(cases[8].doc);
  CHECK(wire::pointer_description(id.error()) ==
        "/licensees/0/licenseConsumerIds/1: " + msg::not_a_uuid("nope"));

  auto not_object = wire::decode_state(Json::array());
  REQUIRE_FALSE(not_object);
  CHECK(not_object.error().field.empty());
  CHECK(wire::pointer_description(not_object.error()) == not_object.error().reason);
}

TEST_CASE("decode_state names the first wrong value in the contract's field order",
          "[codec][state]") {
  // Section 7 lists licensees before licenseConsumers, and a licensee's licenseContainers
  // before its licenseConsumerIds; where they sit in the text does not matter. (The reader
  // before the field lists named the consumer's email and the consumer id here.)
  auto lists = wire::decode_state(
      Json::parse(R"({"licenseConsumers":[{"type":"PERSON","name":"A","email":5}],)"
                  R"("licensees":[{"type":"ORGANIZATION","name":7}]})"));
  REQUIRE_FALSE(lists);
  CHECK(lists.error().field == "/licensees/0/name");
  auto fields = wire::decode_state(Json::parse(
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","licenseConsumerIds":["nope"],)"
      R"("licenseContainers":[{"usedAsDefault":"x"}]}]})"));
  REQUIRE_FALSE(fields);
  CHECK(fields.error().field == "/licensees/0/licenseContainers/0/usedAsDefault");
  // parse_state, from the text, says the same.
  auto parsed = wire::parse_state(R"({"licenseConsumers":[{"type":"PERSON","name":"A","email":5}],)"
                                  R"("licensees":[{"type":"ORGANIZATION","name":7}]})");
  REQUIRE_FALSE(parsed);
  CHECK(wire::pointer_description(parsed.error()) == "/licensees/0/name: must be a string");
}

TEST_CASE("decode_state reads what it is given and leaves the rest absent", "[codec][state]") {
  CHECK(wire::decode_state(Json::object()));
  CHECK(wire::decode_state({{"licensees", nullptr}, {"licenseConsumers", Json::array()}}));

  const Json doc = {
      {"licensees",
       Json::array(
           {{{"id", "923A7369-94E3-4F91-9A61-DBE22E44158B"},
             {"type", "PERSON"},
             {"name", "Eva"},
             {"email", ""},
             {"licenseContainers",
              Json::array(
                  {{{"name", "main"},
                    {"usedAsDefault", true},
                    {"licenseConsumerIds", Json::array({"6513270e-269e-4d37-b2a7-4de452e6b438"})}},
                   Json::object()})},
             {"licenseConsumerIds", Json::array({"6513270e-269e-4d37-b2a7-4de452e6b438"})}}})},
      {"licenseConsumers", Json::array({{{"id", "6513270e-269e-4d37-b2a7-4de452e6b438"},
                                         {"type", "LICENSE_KEY"},
                                         {"name", "K"}}})}};
  auto r = wire::decode_state(doc);
  REQUIRE(r);
  REQUIRE(r->licensees.size() == 1);
  const auto& l = r->licensees[0];
  CHECK(l.id == uuid("923a7369-94e3-4f91-9a61-dbe22e44158b"));
  CHECK(l.type == d::LicenseeType::kPerson);
  CHECK_FALSE(l.fields.email);
  CHECK_FALSE(l.created);
  REQUIRE(l.containers.size() == 2);
  CHECK(l.containers[0].used_as_default);
  CHECK(l.containers[0].consumer_ids ==
        std::vector<d::Uuid>{uuid("6513270e-269e-4d37-b2a7-4de452e6b438")});
  CHECK_FALSE(l.containers[1].used_as_default);
  CHECK_FALSE(l.containers[1].id);
  CHECK(l.consumer_ids.size() == 1);
  REQUIRE(r->consumers.size() == 1);
  CHECK(r->consumers[0].type == d::ConsumerType::kLicenseKey);
}

TEST_CASE("encode(StateDocument) then decode_state gives the same document", "[codec][state]") {
  // The embedded default fixtures: every kind of record, relation and optional field.
  const Json fixtures = Json::parse(app::default_fixtures());
  auto first = wire::decode_state(fixtures);
  REQUIRE(first);
  const Json encoded = wire::encode(*first);
  auto second = wire::decode_state(encoded);
  REQUIRE(second);
  CHECK(wire::encode(*second) == encoded);

  // Nothing the fixtures said was lost on the way: the catalogue and the licenses (with their
  // shorthands) included.
  for (const char* top : {"licenseModels", "products"}) {
    REQUIRE(fixtures.contains(top));
    check_said(fixtures[top], encoded[top], std::string("/") + top);
  }
  REQUIRE(encoded["licensees"].size() == fixtures["licensees"].size());
  REQUIRE(encoded["licenseConsumers"].size() == fixtures["licenseConsumers"].size());
  for (std::size_t i = 0; i < fixtures["licensees"].size(); ++i) {
    const Json& given = fixtures["licensees"][i];
    const Json& out = encoded["licensees"][i];
    INFO("licensee " << i);
    for (auto it = given.begin(); it != given.end(); ++it) {
      if (it.key() == "licenseContainers") {
        REQUIRE(out[it.key()].size() == it->size());
        for (std::size_t k = 0; k < it->size(); ++k)
          check_said((*it)[k], out[it.key()][k],
                     "/licensees/" + std::to_string(i) + "/licenseContainers/" + std::to_string(k));
      } else {
        CHECK(out[it.key()] == *it);
      }
    }
  }
  for (std::size_t i = 0; i < fixtures["licenseConsumers"].size(); ++i) {
    INFO("consumer " << i);
    const Json& given = fixtures["licenseConsumers"][i];
    for (auto it = given.begin(); it != given.end(); ++it)
      CHECK(encoded["licenseConsumers"][i][it.key()] == *it);
  }
  // Absent optional fields are written as null, and the container keys come in order.
  CHECK(encoded["licensees"][2]["email"].is_null());
  CHECK(keys_of(encoded["licensees"][0]["licenseContainers"][0]) ==
        std::vector<std::string>{"id", "name", "usedAsDefault", "created", "modified",
                                 "licenseConsumerIds", "licenses"});
  CHECK(keys_of(encoded) ==
        std::vector<std::string>{"licensees", "licenseConsumers", "licenseModels", "products"});
  // Without licenses and a catalogue, a section 7 document stays what it was.
  CHECK(keys_of(encoded["licensees"][4]["licenseContainers"][0]) ==
        std::vector<std::string>{"id", "name", "usedAsDefault", "created", "modified",
                                 "licenseConsumerIds"});
  Json plain = fixtures;
  plain.erase("licenseModels");
  plain.erase("products");
  for (auto& l : plain["licensees"])
    for (auto& c : l["licenseContainers"]) c.erase("licenses");
  auto section7 = wire::decode_state(plain);
  REQUIRE(section7);
  CHECK(keys_of(wire::encode(*section7)) ==
        std::vector<std::string>{"licensees", "licenseConsumers"});
}

// ================================================================== fast paths
// to_json, the request-body readers and read_state_text each stand beside a general path
// through Json trees, and must give exactly what the general path gives.

namespace {

std::string dumped(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Text that needs nothing, text that needs escapes, UTF-8, and bytes that are not UTF-8.
const std::vector<std::string> kAwkwardTexts = {"plain",
                                                "quote \" and backslash \\",
                                                "tab\there",
                                                "newline\nand\rreturn",
                                                std::string("nul \0 inside", 12),
                                                "\x01 control",
                                                "del \x7f",
                                                "M\xc3\xa4kinen Oy",
                                                "\xe6\x97\xa5\xe6\x9c\xac",
                                                "emoji \xf0\x9f\x98\x80",
                                                "bad utf-8 \xff\xfe end",
                                                "truncated \xe2\x82",
                                                "/slash </script>"};

}  // namespace

TEST_CASE("to_json writes exactly what encode(...).dump() writes", "[codec][encode][fast]") {
  for (const auto& text : kAwkwardTexts) {
    INFO(text);
    d::Licensee l;
    l.id = uuid("923A7369-94E3-4F91-9A61-DBE22E44158B");
    l.type = d::LicenseeType::kPerson;
    l.name = text;
    l.display_name = text;
    l.natural_id = text;
    l.email = text;
    l.external_reference = text;
    l.created = kT0;
    l.modified = kT0 + 1;
    CHECK(wire::to_json(l) == dumped(wire::encode(l)));

    d::LicenseContainer c;
    c.id = uuid("6513270e-269e-4d37-b2a7-4de452e6b438");
    c.licensee_id = l.id;
    c.name = text;
    c.used_as_default = true;
    c.created = kT0 + 999;
    c.modified = kT0 + 86400000;
    CHECK(wire::to_json(c) == dumped(wire::encode(c)));
    c.name.reset();
    c.used_as_default = false;
    CHECK(wire::to_json(c) == dumped(wire::encode(c)));

    d::LicenseConsumer k;
    k.id = uuid("00000000-0000-0000-0000-000000000000");
    k.type = d::ConsumerType::kLicenseKey;
    k.name = text;
    k.display_label = text;
    k.connected_identity_id = text;
    k.contact_info = text;
    k.description = text;
    k.natural_id = text;
    k.created = -1;
    k.modified = 253402300800000;  // year 10000: the general timestamp form
    CHECK(wire::to_json(k) == dumped(wire::encode(k)));

    d::Licensee other = l;
    other.display_name.reset();
    other.email.reset();
    CHECK(wire::to_json(std::vector<d::Licensee>{l, other}) ==
          dumped(Json::array({wire::encode(l), wire::encode(other)})));
    CHECK(wire::to_json(std::vector<d::LicenseContainer>{c}) ==
          dumped(Json::array({wire::encode(c)})));
    CHECK(wire::to_json(std::vector<d::LicenseConsumer>{k, k}) ==
          dumped(Json::array({wire::encode(k), wire::encode(k)})));
  }
  CHECK(wire::to_json(std::vector<d::Licensee>{}) == "[]");
}

TEST_CASE("a string is written as Json::dump() writes it, whatever byte is where",
          "[codec][encode][fast]") {
  // Strings are checked eight bytes at a time: each byte value at each place in the first
  // words and in the last, partial, one.
  for (int byte = 0; byte < 256; ++byte) {
    for (std::size_t before = 0; before <= 17; ++before) {
      for (std::size_t after : {0, 1, 6, 7, 8}) {
        const std::string text =
            std::string(before, 'a') + static_cast<char>(byte) + std::string(after, 'z');
        INFO("byte " << byte << " after " << before << " of " << text.size());
        std::string out = "[";
        wire::append_string(out, text);
        REQUIRE(out == "[" + dumped(Json(text)));
      }
    }
  }
  // Every length up to a few words, plain and with one byte to escape at the end.
  for (std::size_t n = 0; n <= 40; ++n) {
    for (const std::string& text : {std::string(n, '~'), std::string(n, ' ') + "\x7f\\"}) {
      std::string out;
      wire::append_string(out, text);
      CHECK(out == dumped(Json(text)));
    }
  }
  for (const auto& text : kAwkwardTexts) {
    std::string out = "x";
    wire::append_string(out, text);
    CHECK(out == "x" + dumped(Json(text)));
  }
}

TEST_CASE("parse_object gives what Json::parse gives, whatever the shape", "[codec][json][fast]") {
  for (const char* body :
       {R"({"name":"A","email":"a@b.example"})",
        " {\n\"a\" : null ,\"b\":true,\t\"c\":false } \r\n", "{}", "{ }",
        R"({"a":"1","b":"x","a":"2"})", R"({"a":"1","b":2,"a":null})", R"({"":""})",
        R"({"a":"x","b":{"c":1}})", R"({"a":1.5})", R"({"a":-0})", R"({"a":"\u00e4"})",
        "{\"a\":\"M\xc3\xa4kinen\"}", R"({"a":"esc\"aped"})", R"({"a":[1,"2",null]})",
        "\xef\xbb\xbf{\"a\":\"bom\"}"}) {
    INFO(body);
    auto r = wire::parse_object(body);
    REQUIRE(r);
    const Json general = Json::parse(body);
    CHECK(*r == general);
    CHECK(dumped(*r) == dumped(general));  // the same keys in the same order
  }
  // What the flat path would misread if it were careless: all refused, as by Json::parse.
  for (const char* bad :
       {"{\"a\":nul}", "{\"a\":truex}", "{\"a\":\"x\"\"b\":\"y\"}", "{\"a\"\"x\"}",
        "{\"a\":\"x\",}", "{,}", "{\"a\":\"x\"} {}", "{\"a\":\"\xff\"}", "{\"a\":\"\xc0\xaf\"}",
        "{\"a\":\"x\n\"}", "{\"a\":\"x}"}) {
    INFO(bad);
    CHECK_FALSE(wire::parse_object(bad));
  }
}

TEST_CASE("read_state_text reads what decode_state reads", "[codec][state][fast]") {
  const std::string docs[] = {
      std::string(app::default_fixtures()),
      // Escapes, UTF-8, an unknown field with nested values, a repeated key (the last counts).
      "{\"licensees\":[{\"type\":\"PERSON\",\"name\":\"Tab\\there \\\"q\\\" \\/ M\xc3\xa4kinen "
      "\xf0\x9f\x98\x80\",\"naturalId\":\"n1\",\"email\":\"a@b.example\","
      "\"unknown\":{\"x\":[true,null,\"s\",{}],\"y\":[]},\"name\":\"Renamed\"}],\"extra\":\"x\"}",
      R"({"licensees":null,"licenseConsumers":[{"id":"6513270E-269e-4d37-b2a7-4de452e6b438",
          "type":"DEVICE","name":"D","displayLabel":"","created":"2026-01-01T00:00:00Z",
          "modified":"2026-01-02T00:00:00.5+02:00","contactInfo":null}]})",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","licenseContainers":[
          {"name":"","usedAsDefault":null},
          {"id":"10000000-0000-4000-8000-000000000001","name":"b","usedAsDefault":true,
           "licenseConsumerIds":["6513270e-269e-4d37-b2a7-4de452e6b438"]}],
          "licenseConsumerIds":[]}]})",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","licenseContainers":[{"name":"x"}],
          "licenseContainers":null,"licenseConsumerIds":null}],"licensees":[]})",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","licenseContainers":[{"name":"x"}],
          "licenseContainers":null}]})",
      " \t\n{}\r\n",
      // \u escapes, a number in an unknown field, a byte order mark: nlohmann's own lexer.
      R"({"licensees":[{"type":"ORGANIZATION","name":"\u00e4\ud83d\ude00"}]})",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","rank":1}]})",
      "\xef\xbb\xbf{}",
  };
  for (const auto& text : docs) {
    INFO(text);
    auto fast = wire::read_state_text(text);
    REQUIRE(fast);
    auto general = wire::decode_state(Json::parse(text));
    REQUIRE(general);
    CHECK(wire::encode(*fast) == wire::encode(*general));
    auto parsed = wire::parse_state(text);
    REQUIRE(parsed);
    CHECK(wire::encode(*parsed) == wire::encode(*general));
  }
}

TEST_CASE("read_state_text leaves to the general path what it does not read itself",
          "[codec][state][fast]") {
  const std::string docs[] = {
      R"({"licensees":[{"type":"ORGANIZATION","name":5}]})",  // wrong type
      R"({"licensees":[{"type":"ROBOT","name":"A"}]})",       // wrong value
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","id":"nope"}]})",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","created":"yesterday"}]})",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","licenseConsumerIds":[null]}]})",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","licenseConsumerIds":[""]}]})",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A","licenseContainers":[{"usedAsDefault":"yes"}]}]})",
      R"({"licensees":{"type":"ORGANIZATION"}})",
      R"({"licensees":["A"]})",
      "[]",
      "{\"licensees\":[{\"type\":\"ORGANIZATION\",\"name\":\"\xff\"}]}",          // not UTF-8
      "{\"licensees\":[{\"type\":\"ORGANIZATION\",\"name\":\"\xc0\xaf\"}]}",      // overlong
      "{\"licensees\":[{\"type\":\"ORGANIZATION\",\"name\":\"\xed\xa0\x80\"}]}",  // a surrogate
      "{\"licensees\":[{\"type\":\"ORGANIZATION\",\"name\":\"\xf4\x90\x80\x80\"}]}",
      "{\"licensees\":[{\"type\":\"ORGANIZATION\",\"name\":\"A\\q\"}]}",  // an unknown escape
      "{\"licensees\":[}",
      "{} x",
      R"({"licensees":[{"type":"ORGANIZATION","name":"A"},]})",
      "",
  };
  for (const auto& text : docs) {
    INFO(text);
    CHECK_FALSE(wire::read_state_text(text));
    // parse_state then answers as the general path does.
    auto parsed = wire::parse_state(text);
    const Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      REQUIRE_FALSE(parsed);
      CHECK_THAT(parsed.error().reason, StartsWith("not valid JSON"));
      continue;
    }
    auto general = wire::decode_state(j);
    REQUIRE(parsed.ok() == general.ok());
    if (general) {
      CHECK(wire::encode(*parsed) == wire::encode(*general));
    } else {
      CHECK(parsed.error().field == general.error().field);
      CHECK(parsed.error().reason == general.error().reason);
    }
  }
}
