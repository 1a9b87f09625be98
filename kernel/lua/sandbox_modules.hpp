#pragma once
// The library that `require` serves: every `<dir>/<name>.lua` whose name is [a-z0-9_]+, read once
// when built, so all threads' states see the same text and a reload simply builds a new library.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace helpdesk::kernel::lua {

bool valid_module_name(std::string_view name);

class ModuleLibrary {
 public:
  ModuleLibrary() = default;
  // A missing directory gives an empty library; an unreadable file throws std::runtime_error.
  explicit ModuleLibrary(const std::filesystem::path& dir);

  // The source of `name`, or nullptr. Never allocates (called from inside Lua C functions).
  const std::string* find(std::string_view name) const;
  const std::map<std::string, std::string, std::less<>>& modules() const { return modules_; }

 private:
  std::map<std::string, std::string, std::less<>> modules_;  // name -> source text
};

}  // namespace helpdesk::kernel::lua
