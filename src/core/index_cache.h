// Sheaf core: the index cache, for a warm start.
//
// The cache is one compact binary blob holding, per document, what the
// library index needs (path, title, date, tags, categories, flattened
// properties, modified, version, body offset and a content hash). Loading a
// notebook with it skips the Markdown and YAML parsers for every file whose
// bytes still hash the same; only new or changed files are parsed. The search
// text is rebuilt from the file bytes, at once or, when the library has a text
// source, on the first text query.
//
// A blob that is truncated, corrupt or from another format version is
// ignored as a whole (every file is parsed), never trusted partially.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/library.h"
#include "core/storage.h"

namespace sheaf {

// Serializes every live entry (without its search text).
std::string save_index_cache(const Library& lib);

// Reads a blob into entries (search text empty). False when unusable.
bool read_index_cache(std::string_view blob, std::vector<LibraryEntry>& out);

struct LibraryLoadStats {
  size_t files = 0;
  size_t parsed = 0;   // went through parse_document
  size_t reused = 0;   // restored from the cache
  bool cache_used = false;
  double total_ms = 0;
  double parse_ms = 0;  // time inside parse_document
  // Warm-start phases (reused files): reading the blob, hashing file bytes,
  // building the search text, and indexing (facets, postings).
  double cache_read_ms = 0, hash_ms = 0, text_ms = 0, index_ms = 0;
};

// Replaces the library's content with `files`, reusing cache entries whose
// path and content hash match. `cache` may be empty. When the library has a
// text source, reused entries leave their body text to be folded later.
LibraryLoadStats load_library(Library& lib, const std::vector<StoredFile>& files, std::string_view cache = {});

// A warm start in two steps, for storage where reading every file takes long
// (IndexedDB): restore_library fills the library from the cache alone, so the
// list, facets and filters work at once, and text queries see titles only;
// when the files arrive, reconcile_library checks each one against its entry
// by content hash, re-parses changed ones, adds new ones and removes entries
// whose file is gone. restore_library needs a text source (the bodies are
// folded from it later) and returns false when the cache is unusable.
bool restore_library(Library& lib, std::string_view cache, LibraryLoadStats* stats = nullptr);
LibraryLoadStats reconcile_library(Library& lib, const std::vector<StoredFile>& files);

}  // namespace sheaf
