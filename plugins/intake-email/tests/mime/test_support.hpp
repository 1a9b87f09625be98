#pragma once
// Helpers shared by the MIME tests.
#include <string>

#include <gtest/gtest.h>

#include "parsed_mail.hpp"

namespace helpdesk::mail::test {

// A message with the given extra header lines (each ending "\r\n") and body, plus a From.
inline std::string simple_message(const std::string& extra_headers, const std::string& body = "Hello.\r\n") {
  return "From: Ann <ann@example.com>\r\nTo: support@example.org\r\nSubject: Test\r\n" + extra_headers +
         "\r\n" + body;
}

// Runs parse_message and checks it throws MailParseError whose reason contains `text`.
inline void expect_parse_error(const std::string& raw, const std::string& text, const ParseLimits& limits = {}) {
  try {
    parse_message(raw, limits);
    ADD_FAILURE() << "expected MailParseError containing \"" << text << "\", the message parsed";
  } catch (const MailParseError& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << "reason: " << e.what() << "\nwanted: " << text;
  }
}

// Plain RFC 4648 base64 with padding, wrapped at 76 columns, to build test messages.
inline std::string base64(const std::string& in) {
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t col = 0;
  auto put = [&](char c) {
    out += c;
    if (++col == 76) out += "\r\n", col = 0;
  };
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    put(a[v >> 18]), put(a[(v >> 12) & 63]), put(a[(v >> 6) & 63]), put(a[v & 63]);
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    put(a[v >> 18]), put(a[(v >> 12) & 63]), put('='), put('=');
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    put(a[v >> 18]), put(a[(v >> 12) & 63]), put(a[(v >> 6) & 63]), put('=');
  }
  return out + "\r\n";
}

}  // namespace helpdesk::mail::test
