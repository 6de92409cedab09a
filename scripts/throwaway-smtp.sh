# A throwaway SMTP server for the survey tests: Debian's aiosmtpd on 127.0.0.1, storing every
# message it accepts in a maildir (new/ holds one file per message). Sourced by test.sh.
#   start_throwaway_smtp WORKDIR   sets THROWAWAY_SMTP (host:port) and THROWAWAY_MAILDIR
#   stop_throwaway_smtp
# Debian's python3, not one from PATH: python3-aiosmtpd is installed for it.
smtp_python=/usr/bin/python3
smtp_pid=""

start_throwaway_smtp() {
  local work=$1 port
  port="$(free_port)"
  THROWAWAY_MAILDIR="$work/maildir"
  # All three folders: a Maildir that exists without them is not completed by the server.
  mkdir -p "$THROWAWAY_MAILDIR/tmp" "$THROWAWAY_MAILDIR/new" "$THROWAWAY_MAILDIR/cur"
  "$smtp_python" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$THROWAWAY_MAILDIR" >"$work/smtp.log" 2>&1 &
  smtp_pid=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      THROWAWAY_SMTP="127.0.0.1:$port"
      return 0
    fi
    sleep 0.1
  done
  cat "$work/smtp.log"
  return 1
}

stop_throwaway_smtp() {
  [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null
  smtp_pid=""
}
