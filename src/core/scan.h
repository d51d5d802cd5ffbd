// Sheaf core: what changed in a folder between two listings.
//
// A scan lists every document's date and size (Storage::list_stats); the
// notebook keeps the last one and compares the next with it to find the
// files another program wrote, made or deleted. Both listings are sorted by
// path, so the comparison is one merge: linear in the number of files.
#pragma once
#include <string>
#include <vector>

#include "core/storage.h"

namespace sheaf {

struct ScanDiff {
  std::vector<std::string> added, changed, removed;  // paths, each sorted
  bool empty() const { return added.empty() && changed.empty() && removed.empty(); }
  size_t size() const { return added.size() + changed.size() + removed.size(); }
};

// A file counts as changed when its date or its size moved. Listings that
// are not sorted by path are sorted first (a copy).
ScanDiff diff_scans(const std::vector<FileStat>& before, const std::vector<FileStat>& after);

// The listing a load gives: each file's path, date and size (its text's length).
std::vector<FileStat> stats_of(const std::vector<StoredFile>& files);

}  // namespace sheaf
