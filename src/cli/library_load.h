// sheaf-cli: reading a notebook folder into a Library (query and tags).
#pragma once
#include <memory>
#include <string>

namespace sheaf {
class Library;
struct Site;
}

namespace sheaf::cli {

// Loads every post below `dir`; returns kOk, or kIoError after reporting.
// With a _config.yml in `dir`, the site's rules apply (core/site.h).
int load_dir_into(const std::string& dir, Library& lib, const char* command);

// The site of the folder `dir` (its _config.yml), or nullptr when there is
// none or it does not parse; its diagnostics go to stderr as DIR/_config.yml:LINE:COL.
std::shared_ptr<const Site> load_site(const std::string& dir, const char* command);

// The nearest folder at or above `file`'s folder holding a _config.yml; false when none.
bool find_site_root(const std::string& file, std::string& root);

}  // namespace sheaf::cli
