#include "kernel/http/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace helpdesk::kernel {
namespace {

// `file` with symlinks and dots resolved, or empty when that lands outside `root`.
std::optional<std::filesystem::path> resolve_within(const std::filesystem::path& root,
                                                    const std::filesystem::path& file) {
  std::error_code ec;
  auto resolved = std::filesystem::weakly_canonical(file, ec);
  if (ec) return std::nullopt;
  auto [root_end, unused] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
  if (root_end != root.end()) return std::nullopt;
  return resolved;
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

}  // namespace

const char* content_type_for(const std::filesystem::path& file) {
  static const std::pair<const char*, const char*> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".woff2", "font/woff2"},
  };
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& [suffix, type] : types)
    if (ext == suffix) return type;
  return "application/octet-stream";
}

std::optional<http::Response> serve_static(const std::filesystem::path& root, std::string_view relative) {
  std::filesystem::path file = root;
  while (!relative.empty()) {
    auto slash = relative.find('/');
    std::string_view segment = relative.substr(0, slash);
    relative = slash == std::string_view::npos ? std::string_view() : relative.substr(slash + 1);
    if (segment == "..") return std::nullopt;
    // Empty segments would make the path absolute ("a//etc") or be no-ops; skip them.
    if (!segment.empty() && segment != ".") file /= std::string(segment);
  }

  auto resolved = resolve_within(root, file);
  std::error_code ec;
  // index.html is resolved again: it may itself be a symlink.
  if (resolved && std::filesystem::is_directory(*resolved, ec))
    resolved = resolve_within(root, *resolved / "index.html");
  if (!resolved || !std::filesystem::is_regular_file(*resolved, ec)) return std::nullopt;

  auto content = read_file(*resolved);
  if (!content) return std::nullopt;
  return http::Response::text(200, std::move(*content), content_type_for(*resolved));
}

}  // namespace helpdesk::kernel
