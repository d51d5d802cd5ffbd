// sheaf-cli: reading a notebook folder into a Library (query and tags).
#pragma once
#include <string>

namespace sheaf {
class Library;
}

namespace sheaf::cli {

// Loads every post below `dir`; returns kOk, or kIoError after reporting.
int load_dir_into(const std::string& dir, Library& lib, const char* command);

}  // namespace sheaf::cli
