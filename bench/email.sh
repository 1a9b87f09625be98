#!/usr/bin/env bash
# The email ingestion benchmark: messages/s through POST /api/tickets.email (the parse and store
# path in the server), through `helpdeskd pipe` (a process per message, as an MTA runs it) and
# through IMAP polling of a real Dovecot (needs root, as the mail tests do). The driver is the
# disabled InboundBench test of intake_email_integration_tests; this script runs it and writes
# the "email" section of docs/PERFORMANCE.md.
#
#   bench/email.sh             10,000 messages per path, writes docs/PERFORMANCE.md
#   bench/email.sh --smoke     200 messages, prints only (the email_bench_smoke test)
#   COUNT=2000 bench/email.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"  # root, build, smoke, work; cleanup on exit
count=${COUNT:-10000}
[ $smoke = 1 ] && count=200

driver="$build/plugins/intake-email/intake_email_integration_tests"
[ -x "$driver" ] || { echo "bench/email.sh: build intake_email_integration_tests first ($driver)" >&2; exit 1; }

INBOUND_BENCH_COUNT=$count INBOUND_BENCH_OUT="$work/results.json" \
  "$driver" --gtest_also_run_disabled_tests --gtest_filter='InboundBench.*' >"$work/driver.log" 2>&1 ||
  { cat "$work/driver.log" >&2; exit 1; }
cat "$work/results.json"
[ $smoke = 1 ] && exit 0

PYTHONPATH="$root/bench" python3 - "$root/docs/PERFORMANCE.md" "$(date -u +%Y-%m-%d)" "$(machine)" \
  "$work/results.json" <<'PY'
import json, sys
from performance_section import write_section
path, day, machine, results = sys.argv[1:]
r = json.load(open(results))
def rate(key):
    return f"{r[key]:.0f}" if key in r else "not measured (" + r.get("imap_skipped", "skipped") + ")"
section = f"""<!-- bench:email begin -->
## Email ingestion (`bench/email.sh`)

Measured {day} on {machine}; {r['messages']} small plain-text messages per path (50 senders,
rate limit off), fresh data dir per path, `synchronous=FULL`. Each message is parsed (GMime),
checked (loops, bans, rate limit), threaded, stored as a ticket and recorded in
intake_email_messages. Target: at least 500 messages/s through the parse and store path.
The pipe rate is bound by starting a process per message (kernel and plugins start each
time); IMAP polling by one fetch, one clean-up command and three commits per message on one
thread. Other work may share the cores, so runs vary (under load: about half these rates).

| path | messages/s |
|---|---|
| POST /api/tickets.email, 4 clients (parse + store) | {rate('api_per_s')} |
| `helpdeskd pipe`, a process per message, 2 at a time | {rate('pipe_per_s')} |
| IMAP polling (Dovecot on loopback, after_import: delete), from server start | {rate('imap_per_s')} |
<!-- bench:email end -->"""
write_section(path, "email", section)
PY
