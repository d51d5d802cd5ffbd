// Sheaf core: what changed in a folder between two listings.
#include "core/scan.h"

#include <algorithm>

namespace sheaf {

static bool by_path(const FileStat& a, const FileStat& b) { return a.path < b.path; }

ScanDiff diff_scans(const std::vector<FileStat>& before_in, const std::vector<FileStat>& after_in) {
  // Listings come sorted from every backend; sort a copy only when one is not.
  std::vector<FileStat> before_copy, after_copy;
  const std::vector<FileStat>* before = &before_in;
  const std::vector<FileStat>* after = &after_in;
  if (!std::is_sorted(before_in.begin(), before_in.end(), by_path)) {
    before_copy = before_in;
    std::sort(before_copy.begin(), before_copy.end(), by_path);
    before = &before_copy;
  }
  if (!std::is_sorted(after_in.begin(), after_in.end(), by_path)) {
    after_copy = after_in;
    std::sort(after_copy.begin(), after_copy.end(), by_path);
    after = &after_copy;
  }
  ScanDiff d;
  size_t i = 0, j = 0;
  while (i < before->size() || j < after->size()) {
    if (j == after->size() || (i < before->size() && (*before)[i].path < (*after)[j].path)) {
      d.removed.push_back((*before)[i++].path);
    } else if (i == before->size() || (*after)[j].path < (*before)[i].path) {
      d.added.push_back((*after)[j++].path);
    } else {
      const FileStat& a = (*before)[i++];
      const FileStat& b = (*after)[j++];
      if (a.modified != b.modified || a.size != b.size) d.changed.push_back(b.path);
    }
  }
  return d;
}

std::vector<FileStat> stats_of(const std::vector<StoredFile>& files) {
  std::vector<FileStat> out;
  out.reserve(files.size());
  for (const StoredFile& f : files) out.push_back(FileStat{f.path, f.modified, f.text.size()});
  std::sort(out.begin(), out.end(), by_path);
  return out;
}

}  // namespace sheaf
