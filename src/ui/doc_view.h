// Sheaf viewer widget: draws a Document's cached layout with ImDrawList,
// with a properties header, scrolling, selection, find, links, images and
// an outline of headings.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/incremental.h"
#include "ui/image_cache.h"
#include "imgui.h"

namespace sheaf {

struct Document;
struct DocLayout;
struct DocViewState;

class DocView {
 public:
  DocView();
  ~DocView();
  DocView(const DocView&) = delete;
  DocView& operator=(const DocView&) = delete;

  void set_document(const Document* doc, uint64_t version);  // version changes whenever text changes
  // The same after an incremental re-parse: `span` took version `base` to
  // `version`, so a layout of `base` is updated rather than redone.
  void set_document(const Document* doc, uint64_t version, const ReparseSpan& span, uint64_t base);
  const Document* document() const;                          // the one set (nullptr: none)
  void set_notebook_root(std::string root);                  // for "/assets/..." images
  // Images inside the notebook are read through `loader` (the app's storage)
  // before the path decoder is asked (ui/image_cache.h).
  void set_asset_loader(AssetLoader loader);
  void draw(ImVec2 size);  // inside the current window; own child window with scrolling

  // What a Jekyll site changes in the header (core/site.h), set by the app
  // for the document shown: a publishing mark ("Draft", "Unpublished",
  // "Scheduled"), the date in the site's zone and the categories with the
  // folders' (used when `site` is true). Empty: the document's own.
  struct SiteHeader {
    bool site = false;
    std::string mark, date;
    std::vector<std::string> categories;
    // Values from the site's defaults: key, value as text, where it comes from.
    struct Inherited {
      std::string key, value, from;
    };
    std::vector<Inherited> inherited;
  };
  SiteHeader site_header;

  std::function<void(std::string query)> on_filter;  // chip clicked: "tag:x" / "cat:y"
  // A task box clicked: `offset` is the source byte of its mark (Node::task_mark_offset).
  // Unset: task boxes are not clickable.
  std::function<void(uint32_t offset)> on_task_toggle;
  // A diagnostic under the title clicked: show its place in the source (file line and byte column, 1-based).
  std::function<void(int line, int column)> on_diagnostic;
  // A plain click on text (no drag, no link): the source byte under it, so
  // the editor beside the preview can put its caret there.
  std::function<void(uint32_t source_offset)> on_text_click;

  size_t block_count() const;  // laid-out blocks
  int missing_glyphs() const;  // codepoints no merged face can draw (ZWJ/VS excluded)

  // --- links -----------------------------------------------------------------
  enum class LinkAction { ScrolledToAnchor, AnchorNotFound, Opened, Refused };
  LinkAction activate_link(std::string_view href);  // what a click on `href` does
  struct LinkRect {
    ImVec2 min, max;  // screen coordinates, as drawn last frame
    std::string href;
  };
  std::vector<LinkRect> visible_links() const;
  const std::string& message() const;  // last user-visible notice ("" when none)

  // --- scrolling and outline -------------------------------------------------
  bool scroll_to_anchor(std::string_view anchor);  // applied on the next draw
  void scroll_to(float body_y);                    // body (layout) y at the top, on the next draw
  float scroll_y() const;
  float body_top() const;  // scroll_y() of body y 0 (the header sits above it)
  ImVec2 layout_origin() const;  // screen position of layout (0, 0) as drawn last frame
  void set_outline_visible(bool v);
  bool outline_visible() const;
  int current_heading() const;  // index in Document::headings, -1 when none

  // --- find --------------------------------------------------------------------
  void open_find(std::string query = "");
  void close_find();
  bool find_open() const;
  void set_find_query(std::string query);
  const std::string& find_query() const;
  void find_step(bool backwards);
  int find_count() const;
  int find_current() const;  // -1 when none

  // --- selection -----------------------------------------------------------------
  void select_all();
  void clear_selection();
  // Selects by layout position: block index and byte offset in its text.
  void set_selection(uint32_t block_a, uint32_t offset_a, uint32_t block_b, uint32_t offset_b);
  bool select_word_at(ImVec2 layout_pos);  // what a double-click does
  std::string selection_text() const;      // the Markdown source of the selection
  std::string selection_plain() const;     // the displayed text of the selection
  bool copy_selection();                   // Ctrl+C

  // --- introspection for the test bridge, tests and benchmarks --------------------
  // What the view shows, read-only. The rects (screen pixels, as drawn last
  // frame) are kept only while test_rects_wanted() (ui/test_probe.h).
  struct Probe {
    int blocks = 0, missing_glyphs = 0, layout_count = 0;
    double layout_ms = 0;
    std::string layout_error;
    float height = 0, column_width = 0, scroll_y = 0;
    bool outline = false;
    int current_heading = -1;
    bool find_open = false;
    std::string find_query;
    int find_count = 0, find_current = -1;
    std::string selection, message, tooltip;
    int images_loading = 0;
    int callouts = 0;  // callout boxes laid out (their bar decorations)
    std::vector<LinkRect> links;
    struct ImageShown {
      std::string url;
      const char* state = "loading";  // "loading", "ready" or "failed"
      ImVec2 min, max;
    };
    std::vector<ImageShown> images;
    std::vector<ImVec4> diagnostic_rects;  // one per diagnostic shown under the title (x, y, w, h)
  };
  Probe probe() const;
  const DocLayout* layout() const;
  int layout_count() const;        // how many times a layout was computed
  double last_layout_ms() const;
  float layout_width() const;
  float code_scroll_x(uint32_t block) const;  // how far a code block is scrolled sideways

 private:
  std::unique_ptr<DocViewState> s_;
};

}  // namespace sheaf
