// Sheaf post list: one row per post (title, date, tags), virtualized.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

namespace sheaf {

struct Document;

struct PostListItem {
  const std::string* id;
  const Document* doc;
  bool selected;
};

class PostList {
 public:
  // Draws the rows in the current child window; returns the clicked row or -1.
  int draw(const std::vector<PostListItem>& items);
  // Screen rect (x, y, w, h) of a row as last drawn; zero size when not visible.
  ImVec4 row_rect(int row) const;

 private:
  std::vector<ImVec4> rects_;
  int scroll_to_ = -1;
};

}  // namespace sheaf
