#!/usr/bin/env bash
# Brings the whole system up on this machine: npm packages, PostgreSQL and Redis, Keycloak with the realm,
# migrations and demo data, then the mail catcher, the portal, the feedback app, the router worker and the national
# portal simulator in the background.
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

# The national portal simulator (apps/national-portal-sim) and what the portal needs to take its dossiers.
SIM_PORT="${SIM_PORT:-3300}"
SIM_PUBLIC_URL="${SIM_PUBLIC_URL:-http://127.0.0.1:$SIM_PORT}"
SIM_PUBLIC_URL="${SIM_PUBLIC_URL%/}"
sim_secret_file="$VAR_DIR/run/national-portal-sim.secret"
if [ -z "${NATIONAL_PORTAL_FILE_ORIGIN:-}" ] || [[ ",${API_ALLOWED_AZP:-}," != *,national-portal,* ]] ||
  [[ ",${API_SERVICE_CLIENTS:-}," != *,national-portal,* ]]; then
  say "WARNING: .env predates the national portal intake: copy NATIONAL_INTAKE_ENABLED, NATIONAL_PORTAL_CLIENT_ID,"
  say "  NATIONAL_PORTAL_FILE_ORIGIN and the SIM_* settings from .env.example and add national-portal to"
  say "  API_ALLOWED_AZP and API_SERVICE_CLIENTS (or delete .env to have it written again); until then the portal"
  say "  refuses the simulator's dossiers"
fi
# Pushes never go to loopback or private addresses unless DELIVERY_ALLOWED_NETWORKS lists them: for this run, the
# portal and the worker may also reach the simulator's own address(es), so statuses go back to it.
sim_addresses="$(node -e '
  const host = new URL(process.argv[1]).hostname.replace(/^\[|\]$/g, "");
  require("node:dns").lookup(host, { all: true }, (err, list) => {
    if (err) { console.error(`cannot resolve ${host}: ${err.message}`); process.exit(1); }
    console.log([...new Set(list.map((a) => a.address))].join(","));
  });' "$SIM_PUBLIC_URL")" || die "SIM_PUBLIC_URL ($SIM_PUBLIC_URL) does not resolve"
export DELIVERY_ALLOWED_NETWORKS="${DELIVERY_ALLOWED_NETWORKS:+$DELIVERY_ALLOWED_NETWORKS,}$sim_addresses"
say "pushes may reach the simulator's address $sim_addresses for this run (added to DELIVERY_ALLOWED_NETWORKS)"

db_name="$(node -e 'console.log(new URL(process.env.DATABASE_URL).pathname.slice(1))')"
if ! psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  say "creating database $db_name"
  psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db_name\""
fi

say "building"
npm run --silent build

say "starting Keycloak (realm motcua)"
# The feedback app (apps/feedback): a .env written before it existed gets its defaults for this run.
export FEEDBACK_PORT="${FEEDBACK_PORT:-3100}"
export FEEDBACK_PUBLIC_URL="${FEEDBACK_PUBLIC_URL:-http://localhost:$FEEDBACK_PORT}"
export FEEDBACK_OIDC_CLIENT_SECRET="${FEEDBACK_OIDC_CLIENT_SECRET:-dev-feedback-web-secret}"
KC_INSTANCE=dev KC_PORT="${KC_PORT:-8180}" KC_MGMT_PORT="${KC_MGMT_PORT:-9180}" PORTAL_URL="$PUBLIC_URL" \
  PORTAL_WEB_CLIENT_SECRET="$OIDC_CLIENT_SECRET" NATIONAL_PORTAL_CLIENT_SECRET="${SIM_CLIENT_SECRET:-}" \
  FEEDBACK_URL="$FEEDBACK_PUBLIC_URL" FEEDBACK_WEB_CLIENT_SECRET="$FEEDBACK_OIDC_CLIENT_SECRET" \
  bash keycloak/keycloak.sh start
# A Keycloak left running from before the national-portal client was added to the realm does not know it yet.
kc_token_url="http://localhost:${KC_PORT:-8180}/realms/motcua/protocol/openid-connect/token"
if [ "$(curl -s -o /dev/null -w '%{http_code}' --data-urlencode grant_type=client_credentials \
  --data-urlencode "client_id=${SIM_CLIENT_ID:-national-portal}" \
  --data-urlencode "client_secret=${SIM_CLIENT_SECRET:-dev-national-portal-secret}" "$kc_token_url")" != 200 ]; then
  say "WARNING: Keycloak gives the simulator no token (client ${SIM_CLIENT_ID:-national-portal}); if it was running"
  say "  before this realm change, have it import the realm again: npm run down, then npm run up"
fi
# Generated at the instance's first start (unless KC_BOOTSTRAP_ADMIN_PASSWORD is set), kept in the cache.
kc_admin_password="${KC_BOOTSTRAP_ADMIN_PASSWORD:-$(KC_INSTANCE=dev bash keycloak/keycloak.sh admin-password)}"

say "migrating and loading demo data"
node dist/apps/portal/main.js migrate
node dist/apps/portal/main.js seed
say "pointing the delivery target national-portal at the simulator ($SIM_PUBLIC_URL/webhooks/status)"
# Keeps the signing secret the simulator already holds; otherwise makes one and writes it there (mode 600).
node dist/apps/portal/main.js national-target --url "$SIM_PUBLIC_URL/webhooks/status" --secret-file "$sim_secret_file"

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
# The mail catcher (apps/mail-catcher) first, so messages sent from the start land in it: a local SMTP server and SMS
# gateway that keep every message and show them on a page, delivering none (MAIL_CATCHER_* in .env, defaults below).
MAIL_CATCHER_URL="http://${MAIL_CATCHER_HTTP_HOST:-127.0.0.1}:${MAIL_CATCHER_HTTP_PORT:-3400}"
# A .env written before e-mail existed has no MAIL_SMTP_URL: the worker sends to the catcher for this run (an empty
# MAIL_SMTP_URL in .env still turns e-mail off).
export MAIL_SMTP_URL="${MAIL_SMTP_URL-smtp://${MAIL_CATCHER_SMTP_HOST:-127.0.0.1}:${MAIL_CATCHER_SMTP_PORT:-2525}}"
# The catcher is also the demo's SMS gateway, speaking eSMS.vn's brand-name API with the account below; likewise a .env
# without SMS_GATEWAY sends SMS there for this run (an empty SMS_GATEWAY in .env turns SMS off).
export MAIL_CATCHER_ESMS_API_KEY="${MAIL_CATCHER_ESMS_API_KEY:-motcua-demo-api-key}"
export MAIL_CATCHER_ESMS_SECRET_KEY="${MAIL_CATCHER_ESMS_SECRET_KEY:-motcua-demo-secret-key}"
export MAIL_CATCHER_ESMS_BRANDNAMES="${MAIL_CATCHER_ESMS_BRANDNAMES:-UBND-TXUAN}"
export SMS_GATEWAY="${SMS_GATEWAY-esms}"
if [[ -n "$SMS_GATEWAY" ]]; then
  export SMS_ESMS_URL="${SMS_ESMS_URL:-$MAIL_CATCHER_URL}"
  export SMS_ESMS_API_KEY="${SMS_ESMS_API_KEY:-$MAIL_CATCHER_ESMS_API_KEY}"
  export SMS_ESMS_SECRET_KEY="${SMS_ESMS_SECRET_KEY:-$MAIL_CATCHER_ESMS_SECRET_KEY}"
  export SMS_BRANDNAME="${SMS_BRANDNAME:-${MAIL_CATCHER_ESMS_BRANDNAMES%%,*}}"
fi
start_app mail-catcher dist/apps/mail-catcher/main.js "$MAIL_CATCHER_URL/health"
# The VNPay sandbox (apps/vnpay-sandbox) plays the payment gateway's side of VNPay's API 2.1.0: its payment page, the
# redirect back, the IPN to the portal (with retries) and querydr. A .env without VNPAY_TMN_CODE pays through it for
# this run (an empty VNPAY_TMN_CODE in .env turns online payment off: fees are then paid at the counter).
VNPAY_SANDBOX_URL="http://${VNPAY_SANDBOX_HOST:-127.0.0.1}:${VNPAY_SANDBOX_PORT:-3500}"
export VNPAY_SANDBOX_TMN_CODE="${VNPAY_SANDBOX_TMN_CODE:-MOTCUA01}"
export VNPAY_SANDBOX_HASH_SECRET="${VNPAY_SANDBOX_HASH_SECRET:-MOTCUADEMOSECRETKEY0123456789ABC}"
export VNPAY_SANDBOX_IPN_URL="${VNPAY_SANDBOX_IPN_URL:-$PUBLIC_URL/api/v1/payments/vnpay/ipn}"
export VNPAY_SANDBOX_STATE_FILE="${VNPAY_SANDBOX_STATE_FILE-$VAR_DIR/vnpay-sandbox/state.json}"
mkdir -p "$VAR_DIR/vnpay-sandbox"
export VNPAY_TMN_CODE="${VNPAY_TMN_CODE-$VNPAY_SANDBOX_TMN_CODE}"
if [[ -n "$VNPAY_TMN_CODE" ]]; then
  export VNPAY_HASH_SECRET="${VNPAY_HASH_SECRET:-$VNPAY_SANDBOX_HASH_SECRET}"
  export VNPAY_PAYMENT_URL="${VNPAY_PAYMENT_URL:-$VNPAY_SANDBOX_URL/paymentv2/vpcpay.html}"
  export VNPAY_API_URL="${VNPAY_API_URL:-$VNPAY_SANDBOX_URL/merchant_webapi/api/transaction}"
fi
start_app vnpay-sandbox dist/apps/vnpay-sandbox/main.js "$VNPAY_SANDBOX_URL/health"
start_app portal dist/apps/portal/main.js "http://127.0.0.1:${PORT:-3000}/health/ready"
start_app feedback dist/apps/feedback/main.js "http://127.0.0.1:$FEEDBACK_PORT/health/ready"
start_app router-worker dist/apps/router-worker/main.js "http://127.0.0.1:${WORKER_HEALTH_PORT:-3001}/health/ready"
SIM_PORT="$SIM_PORT" SIM_PUBLIC_URL="$SIM_PUBLIC_URL" SIM_WEBHOOK_SECRET="$(cat "$sim_secret_file")" \
  start_app national-portal-sim dist/apps/national-portal-sim/main.js "$SIM_PUBLIC_URL/health"

cat <<INFO

  Một Cửa is up.

  Portal            $PUBLIC_URL
  Street reports    $FEEDBACK_PUBLIC_URL   (Phản ánh hiện trường: street reports; same sign-in)
  API (OpenAPI)     $PUBLIC_URL/api/docs
  Keycloak          http://localhost:${KC_PORT:-8180}/admin   (${KC_BOOTSTRAP_ADMIN_USERNAME:-admin} / $kc_admin_password)
  Worker health     http://127.0.0.1:${WORKER_HEALTH_PORT:-3001}/health/ready
  Metrics           http://127.0.0.1:${METRICS_PORT:-9464}/metrics (portal), http://127.0.0.1:${WORKER_METRICS_PORT:-9465}/metrics (worker),
                    http://127.0.0.1:${FEEDBACK_METRICS_PORT:-9466}/metrics (feedback)
  National portal   $SIM_PUBLIC_URL   (simulator of Cổng Dịch vụ công quốc gia: file a dossier, see its status)
  Mail, SMS (demo)  $MAIL_CATCHER_URL   (every e-mail and SMS the system sends lands here)
  VNPay (demo)      $VNPAY_SANDBOX_URL   (sandbox of the payment gateway: its payments and IPN calls)
  Logs              var/log/portal.log, var/log/feedback.log, var/log/router-worker.log, var/log/national-portal-sim.log,
                    var/log/mail-catcher.log, var/log/vnpay-sandbox.log

  Demo accounts (password demo1234 for all):
    congdan, congdan2     citizen
    tiepnhan              clerk        UBND phường Thủy Xuân (000.17.22.H56)
    chuyenvien            specialist   UBND phường Thủy Xuân
    lanhdao               leader       UBND phường Thủy Xuân
    quantri               admin        UBND phường Thủy Xuân
    dieuhanh              feedback_operator  operations desk of street reports, UBND phường Thủy Xuân
    congan                agency_officer  Công an phường Thủy Xuân (000.31.22.H56)
    bhxh                  agency_officer  BHXH thành phố Huế (000.40.17.H56)
    tiepnhan-kimlong      clerk        UBND phường Kim Long (000.20.22.H56)
    chuyenvien-kimlong    specialist   UBND phường Kim Long
    lanhdao-kimlong       leader       UBND phường Kim Long
  National identity (VNeID stand-in, realm vneid; user name = CCCD, password demo1234):
    046090001234 level 2 (links to congdan), 046195005678 level 1 (links to congdan2),
    046301000123 level 2, 046288004321 level 1 (new citizens), 046185009999 (staff's CCCD: refused)
  Agency systems (client credentials): agency-police / dev-agency-police-secret,
                                       agency-bhxh / dev-agency-bhxh-secret
  National portal (client credentials): national-portal / ${SIM_CLIENT_SECRET:-dev-national-portal-secret}

  Liên thông: agency inbox $PUBLIC_URL/agency/cases (congan, bhxh); the police system pulls
    GET /api/v1/agency-cases?status=new; admins: /admin/routes, /admin/deliveries, /admin/queues
  Online dossiers from the national portal: file one on $SIM_PUBLIC_URL, receive it as tiepnhan on
    $PUBLIC_URL/desk; its statuses come back to the simulator's page
  Reception regardless of boundary: tiepnhan registers at $PUBLIC_URL/desk/intake a dossier that
    UBND phường Kim Long decides; chuyenvien-kimlong and lanhdao-kimlong decide it, tiepnhan returns it
  E-mail and SMS to applicants: each step they must hear of is sent to the dossier's address (or the
    account's), by SMS to its phone when there is no e-mail; officers get e-mail when assigned, near due and
    overdue. All land in the mail catcher, $MAIL_CATCHER_URL (which can also simulate an SMS gateway outage);
    quantri sees and retries failures at $PUBLIC_URL/admin/messages
  Fees: chuyenvien asks for them on the desk (Yêu cầu nộp phí, lệ phí); the applicant pays on
    $PUBLIC_URL/pay (code and lookup key) through the VNPay sandbox, or tiepnhan records a counter payment;
    receipts are PDFs; quantri reconciles at $PUBLIC_URL/admin/payments or npm run payments:reconcile

  Stop everything with: npm run down
INFO
