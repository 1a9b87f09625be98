#pragma once
// Helpers shared by the intake-api tests.
#include <string>

#include <gtest/gtest.h>
#include <helpdesk/error.hpp>

namespace intake_api::test {

// Runs `fn` and checks it throws helpdesk::Error with `status`, `code` and a message containing `text`.
template <class Fn>
void expect_error(Fn&& fn, int status, const std::string& code, const std::string& text) {
  try {
    fn();
    ADD_FAILURE() << "expected Error " << status << " " << code << ", nothing was thrown";
  } catch (const helpdesk::Error& e) {
    EXPECT_EQ(e.status(), status) << e.what();
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << "message: " << e.what() << "\nwanted: " << text;
  }
}

// Plain RFC 4648 base64 with padding, to build test inputs.
inline std::string base64(const std::string& in) {
  static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += {a[v >> 18], a[(v >> 12) & 63], a[(v >> 6) & 63], a[v & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += {a[v >> 18], a[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += {a[v >> 18], a[(v >> 12) & 63], a[(v >> 6) & 63], '='};
  }
  return out;
}

// Every byte value, twice: binary content that must survive byte for byte.
inline std::string all_bytes() {
  std::string s;
  for (int round = 0; round < 2; ++round)
    for (int b = 0; b < 256; ++b) s += static_cast<char>(b);
  return s;
}

}  // namespace intake_api::test
