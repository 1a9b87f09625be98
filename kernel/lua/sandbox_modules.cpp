#include "kernel/lua/sandbox_modules.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace helpdesk::kernel::lua {

bool valid_module_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

ModuleLibrary::ModuleLibrary(const std::filesystem::path& dir) {
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto& path = entry.path();
    // Anything else in the folder (README, sub-folders, editor backups) is simply not a module.
    if (path.extension() != ".lua" || !entry.is_regular_file() || !valid_module_name(path.stem().string())) continue;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read Lua module " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    modules_.emplace(path.stem().string(), text.str());
  }
}

const std::string* ModuleLibrary::find(std::string_view name) const {
  const auto it = modules_.find(name);
  return it == modules_.end() ? nullptr : &it->second;
}

}  // namespace helpdesk::kernel::lua
