#pragma once
// cpp-httplib 0.11 never hands its handlers the connection's socket. These find a server
// connection by its ports (through /proc/self/fd) and shut it down.

namespace scale::http {

// Shuts down both directions of the connection between our `local_port` and the client's
// `remote_port`: the library's next read or write on it fails and it closes the connection.
void drop_connection(int local_port, int remote_port);

// Shuts down the reading side of every connection accepted on `local_port`: idle keep-alive
// connections end at once; a request being answered still gets its answer.
void stop_reading_connections(int local_port);

}  // namespace scale::http
