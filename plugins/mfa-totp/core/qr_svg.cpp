#include "qr_svg.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>
#include <stdexcept>

namespace mfa_totp {

QrMatrix qr_matrix(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) throw std::invalid_argument("QR text contains a NUL byte");
  const std::string terminated(text);
  errno = 0;
  // Version 0 = the smallest that fits; case-sensitive 8-bit mode keeps the URI exactly as given.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) {
    if (errno == ERANGE) {
      throw std::length_error("QR text is " + std::to_string(text.size()) + " bytes, too long for a QR code");
    }
    throw std::runtime_error("libqrencode could not encode the text (errno " + std::to_string(errno) + ")");
  }
  QrMatrix matrix;
  matrix.width = code->width;
  matrix.dark.resize(static_cast<std::size_t>(code->width) * code->width);
  for (std::size_t i = 0; i < matrix.dark.size(); ++i) matrix.dark[i] = (code->data[i] & 1) != 0;  // bit 0 = dark
  return matrix;
}

std::string qr_svg(std::string_view text, int module_px, int margin) {
  if (module_px < 1 || module_px > 64) throw std::invalid_argument("QR module_px must be 1..64");
  if (margin < 0 || margin > 16) throw std::invalid_argument("QR margin must be 0..16");
  const QrMatrix m = qr_matrix(text);
  const int size = m.width + 2 * margin;  // in modules; the viewBox is in modules too
  const std::string px = std::to_string(size * module_px);

  std::string path;
  for (int y = 0; y < m.width; ++y) {
    for (int x = 0; x < m.width;) {
      if (!m.dark[static_cast<std::size_t>(y) * m.width + x]) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < m.width && m.dark[static_cast<std::size_t>(y) * m.width + x + run]) ++run;
      // A run of `run` dark modules: move there, draw right, down one, back left, close.
      path += "M" + std::to_string(x + margin) + " " + std::to_string(y + margin) + "h" + std::to_string(run) +
              "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  const std::string s = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px + "\" height=\"" + px + "\" viewBox=\"0 0 " + s +
         " " + s + "\" shape-rendering=\"crispEdges\">" + "<rect width=\"" + s + "\" height=\"" + s +
         "\" fill=\"#fff\"/>" + "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
}

}  // namespace mfa_totp
