#!/usr/bin/env bash
# Installs, builds and starts helpdeskd on the embedded default config: SQLite under ./data,
# demo data, http://127.0.0.1:8080. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build.sh

api_key=${HELPDESK_DEMO_API_KEY:-hd-demo-api-key-0123456789abcdef}
read_token=${HELPDESK_DEMO_READ_TOKEN:-hd-demo-read-token-0123456789abcdef}
admin_token=${HELPDESK_DEMO_ADMIN_TOKEN:-hd-demo-admin-token-0123456789abcdef}
cat <<MSG

  helpdesk is starting on http://127.0.0.1:8080 (data in ./data)

  demo API key (create tickets):  $api_key
  demo read token (REST API):      $read_token
  demo admin token:                $admin_token
  demo logins (POST /api/v1/auth/login {"email", "password"}):
    admin  admin@example.com  demo-admin-password
    agent  agent@example.com  demo-agent-password
    user   user@example.com   demo-user-password

  try:
    curl -s -H 'X-API-Key: $api_key' -d '{"name":"Ada","email":"ada@example.com","subject":"Printer","message":"It jams"}' http://127.0.0.1:8080/api/tickets.json
    curl -s -H 'Authorization: Bearer $read_token' http://127.0.0.1:8080/api/v1/tickets
    curl -s -c /tmp/hd.cookies -H 'Content-Type: application/json' -d '{"email":"agent@example.com","password":"demo-agent-password"}' http://127.0.0.1:8080/api/v1/auth/login
    curl -s -b /tmp/hd.cookies http://127.0.0.1:8080/api/v1/tickets

MSG
exec build/helpdeskd --config config/helpdesk.yaml "$@"
