// Ticket numbers, address ranges, plugin manifests and settings.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "kernel/core/plugin_manifest.hpp"
#include "kernel/core/ticket_number.hpp"
#include "kernel/util/address_match.hpp"

using namespace helpdesk::kernel;

TEST(TicketNumber, PadsAndGrows) {
  EXPECT_EQ(format_ticket_number("######", 42), "000042");
  EXPECT_EQ(format_ticket_number("######", 1234567), "1234567");
  EXPECT_EQ(format_ticket_number("HD-####-X", 7), "HD-0007-X");
}

TEST(AddressList, MatchesAddressesAndCidrs) {
  AddressList list({"127.0.0.1", "10.0.0.0/8", "2001:db8::/32"});
  EXPECT_TRUE(list.contains("127.0.0.1"));
  EXPECT_FALSE(list.contains("127.0.0.2"));
  EXPECT_TRUE(list.contains("10.255.0.1"));
  EXPECT_FALSE(list.contains("11.0.0.1"));
  EXPECT_TRUE(list.contains("2001:db8:1::5"));
  EXPECT_FALSE(list.contains("2001:db9::1"));
  EXPECT_FALSE(list.contains("garbage"));
  EXPECT_THROW(AddressList({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(AddressList({"localhost"}), std::invalid_argument);
}

namespace {

std::filesystem::path write_manifest(const std::string& text) {
  static int n = 0;
  auto p = std::filesystem::temp_directory_path() / ("manifest-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".yaml");
  std::ofstream(p) << text;
  return p;
}

const char* good_manifest = R"(name: mailer
version: 1.0.0
status: beta
requires: [intake-api]
settings:
  - {key: host, type: string, required: true, help: SMTP host}
  - {key: port, type: int, default: 25}
  - {key: tls, type: bool, default: true}
)";

}  // namespace

TEST(PluginManifest, ReadsEveryField) {
  const auto m = load_manifest(write_manifest(good_manifest));
  EXPECT_EQ(m.name, "mailer");
  EXPECT_EQ(m.status, "beta");
  EXPECT_EQ(m.requires_plugins, std::vector<std::string>{"intake-api"});
  ASSERT_EQ(m.settings.size(), 3u);
  EXPECT_TRUE(m.settings[0].required);
  EXPECT_EQ(m.settings[1].default_value, 25);
}

TEST(PluginManifest, ErrorsNameFileAndLine) {
  const auto p = write_manifest("name: x\nversion: 1\nsettings:\n  - {key: a, type: float}\n");
  try {
    load_manifest(p);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(p.string() + ":4:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_manifest(write_manifest("name: x\n")), std::runtime_error);  // no version
  EXPECT_THROW(load_manifest(write_manifest("name: x\nversion: 1\nflavour: mint\n")), std::runtime_error);
  EXPECT_THROW(load_manifest("/nonexistent/plugin.yaml"), std::runtime_error);
}

TEST(PluginSettings, DefaultsTypesUnknownAndRequired) {
  const auto m = load_manifest(write_manifest(good_manifest));
  PluginConfig entry;
  entry.name = "mailer";
  entry.line = 10;
  entry.config = {{"host", "smtp.example.com"}, {"port", 587}};
  const auto s = resolve_settings(m, entry, "helpdesk.yaml", 2);
  EXPECT_EQ(s, nlohmann::json({{"host", "smtp.example.com"}, {"port", 587}, {"tls", true}}));

  entry.config = {{"hots", "x"}, {"port", "many"}};
  entry.config_lines = {{"hots", 12}, {"port", 13}};
  try {
    resolve_settings(m, entry, "helpdesk.yaml", 2);
    FAIL();
  } catch (const std::runtime_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("helpdesk.yaml:12: plugins[2].config.hots: unknown setting"), std::string::npos) << msg;
    EXPECT_NE(msg.find("helpdesk.yaml:13: plugins[2].config.port: must be of type int"), std::string::npos) << msg;
    EXPECT_NE(msg.find("plugins[2].config.host: required setting is missing"), std::string::npos) << msg;
  }
}
