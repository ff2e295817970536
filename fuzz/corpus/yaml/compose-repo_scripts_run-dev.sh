#!/bin/sh
# Runs the load balancer alone for local testing.
set -eu
docker run --rm -p 8443:443 \
  --sysctl net.ipv4.tcp_syncookies=0 \
  --sysctl "net.ipv4.tcp_keepalive_time=$KEEPALIVE" \
  haproxy:2.9
