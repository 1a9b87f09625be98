#!/usr/bin/env bash
# The rules benchmark: what the Lua ticket filters and the SLA plans cost.
#  1. build/rules_bench: µs per ticket for the shipped filter chain, the chain plus the SLA plan
#     choice and due times, 50 generated filters and 50 empty ones (in-process, no HTTP, no SQLite).
#  2. Ticket creation over HTTP at one concurrency, three configs, runs alternating:
#       on      the shipped config
#       off     the same without Lua: no `filters:`, no `triggers:`, no SLA `policy:` scripts (the
#               SLA plans keep their YAML targets and built-in steps: due dates and timers stay)
#       no-sla  `off` without `sla_plans:` too (nothing is due, no timers: what SLA plans cost)
#     The target (rules under 10% of creation throughput) compares on with off.
# Writes the <!-- bench:rules --> section of docs/PERFORMANCE.md.
#
#   bench/rules.sh                     full run: concurrency 32, 3 runs of 10 s each per side, median
#   bench/rules.sh --smoke             rules_bench --smoke, 2 s per side at concurrency 4; prints only
#   RUNS=5 DURATION=20 CONCURRENCY=16 bench/rules.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"  # root, build, smoke, work; cleanup on exit
config=$root/config/helpdesk.yaml
if [ $smoke = 1 ]; then
  runs=1 duration=2 concurrency=4
else
  runs=${RUNS:-3} duration=${DURATION:-10} concurrency=${CONCURRENCY:-32}
fi

# 1. Per ticket, in-process.
if [ $smoke = 1 ]; then
  rules_json=$("$build/rules_bench" --smoke --config "$config")
else
  rules_json=$("$build/rules_bench" --config "$config")
fi
echo "rules_bench $rules_json"

# 2. The configs: the shipped one without what each side leaves out, its paths made absolute
# (the shipped file names ../scripts/… relative to config/, and the copies live in $work).
derive_config() {  # derive_config OUT SECTIONS... (top-level sections to drop; "policy" drops policy: lines)
  python3 - "$config" "$@" <<'PY'
import os, re, sys
src, dst, *drop = sys.argv[1:]
base = os.path.dirname(os.path.abspath(src))
out, skipping = [], False
for line in open(src):
    if line.strip() and not line[0].isspace():  # a top-level key or comment ends a section
        top = re.match(r"([A-Za-z_][\w-]*):", line)
        skipping = bool(top) and top.group(1) in drop
    if skipping or ("policy" in drop and re.match(r"\s+policy:", line)):
        continue
    m = re.match(r"(\s*(?:-\s+)?(?:lib_dir|script|policy|path):\s*)([^\s#]+)(.*)", line, re.S)
    if m and not m.group(2).startswith(("/", "$")):
        line = m.group(1) + os.path.normpath(os.path.join(base, m.group(2))) + m.group(3)
    out.append(line)
text = "".join(out)
left = [k for k in drop if k != "policy" and re.search(rf"^{k}:", text, re.M)]
if left or "../" in text or ("policy" in drop and re.search(r"^\s+policy:", text, re.M)):
    sys.exit(f"bench config: failed to drop {left or 'policy'} or resolve a relative path in {src}")
with open(dst, "w") as f:
    f.write(f"# {src} without {', '.join(drop)}, written by bench/rules.sh\n" + text)
PY
  "$build/helpdeskd" config check --config "$1" >/dev/null
}
derive_config "$work/off.yaml" filters triggers policy
derive_config "$work/no-sla.yaml" filters triggers policy sla_plans

declare -A config_of=([on]="$config" [off]="$work/off.yaml" [no_sla]="$work/no-sla.yaml")
on_rps=() on_p50=() on_p99=() off_rps=() off_p50=() off_p99=() no_sla_rps=() no_sla_p50=() no_sla_p99=()
for run in $(seq 1 "$runs"); do
  for side in on off no_sla; do
    start_server "${config_of[$side]}"
    sleep 1
    line=$(wrk_create "$concurrency" "$duration")
    stop_server
    echo "rules=$side c=$concurrency run=$run $line"
    declare -n rps=${side}_rps p50=${side}_p50 p99=${side}_p99
    rps+=("$(echo "$line" | json_field rps)")
    p50+=("$(echo "$line" | json_field p50_ms)")
    p99+=("$(echo "$line" | json_field p99_ms)")
    unset -n rps p50 p99
  done
done
throughput=""
for side in on off no_sla; do
  for field in rps p50 p99; do
    declare -n values=${side}_$field
    throughput+="$(printf '%s\n' "${values[@]}" | median) "
    unset -n values
  done
done

PYTHONPATH="$root/bench" python3 - "$root/docs/PERFORMANCE.md" "$(date -u +%Y-%m-%d)" "$(machine)" "$runs" "$duration" "$concurrency" \
  "$rules_json" "$throughput" "$smoke" <<'PY'
import json, sys
from performance_section import write_section
path, day, machine, runs, duration, c, rules_json, throughput, smoke = sys.argv[1:]
r = json.loads(rules_json)
on_rps, on_p50, on_p99, off_rps, off_p50, off_p99, nosla_rps, nosla_p50, nosla_p99 = (
    float(x) for x in throughput.split())
cost = (off_rps - on_rps) / off_rps * 100
sla_cost = (nosla_rps - off_rps) / nosla_rps * 100
def us(name):
    return f"{r[name + '_us']:.2f} ({r[name + '_us_min']:.2f}–{r[name + '_us_max']:.2f})"
def verdict(ok):
    return "met" if ok else "**missed**"
chain_target = r["target_chain50_us"]
print(f"rules: shipped {r['shipped_us']:.2f} us, +SLA {r['shipped_sla_us']:.2f} us, 50 filters "
      f"{r['chain50_us']:.2f} us (target {chain_target}), 50 empty {r['empty50_us']:.2f} us; "
      f"c={c}: on {on_rps:.1f}/s, off {off_rps:.1f}/s, cost {cost:.1f}% (target 10%); "
      f"without SLA plans {nosla_rps:.1f}/s")
if smoke == "1":
    sys.exit(0)
section = f"""<!-- bench:rules begin -->
## Ticket rules: filters and SLA plans per ticket (`make bench`)

Measured {day} on {machine}. `build/rules_bench` (run by `bench/rules.sh`) builds the rule set
from config/helpdesk.yaml as the server does (`build_rule_set`: the Lua filter engine and the SLA
clock) and times it in-process, without HTTP or SQLite, on one API ticket: a 38-byte subject, a
300-byte body about a jamming printer, a requester at a customer domain, priority and department
defaults resolved, no topic. The shipped chain sets its priority and a tag; it gets SLA plan
`{r['sla_plan']}`, opened at 10-minute steps through a week so due times start in and out of
business hours. Every call copies the ticket in, as the server does. Median µs per ticket of
{r['reps']} repetitions of {r['tickets_per_rep']} tickets after {r['warmup']} warm-up tickets,
(min–max) of the repetitions; one thread.

| case | µs per ticket | target |
|---|---|---|
| (a) shipped filter chain ({r['shipped_filters']} filters) | {us('shipped')} | |
| (b) shipped chain + SLA plan choice + due times | {us('shipped_sla')} | |
| &nbsp;&nbsp;SLA plan choice + due times alone | {us('sla')} | |
| (c) 50 generated filters | {us('chain50')} | under {chain_target} µs: {verdict(r['chain50_us'] < chain_target)} |
| (d) 50 empty filters (the per-filter floor) | {us('empty50')} | |

The 50 generated filters are ten kinds, five of each with different words: `contains` on the
subject, `contains_any` and `keywords` on subject and body, `domain_in` on the requester's email,
`matches` (a Lua pattern) on the subject, and field reads (channel and an email header, the
requester's domain, topic, department and organization, `lower` + `find` on the subject); {r['chain50_steps']}
actions on this ticket (4 filters match: priority and tags), the rest do not match.

Ticket creation over HTTP with the rules on and off: as in the section above (same body, wrk,
fresh data dir per run) at concurrency {c}. Rules on = config/helpdesk.yaml. Rules off = the same
file without Lua: no `filters:`, no `triggers:`, and SLA plans without their `policy:` script (the
plans keep their YAML targets and built-in warning and breach steps, so tickets still get due
times and a durable SLA timer: that is the SLA feature, which osTicket has without any rules).
Without SLA plans = rules off minus `sla_plans:` too (nothing due, no timer row), to show what
the SLA feature itself costs. Runs alternate on / off / without SLA plans; median of {runs} runs
of {duration} s each.

| config | tickets/s | p50 ms | p99 ms |
|---|---|---|---|
| rules on | {on_rps:.1f} | {on_p50:g} | {on_p99:g} |
| rules off | {off_rps:.1f} | {off_p50:g} | {off_p99:g} |
| rules off, without SLA plans | {nosla_rps:.1f} | {nosla_p50:g} | {nosla_p99:g} |

Rules cost {cost:.1f}% of creation throughput (target: under 10%: {verdict(cost < 10)}). SLA plans
themselves (due times on the business calendar, the timer row) cost {sla_cost:.1f}% against none.
<!-- bench:rules end -->"""
write_section(path, "rules", section)
PY
