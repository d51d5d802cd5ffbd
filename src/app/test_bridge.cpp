// Sheaf test bridge: what the app shows, as JSON, and the calls a test (or
// the console) may make, each doing what a user's action does. The platform
// modules (platform/web/bridge.cpp, the desktop's --report and --call) hand
// these to the page glue and to the command line.
//
// Everything here reads the app through its read-only state and the views'
// accessors; nothing in the frame works for the bridge except the screen
// rects, which widgets record only once a bridge has asked for the state
// (ui/test_probe.h).
//
// Index of this file:
// [SECTION] State
// [SECTION] Calls
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "app/app.h"
#include "app/app_bulk.h"
#include "app/app_editor.h"
#include "app/app_impl.h"
#include "app/host.h"
#include "core/json.h"
#include "core/text_search.h"
#include "imgui.h"
#include "ui/doc_view.h"
#include "ui/layout.h"
#include "ui/test_probe.h"
#include "ui/theme.h"

namespace sheaf {

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------

namespace {

void write_rect(JsonWriter& w, ImVec4 r) {  // [x, y, w, h]
  w.begin_array();
  for (float v : {r.x, r.y, r.z, r.w}) w.value(double(v));
  w.end_array();
}

void write_corners(JsonWriter& w, ImVec2 a, ImVec2 b) {  // "x0".."y1"
  w.key("x0").value(double(a.x)).key("y0").value(double(a.y));
  w.key("x1").value(double(b.x)).key("y1").value(double(b.y));
}

// {"blocks","missing_glyphs","layout_ms","layout_count","height","column_width","scroll_y","outline",
//  "current_heading","find":{"open","query","count","current"},"selection","message","tooltip",
//  "images_loading","callouts","links":[{"href","x0","y0","x1","y1"}],
//  "diagnostics":[{"severity","line","column","message","x0","y0","x1","y1"}],
//  "images":[{"url","state","x0","y0","x1","y1"}]}
void write_view(const DocView& view, const Document* doc, JsonWriter& w) {
  const DocView::Probe p = view.probe();
  w.begin_object();
  w.key("blocks").value(int64_t(p.blocks));
  w.key("missing_glyphs").value(int64_t(p.missing_glyphs));
  w.key("layout_ms").value(p.layout_ms);
  w.key("layout_error").value(p.layout_error);
  w.key("layout_count").value(int64_t(p.layout_count));
  w.key("height").value(double(p.height));
  w.key("column_width").value(double(p.column_width));
  w.key("scroll_y").value(double(p.scroll_y));
  w.key("outline").value(p.outline);
  w.key("current_heading").value(int64_t(p.current_heading));
  w.key("find").begin_object();
  w.key("open").value(p.find_open).key("query").value(p.find_query);
  w.key("count").value(int64_t(p.find_count)).key("current").value(int64_t(p.find_current));
  w.end_object();
  w.key("selection").value(p.selection);
  w.key("message").value(p.message);
  w.key("tooltip").value(p.tooltip);
  w.key("images_loading").value(int64_t(p.images_loading));
  w.key("callouts").value(int64_t(p.callouts));
  w.key("links").begin_array();
  for (const DocView::LinkRect& r : p.links) {
    w.begin_object().key("href").value(r.href);
    write_corners(w, r.min, r.max);
    w.end_object();
  }
  w.end_array();
  w.key("diagnostics").begin_array();
  if (doc)
    for (size_t i = 0; i < doc->diagnostics.size(); i++) {
      const Diagnostic& dg = doc->diagnostics[i];
      w.begin_object().key("severity").value(severity_name(dg.severity));
      w.key("line").value(int64_t(dg.line)).key("column").value(int64_t(dg.column)).key("message").value(dg.message);
      if (i < p.diagnostic_rects.size()) {
        const ImVec4& r = p.diagnostic_rects[i];
        write_corners(w, ImVec2(r.x, r.y), ImVec2(r.x + r.z, r.y + r.w));
      }
      w.end_object();
    }
  w.end_array();
  w.key("images").begin_array();
  for (const DocView::Probe::ImageShown& r : p.images) {
    w.begin_object().key("url").value(r.url).key("state").value(r.state);
    write_corners(w, r.min, r.max);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void write_editor(const AppImpl& a, JsonWriter& w) {
  w.key("editor").begin_object();
  const EditorState* e = a.editor.get();
  const Post* p = post(a, a.selected);
  w.key("mode").value(e ? mode_name(e->mode) : "preview");
  w.key("text").value(p ? p->doc.text : std::string());
  w.key("version").value(int64_t(p ? p->version : 0));
  w.key("dirty").value(p ? p->dirty() : false);
  w.key("active").value(e ? e->editor.active() : false);
  w.key("caret_offset").value(int64_t(e ? e->editor.caret() : 0));
  w.key("sel_begin").value(int64_t(e ? e->editor.sel_begin() : 0));
  w.key("sel_end").value(int64_t(e ? e->editor.sel_end() : 0));
  w.key("wrap").value(view_settings().editor_wrap);
  w.key("measure").value(view_settings().editor_measure);
  // The visual lines on screen: source bytes and screen rect each.
  w.key("lines").begin_array();
  if (e && e->mode != EditorMode::Preview)
    for (const EditorVisualLine& l : e->editor.visible_lines()) {
      w.begin_object();
      w.key("begin").value(int64_t(l.begin));
      w.key("end").value(int64_t(l.end));
      w.key("rect");
      write_rect(w, l.rect);
      w.end_object();
    }
  w.end_array();
  w.key("find").begin_object();
  w.key("open").value(e ? e->editor.find_open() : false);
  w.key("count").value(int64_t(e ? e->editor.find_count() : 0));
  w.key("current").value(int64_t(e ? e->editor.find_current() : -1));
  w.key("error").value(e ? e->editor.find_error() : std::string());
  w.end_object();
  w.key("caret");
  write_rect(w, e ? e->editor.caret_rect() : ImVec4(0, 0, 0, 0));
  w.key("rect");
  write_rect(w, e ? e->editor_rect : ImVec4(0, 0, 0, 0));
  w.key("preview_rect");
  write_rect(w, e ? e->preview_rect : ImVec4(0, 0, 0, 0));
  w.key("scroll_y").value(double(e ? e->editor.scroll_y() : 0));
  w.key("top_offset").value(int64_t(e ? e->editor.top_offset() : 0));
  w.key("line_height").value(double(e ? e->editor.line_height() : 0));
  w.key("preview_scroll_y").value(double(a.view.scroll_y() - a.view.body_top()));
  const EditHistory* h = nullptr;
  if (e) {
    auto it = e->history.find(a.selected);
    if (it != e->history.end()) h = &it->second;
  }
  w.key("undo_steps").value(int64_t(h ? h->undo_steps() : 0));
  w.key("redo_steps").value(int64_t(h ? h->redo_steps() : 0));
  w.key("date_error").value(e ? e->form.date_error() : std::string());
  w.key("form_locked").value(e ? e->form.locked() : std::string());
  w.key("form_error").value(e ? e->form.last_error() : std::string());
  w.key("saving").value(int64_t(p ? p->saving : 0));
  // Task boxes the preview drew (screen rects), for clicking them in tests.
  w.key("tasks").begin_array();
  if (const DocLayout* l = a.view.layout(); l && p && e && e->mode != EditorMode::Edit) {
    const ImVec2 o = a.view.layout_origin();
    for (const Block& b : l->blocks)
      for (const Deco& d : b.decos) {
        if (d.kind != Deco::CheckOn && d.kind != Deco::CheckOff) continue;
        w.begin_object();
        w.key("checked").value(d.kind == Deco::CheckOn);
        w.key("rect");
        write_rect(w, ImVec4(o.x + d.a.x, o.y + d.a.y, d.b.x - d.a.x, d.b.y - d.a.y));
        w.end_object();
      }
  }
  w.end_array();
  w.key("controls").begin_array();
  if (e)
    for (const auto& [name, r] : e->controls) {
      w.begin_object();
      w.key("name").value(name);
      w.key("rect");
      write_rect(w, r);
      w.end_object();
    }
  w.end_array();
  w.end_object();
}

void write_storage(const AppImpl& a, JsonWriter& w) {
  w.key("storage").begin_object();
  const Notebook& nb = *a.nb;
  w.key("unsaved").begin_array();
  for (DocId id = 0; id < nb.slot_count(); id++) {
    const Post* p = nb.post(id);
    if (!p || !p->loaded || !p->dirty()) continue;
    w.begin_object();
    w.key("path").value(p->doc.path);
    w.key("error").value(p->save_error);
    w.key("conflict").value(p->conflict);
    w.end_object();
  }
  w.end_array();
  w.key("saving").value(int64_t(nb.saving_count()));
  w.key("last_error").value(nb.last_error());
  w.key("title").value(a.st.window_title);
  w.key("paste").begin_object();  // images pasted or dropped into the editor
  w.key("saving").value(int64_t(a.paste.saving));
  w.key("last_path").value(a.paste.last_path);
  w.key("last_markdown").value(a.paste.last_markdown);
  w.key("last_error").value(a.paste.last_error);
  w.end_object();
  w.key("notices").begin_array();
  for (const Notice& n : a.st.notices) {
    w.begin_object();
    w.key("text").value(n.text).key("error").value(n.error).key("action").value(n.action);
    w.key("action_rect");
    write_rect(w, n.action_rect);
    w.key("action2").value(n.action2);
    w.key("action2_rect");
    write_rect(w, n.action2_rect);
    w.end_object();
  }
  w.end_array();
  if (!a.st.dialogs.empty()) {
    const Dialog& d = a.st.dialogs.front();
    w.key("dialog").begin_object();
    w.key("kind").value(d.kind).key("title").value(d.title).key("message").value(d.message);
    w.key("buttons").begin_array();
    for (const std::string& b : d.buttons) w.value(b);
    w.end_array();
    w.end_object();
  } else {
    w.key("dialog").null();
  }
  w.key("dialogs").value(int64_t(a.st.dialogs.size()));
  const ImportProgress& im = nb.import();
  w.key("import").begin_object();
  w.key("active").value(im.active).key("total").value(int64_t(im.total)).key("done").value(int64_t(im.done));
  w.key("added").value(int64_t(im.added)).key("replaced").value(int64_t(im.replaced));
  w.key("skipped").value(int64_t(im.skipped));
  w.key("rejected").begin_array();
  for (const std::string& r : im.rejected) w.value(r);
  w.end_array();
  w.end_object();
  w.key("quota").begin_object();
  w.key("used").value(double(nb.quota_used())).key("total").value(double(nb.quota_total()));
  w.end_object();
  w.key("trash").begin_array();
  for (const TrashItem& t : nb.trash_items()) {
    w.begin_object();
    w.key("key").value(t.key).key("path").value(t.path);
    w.end_object();
  }
  w.end_array();
  w.key("undo").value(nb.last_trash_key());
  const LoadStats& ls = nb.load_stats();
  w.key("load_ms").value(ls.load_ms).key("index_ms").value(ls.index_ms).key("load_kind").value(ls.kind);
  w.key("cache_read_ms").value(ls.cache_read_ms).key("files_read_ms").value(ls.files_read_ms);
  w.key("autosave_lag_ms").value(nb.last_autosave_lag() * 1000);
  w.key("rescans").value(int64_t(nb.rescans())).key("rescan_changes").value(int64_t(nb.last_rescan_changes()));
  w.key("list_ms").value(ls.list_ms).key("list_clock_ms").value(ls.list_clock_ms);
  w.end_object();
}


void write_bulk(const AppImpl& a, JsonWriter& w) {
  w.key("bulk").begin_object();
  const BulkState* b = a.bulk.get();
  const BulkDialog* d = b ? &b->dialog : nullptr;
  const bool open = d && d->is_open();
  w.key("open").value(open);
  if (open) {
    const BulkRequest& r = d->request();
    const BulkOperation& p = d->plan();
    w.key("action").value(bulk_action_name(r.action));
    w.key("kind").value(r.categories ? "category" : "tag");
    w.key("from").value(r.from).key("to").value(r.to);
    w.key("problem").value(d->problem());
    w.key("planned").value(d->planned());
    w.key("description").value(d->planned() ? p.description : std::string());
    w.key("count").value(int64_t(d->planned() ? p.changes.size() : 0));
    w.key("paths").begin_array();
    for (const BulkFileChange& c : p.changes) w.value(c.path);
    w.end_array();
    w.key("errors").begin_array();
    for (const std::string& e : p.errors) w.value(e);
    w.end_array();
    w.key("progress").begin_array().value(int64_t(d->progress_done())).value(int64_t(d->progress_total())).end_array();
    w.key("controls").begin_array();
    for (const BulkDialog::ControlRect& c : d->controls()) {
      w.begin_object();
      w.key("name").value(c.name);
      w.key("rect");
      write_rect(w, c.rect);
      w.end_object();
    }
    w.end_array();
  }
  w.key("running").value(b && b->job.active);
  w.key("can_undo").value(b && b->can_undo);
  w.key("undo_is_latest").value(b && bulk_undo_is_latest(a, *b));
  w.key("result").value(b ? b->result : std::string());
  w.key("written").value(int64_t(b ? b->result_written : 0));
  w.key("result_errors").begin_array();
  if (b)
    for (const std::string& e : b->result_errors) w.value(e);
  w.end_array();
  w.end_object();
}

}  // namespace

std::string App::bridge_state_json() const {
  test_rects_wanted() = true;  // from the next frame on, widgets keep their rects
  AppImpl& a = *impl_;
  JsonWriter w;
  w.begin_object();
  w.key("ready").value(a.nb->ready());
  w.key("dark").value(view_settings().dark);
  w.key("zoom").value(int64_t(view_settings().zoom_step));
  w.key("listed").value(a.nb->listed());  // the list works (a warm start shows it before the files are in)
  const Post* sel = post(a, a.selected);
  w.key("selected").value(sel ? sel->id : std::string());
  w.key("selected_title").value(sel ? a.nb->title(a.selected) : std::string());
  w.key("blocks").value(int64_t(sel ? a.view.block_count() : 0));
  w.key("missing_glyphs").value(int64_t(sel ? a.view.missing_glyphs() : 0));
  w.key("total").value(int64_t(a.nb->library().size()));
  w.key("query").value(a.query);
  const SearchResults& r = a.sidebar.results(a.nb->library(), a.query);
  w.key("query_error").value(r.error.failed() ? r.error.message : std::string());
  // The posts the list shows, in order, with their row rects (CSS pixels).
  w.key("posts").begin_array();
  for (size_t row = 0; row < r.hits.size(); row++) {
    const Post* p = post(a, r.hits[row].id);
    const LibraryEntry* e = a.nb->library().entry(r.hits[row].id);
    if (!p || !e) continue;
    w.begin_object();
    w.key("id").value(p->id);
    w.key("title").value(e->title);
    w.key("date").value(e->date);
    w.key("dirty").value(p->dirty());
    w.key("problem").value(int64_t(a.sidebar.row_problem ? a.sidebar.row_problem(r.hits[row].id) : 0));
    w.key("tags").begin_array();
    for (const std::string& t : e->tags) w.value(t);
    w.end_array();
    w.key("categories").begin_array();
    for (const std::string& c : e->categories) w.value(c);
    w.end_array();
    w.key("mark").value(post_state_label(post_state(*e, a.nb->library().now())));  // Draft, Unpublished, Scheduled or ""
    w.key("rect");
    write_rect(w, a.sidebar.row_rect(int(row)));
    w.end_object();
  }
  w.end_array();
  w.key("controls").begin_array();
  for (const Sidebar::FacetRect& f : a.sidebar.facet_rects()) {
    w.begin_object();
    w.key("name").value(f.filter);
    w.key("rect");
    write_rect(w, f.rect);
    if (f.count) w.key("count").value(int64_t(f.count));
    w.end_object();
  }
  w.begin_object().key("name").value("theme-button").key("rect");
  write_rect(w, a.theme_button);
  w.end_object();
  w.end_array();
  w.key("links").begin_array();
  for (const DocView::LinkRect& l : a.view.visible_links()) {
    w.begin_object();
    w.key("href").value(l.href);
    w.key("rect");
    write_rect(w, ImVec4(l.min.x, l.min.y, l.max.x - l.min.x, l.max.y - l.min.y));
    w.end_object();
  }
  w.end_array();
  w.key("message").value(a.view.message());
  w.key("recovery").begin_object();
  w.key("crashed").value(a.rec.crashed);
  w.key("marker").value(a.rec.marker);
  w.key("holding").value(a.rec.holding);
  w.key("quarantined").begin_array();
  for (const std::string& q : a.rec.quarantined) w.value(q);
  w.end_array();
  w.end_object();
  w.key("view");
  if (sel) write_view(a.view, a.view.document(), w);
  else w.null();
  write_editor(a, w);
  write_storage(a, w);
  write_bulk(a, w);
  // What File > Notebooks offers (the platform's list).
  w.key("notebooks").begin_array();
  for (const platform::NotebookChoice& n : platform::notebook_choices()) {
    w.begin_object();
    w.key("id").value(n.id).key("name").value(n.name).key("detail").value(n.detail).key("current").value(n.current);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

//-----------------------------------------------------------------------------
// [SECTION] Calls
//-----------------------------------------------------------------------------
// Arguments: a post by id or path ("" for the selected one) where a call
// needs one, then one more string. Each answers {"ok":true} or
// {"ok":false,"error":"..."}, some with more fields.

namespace {

std::string ok_json(bool ok, const std::string& error = {}) {
  JsonWriter w;
  w.begin_object().key("ok").value(ok);
  if (!error.empty()) w.key("error").value(error);
  w.end_object();
  return w.take();
}

struct CallArgs {
  App& app;
  AppImpl& a;
  std::string_view arg1, arg2;
  DocId post = kNoDoc;  // arg1 as a post
};
using CallFn = std::string (*)(CallArgs&);
struct BridgeCall {
  const char* name;
  bool needs_post;  // arg1 names a post that must exist
  CallFn run;
};

uint32_t number(std::string_view v) { return uint32_t(std::strtoul(std::string(v).c_str(), nullptr, 10)); }

// --- app ---------------------------------------------------------------------
std::string call_theme(CallArgs& c) {  // ("dark" | "light"): what View > Dark theme does
  set_dark_theme(c.arg1 == "dark");
  return ok_json(true);
}
std::string call_select(CallArgs& c) {  // (id): what a click on the post's row does
  return c.app.select_post(c.arg1) ? ok_json(true) : ok_json(false, "no such post");
}
std::string call_crash_on_open(CallArgs& c) {  // TEST HOOK (id|path): the next layout of that post aborts the program
  c.a.rec.crash_on_open = std::string(c.arg1);
  return ok_json(true);
}

// --- storage and documents -----------------------------------------------------
std::string call_set_text(CallArgs& c) {  // (post, text): what the editor does for a keystroke
  c.a.nb->set_text(c.post, std::string(c.arg2));
  update_window_title(c.a);
  return ok_json(true);
}
std::string call_text(CallArgs& c) {  // (post): the text in memory
  const Post& p = *c.a.nb->post(c.post);
  JsonWriter w;
  w.begin_object().key("ok").value(true).key("text").value(p.doc.text);
  w.key("path").value(p.doc.path).key("dirty").value(p.dirty());
  w.key("version").value(double(p.stored.version)).end_object();
  return w.take();
}
std::string call_save(CallArgs& c) {
  if (c.arg1.empty()) c.a.nb->save_all(SaveKind::Explicit);
  else if (c.post != kNoDoc) c.a.nb->save(c.post, SaveKind::Explicit);
  else return ok_json(false, "no such post");
  return ok_json(true);
}
std::string call_flush(CallArgs& c) {
  c.a.nb->save_all(SaveKind::Flush);
  return ok_json(true);
}
std::string call_autosave_delay(CallArgs& c) {  // (milliseconds)
  c.a.nb->set_autosave_delay(std::atof(std::string(c.arg1).c_str()) / 1000.0);
  return ok_json(true);
}
std::string call_answer(CallArgs& c) {  // (button index, "all")
  return ok_json(answer_dialog(c.a.st.dialogs, std::atoi(std::string(c.arg1).c_str()), c.arg2 == "all"));
}
std::string call_answer_input(CallArgs& c) {  // (text): fills the dialog's field and presses its first button
  std::string text(c.arg1);
  return ok_json(answer_dialog(c.a.st.dialogs, 0, false, &text));
}
std::string call_new_post(CallArgs& c) {
  c.a.nb->new_post(std::string(c.arg1));
  return ok_json(true);
}
std::string call_rename(CallArgs& c) {  // (post, new path)
  if (c.post == c.a.selected) c.a.renaming = c.a.nb->post(c.post)->doc.path;
  c.a.nb->rename(c.post, std::string(c.arg2));
  return ok_json(true);
}
std::string call_duplicate(CallArgs& c) {
  c.a.nb->duplicate(c.post);
  return ok_json(true);
}
std::string call_delete(CallArgs& c) {
  delete_post(c.a, c.post);
  return ok_json(true);
}
std::string call_undo(CallArgs& c) {
  if (c.a.nb->last_trash_key().empty()) return ok_json(false, "nothing to undo");
  c.a.nb->undo_trash();
  return ok_json(true);
}
std::string call_list_trash(CallArgs& c) {
  c.a.nb->list_trash();
  return ok_json(true);
}
std::string call_restore(CallArgs& c) {  // (trash key)
  c.a.nb->restore(std::string(c.arg1));
  return ok_json(true);
}
std::string call_empty_trash(CallArgs& c) {
  c.a.nb->empty_trash();
  return ok_json(true);
}
std::string call_export_post(CallArgs& c) {
  export_post_markdown(c.a, c.post);
  return ok_json(true);
}
std::string call_export_html(CallArgs& c) {
  export_post_html(c.a, c.post);
  return ok_json(true);
}
std::string call_export_zip(CallArgs& c) {
  export_notebook_zip(c.a);
  return ok_json(true);
}
// (file path): what dropping that image file on the open editor does (the
// desktop test has no way to drop a file on the window).
std::string call_paste_image_file(CallArgs& c) {
  std::ifstream in(std::string(c.arg1), std::ios::binary);
  if (!in) return ok_json(false, "cannot read " + std::string(c.arg1));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string name(c.arg1);
  if (size_t slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
  paste_image(c.a, std::move(name), std::move(bytes));
  return ok_json(true);
}
std::string call_quota(CallArgs& c) {
  c.a.nb->refresh_quota();
  return ok_json(true);
}
std::string call_rescan(CallArgs& c) {
  c.app.on_storage_changed();
  return ok_json(true);
}
std::string call_switch_notebook(CallArgs& c) {  // (id): File > Notebooks > one of notebook_choices()
  platform::switch_notebook(c.arg1);
  return ok_json(true);
}
std::string call_save_index_cache(CallArgs& c) {
  c.a.nb->save_index_cache_now();
  return ok_json(true);
}
std::string call_menu(CallArgs& c) {  // (item): runs a File menu action without the mouse
  AppImpl& a = c.a;
  if (c.arg1 == "importFiles") return ok_json(pick_or_explain(a, false));
  if (c.arg1 == "importFolder") return ok_json(pick_or_explain(a, true));
  if (c.arg1 == "openFolder") return ok_json(open_folder_or_explain(a));
  if (c.arg1 == "newPost" && a.nb->ready()) {  // the dialogs, as the menu opens them (screenshots)
    open_new_post_dialog(a);
    return ok_json(true);
  }
  if (c.arg1 == "rename" && selected_post(a)) {
    open_rename_dialog(a, *selected_post(a));
    return ok_json(true);
  }
  return ok_json(false, "unknown menu item");
}


// --- editor ------------------------------------------------------------------
std::string call_editor_mode(CallArgs& c) {  // ("preview" | "edit" | "split"): the toolbar's buttons
  set_editor_mode(c.a, c.arg1 == "edit" ? EditorMode::Edit : c.arg1 == "split" ? EditorMode::Split : EditorMode::Preview);
  return ok_json(true);
}
std::string call_editor_select(CallArgs& c) {  // (anchor, caret) byte offsets
  EditorState& e = editor_state(c.a);
  e.editor.select(number(c.arg1), c.arg2.empty() ? number(c.arg1) : number(c.arg2));
  e.editor.focus();
  return ok_json(true);
}
std::string call_editor_find(CallArgs& c) {  // (query, options: letters c w r for case, word, regex)
  EditorState& e = editor_state(c.a);
  TextSearchOptions o;
  o.match_case = c.arg2.find('c') != std::string_view::npos;
  o.whole_word = c.arg2.find('w') != std::string_view::npos;
  o.regex = c.arg2.find('r') != std::string_view::npos;
  e.editor.open_find(false);
  e.editor.set_find(std::string(c.arg1), o);
  return ok_json(true);
}
std::string call_editor_replace_all(CallArgs& c) {  // (replacement): with the open find's query and options
  EditorState& e = editor_state(c.a);
  e.editor.open_find(true);
  e.editor.set_replacement(std::string(c.arg1));
  e.editor.replace_all();
  return ok_json(true);
}
std::string call_editor_wrap(CallArgs& c) {  // ("on" | "off"): View > Wrap source lines
  view_settings().editor_wrap = c.arg1 != "off";
  return ok_json(true);
}
std::string call_editor_measure(CallArgs& c) {  // ("on" | "off"): View > Comfortable measure
  view_settings().editor_measure = c.arg1 == "on";
  return ok_json(true);
}

// --- bulk edits --------------------------------------------------------------
std::string call_bulk_open(CallArgs& c) {  // (rename|merge|delete, "tag:x" | "cat:x")
  FacetMenuPick pick;
  pick.chosen = true;
  pick.action = c.arg1 == "merge" ? BulkAction::Merge : c.arg1 == "delete" ? BulkAction::Delete : BulkAction::Rename;
  const size_t colon = c.arg2.find(':');
  pick.categories = c.arg2.substr(0, colon) == "cat";
  pick.name = colon == std::string_view::npos ? std::string(c.arg2) : std::string(c.arg2.substr(colon + 1));
  open_bulk_dialog(c.a, pick);
  const bool open = bulk_state(c.a).dialog.is_open();
  return ok_json(open, open ? "" : "not opened");
}
std::string call_bulk_input(CallArgs& c) {  // (text): as if typed into the name field
  BulkState& b = bulk_state(c.a);
  if (!b.dialog.is_open()) return ok_json(false, "no bulk dialog");
  b.dialog.set_input(std::string(c.arg1));
  return ok_json(true);
}
std::string call_bulk_undo(CallArgs& c) {
  BulkState& b = bulk_state(c.a);
  if (!b.can_undo) return ok_json(false, "nothing to undo");
  b.undo_requested = true;
  return ok_json(true);
}

constexpr BridgeCall kCalls[] = {
    {"theme", false, call_theme},
    {"select", false, call_select},
    {"crash_on_open", false, call_crash_on_open},
    {"setText", true, call_set_text},         {"text", true, call_text},
    {"save", false, call_save},               {"flush", false, call_flush},
    {"autosaveDelay", false, call_autosave_delay}, {"answer", false, call_answer},
    {"answerInput", false, call_answer_input}, {"newPost", false, call_new_post},
    {"rename", true, call_rename},            {"duplicate", true, call_duplicate},
    {"delete", true, call_delete},            {"undo", false, call_undo},
    {"listTrash", false, call_list_trash},    {"restore", false, call_restore},
    {"emptyTrash", false, call_empty_trash},  {"exportPost", true, call_export_post},
    {"exportHtml", true, call_export_html},   {"exportZip", false, call_export_zip},
    {"pasteImageFile", false, call_paste_image_file},
    {"quota", false, call_quota},             {"saveIndexCache", false, call_save_index_cache},
    {"menu", false, call_menu},               {"rescan", false, call_rescan},
    {"switchNotebook", false, call_switch_notebook},
    {"editor_mode", false, call_editor_mode},
    {"editor_select", false, call_editor_select},
    {"editor_find", false, call_editor_find},
    {"editor_replace_all", false, call_editor_replace_all},
    {"editor_wrap", false, call_editor_wrap},
    {"editor_measure", false, call_editor_measure},
    {"bulkOpen", false, call_bulk_open},
    {"bulkInput", false, call_bulk_input},
    {"bulkUndo", false, call_bulk_undo},
};

}  // namespace

std::string App::bridge_call(std::string_view name, std::string_view arg1, std::string_view arg2) {
  AppImpl& a = *impl_;
  for (const BridgeCall& call : kCalls) {
    if (name != call.name) continue;
    CallArgs c{*this, a, arg1, arg2};
    c.post = arg1.empty() ? a.selected : a.nb->find_by_id(arg1);
    if (call.needs_post && !post(a, c.post)) return ok_json(false, "no such post");
    return call.run(c);
  }
  return ok_json(false, "unknown call " + std::string(name));
}

}  // namespace sheaf
