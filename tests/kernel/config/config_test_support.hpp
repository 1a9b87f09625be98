#pragma once
// Helpers for the config tests: YAML written to a temp file and loaded through load_config.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "kernel/config/config.hpp"

namespace helpdesk::kernel::testing {

// A temp folder removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ =
        std::filesystem::temp_directory_path() /
        ("helpdesk-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

// The issues load_config reports for `yaml` (empty when it loads).
inline std::vector<ConfigIssue> issues_for(const std::string& yaml) {
  TempDir dir;
  const auto file = dir.write("helpdesk.yaml", yaml);
  try {
    load_config(file);
  } catch (const ConfigError& e) {
    return e.issues();
  }
  return {};
}

// Loads `yaml`; fails the test with every issue when it does not load.
inline Config load_text(const std::string& yaml) {
  TempDir dir;
  const auto file = dir.write("helpdesk.yaml", yaml);
  try {
    return load_config(file);
  } catch (const ConfigError& e) {
    ADD_FAILURE() << e.what();
    return {};
  }
}

inline std::string dump(const std::vector<ConfigIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) text += "\n  " + issue.to_string();
  return text;
}

// The one issue at `key`, asserting it exists and is unique.
inline ConfigIssue issue_at(const std::vector<ConfigIssue>& issues, const std::string& key) {
  std::vector<ConfigIssue> found;
  for (const auto& issue : issues) {
    if (issue.key == key) found.push_back(issue);
  }
  EXPECT_EQ(found.size(), 1u) << "issues at '" << key << "':" << dump(issues);
  return found.empty() ? ConfigIssue{} : found.front();
}

// The smallest valid document; tests append a section to it. 14 lines.
inline const std::string kMinimal = R"(tickets:
  default_department: support
departments:
  - key: support
    name: Support
statuses:
  - key: open
    name: Open
    state: open
  - key: closed
    name: Closed
    state: closed
priorities:
  - {key: normal, name: Normal}
)";

}  // namespace helpdesk::kernel::testing
