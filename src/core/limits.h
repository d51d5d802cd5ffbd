// Sheaf core: the bounds on the work one post may cause.
//
// Every step that grows with the input (the Markdown tree, the viewer's
// layout, images) has a ceiling here, so no post, however hostile, can take
// the memory or the time of the whole app. Past a ceiling the text itself is
// kept whole (nothing is ever rewritten because of a limit); the post gets a
// Warning with the place and the figure, and the viewer shows the part it
// keeps. The README's "Limits" table lists each one.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace sheaf::limits {

// Markdown tree nodes of one post (about 64 bytes each). A 50 MB post of
// ordinary prose needs about 1.3 million.
constexpr size_t kMaxTreeNodes = 2'000'000;

// Cells of one table the tree keeps; later rows are left out of the tree.
// (GitHub tables pad short rows: "|" alone is a row of every column, so a
// 100 KB post can ask for millions of cells.)
constexpr size_t kMaxTableCells = 100'000;

// Quotes and lists inside each other; deeper ones are flattened into the
// deepest one kept (their text stays).
constexpr int kMaxBlockNesting = 64;

// Emphasis, links and other spans inside each other; deeper ones keep their
// text in the enclosing span.
constexpr int kMaxSpanNesting = 64;

// Bytes of one source line the viewer lays out; the rest of the line is
// shown as "…" (the source keeps it all).
constexpr size_t kMaxLayoutLineBytes = 256u << 10;

// Bytes of one code block the viewer highlights; the rest of a longer block
// is drawn plain (its colours would cost a span per token).
constexpr size_t kMaxHighlightBytes = 1u << 20;

// Images one post loads and draws; later ones show as their alt text.
constexpr size_t kMaxImages = 500;

// Pixels of one decoded image (width × height): 64 megapixels, 256 MB as RGBA.
constexpr uint64_t kMaxImagePixels = 64'000'000;
constexpr int kMaxImageSide = 16384;  // the largest texture WebGL2 and GL3 promise

// Bytes of one image pasted or dropped into a post (and of one image an
// import keeps beside the posts): larger files are refused with a message
// naming the file and this figure, before anything is written.
constexpr uint64_t kMaxAssetBytes = 10ull << 20;  // 10 MB

// "" when an image of this size may be decoded and drawn, else why not.
inline std::string image_size_refusal(int width, int height) {
  const uint64_t px = uint64_t(width > 0 ? width : 0) * uint64_t(height > 0 ? height : 0);
  if (px <= kMaxImagePixels && width <= kMaxImageSide && height <= kMaxImageSide) return std::string();
  char buf[200];
  std::snprintf(buf, sizeof buf,
                "image of %d x %d pixels (%.0f megapixels), over the %d megapixels and %d pixels a side Sheaf draws",
                width, height, double(px) / 1e6, int(kMaxImagePixels / 1000000), kMaxImageSide);
  return buf;
}

}  // namespace sheaf::limits
