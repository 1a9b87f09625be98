#pragma once
// SQLite storage: one file, WAL mode, synchronous=FULL. All writes go through one writer thread
// that takes every queued write job (up to max_batch), runs each inside its own SAVEPOINT of one
// shared transaction and commits once (group commit); each caller returns when that commit is
// durable. Reads use a bounded pool of read-only connections.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <helpdesk/storage.hpp>

namespace helpdesk::kernel {

struct DatabaseOptions {
  std::filesystem::path file;  // created with its folder when missing
  int read_connections = 4;
  int busy_timeout_ms = 5000;
  int max_batch = 256;
};

class SqliteDatabase : public Database {
 public:
  explicit SqliteDatabase(DatabaseOptions options);  // throws Error 503 "storage_unavailable" when it cannot open
  ~SqliteDatabase() override;  // finishes queued writes, then stops the writer

  void write(const std::function<void(Sql&)>& fn) override;
  void read(const std::function<void(Sql&)>& fn) override;

  // Runs `component`'s migrations whose version is above the recorded one, each in its own
  // transaction, recording the new version in table `schema_versions` (component, version, name,
  // applied_at). Throws Error naming the component, migration and SQLite's message on failure.
  void migrate(const std::string& component, const std::vector<Migration>& migrations);
  int schema_version(const std::string& component);

  struct Stats {
    std::uint64_t commits = 0;     // transactions committed by the writer
    std::uint64_t write_jobs = 0;  // write() calls completed
  };
  Stats stats() const;
  const std::filesystem::path& file() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace helpdesk::kernel
