// The enrolment QR as SVG: well-formed, self-contained, deterministic, and drawing exactly the
// dark modules libqrencode produced.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "qr_svg.hpp"

namespace mfa_totp {
namespace {

const std::string kUri =
    "otpauth://totp/ACME%20Co:jane%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";

// Paints the path's "MX Yh{n}v1h-{n}z" runs back onto a grid of the full SVG size.
std::vector<bool> paint(const std::string& d, int size) {
  std::vector<bool> grid(static_cast<std::size_t>(size) * size, false);
  const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  std::size_t consumed = 0;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    EXPECT_EQ(static_cast<std::size_t>(m.position()), consumed) << "unexpected path text before " << m.str();
    consumed = m.position() + m.length();
    const int x = std::stoi(m[1]), y = std::stoi(m[2]), n = std::stoi(m[3]);
    EXPECT_EQ(n, std::stoi(m[4]));
    for (int i = 0; i < n; ++i) {
      EXPECT_FALSE(grid[y * size + x + i]) << "module painted twice at " << x + i << "," << y;
      grid[y * size + x + i] = true;
    }
  }
  EXPECT_EQ(consumed, d.size()) << "path has trailing text";
  return grid;
}

TEST(QrSvg, IsOneSelfContainedSvgWithOnePath) {
  const std::string svg = qr_svg(kUri);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")) << svg.substr(0, 80);
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_EQ(svg.find("<path"), svg.rfind("<path"));  // exactly one
  EXPECT_NE(svg.find("<path"), std::string::npos);
  for (const char* forbidden : {"href", "<script", "<image", "url(", "<!DOCTYPE", "<?xml"}) {
    EXPECT_EQ(svg.find(forbidden), std::string::npos) << forbidden;
  }
  // XML-ish: every '<' opens a tag that closes, and the tags nest.
  const std::regex tag(R"(<(/?)([a-z]+)[^<>]*?(/?)>)");
  std::vector<std::string> open;
  std::size_t consumed = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tag); it != std::sregex_iterator(); ++it) {
    ASSERT_EQ(static_cast<std::size_t>(it->position()), consumed) << "text between tags at " << consumed;
    consumed = it->position() + it->length();
    if ((*it)[1] == "/") {
      ASSERT_FALSE(open.empty());
      EXPECT_EQ(open.back(), (*it)[2]);
      open.pop_back();
    } else if ((*it)[3] != "/") {
      open.push_back((*it)[2]);
    }
  }
  EXPECT_TRUE(open.empty());
  EXPECT_EQ(svg.substr(consumed), "\n");
}

TEST(QrSvg, IsDeterministicAndSmall) {
  EXPECT_EQ(qr_svg(kUri), qr_svg(kUri));
  EXPECT_NE(qr_svg(kUri), qr_svg(kUri + "x"));
  EXPECT_LT(qr_svg(kUri).size(), 16u * 1024);
}

TEST(QrSvg, DrawsExactlyTheDarkModulesOfTheSymbol) {
  const int margin = 4, module_px = 5;
  const QrMatrix matrix = qr_matrix(kUri);
  ASSERT_GE(matrix.width, 21);                // version 1 or larger
  EXPECT_EQ((matrix.width - 17) % 4, 0);      // QR widths are 17 + 4 * version
  const std::string svg = qr_svg(kUri, module_px, margin);
  const int size = matrix.width + 2 * margin;
  const std::string s = std::to_string(size), px = std::to_string(size * module_px);
  EXPECT_NE(svg.find("viewBox=\"0 0 " + s + " " + s + "\""), std::string::npos);
  EXPECT_NE(svg.find("width=\"" + px + "\" height=\"" + px + "\""), std::string::npos);

  const auto d_start = svg.find(" d=\"") + 4;
  const std::string d = svg.substr(d_start, svg.find('"', d_start) - d_start);
  const std::vector<bool> grid = paint(d, size);
  int dark_in_matrix = 0, dark_in_svg = 0;
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const bool inside = x >= margin && y >= margin && x < margin + matrix.width && y < margin + matrix.width;
      const bool expected = inside && matrix.dark[(y - margin) * matrix.width + (x - margin)];
      EXPECT_EQ(grid[y * size + x], expected) << "module " << x << "," << y;
      dark_in_matrix += expected;
      dark_in_svg += grid[y * size + x];
    }
  }
  EXPECT_EQ(dark_in_svg, dark_in_matrix);
  // The three finder patterns: a 7x7 dark ring at the top-left corner of the symbol.
  for (int i = 0; i < 7; ++i) {
    EXPECT_TRUE(matrix.dark[i]);
    EXPECT_TRUE(matrix.dark[i * matrix.width]);
  }
}

TEST(QrSvg, RefusesWhatCannotBeEncoded) {
  EXPECT_THROW(qr_svg(std::string("a\0b", 3)), std::invalid_argument);
  EXPECT_THROW(qr_svg(std::string(4000, 'x')), std::length_error);  // over version 40 at level M
  EXPECT_THROW(qr_svg(kUri, 0), std::invalid_argument);
  EXPECT_THROW(qr_svg(kUri, 4, -1), std::invalid_argument);
}

}  // namespace
}  // namespace mfa_totp
