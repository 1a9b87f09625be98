#pragma once
// The enrolment QR code (the otpauth:// URI) as a small, self-contained SVG.
#include <string>
#include <string_view>
#include <vector>

namespace mfa_totp {

// The symbol libqrencode makes for `text` (8-bit mode, error correction level M, smallest
// version that fits): width x width modules, dark[y * width + x].
struct QrMatrix {
  int width = 0;
  std::vector<bool> dark;
};

// Throws std::invalid_argument for text with a NUL byte, std::length_error when the text is too
// long for any QR version, std::runtime_error when libqrencode fails otherwise (out of memory).
QrMatrix qr_matrix(std::string_view text);

// An <svg> of (width + 2 * margin) * module_px pixels: a white background and one <path> that
// draws every dark module (each row's runs merged, so an otpauth URI stays a few KB). No
// scripts, no external references: safe to inline in a page or serve as image/svg+xml.
// The quiet zone `margin` defaults to the 4 modules the QR standard asks for.
// Throws what qr_matrix throws, and std::invalid_argument for module_px outside 1..64 or
// margin outside 0..16.
std::string qr_svg(std::string_view text, int module_px = 4, int margin = 4);

}  // namespace mfa_totp
