#pragma once
// Small helpers over POSIX sockets for the connection layer (connections.hpp).

#include <sys/resource.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace scale::net {

struct Address {
  std::string ip;
  int port = 0;
};

// This end and the other end of a connected socket ({"", 0} when unknown).
Address local_address(int fd);
Address remote_address(int fd);

void set_no_delay(int fd);

// A listening TCP socket on `host` (a name or an address: the first of its addresses that
// binds) and `port` (0: a free port; local_address() tells which), with the system's largest
// backlog (SOMAXCONN), non-blocking and close-on-exec. It sets SO_REUSEADDR, so that a
// restarted server binds while its old connections are in TIME_WAIT, and never SO_REUSEPORT,
// so that a second server on a port in use fails here instead of sharing the port's
// connections with the first. Returns the descriptor, or -1 with `error` naming host:port and
// why: the port is in use, the host is not an address of this machine, the name does not
// resolve, or the system's reason (permission denied for a port under 1024...).
int listen_on(const std::string& host, int port, std::string& error);

// Sends all `size` bytes on a non-blocking socket, waiting for room until `deadline` (a
// deadline already past: only what fits now). False when not all of it went out.
bool send_all(int fd, const char* data, std::size_t size,
              std::chrono::steady_clock::time_point deadline);

// Raises this process's soft limit on open files to its hard limit, and returns the soft
// limit now in force.
rlim_t raise_open_file_limit();

}  // namespace scale::net
