# Sourced by test.sh and bench.sh: a PostgreSQL for one run, bound to 127.0.0.1, with its data in
# a temporary folder, stopped when the calling script ends.
#
#   start_throwaway_postgres WORKDIR    sets THROWAWAY_POSTGRES to an admin connection string
#   stop_throwaway_postgres

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

# PostgreSQL refuses to run as root: as root, run it as the postgres user in a folder it owns.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

start_throwaway_postgres() {
  local work=$1
  pg_data="$work/pg"
  local port
  port="$(free_port)"
  mkdir -p "$pg_data"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pg_data"
  as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log"; return 1; }
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $pg_data -c fsync=${PG_FSYNC:-off} -c max_connections=300" start >/dev/null \
    || { cat "$pg_data/server.log"; return 1; }
  THROWAWAY_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20"
}

stop_throwaway_postgres() {
  if [ -n "${pg_data:-}" ] && [ -d "$pg_data" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
}
