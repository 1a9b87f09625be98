#include "kernel/lua/sandbox.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <stdexcept>

#include "kernel/lua/lua_bindings.hpp"
#include "kernel/lua/sandbox_modules.hpp"
#include "kernel/lua/sandbox_state.hpp"

namespace helpdesk::kernel::lua {
namespace {

// Every Lua call of ours is protected, so a panic is a bug in the sandbox, not a script's doing.
int on_panic(lua_State* L) {
  const char* message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(not a string)";
  spdlog::critical("Lua panic outside a protected call: {}", message);
  std::abort();
}

std::shared_ptr<spdlog::logger> script_logger(const std::string& name) {
  if (auto logger = spdlog::get(name)) return logger;
  try {
    spdlog::register_logger(spdlog::default_logger()->clone(name));
  } catch (const spdlog::spdlog_ex&) {
    // another thread registered it first
  }
  auto logger = spdlog::get(name);
  return logger ? logger : spdlog::default_logger();
}

int build_entry(lua_State* L) {
  build_environment(L);
  return 0;
}

struct GlobalContext {
  const char* name;
  lua_CFunction fn;
};

int define_entry(lua_State* L) {
  const auto* ctx = static_cast<const GlobalContext*>(lua_touserdata(L, 1));
  lua_pushcfunction(L, ctx->fn);
  define_base_global(L, ctx->name);
  return 0;
}

struct LoadContext {
  std::string_view chunk;
  std::string_view source;
  int ref = LUA_NOREF;
};

int load_entry(lua_State* L) {
  auto* ctx = static_cast<LoadContext*>(lua_touserdata(L, 1));
  lua_pushliteral(L, "@");
  lua_pushlstring(L, ctx->chunk.data(), ctx->chunk.size());
  lua_concat(L, 2);  // "@name": Lua shows it as "name" in messages, "name:12: …"
  const int status = luaL_loadbufferx(L, ctx->source.data(), ctx->source.size(), lua_tostring(L, -1), "t");
  if (status != LUA_OK) {
    auto& st = state_of(L);
    if (status == LUA_ERRMEM) st.abort = Abort::memory;
    st.syntax_error = status == LUA_ERRSYNTAX;
    return lua_error(L);
  }
  push_script_env(L);
  lua_setupvalue(L, -2, 1);
  lua_call(L, 0, 1);
  ctx->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

// "name.lua:12: …" -> 12; 0 when the message carries no position.
int line_of(std::string_view message) {
  for (std::size_t colon = message.find(':'); colon != std::string_view::npos; colon = message.find(':', colon + 1)) {
    std::size_t i = colon + 1;
    int line = 0;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9' && line < 100'000'000)
      line = line * 10 + (message[i++] - '0');
    if (i > colon + 1 && i < message.size() && message[i] == ':') return line;
    if (message.substr(0, colon).find(' ') != std::string_view::npos) break;  // past the "file" part
  }
  return 0;
}

// The error object on top, as text. Never calls into Lua (no allocation outside protection).
std::string error_text(lua_State* L) {
  switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
      std::size_t len = 0;
      const char* s = lua_tolstring(L, -1, &len);
      return {s, len};
    }
    case LUA_TNUMBER:
      return lua_isinteger(L, -1) ? std::to_string(lua_tointeger(L, -1)) : std::to_string(lua_tonumber(L, -1));
    default:
      return std::string("(error object is a ") + luaL_typename(L, -1) + " value)";
  }
}

}  // namespace

const char* kind_name(FailureKind kind) {
  switch (kind) {
    case FailureKind::syntax:
      return "syntax";
    case FailureKind::error:
      return "error";
    case FailureKind::budget:
      return "budget";
    case FailureKind::memory:
      return "memory";
  }
  return "error";
}

Sandbox::Sandbox(SandboxLimits limits, std::shared_ptr<const ModuleLibrary> modules, std::string log_name)
    : state_(std::make_unique<SandboxState>()) {
  state_->limits = limits;
  state_->modules = std::move(modules);
  state_->logger = script_logger(log_name);
  L_ = lua_newstate(counting_alloc, state_.get());
  if (L_ == nullptr) throw std::runtime_error("cannot create a Lua state");
  *static_cast<SandboxState**>(lua_getextraspace(L_)) = state_.get();
  lua_atpanic(L_, on_panic);
  lua_pushcfunction(L_, build_entry);
  if (lua_pcall(L_, 0, 0, 0) != LUA_OK) {
    lua_close(L_);
    throw std::runtime_error("cannot build the Lua environment");
  }
  // Most of what a call allocates (handles, small tables, strings) dies when it returns: the
  // generational collector handles that pattern with shorter pauses than the incremental one.
  lua_gc(L_, LUA_GCGEN, 0, 0);
  // The cap starts now: the environment is the same for every state, the scripts are not.
  state_->memory_cap = limits.memory_bytes;
}

Sandbox::~Sandbox() { lua_close(L_); }

const SandboxLimits& Sandbox::limits() const { return state_->limits; }
std::size_t Sandbox::memory_used() const { return state_->memory_used; }

void Sandbox::define_global(const char* name, lua_CFunction fn) {
  GlobalContext ctx{name, fn};
  if (auto error = call("<setup>", define_entry, &ctx)) throw std::runtime_error(error->message);
}

Sandbox::Loaded Sandbox::load(std::string_view chunk_name, std::string_view source) {
  LoadContext ctx{chunk_name, source};
  Loaded out;
  out.error = call(chunk_name, load_entry, &ctx);
  out.value_ref = ctx.ref;
  return out;
}

void Sandbox::release(int ref) { luaL_unref(L_, LUA_REGISTRYINDEX, ref); }

std::optional<ScriptError> Sandbox::call(std::string_view chunk_name, lua_CFunction fn, void* context) {
  auto& st = *state_;
  st.chunk = chunk_name;
  st.remaining = st.limits.instructions;
  st.allocated_since_hook = 0;
  st.clock_started = false;
  st.abort = Abort::none;
  st.syntax_error = false;
  lua_sethook(L_, count_hook, LUA_MASKCOUNT, kHookStride);  // also restarts the hook's count
  const int top = lua_gettop(L_);
  lua_pushcfunction(L_, fn);
  lua_pushlightuserdata(L_, context);
  const int status = lua_pcall(L_, 1, 0, 0);
  if (status == LUA_OK) return std::nullopt;

  ScriptError error;
  error.script = std::string(chunk_name);
  const std::string where = st.abort_where.empty() ? error.script + ":" : st.abort_where;
  if (status == LUA_ERRMEM && st.abort == Abort::none) st.abort = Abort::memory;
  switch (st.abort) {
    case Abort::instructions:
      error.kind = FailureKind::budget;
      error.message = where + " instruction budget exhausted (" + std::to_string(st.limits.instructions) + ")";
      break;
    case Abort::time:
      error.kind = FailureKind::budget;
      error.message = where + " time limit exceeded (" + std::to_string(st.limits.time_limit.count()) + " ms)";
      break;
    case Abort::memory:
      error.kind = FailureKind::memory;
      error.message =
          where + " " +
          (st.abort_detail.empty() ? "not enough memory (limit " + std::to_string(st.limits.memory_bytes) + " bytes)"
                                   : st.abort_detail);
      break;
    case Abort::none:
      error.kind = st.syntax_error ? FailureKind::syntax : FailureKind::error;
      error.message = error_text(L_);
      break;
  }
  error.line = line_of(error.message);
  lua_settop(L_, top);
  if (st.abort != Abort::none) {
    st.abort = Abort::none;
    st.abort_where.clear();
    st.abort_detail.clear();
    // What the aborted call allocated is garbage now; collect it before the next call needs room.
    lua_gc(L_, LUA_GCCOLLECT);
  }
  return error;
}

}  // namespace helpdesk::kernel::lua
