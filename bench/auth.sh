#!/usr/bin/env bash
# The sign-in benchmark: what argon2id costs per login, and what authentication adds per request.
#  1. POST /api/v1/auth/login, one at a time (curl): right password, wrong password, unknown
#     email (the dummy hash), with auth-local's default argon2id parameters; median ms.
#  2. wrk at one concurrency on: GET /healthz (no authentication), GET /api/v1/auth/me (a session
#     cookie), GET /api/v1/tickets?limit=1 with a bearer token and with a session cookie.
# Writes the <!-- bench:auth --> section of docs/PERFORMANCE.md.
#
#   bench/auth.sh              full run: 30 logins per case, 10 s per wrk case at concurrency 16
#   bench/auth.sh --smoke      3 logins per case, 1 s per wrk case at concurrency 2; prints only
#   LOGINS=50 DURATION=20 CONCURRENCY=32 bench/auth.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"  # root, build, smoke, work; cleanup on exit
if [ $smoke = 1 ]; then
  logins=3 duration=1 concurrency=2
else
  logins=${LOGINS:-30} duration=${DURATION:-10} concurrency=${CONCURRENCY:-16}
fi

# The shipped config with auth-local (demo passwords on) added, its script paths made absolute.
python3 - "$root/config/helpdesk.yaml" "$work/auth.yaml" "$build/plugins" <<'PY'
import os, sys, yaml
src, dst, plugin_dir = sys.argv[1:]
config = yaml.safe_load(open(src))
base = os.path.dirname(os.path.abspath(src))
def absolute(node):
    if isinstance(node, dict):
        return {k: (os.path.normpath(os.path.join(base, v)) if k in ("script", "policy", "lib_dir", "path")
                    and isinstance(v, str) and not v.startswith(("/", "$")) else absolute(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [absolute(v) for v in node]
    return node
config = absolute(config)
config["plugins"] = [p for p in config.get("plugins", []) if p.get("name") != "auth-local"]
# Lockout limits out of the way: the failures below are measured, not an attack.
config["plugins"].append({"name": "auth-local", "config": {"demo_passwords": True, "lockout_account_failures": 1000000,
                                                           "lockout_address_failures": 1000000}})
config["plugin_dirs"] = [plugin_dir]
config["demo"] = True
yaml.safe_dump(config, open(dst, "w"), sort_keys=False)
PY
start_server "$work/auth.yaml"
base="http://127.0.0.1:$(cat "$work/port")"

# login_ms EMAIL PASSWORD EXPECTED_STATUS: one login's wall time in ms.
login_ms() {
  local out
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"$2\"}" "$base/api/v1/auth/login")
  if [ "${out%% *}" != "$3" ]; then
    echo "bench: login $1 answered ${out%% *}, expected $3; see the server log:" >&2
    tail -20 "$work/server.log" >&2
    exit 1
  fi
  awk -v t="${out#* }" 'BEGIN {printf "%.2f\n", t * 1000}'
}

right=$(for _ in $(seq 1 "$logins"); do login_ms agent@example.com demo-agent-password 200; done | median)
wrong=$(for i in $(seq 1 "$logins"); do login_ms admin@example.com "wrong-$i" 401; done | median)
unknown=$(for i in $(seq 1 "$logins"); do login_ms "nobody$i@example.com" "wrong-$i" 401; done | median)
echo "login ms (median of $logins): right $right, wrong $wrong, unknown $unknown"

# A session for the wrk runs.
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"email": "agent@example.com", "password": "demo-agent-password"}' "$base/api/v1/auth/login" |
  awk -F'[:;] *' 'tolower($1) == "set-cookie" {print $2}')
token=hd-demo-read-token-0123456789abcdef

# wrk_get NAME PATH [HEADER]: prints "NAME rps p50 p99".
wrk_get() {
  local threads line bad
  threads=$(( concurrency < 2 ? 1 : 2 ))
  if [ -n "${3:-}" ]; then
    line=$(wrk -t"$threads" -c"$concurrency" -d"${duration}s" -s "$root/bench/auth_wrk.lua" -H "$3" "$base$2" | grep '^{')
  else
    line=$(wrk -t"$threads" -c"$concurrency" -d"${duration}s" -s "$root/bench/auth_wrk.lua" "$base$2" | grep '^{')
  fi
  bad=$(echo "$line" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["non2xx"] + d["errors"])')
  if [ "$bad" != 0 ]; then
    echo "bench: $bad requests to $2 failed; see the server log:" >&2
    tail -20 "$work/server.log" >&2
    exit 1
  fi
  echo "$1 $(echo "$line" | json_field rps) $(echo "$line" | json_field p50_ms) $(echo "$line" | json_field p99_ms)"
}
requests=$(
  wrk_get anonymous /healthz
  wrk_get session_me /api/v1/auth/me "Cookie: $cookie"
  wrk_get token_list "/api/v1/tickets?limit=1" "Authorization: Bearer $token"
  wrk_get session_list "/api/v1/tickets?limit=1" "Cookie: $cookie"
)
echo "$requests"
stop_server

PYTHONPATH="$root/bench" python3 - "$root/docs/PERFORMANCE.md" "$(date -u +%Y-%m-%d)" "$(machine)" "$logins" \
  "$duration" "$concurrency" "$right" "$wrong" "$unknown" "$requests" "$smoke" <<'PY'
import sys
from performance_section import write_section
path, day, machine, logins, duration, c, right, wrong, unknown, requests, smoke = sys.argv[1:]
rows = {}
for line in requests.strip().splitlines():
    name, rps, p50, p99 = line.split()
    rows[name] = (float(rps), float(p50), float(p99))
token_us = 1e6 / rows["token_list"][0] * int(c)
session_us = 1e6 / rows["session_list"][0] * int(c)
if smoke == "1":
    sys.exit(0)
labels = {"anonymous": "`GET /healthz`, no credentials",
          "session_me": "`GET /api/v1/auth/me`, session cookie",
          "token_list": "`GET /api/v1/tickets?limit=1`, bearer token (SHA-256 lookup)",
          "session_list": "`GET /api/v1/tickets?limit=1`, session cookie"}
table = "\n".join(f"| {labels[n]} | {rps:.0f} | {p50:g} | {p99:g} |" for n, (rps, p50, p99) in rows.items())
section = f"""<!-- bench:auth begin -->
## Sign-in: argon2id per login, authentication per request (`bench/auth.sh`)

Measured {day} on {machine}, with config/helpdesk.yaml plus auth-local at its default argon2id
parameters (2 passes, 64 MiB: libsodium's INTERACTIVE level) and demo passwords.

`POST /api/v1/auth/login` one at a time with curl, median wall time of {logins} logins:

| login | ms |
|---|---|
| right password (verify, session written) | {float(right):.1f} |
| wrong password (verify, failure counted) | {float(wrong):.1f} |
| unknown email (the same cost on a dummy hash) | {float(unknown):.1f} |

The wrong and unknown cases cost about the same as the right one by design (timing does not
tell which accounts exist). A login holds 64 MiB while it hashes, so 16 logins in flight need
1 GiB: one more reason the lockout counts per address as well as per account (the lockout limits
were raised for this run, so every attempt was hashed).

Requests after sign-in, wrk at concurrency {c} for {duration} s each:

| request | req/s | p50 ms | p99 ms |
|---|---|---|---|
{table}

Signed-in requests never run argon2id: a session cookie and a bearer token are each one SHA-256
and one indexed lookup (a session also reads the agent and their roles, and its list is
filtered to the departments the agent may see, which a token's is not), so the same list
costs about {session_us:.0f} µs per request with a session and {token_us:.0f} µs with a token
(concurrency × 1/throughput).
<!-- bench:auth end -->"""
write_section(path, "auth", section)
PY
