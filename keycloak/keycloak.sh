#!/usr/bin/env bash
# Run a local Keycloak for Một Cửa (dev mode, in-memory database, realm imported at start).
#
#   keycloak/keycloak.sh fetch|start|stop|restart|status|logs|admin-password|help
#
# See keycloak/README.md for the design and the environment variables.
set -euo pipefail

KC_VERSION=26.7.3
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

MOTCUA_CACHE="${MOTCUA_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/motcua}"
KC_INSTANCE="${KC_INSTANCE:-dev}"
KC_PORT="${KC_PORT:-8180}"
KC_MGMT_PORT="${KC_MGMT_PORT:-9180}"
KC_OVERLAY="${KC_OVERLAY:-}"
KC_START_TIMEOUT="${KC_START_TIMEOUT:-180}"
KC_STOP_TIMEOUT="${KC_STOP_TIMEOUT:-30}"
KC_REALM="${KC_REALM:-motcua}"

DL_DIR="$MOTCUA_CACHE/keycloak-dl"
TARBALL="$DL_DIR/keycloak-quarkus-dist-$KC_VERSION.tar.gz"
INSTANCE_ROOT="$MOTCUA_CACHE/keycloak/$KC_INSTANCE"
KC_HOME="$INSTANCE_ROOT/keycloak-$KC_VERSION"
LOG_FILE="$KC_HOME/keycloak.log"
PID_FILE="$KC_HOME/keycloak.pid"
RUN_FILE="$KC_HOME/keycloak.run" # settings of the running server
BASE_URL="http://localhost:$KC_PORT"
HEALTH_URL="http://127.0.0.1:$KC_MGMT_PORT/health/ready" # management interface: loopback only
ADMIN_PASSWORD_FILE="$INSTANCE_ROOT/admin-password"
DISCOVERY_URL="$BASE_URL/realms/$KC_REALM/.well-known/openid-configuration"

log() { printf '[keycloak:%s] %s\n' "$KC_INSTANCE" "$*"; }
warn() { printf '[keycloak:%s] WARNING: %s\n' "$KC_INSTANCE" "$*" >&2; }
die() { printf '[keycloak:%s] ERROR: %s\n' "$KC_INSTANCE" "$*" >&2; exit 1; }

validate_env() {
  [[ "$KC_INSTANCE" =~ ^[A-Za-z0-9._-]+$ ]] || die "KC_INSTANCE must match [A-Za-z0-9._-]+ (got '$KC_INSTANCE')"
  [[ "$KC_OVERLAY" =~ ^[a-z0-9_-]*$ ]] || die "KC_OVERLAY must match [a-z0-9_-]* (got '$KC_OVERLAY')"
  local v
  for v in KC_PORT KC_MGMT_PORT KC_START_TIMEOUT KC_STOP_TIMEOUT; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"
  done
  [ "$KC_PORT" != "$KC_MGMT_PORT" ] || die "KC_PORT and KC_MGMT_PORT must differ"
}

now_ms() { date +%s%3N; }

http_ok() { # url -> 0 when it answers 200
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" 2>/dev/null)" || true
  [ "$code" = "200" ]
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- fetch
cmd_fetch() {
  if [ -s "$TARBALL" ] && gzip -t "$TARBALL" 2>/dev/null; then
    log "distribution present: $TARBALL"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: needed to download org.keycloak:keycloak-quarkus-dist:$KC_VERSION"
  mkdir -p "$DL_DIR"
  rm -f "$TARBALL"
  log "downloading org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz into $DL_DIR"
  # run outside any Maven project; show Maven's output only when it fails
  local out
  if ! out="$(cd "$DL_DIR" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz" \
    "-DoutputDirectory=$DL_DIR" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "mvn failed to download the distribution"
  fi
  if ! { [ -s "$TARBALL" ] && gzip -t "$TARBALL"; }; then
    die "download failed: $TARBALL missing or corrupt"
  fi
  log "downloaded $TARBALL"
}

extract() {
  if [ -x "$KC_HOME/bin/kc.sh" ]; then
    return 0
  fi
  mkdir -p "$INSTANCE_ROOT"
  local tmp
  tmp="$(mktemp -d "$INSTANCE_ROOT/.extract.XXXXXX")"
  log "extracting Keycloak $KC_VERSION into $KC_HOME"
  tar -xzf "$TARBALL" -C "$tmp"
  [ -x "$tmp/keycloak-$KC_VERSION/bin/kc.sh" ] || { rm -rf "$tmp"; die "unexpected archive layout in $TARBALL"; }
  rm -rf "$KC_HOME"
  mv "$tmp/keycloak-$KC_VERSION" "$KC_HOME"
  rmdir "$tmp"
}

# ---------------------------------------------------------------- realm files
prepare_import() {
  local import_dir="$KC_HOME/data/import"
  rm -rf "$import_dir"
  mkdir -p "$import_dir"
  if command -v node >/dev/null 2>&1; then
    node "$SCRIPT_DIR/compose-realm.js" "$SCRIPT_DIR" "$import_dir" ${KC_OVERLAY:+"$KC_OVERLAY"} \
      | sed "s/^/[keycloak:$KC_INSTANCE] /"
  elif [ -n "$KC_OVERLAY" ]; then
    die "node is needed to compose the '$KC_OVERLAY' overlay"
  else
    # Keycloak's directory import only reads files named <realm>-realm.json.
    local f name
    for f in "$SCRIPT_DIR"/realm-*.json; do
      name="$(basename "$f" .json)"
      name="${name#realm-}"
      [[ "$name" == *.* ]] && continue # overlay or extra realm
      cp "$f" "$import_dir/$name-realm.json"
      log "import file: $name-realm.json"
    done
  fi
  ls "$import_dir"/*-realm.json >/dev/null 2>&1 || die "no realm file to import"
}

# Our login theme (keycloak/themes/<name>) goes into the server's themes folder; the realm names it.
install_themes() {
  local t
  for t in "$SCRIPT_DIR"/themes/*/; do
    [ -d "$t" ] || continue
    rm -rf "$KC_HOME/themes/$(basename "$t")"
    cp -R "$t" "$KC_HOME/themes/$(basename "$t")"
  done
}

# Our Keycloak extensions (keycloak/providers/<name>: Java sources under src/, resources such as META-INF/services
# beside it) are compiled against this server's own libraries into providers/<name>.jar; start-dev picks them up.
build_providers() {
  local p name javac jar out tmp
  javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
  jar="${JAVA_HOME:+$JAVA_HOME/bin/}jar"
  for p in "$SCRIPT_DIR"/providers/*/; do
    [ -d "$p/src" ] || continue
    name="$(basename "$p")"
    out="$KC_HOME/providers/$name.jar"
    command -v "$javac" >/dev/null 2>&1 || die "javac not found: a JDK is needed to build the provider '$name'"
    tmp="$(mktemp -d "$INSTANCE_ROOT/.provider.XXXXXX")"
    if ! "$javac" --release 21 -nowarn -encoding UTF-8 -d "$tmp" -cp "$KC_HOME/lib/lib/main/*" \
      $(find "$p/src" -name '*.java' | sort) >&2; then
      rm -rf "$tmp"
      die "could not compile the provider '$name'"
    fi
    cp -R "$p/." "$tmp/"
    rm -rf "$tmp/src"
    mkdir -p "$KC_HOME/providers"
    (cd "$tmp" && "$jar" --create --file "$out" .) || { rm -rf "$tmp"; die "could not package the provider '$name'"; }
    rm -rf "$tmp"
    log "provider: $name.jar"
  done
}

# ---------------------------------------------------------------- java
java_major() { # java home -> major version, empty if unknown
  local home="$1" v=""
  if [ -r "$home/release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n1)"
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1)"
  fi
  [ "$v" = "1" ] && v=8
  printf '%s' "$v"
}

select_java() {
  local best="" best_v=0 d v
  if [ -n "${KC_JAVA_HOME:-}" ]; then
    [ -x "$KC_JAVA_HOME/bin/java" ] || die "KC_JAVA_HOME=$KC_JAVA_HOME has no bin/java"
    best="$KC_JAVA_HOME"
    best_v="$(java_major "$best")"
  else
    for d in /usr/lib/jvm/*; do
      [ -x "$d/bin/java" ] || continue
      v="$(java_major "$d")"
      [[ "$v" =~ ^[0-9]+$ ]] || continue
      if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then
        best="$d"
        best_v="$v"
      fi
    done
  fi
  if [ -n "$best" ]; then
    export JAVA_HOME="$best"
    log "using Java $best_v from $JAVA_HOME"
  else
    unset JAVA_HOME
    v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1 || true)"
    warn "no JDK >= 21 under /usr/lib/jvm; falling back to default 'java' (version ${v:-unknown}); Keycloak $KC_VERSION needs Java 21 or newer"
  fi
}

# ---------------------------------------------------------------- process
running_pid() { # prints the pid of this instance's Keycloak when alive
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # guard against pid reuse: the process must belong to this instance
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$KC_HOME" || return 1
  printf '%s' "$pid"
}

java_pid() { # kc.sh runs java as a child, or execs into it after a re-augmentation
  local pid="$1" child
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "java" ]; then
    printf '%s' "$pid"
    return 0
  fi
  child="$(pgrep -P "$pid" -x java 2>/dev/null | head -n1 || true)"
  [ -n "$child" ] && printf '%s' "$child"
}

is_ready() { http_ok "$HEALTH_URL" && http_ok "$DISCOVERY_URL"; }

fail_start() { # message [stop]
  warn "$1"
  if [ -f "$LOG_FILE" ]; then
    printf -- '----- last 60 lines of %s -----\n' "$LOG_FILE" >&2
    tail -n 60 "$LOG_FILE" >&2 || true
    printf -- '-----\n' >&2
  fi
  if [ "${2:-}" = stop ]; then
    cmd_stop >&2 || true
  fi
  exit 1
}

wait_ready() { # pid start_ms
  local pid="$1" t0="$2" deadline phase=health
  deadline=$(($(date +%s) + KC_START_TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      fail_start "Keycloak process $pid exited during start-up"
    fi
    if [ "$phase" = health ] && http_ok "$HEALTH_URL"; then
      phase=realm
      log "health/ready is UP after $((($(now_ms) - t0) / 1000)) s; waiting for realm '$KC_REALM'"
    fi
    if [ "$phase" = realm ] && http_ok "$DISCOVERY_URL"; then
      return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      fail_start "Keycloak not ready within ${KC_START_TIMEOUT} s (still waiting for $([ "$phase" = health ] && echo "$HEALTH_URL" || echo "$DISCOVERY_URL")); stopping it (raise KC_START_TIMEOUT on a slow machine)" stop
    fi
    sleep 1
  done
}

cmd_start() {
  command -v curl >/dev/null 2>&1 || die "curl not found"
  local pid
  local wanted="port=$KC_PORT mgmt=$KC_MGMT_PORT overlay=${KC_OVERLAY:-none}"
  if pid="$(running_pid)"; then
    local actual
    actual="$(cat "$RUN_FILE" 2>/dev/null || true)"
    if [ -n "$actual" ] && [ "$actual" != "$wanted" ]; then
      die "instance is running (pid $pid) with $actual, not $wanted: stop it first ($0 stop)"
    fi
    if is_ready; then
      log "already running (pid $pid) and ready at $BASE_URL (realm $KC_REALM)"
      return 0
    fi
    log "already running (pid $pid) but not ready yet; waiting"
    wait_ready "$pid" "$(now_ms)"
    log "ready at $BASE_URL (realm $KC_REALM)"
    return 0
  fi
  rm -f "$PID_FILE"
  local p
  for p in "$KC_PORT" "$KC_MGMT_PORT"; do
    port_in_use "$p" && die "port $p is already in use by another process (choose KC_PORT / KC_MGMT_PORT, or KC_INSTANCE)"
  done

  if [ -n "$KC_OVERLAY" ] && ! command -v node >/dev/null 2>&1; then
    die "node is needed to compose the '$KC_OVERLAY' overlay"
  fi
  [ -x "$KC_HOME/bin/kc.sh" ] || cmd_fetch
  extract
  prepare_import
  install_themes
  select_java
  build_providers

  # The realm files carry ${VAR:default} placeholders that Keycloak resolves from
  # the environment at import. An empty variable would win over the default, so
  # drop empty ones; a trailing slash on PORTAL_URL would double the slash.
  local v
  for v in PORTAL_URL PORTAL_WEB_CLIENT_SECRET FEEDBACK_URL FEEDBACK_WEB_CLIENT_SECRET AGENCY_POLICE_CLIENT_SECRET AGENCY_BHXH_CLIENT_SECRET \
    NATIONAL_PORTAL_CLIENT_SECRET VNEID_ISSUER VNEID_AUTHORIZATION_URL VNEID_TOKEN_URL VNEID_USERINFO_URL \
    VNEID_JWKS_URL VNEID_LOGOUT_URL VNEID_CLIENT_ID VNEID_CLIENT_SECRET MOTCUA_KEYCLOAK_URL; do
    [ -n "${!v:-}" ] || unset "$v"
  done
  [ -z "${FEEDBACK_URL:-}" ] || export FEEDBACK_URL="${FEEDBACK_URL%/}"
  if [ -n "${PORTAL_URL:-}" ]; then
    export PORTAL_URL="${PORTAL_URL%/}"
  fi
  # The national identity provider: by default the local stand-in realm 'vneid' of this very server, so its URLs
  # follow KC_PORT; a deployment sets VNEID_* to the real provider (see keycloak/README.md).
  export MOTCUA_KEYCLOAK_URL="${MOTCUA_KEYCLOAK_URL:-$BASE_URL}"
  export VNEID_ISSUER="${VNEID_ISSUER:-$BASE_URL/realms/vneid}"
  export VNEID_AUTHORIZATION_URL="${VNEID_AUTHORIZATION_URL:-$VNEID_ISSUER/protocol/openid-connect/auth}"
  export VNEID_TOKEN_URL="${VNEID_TOKEN_URL:-$VNEID_ISSUER/protocol/openid-connect/token}"
  export VNEID_USERINFO_URL="${VNEID_USERINFO_URL:-$VNEID_ISSUER/protocol/openid-connect/userinfo}"
  export VNEID_JWKS_URL="${VNEID_JWKS_URL:-$VNEID_ISSUER/protocol/openid-connect/certs}"
  export VNEID_LOGOUT_URL="${VNEID_LOGOUT_URL:-$VNEID_ISSUER/protocol/openid-connect/logout}"
  export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
  local admin_secret_note="****"
  if [ -z "${KC_BOOTSTRAP_ADMIN_PASSWORD:-}" ]; then
    KC_BOOTSTRAP_ADMIN_PASSWORD="$(admin_password)"
    admin_secret_note="password in $ADMIN_PASSWORD_FILE"
  fi
  export KC_BOOTSTRAP_ADMIN_PASSWORD

  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  local t0
  t0="$(now_ms)"
  : >"$LOG_FILE"
  log "starting on $BASE_URL (management $HEALTH_URL), overlay '${KC_OVERLAY:-none}', log $LOG_FILE"
  # Variables named KC_* are read by Keycloak as configuration options; drop this
  # script's own ones so they are not mistaken for server options.
  (
    exec 9>&- # the server must not hold the instance lock
    cd "$KC_HOME"
    exec env -u KC_PORT -u KC_MGMT_PORT -u KC_INSTANCE -u KC_OVERLAY -u KC_START_TIMEOUT \
      -u KC_STOP_TIMEOUT -u KC_REALM -u KC_JAVA_HOME \
      nohup "${launcher[@]}" "$KC_HOME/bin/kc.sh" start-dev \
      "--http-port=$KC_PORT" \
      "--http-management-port=$KC_MGMT_PORT" \
      --http-management-host=127.0.0.1 \
      "--hostname=$BASE_URL" \
      --health-enabled=true \
      --db=dev-mem \
      --import-realm
  ) >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$wanted" >"$RUN_FILE"
  log "launched pid $pid"

  wait_ready "$pid" "$t0"
  local elapsed_ms
  elapsed_ms=$(($(now_ms) - t0))
  log "ready at $BASE_URL (realm $KC_REALM) — started in $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"
  log "admin console: $BASE_URL/admin ($KC_BOOTSTRAP_ADMIN_USERNAME / $admin_secret_note)"
}

# ---------------------------------------------------------------- stop / status
cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < KC_STOP_TIMEOUT * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "still alive after ${KC_STOP_TIMEOUT} s; sending SIGKILL"
    local jp
    jp="$(java_pid "$pid" || true)"
    # the launcher made $pid a process-group leader: kill the group when it is one
    if [ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ]; then
      kill -KILL -- "-$pid" 2>/dev/null || true
    else
      kill -KILL "$pid" ${jp:+"$jp"} 2>/dev/null || true
    fi
    for ((i = 0; i < 20; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && die "pid $pid survived SIGKILL"
  fi
  rm -f "$PID_FILE" "$RUN_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running"
    return 1
  fi
  if is_ready; then
    local jp rss=""
    jp="$(java_pid "$pid" || true)"
    [ -n "$jp" ] && rss="$(ps -o rss= -p "$jp" 2>/dev/null | tr -d ' ')"
    log "running (pid $pid${jp:+, java $jp}${rss:+, RSS $((rss / 1024)) MiB}) and ready at $BASE_URL (realm $KC_REALM)"
    return 0
  fi
  log "running (pid $pid) but not ready"
  return 1
}

cmd_logs() {
  [ -f "$LOG_FILE" ] || die "no log at $LOG_FILE"
  tail -n "${1:-100}" "$LOG_FILE"
}

# The bootstrap admin's password of this instance: generated at its first start, kept (mode 600) in the cache.
admin_password() {
  if [ ! -s "$ADMIN_PASSWORD_FILE" ]; then
    mkdir -p "$INSTANCE_ROOT"
    (umask 077 && od -An -tx1 -N18 /dev/urandom | tr -d ' \n' >"$ADMIN_PASSWORD_FILE")
  fi
  cat "$ADMIN_PASSWORD_FILE"
}

usage() {
  cat <<EOF
usage: $0 <command>

  fetch    download the Keycloak $KC_VERSION distribution into the cache (once)
  start    extract, import the realm(s) and start Keycloak in the background; idempotent
  stop     stop the instance (SIGTERM, then SIGKILL after KC_STOP_TIMEOUT s); idempotent
  restart  stop then start (re-imports the realm files)
  status   exit 0 when the instance is running and realm '$KC_REALM' answers
  logs [N] print the last N lines of the instance log
  admin-password  print the bootstrap admin's password of the instance (generated at first start)

environment (current value):
  MOTCUA_CACHE=$MOTCUA_CACHE
  KC_INSTANCE=$KC_INSTANCE  KC_PORT=$KC_PORT  KC_MGMT_PORT=$KC_MGMT_PORT
  KC_OVERLAY=${KC_OVERLAY}  KC_START_TIMEOUT=$KC_START_TIMEOUT  KC_STOP_TIMEOUT=$KC_STOP_TIMEOUT
  KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD (default admin / a random password generated at first
    start and kept in $ADMIN_PASSWORD_FILE)
  PORTAL_URL, PORTAL_WEB_CLIENT_SECRET, FEEDBACK_URL, FEEDBACK_WEB_CLIENT_SECRET, AGENCY_POLICE_CLIENT_SECRET,
  AGENCY_BHXH_CLIENT_SECRET,
  NATIONAL_PORTAL_CLIENT_SECRET, VNEID_ISSUER, VNEID_AUTHORIZATION_URL, VNEID_TOKEN_URL, VNEID_USERINFO_URL,
  VNEID_JWKS_URL, VNEID_LOGOUT_URL, VNEID_CLIENT_ID, VNEID_CLIENT_SECRET, MOTCUA_KEYCLOAK_URL
EOF
}

lock_instance() { # serialise start/stop of one instance (parallel test runners)
  command -v flock >/dev/null 2>&1 || return 0
  mkdir -p "$INSTANCE_ROOT"
  exec 9>"$INSTANCE_ROOT/.lock"
  flock -w "$((KC_START_TIMEOUT + KC_STOP_TIMEOUT + 60))" 9 || die "timed out waiting for the lock on instance $KC_INSTANCE"
}

main() {
  local cmd="${1:-help}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    help | -h | --help) usage; return 0 ;;
  esac
  validate_env
  case "$cmd" in
    fetch) cmd_fetch ;;
    start) lock_instance; cmd_start ;;
    stop) lock_instance; cmd_stop ;;
    restart) lock_instance; cmd_stop; cmd_start ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    admin-password)
      [ -s "$ADMIN_PASSWORD_FILE" ] || die "no generated admin password yet (start the instance first, or it was given KC_BOOTSTRAP_ADMIN_PASSWORD)"
      cat "$ADMIN_PASSWORD_FILE"
      echo
      ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
