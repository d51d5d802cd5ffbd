// Sheaf sidebar: the library browser. A search box with live results, the
// active filters as removable chips, and tag / category / date lists with
// counts; clicking a value adds it to the query (Alt-click excludes it).
//
// The query string is owned by the caller (the app keeps it in the URL);
// the sidebar edits it and says when it changed.
//
//   SidebarEvents ev = sidebar.draw(library, query);          // in a child window
//   if (ev.query_changed) ... keep the query in the location (the app uses "?q=")
//   sidebar.draw_results(library);                           // or use results()
#pragma once
#include <functional>
#include <cstdint>
#include <string>

#include <vector>

#include "core/library.h"
#include "imgui.h"

namespace sheaf {

struct SidebarEvents {
  bool query_changed = false;
  DocId open = kNoDoc;  // a result row was clicked (draw_results)
};

class Sidebar {
 public:
  // Search box, error line, result count, chips and facet lists.
  SidebarEvents draw(const Library& lib, std::string& query);
  // Virtualized result rows (title, date, snippet with highlighted matches).
  SidebarEvents draw_results(const Library& lib, DocId selected = kNoDoc);

  // The results of the current query (re-run when the query or the library changes).
  const SearchResults& results(const Library& lib, const std::string& query);
  void focus_search() { focus_ = true; }
  // Screen rect (x, y, w, h) of result row `row` as last drawn; zero when not visible.
  ImVec4 row_rect(int row) const;
  // When set and true for a row's post, the row shows an unsaved marker.
  std::function<bool(DocId)> row_marker;
  // Screen rects of the controls drawn last frame, for tests: "search", each
  // chip ("chip:tag:x") and each facet value ("tag:x", "cat:y", "date:2024").
  struct FacetRect {
    std::string filter;
    ImVec4 rect;
  };
  const std::vector<FacetRect>& facet_rects() const { return facet_rects_; }

 private:
  void refresh(const Library& lib, const std::string& query);
  void record_item_rect(std::string name);
  bool draw_facet(const Library& lib, FacetKind kind, const char* field, std::string& query);
  bool draw_dates(const Library& lib, std::string& query);

  SearchResults results_;
  std::vector<ImVec4> row_rects_;
  std::vector<FacetRect> facet_rects_;
  std::string ran_query_ = "\x01";  // never a real query: forces the first run
  uint64_t ran_generation_ = 0;
  bool focus_ = false;
  bool sort_by_count_[2] = {true, true};
  char filter_[2][64] = {};
  SortKey sort_ = SortKey::Date;
};

// Appends `field:value` (or `-field:value`) unless the query already has it.
std::string add_query_filter(const std::string& query, std::string_view field, std::string_view value, bool negate);

}  // namespace sheaf
