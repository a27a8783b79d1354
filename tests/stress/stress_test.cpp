// Correctness under concurrency (issue 8, item 4): many client threads send conflicting
// creates, edits, default switches, grants and deletes over HTTP to one real server, on a
// small shared key space so that conflicts really happen; and, since issue 14, license issues
// with and without keys (a few keys shared, so that they collide), moves between containers,
// revokes and deletes of licenses, racing the deletes of their containers and customers.
// Afterwards the test checks, from the contract alone (not from the store's code), that:
//   - every answer was a documented status for its operation, errors in the envelope, no 5xx;
//   - every state dump checked (three per thread, spread over its run) and the final one keep
//     the invariants: one default
//     container per licensee, no relation to a missing record, access implies association,
//     every unique field unique (email with ASCII case folding), ids unique, every license in
//     a container of its licensee, keys unique and one to one with their LICENSE_KEY
//     consumers (stress_invariants.hpp);
//   - nothing is half-created: a setup that failed left no record behind, and a setup that
//     succeeded (on a licensee no other operation touched) left exactly what the contract says;
//   - the dump, the list endpoints and /__admin/health agree on what exists.
//
// The work is bounded by operation counts, never by time: each thread has its own seeded RNG,
// so every run sends the same kinds of requests (the interleaving, and so the answers, vary).
// SCALE_MOCK_STRESS_THREADS, SCALE_MOCK_STRESS_OPS (per thread), SCALE_MOCK_STRESS_SEED and
// SCALE_MOCK_STRESS_DUMPS (mid-run dumps checked per thread) change the defaults for a longer
// local run.
//
// Catch2 assertions are not thread-safe: the threads only record what they saw, and the main
// thread asserts after joining them.

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <latch>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "stress_invariants.hpp"
#include "support/test_server.hpp"

using namespace scale::testing;

namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return std::strtoull(v, nullptr, 10);
}

// How many values each unique field draws from: few enough that the threads keep colliding,
// enough that a good part of the writes still succeed.
constexpr int kKeys = 64;
// How many license keys the license issues draw from: fewer, as a key is taken for good.
constexpr int kLicenseKeys = 16;

// The catalogue the license issues use (contract section 10.1): one model, one product with a
// SEATS and a USE_COUNT configuration.
const char* kSeatsConfig = "f5000000-0000-4000-8000-000000000001";
const char* kCountConfig = "f5000000-0000-4000-8000-000000000002";
Json catalogue() {
  const char* model = "d5000000-0000-4000-8000-000000000001";
  auto config = [&](const char* id, const char* name, const char* dimension, int qty) {
    return Json{{"id", id},
                {"name", name},
                {"features", {"edit", "print"}},
                {"licenseModelId", model},
                {"qtyDimension", dimension},
                {"qtyEnforcementType", "ENFORCED"},
                {"qty", qty},
                {"validityDays", 30}};
  };
  return {{"licenseModels", {{{"id", model}, {"name", "stress-model"}}}},
          {"products",
           {{{"id", "e5000000-0000-4000-8000-000000000001"},
             {"name", "stress-desk"},
             {"productConfigurations",
              {config(kSeatsConfig, "desk-seats", "SEATS", 5),
               config(kCountConfig, "desk-credits", "USE_COUNT", 100)}}}}},
          {"licensees", Json::array()},
          {"licenseConsumers", Json::array()}};
}

// What the threads share: the ids they may aim at. Deleted ids stay in the pools on purpose:
// aiming at them gives the 404s a real client meets when another one deleted first.
class Pools {
 public:
  void add_licensee(const std::string& id, bool person) {
    std::lock_guard lock(mu_);
    licensees_.push_back({id, person});
  }
  void add_container(const std::string& licensee, const std::string& id) {
    std::lock_guard lock(mu_);
    if (!private_.count(id) && known_.insert(id).second) containers_.push_back({licensee, id});
  }
  void add_consumer(const std::string& id) {
    std::lock_guard lock(mu_);
    if (!private_.count(id) && known_.insert(id).second) consumers_.push_back(id);
  }
  // Keeps a container or consumer out of the pools for good, so that no other operation aims
  // at it; false when another thread has already put it in (it listed it first).
  bool keep_private(const std::string& id) {
    std::lock_guard lock(mu_);
    if (known_.count(id)) return false;
    private_.insert(id);
    return true;
  }
  template <class Rng>
  std::optional<std::pair<std::string, bool>> licensee(Rng& rng) {
    std::lock_guard lock(mu_);
    if (licensees_.empty()) return std::nullopt;
    return licensees_[pick(rng, licensees_.size())];
  }
  template <class Rng>
  std::optional<std::pair<std::string, std::string>> container(Rng& rng) {
    std::lock_guard lock(mu_);
    if (containers_.empty()) return std::nullopt;
    return containers_[pick(rng, containers_.size())];
  }
  template <class Rng>
  std::optional<std::string> consumer(Rng& rng) {
    std::lock_guard lock(mu_);
    if (consumers_.empty()) return std::nullopt;
    return consumers_[pick(rng, consumers_.size())];
  }
  void add_license(const std::string& licensee, const std::string& id) {
    std::lock_guard lock(mu_);
    licenses_.push_back({licensee, id});
  }
  template <class Rng>
  std::optional<std::pair<std::string, std::string>> license(Rng& rng) {
    std::lock_guard lock(mu_);
    if (licenses_.empty()) return std::nullopt;
    return licenses_[pick(rng, licenses_.size())];
  }
  // A pooled container of `licensee` when a few tries find one.
  template <class Rng>
  std::optional<std::string> container_of(const std::string& licensee, Rng& rng) {
    std::lock_guard lock(mu_);
    for (int i = 0; i < 8 && !containers_.empty(); ++i) {
      const auto& c = containers_[pick(rng, containers_.size())];
      if (c.first == licensee) return c.second;
    }
    return std::nullopt;
  }

 private:
  template <class Rng>
  static std::size_t pick(Rng& rng, std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }
  std::mutex mu_;
  std::vector<std::pair<std::string, bool>> licensees_;          // id, is PERSON
  std::vector<std::pair<std::string, std::string>> containers_;  // licensee id, container id
  std::vector<std::string> consumers_;
  std::vector<std::pair<std::string, std::string>> licenses_;  // licensee id, license id
  std::set<std::string> known_;    // every container and consumer id in the pools
  std::set<std::string> private_;  // ids kept out of the pools
};

// A setup that succeeded on a licensee that was never put into the pools, so no other
// operation ever aimed at it: the final state must hold exactly what the setup made.
struct Witness {
  std::string licensee_id;
  bool person = false;
  Json request;
};

// A container or a DEVICE consumer kept out of the pools: it must be in the final state as it
// was made (a container as long as its licensee is).
struct Made {
  std::string id;
  std::string licensee_id;  // containers only
  Json request;
};

// What one thread saw.
struct ThreadLog {
  std::vector<std::string> problems;      // broken response rules
  std::vector<std::string> failed_names;  // names of creates/edits that did not happen
  std::vector<std::string> dumps;         // GET /__admin/state bodies taken mid-run
  std::vector<Witness> witnesses;
  std::vector<Made> containers;
  std::vector<Made> consumers;
  std::map<int, std::size_t> statuses;                 // status -> count
  std::map<std::string, std::size_t> license_answers;  // "operation status" -> count
};

class Worker {
 public:
  Worker(TestServer& server, Pools& pools, int index, std::uint64_t seed, ThreadLog& log)
      : client_(server.make_client()),
        pools_(pools),
        index_(index),
        rng_(seed * 1000003u + static_cast<std::uint64_t>(index)),
        log_(log) {}

  void run(std::uint64_t ops, std::size_t keep_dumps) {
    ops_ = ops;
    keep_dumps_ = keep_dumps;
    for (op_ = 0; op_ < ops; ++op_) step();
  }

 private:
  // ------------------------------------------------------------------ the shared key space

  int roll(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return roll(100) < percent; }

  // A name no other request ever uses, so a record can be traced back to the request that
  // made it (names are not unique fields, so they never cause a conflict).
  std::string unique_name(const char* what) {
    return "t" + std::to_string(index_) + "-" + std::to_string(op_) + "-" + what;
  }
  // Few values, so that threads collide. Emails vary their letter case: uniqueness folds it.
  Json email() {
    if (chance(40)) return nullptr;
    std::string e = "u" + std::to_string(roll(kKeys)) + "@stress.example";
    for (char& c : e)
      if (std::isalpha(static_cast<unsigned char>(c)) && chance(30))
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return e;
  }
  // naturalIds compare byte for byte: "n1" and "N1" are different values.
  Json natural_id() {
    if (chance(50)) return nullptr;  // generated
    return std::string(chance(20) ? "N" : "n") + std::to_string(roll(kKeys));
  }
  Json external_reference() {
    if (chance(50)) return nullptr;
    return "r" + std::to_string(roll(kKeys));
  }
  Json connected_identity_id() {
    if (chance(50)) return nullptr;
    return "oidc|c" + std::to_string(roll(kKeys));
  }
  Json licensee_body(const std::string& name) {
    Json b = {{"name", name},
              {"email", email()},
              {"naturalId", natural_id()},
              {"externalReference", external_reference()}};
    if (chance(30)) b["displayName"] = "shown " + name;
    return b;
  }
  Json consumer_body(const std::string& name, bool with_type) {
    Json b = {{"name", name},
              {"email", email()},
              {"naturalId", natural_id()},
              {"externalReference", external_reference()},
              {"connectedIdentityId", connected_identity_id()}};
    if (with_type || chance(50)) b["type"] = chance(60) ? "PERSON" : "DEVICE";
    return b;
  }

  // ------------------------------------------------------------------ sending and checking

  // Sends, then checks the answer against the statuses the contract allows for this operation
  // (anything else, 5xx included, is a problem), the envelope on errors, Location on 201 and
  // an empty body on 204. Returns the status (-1 when no answer came) and the body.
  struct Answer {
    int status = -1;
    std::string body;
  };
  Answer send(const std::string& method, const std::string& path, const Json* body,
              std::initializer_list<int> allowed) {
    httplib::Result r = method == "GET"      ? client_->Get(path)
                        : method == "DELETE" ? client_->Delete(path)
                        : method == "POST"   ? client_->Post(path, body->dump(), "application/json")
                        : body               ? client_->Put(path, body->dump(), "application/json")
                                             : client_->Put(path);
    const std::string what = method + " " + path + (body ? " " + body->dump() : "");
    if (!r) {
      log_.problems.push_back(what + ": no answer (" + httplib::to_string(r.error()) + ")");
      return {};
    }
    const int status = r->status;
    ++log_.statuses[status];
    if (std::find(allowed.begin(), allowed.end(), status) == allowed.end()) {
      log_.problems.push_back(what + ": status " + std::to_string(status) + " is not one the " +
                              "contract allows here: " + r->body);
    } else if (status >= 400) {
      std::string why;
      if (!is_envelope(r, status, why))
        log_.problems.push_back(what + ": not the error envelope: " + why);
    } else if (status == 201 && !r->has_header("Location")) {
      log_.problems.push_back(what + ": 201 without Location");
    } else if (status == 204 && !r->body.empty()) {
      log_.problems.push_back(what + ": 204 with a body: " + r->body);
    }
    return {status, std::move(r->body)};
  }

  // The body of a 200/201 as JSON, or null (and a problem) when it is not JSON.
  Json json_of(const Answer& a) {
    Json j = Json::parse(a.body, nullptr, false);
    if (j.is_discarded()) {
      log_.problems.push_back("an answer that is not JSON: " + a.body);
      return nullptr;
    }
    return j;
  }

  // ------------------------------------------------------------------ the operations

  // One onboarding operation, and a quarter of the time a license operation before it (so that
  // the onboarding operations keep their numbers).
  void step() {
    if (chance(25)) license_step();
    const int dice = roll(100);
    if (dice < 10) return setup(false);
    if (dice < 20) return setup(true);
    if (dice < 27) return edit_licensee();
    if (dice < 29) return delete_licensee();
    if (dice < 31) return delete_user();
    if (dice < 37) return create_container();
    if (dice < 44) return switch_default();
    if (dice < 47) return delete_container();
    if (dice < 55) return create_consumer();
    if (dice < 60) return edit_consumer();
    if (dice < 62) return delete_consumer();
    if (dice < 67) return associate();
    if (dice < 70) return dissociate();
    if (dice < 77) return grant();
    if (dice < 81) return revoke();
    if (dice < 89) return discover();
    if (dice < 97) return read();
    return dump();
  }

  void setup(bool person) {
    const std::string name = unique_name(person ? "user" : "org");
    Json body = licensee_body(name);
    if (person) body["connectedIdentityId"] = connected_identity_id();
    const Answer a = send("POST", person ? kSetupUser : kSetupOrg, &body, {201, 409});
    if (a.status != 201) {
      if (a.status == 409) log_.failed_names.push_back(name);
      return;
    }
    Json made = json_of(a);
    if (!made.is_object() || !made.contains("id")) return;
    const std::string id = made["id"].get<std::string>();
    if (made["name"] != name || made["type"] != (person ? "PERSON" : "ORGANIZATION"))
      log_.problems.push_back("setup answered " + made.dump() + " for " + body.dump());
    // One in three setups is kept out of the pools: the witnesses of all-or-nothing.
    if (chance(33))
      log_.witnesses.push_back({id, person, body});
    else
      pools_.add_licensee(id, person);
  }

  void edit_licensee() {
    auto l = pools_.licensee(rng_);
    if (!l) return setup(false);
    const std::string name = unique_name("licensee-edit");
    Json body = licensee_body(name);
    if (chance(20)) body["type"] = l->second ? "PERSON" : "ORGANIZATION";  // matching: allowed
    if (send("PUT", "/licensees/" + l->first, &body, {200, 404, 409}).status != 200)
      log_.failed_names.push_back(name);
  }

  void delete_licensee() {
    if (auto l = pools_.licensee(rng_))
      send("DELETE", "/licensees/" + l->first, nullptr, {204, 404});
  }

  void delete_user() {
    auto l = pools_.licensee(rng_);
    if (!l) return;
    const std::string path = "/licensees/actions/delete-user?licenseeId=" + l->first;
    // A licensee's type never changes: an ORGANIZATION is 400 while it exists.
    if (l->second)
      send("DELETE", path, nullptr, {204, 404});
    else
      send("DELETE", path, nullptr, {400, 404});
  }

  void create_container() {
    auto l = pools_.licensee(rng_);
    if (!l) return;
    Json body = {{"name", unique_name("box")}};
    if (chance(30)) body["usedAsDefault"] = true;
    const Answer a =
        send("POST", "/licensees/" + l->first + "/license-containers", &body, {201, 404});
    if (a.status != 201) return;
    Json made = json_of(a);
    if (!made.is_object() || !made.contains("id")) return;
    const std::string id = made["id"].get<std::string>();
    if (chance(25) && pools_.keep_private(id))
      log_.containers.push_back({id, l->first, body});
    else
      pools_.add_container(l->first, id);
  }

  // Makes a container the default (which un-defaults the old one), or tries to un-default
  // one (409 when it is the default).
  void switch_default() {
    auto c = pools_.container(rng_);
    if (!c) return create_container();
    const std::string path = "/licensees/" + c->first + "/license-containers/" + c->second;
    const std::string name = unique_name("box-edit");
    if (chance(75)) {
      Json body = {{"name", name}, {"usedAsDefault", true}};
      if (send("PUT", path, &body, {200, 404}).status != 200) log_.failed_names.push_back(name);
    } else {
      Json body = {{"name", name}, {"usedAsDefault", false}};
      if (send("PUT", path, &body, {200, 404, 409}).status != 200)
        log_.failed_names.push_back(name);
    }
  }

  void delete_container() {
    auto c = pools_.container(rng_);
    if (!c) return;
    send("DELETE", "/licensees/" + c->first + "/license-containers/" + c->second, nullptr,
         {204, 404, 409});
  }

  void create_consumer() {
    const std::string name = unique_name("consumer");
    Json body = consumer_body(name, true);
    const Answer a = send("POST", "/license-consumers", &body, {201, 409});
    if (a.status != 201) {
      if (a.status == 409) log_.failed_names.push_back(name);
      return;
    }
    Json made = json_of(a);
    if (!made.is_object() || !made.contains("id")) return;
    const std::string id = made["id"].get<std::string>();
    // Only a DEVICE: delete-user may delete a PERSON consumer of a licensee's email.
    if (body["type"] == "DEVICE" && chance(25) && pools_.keep_private(id))
      log_.consumers.push_back({id, "", body});
    else
      pools_.add_consumer(id);
  }

  void edit_consumer() {
    auto c = pools_.consumer(rng_);
    if (!c) return create_consumer();
    const std::string name = unique_name("consumer-edit");
    Json body = consumer_body(name, false);
    if (send("PUT", "/license-consumers/" + *c, &body, {200, 404, 409}).status != 200)
      log_.failed_names.push_back(name);
  }

  void delete_consumer() {
    if (auto c = pools_.consumer(rng_))
      send("DELETE", "/license-consumers/" + *c, nullptr, {204, 404});
  }

  void associate() {
    auto l = pools_.licensee(rng_);
    auto c = pools_.consumer(rng_);
    if (!l || !c) return;
    send("PUT", "/licensees/" + l->first + "/license-consumers/" + *c, nullptr, {204, 404});
  }

  void dissociate() {
    auto l = pools_.licensee(rng_);
    auto c = pools_.consumer(rng_);
    if (!l || !c) return;
    send("DELETE", "/licensees/" + l->first + "/license-consumers/" + *c, nullptr, {204, 404});
  }

  // The container's own id, or the literal `default` of a pooled licensee.
  std::optional<std::string> container_path() {
    if (chance(40)) {
      auto l = pools_.licensee(rng_);
      if (!l) return std::nullopt;
      return "/licensees/" + l->first + "/license-containers/default";
    }
    auto c = pools_.container(rng_);
    if (!c) return std::nullopt;
    return "/licensees/" + c->first + "/license-containers/" + c->second;
  }

  void grant() {
    auto box = container_path();
    auto c = pools_.consumer(rng_);
    if (!box || !c) return;
    send("PUT", *box + "/license-consumers/" + *c, nullptr, {204, 404});
  }

  void revoke() {
    auto box = container_path();
    auto c = pools_.consumer(rng_);
    if (!box || !c) return;
    send("DELETE", *box + "/license-consumers/" + *c, nullptr, {204, 404});
  }

  // Learns the consumers (a setup-user's among them) and containers of a pooled licensee.
  void discover() {
    auto l = pools_.licensee(rng_);
    if (!l) return;
    const bool consumers = chance(50);
    const Answer a =
        send("GET",
             "/licensees/" + l->first + (consumers ? "/license-consumers" : "/license-containers"),
             nullptr, {200, 404});
    if (a.status != 200) return;
    Json list = json_of(a);
    if (consumers) {
      if (list.is_array())
        for (const auto& c : list) pools_.add_consumer(c.at("id").get<std::string>());
    } else {
      if (list.is_array())
        for (const auto& c : list) pools_.add_container(l->first, c.at("id").get<std::string>());
    }
  }

  void read() {
    switch (roll(4)) {
      case 0:
        send("GET", "/licensees?limit=50", nullptr, {200});
        break;
      case 1:
        send("GET", "/license-consumers?limit=50", nullptr, {200});
        break;
      case 2: {
        Json e = email();
        if (e.is_string())
          send("GET", "/licensees/actions/find-by-email?email=" + e.get<std::string>(), nullptr,
               {200, 404});
        break;
      }
      default:
        if (auto l = pools_.licensee(rng_))
          send("GET", "/licensees/" + l->first + "/license-containers/default", nullptr,
               {200, 404});
    }
  }

  // ------------------------------------------------------------------ licenses (section 10)

  void license_step() {
    const int dice = roll(100);
    if (dice < 45) return issue_license();
    if (dice < 60) return move_license();
    if (dice < 72) return revoke_licenses();
    if (dice < 82) return delete_license();
    return read_licenses();
  }

  // A product license (SEATS or USE_COUNT) or a feature license, into the default container or
  // a pooled one (another licensee's: 404), a third of them with a key from a small set (409
  // when taken) and some with a generated one.
  void issue_license() {
    auto l = pools_.licensee(rng_);
    if (!l) return setup(false);
    Json body = Json::object();
    if (chance(75)) {
      body["productConfigId"] = chance(50) ? kSeatsConfig : kCountConfig;
    } else {
      body = {{"productName", "stress-desk"},
              {"features", {"edit"}},
              {"qtyDimension", "SEATS"},
              {"qtyEnforcementType", "ENFORCED"},
              {"qty", 1 + roll(3)}};
    }
    body["displayName"] = unique_name("license");
    if (chance(40)) {
      auto box = chance(80) ? pools_.container_of(l->first, rng_) : std::nullopt;
      if (!box)
        if (auto other = pools_.container(rng_)) box = other->second;
      if (box) body["licenseContainerId"] = *box;
    }
    const int keyed = roll(100);
    if (keyed < 33)
      body["licenseKey"] = "stress-license-key-" + std::to_string(100 + roll(kLicenseKeys));
    else if (keyed < 43)
      body["generateLicenseKey"] = true;
    const Answer a = send("POST", "/licensees/" + l->first + "/licenses", &body, {201, 404, 409});
    ++log_.license_answers[std::string(body.contains("licenseKey") ? "issue with key " : "issue ") +
                           std::to_string(a.status)];
    if (a.status != 201) return;
    Json made = json_of(a);
    if (!made.is_object() || !made.contains("id")) return;
    if (made["displayName"] != body["displayName"] ||
        (body.contains("licenseKey") &&
         made["licenseKey"].value("licenseKey", "") != body["licenseKey"]))
      log_.problems.push_back("an issue answered " + made.dump() + " for " + body.dump());
    pools_.add_license(l->first, made["id"].get<std::string>());
  }

  // Moves a license to one of its licensee's containers, as a client would find them (the
  // list), or now and then to any pooled container (another licensee's: 404); with a new
  // validity now and then.
  void move_license() {
    auto lic = pools_.license(rng_);
    if (!lic) return issue_license();
    std::optional<std::string> box;
    if (chance(80)) {
      const Answer list =
          send("GET", "/licensees/" + lic->first + "/license-containers", nullptr, {200, 404});
      if (list.status != 200) return;
      const Json boxes = json_of(list);
      if (boxes.is_array() && !boxes.empty())
        box = boxes[static_cast<std::size_t>(roll(static_cast<int>(boxes.size())))].value(
            "id", std::string());
    } else if (auto other = pools_.container(rng_)) {
      box = other->second;
    }
    if (!box) return;
    Json body = {{"licenseContainerId", *box}};
    if (chance(50))
      body["validUntil"] = "2099-01-0" + std::to_string(1 + roll(9)) + "T00:00:00.000Z";
    const Answer a =
        send("PUT", "/licensees/" + lic->first + "/licenses/" + lic->second, &body, {200, 404});
    ++log_.license_answers["move " + std::to_string(a.status)];
  }

  // One to three licenses at once, now and then one of another licensee's: all or nothing.
  void revoke_licenses() {
    auto first = pools_.license(rng_);
    if (!first) return;
    Json ids = {first->second};
    for (int n = roll(3); n > 0; --n)
      if (auto more = pools_.license(rng_); more && (more->first == first->first || chance(20)))
        ids.push_back(more->second);
    Json body = {{"licenseIds", ids}};
    const Answer a =
        send("PUT", "/licensees/" + first->first + "/licenses/actions/revoke", &body, {200, 404});
    ++log_.license_answers["revoke " + std::to_string(a.status)];
    if (a.status != 200) return;
    Json revoked = json_of(a);
    std::set<std::string> wanted;
    for (const auto& id : ids) wanted.insert(id.get<std::string>());
    std::set<std::string> got;
    if (revoked.is_array())
      for (const auto& r : revoked)
        if (r.is_object() && r.contains("id")) got.insert(r["id"].get<std::string>());
    if (got != wanted)
      log_.problems.push_back("revoke of " + ids.dump() + " answered " + revoked.dump());
  }

  void delete_license() {
    auto lic = pools_.license(rng_);
    if (!lic) return;
    const Answer a = send("DELETE", "/licensees/" + lic->first + "/licenses/" + lic->second,
                          nullptr, {204, 404});
    ++log_.license_answers["delete " + std::to_string(a.status)];
  }

  void read_licenses() {
    auto l = pools_.licensee(rng_);
    if (!l) return;
    if (chance(50)) {
      send("GET", "/licensees/" + l->first + "/licenses?withMetadata=true&limit=20", nullptr,
           {200, 404});
    } else if (auto lic = pools_.license(rng_)) {
      send("GET", "/licensees/" + lic->first + "/licenses/" + lic->second, nullptr, {200, 404});
    }
  }

  void dump() {
    Answer a = send("GET", "/__admin/state", nullptr, {200});
    // Checking a dump costs far more than taking one (under ThreadSanitizer most of the run):
    // each thread keeps `keep_dumps_`, the first it takes in each equal part of its run.
    const std::size_t kept = log_.dumps.size();
    if (a.status == 200 && kept < keep_dumps_ && op_ * keep_dumps_ >= ops_ * kept)
      log_.dumps.push_back(std::move(a.body));
  }

  std::unique_ptr<httplib::Client> client_;
  Pools& pools_;
  int index_;
  std::uint64_t op_ = 0;
  std::uint64_t ops_ = 0;
  std::size_t keep_dumps_ = 0;
  std::mt19937_64 rng_;
  ThreadLog& log_;
};

// What the final state must hold for a setup no other operation aimed at.
std::vector<std::string> witness_problems(const Json& state, const Witness& w) {
  std::vector<std::string> out;
  const std::string who = "setup " + w.request.dump() + " (licensee " + w.licensee_id + "): ";
  const Json* lic = nullptr;
  for (const auto& l : state["licensees"])
    if (l["id"] == w.licensee_id) lic = &l;
  if (!lic) return {who + "the licensee is gone"};
  auto text_or_null = [](const Json& v) { return v.is_null() ? Json(nullptr) : v; };
  for (const char* key : {"name", "email", "externalReference"})
    if ((*lic)[key] != text_or_null(w.request[key]))
      out.push_back(who + key + " is " + (*lic)[key].dump());
  if (!w.request["naturalId"].is_null() && (*lic)["naturalId"] != w.request["naturalId"])
    out.push_back(who + "naturalId is " + (*lic)["naturalId"].dump());
  if ((*lic)["type"] != (w.person ? "PERSON" : "ORGANIZATION"))
    out.push_back(who + "type is " + (*lic)["type"].dump());
  const Json& boxes = (*lic)["licenseContainers"];
  if (boxes.size() != 1 || boxes[0]["usedAsDefault"] != true || boxes[0]["name"] != "default") {
    out.push_back(who + "expected one default container named default, got " + boxes.dump());
    return out;
  }
  const Json& associated = (*lic)["licenseConsumerIds"];
  const Json& with_access = boxes[0]["licenseConsumerIds"];
  if (!w.person) {
    if (!associated.empty() || !with_access.empty())
      out.push_back(who + "an organization's setup made relations: " + lic->dump());
    return out;
  }
  if (associated.size() != 1 || with_access != associated) {
    out.push_back(who + "expected its one consumer associated and with access: " + lic->dump());
    return out;
  }
  const Json* con = nullptr;
  for (const auto& c : state["licenseConsumers"])
    if (c["id"] == associated[0]) con = &c;
  if (!con) return {who + "its consumer is gone"};
  if ((*con)["type"] != "PERSON") out.push_back(who + "its consumer is a " + (*con)["type"].dump());
  for (const char* key : {"name", "email", "externalReference", "connectedIdentityId"})
    if ((*con)[key] != text_or_null(w.request[key]))
      out.push_back(who + "its consumer's " + key + " is " + (*con)[key].dump());
  if ((*con)["naturalId"] != (*lic)["naturalId"])
    out.push_back(who + "its consumer's naturalId " + (*con)["naturalId"].dump() +
                  " is not the licensee's " + (*lic)["naturalId"].dump());
  return out;
}

// What the final state must hold for a container or consumer no other operation aimed at.
std::vector<std::string> made_problems(const Json& state, const Made& m, bool container) {
  const std::string who = std::string(container ? "container " : "consumer ") + m.id + " made by " +
                          m.request.dump() + ": ";
  if (container) {
    for (const auto& l : state["licensees"]) {
      if (l["id"] != m.licensee_id) continue;
      for (const auto& b : l["licenseContainers"])
        if (b["id"] == m.id) {
          if (b["name"] == m.request["name"]) return {};
          return {who + "its name is " + b["name"].dump()};
        }
      return {who + "gone, while its licensee is still there"};
    }
    return {};  // the licensee was deleted, and the container with it
  }
  for (const auto& c : state["licenseConsumers"]) {
    if (c["id"] != m.id) continue;
    std::vector<std::string> out;
    for (const char* key :
         {"type", "name", "email", "externalReference", "connectedIdentityId", "naturalId"}) {
      if (std::string_view(key) == "naturalId" && m.request[key].is_null()) continue;
      if (c[key] != m.request[key]) out.push_back(who + key + " is " + c[key].dump());
    }
    return out;
  }
  return {who + "gone"};
}

// Every name of a record or container in a state dump.
void collect_names(const Json& state, std::set<std::string>& names) {
  if (!state.is_object()) return;
  for (const auto& l : state.value("licensees", Json::array())) {
    if (l.contains("name") && l["name"].is_string()) names.insert(l["name"]);
    for (const auto& b : l.value("licenseContainers", Json::array()))
      if (b.contains("name") && b["name"].is_string()) names.insert(b["name"]);
  }
  for (const auto& c : state.value("licenseConsumers", Json::array()))
    if (c.contains("name") && c["name"].is_string()) names.insert(c["name"]);
}

}  // namespace

TEST_CASE("conflicting writes from many threads keep every invariant", "[stress][concurrency]") {
  const auto threads = static_cast<int>(env_number("SCALE_MOCK_STRESS_THREADS", 12));
  const std::uint64_t ops = env_number("SCALE_MOCK_STRESS_OPS", 250);
  const std::uint64_t seed = env_number("SCALE_MOCK_STRESS_SEED", 20261126);
  const auto keep_dumps = static_cast<std::size_t>(env_number("SCALE_MOCK_STRESS_DUMPS", 3));
  TestServerOptions options = with_threads(16);
  options.seed = seed;
  TestServer server(options);
  REQUIRE(server.put_json("/__admin/state", catalogue())->status == 204);

  Pools pools;
  std::vector<ThreadLog> logs(static_cast<std::size_t>(threads));
  {
    std::latch start(threads);
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i) {
      workers.emplace_back([&, i] {
        Worker w(server, pools, i, seed, logs[static_cast<std::size_t>(i)]);
        start.arrive_and_wait();
        w.run(ops, keep_dumps);
      });
    }
    for (auto& t : workers) t.join();
  }

  // ---- every answer
  std::map<int, std::size_t> statuses;
  std::vector<std::string> problems;
  for (const auto& log : logs) {
    for (const auto& [status, n] : log.statuses) statuses[status] += n;
    problems.insert(problems.end(), log.problems.begin(), log.problems.end());
  }
  std::string summary;
  for (const auto& [status, n] : statuses)
    summary += " " + std::to_string(status) + ":" + std::to_string(n);
  INFO("answers by status:" << summary);
  for (std::size_t i = 0; i < problems.size() && i < 20; ++i) FAIL_CHECK(problems[i]);
  CHECK(problems.empty());
  // The key space is small enough that the threads really collide, and big enough that
  // much still succeeds.
  CHECK(statuses[409] >= 50);
  CHECK(statuses[201] >= 100);
  CHECK(statuses[404] >= 10);
  std::map<std::string, std::size_t> license_answers;
  for (const auto& log : logs)
    for (const auto& [what, n] : log.license_answers) license_answers[what] += n;
  std::string licensing;
  for (const auto& [what, n] : license_answers) licensing += " " + what + ":" + std::to_string(n);
  INFO("license answers:" << licensing);
  // Keys collided, and licenses were moved, revoked and deleted while others deleted them.
  CHECK(license_answers["issue with key 201"] >= 5);
  CHECK(license_answers["issue with key 409"] >= 10);
  CHECK(license_answers["issue 404"] + license_answers["move 404"] >= 10);
  CHECK(license_answers["move 200"] >= 10);
  CHECK(license_answers["revoke 200"] >= 10);
  CHECK(license_answers["revoke 404"] >= 5);
  CHECK(license_answers["delete 204"] >= 10);

  // ---- every state the run went through, and the final one
  auto final_answer = server.get("/__admin/state");
  REQUIRE(final_answer->status == 200);
  const Json final_state = body_of(final_answer);
  std::vector<std::string> dumps;
  for (const auto& log : logs) dumps.insert(dumps.end(), log.dumps.begin(), log.dumps.end());
  INFO(dumps.size() << " dumps taken during the run");
  std::set<std::string> names;
  std::size_t violations = 0;
  bool final_ok = false;
  for (std::size_t i = 0; i <= dumps.size(); ++i) {
    const Json state = i < dumps.size() ? Json::parse(dumps[i], nullptr, false) : final_state;
    // Only the API made this state: every LICENSE_KEY consumer came with its license.
    const auto broken = stress::invariant_violations(state, true);
    for (std::size_t k = 0; k < broken.size(); ++k)
      if (violations++ < 20)
        FAIL_CHECK((i < dumps.size() ? "dump " + std::to_string(i) : std::string("final state")) +
                   ": " + broken[k]);
    if (i == dumps.size()) final_ok = broken.empty();
    collect_names(state, names);
  }
  CHECK(violations == 0);
  // The checks below read the final state's fields without checking its shape again.
  REQUIRE(final_ok);

  // ---- nothing half-created, nothing half-failed
  std::size_t ghosts = 0;
  std::size_t failed = 0;
  for (const auto& log : logs) {
    failed += log.failed_names.size();
    for (const auto& name : log.failed_names)
      if (names.count(name) && ghosts++ < 20)
        FAIL_CHECK("'" + name + "' was refused, yet a record took that name");
  }
  CHECK(ghosts == 0);
  std::size_t witnesses = 0;
  std::size_t broken_witnesses = 0;
  for (const auto& log : logs) {
    for (const auto& w : log.witnesses) {
      ++witnesses;
      for (const auto& p : witness_problems(final_state, w))
        if (broken_witnesses++ < 20) FAIL_CHECK(p);
    }
  }
  std::size_t made = 0;
  for (const auto& log : logs) {
    for (const auto& m : log.containers) {
      ++made;
      for (const auto& p : made_problems(final_state, m, true))
        if (broken_witnesses++ < 20) FAIL_CHECK(p);
    }
    for (const auto& m : log.consumers) {
      ++made;
      for (const auto& p : made_problems(final_state, m, false))
        if (broken_witnesses++ < 20) FAIL_CHECK(p);
    }
  }
  INFO(witnesses << " untouched setups and " << made
                 << " untouched containers and consumers checked, " << failed
                 << " refused writes checked");
  CHECK(broken_witnesses == 0);
  CHECK(witnesses >= 20);
  CHECK(made >= 20);

  // ---- the API's view agrees with the dump
  const auto& licensees = final_state["licensees"];
  const auto& consumers = final_state["licenseConsumers"];
  std::size_t boxes = 0;
  std::size_t licenses = 0;
  std::size_t wrong_default = 0;
  std::size_t wrong_licenses = 0;
  for (const auto& l : licensees) {
    boxes += l["licenseContainers"].size();
    std::size_t own = 0;
    for (const auto& b : l["licenseContainers"]) own += b.value("licenses", Json::array()).size();
    licenses += own;
    if (own > 0 &&
        server.total("/licensees/" + l["id"].get<std::string>() + "/licenses?limit=0") != own)
      ++wrong_licenses;
    std::string default_id;
    for (const auto& b : l["licenseContainers"])
      if (b["usedAsDefault"] == true) default_id = b["id"].get<std::string>();
    auto r = server.get("/licensees/" + l["id"].get<std::string>() + "/license-containers/default");
    if (r->status != 200 || body_of(r)["id"] != default_id) ++wrong_default;
  }
  CHECK(wrong_default == 0);
  CHECK(wrong_licenses == 0);
  CHECK(licenses >= 20);
  CHECK(server.total("/licensees?limit=0") == licensees.size());
  CHECK(server.total("/license-consumers?limit=0") == consumers.size());
  const Json health = body_of(server.get("/__admin/health"));
  CHECK(health["counts"]["licensees"] == licensees.size());
  CHECK(health["counts"]["licenseContainers"] == boxes);
  CHECK(health["counts"]["licenseConsumers"] == consumers.size());
  CHECK(health["counts"]["licenses"] == licenses);

  // ---- and the dump loads again, giving the same dump
  auto reload = server.put_json("/__admin/state", final_state);
  CHECK(reload->status == 204);
  CHECK(body_of(server.get("/__admin/state")) == final_state);
}
