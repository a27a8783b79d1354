#include "domain/uuid.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "domain/id_generator.hpp"

using scale::domain::SeededIdGenerator;
using scale::domain::Uuid;
using scale::domain::UuidHash;

TEST_CASE("a UUID in canonical form is read in any letter case and written in lowercase",
          "[domain][uuid]") {
  const std::string lower = "7b0e4c2a-9f1d-4e3b-8a6c-0d2f5e7a9b1c";
  auto a = Uuid::parse(lower);
  auto b = Uuid::parse("7B0E4C2A-9F1D-4E3B-8A6C-0D2F5E7A9B1C");
  auto c = Uuid::parse("7b0E4c2A-9F1d-4e3B-8a6C-0d2F5e7A9b1C");
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  CHECK(a->str() == lower);
  CHECK(b->str() == lower);
  CHECK(*a == *b);
  CHECK(*a == *c);
  CHECK(UuidHash{}(*a) == UuidHash{}(*b));
  CHECK(a->bytes[0] == 0x7b);
  CHECK(a->bytes[15] == 0x1c);
}

TEST_CASE("a UUID of any version is accepted, the nil UUID included", "[domain][uuid]") {
  auto v1 = Uuid::parse("c232ab00-9414-11ec-b3c8-9f6bdeced846");
  REQUIRE(v1);
  CHECK(v1->str() == "c232ab00-9414-11ec-b3c8-9f6bdeced846");
  CHECK_FALSE(v1->is_nil());

  auto nil = Uuid::parse("00000000-0000-0000-0000-000000000000");
  REQUIRE(nil);
  CHECK(nil->is_nil());
  CHECK(*nil == Uuid{});
}

TEST_CASE("text that is not the canonical 8-4-4-4-12 hex form is not a UUID", "[domain][uuid]") {
  const char* bad[] = {
      "",
      "7b0e4c2a9f1d4e3b8a6c0d2f5e7a9b1c",        // no hyphens
      "7b0e4c2a-9f1d-4e3b-8a6c-0d2f5e7a9b1",     // one digit short
      "7b0e4c2a-9f1d-4e3b-8a6c-0d2f5e7a9b1cd",   // one digit long
      "7b0e4c2a-9f1d-4e3b-8a6c-0d2f5e7a9b1g",    // not hex
      "7b0e4c2a-9f1d-4e3b-8a6c-0d2f5e7a9b1 ",    // trailing space in place of a digit
      "{7b0e4c2a-9f1d-4e3b-8a6c-0d2f5e7a9b1c}",  // braces
      "7b0e4c2a9-f1d-4e3b-8a6c-0d2f5e7a9b1c",    // hyphen moved
      "7b0e4c2a-9f1d-4e3b-8a6c_0d2f5e7a9b1c",    // wrong separator
      "urn:uuid:7b0e4c2a-9f1d-4e3b-8a6c-0d2",    // prefix, right length
      "+b0e4c2a-9f1d-4e3b-8a6c-0d2f5e7a9b1c",    // sign
  };
  for (const char* text : bad) {
    INFO("text: '" << text << "'");
    CHECK_FALSE(Uuid::parse(text).has_value());
  }
}

TEST_CASE("v4_from sets the version and variant bits and keeps every other bit", "[domain][uuid]") {
  CHECK(Uuid::v4_from(0, 0).str() == "00000000-0000-4000-8000-000000000000");
  CHECK(Uuid::v4_from(~0ULL, ~0ULL).str() == "ffffffff-ffff-4fff-bfff-ffffffffffff");
  CHECK(Uuid::v4_from(0x0123456789abcdefULL, 0xfedcba9876543210ULL).str() ==
        "01234567-89ab-4def-bedc-ba9876543210");
  Uuid id = Uuid::v4_from(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
  CHECK((id.bytes[6] >> 4) == 4);
  CHECK((id.bytes[8] >> 6) == 2);
}

TEST_CASE("UUIDs order byte by byte, the same order as their written form", "[domain][uuid]") {
  auto a = *Uuid::parse("0fffffff-ffff-4fff-bfff-ffffffffffff");
  auto b = *Uuid::parse("10000000-0000-4000-8000-000000000000");
  auto c = *Uuid::parse("10000000-0000-4000-8000-000000000001");
  CHECK(a < b);
  CHECK(b < c);
  CHECK(a.str() < b.str());
  CHECK(b.str() < c.str());
}

TEST_CASE("a seeded id generator makes the same version 4 ids for the same seed",
          "[domain][uuid]") {
  SeededIdGenerator one(7);
  SeededIdGenerator two(7);
  SeededIdGenerator other(8);
  std::set<Uuid> seen;
  for (int i = 0; i < 50; ++i) {
    Uuid a = one.next();
    CHECK(a == two.next());
    CHECK(a != other.next());
    CHECK(a.str()[14] == '4');
    CHECK(std::string("89ab").find(a.str()[19]) != std::string::npos);
    seen.insert(a);
  }
  CHECK(seen.size() == 50);

  SeededIdGenerator again(7);
  Uuid first = again.next();
  again.next();
  again.reseed(7);
  CHECK(again.next() == first);
}

TEST_CASE("comparing UUIDs agrees with comparing their bytes", "[domain][uuid]") {
  SeededIdGenerator ids(99);
  std::vector<Uuid> all;
  for (int i = 0; i < 200; ++i) all.push_back(ids.next());
  // Ids that differ only late, or only in the second half, or not at all.
  all.push_back(*Uuid::parse("10000000-0000-4000-8000-000000000000"));
  all.push_back(*Uuid::parse("10000000-0000-4000-8000-000000000001"));
  all.push_back(*Uuid::parse("10000000-0000-4000-8000-000000000001"));
  all.push_back(*Uuid::parse("10000000-0000-4000-ff00-000000000000"));
  all.push_back(*Uuid::parse("ff000000-0000-4000-8000-000000000000"));
  for (const auto& a : all) {
    for (const auto& b : all) {
      const int bytes = std::memcmp(a.bytes.data(), b.bytes.data(), 16);
      CHECK((a == b) == (bytes == 0));
      CHECK((a < b) == (bytes < 0));
      CHECK((a > b) == (bytes > 0));
    }
  }
}

TEST_CASE("a UUID is written with every byte value as two lowercase hex digits", "[domain][uuid]") {
  // Sixteen ids whose bytes together take all 256 values: the high digit from the id, the low
  // one from the place.
  for (int high = 0; high < 16; ++high) {
    Uuid id;
    std::string expected;
    for (std::size_t i = 0; i < 16; ++i) {
      id.bytes[i] = static_cast<std::uint8_t>(high * 16 + static_cast<int>(i));
      if (i == 4 || i == 6 || i == 8 || i == 10) expected += '-';
      char hex[3];
      std::snprintf(hex, sizeof hex, "%02x", id.bytes[i]);
      expected += hex;
    }
    INFO(expected);
    char buf[Uuid::kTextSize + 1];
    std::memset(buf, '#', sizeof buf);
    char* end = id.write_to(buf);
    CHECK(end == buf + Uuid::kTextSize);
    CHECK(std::string(buf, end) == expected);
    CHECK(buf[Uuid::kTextSize] == '#');  // nothing past the end
    CHECK(id.str() == expected);
    std::string appended = "id ";
    id.append_to(appended);
    CHECK(appended == "id " + expected);
    CHECK(Uuid::parse(expected) == id);
  }
}
