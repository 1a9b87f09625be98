#pragma once
// Lua 5.4 patterns (the manual's §6.4.1) matched by our own code so that every matching step is
// counted against the script's instruction budget: stock Lua's matcher runs inside one C call
// where the count hook never fires, and a pathological pattern can spin for seconds (DESIGN.md).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace helpdesk::kernel::lua {

// Steps left; each elementary matching step takes one. At zero, matching throws.
struct PatternBudget {
  std::uint64_t remaining = 0;
};

class PatternBudgetExceeded : public std::runtime_error {
 public:
  PatternBudgetExceeded() : std::runtime_error("instruction budget exhausted inside a pattern match") {}
};

// A malformed pattern; what() is Lua's own message, e.g. "malformed pattern (ends with '%')".
class PatternError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PatternCapture {
  std::size_t start = 0;   // byte offset in the subject
  std::size_t length = 0;
  bool is_position = false;  // "()" captures the position start + 1 (Lua's 1-based index)
};

struct PatternMatch {
  std::size_t start = 0;  // byte offset of the whole match
  std::size_t end = 0;    // one past its last byte
  std::vector<PatternCapture> captures;  // empty when the pattern has none
};

// string.find semantics without `plain`: searches from byte offset `init` (0-based, <= size),
// honouring a leading '^' anchor.
std::optional<PatternMatch> pattern_find(std::string_view subject, std::string_view pattern, std::size_t init,
                                         PatternBudget& budget);

// Matches exactly at byte offset `pos` (no search; a leading '^' is an ordinary character here, as
// gmatch and gsub treat it after their own anchor handling).
std::optional<PatternMatch> pattern_match_at(std::string_view subject, std::string_view pattern, std::size_t pos,
                                             PatternBudget& budget);

}  // namespace helpdesk::kernel::lua
