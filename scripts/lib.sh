# Shared helpers of the project's scripts (sourced, not run).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR_DIR="$ROOT/var"

say() { printf '\033[1m[motcua]\033[0m %s\n' "$*"; }
die() { printf '[motcua] ERROR: %s\n' "$*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null || die "Node.js 20 or newer is required (node not found)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || die "Node.js 20 or newer is required (found $(node --version))"
}

# Installs npm packages when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm packages (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

# Installs a Debian package when a command is missing (needs root, as on the project's machines).
ensure_debian_package() { # command package
  command -v "$1" >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "$1 is missing: install the Debian package $2 (apt-get install -y $2)"
  say "installing $2 from Debian"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

wait_until() { # seconds description command...
  local deadline=$((SECONDS + $1)) what="$2"
  shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "$what not ready within the time allowed"
    sleep 0.5
  done
}

# PostgreSQL 15 and Redis 7 on 127.0.0.1, started when they are not running.
ensure_services() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    wait_until 60 "PostgreSQL" pg_isready -h 127.0.0.1 -p 5432 -q
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
    say "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379
    wait_until 30 "Redis" sh -c 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG'
  fi
}
