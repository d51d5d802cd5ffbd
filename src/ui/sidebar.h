// Sheaf sidebar: the library browser. A search box with live results, the
// active filters as removable chips, and tag / category / date lists with
// counts; clicking a value adds it to the query (Alt-click excludes it).
// Right-clicking a tag or category offers bulk edits (rename, merge, delete);
// the choice comes back as an event and the app runs the dialog.
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

#include "core/bulk_edit.h"
#include "core/library.h"
#include "imgui.h"

namespace sheaf {

// A bulk edit chosen from a tag or category row's context menu.
struct FacetMenuPick {
  bool chosen = false;
  BulkAction action = BulkAction::Rename;
  bool categories = false;
  std::string name;  // as listed
};

struct SidebarEvents {
  bool query_changed = false;
  DocId open = kNoDoc;  // a result row was clicked (draw_results)
  FacetMenuPick bulk;   // draw(): a context menu item was chosen
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
  // The worst diagnostic of a post: 0 none, 1 warning, 2 error (a mark before the title).
  std::function<int(DocId)> row_problem;
  // Screen rects of the controls drawn last frame, for tests: "search", each
  // chip ("chip:tag:x"), each facet value ("tag:x", "cat:y", "date:2024"),
  // the section headers ("header:tags", "header:categories", "header:dates")
  // and, while a row's context menu is open, its items ("menu:rename",
  // "menu:merge", "menu:delete").
  struct FacetRect {
    std::string filter;
    ImVec4 rect;
    uint32_t count = 0;  // facet values: the posts listed next to it
  };
  const std::vector<FacetRect>& facet_rects() const { return facet_rects_; }

 private:
  void refresh(const Library& lib, const std::string& query);
  void record_item_rect(std::string name);
  bool draw_facet(const Library& lib, FacetKind kind, const char* field, std::string& query);
  bool draw_dates(const Library& lib, std::string& query);
  void note_context_click(int kind, const std::string& name);
  FacetMenuPick draw_facet_menu();

  SearchResults results_;
  std::vector<ImVec4> row_rects_;
  std::vector<FacetRect> facet_rects_;
  std::string ran_query_ = "\x01";  // never a real query: forces the first run
  uint64_t ran_generation_ = 0;
  bool focus_ = false;
  bool sort_by_count_[2] = {true, true};
  char filter_[2][64] = {};
  SortKey sort_ = SortKey::Date;
  // The row whose context menu is open: kind 0 tags, 1 categories.
  int menu_kind_ = 0;
  std::string menu_name_;
  bool open_menu_ = false;
};

// Appends `field:value` (or `-field:value`) unless the query already has it.
std::string add_query_filter(const std::string& query, std::string_view field, std::string_view value, bool negate);

}  // namespace sheaf
