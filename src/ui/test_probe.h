// Sheaf UI: whether widgets keep the screen rects of what they drew for the
// test bridge. Off until a bridge asks for the app's state (tests, the
// console), so a user's frames record nothing for it.
#pragma once

namespace sheaf {

inline bool& test_rects_wanted() {
  static bool wanted = false;
  return wanted;
}

}  // namespace sheaf
