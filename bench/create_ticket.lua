-- wrk script: POST the ANCHORS.md benchmark body to the osTicket-compatible endpoint and print
-- the figures as one JSON line for bench/run.sh.
wrk.method = "POST"
wrk.path = "/api/tickets.json"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("HELPDESK_BENCH_KEY") or "hd-demo-api-key-0123456789abcdef"
wrk.body = '{"alert": false, "autorespond": false, "source": "API", "name": "Bench User", ' ..
  '"email": "bench.user@example.com", "subject": "Bench ticket", ' ..
  '"message": "data:text/plain,This is a benchmark ticket body.", "ip": "127.0.0.1"}'

local created = 0
function response(status, headers, body)
  if status == 201 then created = created + 1 end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.3f, "p99_ms": %.3f, "non2xx": %d, "errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, non2xx, errors))
end
