#!/usr/bin/env bash
# Stops the portal, the feedback app, the router worker, the national portal simulator, the VNPay sandbox, the mail catcher and the
# development Keycloak started by scripts/up.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

for name in national-portal-sim portal feedback router-worker vnpay-sandbox mail-catcher; do
  pid_file="$VAR_DIR/run/$name.pid"
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    say "stopping $name"
    kill "$(cat "$pid_file")"
    wait_until 40 "$name stop" sh -c "! kill -0 $(cat "$pid_file")"
  fi
  rm -f "$pid_file"
done
KC_INSTANCE=dev KC_PORT="${KC_PORT:-8180}" KC_MGMT_PORT="${KC_MGMT_PORT:-9180}" bash keycloak/keycloak.sh stop
