// Templates: the shipped files parse and use only known placeholders; rendering replaces what it
// knows and leaves the rest visible; settings override a part of a template.
#include "outbound_templates.hpp"

#include <gtest/gtest.h>

using namespace intake_email;

namespace {

std::map<std::string, std::string> all_values() {
  std::map<std::string, std::string> v;
  for (auto p : kPlaceholders) v[std::string(p)] = "<" + std::string(p) + ">";
  return v;
}

TEST(OutboundTemplates, ShippedTemplatesParseAndUseOnlyKnownPlaceholders) {
  const auto templates = load_templates(template_dir(), OutboundSettings{});
  ASSERT_EQ(templates.size(), std::size(kTemplates));
  for (const auto& [name, t] : templates) {
    EXPECT_FALSE(t.subject.empty()) << name;
    EXPECT_FALSE(t.body.empty()) << name;
    std::vector<std::string> unknown;
    render(t.subject + "\n" + t.body, all_values(), unknown);
    EXPECT_TRUE(unknown.empty()) << name << " uses {" << (unknown.empty() ? "" : unknown[0]) << "}";
  }
  EXPECT_NE(templates.at("agent_reply").body.find("{message}"), std::string::npos);
  // auth-local's links: without them the mail is useless.
  for (const char* account : {"password_reset", "registration_confirm"})
    for (const char* placeholder : {"{url}", "{expires_at}"})
      EXPECT_NE(templates.at(account).body.find(placeholder), std::string::npos) << account << " lacks " << placeholder;
}

TEST(OutboundTemplates, RenderKeepsUnknownPlaceholdersVisibleAndReportsThemOnce) {
  std::vector<std::string> unknown;
  const auto out = render("Hi {recipient.name}, {tikcet.number} {tikcet.number} {url}.", all_values(), unknown);
  EXPECT_EQ(out, "Hi <recipient.name>, {tikcet.number} {tikcet.number} <url>.");
  EXPECT_EQ(unknown, std::vector<std::string>{"tikcet.number"});
}

TEST(OutboundTemplates, BracesThatAreNotPlaceholdersAreText) {
  std::vector<std::string> unknown;
  EXPECT_EQ(render("a {} b { c } {x y} {", all_values(), unknown), "a {} b { c } {x y} {");
  EXPECT_TRUE(unknown.empty());
  // A value is not rendered again: a user who writes "{url}" in a message gets it back as written.
  EXPECT_EQ(render("{message}", {{"message", "see {url}"}, {"url", "X"}}, unknown), "see {url}");
}

TEST(OutboundTemplates, FileFormatIsSubjectBlankLineBody) {
  const auto t = parse_template("Subject:  Hello {ticket.number}\r\n\r\nLine 1\nLine 2\n");
  EXPECT_EQ(t.subject, "Hello {ticket.number}");
  EXPECT_EQ(t.body, "Line 1\nLine 2\n");
  EXPECT_THROW(parse_template("Hello\n\nbody"), std::invalid_argument);
  EXPECT_THROW(parse_template("Subject: x\nbody right away"), std::invalid_argument);
  EXPECT_THROW(parse_template("Subject: x"), std::invalid_argument);
}

TEST(OutboundTemplates, SettingsOverrideOnePartAndAMissingFolderIsNamed) {
  auto settings =
      OutboundSettings::from_json({{"templates", {{"auto_response", {{"body", "Got it, {recipient.name}."}}}}}});
  const auto templates = load_templates(template_dir(), settings);
  EXPECT_EQ(templates.at("auto_response").body, "Got it, {recipient.name}.");
  EXPECT_EQ(templates.at("auto_response").subject, load_templates(template_dir(), {}).at("auto_response").subject);
  try {
    load_templates("/nonexistent-template-dir", settings);
    ADD_FAILURE() << "a missing folder must throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("auto_response.txt"), std::string::npos) << e.what();
  }
}

}  // namespace
