// Walks tests/corpus: every <name>.eml is parsed and compared with <name>.expected.json. Only the
// keys present in the JSON are checked; an unknown key fails, so a typo cannot silently pass.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fuzz_entry.hpp"
#include "parsed_mail.hpp"

namespace helpdesk::mail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> corpus_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(MAIL_CORPUS_DIR))
    if (entry.path().extension() == ".eml") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

void check_list(const json& want, const std::vector<std::string>& got, const char* what) {
  EXPECT_EQ(want.get<std::vector<std::string>>(), got) << what;
}

void check_addresses(const json& want, const std::vector<Address>& got, const char* what) {
  std::vector<std::string> emails;
  for (const Address& a : got) emails.push_back(a.email);
  check_list(want, emails, what);
}

void check_attachments(const json& want, const std::vector<MailAttachment>& got) {
  ASSERT_EQ(want.size(), got.size()) << "attachment count";
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE("attachment " + std::to_string(i));
    for (const auto& [key, value] : want[i].items()) {
      if (key == "filename") EXPECT_EQ(value.get<std::string>(), got[i].filename);
      else if (key == "content_type") EXPECT_EQ(value.get<std::string>(), got[i].content_type);
      else if (key == "size") EXPECT_EQ(value.get<std::size_t>(), got[i].data.size());
      else if (key == "inline") EXPECT_EQ(value.get<bool>(), got[i].inline_part);
      else if (key == "content_id") EXPECT_EQ(value.get<std::string>(), got[i].content_id);
      else if (key == "data_contains") EXPECT_TRUE(contains(got[i].data, value.get<std::string>())) << got[i].data;
      else ADD_FAILURE() << "unknown attachment key " << key;
    }
  }
}

void check_bounce(const json& want, const std::optional<BounceInfo>& got) {
  ASSERT_TRUE(got.has_value()) << "no bounce details";
  for (const auto& [key, value] : want.items()) {
    if (key == "recipients") check_list(value, got->recipients, "bounce recipients");
    else if (key == "status") EXPECT_EQ(value.get<std::string>(), got->status);
    else if (key == "action") EXPECT_EQ(value.get<std::string>(), got->action);
    else if (key == "original_message_id") EXPECT_EQ(value.get<std::string>(), got->original_message_id);
    else ADD_FAILURE() << "unknown bounce key " << key;
  }
}

void check_strings(const json& want, const std::string& got, bool present, const char* what) {
  for (const auto& s : want) {
    std::string needle = s.get<std::string>();
    EXPECT_EQ(present, contains(got, needle)) << what << (present ? " lacks: " : " has: ") << needle << "\nin:\n" << got;
  }
}

class Corpus : public ::testing::TestWithParam<std::string> {};

TEST_P(Corpus, MatchesExpected) {
  fs::path dir(MAIL_CORPUS_DIR);
  std::string raw = read_file(dir / (GetParam() + ".eml"));
  fs::path expected_path = dir / (GetParam() + ".expected.json");
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path.filename();
  json want = json::parse(read_file(expected_path));

  // The fuzz entry replays every seed too: it must not throw.
  EXPECT_EQ(0, mail_fuzz_one(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));

  ParseLimits limits;
  if (want.contains("loop_header_value")) limits.loop_header_value = want["loop_header_value"].get<std::string>();
  if (want.contains("error")) {
    try {
      parse_message(raw, limits);
      ADD_FAILURE() << "expected MailParseError containing " << want["error"];
    } catch (const MailParseError& e) {
      EXPECT_TRUE(contains(e.what(), want["error"].get<std::string>())) << "reason: " << e.what();
    }
    return;
  }
  ParsedMail m = parse_message(raw, limits);
  for (const auto& [key, value] : want.items()) {
    SCOPED_TRACE(key);
    if (key == "loop_header_value") {
      continue;
    } else if (key == "from") EXPECT_EQ(value.get<std::string>(), m.from.email);
    else if (key == "from_name") EXPECT_EQ(value.get<std::string>(), m.from.name);
    else if (key == "to") check_addresses(value, m.to, "to");
    else if (key == "cc") check_addresses(value, m.cc, "cc");
    else if (key == "reply_to") EXPECT_EQ(value.get<std::string>(), m.reply_to ? m.reply_to->email : "(none)");
    else if (key == "subject") EXPECT_EQ(value.get<std::string>(), m.subject);
    else if (key == "message_id") EXPECT_EQ(value.get<std::string>(), m.message_id);
    else if (key == "in_reply_to") check_list(value, m.in_reply_to, "in_reply_to");
    else if (key == "references") check_list(value, m.references, "references");
    else if (key == "date") EXPECT_EQ(value.get<std::int64_t>(), m.date);
    else if (key == "kind") EXPECT_EQ(value.get<std::string>(), to_string(m.kind)) << m.kind_reason;
    else if (key == "kind_reason") EXPECT_EQ(value.get<std::string>(), m.kind_reason);
    else if (key == "text") EXPECT_EQ(value.get<std::string>(), m.text_body);
    else if (key == "text_contains") check_strings(value, m.text_body, true, "text_body");
    else if (key == "text_not_contains") check_strings(value, m.text_body, false, "text_body");
    else if (key == "reply_text") EXPECT_EQ(value.get<std::string>(), m.reply_text);
    else if (key == "html_empty") EXPECT_EQ(value.get<bool>(), m.html_body.empty()) << m.html_body;
    else if (key == "html_contains") check_strings(value, m.html_body, true, "html_body");
    else if (key == "html_not_contains") check_strings(value, m.html_body, false, "html_body");
    else if (key == "attachments") check_attachments(value, m.attachments);
    else if (key == "warnings") check_list(value, m.warnings, "warnings");
    else if (key == "warnings_contain") {
      for (const auto& w : value) {
        EXPECT_TRUE(std::any_of(m.warnings.begin(), m.warnings.end(), [&](const std::string& g) { return contains(g, w); }))
            << "no warning contains " << w;
      }
    } else if (key == "bounce") check_bounce(value, m.bounce);
    else ADD_FAILURE() << "unknown expected.json key " << key;
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Eml, Corpus, ::testing::ValuesIn(corpus_names()), test_name);

TEST(CorpusShape, HasEnoughSeedsAndEveryJsonHasItsEml) {
  EXPECT_GE(corpus_names().size(), 30u);
  for (const auto& entry : fs::directory_iterator(MAIL_CORPUS_DIR)) {
    std::string name = entry.path().filename().string();
    const std::string suffix = ".expected.json";
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      EXPECT_TRUE(fs::exists(entry.path().parent_path() / (name.substr(0, name.size() - suffix.size()) + ".eml"))) << name;
    }
  }
}

}  // namespace
}  // namespace helpdesk::mail
