#!/usr/bin/env bash
# Runs every test: unit, integration (real PostgreSQL and Redis), e2e and browser (the built apps against real
# PostgreSQL, Redis and Keycloak, driven through Debian's Chromium). Installs and starts what is missing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

require_node
ensure_debian_package curl curl
ensure_debian_package chromium chromium
ensure_debian_package pdftotext poppler-utils
ensure_node_modules
ensure_services
bash keycloak/keycloak.sh fetch

say "building"
npm run --silent build

say "running the tests"
npx jest --ci "$@"
