#!/bin/sh
docker run --rm --sysctl net.core.somaxconn=1024 --sysctl=net.ipv4.tcp_syncookies=1 \
  --sysctl "net.ipv4.ip_local_port_range=1024 65000" --sysctl 'kernel.msgmax=$MAX' img
podman run --sysctl net.ipv4.tcp_fin_timeout="${FIN}" img; # --sysctl commented=1
