// Conformance: every example of md4c's CommonMark spec and GFM extension
// files, parsed into our tree and exported by our HTML writer (unsafe mode),
// compared after the same normalization md4c's test suite applies
// (test/normalize.py, reimplemented here). The files are read from the md4c
// sources at test time.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/html.h"
#include "core/markdown.h"
#include "core/text.h"
#include "tree_check.h"

using namespace sheaf;

namespace {

struct Example {
  int number = 0;
  int line = 0;
  std::string markdown, html;
};

std::vector<Example> read_examples(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<Example> out;
  std::string line;
  int state = 0, line_no = 0, number = 0;
  Example cur;
  const std::string fence(32, '`');
  auto arrows = [](std::string s) {
    for (size_t p; (p = s.find("\xE2\x86\x92")) != std::string::npos;) s.replace(p, 3, "\t");
    return s;
  };
  while (std::getline(f, line)) {
    line_no++;
    std::string l = line;
    while (!l.empty() && (l.back() == ' ' || l.back() == '\r' || l.back() == '\t')) l.pop_back();
    size_t lead = l.find_first_not_of(" \t");
    std::string trimmed = lead == std::string::npos ? "" : l.substr(lead);
    if (state == 0 && trimmed.rfind(fence + " example", 0) == 0) {
      state = 1;
      cur = Example{};
      cur.line = line_no;
    } else if (state >= 2 && trimmed == fence) {
      state = 0;
      cur.number = ++number;
      cur.markdown = arrows(cur.markdown);
      cur.html = arrows(cur.html);
      out.push_back(cur);
    } else if (state > 0 && trimmed == ".") {
      state++;
    } else if (state == 1) {
      cur.markdown += line + "\n";
    } else if (state == 2) {
      cur.html += line + "\n";
    }
  }
  return out;
}

//-----------------------------------------------------------------------------
// The normalizer: the rules of md4c's test/normalize.py (which drives Python's
// HTMLParser) reimplemented over a small tag tokenizer.
//-----------------------------------------------------------------------------

bool is_block_tag(const std::string& t) {
  static const char* const tags[] = {
      "article", "header", "aside", "hgroup", "blockquote", "hr", "iframe", "body", "li", "map", "button",
      "object", "canvas", "ol", "caption", "output", "col", "p", "colgroup", "pre", "dd", "progress", "div",
      "section", "dl", "table", "td", "dt", "tbody", "embed", "textarea", "fieldset", "tfoot", "figcaption",
      "th", "figure", "thead", "footer", "tr", "form", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "video",
      "script", "style", nullptr};
  for (const char* const* p = tags; *p; p++)
    if (t == *p) return true;
  return false;
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

struct Normalizer {
  std::string out, last = "starttag", last_tag;
  bool in_pre = false;

  void rstrip() { while (!out.empty() && is_ws(out.back())) out.pop_back(); }

  void data(std::string d) {
    bool after_tag = last == "endtag" || last == "starttag";
    bool after_block = after_tag && is_block_tag(last_tag);
    if (after_tag && last_tag == "br") d.erase(0, d.find_first_not_of('\n') == std::string::npos ? d.size() : d.find_first_not_of('\n'));
    if (!in_pre) {
      std::string c;
      for (size_t i = 0; i < d.size(); i++) {
        if (is_ws(d[i])) {
          while (i + 1 < d.size() && is_ws(d[i + 1])) i++;
          c += ' ';
        } else {
          c += d[i];
        }
      }
      d = c;
    }
    if (after_block && !in_pre) {
      size_t b = d.find_first_not_of(" \t\n\r\f\v");
      if (last == "starttag") d = b == std::string::npos ? "" : d.substr(b);
      else if (last == "endtag") {
        d = b == std::string::npos ? "" : d.substr(b);
        while (!d.empty() && is_ws(d.back())) d.pop_back();
      }
    }
    out += d;
    last = "data";
  }

  void character(const std::string& decoded, const std::string& fallback) {
    if (decoded.empty()) out += fallback;
    else if (decoded == "<") out += "&lt;";
    else if (decoded == ">") out += "&gt;";
    else if (decoded == "&") out += "&amp;";
    else if (decoded == "\"") out += "&quot;";
    else out += decoded;
    last = "ref";
  }

  // Text between tags: entity and character references are handled apart.
  void text(const std::string& s) {
    size_t i = 0, run = 0;
    while ((i = s.find('&', i)) != std::string::npos) {
      size_t semi = s.find(';', i);
      bool ok = semi != std::string::npos && semi - i <= 40 && semi > i + 1;
      if (ok) {
        std::string name = s.substr(i + 1, semi - i - 1);
        bool num = name[0] == '#';
        bool valid = true;
        if (num) {
          size_t k = 1;
          bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
          if (hex) k = 2;
          valid = k < name.size();
          for (; k < name.size(); k++) valid = valid && (hex ? isxdigit((unsigned char)name[k]) : isdigit((unsigned char)name[k]));
        } else {
          valid = isalpha((unsigned char)name[0]);
          for (char c : name) valid = valid && (isalnum((unsigned char)c) || c == '-' || c == '.');
        }
        if (valid) {
          if (i > run) data(s.substr(run, i - run));
          std::string dec;
          if (!decode_entity(s.substr(i, semi - i + 1), dec)) dec.clear();
          character(dec, s.substr(i, semi - i + 1));
          i = semi + 1;
          run = i;
          continue;
        }
      }
      i++;
    }
    if (run < s.size()) data(s.substr(run));
  }

  static std::string lower(std::string s) {
    for (char& c : s) c = char(tolower((unsigned char)c));
    return s;
  }

  static std::string escape_attr(const std::string& v) {
    std::string o;
    for (char c : v) {
      if (c == '&') o += "&amp;";
      else if (c == '<') o += "&lt;";
      else if (c == '>') o += "&gt;";
      else if (c == '"') o += "&quot;";
      else if (c == '\'') o += "&#x27;";
      else o += c;
    }
    return o;
  }

  // One "<...>" chunk. Returns false when it is not markup (then it is data).
  bool tag(const std::string& c) {
    if (c.rfind("<!--", 0) == 0 && c.size() >= 7 && c.compare(c.size() - 3, 3, "-->") == 0) {
      out += c;
      last = "comment";
      return true;
    }
    if (c.rfind("<!", 0) == 0) { out += c; last = "decl"; return true; }
    if (c.rfind("<?", 0) == 0) { out += c; last = "pi"; return true; }
    bool closing = c.size() > 2 && c[1] == '/';
    size_t p = closing ? 2 : 1;
    if (p >= c.size() || !isalpha((unsigned char)c[p])) return false;
    size_t e = p;
    while (e < c.size() && !is_ws(c[e]) && c[e] != '/' && c[e] != '>') e++;
    std::string name = lower(c.substr(p, e - p));
    if (closing) {
      if (name == "pre") in_pre = false;
      else if (is_block_tag(name)) rstrip();
      out += "</" + name + ">";
      last_tag = name;
      last = "endtag";
      return true;
    }
    std::vector<std::pair<std::string, std::pair<bool, std::string>>> attrs;
    size_t k = e;
    bool self_closing = false;
    while (k < c.size() - 1) {
      while (k < c.size() - 1 && is_ws(c[k])) k++;
      if (k >= c.size() - 1) break;
      if (c[k] == '/') { self_closing = true; k++; continue; }
      size_t a = k;
      while (k < c.size() - 1 && !is_ws(c[k]) && c[k] != '=' && c[k] != '>' && c[k] != '/') k++;
      if (k == a) { k++; continue; }
      self_closing = false;
      std::string an = lower(c.substr(a, k - a));
      size_t save = k;
      while (k < c.size() - 1 && is_ws(c[k])) k++;
      if (k < c.size() - 1 && c[k] == '=') {
        k++;
        while (k < c.size() - 1 && is_ws(c[k])) k++;
        std::string v;
        if (c[k] == '"' || c[k] == '\'') {
          char q = c[k];
          size_t z = c.find(q, k + 1);
          if (z == std::string::npos) z = c.size() - 1;
          v = c.substr(k + 1, z - k - 1);
          k = z + 1;
        } else {
          size_t v0 = k;
          while (k < c.size() - 1 && !is_ws(c[k])) k++;
          v = c.substr(v0, k - v0);
        }
        std::string dec;
        append_entity_decoded(dec, v);
        attrs.push_back({an, {true, dec}});
      } else {
        k = save;
        attrs.push_back({an, {false, ""}});
      }
    }
    std::sort(attrs.begin(), attrs.end());
    if (name == "pre") in_pre = true;
    if (is_block_tag(name)) rstrip();
    out += "<" + name;
    for (auto& a : attrs) {
      out += " " + a.first;
      if (a.second.first) out += "=\"" + escape_attr(a.second.second) + "\"";
    }
    out += ">";
    last_tag = name;
    last = self_closing ? "endtag" : "starttag";
    return true;
  }

  std::string run(const std::string& html) {
    size_t i = 0, n = html.size();
    while (i < n) {
      if (html.compare(i, 9, "<![CDATA[") == 0) {
        size_t e = html.find("]]>", i);
        size_t nl = html.find('\n', i);
        if (e != std::string::npos && (nl == std::string::npos || nl > e)) {
          out += html.substr(i, e + 3 - i);
          i = e + 3;
          continue;
        }
      }
      if (html[i] == '<') {
        size_t e = html.find('>', i);
        if (e == std::string::npos) { i++; continue; }  // the chunk pattern skips a lone '<'
        std::string c = html.substr(i, e + 1 - i);
        if (!tag(c)) text(c);
        i = e + 1;
        continue;
      }
      size_t lt = html.find('<', i);
      if (lt == std::string::npos) lt = n;
      text(html.substr(i, lt - i));
      i = lt;
    }
    return out;
  }
};

std::string normalize(const std::string& html) { return Normalizer{}.run(html); }

struct FileResult {
  std::string name;
  int pass = 0, total = 0;
  std::vector<int> failed;
  std::vector<std::string> range_errors;
};

FileResult run_file(const std::string& name, const MarkdownOptions& mo, bool verbose) {
  FileResult r;
  r.name = name;
  auto examples = read_examples(std::string(SHEAF_MD4C_TEST_DIR) + "/" + name);
  HtmlOptions ho;
  ho.safe = false;
  for (auto& ex : examples) {
    MarkdownTree tree;
    parse_markdown(ex.markdown, 0, tree, mo);
    std::string err = check_ranges(tree, ex.markdown, 0);
    if (!err.empty()) r.range_errors.push_back("example " + std::to_string(ex.number) + ": " + err);
    std::string got = to_html(ex.markdown, tree, ho);
    bool ok = normalize(got) == normalize(ex.html);
    r.total++;
    if (ok) r.pass++;
    else {
      r.failed.push_back(ex.number);
      if (verbose)
        std::printf("--- %s example %d (line %d)\n%s--- expected\n%s--- got\n%s\n", name.c_str(), ex.number, ex.line,
                    ex.markdown.c_str(), ex.html.c_str(), got.c_str());
    }
  }
  return r;
}

}  // namespace

TEST_CASE("spec: normalizer") {
  CHECK(normalize("<p>a  \t b</p>") == "<p>a b</p>");
  CHECK(normalize("\n\t<p>\n\t\ta  b\t\t</p>\n\t") == "<p>a b</p>");
  CHECK(normalize("<i>a  b</i> ") == "<i>a b</i> ");
  CHECK(normalize("<br />") == "<br>");
  CHECK(normalize("<a title=\"bar\" HREF=\"foo\">x</a>") == "<a href=\"foo\" title=\"bar\">x</a>");
  CHECK(normalize("&forall;&amp;&gt;&lt;&quot;") == "\xE2\x88\x80&amp;&gt;&lt;&quot;");
}

TEST_CASE("spec: CommonMark and GFM conformance of tree + HTML export") {
  const char* verbose_env = std::getenv("SHEAF_SPEC_VERBOSE");
  bool verbose = verbose_env && *verbose_env;
  MarkdownOptions mo;  // the product's defaults: GitHub dialect, raw HTML, <br> as HardBreak
  std::vector<FileResult> results;
  for (const char* f : {"spec.txt", "spec-tables.txt", "spec-strikethrough.txt", "spec-tasklists.txt",
                        "spec-permissive-autolinks.txt"})
    results.push_back(run_file(f, mo, verbose));
  int pass = 0, total = 0;
  for (auto& r : results) {
    pass += r.pass;
    total += r.total;
    std::string failed;
    for (int n : r.failed) failed += " " + std::to_string(n);
    std::printf("[spec] %-32s %4d / %4d%s%s\n", r.name.c_str(), r.pass, r.total, failed.empty() ? "" : "  failed:", failed.c_str());
    std::string msg = r.name + ": " + std::to_string(r.pass) + " / " + std::to_string(r.total) + (failed.empty() ? "" : " failed:" + failed);
    MESSAGE(msg);
    CHECK(r.total > 0);
    for (auto& e : r.range_errors) std::printf("[spec] %s range: %s\n", r.name.c_str(), e.c_str());
    CHECK(r.range_errors.empty());
  }
  double rate = total ? 100.0 * pass / total : 0;
  std::printf("[spec] total %d / %d = %.2f%%\n", pass, total, rate);
  MESSAGE("total " << pass << " / " << total << " = " << rate << "%");
  // The exact figure the README states: 686 of 689. The three misses are
  // spec.txt examples 608, 611 and 612 (autolinks), which GFM's permissive
  // autolinks change on purpose (spec.txt is plain CommonMark); with md4c's
  // CommonMark flags the spec passes as a whole (below).
  CHECK(pass == 686);
  CHECK(total == 689);
  REQUIRE(results.size() == 5);
  CHECK(results[0].failed == std::vector<int>{608, 611, 612});
  for (size_t i = 1; i < results.size(); i++) CHECK(results[i].failed.empty());
  MarkdownOptions cm;
  cm.flags = 0;
  FileResult plain = run_file("spec.txt", cm, false);
  std::printf("[spec] spec.txt, CommonMark flags   %4d / %4d\n", plain.pass, plain.total);
  MESSAGE("spec.txt with CommonMark flags: " << plain.pass << " / " << plain.total);
  CHECK(plain.pass == plain.total);
  // Informational: md4c's regression and coverage files (some need flags we
  // do not enable, so they are not asserted beyond the tree invariants).
  for (const char* f : {"regressions.txt", "coverage.txt"}) {
    FileResult r = run_file(f, mo, false);
    std::printf("[spec] %-32s %4d / %4d (informational)\n", f, r.pass, r.total);
    for (auto& e : r.range_errors) std::printf("[spec] %s range: %s\n", f, e.c_str());
    CHECK(r.range_errors.empty());
  }
}
