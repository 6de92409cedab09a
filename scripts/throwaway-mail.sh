# Throwaway mail servers for the e-mail channel tests, all on 127.0.0.1 with their data under the
# test folder: Dovecot for IMAP (any user name, one password, mailboxes made on first use) and
# LMTP, and an SMTP server (Debian's aiosmtpd) that delivers every message it accepts into the
# recipient's Dovecot mailbox over LMTP. So a test can deliver mail to support@… and read it over
# IMAP, and read over IMAP what Hamdel sent to customer@…. Sourced by test.sh.
#   start_throwaway_mail WORKDIR   sets THROWAWAY_IMAP (host:port), THROWAWAY_MAIL_SMTP (host:port)
#                                  and THROWAWAY_IMAP_PASSWORD
#   stop_throwaway_mail
mail_dovecot_conf=""
mail_relay_pid=""

start_throwaway_mail() {
  local work=$1 dir imap_port lmtp_port smtp_port mail_user mail_group internal_user login_user
  dir="$work/dovecot"
  mkdir -p "$dir/run" "$dir/state" "$dir/mail"
  imap_port="$(free_port)"
  lmtp_port="$(free_port)"
  smtp_port="$(free_port)"
  THROWAWAY_IMAP_PASSWORD="imap-test-password"
  if [ "$(id -u)" -eq 0 ]; then
    # Dovecot refuses to read mail as root: mailboxes belong to nobody, Dovecot's own processes to its users.
    mail_user=nobody mail_group=nogroup internal_user=dovecot login_user=dovenull
    chown nobody:nogroup "$dir/mail"
  else
    mail_user="$(id -un)" mail_group="$(id -gn)" internal_user="$mail_user" login_user="$mail_user"
  fi
  mail_dovecot_conf="$dir/dovecot.conf"
  cat >"$mail_dovecot_conf" <<CONF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Ln
recipient_delimiter = +
postmaster_address = postmaster@test.hamdel
first_valid_uid = 1
default_internal_user = $internal_user
default_internal_group = $(id -gn "$internal_user")
default_login_user = $login_user
passdb {
  driver = static
  args = password=$THROWAWAY_IMAP_PASSWORD
}
userdb {
  driver = static
  args = uid=$mail_user gid=$mail_group home=$dir/mail/%Ln allow_all_users=yes
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp_port
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
protocol imap {
  mail_max_userip_connections = 200
}
CONF
  /usr/sbin/dovecot -c "$mail_dovecot_conf" >"$dir/start.log" 2>&1 || { cat "$dir/start.log" "$dir/dovecot.log" 2>/dev/null; return 1; }
  PYTHONPATH="$root/scripts" /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c smtp_to_lmtp.Relay "$lmtp_port" >"$dir/relay.log" 2>&1 &
  mail_relay_pid=$!
  local ready=""
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$imap_port") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; then
      ready=1
      break
    fi
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    cat "$dir/dovecot.log" "$dir/relay.log" 2>/dev/null
    return 1
  fi
  THROWAWAY_IMAP="127.0.0.1:$imap_port"
  THROWAWAY_MAIL_SMTP="127.0.0.1:$smtp_port"
}

stop_throwaway_mail() {
  [ -n "$mail_relay_pid" ] && kill "$mail_relay_pid" 2>/dev/null
  mail_relay_pid=""
  if [ -n "$mail_dovecot_conf" ]; then
    /usr/sbin/dovecot -c "$mail_dovecot_conf" stop 2>/dev/null || true
  fi
  mail_dovecot_conf=""
}
