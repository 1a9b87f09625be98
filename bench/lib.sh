# Shared by the bench/*.sh scripts (sourced first thing, not run): moves to the project and sets
# `root` (the project), `build` (the build dir, BUILD_DIR or ./build), `smoke` (1 when the script
# was given --smoke) and `work` (a temp dir that `cleanup` removes on exit, with the server).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build=$(realpath "${BUILD_DIR:-build}")
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
work=$(mktemp -d)
trap cleanup EXIT
server_pid=

cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}

rss_kb() { awk "/^$2:/ {print \$2}" "/proc/$1/status"; }

# start_server [CONFIG]: helpdeskd on a fresh data dir and a free port (in $work/port).
start_server() {
  local config=${1:-$root/config/helpdesk.yaml}
  rm -rf "$work/data" "$work/port"
  "$build/helpdeskd" --config "$config" --data "$work/data" --listen 127.0.0.1:0 \
    --port-file "$work/port" 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 1 200); do
    [ -s "$work/port" ] && curl -sf "http://127.0.0.1:$(cat "$work/port")/readyz" >/dev/null && return 0
    sleep 0.05
  done
  echo "helpdeskd did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# json_field FIELD: reads one JSON object from stdin and prints FIELD.
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# wrk_create CONCURRENCY DURATION: drives POST /api/tickets.json on the running server and prints
# bench/create_ticket.lua's JSON line; exits when any request failed.
wrk_create() {
  local c=$1 duration=$2 threads line bad
  threads=$(( c < 2 ? 1 : 2 ))
  line=$(wrk -t"$threads" -c"$c" -d"${duration}s" -s "$root/bench/create_ticket.lua" \
    "http://127.0.0.1:$(cat "$work/port")" | grep '^{')
  bad=$(echo "$line" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["non2xx"] + d["errors"])')
  if [ "$bad" != 0 ]; then
    echo "bench: $bad requests failed; see the server log:" >&2
    tail -20 "$work/server.log" >&2
    exit 1
  fi
  echo "$line"
}

machine() {
  local cpu mem
  cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
  echo "$(nproc) cores, $cpu, $mem"
}
