// Signed Message-IDs: ours verify to their ticket and entry; forged, altered or foreign ones do
// not. Shared settings refuse unusable values by name.
#include <gtest/gtest.h>

#include "common_settings.hpp"
#include "message_ids.hpp"

using namespace intake_email;

TEST(MessageIds, OursVerifyAndAnythingElseDoesNot) {
  const MessageIds ids("0123456789abcdef-secret", "help.example.com");
  const auto id = ids.make("000123", 45);
  EXPECT_NE(id.find("@help.example.com"), std::string::npos);
  ASSERT_TRUE(ids.verify(id));
  EXPECT_EQ(ids.verify(id)->ticket_number, "000123");
  EXPECT_EQ(ids.verify(id)->entry_id, 45);
  EXPECT_TRUE(ids.verify("<" + id + ">")) << "angle brackets are accepted";
  EXPECT_NE(ids.make("000123", 45), id) << "each id is unique";

  std::string forged = id;
  forged.replace(0, 6, "000999");  // someone else's ticket, same signature
  EXPECT_FALSE(ids.verify(forged));
  const MessageIds other("another-secret-0123456789", "help.example.com");
  EXPECT_FALSE(other.verify(id)) << "a different secret does not verify";
  EXPECT_FALSE(ids.verify("CAFEBABE@mail.gmail.com"));
  EXPECT_FALSE(ids.verify(""));
  EXPECT_FALSE(ids.verify("a.b.c.d@x"));
}

TEST(CommonSettings, DefaultsAndRefusals) {
  const auto c = CommonSettings::from_json(nlohmann::json::object());
  EXPECT_EQ(c.token_for("000123"), "[#000123]");
  EXPECT_THROW(CommonSettings::from_json({{"subject_token", "[ticket]"}}), std::invalid_argument);
  EXPECT_THROW(CommonSettings::from_json({{"instance_id", "two words"}}), std::invalid_argument);
  EXPECT_THROW(CommonSettings::from_json({{"message_id_domain", "a@b"}}), std::invalid_argument);
  EXPECT_THROW(CommonSettings::from_json({{"secret", "short"}}), std::invalid_argument);
}
