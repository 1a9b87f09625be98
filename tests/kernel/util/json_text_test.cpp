// Hand-written JSON text must parse back to what was written, escapes included.
#include "kernel/util/json_text.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

using namespace helpdesk::kernel;

namespace {

nlohmann::json round_trip(const std::string& text) {
  std::string out = "{";
  append_json_key(out, "v");
  append_json_string(out, text);
  out += '}';
  return nlohmann::json::parse(out)["v"];
}

TEST(JsonText, StringsParseBackUnchanged) {
  for (const std::string text : {std::string(""), std::string("plain"), std::string("quote \" and \\ backslash"),
                                 std::string("line\nbreak\ttab\r\b\f"), std::string("ctl \x01\x1f end"),
                                 std::string("caf\xc3\xa9 \xe2\x82\xac"), std::string("nul \0 inside", 12)})
    EXPECT_EQ(round_trip(text), text) << text;
}

TEST(JsonText, InvalidUtf8BecomesTheReplacementCharacter) {
  EXPECT_EQ(round_trip("bad \xff byte"), "bad \xef\xbf\xbd byte");
}

TEST(JsonText, NumbersParseBackUnchanged) {
  std::string out = "[";
  append_json_number(out, std::int64_t{-1795687200123});
  out += ',';
  append_json_number(out, 0.75);
  out += ',';
  append_json_number(out, 1.0);
  out += ']';
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed[0].get<std::int64_t>(), -1795687200123);
  EXPECT_EQ(parsed[1].get<double>(), 0.75);
  EXPECT_EQ(parsed[2].get<double>(), 1.0);
}

}  // namespace

namespace {

TEST(JsonText, MembersAreCommaSeparatedAfterTheFirst) {
  std::string out = "{";
  append_json_member(out, "name", "Ada \"A\"");
  append_json_member(out, "at", std::int64_t{42});
  append_json_member(out, "share", 0.5);
  out += ",\"inner\":{";
  append_json_member(out, "k", "v");
  out += "}}";
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed, (nlohmann::json{{"name", "Ada \"A\""}, {"at", 42}, {"share", 0.5}, {"inner", {{"k", "v"}}}}));
}

}  // namespace
