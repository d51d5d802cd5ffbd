// Sheaf core: a small streaming JSON writer (for sheaf-cli, the test bridge
// and the index cache). Output is always valid UTF-8 JSON: ill-formed input
// becomes U+FFFD, one per maximal subpart, as core/unicode.h substitutes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sheaf {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = false) : pretty_(pretty) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  JsonWriter& value(int64_t n);
  JsonWriter& value(int n) { return value(int64_t(n)); }
  JsonWriter& value(double d);
  JsonWriter& null();
  JsonWriter& raw(std::string_view json);  // a value that is already JSON
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  void newline();
  std::string out_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
  bool pretty_ = false;
};

// Appends `s` as a quoted JSON string.
void json_escape(std::string& out, std::string_view s);

}  // namespace sheaf
