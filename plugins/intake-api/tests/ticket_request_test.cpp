// osTicket's JSON request -> NewTicket, without HTTP.
#include <gtest/gtest.h>

#include "test_util.hpp"
#include "ticket_request.hpp"

namespace intake_api {
namespace {

using nlohmann::json;
using test::expect_error;

json minimal() { return {{"email", "ann@example.com"}, {"subject", "Printer"}, {"message", "It is on fire."}}; }

TicketRequest parse(const json& body, Settings settings = {}) { return parse_ticket_request(body, settings); }

TEST(TicketRequest, MinimalRequestGetsOsTicketDefaults) {
  auto r = parse(minimal());
  const auto& t = r.ticket;
  EXPECT_EQ(t.requester.email, "ann@example.com");
  EXPECT_EQ(t.requester.name, "ann");  // osTicket names a new user after the email's local part
  EXPECT_EQ(t.subject, "Printer");
  EXPECT_EQ(t.body, "It is on fire.");
  EXPECT_EQ(t.body_format, "text");
  EXPECT_EQ(t.source, "API");
  EXPECT_TRUE(t.alert);
  EXPECT_TRUE(t.autorespond);
  EXPECT_FALSE(t.topic_id);
  EXPECT_FALSE(t.priority_id);
  EXPECT_EQ(t.priority, "");
  EXPECT_TRUE(t.attachments.empty());
  EXPECT_TRUE(t.fields.empty());
  EXPECT_TRUE(r.custom_keys.empty());
}

TEST(TicketRequest, MessageForms) {
  auto body = minimal();
  body["message"] = "data:text/html;charset=utf-8,%3Cp%3EHello%20%3Cb%3Eworld%3C%2Fb%3E%3C%2Fp%3E";
  EXPECT_EQ(parse(body).ticket.body, "<p>Hello <b>world</b></p>");
  EXPECT_EQ(parse(body).ticket.body_format, "html");

  body["message"] = "data:text/plain;base64," + test::base64("Line 1\nLine 2 \xC3\xA9");
  EXPECT_EQ(parse(body).ticket.body, "Line 1\nLine 2 \xC3\xA9");
  EXPECT_EQ(parse(body).ticket.body_format, "text");

  body["message"] = "data:text/plain;charset=iso-8859-1,caf%E9";
  EXPECT_EQ(parse(body).ticket.body, "caf\xC3\xA9");

  body["message"] = "data:text/plain,100% sure";  // a stray '%' is text, not an error
  EXPECT_EQ(parse(body).ticket.body, "100% sure");

  body["message"] = "data:application/json,{\"a\":1}";  // osTicket: anything but text/html is text
  EXPECT_EQ(parse(body).ticket.body_format, "text");

  body["message"] = "Data: the backup failed, twice";  // text that merely starts like a data URL
  EXPECT_EQ(parse(body).ticket.body, "Data: the backup failed, twice");
  EXPECT_EQ(parse(body).ticket.body_format, "text");

  body["message"] = "<p>not a data URL</p>";  // a plain string is text, whatever it looks like
  EXPECT_EQ(parse(body).ticket.body_format, "text");
}

TEST(TicketRequest, NameSubjectAndPhoneAreSingleLines) {
  auto body = minimal();
  body["name"] = "  Ann\r\nBcc: x@evil.example ";
  body["subject"] = "Help\nme";
  body["phone"] = 5551234;
  body["phone_ext"] = "12";
  auto t = parse(body).ticket;
  EXPECT_EQ(t.requester.name, "Ann  Bcc: x@evil.example");
  EXPECT_EQ(t.subject, "Help me");
  EXPECT_EQ(t.requester.phone, "5551234 x12");
}

TEST(TicketRequest, TopicAndPriorityIds) {
  auto body = minimal();
  body["topicId"] = 10;
  body["priority"] = "High";
  auto t = parse(body).ticket;
  EXPECT_EQ(t.topic_id, 10);
  EXPECT_EQ(t.priority, "High");
  EXPECT_FALSE(t.priority_id);

  body["topicId"] = " 7 ";
  body["priority"] = 4;
  t = parse(body).ticket;
  EXPECT_EQ(t.topic_id, 7);
  EXPECT_EQ(t.priority_id, 4);
  EXPECT_EQ(t.priority, "");

  body["priority"] = "3";
  EXPECT_EQ(parse(body).ticket.priority_id, 3);

  body["priority"] = "low";
  body["priorityId"] = "2";  // osTicket's own key wins
  t = parse(body).ticket;
  EXPECT_EQ(t.priority_id, 2);
  EXPECT_EQ(t.priority, "");

  body["topicId"] = "";  // what HTML forms send for "none"
  body["priorityId"] = 0;
  t = parse(body).ticket;
  EXPECT_FALSE(t.topic_id);
  EXPECT_FALSE(t.priority_id);
  EXPECT_EQ(t.priority, "low");
}

TEST(TicketRequest, AlertAndAutorespond) {
  const std::vector<std::pair<json, bool>> cases = {
      {true, true}, {false, false}, {"true", true}, {"false", false}, {"TRUE", true},
      {1, true},    {0, false},     {"1", true},    {"0", false},     {nullptr, true}};
  for (const auto& [value, expected] : cases) {
    auto body = minimal();
    body["alert"] = value;
    body["autorespond"] = value;
    auto t = parse(body).ticket;
    EXPECT_EQ(t.alert, expected) << value;
    EXPECT_EQ(t.autorespond, expected) << value;
  }
  for (json bad : {json("yes"), json(2), json::array(), json(0.5)}) {
    auto body = minimal();
    body["autorespond"] = bad;
    expect_error([&] { parse(body); }, 400, "invalid_field", "'autorespond'");
  }
}

TEST(TicketRequest, SourceIsOneOfOsTicketsChannels) {
  auto body = minimal();
  body["source"] = "email";
  EXPECT_EQ(parse(body).ticket.source, "Email");
  body["source"] = "PHONE";
  EXPECT_EQ(parse(body).ticket.source, "Phone");
  body["source"] = "";
  EXPECT_EQ(parse(body).ticket.source, "API");
  body["source"] = "Carrier pigeon";
  expect_error([&] { parse(body); }, 400, "invalid_field", "'source'");
}

TEST(TicketRequest, IpMustBeAnAddress) {
  auto body = minimal();
  body["ip"] = "2001:db8::1";
  EXPECT_EQ(parse(body).ticket.ip, "2001:db8::1");
  body["ip"] = "10.0.0.300";
  expect_error([&] { parse(body); }, 400, "invalid_field", "'ip'");
}

TEST(TicketRequest, OtherKeysAreCustomFields) {
  auto body = minimal();
  body["serial"] = "SN-42";
  body["devices"] = json::array({"a", "b"});
  body["urgent"] = true;
  body["nothing"] = nullptr;
  body["system_emails"] = json::array({1});
  auto r = parse(body);
  EXPECT_EQ(r.ticket.fields, json({{"serial", "SN-42"}, {"devices", {"a", "b"}}, {"urgent", true}}));
  EXPECT_EQ(r.custom_keys, (std::vector<std::string>{"devices", "serial", "urgent"}));
  EXPECT_EQ(r.ignored_keys, std::vector<std::string>{"system_emails"});
}

TEST(TicketRequest, AttachmentsInBothForms) {
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\xff", 11);
  auto body = minimal();
  body["attachments"] = json::array({
      {{"shot.png", "data:image/png;base64," + test::base64(png)}},
      {{"name", "log.bin"}, {"data", test::base64(test::all_bytes())}, {"encoding", "base64"}},
      {{"name", "notes.txt"}, {"data", "plain words"}},
      {{"name", "page"}, {"data", "data:text/html,%3Ch1%3E"}, {"type", "text/x-custom"}},
      {{"../../etc/passwd", "data:,root"}},
      {{"report.csv", "data:;base64," + test::base64("a,b")}},
  });
  auto a = parse(body).ticket.attachments;
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a[0].filename, "shot.png");
  EXPECT_EQ(a[0].content_type, "image/png");
  EXPECT_EQ(a[0].data, png);
  EXPECT_EQ(a[1].filename, "log.bin");
  EXPECT_EQ(a[1].content_type, "application/octet-stream");
  EXPECT_EQ(a[1].data, test::all_bytes());
  EXPECT_EQ(a[2].content_type, "text/plain");
  EXPECT_EQ(a[2].data, "plain words");
  EXPECT_EQ(a[3].content_type, "text/x-custom");  // an explicit type wins
  EXPECT_EQ(a[3].data, "<h1>");
  EXPECT_EQ(a[4].filename, "passwd");  // no directories
  EXPECT_EQ(a[4].content_type, "application/octet-stream");
  EXPECT_EQ(a[5].content_type, "text/csv");  // no media type in the URL: by extension
}

TEST(TicketRequest, MissingFieldsAreNamed) {
  for (const char* key : {"email", "subject", "message"}) {
    auto body = minimal();
    body.erase(key);
    expect_error([&] { parse(body); }, 400, "missing_field", std::string("'") + key + "'");
    body[key] = nullptr;
    expect_error([&] { parse(body); }, 400, "missing_field", std::string("'") + key + "'");
    body[key] = "  ";
    expect_error([&] { parse(body); }, 400, "missing_field", std::string("'") + key + "'");
  }
  auto body = minimal();
  body["message"] = "data:text/plain,";
  expect_error([&] { parse(body); }, 400, "missing_field", "'message'");
}

TEST(TicketRequest, WrongTypesAreNamed) {
  const std::vector<std::pair<std::string, json>> cases = {
      {"email", 42},           {"subject", json::array()}, {"message", json::object()}, {"name", 1.5},
      {"topicId", "general"},  {"topicId", -3},            {"topicId", 2.5},            {"priority", true},
      {"priorityId", "high"},  {"attachments", json::object()}, {"source", 1},          {"ip", 127},
  };
  for (const auto& [key, value] : cases) {
    auto body = minimal();
    body[key] = value;
    expect_error([&] { parse(body); }, 400, "invalid_field", "'" + key + "'");
  }
}

TEST(TicketRequest, EmailShape) {
  for (const char* good : {"a@b.c", "first.last+tag@sub.example.org", "x@localhost", "o'neil@example.ie",
                           "jos\xC3\xA9@b\xC3\xBC"
                           "cher.de",
                           "u@[192.0.2.1]"})
    EXPECT_TRUE(is_valid_email(good)) << good;
  for (const char* bad : {"plain", "@example.com", "ann@", "ann@@example.com", "a b@example.com", "ann@exa mple.com",
                          "ann@.example.com", "ann@example..com", "ann@-example.com", ".ann@example.com",
                          "a..b@example.com", "<ann@example.com>", "ann@example.com,bob@example.com"})
    EXPECT_FALSE(is_valid_email(bad)) << bad;
  EXPECT_FALSE(is_valid_email(std::string("a\0b@example.com", 15)));
  EXPECT_FALSE(is_valid_email(std::string("ab@exam\0ple.com", 16)));
  auto body = minimal();
  body["email"] = "not-an-email";
  expect_error([&] { parse(body); }, 400, "invalid_field", "'email'");
}

TEST(TicketRequest, BrokenBase64NamesTheAttachment) {
  auto body = minimal();
  body["attachments"] = json::array({{{"ok.txt", "data:,fine"}}, {{"file.png", "data:image/png;base64,iVBO!RK"}}});
  expect_error([&] { parse(body); }, 400, "invalid_base64", "attachments[1] (\"file.png\")");
  body["attachments"] = json::array({{{"name", "x.bin"}, {"data", "@@@"}, {"encoding", "base64"}}});
  expect_error([&] { parse(body); }, 400, "invalid_base64", "\"x.bin\"");
  body.erase("attachments");
  body["message"] = "data:text/plain;base64,SGVsbG8=!";
  expect_error([&] { parse(body); }, 400, "invalid_base64", "'message'");
}

TEST(TicketRequest, BadAttachmentShapes) {
  for (json bad : {json("data:,x"), json::object(), json({{"name", "x"}, {"type", "text/plain"}}),
                   json({{"x.txt", 5}}), json({{"name", "x"}, {"data", "x"}, {"encoding", "uuencode"}}),
                   json({{"name", "x"}, {"data", "x"}, {"type", "text/plain\r\nSet-Cookie: a=b"}})}) {
    auto body = minimal();
    body["attachments"] = json::array({bad});
    expect_error([&] { parse(body); }, 400, "invalid_field", "attachments[0]");
  }
}

TEST(TicketRequest, Limits) {
  Settings settings;
  settings.max_attachments = 2;
  settings.max_message_bytes = 10;
  auto body = minimal();
  body["message"] = "0123456789";
  EXPECT_NO_THROW(parse(body, settings));
  body["message"] = "0123456789!";
  expect_error([&] { parse(body, settings); }, 400, "message_too_large", "max_message_bytes");
  body["message"] = "short";
  body["attachments"] = json::array({{{"a", "data:,1"}}, {{"b", "data:,2"}}, {{"c", "data:,3"}}});
  expect_error([&] { parse(body, settings); }, 400, "too_many_attachments", "limit is 2");
}

TEST(TicketRequest, UnsupportedCharset) {
  auto body = minimal();
  body["message"] = "data:text/plain;charset=koi8-r,x";
  expect_error([&] { parse(body); }, 400, "unsupported_charset", "koi8-r");
}

TEST(TicketRequest, BodyMustBeAnObject) {
  expect_error([] { parse(json::array()); }, 400, "invalid_request", "JSON object");
  expect_error([] { parse(json("text")); }, 400, "invalid_request", "JSON object");
}

TEST(Settings, ReadsAndChecksTypes) {
  auto s = Settings::from_json({{"max_attachments", 3}, {"max_message_bytes", 100}, {"log_unknown_fields", false}});
  EXPECT_EQ(s.max_attachments, 3u);
  EXPECT_EQ(s.max_message_bytes, 100u);
  EXPECT_FALSE(s.log_unknown_fields);
  EXPECT_EQ(Settings::from_json(json::object()).max_attachments, 20u);
  expect_error([] { Settings::from_json({{"max_attachments", "many"}}); }, 400, "invalid_setting", "max_attachments");
  expect_error([] { Settings::from_json({{"max_message_bytes", 0}}); }, 400, "invalid_setting", "max_message_bytes");
  expect_error([] { Settings::from_json({{"log_unknown_fields", "yes"}}); }, 400, "invalid_setting", "log_unknown_fields");
}

TEST(ContentType, GuessedByExtension) {
  EXPECT_EQ(guess_content_type("a.PNG"), "image/png");
  EXPECT_EQ(guess_content_type("archive.tar.gz"), "application/gzip");
  EXPECT_EQ(guess_content_type("README"), "");
  EXPECT_EQ(guess_content_type("x.unknown"), "");
}

}  // namespace
}  // namespace intake_api
