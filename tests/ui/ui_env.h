// Shared setup for the GPU-free UI tests: one ImGui context with the real
// fonts, a frame open so baked fonts are valid, and tree-building helpers.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>
#include <string_view>

#include "core/document.h"
#include "core/storage.h"
#include "imgui.h"
#include "ui/doc_view.h"

namespace sheaf::test {

// Creates the context and loads fonts once; begins a frame if none is open.
void ensure_frame();
// Ends the current frame and starts the next one.
void next_frame();
// Ends the current frame, runs `between` outside any frame, starts the next.
void next_frame(const std::function<void()>& between);
// Starts the next frame and draws `v` in a 900x600 window at the origin.
void draw_view(DocView& v);

// A storage double whose remove, rename and trash calls succeed and do
// nothing; tests give it load and save.
struct StubStorage : Storage {
  void remove(const std::string&, std::function<void(StorageResult)> done) override { done({}); }
  void rename(const std::string&, const std::string&, std::function<void(StorageResult)> done) override { done({}); }
  void move_to_trash(const std::string&, std::function<void(StorageResult, TrashItem)> done) override {
    done({}, {});
  }
  void list_trash(std::function<void(std::vector<TrashItem>, StorageResult)> done) override { done({}, {}); }
  void restore_from_trash(const std::string&, std::function<void(StorageResult, StoredFile)> done) override {
    done({}, {});
  }
  void empty_trash(std::function<void(StorageResult)> done) override { done({}); }
};

// A notebook held in a map: every call answers before it returns.
struct MemoryStorage : StubStorage {
  std::map<std::string, StoredFile> files;
  const char* backend_name() const override { return "memory"; }
  void load_all(std::function<void(std::vector<StoredFile>, StorageResult)> done) override {
    std::vector<StoredFile> all;
    for (auto& [p, f] : files) all.push_back(f);
    done(all, {});
  }
  void load(const std::string& path, std::function<void(bool, StoredFile, StorageResult)> done) override {
    auto it = files.find(path);
    if (it == files.end()) return done(false, {}, {});
    done(true, it->second, {});
  }
  void save(const StoredFile& f, const SaveOptions&, std::function<void(StorageResult, uint64_t)> done) override {
    uint64_t v = files[f.path].version + 1;
    files[f.path] = f;
    files[f.path].version = v;
    done({}, v);
  }
};

// Builds a MarkdownTree by hand (until parse_document is on main).
struct TreeBuilder {
  Document& doc;
  explicit TreeBuilder(Document& d);
  uint32_t add(uint32_t parent, NodeType t);
  // Appends `s` to doc.text and adds a Text node pointing at it.
  uint32_t text(uint32_t parent, std::string_view s);
  uint32_t block(uint32_t parent, NodeType t, std::string_view src);
};

}  // namespace sheaf::test
