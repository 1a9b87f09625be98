#include "kernel/storage/sqlite_error.hpp"

#include <sqlite3.h>

namespace helpdesk::kernel {

namespace {

std::string describe(const std::string& message, std::string_view sql) {
  constexpr std::size_t kShown = 80;
  std::string text = message + " (in SQL: " + std::string(sql.substr(0, kShown));
  if (sql.size() > kShown) text += "…";
  return text + ")";
}

}  // namespace

Error sqlite_error(int result_code, const std::string& message, std::string_view sql) {
  switch (result_code & 0xff) {
    case SQLITE_CONSTRAINT:
      return Error(409, "conflict", describe(message, sql));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return Error(503, "storage_unavailable", describe(message, sql));
    default:
      return Error(500, "storage_error", describe(message, sql));
  }
}

Error sqlite_error(sqlite3* db, int result_code, std::string_view sql) {
  return sqlite_error(result_code, db ? sqlite3_errmsg(db) : sqlite3_errstr(result_code), sql);
}

}  // namespace helpdesk::kernel
