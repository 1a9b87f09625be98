// SqliteDatabase::migrate and schema_version: numbered schema steps per component, each applied
// once, through the writer so they serialise with every other write (also another process's).
#include <chrono>

#include <spdlog/spdlog.h>

#include "kernel/storage/database_impl.hpp"
#include "kernel/storage/sqlite_error.hpp"

namespace helpdesk::kernel {

namespace {

constexpr const char* kCreateSchemaVersions =
    "CREATE TABLE IF NOT EXISTS schema_versions ("
    " component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL, PRIMARY KEY (component, version))";

constexpr const char* kCurrentVersion =
    "SELECT coalesce(max(version), 0) FROM schema_versions WHERE component = ?";

std::string label(const Migration& m) { return std::to_string(m.version) + "_" + m.name; }

// Refused before anything runs: a list that is out of order or repeats a version would apply
// differently depending on what a database already has.
void check_order(const std::string& component, const std::vector<Migration>& migrations) {
  const Migration* previous = nullptr;
  for (const auto& m : migrations) {
    if (m.version < 1) {
      throw Error(500, "storage_error", "migrations of " + component + ": " + label(m) +
                                            " has version " + std::to_string(m.version) +
                                            "; versions start at 1");
    }
    if (previous && m.version == previous->version) {
      throw Error(500, "storage_error", "migrations of " + component + ": version " +
                                            std::to_string(m.version) + " appears twice (" +
                                            label(*previous) + ", " + label(m) + ")");
    }
    if (previous && m.version < previous->version) {
      throw Error(500, "storage_error", "migrations of " + component + ": " + label(m) + " comes after " +
                                            label(*previous) + "; versions must increase");
    }
    previous = &m;
  }
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void SqliteDatabase::migrate(const std::string& component, const std::vector<Migration>& migrations) {
  check_order(component, migrations);
  impl_->refuse_nested("migrate");
  auto& writer = impl_->writer;
  writer.run([](SqliteConnection& sql) { sql.exec(kCreateSchemaVersions); }, true);

  const int recorded = schema_version(component);
  if (!migrations.empty() && recorded > migrations.back().version) {
    spdlog::warn("storage: {} schema is at version {}, newer than this build's last migration {}",
                 component, recorded, label(migrations.back()));
  }
  for (const auto& m : migrations) {
    if (m.version <= recorded) continue;
    bool applied = false;
    writer.run(
        [&](SqliteConnection& sql) {
          // Checked again inside the transaction: another process may have migrated meanwhile.
          if (m.version <= sql.query_one(kCurrentVersion, {component})->integer(0)) return;
          try {
            sql.exec_script(m.sql);
            if (sql.has_deferred_violations()) throw conflict("FOREIGN KEY constraint failed (deferred)");
          } catch (const Error& e) {
            throw Error(e.status(), e.code(),
                        "migration " + component + " " + label(m) + " failed: " + e.what());
          }
          sql.exec("INSERT INTO schema_versions (component, version, name, applied_at) VALUES (?, ?, ?, ?)",
                   {component, std::int64_t{m.version}, m.name, unix_now()});
          applied = true;
        },
        true);
    if (applied) spdlog::info("storage: applied migration {} {}", component, label(m));  // now durable
  }
}

int SqliteDatabase::schema_version(const std::string& component) {
  int version = 0;
  read([&](Sql& sql) {
    if (!sql.query_one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'")) {
      return;
    }
    version = static_cast<int>(sql.query_one(kCurrentVersion, {component})->integer(0));
  });
  return version;
}

}  // namespace helpdesk::kernel
