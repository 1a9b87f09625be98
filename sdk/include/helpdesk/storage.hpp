#pragma once
// Storage for a plugin's own tables. SQL stays in the portable subset that SQLite and PostgreSQL
// share (parameters as ?, INTEGER/TEXT/REAL/BLOB, no dialect-only functions), and a plugin's table
// names start with its name (`intake_api_…`, dashes as underscores).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace helpdesk {

using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

struct SqlRow {
  std::vector<SqlValue> values;

  bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(values.at(i)); }
  std::int64_t integer(std::size_t i) const;    // 0 for NULL
  double real(std::size_t i) const;             // 0 for NULL
  std::string text(std::size_t i) const;        // "" for NULL; numbers as text
};

// A connection inside a read or a write. Statements are prepared once per connection and cached
// by their text, so pass values as parameters, never spliced into the SQL.
class Sql {
 public:
  virtual ~Sql() = default;
  // Runs a statement and returns the number of rows it changed.
  virtual std::int64_t exec(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  virtual std::vector<SqlRow> query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  // The first row, or nullopt.
  virtual std::optional<SqlRow> query_one(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  virtual std::int64_t last_insert_id() = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  // Runs `fn` inside the shared group-commit transaction and returns once the transaction is
  // durable on disk. If `fn` throws, its changes (and only its) are rolled back and the exception
  // is rethrown here. Do not call write() or read() from inside `fn`.
  virtual void write(const std::function<void(Sql&)>& fn) = 0;
  // Runs `fn` on a read connection that sees a consistent snapshot of committed data.
  virtual void read(const std::function<void(Sql&)>& fn) = 0;
};

// One numbered schema step. A component's migrations run in order of `version`, each once, in
// a transaction of its own; the component's schema version is recorded by the kernel.
struct Migration {
  int version = 0;
  std::string name;
  std::string sql;  // one or more statements
};

inline std::int64_t SqlRow::integer(std::size_t i) const {
  const auto& v = values.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::strtoll(p->c_str(), nullptr, 10);
  return 0;
}

inline double SqlRow::real(std::size_t i) const {
  const auto& v = values.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::strtod(p->c_str(), nullptr);
  return 0;
}

inline std::string SqlRow::text(std::size_t i) const {
  const auto& v = values.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return {};
}

}  // namespace helpdesk
