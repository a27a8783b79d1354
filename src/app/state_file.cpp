#include "app/state_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "app/fixtures.hpp"
#include "wire/codec.hpp"

namespace scale::app {

namespace {

domain::Error io_error(const std::string& what, const std::string& path) {
  return domain::Error::Invalid("", what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

domain::Status write_atomically(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / (target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) return io_error("cannot create a temporary file beside", path);
  // mkstemp makes the file private (0600); a state file is ordinary data.
  ::fchmod(fd, 0644);
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto e = io_error("cannot write", tmpl);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return e;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    auto e = io_error("cannot flush", tmpl);
    ::unlink(tmpl.c_str());
    return e;
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    auto e = io_error("cannot rename the temporary file to", path);
    ::unlink(tmpl.c_str());
    return e;
  }
  // Make the rename itself durable.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return domain::Ok();
}

domain::Status check_state_file_location(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return domain::Error::Invalid(
        "", "--state-file " + path + ": the directory " + dir.string() + " does not exist");
  if (::access(dir.c_str(), W_OK) != 0)
    return domain::Error::Invalid(
        "", "--state-file " + path + ": the directory " + dir.string() + " is not writable");
  if (fs::is_directory(target, ec))
    return domain::Error::Invalid("", "--state-file " + path + " is a directory");
  return domain::Ok();
}

void remove_stale_temporaries(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string prefix = target.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    // mkstemp's six characters follow the prefix; nothing else is ours.
    if (name.size() == prefix.size() + 6 && name.compare(0, prefix.size(), prefix) == 0)
      fs::remove(entry.path(), ec);
  }
}

domain::Status save_state(const store::Store& store, const std::string& path) {
  return write_atomically(path, wire::encode(store.dump()).dump(2) + "\n");
}

domain::Status load_state(store::Store& store, const std::string& path) {
  domain::StateDocument doc;
  std::string error;
  if (!read_fixture_file(path, doc, error)) return domain::Error::Invalid("", error);
  if (auto s = store.replace(doc); !s) {
    return domain::Error::Invalid("", path + ": " + wire::pointer_description(s.error()));
  }
  return domain::Ok();
}

}  // namespace scale::app
