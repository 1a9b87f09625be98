#pragma once
// A fresh folder under the system temp dir per test, removed afterwards; databases are real
// files so WAL, fsync and file locks behave as in production.
#include <filesystem>
#include <system_error>

#include <helpdesk/error.hpp>

#include "kernel/storage/database.hpp"
#include "kernel/util/crypto.hpp"

namespace helpdesk::kernel::storage_test {

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("helpdesk-storage-" + random_hex(8))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path file(const char* name = "helpdesk.db") const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline DatabaseOptions options_for(const std::filesystem::path& file) {
  DatabaseOptions options;
  options.file = file;
  return options;
}

inline std::int64_t count_rows(Database& db, const char* table) {
  std::int64_t count = 0;
  db.read([&](Sql& sql) {
    count = sql.query_one(std::string("SELECT count(*) FROM ") + table)->integer(0);
  });
  return count;
}

}  // namespace helpdesk::kernel::storage_test
