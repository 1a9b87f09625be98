// The enrolment QR as SVG: well-formed, self-contained, deterministic, and drawing exactly the
// dark modules libqrencode produced.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "qr_svg.hpp"

namespace mfa_totp {
namespace {

const std::string kUri =
    "otpauth://totp/ACME%20Co:jane%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";

// Reads a non-negative integer at `pos` of `d`, advancing `pos`; -1 when there is none.
int read_int(const std::string& d, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < d.size() && d[pos] >= '0' && d[pos] <= '9') ++pos;
  return pos == start ? -1 : std::stoi(d.substr(start, pos - start));
}

bool expect_text(const std::string& d, std::size_t& pos, std::string_view text) {
  if (d.compare(pos, text.size(), text) != 0) return false;
  pos += text.size();
  return true;
}

// Paints the path's "MX Yh{n}v1h-{n}z" runs back onto a grid of the full SVG size. (Parsed by
// hand: std::regex recurses per character and overflows the stack on a long path.)
std::vector<bool> paint(const std::string& d, int size) {
  std::vector<bool> grid(static_cast<std::size_t>(size) * size, false);
  std::size_t pos = 0;
  while (pos < d.size()) {
    int x = -1, y = -1, n = -1, back = -1;
    const bool ok = expect_text(d, pos, "M") && (x = read_int(d, pos)) >= 0 && expect_text(d, pos, " ") &&
                    (y = read_int(d, pos)) >= 0 && expect_text(d, pos, "h") && (n = read_int(d, pos)) > 0 &&
                    expect_text(d, pos, "v1h-") && (back = read_int(d, pos)) == n && expect_text(d, pos, "z");
    if (!ok || x + n > size || y >= size) {
      ADD_FAILURE() << "unexpected path text at offset " << pos << ": " << d.substr(pos, 20);
      break;
    }
    for (int i = 0; i < n; ++i) {
      EXPECT_FALSE(grid[y * size + x + i]) << "module painted twice at " << x + i << "," << y;
      grid[y * size + x + i] = true;
    }
  }
  return grid;
}

// The tags of `svg` in order ("svg", "rect/", "path/", "/svg"), failing on text between them.
std::vector<std::string> tags_of(const std::string& svg) {
  std::vector<std::string> tags;
  std::size_t pos = 0;
  while (pos < svg.size() && svg[pos] == '<') {
    const std::size_t end = svg.find('>', pos);
    if (end == std::string::npos || svg.find('<', pos + 1) < end) {
      ADD_FAILURE() << "unclosed tag at " << pos;
      return tags;
    }
    const std::string inner = svg.substr(pos + 1, end - pos - 1);
    const bool closing = inner.starts_with("/"), self_closing = inner.ends_with("/");
    const std::size_t name_start = closing ? 1 : 0;
    const std::string name = inner.substr(name_start, inner.find_first_of(" /", name_start) - name_start);
    tags.push_back((closing ? "/" : "") + name + (self_closing ? "/" : ""));
    pos = end + 1;
  }
  EXPECT_EQ(svg.substr(pos), "\n") << "text outside tags at " << pos;
  return tags;
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
  // XML-ish: only tags, and they nest.
  EXPECT_EQ(tags_of(svg), (std::vector<std::string>{"svg", "rect/", "path/", "/svg"}));
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
