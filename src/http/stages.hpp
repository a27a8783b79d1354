#pragma once
// The stages that stand around the API routes. Each sees the exchange before the route
// does, and either answers itself or calls next().

#include <chrono>
#include <functional>

#include "http/exchange.hpp"

namespace scale::http {

using Stage = std::function<void(Exchange&, const std::function<void()>& next)>;

// Adds the exchange, as answered so far, to its namespace's journal.
void record_in_journal(const Exchange& ex, std::chrono::steady_clock::time_point start);

// Records every API request and its answer in the namespace's journal (Authorization masked),
// once the answer is ready and before it is sent (before a held answer's hold is over: its
// durationMs counts the hold, up to when the answer is due to go out).
Stage journal_stage();

// Applies the first matching fault of the namespace: drops the connection, or answers the
// fault's status and body, or (neither) lets the request through, at once; with delayMs, the
// answer or the drop is held that long on the connection (Exchange::hold_until), so that a
// delay-only fault's request changes the state at once and only its answer is late.
Stage fault_stage();

}  // namespace scale::http
