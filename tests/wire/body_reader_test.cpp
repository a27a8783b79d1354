// Request bodies read from their text (read_licensee_setup and the others): the SAX reader
// straight into the record, or the general path (parse_object, then the tree decoder) for any
// text it does not read whole. Both give the same answer; what that answer is for each rule of
// contract sections 1 and 9 is checked here on the text path, as the API uses it.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "domain/messages.hpp"
#include "wire/codec.hpp"
#include "wire/sax_reader.hpp"

using namespace scale;
using wire::Json;
namespace d = scale::domain;
namespace msg = scale::domain::msg;
using namespace std::string_literals;

namespace {

// The general path's answer for `body`, in the shape of a Body.
template <class T>
wire::Body<T> general(std::string_view body, d::Result<T> (*decode)(const Json&)) {
  auto j = wire::parse_object(body);
  if (!j) return j.error();
  return decode(*j);
}

template <class T>
void require_same(const wire::Body<T>& a, const wire::Body<T>& b) {
  REQUIRE(a.ok() == b.ok());
  if (!a) {
    CHECK(a.error().field == b.error().field);
    CHECK(a.error().reason == b.error().reason);
    return;
  }
  REQUIRE(a->ok() == b->ok());
  if (*a) {
    CHECK(a->value() == b->value());
  } else {
    CHECK(a->error().field == b->error().field);
    CHECK(a->error().reason == b->error().reason);
  }
}

// The text reader and the general path agree on `body`; the SAX reader alone reads it only
// when the general path accepts it, and then reads the same.
template <class W, class T>
void check_agree(const std::string& body, wire::Body<T> (*read)(std::string_view),
                 d::Result<T> (*decode)(const Json&)) {
  INFO(body);
  const auto want = general<T>(body, decode);
  require_same(read(body), want);
  T fast;
  const bool read_whole = wire::SaxReader::read<W>(body, fast);
  if (read_whole) {
    REQUIRE((want.ok() && want->ok()));
    CHECK(fast == want->value());
  }
}

const std::vector<std::string> kBodies = {
    R"({"name":"A","email":"a@b.example"})",
    R"({"type":"ORGANIZATION","name":"Acme","naturalId":"n-1","displayName":null,"email":""})",
    R"({"type":"PERSON","name":"Eva","connectedIdentityId":"oidc|eva","description":"d"})",
    R"({"type":"DEVICE","name":"Box","displayLabel":"L","contactInfo":"desk","naturalId":"x"})",
    R"({"id":"923A7369-94E3-4F91-9A61-DBE22E44158B","created":"2026-01-10T08:00:00.000Z",)"
    R"("modified":"2026-01-10T08:00:00+02:00","name":"A"})",
    R"({"name":"Main","usedAsDefault":true})",
    R"({"usedAsDefault":null,"name":null})",
    R"({"usedAsDefault":false})",
    // Repeated keys: the last counts, whatever the first held.
    R"({"name":5,"name":"A"})",
    R"({"name":"A","name":5})",
    R"({"usedAsDefault":"yes","usedAsDefault":true})",
    // Unknown fields of any shape, numbers, escapes, UTF-8, a byte order mark.
    R"({"x":{"y":[1,{"z":null},[true,"s"]],"w":-1.5e3},"name":"A","n":12345678901234567890})",
    R"({"name":"q\"uote \\ \/ \b\f\n\r\t \u00e4\ud83d\ude00"})",
    "{\"name\":\"M\xc3\xa4kinen Oy\"}",
    "\xef\xbb\xbf{\"name\":\"bom\"}",
    " \t\r\n{ } \n",
    // Field errors: the first in the list's order is named, wherever it sits in the document.
    R"({"email":5,"name":5})",
    R"({"externalReference":1,"type":2,"name":"A"})",
    R"({"modified":"later","id":"nope","name":"A"})",
    R"({"contactInfo":[],"displayLabel":{},"type":"ROBOT"})",
    R"({"type":"person","name":"A"})",
    R"({"usedAsDefault":1})",
    R"({"created":"2026-13-40T00:00:00Z"})",
    // Not JSON, or not an object: those outrank any field error.
    R"({"name":5,})",
    R"({"name":5} x)",
    R"([{"name":"A"}])",
    R"("name")",
    "",
    "{\"name\":\"\xff\"}",
    "{\"name\":\"x\n\"}",
    "{\"name\":\"A\"}\0{}"s,
    "{\"name\":\"A\0\"}"s,
    "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
};

}  // namespace

TEST_CASE("every body reader gives what parse_object and its decoder give", "[codec][body]") {
  for (const auto& body : kBodies) {
    check_agree<wire::LicenseeWire>(body, wire::read_licensee_setup, wire::decode_licensee_setup);
    check_agree<wire::LicenseeWire>(body, wire::read_licensee_update, wire::decode_licensee_update);
    check_agree<wire::ContainerWire>(body, wire::read_container_create,
                                     wire::decode_container_create);
    check_agree<wire::ContainerWire>(body, wire::read_container_update,
                                     wire::decode_container_update);
    check_agree<wire::ConsumerWire>(body, wire::read_consumer_create, wire::decode_consumer_create);
    check_agree<wire::ConsumerWire>(body, wire::read_consumer_update, wire::decode_consumer_update);
  }
}

TEST_CASE("a body that is not a JSON object fails before any field", "[codec][body]") {
  for (const std::string& bad : {R"({"name":5,})"s, R"({"type":"ROBOT"} {})"s, ""s,
                                 "{\"a\":\"\x01\"}"s, "{\"name\":5}\0"s}) {
    INFO(bad);
    auto r = wire::read_licensee_setup(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == d::ErrorKind::kInvalid);
    CHECK(r.error().field.empty());
    CHECK(r.error().reason == "the request body is not valid JSON");
  }
  auto list = wire::read_consumer_create(R"([{"type":"PERSON","name":"A"}])");
  REQUIRE_FALSE(list);
  CHECK(list.error().reason == "the request body must be a JSON object");
}

TEST_CASE("a body's field errors name the first wrong field in the contract's order",
          "[codec][body]") {
  auto r = wire::read_licensee_setup(R"({"externalReference":1,"email":true,"name":[],"type":2})");
  REQUIRE(r);
  REQUIRE_FALSE(*r);
  CHECK(r->error().field == "type");
  CHECK(r->error().reason == "must be a string");

  auto put = wire::read_licensee_update(R"({"modified":"later","id":"nope"})");
  REQUIRE(put);
  REQUIRE_FALSE(*put);
  CHECK(put->error().field == "id");
  CHECK(put->error().reason == msg::not_a_uuid("nope"));

  auto con = wire::read_consumer_update(R"({"naturalId":5,"contactInfo":5,"displayLabel":5})");
  REQUIRE(con);
  REQUIRE_FALSE(*con);
  CHECK(con->error().field == "displayLabel");
}

TEST_CASE("body readers: absent, null and \"\" are alike, the last repeated key counts",
          "[codec][body]") {
  auto r = wire::read_licensee_setup(
      R"({"name":"A","displayName":null,"naturalId":"","email":"","type":"","name":"B"})");
  REQUIRE(r);
  REQUIRE(*r);
  const d::LicenseeSetup& in = r->value();
  CHECK(in.fields.name == "B");
  CHECK_FALSE(in.fields.display_name);
  CHECK_FALSE(in.fields.natural_id);
  CHECK_FALSE(in.fields.email);
  CHECK_FALSE(in.type);

  // A setup action does not read id, created or modified, whatever they hold.
  auto ignored = wire::read_licensee_setup(R"({"name":"A","id":5,"created":true,"modified":[]})");
  REQUIRE(ignored);
  CHECK(*ignored);

  auto create = wire::read_container_create(R"({"usedAsDefault":true,"usedAsDefault":null})");
  REQUIRE(create);
  REQUIRE(*create);
  CHECK_FALSE(create->value().used_as_default);
  auto update = wire::read_container_update(R"({"usedAsDefault":false,"usedAsDefault":null})");
  REQUIRE(update);
  REQUIRE(*update);
  CHECK_FALSE(update->value().used_as_default.has_value());

  auto escaped = wire::read_consumer_create(R"({"type":"DEVICE","name":"a\"b\u00e4\n"})");
  REQUIRE(escaped);
  REQUIRE(*escaped);
  CHECK(escaped->value().fields.name == "a\"b\xc3\xa4\n");
  CHECK(escaped->value().type == d::ConsumerType::kDevice);
}

TEST_CASE("the usual bodies are read straight from their text", "[codec][body]") {
  // What the SAX reader must read whole (no second parse): each kind of value a body holds.
  const std::string setup =
      R"({"name":"Acme Oy","naturalId":"crm-1","email":"a@acme.example","type":"ORGANIZATION",)"
      R"("displayName":null,"description":"","x":{"y":[1,2.5,null]},"name":"Acme"})";
  d::LicenseeSetup in;
  REQUIRE(wire::SaxReader::read<wire::LicenseeWire>(setup, in));
  CHECK(in.fields.name == "Acme");
  CHECK(in.type == d::LicenseeType::kOrganization);
  d::ContainerUpdate box;
  REQUIRE(wire::SaxReader::read<wire::ContainerWire>(
      R"({"id":"0fd630f1-f29d-4da9-953f-48f1a09f76b5","name":"b","usedAsDefault":false,)"
      R"("created":"2026-01-10T08:00:00.000Z","modified":null})",
      box));
  CHECK(box.used_as_default == false);
  CHECK(box.created.has_value());
  // And nothing a field refuses.
  d::ConsumerCreate con;
  CHECK_FALSE(wire::SaxReader::read<wire::ConsumerWire>(R"({"type":"ROBOT","name":"A"})", con));
  CHECK_FALSE(wire::SaxReader::read<wire::ConsumerWire>(R"({"name":{"a":1}})", con));
}
