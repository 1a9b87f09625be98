// Size and count limits, and the big message generated here instead of committed to the corpus.
#include <gtest/gtest.h>

#include "filename.hpp"
#include "parsed_mail.hpp"
#include "test_support.hpp"

namespace helpdesk::mail {
namespace {

using test::base64;
using test::expect_parse_error;
using test::simple_message;

std::string with_attachments(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string body = "--B\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n";
  for (const auto& [name, data] : files)
    body += "--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"" + name +
            "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(data);
  body += "--B--\r\n";
  return simple_message("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n", body);
}

TEST(Limits, MessageOverTheLimitIsRefusedBeforeParsing) {
  ParseLimits limits;
  limits.max_message_bytes = 100;
  expect_parse_error(simple_message("", std::string(200, 'x')), "over the 100-byte limit", limits);
}

TEST(Limits, LargeMessageWithinLimitsParses) {
  // 12 MiB attachment (over the default 10 MiB attachment limit) and a 3 MiB one that fits.
  std::string big(12 * 1024 * 1024, 'a');
  std::string fits(3 * 1024 * 1024, 'b');
  std::string raw = with_attachments({{"big.bin", big}, {"fits.bin", fits}});
  ASSERT_LT(raw.size(), ParseLimits{}.max_message_bytes);
  ParsedMail m = parse_message(raw);
  EXPECT_EQ("See attached.", m.text_body);
  ASSERT_EQ(1u, m.attachments.size());
  EXPECT_EQ("fits.bin", m.attachments[0].filename);
  EXPECT_EQ(fits.size(), m.attachments[0].data.size());
  EXPECT_EQ(fits, m.attachments[0].data);
  ASSERT_EQ(1u, m.dropped.size());
  EXPECT_EQ("big.bin: 12582912 bytes, over the 10485760-byte attachment limit", m.dropped[0]);
}

TEST(Limits, DefaultMessageLimitRefusesHugeInput) {
  std::string raw = simple_message("", std::string(ParseLimits{}.max_message_bytes + 1, 'x'));
  expect_parse_error(raw, "over the 26214400-byte limit");
}

TEST(Limits, AttachmentCountLimit) {
  ParseLimits limits;
  limits.max_attachments = 2;
  ParsedMail m = parse_message(with_attachments({{"1.bin", "a"}, {"2.bin", "b"}, {"3.bin", "c"}, {"4.bin", "d"}}), limits);
  ASSERT_EQ(2u, m.attachments.size());
  EXPECT_EQ("1.bin", m.attachments[0].filename);
  EXPECT_EQ("2.bin", m.attachments[1].filename);
  ASSERT_EQ(2u, m.dropped.size());
  EXPECT_EQ("3.bin: over the limit of 2 attachments per message", m.dropped[0]);
}

TEST(Limits, AttachmentSizeLimitIsExact) {
  ParseLimits limits;
  limits.max_attachment_bytes = 4;
  ParsedMail m = parse_message(with_attachments({{"four.bin", "1234"}, {"five.bin", "12345"}}), limits);
  ASSERT_EQ(1u, m.attachments.size());
  EXPECT_EQ("four.bin", m.attachments[0].filename);
  EXPECT_EQ(1u, m.dropped.size());
}

TEST(Limits, DeepNestingIsRefused) {
  std::string body;
  const int levels = 40;
  for (int i = 0; i < levels; ++i)
    body += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i + 1) + "\r\n\r\n";
  body += "--b" + std::to_string(levels) + "\r\nContent-Type: text/plain\r\n\r\ndeep\r\n";
  for (int i = levels; i >= 0; --i) body += "--b" + std::to_string(i) + "--\r\n";
  std::string raw = simple_message("Content-Type: multipart/mixed; boundary=b0\r\n", body);
  expect_parse_error(raw, "nested");
}

TEST(Filenames, SanitizedAndFallback) {
  EXPECT_EQ("report.pdf", sanitize_filename("C:\\Users\\ann\\report.pdf"));
  EXPECT_EQ("passwd", sanitize_filename("../../etc/passwd"));
  EXPECT_EQ("a_b_c.txt", sanitize_filename("a:b?c.txt"));
  EXPECT_EQ("hidden", sanitize_filename("..hidden"));
  EXPECT_EQ("", sanitize_filename(".."));
  EXPECT_EQ("tab.txt", sanitize_filename("t\tab.txt\r\n"));
  std::string long_name(300, 'x');
  EXPECT_EQ(200u, sanitize_filename(long_name).size());
  // Cut at 200 bytes without splitting a character: 99 x "é" (2 bytes) + "é" would straddle.
  std::string accents = "x";
  for (int i = 0; i < 150; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(199u, sanitize_filename(accents).size());
  EXPECT_EQ("attachment-3.pdf", fallback_filename(3, "application/pdf"));
  EXPECT_EQ("attachment-1.bin", fallback_filename(1, "application/x-whatever"));
}

}  // namespace
}  // namespace helpdesk::mail
