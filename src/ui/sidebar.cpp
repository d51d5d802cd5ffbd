// Sheaf sidebar (see sidebar.h).
//
// Index of this file:
// [SECTION] Query helpers
// [SECTION] Search box and chips
// [SECTION] Facet lists
// [SECTION] Results

#include "ui/sidebar.h"

#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "ui/fonts.h"
#include "ui/test_probe.h"
#include "ui/theme.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] Query helpers
//-----------------------------------------------------------------------------

std::string add_query_filter(const std::string& query, std::string_view field, std::string_view value, bool negate) {
  std::string f = fold(field), v = fold(value);
  for (const QueryPart& p : split_query(query))
    if (!p.group && p.negated == negate && p.field == f && fold(p.value) == v) return query;
  std::string term(negate ? "-" : "");  // appended, not a + chain: GCC 12 warns falsely (-Wrestrict)
  term.append(field).append(1, ':').append(quote_query_value(value));
  if (query.find_first_not_of(' ') == std::string::npos) return term;
  std::string out = query;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + " " + term;
}

void Sidebar::refresh(const Library& lib, const std::string& query) {
  if (query == ran_query_ && lib.generation() == ran_generation_) return;
  SearchOptions o;
  o.sort = sort_;
  o.snippet_count = 0;  // snippets are made for visible rows only
  results_ = lib.search(query, o);
  ran_query_ = query;
  ran_generation_ = lib.generation();
}

const SearchResults& Sidebar::results(const Library& lib, const std::string& query) {
  refresh(lib, query);
  return results_;
}

//-----------------------------------------------------------------------------
// [SECTION] Search box and chips
//-----------------------------------------------------------------------------

// Right edge of the content region in window coordinates (from any cursor position).
static float content_right() { return ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x; }

void Sidebar::record_item_rect(std::string name) {
  if (!test_rects_wanted()) return;
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  facet_rects_.push_back({std::move(name), ImVec4(a.x, a.y, b.x - a.x, b.y - a.y)});
}

SidebarEvents Sidebar::draw(const Library& lib, std::string& query) {
  SidebarEvents ev;
  ImGui::PushID("sidebar");
  if (focus_) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  ImGui::SetNextItemWidth(-FLT_MIN);
  // Live: every keystroke re-runs the query (fast enough at 10k posts).
  if (ImGui::InputTextWithHint("##query", "검색 / Search: tag:x \"phrase\" -word", &query)) ev.query_changed = true;
  facet_rects_.clear();
  record_item_rect("search");
  refresh(lib, query);

  if (results_.error.failed()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(230, 90, 80, 255));
    ImGui::TextWrapped("%s", results_.error.message.c_str());
    ImGui::PopStyleColor();
  } else {
    ImGui::TextDisabled("%zu / %zu posts  (%.1f ms)", results_.hits.size(), lib.size(), results_.elapsed_ms);
  }
  ImGui::SameLine();
  const char* sorts[] = {"date", "title", "modified"};
  int s = int(sort_);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("modified").x + ImGui::GetFrameHeight() * 1.5f);
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), content_right() -
                                                            ImGui::CalcTextSize("modified").x - ImGui::GetFrameHeight() * 1.5f));
  if (ImGui::Combo("##sort", &s, sorts, 3)) {
    sort_ = SortKey(s);
    ran_query_.assign(1, '\x01');
    refresh(lib, query);
  }

  // Chips: each top-level term of the query, removable with one click.
  std::vector<QueryPart> parts = split_query(query);
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (size_t i = 0; i < parts.size(); i++) {
    const QueryPart& p = parts[i];
    if (p.keyword) continue;
    std::string label = query.substr(p.pos, p.len) + "  ×";
    ImVec2 size = ImGui::CalcTextSize(label.c_str());
    if (i > 0 && ImGui::GetItemRectMax().x + size.x + 24 < right) ImGui::SameLine();
    ImGui::PushID(int(i));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 10.0f);
    ImGui::PushStyleColor(ImGuiCol_Button, p.negated ? IM_COL32(120, 50, 50, 160) : IM_COL32(50, 90, 140, 160));
    bool remove = ImGui::SmallButton(label.c_str());
    record_item_rect("chip:" + query.substr(p.pos, p.len));
    if (remove) {
      query = remove_query_part(query, p);
      ev.query_changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetItemTooltip("remove this filter");
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    ImGui::PopID();
    if (ev.query_changed) break;  // parts now refer to the old string
  }

  ImGui::Separator();
  bool tags_open = ImGui::CollapsingHeader("Tags", ImGuiTreeNodeFlags_DefaultOpen);
  record_item_rect("header:tags");
  if (tags_open) ev.query_changed |= draw_facet(lib, FacetKind::Tags, "tag", query);
  bool cats_open = ImGui::CollapsingHeader("Categories");
  record_item_rect("header:categories");
  if (cats_open) ev.query_changed |= draw_facet(lib, FacetKind::Categories, "cat", query);
  bool dates_open = ImGui::CollapsingHeader("Dates");
  record_item_rect("header:dates");
  if (dates_open) ev.query_changed |= draw_dates(lib, query);
  ev.bulk = draw_facet_menu();
  if (ev.query_changed) refresh(lib, query);
  ImGui::PopID();
  return ev;
}

//-----------------------------------------------------------------------------
// [SECTION] Facet lists
//-----------------------------------------------------------------------------

// Click adds field:value, Alt-click adds -field:value.
static bool clicked_value(std::vector<Sidebar::FacetRect>& rects, std::string& query, const char* field,
                          const std::string& value) {
  if (test_rects_wanted()) {
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    rects.push_back({std::string(field) + ":" + value, ImVec4(a.x, a.y, b.x - a.x, b.y - a.y)});
  }
  if (!ImGui::IsItemClicked(ImGuiMouseButton_Left) || ImGui::IsItemToggledOpen()) return false;
  std::string next = add_query_filter(query, field, value, ImGui::GetIO().KeyAlt);
  if (next == query) return false;
  query = std::move(next);
  return true;
}

// Right-click on a tag or category row: remember it; the menu opens at the
// sidebar's own ID level (draw_facet_menu), outside the clipped list, so it
// stays open while the row scrolls away.
void Sidebar::note_context_click(int kind, const std::string& name) {
  if (!ImGui::IsItemClicked(ImGuiMouseButton_Right)) return;
  menu_kind_ = kind;
  menu_name_ = name;
  open_menu_ = true;
}

FacetMenuPick Sidebar::draw_facet_menu() {
  FacetMenuPick pick;
  if (open_menu_) {
    ImGui::OpenPopup("##facet-menu");
    open_menu_ = false;
  }
  if (!ImGui::BeginPopup("##facet-menu")) return pick;
  ImGui::TextDisabled("%s %s", menu_kind_ ? "Category" : "Tag", menu_name_.c_str());
  ImGui::Separator();
  const struct { BulkAction action; const char* label; const char* name; } items[] = {
      {BulkAction::Rename, "Rename…", "menu:rename"},
      {BulkAction::Merge, "Merge into…", "menu:merge"},
      {BulkAction::Delete, "Delete…", "menu:delete"},
  };
  for (const auto& it : items) {
    if (ImGui::MenuItem(it.label)) {
      pick.chosen = true;
      pick.action = it.action;
    }
    record_item_rect(it.name);
  }
  ImGui::EndPopup();
  if (pick.chosen) {
    pick.categories = menu_kind_ == 1;
    pick.name = menu_name_;
  }
  return pick;
}

static void draw_count_right(std::vector<Sidebar::FacetRect>& rects, uint32_t count) {
  if (test_rects_wanted()) rects.back().count = count;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u", count);
  float w = ImGui::CalcTextSize(buf).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), content_right() - w));
  ImGui::TextDisabled("%s", buf);
}

bool Sidebar::draw_facet(const Library& lib, FacetKind kind, const char* field, std::string& query) {
  const int k = kind == FacetKind::Tags ? 0 : 1;
  bool changed = false;
  ImGui::PushID(field);
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
  ImGui::InputTextWithHint("##filter", "filter", filter_[k], sizeof filter_[k]);
  ImGui::SameLine();
  if (ImGui::SmallButton(sort_by_count_[k] ? "by count" : "by name")) sort_by_count_[k] = !sort_by_count_[k];

  FacetList f = lib.facet(kind);
  const std::string needle = fold(filter_[k]);
  // A flat list when filtering or sorting by count; otherwise the tag tree.
  const bool flat = sort_by_count_[k] || !needle.empty();
  ImGui::BeginChild("##values", ImVec2(0, std::min(260.0f, ImGui::GetTextLineHeightWithSpacing() * 12)),
                    ImGuiChildFlags_None);
  if (flat) {
    std::vector<const FacetValue*> rows;
    for (const FacetValue& v : f.values)
      if (needle.empty() || v.folded.find(needle) != std::string::npos) rows.push_back(&v);
    if (sort_by_count_[k])
      std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->count > b->count; });
    ImGuiListClipper clip;
    clip.Begin(int(rows.size()));
    while (clip.Step())
      for (int i = clip.DisplayStart; i < clip.DisplayEnd; i++) {
        ImGui::PushID(i);
        ImGui::Selectable(rows[size_t(i)]->name.c_str());
        changed |= clicked_value(facet_rects_, query, field, rows[size_t(i)]->name);
        note_context_click(k, rows[size_t(i)]->name);
        draw_count_right(facet_rects_, rows[size_t(i)]->count);
        ImGui::PopID();
      }
  } else {
    // The listing is depth-first, so the tree is drawn in one pass with a
    // stack of open nodes and a depth below which collapsed children are skipped.
    std::vector<int> open;
    int skip_below = -1;
    for (size_t i = 0; i < f.values.size(); i++) {
      const FacetValue& v = f.values[i];
      while (!open.empty() && open.back() >= v.depth) {
        ImGui::TreePop();
        open.pop_back();
      }
      if (skip_below >= 0 && v.depth > skip_below) continue;
      skip_below = -1;
      bool has_children = i + 1 < f.values.size() && f.values[i + 1].parent == int32_t(i);
      size_t slash = v.name.rfind('/');
      const char* label = v.name.c_str() + (slash == std::string::npos ? 0 : slash + 1);
      ImGuiTreeNodeFlags fl = ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_OpenOnArrow;
      if (!has_children) fl |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
      bool is_open = ImGui::TreeNodeEx(v.folded.c_str(), fl, "%s", label);
      changed |= clicked_value(facet_rects_, query, field, v.name);
      note_context_click(k, v.name);
      draw_count_right(facet_rects_, v.count);
      if (has_children) {
        if (is_open) open.push_back(v.depth);
        else skip_below = v.depth;
      }
    }
    while (!open.empty()) {
      ImGui::TreePop();
      open.pop_back();
    }
  }
  ImGui::EndChild();
  ImGui::PopID();
  return changed;
}

bool Sidebar::draw_dates(const Library& lib, std::string& query) {
  bool changed = false;
  FacetList years = lib.facet(FacetKind::Years);
  FacetList months = lib.facet(FacetKind::Months);
  ImGui::PushID("dates");
  size_t m = months.values.size();
  // Newest year first; months of a year follow it.
  for (size_t yi = years.values.size(); yi-- > 0;) {
    const FacetValue& y = years.values[yi];
    bool open = ImGui::TreeNodeEx(y.name.c_str(), ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_OpenOnArrow);
    changed |= clicked_value(facet_rects_, query, "date", y.name);
    draw_count_right(facet_rects_, y.count);
    if (!open) continue;
    for (size_t mi = m; mi-- > 0;) {
      const FacetValue& mv = months.values[mi];
      if (mv.name.compare(0, 4, y.name) != 0) continue;
      ImGui::TreeNodeEx(mv.name.c_str(), ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen |
                                             ImGuiTreeNodeFlags_SpanAvailWidth, "%s", mv.name.c_str() + 5);
      changed |= clicked_value(facet_rects_, query, "date", mv.name);
      draw_count_right(facet_rects_, mv.count);
    }
    ImGui::TreePop();
  }
  ImGui::PopID();
  return changed;
}

//-----------------------------------------------------------------------------
// [SECTION] Results
//-----------------------------------------------------------------------------

SidebarEvents Sidebar::draw_results(const Library& lib, DocId selected) {
  SidebarEvents ev;
  if (results_.error.failed()) return ev;
  Query q;
  QueryError qe;
  parse_query(ran_query_, q, qe);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeight();
  const bool with_snippets = !q.text_terms.empty();
  const float row_h = line * (with_snippets ? 3 : 2) + style.FramePadding.y * 2 + style.ItemSpacing.y;
  const float width = ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  row_rects_.assign(test_rects_wanted() ? results_.hits.size() : 0, ImVec4(0, 0, 0, 0));
  ImGuiListClipper clip;
  const int64_t now = lib.now();  // for the Scheduled mark
  clip.Begin(int(results_.hits.size()), row_h);
  while (clip.Step()) {
    for (int row = clip.DisplayStart; row < clip.DisplayEnd; row++) {
      SearchHit& hit = results_.hits[size_t(row)];
      const LibraryEntry* e = lib.entry(hit.id);
      if (!e) continue;
      // Snippets are computed the first time a row becomes visible.
      if (with_snippets && hit.snippet.text.empty()) hit.snippet = lib.snippet(hit.id, q, 120);
      ImGui::PushID(row);
      ImVec2 pos = ImGui::GetCursorScreenPos();
      if (ImGui::Selectable("##hit", hit.id == selected, 0, ImVec2(width, row_h - style.ItemSpacing.y)))
        ev.open = hit.id;
      if (ImGui::IsItemHovered()) ImGui::SetItemTooltip("%s", e->path.c_str());
      if (size_t(row) < row_rects_.size()) row_rects_[size_t(row)] = ImVec4(pos.x, pos.y, width, row_h - style.ItemSpacing.y);
      const float pad = style.FramePadding.x + 4;
      ImVec4 clip_rect(pos.x, pos.y, pos.x + width - pad, pos.y + row_h);
      float y = pos.y + style.FramePadding.y;
      ImGui::PushFont(fonts().bold, 0.0f);
      float title_x = pos.x + pad;
      if (row_marker && row_marker(hit.id)) {
        // Unsaved: a dot before the title.
        dl->AddText(ImVec2(title_x, y), IM_COL32(200, 120, 0, 255), "●");
        title_x += ImGui::CalcTextSize("● ").x;
      }
      if (const int problem = row_problem ? row_problem(hit.id) : 0) {
        const char* mark = problem > 1 ? "⛔" : "⚠";
        dl->AddText(ImVec2(title_x, y), palette()[problem > 1 ? Ink::Error : Ink::Warning], mark);
        title_x += ImGui::CalcTextSize(mark).x + ImGui::CalcTextSize(" ").x;
      }
      dl->AddText(nullptr, 0.0f, ImVec2(title_x, y), ImGui::GetColorU32(ImGuiCol_Text), e->title.c_str(), nullptr,
                  0.0f, &clip_rect);
      ImGui::PopFont();
      y += line;
      std::string meta = e->date.size() >= 10 ? e->date.substr(0, 10) : std::string("no date");
      for (const std::string& t : e->tags) meta += "  #" + t;
      float meta_x = pos.x + pad;
      if (const PostState st = post_state(*e, now); st != PostState::Normal) {
        // A Jekyll site's publishing state, as a small boxed word before the date.
        const char* label = post_state_label(st);
        ImVec2 sz = ImGui::CalcTextSize(label);
        dl->AddRect(ImVec2(meta_x - 2, y), ImVec2(meta_x + sz.x + 2, y + line - 1), palette()[Ink::Warning], 3.0f);
        dl->AddText(ImVec2(meta_x, y), palette()[Ink::Warning], label);
        meta_x += sz.x + ImGui::CalcTextSize("  ").x;
      }
      dl->AddText(nullptr, 0.0f, ImVec2(meta_x, y), ImGui::GetColorU32(ImGuiCol_TextDisabled), meta.c_str(),
                  nullptr, 0.0f, &clip_rect);
      y += line;
      if (with_snippets) {
        // Plain runs and highlighted runs, one line, clipped at the row's edge.
        const Snippet& s = hit.snippet;
        const char* base = s.text.c_str();
        float x = pos.x + pad;
        size_t at = 0;
        auto run = [&](size_t b, size_t en, bool mark) {
          if (en <= b) return;
          ImVec2 sz = ImGui::CalcTextSize(base + b, base + en);
          if (mark) dl->AddRectFilled(ImVec2(x - 1, y), ImVec2(x + sz.x + 1, y + line), IM_COL32(230, 190, 40, 110), 2.0f);
          dl->AddText(nullptr, 0.0f, ImVec2(x, y), ImGui::GetColorU32(mark ? ImGuiCol_Text : ImGuiCol_TextDisabled),
                      base + b, base + en, 0.0f, &clip_rect);
          x += sz.x;
        };
        for (const auto& [b, en] : s.ranges) {
          if (b < at) continue;  // overlapping terms: the first one wins
          run(at, b, false);
          run(b, en, true);
          at = en;
        }
        run(at, s.text.size(), false);
      }
      ImGui::PopID();
    }
  }
  return ev;
}

ImVec4 Sidebar::row_rect(int row) const {
  if (row < 0 || row >= int(row_rects_.size())) return ImVec4(0, 0, 0, 0);
  return row_rects_[size_t(row)];
}

}  // namespace sheaf
