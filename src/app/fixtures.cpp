#include "app/fixtures.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "wire/codec.hpp"

namespace scale::app {

namespace fs = std::filesystem;

bool parse_fixture(std::string_view name, std::string_view text, domain::StateDocument& out,
                   std::string& error) {
  auto doc = wire::parse_state(text);
  if (!doc) {
    error = std::string(name) + ": " + wire::pointer_description(doc.error());
    return false;
  }
  out = std::move(doc).value();
  return true;
}

bool read_file(const std::string& path, std::string& text, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open the file";
    return false;
  }
  // One read into a string of the file's size: a fixture can be hundreds of megabytes.
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) {
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), size);
    text.resize(static_cast<std::size_t>(in.gcount()));
  } else {
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  return true;
}

bool read_fixture_file(const std::string& path, domain::StateDocument& out, std::string& error) {
  std::string text;
  if (!read_file(path, text, error)) return false;
  return parse_fixture(path, text, out, error);
}

std::vector<FixtureSource> read_fixtures(const std::string& path, std::string& error) {
  std::vector<FixtureSource> out;
  if (path.empty()) {
    out.push_back({"fixtures/default.json (embedded)", std::string(default_fixtures())});
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
    if (!read_file(src.name, src.text, error)) return {};
    out.push_back(std::move(src));
  }
  return out;
}

bool load_fixtures(store::Store& store, const std::vector<FixtureSource>& sources,
                   std::string& error) {
  if (auto s = controls::load_documents(store, sources); !s) {
    error = wire::pointer_description(s.error());
    return false;
  }
  return true;
}

}  // namespace scale::app
