#include "flowed.hpp"


namespace helpdesk::mail {

std::string decode_flowed(std::string_view text, bool delsp) {
  std::string out;
  out.reserve(text.size());
  std::string paragraph;
  std::size_t paragraph_depth = 0;
  bool open = false;  // the previous line was flowed, so this one continues it

  auto emit = [&](std::size_t depth, const std::string& body) {
    if (depth > 0) out.append(depth, '>').append(" ");
    out += body;
    out += '\n';
  };

  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    bool last = end == std::string_view::npos;
    std::string_view line = text.substr(pos, last ? std::string_view::npos : end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (last && line.empty()) break;

    std::size_t depth = 0;
    while (depth < line.size() && line[depth] == '>') ++depth;
    line.remove_prefix(depth);
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);  // stuffing
    // The signature separator is never flowed, even though it ends in a space.
    bool flowed = !line.empty() && line.back() == ' ' && line != "-- ";
    if (flowed && delsp) line.remove_suffix(1);

    if (open && depth != paragraph_depth) {  // a depth change ends a paragraph (broken sender)
      emit(paragraph_depth, paragraph);
      paragraph.clear();
      open = false;
    }
    paragraph_depth = depth;
    paragraph.append(line);
    if (flowed) {
      open = true;
    } else {
      emit(depth, paragraph);
      paragraph.clear();
      open = false;
    }
    if (last) break;
    pos = end + 1;
  }
  if (open) emit(paragraph_depth, paragraph);
  return out;
}

}  // namespace helpdesk::mail
