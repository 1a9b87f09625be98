#pragma once
// Files from a plugin's static folder (web assets), resolved so that no request path can reach
// outside the folder.
#include <filesystem>
#include <helpdesk/http.hpp>
#include <optional>
#include <string_view>

namespace helpdesk::kernel {

// The file at `relative` (a URL path below the prefix, '/'-separated) under `root`, which must be
// canonical; a directory serves its index.html. Empty when there is no such file, when a segment
// is "..", or when the file resolves outside `root` (a symlink included).
std::optional<http::Response> serve_static(const std::filesystem::path& root, std::string_view relative);

// The Content-Type for a file name, by extension; application/octet-stream when unknown.
const char* content_type_for(const std::filesystem::path& file);

}  // namespace helpdesk::kernel
