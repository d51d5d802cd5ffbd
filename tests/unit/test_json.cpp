#include <doctest/doctest.h>

#include "core/json.h"

using sheaf::JsonWriter;

TEST_CASE("json: nested containers and commas") {
  JsonWriter w;
  w.begin_object().key("a").value(1).key("b").begin_array().value("x").value(true).null().end_array();
  w.key("c").begin_object().end_object().end_object();
  CHECK(w.str() == R"({"a":1,"b":["x",true,null],"c":{}})");
}

TEST_CASE("json: escaping keeps Hangul and emoji, escapes controls") {
  JsonWriter w;
  w.value(std::string_view("한글 \"q\" \\ \n\t\x01 😊"));
  CHECK(w.str() == "\"한글 \\\"q\\\" \\\\ \\n\\t\\u0001 😊\"");
}

TEST_CASE("json: invalid UTF-8 becomes U+FFFD, never raw bytes") {
  JsonWriter w;
  w.value(std::string_view("a\xff" "b\xc3", 4));
  CHECK(w.str() == "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\"");
  JsonWriter s;
  s.value(std::string_view("\xed\xa0\x80", 3));  // a UTF-16 surrogate encoded in UTF-8
  CHECK(s.str() == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("json: pretty output indents") {
  JsonWriter w(true);
  w.begin_object().key("k").begin_array().value(1).end_array().end_object();
  CHECK(w.str() == "{\n  \"k\": [\n    1\n  ]\n}");
}

TEST_CASE("json: raw values are inserted as they are") {
  JsonWriter w;
  w.begin_array().raw("{\"a\":1}").value(2).end_array();
  CHECK(w.str() == "[{\"a\":1},2]");
}
