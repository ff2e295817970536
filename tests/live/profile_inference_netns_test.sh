#!/bin/sh
# On the real kernel, in a throwaway network namespace: `plan` without --profile infers the host's
# role from who holds which sockets (by socket inode, as `ss -p`) and in which direction, says why
# with the numbers and how sure it is, and says when it cannot tell.
# - idle (no socket): cannot tell, generic;
# - a load balancer: a process renamed haproxy listening on 10.0.0.1:80 with 20 clients, holding
#   200 connections it opened to a backend on 10.0.0.7:8080: load-balancer, all 3 confirming facts;
# - both that and a database: cannot tell (two roles), generic, each one quoted;
# - a database alone: a process renamed postgres listening on 10.0.0.9:5432 with 50 accepted
#   connections from an application process, opening none itself: database, all 3 confirming facts;
#   a snapshot of it infers the same when planned elsewhere;
# - a web server: a process serving 10 clients and holding 5 connections to a database port on
#   another host: web-behind-lb, 1 of its 2 confirming facts (its name is no known app server's).
# - nginx holding 3 connections to its backend (no upstream keepalive): load-balancer, a known proxy
#   needs no pool of 10.
set -eu
. "$(dirname "$0")/netns_lib.sh"
in_netns "$@"
net_up 10.0.0.1 10.0.0.2 10.0.0.7 10.0.0.9
LOAD="/usr/bin/python3 $HERE/port_load.py"
started() {  # started FILE [accepted N]: wait until the process wrote "ready" (and accepted N)
  i=0
  until grep -q ready "$1" && { [ $# = 1 ] || grep -qx "accepted $3" "$1"; }; do
    i=$((i + 1)); [ $i -lt 300 ] || { echo "FAIL: $1 never got ready"; cat "$1"; exit 1; }
    sleep 0.1
  done
}
pid_of() { awk '/ready/ {print $2}' "$1"; }
plan() { "$BIN" plan --format json "$@" > $T/plan.json 2> $T/plan.err || true; }
reason='p["profile_reason"]'

plan
check $T/plan.json 'p["profile"] == "generic" and "cannot tell the host'"'"'s role: no profile'"'"'s signature holds; using generic" in '"$reason"' and "could not be judged" not in '"$reason" \
  "idle: cannot tell, generic (nothing listens: a fact, not 'could not be judged')"

# Each group of processes reads a fifo and ends when the shell closes its end (they must not
# inherit the shell's writers, hence 3>&- 4>&-).
mkfifo $T/lb $T/db
$LOAD serve backend 10.0.0.7 8080 < $T/lb > $T/backend 3>&- 4>&- &
exec 3> $T/lb
started $T/backend
$LOAD serve haproxy 10.0.0.1 80 10.0.0.7 8080 200 < $T/lb > $T/haproxy 3>&- 4>&- &
started $T/haproxy
$LOAD clients curl 10.0.0.1 80 20 < $T/lb > $T/curl 3>&- 4>&- &
started $T/curl
started $T/haproxy accepted 20
started $T/backend accepted 200
LB=$(pid_of $T/haproxy)
plan
check $T/plan.json 'p["profile"] == "load-balancer" and "haproxy (pid '$LB') listens on 10.0.0.1:80 and holds 200 connections it opened to 1 upstream(s), 200 of them to 10.0.0.7:8080: looks like load-balancer" in '"$reason" \
  "haproxy with 200 connections to 10.0.0.7:8080: load-balancer, with the numbers"
check $T/plan.json '"confidence high (3 of 3 confirming facts hold: haproxy (pid '$LB') is a proxy; it serves 20 client connections now; 10.0.0.7:8080 is not a database port)" in '"$reason" \
  "and how sure: the three confirming facts"

$LOAD serve postgres 10.0.0.9 5432 < $T/db > $T/postgres 3>&- 4>&- &
exec 4> $T/db
started $T/postgres
$LOAD clients app 10.0.0.9 5432 50 < $T/db > $T/app 3>&- 4>&- &
started $T/app
started $T/postgres accepted 50
PG=$(pid_of $T/postgres)
plan
check $T/plan.json 'p["profile"] == "generic" and "cannot tell the host'"'"'s role, the facts point to more than one: like database (postgres (pid '$PG') listens on 10.0.0.9:5432 and serves 50 client connections" in '"$reason"' and "like load-balancer (haproxy (pid '$LB')" in '"$reason" \
  "a proxy and a database on one host: cannot tell, both named, generic"

exec 3>&-
i=0; while [ -n "$(ss -Htn state established '( sport = :80 or sport = :8080 )')" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done
plan
check $T/plan.json 'p["profile"] == "database" and "postgres (pid '$PG') listens on 10.0.0.9:5432 and serves 50 client connections, holding 0 it opened itself: looks like database" in '"$reason" \
  "postgres with 50 clients, opening none: database (the clients' own connections to 5432 are the app's, not the host's role)"
check $T/plan.json '"confidence high (3 of 3 confirming facts hold: postgres (pid '$PG') is a database server; it listens on a database port; it opens no connections of its own)" in '"$reason" \
  "and how sure"

# A snapshot records who held what: planned elsewhere, the same role and the same words.
"$BIN" snapshot -o $T/snap.json
"$BIN" plan --snapshot $T/snap.json --format json > $T/from-snap.json 2>/dev/null || true
check $T/from-snap.json 'p["profile"] == "database" and "postgres (pid '$PG') listens on 10.0.0.9:5432" in '"$reason" \
  "plan --snapshot infers database from the recorded programs"
exec 4>&-
i=0; while [ -n "$(ss -Htn state established '( sport = :5432 )')" ] && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done

# A web server: webapp serves 10 clients on 10.0.0.2:8000 and holds 5 connections to 10.0.0.9:5432,
# a database that is not on this host (its listener closed once it had accepted them).
mkfifo $T/web
$LOAD sink remote-db 10.0.0.9 5432 5 < $T/web > $T/remote-db 3>&- &
exec 3> $T/web
until grep -q listening $T/remote-db; do sleep 0.1; done
$LOAD serve webapp 10.0.0.2 8000 10.0.0.9 5432 5 < $T/web > $T/webapp 3>&- &
started $T/remote-db
started $T/webapp
$LOAD clients curl 10.0.0.2 8000 10 < $T/web > $T/curl2 3>&- &
started $T/curl2
started $T/webapp accepted 10
WEB=$(pid_of $T/webapp)
plan
check $T/plan.json 'p["profile"] == "web-behind-lb" and "webapp (pid '$WEB') serves 10 client connections on 10.0.0.2:8000 and holds 5 connections it opened, 5 of them to 10.0.0.9:5432: looks like web-behind-lb; confidence medium (1 of 2 confirming facts hold: 10.0.0.9:5432 is a database port)" in '"$reason" \
  "a server connected to a database port: web-behind-lb, with the numbers and how sure"
exec 3>&-
wait

# A known proxy holding few upstream connections: nginx without upstream keepalive (its default)
# holds only the requests in flight. 3 connections to the backend are enough for a proxy's name
# (a program of unknown name needs 10); before, no signature held and the plan said it could not
# tell, or web-behind-lb from the TIME_WAIT such an nginx leaves behind.
mkfifo $T/px
$LOAD serve backend2 10.0.0.7 8081 < $T/px > $T/backend2 3>&- &
exec 3> $T/px
started $T/backend2
$LOAD serve nginx 10.0.0.1 8088 10.0.0.7 8081 3 < $T/px > $T/nginx 3>&- &
started $T/nginx
$LOAD clients curl 10.0.0.1 8088 5 < $T/px > $T/curl3 3>&- &
started $T/curl3
started $T/nginx accepted 5
started $T/backend2 accepted 3
NG=$(pid_of $T/nginx)
plan
check $T/plan.json 'p["profile"] == "load-balancer" and "nginx (pid '$NG') listens on 10.0.0.1:8088 and holds 3 connections it opened to 1 upstream(s), 3 of them to 10.0.0.7:8081: looks like load-balancer; confidence high (3 of 3 confirming facts hold" in '"$reason" \
  "nginx with 3 connections to its backend: load-balancer, a proxy by name"
exec 3>&-
wait
echo PASS
