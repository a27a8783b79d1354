#pragma once
// Reading and writing whole files, and listing a directory, for tests that check what landed on
// disk (the state file, the console's sources). Byte for byte: no newline translation.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace scale::testing {

// The whole content of `path` ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Writes `content` to `path`, replacing what was there.
inline void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// The names of the entries of `dir`, files and directories alike.
inline std::set<std::string> names_in(const std::filesystem::path& dir) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.insert(e.path().filename().string());
  return out;
}

}  // namespace scale::testing
