#pragma once
// Fixture loading (contract section 7): the embedded demo data, a fixture file, or a
// directory whose *.json files load in name order.

#include <string>
#include <string_view>
#include <vector>

#include "controls/namespaces.hpp"
#include "domain/state_document.hpp"

namespace scale::app {

// The contents of fixtures/default.json, embedded at build time.
std::string_view default_fixtures();

using FixtureSource = controls::FixtureDocument;

// Reads the fixtures at `path` (a file, or a directory of *.json in name order); an empty
// path means the embedded default. On failure (a path that does not exist, a file that cannot
// be read), `error` is "path: reason" and the result is empty. The texts are decoded when
// they are loaded (load_fixtures), which reports "file: /json/pointer: reason".
std::vector<FixtureSource> read_fixtures(const std::string& path, std::string& error);

// Reads a whole file into `text`; false with `error` "path: cannot open the file".
bool read_file(const std::string& path, std::string& text, std::string& error);

// Reads and decodes one file as a state document; errors are "path: /json/pointer: reason"
// (or "path: cannot open the file").
bool read_fixture_file(const std::string& path, domain::StateDocument& out, std::string& error);

// Decodes the sources, then replaces the store's state with them, in order (each merged over
// the ones before); on failure, `error` is "file: /json/pointer: reason" (or "file: not
// valid JSON (...)") and the store is as it was.
bool load_fixtures(store::Store& store, const std::vector<FixtureSource>& sources,
                   std::string& error);

// Decodes one JSON text as a state document; errors are "name: /json/pointer: reason".
bool parse_fixture(std::string_view name, std::string_view text, domain::StateDocument& out,
                   std::string& error);

}  // namespace scale::app
