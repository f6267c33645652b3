#!/usr/bin/env bash
# Start a local PostgreSQL server for the test suite (Debian's package), with a `kit` role.
# Used by `make test-postgres` and CI; prints the URL for KIT_TEST_POSTGRES.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
read -r version cluster _rest < <(pg_lsclusters -h | head -n 1) || true
if [ -z "${version:-}" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1); cluster=main
  $SUDO pg_createcluster "$version" "$cluster" >/dev/null
fi
$SUDO pg_ctlcluster "$version" "$cluster" start >/dev/null 2>&1 || true
for _ in $(seq 60); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
if ! as_postgres psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'kit'" | grep -q 1; then
  as_postgres psql -qc "CREATE ROLE kit LOGIN SUPERUSER PASSWORD 'kit'"
fi
echo "postgresql+psycopg://kit:kit@127.0.0.1/postgres"
