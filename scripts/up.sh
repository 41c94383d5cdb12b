#!/usr/bin/env bash
# Brings the whole system up on this machine: npm packages, PostgreSQL and Redis, Keycloak with the realm,
# migrations and demo data, then the portal and the router worker in the background.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

require_node
ensure_debian_package curl curl
ensure_node_modules
ensure_services

mkdir -p "$VAR_DIR/log" "$VAR_DIR/run"
if [ ! -f .env ]; then
  say "creating .env from .env.example with a fresh session secret"
  secret="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')"
  sed "s|^SESSION_SECRET=.*|SESSION_SECRET=$secret|" .env.example >.env
fi
set -a
# shellcheck disable=SC1091
source .env
set +a

db_name="$(node -e 'console.log(new URL(process.env.DATABASE_URL).pathname.slice(1))')"
if ! psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  say "creating database $db_name"
  psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db_name\""
fi

say "building"
npm run --silent build

say "starting Keycloak (realm motcua)"
KC_INSTANCE=dev KC_PORT="${KC_PORT:-8180}" KC_MGMT_PORT="${KC_MGMT_PORT:-9180}" PORTAL_URL="$PUBLIC_URL" \
  PORTAL_WEB_CLIENT_SECRET="$OIDC_CLIENT_SECRET" bash keycloak/keycloak.sh start
# Generated at the instance's first start (unless KC_BOOTSTRAP_ADMIN_PASSWORD is set), kept in the cache.
kc_admin_password="${KC_BOOTSTRAP_ADMIN_PASSWORD:-$(KC_INSTANCE=dev bash keycloak/keycloak.sh admin-password)}"

say "migrating and loading demo data"
node dist/apps/portal/main.js migrate
node dist/apps/portal/main.js seed

start_app() { # name main health-url
  local name="$1" main="$2" url="$3" pid_file="$VAR_DIR/run/$1.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    say "$name already running (pid $(cat "$pid_file")), restarting it"
    kill "$(cat "$pid_file")"
    wait_until 30 "$name stop" sh -c "! kill -0 $(cat "$pid_file")"
  fi
  nohup node "$main" >>"$VAR_DIR/log/$name.log" 2>&1 &
  echo $! >"$pid_file"
  wait_until 60 "$name" curl -fs "$url"
}
start_app portal dist/apps/portal/main.js "http://127.0.0.1:${PORT:-3000}/health/ready"
start_app router-worker dist/apps/router-worker/main.js "http://127.0.0.1:${WORKER_HEALTH_PORT:-3001}/health/ready"

cat <<INFO

  Một Cửa is up.

  Portal            $PUBLIC_URL
  API (OpenAPI)     $PUBLIC_URL/api/docs
  Keycloak          http://localhost:${KC_PORT:-8180}/admin   (${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} / $kc_admin_password)
  Worker health     http://127.0.0.1:${WORKER_HEALTH_PORT:-3001}/health/ready
  Metrics           http://127.0.0.1:${METRICS_PORT:-9464}/metrics (portal), http://127.0.0.1:${WORKER_METRICS_PORT:-9465}/metrics (worker)
  Logs              var/log/portal.log, var/log/router-worker.log

  Demo accounts (password demo1234 for all):
    congdan, congdan2     citizen
    tiepnhan              clerk        UBND phường Thủy Xuân (000.17.22.H56)
    chuyenvien            specialist   UBND phường Thủy Xuân
    lanhdao               leader       UBND phường Thủy Xuân
    quantri               admin        UBND phường Thủy Xuân
    congan                agency_officer  Công an phường Thủy Xuân (000.31.22.H56)
    bhxh                  agency_officer  BHXH thành phố Huế (000.40.17.H56)
    tiepnhan-hue          clerk        UBND thành phố Huế (000.00.17.H56)
  Agency systems (client credentials): agency-police / dev-agency-police-secret,
                                       agency-bhxh / dev-agency-bhxh-secret

  Liên thông: agency inbox $PUBLIC_URL/agency/cases (congan, bhxh); the police system pulls
    GET /api/v1/agency-cases?status=new; admins: /admin/routes, /admin/deliveries, /admin/queues

  Stop everything with: npm run down
INFO
