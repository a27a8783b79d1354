#include "net/connections.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "net/sockets.hpp"

namespace scale::net {

using Clock = std::chrono::steady_clock;

namespace {

// What the reactor reads from a socket at most per wake-up, so one fast sender cannot keep
// it from the others.
constexpr std::size_t kReadSlice = 64 * 1024;
constexpr int kReadsPerWake = 4;
// A buffer that grew for a large request is given back once it is no longer needed.
constexpr std::size_t kKeptCapacity = 64 * 1024;
// Timeouts are checked this often at most.
constexpr auto kSweepInterval = std::chrono::milliseconds(50);
// Accepting pauses this long when the process is out of file descriptors and no connection
// can be closed to make room.
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
// Descriptors kept free for what is not a connection (files, the state file, logs).
constexpr rlim_t kSpareDescriptors = 64;

// Tags for the two descriptors in the epoll set that are not connections.
char listen_tag;
char wake_tag;

}  // namespace

struct Connections::Connection {
  // kWaiting: for (the rest of) a request; kBusy: queued for or held by a worker; kHeld: its
  // answer (in `out`) held back until hold_until; kFlushing: sending what of an answer the
  // socket did not take at once; kLingering: after the last answer, draining until the client
  // closes.
  enum class State { kWaiting, kBusy, kHeld, kFlushing, kLingering };

  explicit Connection(int socket, std::size_t max_body) : fd(socket), scanner(max_body) {}

  int fd;
  Address local, remote;
  State state = State::kWaiting;
  // Received bytes: the current request (after any blank lines) starts at scanner.start().
  std::string buffer;
  RequestScanner scanner;
  RequestScanner::Status status = RequestScanner::Status::kNeedMore;
  bool request_started = false;  // some bytes of the next request are in
  bool continue_sent = false;    // the 100 Continue for this request went out
  Clock::time_point since;       // waiting since (the oldest idle one goes first at the cap)
  // When a worker last began to send an answer on it: idle since then, for the cap. Taken
  // before the send, so that a client which reads the answer and then opens another
  // connection always finds this one the older, however late the reactor hears of it.
  Clock::time_point answered;
  Clock::time_point deadline;  // when waiting or lingering: closed then
  std::size_t served = 0;
  // What of the answers the socket has not taken yet, and what to do once it has.
  std::string out;
  std::size_t out_sent = 0;
  Outcome after_flush = Outcome::kKeep;
  // For the worker serving it.
  RequestFacts facts;
  bool dropped = false;
  // The answer (or the drop) goes out at hold_until, not before.
  bool held = false;
  Clock::time_point hold_until;
};

thread_local Connections::Connection* Connections::serving_ = nullptr;

// The bytes of one whole request, as cpp-httplib reads them, and the socket to answer on.
class Connections::RequestStream final : public httplib::Stream {
 public:
  explicit RequestStream(Connection& c)
      : c_(c), data_(c.buffer.data()), pos_(c.scanner.start()), end_(c.scanner.end()) {}

  bool is_readable() const override { return pos_ < end_; }
  bool is_writable() const override { return !c_.dropped; }

  // The request's bytes and no more: 0 (the end) once they are read, so that cpp-httplib can
  // neither wait for the client nor read into the next request.
  // cpp-httplib reads a request's head one byte per call (stream_line_reader), so that case
  // is kept short (the rest out of line, so that it costs the byte's case nothing).
  ssize_t read(char* ptr, size_t size) override {
    if (size == 1 && pos_ < end_) {
      *ptr = data_[pos_++];
      return 1;
    }
    return read_some(ptr, size);
  }

  // Gathers what cpp-httplib writes (it writes an answer's head and its body separately)
  // and sends it in one go at flush(), or sooner once a lot has gathered: one send, one TCP
  // segment and one wake-up of the client per answer instead of two.
  ssize_t write(const char* ptr, size_t size) override {
    if (c_.dropped) return static_cast<ssize_t>(size);  // nothing goes out on a dropped one
    pending_.append(ptr, size);
    if (pending_.size() >= kGather && !flush()) return -1;
    return static_cast<ssize_t>(size);
  }

  // Never waits: what the socket does not take now is kept in the connection's `out`, for
  // the reactor to send as the client reads (all of it, for a held answer). So a client that
  // does not read its answers holds a buffer, not a worker. False when the connection is
  // broken.
  bool flush() {
    std::size_t sent = 0;
    while (!c_.held && c_.out.empty() && sent < pending_.size()) {
      const ssize_t n = ::send(c_.fd, pending_.data() + sent, pending_.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;
      } else {
        pending_.clear();
        return false;
      }
    }
    c_.out.append(pending_, sent, std::string::npos);
    pending_.clear();
    return true;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.remote.ip;
    port = c_.remote.port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local.ip;
    port = c_.local.port;
  }
  socket_t socket() const override { return c_.fd; }

 private:
  [[gnu::noinline]] ssize_t read_some(char* ptr, size_t size) {
    const std::size_t n = std::min(size, end_ - pos_);
    std::memcpy(ptr, data_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  static constexpr std::size_t kGather = 64 * 1024;
  Connection& c_;
  // The connection's buffer, which does not change while a worker serves from it.
  const char* data_;
  std::size_t pos_;
  std::size_t end_;
  std::string pending_;
};

Connections::Connections(ConnectionLimits limits, Serve serve, Answers answers)
    : limits_(limits), serve_(std::move(serve)), answers_(std::move(answers)) {
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

Connections::~Connections() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

const RequestFacts* Connections::current() {
  return serving_ ? &serving_->facts : nullptr;
}

void Connections::drop_current() {
  if (!serving_) return;
  serving_->dropped = true;
  // A held drop happens in release_held().
  if (!serving_->held) ::shutdown(serving_->fd, SHUT_RDWR);
}

void Connections::hold_current(Clock::time_point until) {
  if (!serving_) return;
  serving_->held = true;
  serving_->hold_until = until;
}

void Connections::stop() {
  stopping_ = true;
  if (wake_fd_ >= 0) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
}

// ------------------------------------------------------------------ the reactor

bool Connections::run(int listen_fd) {
  if (wake_fd_ < 0) return false;
  if (stopping_) return true;
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return false;
  listen_fd_ = listen_fd;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = &listen_tag;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  ev.data.ptr = &wake_tag;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);

  // Idle connections are cheap here, so let the process hold as many as it may, and keep
  // the cap where accepting cannot run out of descriptors.
  const rlim_t files = raise_open_file_limit();
  max_connections_ = limits_.max_connections;
  if (files != RLIM_INFINITY)
    max_connections_ = std::min<std::size_t>(
        max_connections_, files > 2 * kSpareDescriptors ? files - kSpareDescriptors : files / 2);
  max_connections_ = std::max<std::size_t>(max_connections_, 1);

  scratch_.resize(kReadSlice);
  for (std::size_t i = 0; i < std::max<std::size_t>(limits_.workers, 1); ++i)
    workers_.emplace_back([this] { work(); });
  next_sweep_ = Clock::now() + kSweepInterval;
  running_ = true;

  std::vector<epoll_event> events(256);
  while (!stopping_) {
    const auto wake_at = held_.empty() ? next_sweep_ : std::min(next_sweep_, held_.begin()->first);
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(wake_at - Clock::now());
    const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                             static_cast<int>(std::max<std::int64_t>(wait.count(), 0) + 1));
    for (int i = 0; i < n; ++i) {
      void* tag = events[i].data.ptr;
      if (tag == &listen_tag) {
        accept_all();
      } else if (tag == &wake_tag) {
        std::uint64_t count;
        [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
        take_finished();
      } else {
        auto* c = static_cast<Connection*>(tag);
        // A connection closed earlier in this batch (its object lives on until the batch
        // ends) is not looked at again.
        if (c->fd < 0) continue;
        if (c->state == Connection::State::kLingering)
          drain(*c);
        else if (c->state == Connection::State::kWaiting)
          on_readable(*c);
        else if (c->state == Connection::State::kFlushing)
          flush(*c);
      }
    }
    take_finished();
    release_held();
    if (Clock::now() >= next_sweep_) sweep();
    closed_.clear();
  }
  shut_down();
  return true;
}

void Connections::accept_all() {
  for (;;) {
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        if (evict_one()) continue;
        // Nothing to close: leave the others in the backlog for a moment.
        epoll_event ev{};
        ev.data.ptr = &listen_tag;
        epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
        accept_paused_ = true;
        accept_paused_until_ = Clock::now() + kAcceptPause;
      }
      return;  // EAGAIN: all taken
    }
    if (connections_.size() >= max_connections_ && !evict_one()) {
      // Every connection is in the middle of a request: say so, and close.
      send_all(fd, answers_.busy.data(), answers_.busy.size(), Clock::now());
      ::close(fd);
      continue;
    }
    adopt(fd);
  }
}

void Connections::adopt(int fd) {
  set_no_delay(fd);
  auto owned = std::make_unique<Connection>(fd, limits_.max_body_bytes);
  Connection& c = *owned;
  c.local = local_address(fd);
  c.remote = remote_address(fd);
  c.since = Clock::now();
  c.deadline = c.since + limits_.keep_alive_timeout;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.ptr = &c;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    ::close(fd);
    return;
  }
  connections_.emplace(&c, std::move(owned));
}

// Closes the connection that has waited the longest (one lingering after its answer first,
// then one idle or still sending its request) to make room for a new one; false when every
// connection is busy with a request.
bool Connections::evict_one() {
  Connection* victim = nullptr;
  for (auto& [ptr, owned] : connections_) {
    Connection& c = *ptr;
    if (c.state == Connection::State::kBusy || c.state == Connection::State::kHeld ||
        c.state == Connection::State::kFlushing)
      continue;
    if (!victim) {
      victim = &c;
      continue;
    }
    const bool lingering = c.state == Connection::State::kLingering;
    const bool victim_lingering = victim->state == Connection::State::kLingering;
    if (lingering != victim_lingering) {
      if (lingering) victim = &c;
    } else if (c.since < victim->since) {
      victim = &c;
    }
  }
  if (!victim) return false;
  close(*victim);
  return true;
}

void Connections::on_readable(Connection& c) {
  for (int i = 0; i < kReadsPerWake; ++i) {
    const ssize_t n = ::recv(c.fd, scratch_.data(), scratch_.size(), 0);
    if (n == 0) {  // the client closed (or half-closed) before sending a whole request
      close(c);
      return;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      close(c);
      return;
    }
    c.buffer.append(scratch_.data(), static_cast<std::size_t>(n));
    c.status = c.scanner.scan(c.buffer);
    // Empty lines before a request are no part of it (RFC 9112 2.2): they leave an idle
    // connection idle, and do not start the request timer.
    if (!c.request_started && c.scanner.started()) {
      c.request_started = true;
      c.deadline = Clock::now() + limits_.request_timeout;
    }
    if (c.status != RequestScanner::Status::kNeedMore) {
      dispatch(c);
      return;
    }
    if (static_cast<std::size_t>(n) < scratch_.size()) break;  // nothing more for now
  }
  // The head is in and the client waits to be asked for the body.
  if (c.scanner.wants_continue() && !c.continue_sent) {
    static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
    c.continue_sent = true;
    if (!send_all(c.fd, kContinue, sizeof kContinue - 1, Clock::now())) {
      close(c);
      return;
    }
  }
  rearm(c);
}

// After the answer of a connection being closed: read and discard what the client still
// sends, until it closes or the linger time is up.
void Connections::drain(Connection& c) {
  for (int i = 0; i < kReadsPerWake; ++i) {
    const ssize_t n = ::recv(c.fd, scratch_.data(), scratch_.size(), 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    close(c);
    return;
  }
  rearm(c);
}

void Connections::rearm(Connection& c) {
  epoll_event ev{};
  ev.events = (c.state == Connection::State::kFlushing ? EPOLLOUT : EPOLLIN) | EPOLLONESHOT;
  ev.data.ptr = &c;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev) != 0) close(c);
}

void Connections::dispatch(Connection& c) {
  c.state = Connection::State::kBusy;
  ++busy_;
  {
    std::lock_guard lock(ready_mu_);
    ready_.push_back(&c);
  }
  ready_cv_.notify_one();
}

void Connections::close(Connection& c) {
  if (c.fd < 0) return;
  if (c.state == Connection::State::kBusy) --busy_;
  if (c.state == Connection::State::kHeld) held_.erase({c.hold_until, &c});
  ::close(c.fd);  // which also takes it out of the epoll set
  c.fd = -1;
  auto it = connections_.find(&c);
  if (it != connections_.end()) {
    closed_.push_back(std::move(it->second));
    connections_.erase(it);
  }
}

void Connections::take_finished() {
  std::vector<std::pair<Connection*, Outcome>> done;
  {
    std::lock_guard lock(finished_mu_);
    done.swap(finished_);
  }
  for (auto [c, outcome] : done) settle(*c, outcome);
}

// A connection back from a worker.
void Connections::settle(Connection& c, Outcome outcome) {
  --busy_;
  c.state = Connection::State::kWaiting;
  if (stopping_ || (outcome == Outcome::kAbort && !c.held)) {
    close(c);
    return;
  }
  if (c.held) {
    // Sent (or dropped) by release_held() at hold_until.
    c.state = Connection::State::kHeld;
    c.after_flush = outcome;
    held_.emplace(c.hold_until, &c);
    return;
  }
  if (!c.out.empty()) {
    // The client has not read its answer yet: send the rest as it does, within the write
    // timeout.
    c.state = Connection::State::kFlushing;
    c.after_flush = outcome;
    c.deadline = Clock::now() + limits_.write_timeout;
    rearm(c);
    return;
  }
  proceed(c, outcome);
}

void Connections::flush(Connection& c) {
  while (c.out_sent < c.out.size()) {
    const ssize_t n =
        ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      rearm(c);
      return;
    } else {
      close(c);
      return;
    }
  }
  c.out = std::string();
  c.out_sent = 0;
  c.state = Connection::State::kWaiting;
  c.answered = Clock::now();  // the answer (held, or not taken at once) went out only now
  proceed(c, c.after_flush);
}

// After a connection's answers are all out: wait for its next request (or serve the one
// already in), or close it lingering.
void Connections::proceed(Connection& c, Outcome outcome) {
  const auto now = Clock::now();
  if (outcome == Outcome::kClose) {
    // The lingering close: the answer has gone out; now the end of our sending side, and
    // then whatever the client still sends is drained until it closes.
    ::shutdown(c.fd, SHUT_WR);
    c.state = Connection::State::kLingering;
    c.buffer = std::string();
    c.since = now;
    c.deadline = now + limits_.linger;
    rearm(c);
    return;
  }
  if (c.status != RequestScanner::Status::kNeedMore) {
    // A pipelined request, whole already, that waited for the answers before it to go out.
    dispatch(c);
    return;
  }
  c.since = std::min(now, c.answered);
  c.continue_sent = false;
  c.request_started = c.scanner.started();
  c.deadline = now + (c.request_started ? limits_.request_timeout : limits_.keep_alive_timeout);
  if (c.scanner.wants_continue()) {
    static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
    c.continue_sent = true;
    if (!send_all(c.fd, kContinue, sizeof kContinue - 1, now)) {
      close(c);
      return;
    }
  }
  rearm(c);
}

// Sends the held answers whose time has come (or drops their connections).
void Connections::release_held() {
  const auto now = Clock::now();
  while (!held_.empty() && held_.begin()->first <= now) {
    Connection& c = *held_.begin()->second;
    held_.erase(held_.begin());
    c.held = false;
    if (c.after_flush == Outcome::kAbort) {
      ::shutdown(c.fd, SHUT_RDWR);
      c.state = Connection::State::kWaiting;
      close(c);
      continue;
    }
    c.state = Connection::State::kFlushing;
    c.deadline = now + limits_.write_timeout;
    flush(c);
  }
}

// Closes the connections whose time is up: idle ones silently, ones still sending their
// request with a 408, ones whose client does not read its answer, lingering ones when the
// linger time is over.
void Connections::sweep() {
  const auto now = Clock::now();
  auto next = now + std::chrono::seconds(1);
  std::vector<Connection*> expired;
  for (auto& [ptr, owned] : connections_) {
    if (ptr->state == Connection::State::kBusy || ptr->state == Connection::State::kHeld) continue;
    if (ptr->deadline <= now)
      expired.push_back(ptr);
    else
      next = std::min(next, ptr->deadline);
  }
  for (Connection* c : expired) {
    if (c->state == Connection::State::kWaiting && c->request_started)
      send_all(c->fd, answers_.timeout.data(), answers_.timeout.size(), now);
    close(*c);
  }
  if (accept_paused_ && now >= accept_paused_until_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = &listen_tag;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
    accept_paused_ = false;
  }
  if (accept_paused_) next = std::min(next, accept_paused_until_);
  next_sweep_ = std::max(next, now + kSweepInterval);
}

void Connections::shut_down() {
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
  // Idle, held and lingering connections close now; the busy ones once their answer is out.
  std::vector<Connection*> idle;
  for (auto& [ptr, owned] : connections_)
    if (ptr->state != Connection::State::kBusy) idle.push_back(ptr);
  for (Connection* c : idle) close(*c);
  while (busy_ > 0) {
    epoll_event ev;
    epoll_wait(epoll_fd_, &ev, 1, 100);
    std::uint64_t count;
    [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
    take_finished();
  }
  {
    std::lock_guard lock(ready_mu_);
    workers_stop_ = true;
  }
  ready_cv_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
  closed_.clear();
  ::close(epoll_fd_);
  epoll_fd_ = -1;
  running_ = false;
}

// ------------------------------------------------------------------ the workers

void Connections::work() {
  for (;;) {
    Connection* c = nullptr;
    {
      std::unique_lock lock(ready_mu_);
      ready_cv_.wait(lock, [&] { return !ready_.empty() || workers_stop_; });
      if (ready_.empty()) return;
      c = ready_.front();
      ready_.pop_front();
    }
    serve(*c);
  }
}

// Answers the request in the connection's buffer, and any whole ones the client pipelined
// after it; then gives the connection back to the reactor.
void Connections::serve(Connection& c) {
  using Status = RequestScanner::Status;
  serving_ = &c;
  Outcome outcome = Outcome::kKeep;
  for (;;) {
    c.facts = RequestFacts{};
    c.facts.body_too_large = c.status == Status::kBodyTooLarge;
    if (c.status == Status::kMalformed) {
      c.facts.malformed = c.scanner.problem();
      c.facts.malformed_status = c.scanner.problem_status();
    }
    // A refused request's body (or what the client sends next) is not read: its answer is
    // the last on the connection. So is the answer to a Connection: close (cpp-httplib sees
    // only the exact value "close").
    const bool last = stopping_ || ++c.served >= limits_.keep_alive_max_count ||
                      c.status != Status::kComplete || c.scanner.wants_close();
    bool closed = false;
    bool ok = false;
    {
      RequestStream stream(c);
      try {
        ok = serve_(stream, last, closed);
      } catch (...) {
        ok = false;
      }
      c.answered = Clock::now();
      if (!c.dropped && !stream.flush()) ok = false;
    }
    if (c.dropped) {
      outcome = Outcome::kAbort;
      break;
    }
    if (!ok || closed || last) {
      outcome = Outcome::kClose;
      break;
    }
    // Keep-alive: drop this request's bytes (a body the route did not read included).
    c.buffer.erase(0, c.scanner.end());
    if (c.buffer.capacity() > kKeptCapacity && c.buffer.size() < kKeptCapacity)
      std::string(c.buffer).swap(c.buffer);
    c.scanner.reset();
    c.status = c.buffer.empty() ? Status::kNeedMore : c.scanner.scan(c.buffer);
    // The next request waits while this answer is held or the client has not read it.
    if (c.status == Status::kNeedMore || c.held || !c.out.empty()) break;
  }
  serving_ = nullptr;
  finished(c, outcome);
}

void Connections::finished(Connection& c, Outcome outcome) {
  bool wake = false;
  {
    std::lock_guard lock(finished_mu_);
    wake = finished_.empty();
    finished_.emplace_back(&c, outcome);
  }
  if (wake) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
}

}  // namespace scale::net
