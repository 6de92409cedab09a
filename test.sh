#!/usr/bin/env bash
# Builds Hamdel and runs every test against real servers, then prints "N passed, N failed".
#
# Run as root on a fresh Debian machine (as CI does), it installs what the tests need from
# Debian's packages (PostgreSQL, Chromium, an SMTP server, ...). Every server it starts is a throwaway one:
# bound to 127.0.0.1, with its data in a temporary folder, stopped when the script ends.
#
#   ./test.sh                  everything
#   ./test.sh Hamdel.Text.Tests  only the named test projects
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
work="$(mktemp -d /tmp/hamdel-test.XXXXXX)"
chmod 755 "$work"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n== %s\n' "$*"; }

# --- Debian packages --------------------------------------------------------------------------
need=()
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$pg_bin/initdb" ] || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
[ -f /usr/share/zoneinfo/Asia/Tehran ] || need+=(tzdata)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
[ -x /usr/lib/dovecot/imap ] || need+=(dovecot-imapd)
[ -x /usr/lib/dovecot/lmtp ] || need+=(dovecot-lmtpd)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages: ${need[*]}. Install them (or run as root) and try again." >&2
    exit 1
  fi
  log "Installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; exit 1; }
  apt-get install -y -q --no-install-recommends "${need[@]}" >>"$work/apt.log" 2>&1 || { cat "$work/apt.log"; exit 1; }
  # Debian starts a cluster on install; the tests use their own, so stop the system one.
  command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | while read -r ver name _; do pg_ctlcluster "$ver" "$name" stop 2>/dev/null || true; done
  # The same for Dovecot, where the package started one (without systemd there is only its init script).
  [ -x /etc/init.d/dovecot ] && /etc/init.d/dovecot stop >/dev/null 2>&1 || true
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi

# --- throwaway servers ------------------------------------------------------------------------
# shellcheck source=scripts/throwaway-postgres.sh
. "$root/scripts/throwaway-postgres.sh"
# shellcheck source=scripts/throwaway-smtp.sh
. "$root/scripts/throwaway-smtp.sh"
# shellcheck source=scripts/throwaway-mail.sh
. "$root/scripts/throwaway-mail.sh"
pids=()
cleanup() {
  stop_throwaway_postgres
  stop_throwaway_smtp
  stop_throwaway_mail
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

log "Starting PostgreSQL ($("$pg_bin/postgres" --version))"
start_throwaway_postgres "$work" || exit 1
export HAMDEL_TEST_POSTGRES="$THROWAWAY_POSTGRES"

log "Starting an SMTP server (aiosmtpd) for the survey e-mails"
start_throwaway_smtp "$work" || exit 1
export HAMDEL_TEST_SMTP="$THROWAWAY_SMTP" HAMDEL_TEST_MAILDIR="$THROWAWAY_MAILDIR"

log "Starting Dovecot (IMAP, LMTP) and an SMTP server delivering into it, for the e-mail channel"
start_throwaway_mail "$work" || exit 1
export HAMDEL_TEST_IMAP="$THROWAWAY_IMAP" HAMDEL_TEST_MAIL_SMTP="$THROWAWAY_MAIL_SMTP" HAMDEL_TEST_IMAP_PASSWORD="$THROWAWAY_IMAP_PASSWORD"

# --- tools from npm ---------------------------------------------------------------------------
tools="$root/.tools"
if [ ! -x "$tools/node_modules/.bin/redocly" ]; then
  log "Installing @redocly/cli (OpenAPI linter) into .tools/"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error @redocly/cli@2.77.0 >"$work/npm.log" 2>&1 \
    || { cat "$work/npm.log"; exit 1; }
fi
export HAMDEL_REDOCLY="$tools/node_modules/.bin/redocly"
export HAMDEL_CHROMIUM="$(command -v chromium)"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

# --- build and run ----------------------------------------------------------------------------
log "Building"
dotnet build Hamdel.slnx -c Release -nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; echo "0 passed, 1 failed"; exit 1; }

projects=()
if [ $# -gt 0 ]; then
  projects=("$@")
else
  for dir in tests/*.Tests/; do projects+=("$(basename "$dir")"); done
fi

status=0
for project in "${projects[@]}"; do
  exe="tests/$project/bin/Release/net10.0/$project"
  if [ ! -x "$exe" ]; then
    echo "No test executable at $exe" >&2
    status=1
    continue
  fi
  log "Running $project"
  (cd "tests/$project/bin/Release/net10.0" && "./$project" -noColor -noLogo -reporter quiet -result-xml "$results/$project.xml") || status=1
done

# --- totals -----------------------------------------------------------------------------------
# Each result file has one <assembly ... passed="N" failed="N" errors="N"> per test assembly.
read -r passed failed < <(cat "$results"/*.xml 2>/dev/null | grep -o '<assembly [^>]*' | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
      if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed" || kv[1] == "errors") f += kv[2] } }
  END { print p + 0, f + 0 }')
# The runners' own failure reports scroll away in a long log, so name the failed tests again here.
if [ "$failed" -gt 0 ]; then
  echo
  echo "Failed tests:"
  /usr/bin/python3 - "$results"/*.xml <<'PY'
import sys, xml.etree.ElementTree as ET
for path in sys.argv[1:]:
    for test in ET.parse(path).iter("test"):
        if test.get("result") == "Fail":
            message = (test.findtext("failure/message") or "").strip().splitlines()
            print(f"  {test.get('name')}")
            for line in message[:6]:
                print(f"      {line[:300]}")
PY
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a runner crashed without reporting a failed test
fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
