#!/usr/bin/env bash
# Idempotent machine set-up for CallCluster on Debian: native libraries, real peers (SIPp, baresip),
# and a PostgreSQL server on this machine. Safe to run again; installs only what is missing.
# Source it (`. scripts/setup.sh`) to get CALLCLUSTER_TEST_POSTGRES exported; the caller's shell options
# are restored afterwards.
_callcluster_caller_opts=$(set +o)
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
  postgresql
  libopus0 libspandsp2 libspeexdsp1 libsrtp2-1
  libespeak-ng1 espeak-ng-data espeak-ng
  libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us pocketsphinx
  sip-tester baresip sox
  chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet on PATH)." >&2
  exit 1
fi

# PostgreSQL: the Debian cluster, listening on loopback and the local socket, with a superuser role
# for the current OS user (peer authentication over the socket: no password exists to leak).
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$pg_version main"; then
  $SUDO pg_createcluster "$pg_version" main >/dev/null
fi
conf="/etc/postgresql/$pg_version/main/conf.d/callcluster.conf"
if [ ! -f "$conf" ]; then
  printf "listen_addresses = '127.0.0.1'\nmax_connections = 400\n" | $SUDO tee "$conf" >/dev/null
  $SUDO pg_ctlcluster "$pg_version" main stop >/dev/null 2>&1 || true
fi
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  $SUDO pg_ctlcluster "$pg_version" main start
fi
me=$(id -un)
as_postgres() { if [ -z "$SUDO" ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
if ! as_postgres psql -tAc "SELECT 1 FROM pg_roles WHERE rolname='$me'" | grep -q 1; then
  as_postgres createuser -s "$me"
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $3}')
export CALLCLUSTER_TEST_POSTGRES="Host=/var/run/postgresql;Port=$pg_port;Username=$me;Database=postgres"
echo "setup: PostgreSQL $pg_version online; CALLCLUSTER_TEST_POSTGRES=$CALLCLUSTER_TEST_POSTGRES"
eval "$_callcluster_caller_opts"
unset _callcluster_caller_opts
