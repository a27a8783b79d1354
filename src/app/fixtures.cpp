#include "app/fixtures.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/codec.hpp"

namespace scale::app {

namespace fs = std::filesystem;

bool parse_fixture(std::string_view name, std::string_view text, domain::StateDocument& out,
                   std::string& error) {
  http::Json j = http::Json::parse(text, nullptr, /*allow_exceptions=*/false,
                                   /*ignore_comments=*/false);
  if (j.is_discarded()) {
    // Parse again with exceptions on, only to learn where the syntax breaks. Not only
    // parse_error: a number too large for a double is out_of_range (406).
    try {
      auto ignored = http::Json::parse(text);
      (void)ignored;
    } catch (const http::Json::exception& e) {
      error = std::string(name) + ": not valid JSON (" + e.what() + ")";
      return false;
    }
    error = std::string(name) + ": not valid JSON";
    return false;
  }
  auto doc = http::decode_state(j);
  if (!doc) {
    error = std::string(name) + ": " + http::pointer_description(doc.error());
    return false;
  }
  out = std::move(doc).value();
  return true;
}

bool read_fixture_file(const std::string& path, domain::StateDocument& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open the file";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_fixture(path, text.str(), out, error);
}

std::vector<FixtureSource> read_fixtures(const std::string& path, std::string& error) {
  std::vector<FixtureSource> out;
  if (path.empty()) {
    FixtureSource src{"fixtures/default.json (embedded)", {}};
    if (!parse_fixture(src.name, default_fixtures(), src.document, error)) return {};
    out.push_back(std::move(src));
    return out;
  }
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file() && entry.path().extension() == ".json")
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (ec) {
      error = path + ": cannot read the directory (" + ec.message() + ")";
      return {};
    }
  } else if (fs::exists(path, ec)) {
    files.emplace_back(path);
  } else {
    error = path + ": no such file or directory";
    return {};
  }
  for (const auto& file : files) {
    FixtureSource src{file.string(), {}};
    if (!read_fixture_file(src.name, src.document, error)) return {};
    out.push_back(std::move(src));
  }
  return out;
}

bool load_fixtures(store::Store& store, const std::vector<FixtureSource>& sources,
                   std::string& error) {
  if (auto s = http::load_documents(store, sources); !s) {
    error = http::pointer_description(s.error());
    return false;
  }
  return true;
}

}  // namespace scale::app
