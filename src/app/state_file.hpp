#pragma once
// --state-file: the default namespace kept on disk for local development.

#include <string>

#include "domain/error.hpp"
#include "store/store.hpp"

namespace scale::app {

// Writes `content` to `path` so that a reader sees the old file or the new one, never a part:
// a temporary file in the same directory, flushed to disk, then renamed over `path`.
domain::Status write_atomically(const std::string& path, const std::string& content);

// Whether a state file can be written at `path`: its directory exists and is writable.
domain::Status check_state_file_location(const std::string& path);

// Removes the temporary files that snapshots killed mid-write left beside `path`.
void remove_stale_temporaries(const std::string& path);

// Writes the store's state document to `path` atomically.
domain::Status save_state(const store::Store& store, const std::string& path);

// Replaces the store's state with the document in `path`. Errors read
// "path: /json/pointer: reason".
domain::Status load_state(store::Store& store, const std::string& path);

}  // namespace scale::app
