#pragma once
// Writing JSON text by hand on hot paths, where building an nlohmann::json tree (a map node per
// key) only to dump it costs more than the work it records. The output parses as nlohmann's would.
#include <cstdint>
#include <string>
#include <string_view>

namespace helpdesk::kernel {

// Appends `text` as a JSON string literal; invalid UTF-8 becomes U+FFFD, as nlohmann's
// error_handler_t::replace does.
void append_json_string(std::string& out, std::string_view text);
void append_json_key(std::string& out, std::string_view key);  // "key":
void append_json_number(std::string& out, std::int64_t value);
void append_json_number(std::string& out, double value);
// "key":value, after a comma unless it is the first member (`out` ends with '{').
void append_json_member(std::string& out, std::string_view key, std::string_view text);
void append_json_member(std::string& out, std::string_view key, std::int64_t value);
void append_json_member(std::string& out, std::string_view key, double value);

}  // namespace helpdesk::kernel
