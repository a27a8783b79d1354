#include "http/sockets.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstdlib>
#include <functional>

namespace scale::http {
namespace {

int port_of(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port);
  if (a.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
  return -1;
}

// Calls `visit(fd, local_port, remote_port)` for every connected socket of this process;
// stops when it returns false. A socket closed meanwhile is skipped or fails harmlessly.
void for_each_connection(const std::function<bool(int, int, int)>& visit) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || fd < 0 || fd == dirfd(dir)) continue;
    sockaddr_storage peer{}, local{};
    socklen_t peer_len = sizeof peer, local_len = sizeof local;
    const int s = static_cast<int>(fd);
    if (getpeername(s, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    if (getsockname(s, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (!visit(s, port_of(local), port_of(peer))) break;
  }
  closedir(dir);
}

}  // namespace

void drop_connection(int local_port, int remote_port) {
  for_each_connection([&](int fd, int local, int remote) {
    if (local != local_port || remote != remote_port) return true;
    shutdown(fd, SHUT_RDWR);
    return false;
  });
}

void stop_reading_connections(int local_port) {
  for_each_connection([&](int fd, int local, int) {
    if (local == local_port) shutdown(fd, SHUT_RD);
    return true;
  });
}

}  // namespace scale::http
