// Fuzz target config_yaml: the input is a config file, loaded with load_config. A ConfigError is
// the expected answer to bad input; any other exception escaping, a crash or UB is a bug.
//
// load_config reads a file (it has no load-from-string entry), so each process writes the input to
// its own temp folder. That folder mirrors the source tree's layout (config/helpdesk.yaml with
// scripts/ beside it, a link to the real scripts) so the shipped config's relative script paths
// resolve and a valid input gets through every check, not only the parser.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "kernel/config/config.hpp"
#include "fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;

// YAML's line breaks: "\n", "\r\n" and a lone "\r".
int line_count(const std::uint8_t* data, std::size_t size) {
  int lines = 1;
  for (std::size_t i = 0; i < size; ++i)
    if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'))) ++lines;
  return lines;
}

fs::path& work_dir() {
  static fs::path dir;
  return dir;
}

void remove_work_dir() {
  std::error_code ec;
  fs::remove_all(work_dir(), ec);
}

const fs::path& config_file() {
  static const fs::path file = [] {
    work_dir() = fs::temp_directory_path() / ("helpdesk-fuzz-config-" + std::to_string(::getpid()));
    fs::create_directories(work_dir() / "config");
    std::error_code ec;
    fs::create_directory_symlink(fs::path(HELPDESK_SOURCE_DIR) / "scripts", work_dir() / "scripts", ec);
    std::atexit(remove_work_dir);
    return work_dir() / "config" / "helpdesk.yaml";
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path& file = config_file();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    FUZZ_CHECK(out.good(), "cannot write the temp config file");
  }
  try {
    const auto config = helpdesk::kernel::load_config(file);
    FUZZ_CHECK(config.file.is_absolute(), "a loaded config's path is not absolute");
  } catch (const helpdesk::kernel::ConfigError& e) {
    FUZZ_CHECK(!e.issues().empty(), "a ConfigError without issues");
    for (const auto& issue : e.issues()) {
      FUZZ_CHECK(!issue.message.empty(), "a config issue without a message");
      FUZZ_CHECK(issue.line >= 0, "a config issue with a negative line");
      FUZZ_CHECK(issue.line <= line_count(data, size), "a config issue names a line past the end of the file");
    }
  }
  return 0;
}
