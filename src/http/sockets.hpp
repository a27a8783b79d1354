#pragma once
// Small helpers over POSIX sockets for the connection layer (connections.hpp).

#include <sys/resource.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace scale::http {

struct Address {
  std::string ip;
  int port = 0;
};

// This end and the other end of a connected socket ({"", 0} when unknown).
Address local_address(int fd);
Address remote_address(int fd);

void set_no_delay(int fd);
void set_non_blocking(int fd);

// Sends all `size` bytes on a non-blocking socket, waiting for room until `deadline` (a
// deadline already past: only what fits now). False when not all of it went out.
bool send_all(int fd, const char* data, std::size_t size,
              std::chrono::steady_clock::time_point deadline);

// Raises this process's soft limit on open files to its hard limit, and returns the soft
// limit now in force.
rlim_t raise_open_file_limit();

}  // namespace scale::http
