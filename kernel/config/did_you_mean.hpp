#pragma once
// Suggestions for misspelt keys and references ("did you mean 'departments'?").
#include <string>
#include <string_view>
#include <vector>

namespace helpdesk::kernel::config_detail {

// Edit distance (insert, delete, replace, swap two neighbours), case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo, else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace helpdesk::kernel::config_detail
