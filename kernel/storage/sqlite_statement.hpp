#pragma once
// Moving values between helpdesk::SqlValue and one prepared SQLite statement.
#include <string_view>
#include <vector>

#include <helpdesk/storage.hpp>

struct sqlite3_stmt;

namespace helpdesk::kernel {

// Binds `params` to ?1..?N; throws Error 500 when their number differs from the statement's.
// Text is bound without copying, so `params` must outlive the statement's use (StatementUse).
void bind_params(sqlite3_stmt* stmt, const std::vector<SqlValue>& params, std::string_view sql);

// The current row: INTEGER as int64, FLOAT as double, TEXT and BLOB as string, NULL as nullptr.
SqlRow read_row(sqlite3_stmt* stmt);

// Resets a cached statement and clears its bindings when a call is done with it, also when the
// call throws, so the next user starts clean and no binding points at freed memory.
class StatementUse {
 public:
  explicit StatementUse(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementUse();
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

}  // namespace helpdesk::kernel
