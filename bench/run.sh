#!/usr/bin/env bash
# The ticket-creation benchmark: starts helpdeskd on a fresh data dir with the default config,
# drives POST /api/tickets.json with wrk at several concurrencies (the ANCHORS.md body), and
# records tickets/s, p50/p99 latency and the server's idle and loaded RSS in docs/PERFORMANCE.md.
# The default config has the rules on (filters and SLA plans); bench/rules.sh compares on vs off.
#
#   bench/run.sh                       full run: concurrency 1 4 16 32, 3 runs of 10 s each, median
#   bench/run.sh --smoke               2 s at concurrency 4, prints only (used by the test suite)
#   RUNS=5 DURATION=20 CONCURRENCY="32" bench/run.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"  # root, build, smoke, work; cleanup on exit
if [ $smoke = 1 ]; then
  runs=1 duration=2 concurrency="4"
else
  runs=${RUNS:-3} duration=${DURATION:-10} concurrency=${CONCURRENCY:-"1 4 16 32"}
fi

results=()
for c in $concurrency; do
  rps=() p50=() p99=() idle=() loaded=()
  for run in $(seq 1 "$runs"); do
    start_server "$root/config/helpdesk.yaml"
    sleep 1
    idle+=("$(rss_kb "$server_pid" VmRSS)")
    line=$(wrk_create "$c" "$duration")
    loaded+=("$(rss_kb "$server_pid" VmHWM)")
    stop_server
    echo "c=$c run=$run $line idle_rss_kb=${idle[-1]} peak_rss_kb=${loaded[-1]}"
    rps+=("$(echo "$line" | json_field rps)")
    p50+=("$(echo "$line" | json_field p50_ms)")
    p99+=("$(echo "$line" | json_field p99_ms)")
  done
  results+=("| $c | $(printf '%s\n' "${rps[@]}" | median) | $(printf '%s\n' "${p50[@]}" | median) | $(printf '%s\n' "${p99[@]}" | median) | $(( $(printf '%s\n' "${idle[@]}" | median | cut -d. -f1) / 1024 )) | $(( $(printf '%s\n' "${loaded[@]}" | median | cut -d. -f1) / 1024 )) |")
done

[ $smoke = 1 ] && { printf '%s\n' "${results[@]}"; exit 0; }

PYTHONPATH="$root/bench" python3 - "$root/docs/PERFORMANCE.md" "$(date -u +%Y-%m-%d)" "$(machine)" "$runs" "$duration" \
  "$(printf '%s\n' "${results[@]}")" <<'PY'
import sys
from performance_section import write_section
path, day, machine, runs, duration, rows = sys.argv[1:]
section = f"""<!-- bench:tickets begin -->
## Ticket creation over HTTP (`make bench`)

Measured {day} on {machine}; wrk on the same machine. `POST /api/tickets.json` with the
ANCHORS.md body, X-API-Key, default config: rules on (the shipped filters and SLA plans run on
every ticket; `bench/rules.sh` measures them on vs off below), access log on, `synchronous=FULL`
(every 201 is on disk); fresh data dir per run. Median of {runs} runs of {duration} s each.

| concurrency | tickets/s | p50 ms | p99 ms | idle RSS MiB | peak RSS MiB |
|---|---|---|---|---|---|
{rows}

osTicket 1.18 on a machine like this one (ANCHORS.md): 34.9 / 68.9 / 65.7 tickets/s at
concurrency 1 / 4 / 16 (p99 41 / 84 / 320 ms), about 385 MiB RSS at idle.
<!-- bench:tickets end -->"""
write_section(path, "tickets", section)
PY
