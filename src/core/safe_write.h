// Sheaf core: the one way Sheaf replaces a file's bytes on disk.
//
// The CLI, the desktop app's folder storage, exports and the settings file
// all write through write_file_safely, so a save never weakens a file:
// - the new bytes go to a hidden temporary file in the same folder
//   (".name.sheaf-XXXXXX"), are flushed to disk, get the old file's mode bits
//   (and, when running as root, its owner and group), and only then are
//   renamed over it; the folder entry is flushed too. A crash at any point
//   leaves the old bytes or the new ones, never a mix;
// - a symbolic link is followed: the write goes to its target, and the link
//   stays a link. A target outside `root` (when given) is refused, and so is
//   a dangling link;
// - a file with more than one hard link is refused: a rename would quietly
//   split it from its other names, and an in-place write could be torn.
#pragma once
#include <string>
#include <string_view>

namespace sheaf {

struct SafeWriteOptions {
  // Folder the written file must stay inside once links are followed
  // ("" allows any target). Relative paths count from the working directory.
  std::string root;
  // Mode bits for a file that does not exist yet, before the umask.
  unsigned new_mode = 0666;
  // The process umask, when the caller read it (-1: read it here). Reading
  // it means setting it, so a writer on a worker thread passes it in.
  int umask_bits = -1;
  // fsync the file and its folder (off only where speed matters more than a
  // power cut, e.g. tests).
  bool sync = true;
};

struct SafeWriteResult {
  bool ok = false;
  std::string error;        // names the file and the reason: "PATH: REASON"
  std::string reason;       // the reason alone
  std::string target;       // the file actually written (a link's target)
  bool through_link = false;
  bool no_space = false;    // ENOSPC or EDQUOT: the disk is full
};

SafeWriteResult write_file_safely(const std::string& path, std::string_view bytes,
                                  const SafeWriteOptions& options = SafeWriteOptions());

// True for the hidden temporary files write_file_safely leaves behind only
// when killed mid-write (".x.md.sheaf-Ab12Cd"): never a document.
bool is_safe_write_temp_name(std::string_view file_name);

}  // namespace sheaf
