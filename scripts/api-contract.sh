#!/usr/bin/env bash
# The public API's contract test: schemathesis (installed by scripts/setup.sh test)
# generates requests from the served OpenAPI document, valid and invalid, and checks
# every answer against it: no server error, and no status, content type, header or
# body the document does not describe. The server is the debug build on a fresh
# SQLite database with the demo portfolio; the token is the demo admin's, with every
# capability. The event streams are left out: they answer for as long as a client
# listens. One worker: hypothesis parses source from threads, which the Python
# 3.11 releases before 3.11.8 fail at now and then ("AST constructor recursion
# depth mismatch").
set -euo pipefail

BIN=${THROUGHLINE_BIN:?the throughline binary to test}
SCHEMATHESIS=${SCHEMATHESIS:?the schemathesis command}
PORT=${CONTRACT_PORT:-3200}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

HOST=127.0.0.1 PORT=$PORT DATABASE_URL="sqlite://$WORK/throughline.db" THROUGHLINE_DEMO=1 \
  THROUGHLINE_GUEST_READ=0 SESSION_COOKIE_SECURE=0 LEPTOS_SITE_ROOT="$WORK/site" \
  API_REQUESTS_PER_MINUTE=1000000 RUST_LOG=warn "$BIN" serve > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  curl -sf "$BASE/healthz" > /dev/null && break
  sleep 0.5
done

curl -sf -c "$WORK/cookies" -H "Origin: $BASE" \
  --data-urlencode "email=ada@throughline.example" --data-urlencode "password=throughline-demo" \
  "$BASE/api/sign_in" > /dev/null
TOKEN=$(curl -sf -b "$WORK/cookies" -H "Origin: $BASE" \
  -d "name=contract&read=on&write_items=on&record_telemetry=on" \
  "$BASE/api/create_api_token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

"$SCHEMATHESIS" run "$BASE/api/v1/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --exclude-path-regex '/events$' \
  --phases examples,coverage,fuzzing \
  --max-examples "${CONTRACT_EXAMPLES:-40}" \
  --seed 20261127 \
  --workers 1 \
  --request-timeout 10 \
  --warnings off \
  "$@"
