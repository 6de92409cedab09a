#!/usr/bin/env bash
# Benchmarks. Each prints its figure beside an anchor measured in the same run, as a ratio:
# this machine is shared and noisy, so only ratios are comparable between runs.
#
#   ./bench.sh server             idle memory and authenticated list throughput vs a minimal Kestrel app
#   ./bench.sh inbound [count]    messages/s through the batch API vs a raw bulk load of the same rows,
#                                 on SQLite and PostgreSQL (default 20,000 messages)
#   ./bench.sh inbox [count]      inbox list latency with 1,000,000 conversations vs hand-written SQL,
#                                 on SQLite and PostgreSQL
#   ./bench.sh surveys [count]    survey answers/s through the public endpoint (default 5,000, 16 clients)
#                                 and through the CSV import (5x as many rows), each vs a raw bulk load
#                                 of the same rows, on SQLite and PostgreSQL
#   ./bench.sh metrics [count]    NPS/CSAT/CES by month x channel through the metrics API over
#                                 generated answers (default 1,000,000; the issue's figure: 10000000)
#                                 vs DuckDB scanning the same rows, and a CSV import with vs without
#                                 its rollup work, on SQLite and PostgreSQL
#   ./bench.sh email [count]      e-mails/s from IMAP APPEND into a throwaway Dovecot to stored conversation,
#                                 vs MimeKit parsing the same messages in memory (default 2,000 messages),
#                                 on SQLite and PostgreSQL
#   BENCH_DATABASES=postgres ./bench.sh inbox   only the named databases (default: "sqlite postgres")
#
# Needs wrk (Debian package `wrk`); installs it when run as root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work="$(mktemp -d /tmp/hamdel-bench.XXXXXX)"
chmod 755 "$work"
# shellcheck source=scripts/throwaway-postgres.sh
. "$root/scripts/throwaway-postgres.sh"
# shellcheck source=scripts/throwaway-mail.sh
. "$root/scripts/throwaway-mail.sh"
pids=()
cleanup() { stop_throwaway_postgres; stop_throwaway_mail; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

need() {
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
  else
    echo "Install $2 first." >&2; exit 1
  fi
}


wait_ready() {
  for _ in $(seq 1 300); do
    curl -fsS "$1/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "not ready: $1" >&2; return 1
}

rss_mib() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# Runs wrk and prints "rps p50 p90 p99" (latencies in ms).
load() {
  local url=$1; shift
  wrk -t2 -c32 -d"${BENCH_SECONDS:-15}"s --latency "$@" "$url" >"$work/wrk.txt"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) } $1 == "90%" { p90 = ms($2) } $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.2f %.2f %.2f\n", rps, p50, p90, p99 }' "$work/wrk.txt"
}

bench_server() {
  need wrk wrk
  echo "Building (Release)..."
  dotnet build src/Hamdel.Server -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
  dotnet build bench/Hamdel.Bench.Anchor -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null

  local hp ap
  hp=$(free_port); ap=$(free_port)
  (cd src/Hamdel.Server && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$hp" \
    Hamdel__DataDirectory="$work/data" Hamdel__Bootstrap__AdminEmail=bench@hamdel.local Hamdel__Bootstrap__AdminPassword=Bench-Password-1 \
    Logging__LogLevel__Default=Warning exec dotnet bin/Release/net10.0/Hamdel.Server.dll >"$work/hamdel.log" 2>&1) &
  pids+=($!)
  ASPNETCORE_URLS="http://127.0.0.1:$ap" dotnet bench/Hamdel.Bench.Anchor/bin/Release/net10.0/Hamdel.Bench.Anchor.dll >"$work/anchor.log" 2>&1 &
  pids+=($!)
  wait_ready "http://127.0.0.1:$hp"; wait_ready "http://127.0.0.1:$ap"

  local hpid apid
  hpid=$(pgrep -f "bin/Release/net10.0/Hamdel.Server.dll" | head -n1)
  apid=$(pgrep -f "Hamdel.Bench.Anchor.dll" | head -n1)
  sleep 5 # idle: let start-up work and the first GCs settle
  local hrss arss
  hrss=$(rss_mib "$hpid"); arss=$(rss_mib "$apid")

  local token ws url
  token=$(curl -fsS -X POST "http://127.0.0.1:$hp/api/v1/auth/token" -H 'content-type: application/json' \
    -d '{"email":"bench@hamdel.local","password":"Bench-Password-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  ws=$(curl -fsS "http://127.0.0.1:$hp/api/v1/workspaces" -H "Authorization: Bearer $token" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  url="http://127.0.0.1:$hp/api/v1/workspaces/$ws/customers?limit=50"
  curl -fsS "$url" -H "Authorization: Bearer $token" >/dev/null

  # Long enough for tiered JIT to finish promoting the hot paths of both processes.
  echo "Warming up (${BENCH_WARMUP:-20}s each)..."
  BENCH_SECONDS=${BENCH_WARMUP:-20} load "$url" -H "Authorization: Bearer $token" >/dev/null
  BENCH_SECONDS=${BENCH_WARMUP:-20} load "http://127.0.0.1:$ap/items" >/dev/null
  echo "Measuring (${BENCH_SECONDS:-15}s each, 2 threads, 32 connections)..."
  read -r hrps h50 h90 h99 < <(load "$url" -H "Authorization: Bearer $token")
  read -r arps a50 a90 a99 < <(load "http://127.0.0.1:$ap/items")

  echo
  printf '%-44s %12s %12s %8s\n' "server benchmark" "Hamdel" "anchor" "ratio"
  printf '%-44s %12s %12s %8s\n' "idle RSS after start with demo (MiB)" "$hrss" "$arss" "$(awk -v a="$hrss" -v b="$arss" 'BEGIN { printf "%.2f", a / b }')"
  printf '%-44s %12s %12s %8s\n' "GET customers?limit=50 (requests/s)" "$hrps" "$arps" "$(awk -v a="$hrps" -v b="$arps" 'BEGIN { printf "%.3f", a / b }')"
  printf '%-44s %12s %12s %8s\n' "latency p50 (ms)" "$h50" "$a50" "$(awk -v a="$h50" -v b="$a50" 'BEGIN { printf "%.2f", a / b }')"
  printf '%-44s %12s %12s %8s\n' "latency p90 (ms)" "$h90" "$a90" "$(awk -v a="$h90" -v b="$a90" 'BEGIN { printf "%.2f", a / b }')"
  printf '%-44s %12s %12s %8s\n' "latency p99 (ms)" "$h99" "$a99" "$(awk -v a="$h99" -v b="$a99" 'BEGIN { printf "%.2f", a / b }')"
  echo "(anchor: minimal Kestrel app serving the same-shaped JSON page from memory; Hamdel: SQLite, bearer token, workspace check, real query)"
}

# The database benchmarks: the same program on SQLite, then on a throwaway PostgreSQL with fsync on
# (durability costs what it costs in production).
bench_database() {
  local what=$1 count=${2:-}
  echo "Building (Release)..."
  dotnet build bench/Hamdel.Server.Bench -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
  local exe=bench/Hamdel.Server.Bench/bin/Release/net10.0/Hamdel.Server.Bench
  local databases=${BENCH_DATABASES:-sqlite postgres}
  if [[ " $databases " == *" sqlite "* ]]; then
    "$exe" "$what" sqlite ${count:+"$count"}
  fi
  if [[ " $databases " == *" postgres "* ]]; then
    PG_FSYNC=on start_throwaway_postgres "$work" || exit 1
    HAMDEL_BENCH_POSTGRES="$THROWAWAY_POSTGRES" "$exe" "$what" postgres ${count:+"$count"}
  fi
}

# Dovecot (IMAP and LMTP) and the SMTP relay into it, from Debian's packages, on 127.0.0.1.
bench_email() {
  if [ ! -x /usr/lib/dovecot/imap ] || [ ! -x /usr/lib/dovecot/lmtp ] || ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "Install dovecot-imapd, dovecot-lmtpd and python3-aiosmtpd first." >&2; exit 1; }
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dovecot-imapd dovecot-lmtpd python3-aiosmtpd >/dev/null
    [ -x /etc/init.d/dovecot ] && /etc/init.d/dovecot stop >/dev/null 2>&1 || true
  fi
  start_throwaway_mail "$work" || exit 1
  export HAMDEL_BENCH_IMAP="$THROWAWAY_IMAP" HAMDEL_BENCH_IMAP_PASSWORD="$THROWAWAY_IMAP_PASSWORD"
  bench_database email "${1:-}"
}

case "${1:-}" in
  server) bench_server ;;
  email) bench_email "${2:-}" ;;
  inbound) bench_database inbound "${2:-}" ;;
  inbox) bench_database inbox "${2:-}" ;;
  surveys) bench_database surveys "${2:-}" ;;
  metrics) bench_database metrics "${2:-}" ;;
  *) sed -n '2,22p' "$0"; exit 1 ;;
esac
