// Where pasted and dropped images go (core/assets.h), and the folder and
// memory backends' asset calls.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "core/assets.h"
#include "core/folder_storage.h"
#include "core/limits.h"
#include "memory_storage.h"

using namespace sheaf;
namespace fs = std::filesystem;

namespace {
const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "rest of a png";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "jfif";
const std::string kGif = "GIF89a....";
const std::string kWebp = std::string("RIFF\x10\0\0\0WEBPVP8 ", 16);

struct AssetDir {
  fs::path path;
  AssetDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("sheaf-asset-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~AssetDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& rel, const std::string& bytes) const {
    fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
  }
  std::string read(const std::string& rel) const {
    std::ifstream f(path / rel, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
};
}  // namespace

TEST_CASE("assets: image types by their first bytes") {
  CHECK(sniff_image_type(kPng) == ImageType::Png);
  CHECK(sniff_image_type(kJpeg) == ImageType::Jpeg);
  CHECK(sniff_image_type(kGif) == ImageType::Gif);
  CHECK(sniff_image_type("GIF87a") == ImageType::Gif);
  CHECK(sniff_image_type(kWebp) == ImageType::Webp);
  CHECK(sniff_image_type("RIFF\x10\0\0\0WAVE") == ImageType::None);
  CHECK(sniff_image_type("%PDF-1.7") == ImageType::None);
  CHECK(sniff_image_type("") == ImageType::None);
  CHECK(sniff_image_type("\x89PN") == ImageType::None);
  CHECK(has_image_extension("a/사진.JPG"));
  CHECK(has_image_extension("x.webp"));
  CHECK_FALSE(has_image_extension("notes.md"));
  CHECK_FALSE(has_image_extension("png"));
}

TEST_CASE("assets: refusals name the file and the limit") {
  CHECK(image_refusal("photo.png", kPng).empty());
  CHECK(image_refusal("doc.pdf", "%PDF-1.7") == "doc.pdf: not a PNG, JPEG, GIF or WebP image");
  CHECK(image_refusal("empty.png", "") == "empty.png: the file is empty");
  std::string big = kPng;
  big.resize(limits::kMaxAssetBytes + 1, 'x');
  const std::string why = image_refusal("큰 사진.png", big);
  CHECK(why.find("큰 사진.png") == 0);
  CHECK(why.find("10 MB limit") != std::string::npos);
  std::string edge = kPng;
  edge.resize(limits::kMaxAssetBytes, 'x');
  CHECK(image_refusal("edge.png", edge).empty());
}

TEST_CASE("assets: the post slug drops the date and the extension") {
  CHECK(post_slug("_posts/2024-02-25-hello.md") == "hello");
  CHECK(post_slug("_posts/2024-02-25-제주 여행.markdown") == "제주 여행");
  CHECK(post_slug("notes.md") == "notes");
  CHECK(post_slug("content/posts/trip/index.md") == "trip");
  CHECK(post_slug("_posts/2024-02-25.md") == "2024-02-25");
  CHECK(post_slug("_drafts/plain") == "plain");
}

TEST_CASE("assets: _config.yml names the folder, a broken one falls back and says so") {
  AssetSettings s = parse_asset_settings("title: 블로그\nsheaf:\n  assets: /static/images/\n");
  CHECK(s.folder == "static/images");
  CHECK(s.warning.empty());
  CHECK(asset_folder(s, "_posts/2024-01-01-a.md") == "static/images");

  s = parse_asset_settings("title: plain site\n");
  CHECK(s.folder.empty());
  CHECK(s.warning.empty());
  CHECK(asset_folder(s, "_posts/2024-01-01-a.md") == "assets/img/a");

  s = parse_asset_settings("title: [broken\nsheaf: {assets: x\n");
  CHECK(s.folder.empty());
  CHECK(s.warning.find("_config.yml does not parse") == 0);

  s = parse_asset_settings("sheaf:\n  assets: ../outside\n");
  CHECK(s.folder.empty());
  CHECK(s.warning.find("not a folder inside the notebook") != std::string::npos);

  s = parse_asset_settings("sheaf:\n  assets: [a, b]\n");
  CHECK(s.folder.empty());
  CHECK_FALSE(s.warning.empty());
}

TEST_CASE("assets: plan_asset picks a unique safe name and the Markdown") {
  std::set<std::string> used;
  auto taken = [&](const std::string& p) { return used.count(p) > 0; };
  AssetSettings none;
  AssetPlan p = plan_asset("photo.png", kPng, "_posts/2024-02-25-hello.md", none, taken);
  REQUIRE(p.ok);
  CHECK(p.path == "assets/img/hello/photo.png");
  CHECK(p.markdown == "![](/assets/img/hello/photo.png)");
  used.insert(p.path);
  p = plan_asset("photo.png", kPng, "_posts/2024-02-25-hello.md", none, taken);
  CHECK(p.path == "assets/img/hello/photo-2.png");
  used.insert(p.path);
  CHECK(plan_asset("photo.png", kPng, "_posts/2024-02-25-hello.md", none, taken).path == "assets/img/hello/photo-3.png");

  // A path from outside keeps only its last part, made safe.
  p = plan_asset("../../etc/x:y.gif", kGif, "_posts/2024-02-25-hello.md", none, taken);
  CHECK(p.path == "assets/img/hello/x_y.gif");
  // The extension follows the bytes; a fitting one stays as written.
  CHECK(plan_asset("shot.png", kJpeg, "a.md", none, taken).path == "assets/img/a/shot.jpg");
  CHECK(plan_asset("shot.JPEG", kJpeg, "a.md", none, taken).path == "assets/img/a/shot.JPEG");
  CHECK(plan_asset("", kWebp, "a.md", none, taken).path == "assets/img/a/image.webp");
  // Spaces and parentheses are percent-encoded in the link; Hangul stays.
  p = plan_asset("내 사진 (1).png", kPng, "_posts/2024-02-25-제주 여행.md", none, taken);
  CHECK(p.path == "assets/img/제주 여행/내 사진 (1).png");
  CHECK(p.markdown == "![](/assets/img/제주%20여행/내%20사진%20%281%29.png)");
  // The site's folder.
  AssetSettings site;
  site.folder = "images";
  CHECK(plan_asset("p.png", kPng, "a.md", site, taken).path == "images/p.png");
  // Refused: not an image.
  p = plan_asset("notes.pdf", "%PDF", "a.md", none, taken);
  CHECK_FALSE(p.ok);
  CHECK(p.error == "notes.pdf: not a PNG, JPEG, GIF or WebP image");
}

TEST_CASE("assets: image_markdown escapes the alt text") {
  CHECK(image_markdown("a/b.png", "a [b]") == "![a \\[b\\]](/a/b.png)");
  CHECK(image_markdown("a/100%.png") == "![](/a/100%25.png)");
}

TEST_CASE("assets: FolderStorage saves, loads and lists assets") {
  AssetDir d;
  d.write("_posts/2024-01-01-a.md", "# a\n");
  d.write("assets/img/a/old.png", kPng);
  d.write("_config.yml", "title: t\n");
  d.write(".git/objects/x", "git");
  d.write("_site/assets/copy.png", kPng);
  d.write("node_modules/m/logo.png", kPng);
  FolderStorage s(d.path.string());

  std::vector<FileStat> listed;
  s.list_assets([&](std::vector<FileStat> l, StorageResult r) {
    CHECK(r.ok);
    listed = std::move(l);
  });
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].path == "_config.yml");
  CHECK(listed[1].path == "assets/img/a/old.png");
  CHECK(listed[1].size == kPng.size());

  bool ok = false;
  s.save_asset("assets/img/a/새 사진.png", kPng + "new", [&](StorageResult r) { ok = r.ok; });
  CHECK(ok);
  CHECK(d.read("assets/img/a/새 사진.png") == kPng + "new");
  bool found = false;
  std::string bytes;
  s.load_asset("assets/img/a/새 사진.png", [&](bool f, std::string b, StorageResult) {
    found = f;
    bytes = std::move(b);
  });
  CHECK(found);
  CHECK(bytes == kPng + "new");
  // Replacing keeps one file, new bytes.
  s.save_asset("assets/img/a/old.png", kGif, [&](StorageResult r) { ok = r.ok; });
  CHECK(ok);
  CHECK(d.read("assets/img/a/old.png") == kGif);

  // Missing: not found, no error.
  StorageResult res;
  s.load_asset("assets/none.png", [&](bool f, std::string, StorageResult r) {
    found = f;
    res = r;
  });
  CHECK_FALSE(found);
  CHECK(res.ok);
  // Outside the notebook, the trash, and documents are refused.
  for (const char* bad : {"../x.png", "/etc/x.png", ".sheaf-trash/x.png", "a/../../x.png", "_posts/b.md"}) {
    s.save_asset(bad, kPng, [&](StorageResult r) { ok = r.ok; });
    CHECK_MESSAGE(!ok, bad);
  }
  s.load_asset("../outside.png", [&](bool f, std::string, StorageResult r) {
    found = f;
    res = r;
  });
  CHECK_FALSE(found);
  CHECK_FALSE(res.ok);
  // Documents are not assets, and assets are not documents.
  std::vector<StoredFile> docs;
  s.load_all([&](std::vector<StoredFile> f, StorageResult) { docs = std::move(f); });
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].path == "_posts/2024-01-01-a.md");
}

TEST_CASE("assets: the memory backend keeps assets") {
  test::MemoryBackend m;
  bool ok = false;
  m.save_asset("assets/img/a/p.png", kPng, [&](StorageResult r) { ok = r.ok; });
  CHECK(ok);
  std::string bytes;
  m.load_asset("assets/img/a/p.png", [&](bool f, std::string b, StorageResult) {
    CHECK(f);
    bytes = b;
  });
  CHECK(bytes == kPng);
  std::vector<FileStat> l;
  m.list_assets([&](std::vector<FileStat> v, StorageResult) { l = v; });
  REQUIRE(l.size() == 1);
  CHECK(l[0].path == "assets/img/a/p.png");
}
