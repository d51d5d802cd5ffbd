// Shared by the benchmarks and the randomized unit tests: one seeded random
// source, and one generator of blog posts (Jekyll/Hugo front matter, Korean
// and English Markdown bodies, Zipf-distributed tags). Everything follows
// from the seed, so a failing test or a benchmark figure can be reproduced.
//
//   sheaf::test::PostGenerator gen(seed);           // or gen(seed, options)
//   std::string text = gen.post(i);                 // post number i
//   auto texts = sheaf::test::generate_posts(n, seed);
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

namespace sheaf::test {

// xorshift64: small, fast, and the same sequence on every platform (wasm
// included), unlike the distributions of <random>. The seed must not be 0.
struct Rng {
  uint64_t s;
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  size_t below(size_t n) { return size_t(next() % n); }
  bool one_in(size_t n) { return below(n) == 0; }
  double unit() { return double(next() >> 11) / double(1ull << 53); }  // [0, 1)
};

inline constexpr const char* kKoWords[] = {
    "오늘은", "회고", "학습", "정리", "모델", "데이터", "실험", "결과", "부스트캠프", "과제",
    "멘토링", "프로젝트", "팀원", "발표", "코드", "리뷰", "배포", "서버", "컨테이너", "학습률",
    "손실", "함수", "정확도", "개선", "문제", "해결", "내일", "할", "일", "공부",
    "알고리즘", "자료구조", "그래프", "탐색", "정렬", "최적화", "논문", "읽기", "요약", "느낀점"};
inline constexpr const char* kEnWords[] = {
    "the", "model", "training", "data", "loss", "we", "use", "a", "container", "build",
    "query", "index", "search", "notes", "about", "system", "design", "with", "docker", "python",
    "learning", "rate", "batch", "result", "review", "deploy", "server", "graph", "sort", "paper"};

struct PostOptions {
  // Post length, front matter included, is drawn from [min_bytes,
  // max_bytes); the last block may run over. The defaults give about 3 KB.
  size_t min_bytes = 2400, max_bytes = 3600;
  // Tags per post are 1..max_tags, drawn with Zipf weights (exponent
  // zipf_s) from tag_count tags: a few very common ones and a long tail,
  // as real blogs have.
  size_t tag_count = 400, max_tags = 5;
  double zipf_s = 1.1;
  // true: every shape real blogs use (comments, flow and block lists, three
  // kinds of title quoting, optional keys), and about one post in six with
  // something the YAML fast path declines (a nested map or a folded scalar).
  // false: one blog template's fixed layout, all of it in the fast path.
  bool varied_front_matter = true;
};

class PostGenerator {
 public:
  explicit PostGenerator(uint64_t seed, PostOptions o = {}) : r_{seed}, o_(o) {
    // Some nesting (lang/...) and mixed case, so tag filters and folding see
    // what they see in real notebooks.
    const char* base[] = {"AI", "Docker", "Python", "회고", "부스트캠프", "Deep Learning", "Linux", "MLflow",
                          "알고리즘", "lang/cpp", "lang/rust", "lang/python", "web/css", "web/js", "데이터",
                          "Kubernetes", "논문", "일기", "career", "math", "pytorch", "c++", "TIL"};
    for (const char* b : base)
      if (tags_.size() < o_.tag_count) tags_.push_back(b);
    for (int i = 0; tags_.size() < o_.tag_count; i++) tags_.push_back((i % 3 ? "topic-" : "주제-") + std::to_string(i));
    double sum = 0;
    for (size_t i = 0; i < tags_.size(); i++) tag_cdf_.push_back(sum += 1.0 / std::pow(double(i + 1), o_.zipf_s));
    for (double& c : tag_cdf_) c /= sum;
  }

  // Post number i (it shows in the title and permalink); two thirds Korean.
  std::string post(size_t i) {
    bool korean = !r_.one_in(3);
    std::string s = front_matter(i, korean);
    size_t target = o_.min_bytes + (o_.max_bytes > o_.min_bytes ? r_.below(o_.max_bytes - o_.min_bytes) : 0);
    body(korean, target, s);
    return s;
  }

 private:
  // Words from both languages, now and then bold, italic, code or a link.
  std::string words(bool korean, size_t n) {
    std::string s;
    for (size_t w = 0; w < n; w++) {
      if (w) s += ' ';
      bool ko = korean ? !r_.one_in(4) : r_.one_in(6);
      std::string word = ko ? ko_word() : en_word();
      if (!ko && r_.one_in(10)) word[0] = char(word[0] - 32);
      switch (r_.below(24)) {
        case 0: s += "**" + word + "**"; break;
        case 1: s += "*" + word + "*"; break;
        case 2: s += "`" + word + "()`"; break;
        case 3: s += "[" + word + "](https://example.com/" + std::to_string(r_.below(999)) + ")"; break;
        default: s += word;
      }
    }
    return s;
  }

  // Two spellings of one category, as blogs that changed themes have.
  static constexpr const char* kCats[] = {"BoostCamp", "boostcamp", "Dev", "Life", "Study", "daily",
                                          "AI", "Paper", "Project", "Book", "Travel", "Misc"};
  static constexpr const char* kLangs[] = {"python", "cpp", "bash", "yaml", "js", ""};

  const char* ko_word() { return kKoWords[r_.below(std::size(kKoWords))]; }
  const char* en_word() { return kEnWords[r_.below(std::size(kEnWords))]; }
  const char* cat() { return kCats[r_.below(std::size(kCats))]; }
  const std::string& tag() {
    return tags_[size_t(std::lower_bound(tag_cdf_.begin(), tag_cdf_.end(), r_.unit()) - tag_cdf_.begin())];
  }

  std::string front_matter(size_t i, bool korean) {
    const bool varied = o_.varied_front_matter;
    char date[80];  // room for any int, so -Wformat-truncation stays quiet
    int y = 2015 + int(r_.below(10)), mo = 1 + int(r_.below(12)), d = 1 + int(r_.below(28));
    if (varied && r_.one_in(3))
      std::snprintf(date, sizeof date, "%04d-%02d-%02d %02d:%02d:00 +0900", y, mo, d, int(r_.below(24)),
                    int(r_.below(60)));
    else
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, d);
    std::string t = korean ? std::string("[회고] ") + ko_word() + " " + std::to_string(i) + ": " + ko_word()
                           : std::string("Notes on ") + en_word() + " #" + std::to_string(i);
    std::string s = "---\n";
    if (varied && r_.one_in(4)) s += "# generated by the blog template\n";
    s += std::string("layout: ") + (r_.one_in(2) ? "post" : "single") + "\n";
    switch (varied ? r_.below(3) : 0) {
      case 0: s += "title: \"" + t + "\"\n"; break;
      case 1: s += "title: '" + t + "'\n"; break;
      default: s += "title: \"" + t + " \\\"draft\\\"\"\n"; break;
    }
    s += std::string("date: ") + date + "\n";
    if (varied && r_.one_in(2))
      s += std::string("categories: [") + cat() + ", " + cat() + "]\n";
    else
      s += std::string("categories:\n  - ") + cat() + "\n";
    size_t nt = 1 + r_.below(o_.max_tags);
    if (varied && r_.one_in(2)) {
      s += "tags: [";
      for (size_t k = 0; k < nt; k++) {
        if (k) s += ", ";
        const std::string& tg = tag();
        s += r_.one_in(5) ? "\"" + tg + "\"" : tg;
      }
      s += "]\n";
    } else {
      s += "tags:\n";
      const char* bullet = varied && r_.one_in(3) ? "- " : "  - ";
      for (size_t k = 0; k < nt; k++) s += bullet + tag() + "\n";
    }
    if (r_.one_in(5)) s += "draft: true\n";  // for has:draft
    if (!varied) return s + "toc: true\n---\n";
    if (r_.one_in(3)) s += "\n";
    if (r_.one_in(2)) s += "toc: true\ntoc_sticky: true\n";
    if (r_.one_in(4)) s += "comments: false  # off for now\n";
    if (r_.one_in(3)) s += "excerpt: '" + words(korean, 6) + "'\n";
    if (r_.one_in(5)) s += "last_modified_at: 2024-01-0" + std::to_string(1 + r_.below(9)) + "\n";
    if (r_.one_in(6)) s += "permalink: /posts/" + std::to_string(i) + "/\n";
    if (r_.one_in(8)) s += "math: true\nweight: " + std::to_string(r_.below(100)) + "\n";
    // The two shapes outside the fast path's subset.
    if (r_.one_in(10)) s += "header:\n  teaser: /assets/img/" + std::to_string(i) + ".png\n  overlay_filter: 0.5\n";
    if (r_.one_in(12)) s += "description: >\n  " + words(korean, 8) + "\n  " + words(korean, 5) + "\n";
    return s + "---\n";
  }

  // Headings, lists (some nested), tables, fenced code, quotes and
  // paragraphs until s is `target` bytes long.
  void body(bool korean, size_t target, std::string& s) {
    s += "\n";
    while (s.size() < target) {
      switch (r_.below(12)) {
        case 0: s += std::string(r_.one_in(3) ? "### " : "## ") + words(korean, 2 + r_.below(4)) + "\n\n"; break;
        case 1:
        case 2: {
          size_t n = 2 + r_.below(4);
          bool ordered = r_.one_in(3);
          for (size_t k = 0; k < n; k++) {
            s += ordered ? std::to_string(k + 1) + ". " : "- ";
            s += words(korean, 3 + r_.below(8)) + "\n";
            if (r_.one_in(5)) s += "  - " + words(korean, 3) + "\n";
          }
          s += "\n";
          break;
        }
        case 3: {
          s += "| 항목 | value | 비고 |\n|---|:---:|---:|\n";
          for (size_t k = 0, n = 2 + r_.below(4); k < n; k++)
            s += "| " + words(korean, 1) + " | " + std::to_string(r_.below(1000)) + " | " + words(korean, 2) + " |\n";
          s += "\n";
          break;
        }
        case 4: {
          s += std::string("```") + kLangs[r_.below(std::size(kLangs))] + "\n";
          for (size_t k = 0, n = 2 + r_.below(6); k < n; k++)
            s += "x_" + std::to_string(k) + " = f(" + std::to_string(r_.below(100)) + ")  # " + en_word() + "\n";
          s += "```\n\n";
          break;
        }
        case 5: s += "> " + words(korean, 8 + r_.below(10)) + "\n\n"; break;
        default: s += words(korean, 15 + r_.below(30)) + ".\n\n"; break;
      }
    }
  }

  Rng r_;
  PostOptions o_;
  std::vector<std::string> tags_;
  std::vector<double> tag_cdf_;
};

// Posts 0..n-1 of one generator.
inline std::vector<std::string> generate_posts(size_t n, uint64_t seed, const PostOptions& o = {}) {
  PostGenerator gen(seed, o);
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; i++) out.push_back(gen.post(i));
  return out;
}

}  // namespace sheaf::test
