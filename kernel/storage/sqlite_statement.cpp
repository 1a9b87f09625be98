#include "kernel/storage/sqlite_statement.hpp"

#include <sqlite3.h>

#include "kernel/storage/sqlite_error.hpp"

namespace helpdesk::kernel {

namespace {

int bind_one(sqlite3_stmt* stmt, int index, const SqlValue& value) {
  if (auto p = std::get_if<std::int64_t>(&value)) return sqlite3_bind_int64(stmt, index, *p);
  if (auto p = std::get_if<double>(&value)) return sqlite3_bind_double(stmt, index, *p);
  if (auto p = std::get_if<std::string>(&value)) {
    // SqlValue has no blob type: bytes go in as TEXT with an explicit length, so embedded
    // NULs survive the round trip.
    return sqlite3_bind_text64(stmt, index, p->data(), p->size(), SQLITE_STATIC, SQLITE_UTF8);
  }
  return sqlite3_bind_null(stmt, index);
}

}  // namespace

void bind_params(sqlite3_stmt* stmt, const std::vector<SqlValue>& params, std::string_view sql) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (static_cast<std::size_t>(expected) != params.size()) {
    throw sqlite_error(SQLITE_RANGE,
                       "statement takes " + std::to_string(expected) + " parameters, " +
                           std::to_string(params.size()) + " given",
                       sql);
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int rc = bind_one(stmt, static_cast<int>(i) + 1, params[i]);
    if (rc != SQLITE_OK) throw sqlite_error(sqlite3_db_handle(stmt), rc, sql);
  }
}

SqlRow read_row(sqlite3_stmt* stmt) {
  SqlRow row;
  const int columns = sqlite3_column_count(stmt);
  row.values.reserve(columns);
  for (int i = 0; i < columns; ++i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER:
        row.values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
        break;
      case SQLITE_FLOAT:
        row.values.emplace_back(sqlite3_column_double(stmt, i));
        break;
      case SQLITE_TEXT: {
        auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        row.values.emplace_back(std::string(text, sqlite3_column_bytes(stmt, i)));
        break;
      }
      case SQLITE_BLOB: {
        // A zero-length blob comes back as a null pointer.
        auto data = static_cast<const char*>(sqlite3_column_blob(stmt, i));
        const int size = sqlite3_column_bytes(stmt, i);
        row.values.emplace_back(data ? std::string(data, size) : std::string());
        break;
      }
      default:
        row.values.emplace_back(nullptr);
    }
  }
  return row;
}

StatementUse::~StatementUse() {
  // reset() repeats the last step's error, which the caller has already turned into an Error.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

}  // namespace helpdesk::kernel
