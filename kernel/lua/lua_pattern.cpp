// Lua 5.4 pattern matching (reference manual §6.4.1), with every step counted against a budget.
//
// The matcher keeps the shape of Lua's own (lstrlib.c): one recursive `match` that walks the
// pattern item by item, loops for `*`/`+` (greedy: count, then back off) and `-` (lazy: try the
// rest, then take one more), a recursion per `?`, capture open/close and the greedy/lazy loops,
// and the same nesting limit (MAXCCALLS = 200 nested `match` calls, then "pattern too complex").
// Keeping that shape makes the results, the order in which malformed parts of a pattern are
// discovered (Lua reports them lazily, when the matcher reaches them) and the error messages the
// same as stock Lua's, and bounds our native stack depth the way Lua bounds its C stack.
//
// What one step is (each is bounded, constant work, and every loop below takes at least one per
// iteration, so the steps taken are proportional to the time spent):
//   - visiting one pattern item in `match` (its first visit, and each tail-iteration that Lua
//     writes as `goto init`), so each backtracking attempt of a quantifier costs at least one;
//   - one single-character test of a subject byte against a class, `.`, or literal character,
//     plus one per set element (`a`, `a-z`, `%d`) examined inside `[...]` and, when a `[...]`
//     item is visited, one per pattern byte that its closing `]` search skips;
//   - one subject byte scanned by `%bxy`, or compared by a back-reference `%1`-`%9`;
//   - one start position tried by pattern_find's search loop.
// When a step would take `budget.remaining` below zero, the match throws PatternBudgetExceeded
// (leaving `remaining` at zero).
//
// Character classes are those of the "C" locale on unsigned char, spelled out below rather than
// asked of <cctype>, so a setlocale() elsewhere in the process cannot change what `%a` means.
//
// What the string-library bindings must do (this is lstrlib.c 5.4's behaviour, checked against the
// real library by tests/kernel/lua/lua_pattern_test.cpp):
//
//   string.find(s, p, init, plain): when `plain` is true, or p contains none of the SPECIALS
//     "^$*+?.([%-" (anywhere, including after embedded '\0' bytes), Lua does a plain substring
//     search and never runs the matcher — this is observable: string.find("a)", ")") is 2, 2 while
//     the matcher would raise "invalid pattern capture". Otherwise call pattern_find. Lua's init
//     (1-based, negative from the end, clipped) becomes our 0-based offset; init > #s → nil.
//     With captures, return start + 1, end, then the captures; without, just the two indices.
//   string.match: always pattern_find (no plain shortcut). No captures → the whole match.
//   Captures: is_position → the integer start + 1; otherwise the substring.
//   string.gmatch(s, p [, init]): a leading '^' is NOT an anchor in 5.4 — pass the pattern
//     unchanged to pattern_match_at, which matches '^' as an ordinary character (so
//     gmatch("^a^a", "^a") yields "^a" twice). Loop, keeping `src` (starts at init; past #s → no
//     matches) and `lastmatch` (end of the previous match; none at first) across calls:
//       for (; src <= #s; ++src) { m = pattern_match_at(s, p, src);
//         if (m && m->end != lastmatch) { src = lastmatch = m->end; yield m; } }
//     i.e. the next search starts at the end of the last match, and a match that ends where the
//     previous one ended (an empty match right after a match) is rejected and the search moves
//     on one byte. No captures → yield the whole match.
//   string.gsub(s, p, repl [, n]): here a leading '^' IS an anchor: strip it yourself and pass
//     the rest to pattern_match_at; then, with n defaulting to #s + 1:
//       while (count < n) { m = pattern_match_at(s, p, src);
//         if (m && m->end != lastmatch) { ++count; add repl; src = lastmatch = m->end; }
//         else if (src < #s) copy s[src++];
//         else break;
//         if (anchored) break; }
//       copy the rest s[src..].
//   Both functions throw PatternError("unfinished capture") when a match leaves a '(' open, as
//   find/match/gmatch do. Lua's gsub raises that only when the replacement touches the open
//   capture (%n, a function, a table with the first capture), so gsub(s, "(a", "x") succeeds in
//   stock Lua and fails here: the one deliberate difference, on a malformed pattern.
#include "kernel/lua/lua_pattern.hpp"

#include <array>
#include <cstring>
#include <string>

namespace helpdesk::kernel::lua {
namespace {

constexpr int kMaxCaptures = 32;     // LUA_MAXCAPTURES
constexpr int kMaxMatchDepth = 200;  // MAXCCALLS: nested `match` calls before "pattern too complex"
constexpr char kEscape = '%';
constexpr std::size_t kNoMatch = static_cast<std::size_t>(-1);
constexpr std::ptrdiff_t kCaptureOpen = -1;      // '(' seen, ')' not yet
constexpr std::ptrdiff_t kCapturePosition = -2;  // "()"

// The "C" locale's <cctype>, for bytes 0..255.
bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(int c) { return is_upper(c) || is_lower(c); }
bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_alnum(int c) { return is_alpha(c) || is_digit(c); }
bool is_xdigit(int c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_cntrl(int c) { return c < 0x20 || c == 0x7f; }
bool is_graph(int c) { return c > 0x20 && c < 0x7f; }
bool is_punct(int c) { return is_graph(c) && !is_alnum(c); }
int to_lower(int c) { return is_upper(c) ? c - 'A' + 'a' : c; }

int byte(char c) { return static_cast<unsigned char>(c); }

// `%x` for the class letter `cls`: lower case is the class, upper case its complement, any other
// byte stands for itself.
bool class_matches(int c, int cls) {
  bool in_class = false;
  switch (to_lower(cls)) {
    case 'a': in_class = is_alpha(c); break;
    case 'c': in_class = is_cntrl(c); break;
    case 'd': in_class = is_digit(c); break;
    case 'g': in_class = is_graph(c); break;
    case 'l': in_class = is_lower(c); break;
    case 'p': in_class = is_punct(c); break;
    case 's': in_class = is_space(c); break;
    case 'u': in_class = is_upper(c); break;
    case 'w': in_class = is_alnum(c); break;
    case 'x': in_class = is_xdigit(c); break;
    case 'z': in_class = c == 0; break;  // deprecated in the manual, still honoured by Lua 5.4
    default: return cls == c;
  }
  return is_lower(cls) ? in_class : !in_class;
}

// One match attempt's state: the captures so far and the nesting depth left. Offsets index the
// subject and the pattern; `pattern_at` reads past the end as '\0', which is what Lua's C code
// sees there (its strings are NUL-terminated), so edge cases such as a trailing '%' behave alike.
class Matcher {
 public:
  Matcher(std::string_view subject, std::string_view pattern, PatternBudget& budget)
      : subject_(subject), pattern_(pattern), budget_(budget) {}

  void charge(std::uint64_t steps) {
    if (budget_.remaining < steps) {
      budget_.remaining = 0;
      throw PatternBudgetExceeded();
    }
    budget_.remaining -= steps;
  }

  void reset() { level_ = 0; }

  // The end of the match of pattern_[p..] at subject_[s..], or kNoMatch.
  std::size_t match(std::size_t s, std::size_t p) {
    if (depth_left_ == 0) throw PatternError("pattern too complex");
    --depth_left_;
    const std::size_t end = match_items(s, p);
    ++depth_left_;
    return end;
  }

  PatternMatch result(std::size_t start, std::size_t end) const {
    PatternMatch out;
    out.start = start;
    out.end = end;
    out.captures.reserve(level_);
    for (int i = 0; i < level_; ++i) {
      const Capture& cap = captures_[i];
      if (cap.length == kCaptureOpen) throw PatternError("unfinished capture");
      if (cap.length == kCapturePosition) {
        out.captures.push_back({cap.start, 0, true});
      } else {
        out.captures.push_back({cap.start, static_cast<std::size_t>(cap.length), false});
      }
    }
    return out;
  }

 private:
  struct Capture {
    std::size_t start = 0;
    std::ptrdiff_t length = 0;  // or kCaptureOpen / kCapturePosition
  };

  char pattern_at(std::size_t p) const { return p < pattern_.size() ? pattern_[p] : '\0'; }

  // The body of `match`: tail positions loop (Lua's `goto init`) instead of recursing.
  std::size_t match_items(std::size_t s, std::size_t p) {
    for (;;) {
      charge(1);
      if (p == pattern_.size()) return s;
      switch (pattern_[p]) {
        case '(':
          if (pattern_at(p + 1) == ')') return start_capture(s, p + 2, kCapturePosition);
          return start_capture(s, p + 1, kCaptureOpen);
        case ')':
          return end_capture(s, p + 1);
        case '$':
          if (p + 1 == pattern_.size()) return s == subject_.size() ? s : kNoMatch;
          break;  // a '$' elsewhere is an ordinary character
        case kEscape:
          switch (pattern_at(p + 1)) {
            case 'b':
              s = match_balance(s, p + 2);
              if (s == kNoMatch) return kNoMatch;
              p += 4;
              continue;
            case 'f':
              if (!match_frontier(s, p + 2, p)) return kNoMatch;
              continue;
            case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
              s = match_back_reference(s, pattern_[p + 1]);
              if (s == kNoMatch) return kNoMatch;
              p += 2;
              continue;
            default:
              break;  // a class such as %a, or an escaped character
          }
          break;
        default:
          break;
      }

      // A single-character class with an optional quantifier after it.
      const std::size_t ep = class_end(p);
      const char quantifier = pattern_at(ep);
      if (!single_match(s, p, ep)) {
        if (quantifier == '*' || quantifier == '?' || quantifier == '-') {  // zero times is fine
          p = ep + 1;
          continue;
        }
        return kNoMatch;
      }
      switch (quantifier) {
        case '?': {
          const std::size_t end = match(s + 1, ep + 1);
          if (end != kNoMatch) return end;
          p = ep + 1;
          continue;
        }
        case '+': return max_expand(s + 1, p, ep);
        case '*': return max_expand(s, p, ep);
        case '-': return min_expand(s, p, ep);
        default:
          ++s;
          p = ep;
          continue;
      }
    }
  }

  // One past the single-character class starting at p (p < pattern size).
  std::size_t class_end(std::size_t p) {
    const std::size_t start = p;
    const char first = pattern_[p++];
    if (first == kEscape) {
      if (p == pattern_.size()) throw PatternError("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (first != '[') return p;
    if (pattern_at(p) == '^') ++p;
    do {  // the first character after '[' (or "[^") is part of the set even when it is ']'
      if (p == pattern_.size()) throw PatternError("malformed pattern (missing ']')");
      if (pattern_[p++] == kEscape && p < pattern_.size()) ++p;  // "%]" does not close the set
    } while (pattern_at(p) != ']');
    charge(p - start);
    return p + 1;
  }

  // Whether byte c is in the set pattern_[p..close], p at '[' and close at its ']'.
  bool set_matches(int c, std::size_t p, std::size_t close) {
    bool positive = true;
    if (pattern_[p + 1] == '^') {
      positive = false;
      ++p;
    }
    while (++p < close) {
      charge(1);
      if (pattern_[p] == kEscape) {
        ++p;
        if (class_matches(c, byte(pattern_[p]))) return positive;
      } else if (pattern_[p + 1] == '-' && p + 2 < close) {
        p += 2;
        if (byte(pattern_[p - 2]) <= c && c <= byte(pattern_[p])) return positive;
      } else if (byte(pattern_[p]) == c) {
        return positive;
      }
    }
    return !positive;
  }

  // Whether subject_[s] exists and matches the class pattern_[p..ep).
  bool single_match(std::size_t s, std::size_t p, std::size_t ep) {
    charge(1);
    if (s >= subject_.size()) return false;
    const int c = byte(subject_[s]);
    switch (pattern_[p]) {
      case '.': return true;
      case kEscape: return class_matches(c, byte(pattern_[p + 1]));
      case '[': return set_matches(c, p, ep - 1);
      default: return byte(pattern_[p]) == c;
    }
  }

  // %bxy with x, y at pattern_[p], pattern_[p + 1]: the end of the balanced run at s, or kNoMatch.
  std::size_t match_balance(std::size_t s, std::size_t p) {
    if (p + 1 >= pattern_.size()) throw PatternError("malformed pattern (missing arguments to '%b')");
    if (s >= subject_.size() || subject_[s] != pattern_[p]) return kNoMatch;
    const char open = pattern_[p];
    const char close = pattern_[p + 1];
    std::size_t depth = 1;
    while (++s < subject_.size()) {
      charge(1);
      const char c = subject_[s];
      if (c == close) {
        if (--depth == 0) return s + 1;
      } else if (c == open) {
        ++depth;
      }
    }
    return kNoMatch;
  }

  // %f[set] with p at its '[': true when the byte before s is outside the set and the byte at s is
  // inside it, the subject's start and end counting as '\0'. Advances `item` past the set.
  bool match_frontier(std::size_t s, std::size_t p, std::size_t& item) {
    if (pattern_at(p) != '[') throw PatternError("missing '[' after '%f' in pattern");
    const std::size_t ep = class_end(p);
    const int previous = s == 0 ? 0 : byte(subject_[s - 1]);
    const int current = s < subject_.size() ? byte(subject_[s]) : 0;
    if (set_matches(previous, p, ep - 1) || !set_matches(current, p, ep - 1)) return false;
    item = ep;
    return true;
  }

  // %0-%9: the text of an earlier closed capture must follow at s.
  std::size_t match_back_reference(std::size_t s, char digit) {
    const int index = digit - '1';
    if (index < 0 || index >= level_ || captures_[index].length == kCaptureOpen) {
      throw PatternError("invalid capture index %" + std::to_string(index + 1));
    }
    const Capture& cap = captures_[index];
    // A position capture has no text; Lua's unsigned length comparison never lets it match.
    if (cap.length == kCapturePosition) return kNoMatch;
    const auto length = static_cast<std::size_t>(cap.length);
    if (subject_.size() - s < length) return kNoMatch;
    charge(length);
    // memcmp wants valid pointers even for 0 bytes; an empty string_view may hold none (found by
    // fuzz_lua_pattern, seed regression_backreference_empty_subject).
    if (length != 0 && std::memcmp(subject_.data() + cap.start, subject_.data() + s, length) != 0) return kNoMatch;
    return s + length;
  }

  // Greedy '*' / '+': take as many as possible, then give them back one at a time.
  std::size_t max_expand(std::size_t s, std::size_t p, std::size_t ep) {
    std::size_t count = 0;
    while (single_match(s + count, p, ep)) ++count;
    for (;;) {
      const std::size_t end = match(s + count, ep + 1);
      if (end != kNoMatch) return end;
      if (count == 0) return kNoMatch;
      --count;
    }
  }

  // Lazy '-': try the rest of the pattern first, then one more repetition.
  std::size_t min_expand(std::size_t s, std::size_t p, std::size_t ep) {
    for (;;) {
      const std::size_t end = match(s, ep + 1);
      if (end != kNoMatch) return end;
      if (!single_match(s, p, ep)) return kNoMatch;
      ++s;
    }
  }

  std::size_t start_capture(std::size_t s, std::size_t p, std::ptrdiff_t kind) {
    if (level_ >= kMaxCaptures) throw PatternError("too many captures");
    captures_[level_] = {s, kind};
    ++level_;
    const std::size_t end = match(s, p);
    if (end == kNoMatch) --level_;
    return end;
  }

  std::size_t end_capture(std::size_t s, std::size_t p) {
    const int index = innermost_open_capture();
    captures_[index].length = static_cast<std::ptrdiff_t>(s - captures_[index].start);
    const std::size_t end = match(s, p);
    if (end == kNoMatch) captures_[index].length = kCaptureOpen;
    return end;
  }

  int innermost_open_capture() const {
    for (int i = level_ - 1; i >= 0; --i) {
      if (captures_[i].length == kCaptureOpen) return i;
    }
    throw PatternError("invalid pattern capture");
  }

  std::string_view subject_;
  std::string_view pattern_;
  PatternBudget& budget_;
  int depth_left_ = kMaxMatchDepth;
  int level_ = 0;  // captures opened so far, closed or not
  std::array<Capture, kMaxCaptures> captures_{};
};

}  // namespace

std::optional<PatternMatch> pattern_find(std::string_view subject, std::string_view pattern, std::size_t init,
                                         PatternBudget& budget) {
  if (init > subject.size()) return std::nullopt;
  const bool anchored = !pattern.empty() && pattern.front() == '^';
  if (anchored) pattern.remove_prefix(1);
  Matcher matcher(subject, pattern, budget);
  std::size_t start = init;
  do {
    matcher.charge(1);
    matcher.reset();
    const std::size_t end = matcher.match(start, 0);
    if (end != kNoMatch) return matcher.result(start, end);
  } while (start++ < subject.size() && !anchored);
  return std::nullopt;
}

std::optional<PatternMatch> pattern_match_at(std::string_view subject, std::string_view pattern, std::size_t pos,
                                             PatternBudget& budget) {
  if (pos > subject.size()) return std::nullopt;
  Matcher matcher(subject, pattern, budget);
  const std::size_t end = matcher.match(pos, 0);
  if (end == kNoMatch) return std::nullopt;
  return matcher.result(pos, end);
}

}  // namespace helpdesk::kernel::lua
