"""The hosts behind tests/scenarios/*: what each one is, as author.py turns it into a root.

Kernel releases, machine sizes (established hash buckets, TCP memory pages) and counters are those
of real distributions and plausible uptimes; the sysctl files are the kind that get copied from
tuning guides. Values the kernel computes from memory follow its formulas (see author.py).
"""

UBUNTU_SYSCTL_CONF = """\
#
# /etc/sysctl.conf - Configuration file for setting system variables
# See /etc/sysctl.d/ for additional system variables.
# See sysctl.conf (5) for information.
#

#kernel.domainname = example.com

# Uncomment the following to stop low-level messages on console
#kernel.printk = 3 4 1 3

###################################################################
# Functions previously found in netbase
#

# Uncomment the next two lines to enable Spoof protection (reverse-path filter)
# Turn on Source Address Verification in all interfaces to
# prevent some spoofing attacks
#net.ipv4.conf.default.rp_filter=1
#net.ipv4.conf.all.rp_filter=1

# Uncomment the next line to enable TCP/IP SYN cookies
# See http://lwn.net/Articles/277146/
# Note: This may impact IPv6 TCP sessions too
#net.ipv4.tcp_syncookies=1
"""

SCENARIOS = {
    # nginx on Ubuntu 22.04 in front of two application servers, without upstream keepalive: one
    # connection per request, closed by nginx, so TIME_WAIT towards 10.0.0.7:8080 eats the port
    # range. Someone pasted a 2014 tuning list into sysctl.d (tw_recycle, fin_timeout 15, ...).
    "lb-nginx-upstream-churn": {
        "kernel": "5.15.0-91-generic",
        "ehash": 131072, "mem_pages": 382947, "uptime_scale": 4000,
        "sysctl": {
            "net.ipv4.tcp_fin_timeout": "15",
            "net.core.somaxconn": "1024",
            "net.ipv4.tcp_max_syn_backlog": "65535",
            "net.ipv4.tcp_keepalive_time": "300",
        },
        "files": {
            "etc/sysctl.conf": UBUNTU_SYSCTL_CONF,
            "etc/sysctl.d/99-tuning.conf": """\
# High-traffic TCP tuning (from "Linux performance tuning for nginx", 2014)
net.ipv4.tcp_tw_recycle = 1
net.ipv4.tcp_fin_timeout = 15
net.core.somaxconn = 1024
net.ipv4.tcp_max_syn_backlog = 65535
net.ipv4.tcp_keepalive_time = 300
""",
        },
        "counters": {"SyncookiesSent": 0, "ListenOverflows": 0, "ListenDrops": 0, "TWRecycled": 0,
                     "TCPTimeWaitOverflow": 0, "PAWSEstab": 312, "PAWSActive": 0, "TW": 93411870},
        "tcp": {"ActiveOpens": 48112904, "PassiveOpens": 51007233, "AttemptFails": 18233, "EstabResets": 90112,
                "CurrEstab": 2250, "InSegs": 1902733110, "OutSegs": 2210948721, "RetransSegs": 1988201,
                "InErrs": 33, "OutRsts": 402119},
    },

    # A Django/gunicorn application server on Debian 12 behind the load balancer; it opens a new
    # PostgreSQL connection per request. A "hardening" file turned timestamps off (so its own
    # tcp_tw_reuse=1 does nothing) and capped TIME_WAIT at 20,000, which the host now hits.
    "web-app-db-churn": {
        "kernel": "6.1.0-18-amd64",
        "ehash": 65536, "mem_pages": 190851, "uptime_scale": 2500,
        "sysctl": {
            "net.ipv4.tcp_timestamps": "0",
            "net.ipv4.tcp_tw_reuse": "1",
            "net.ipv4.tcp_max_tw_buckets": "20000",
        },
        "files": {
            "etc/sysctl.d/60-hardening.conf": """\
# Hardening baseline (copied from the ops wiki)
# hide uptime from fingerprinting
net.ipv4.tcp_timestamps = 0
# faster TIME_WAIT turnover
net.ipv4.tcp_tw_reuse = 1
net.ipv4.tcp_max_tw_buckets = 20000
""",
        },
        "counters": {"TCPTimeWaitOverflow": 1204331, "TWRecycled": 0, "ListenOverflows": 0, "ListenDrops": 0,
                     "SyncookiesSent": 0, "TW": 61092345},
        "tcp": {"ActiveOpens": 30211980, "PassiveOpens": 29873112, "AttemptFails": 2210, "EstabResets": 4410,
                "CurrEstab": 1120, "InSegs": 902733110, "OutSegs": 880948721, "RetransSegs": 120441,
                "OutRsts": 51022},
    },

    # PostgreSQL 15 on RHEL 9: 600 pooled connections from four application servers. An old
    # runbook's sysctl file pins somaxconn at 128, and the accept queue overflowed during
    # reconnection storms after failovers.
    "postgres-listen-overflow": {
        "kernel": "5.14.0-362.8.1.el9_3.x86_64",
        "ehash": 262144, "mem_pages": 765894, "uptime_scale": 800,
        "sysctl": {
            "net.core.somaxconn": "128",
            "net.ipv4.tcp_tw_reuse": "1",
            "vm.swappiness": "10",
        },
        "files": {
            "etc/sysctl.conf": """\
# sysctl settings are defined through files in
# /usr/lib/sysctl.d/, /run/sysctl.d/, and /etc/sysctl.d/.
#
# Vendors settings live in /usr/lib/sysctl.d/.
# To override a whole file, create a new file with the same in
# /etc/sysctl.d/ and put new settings there. To override
# only specific settings, add a file with a lexically later
# name in /etc/sysctl.d/ and put new settings there.
#
# For more information, see sysctl.conf(5) and sysctl.d(5).
""",
            "etc/sysctl.d/99-postgresql.conf": """\
# PostgreSQL host settings (install runbook, 2012)
vm.swappiness = 10
net.core.somaxconn = 128
net.ipv4.tcp_tw_reuse = 1
""",
        },
        "counters": {"ListenOverflows": 18432, "ListenDrops": 18432, "SyncookiesSent": 0, "TWRecycled": 0,
                     "TCPTimeWaitOverflow": 0, "TW": 410233},
        "tcp": {"ActiveOpens": 12044, "PassiveOpens": 1320877, "AttemptFails": 12, "EstabResets": 3310,
                "CurrEstab": 600, "InSegs": 402733110, "OutSegs": 511948721, "RetransSegs": 20441, "OutRsts": 4022},
    },

    # A public HTTPS server on Ubuntu 24.04 whose sysctl file turned SYN cookies off ("they break TCP
    # options") and raised tcp_max_syn_backlog instead. During floods the SYN queue fills and
    # SYNs are dropped. It closes idle keep-alive connections itself: 41,250 TIME_WAIT spread over
    # clients, harmless; 2,600 orphans wait in FIN_WAIT_2 for mobile clients that went away.
    "edge-syncookies-off": {
        "kernel": "6.8.0-45-generic",
        "ehash": 262144, "mem_pages": 765894, "uptime_scale": 3000,
        "sysctl": {
            "net.ipv4.tcp_syncookies": "0",
            "net.ipv4.tcp_max_syn_backlog": "8192",
            "net.ipv4.tcp_synack_retries": "2",
        },
        "files": {
            "etc/sysctl.conf": UBUNTU_SYSCTL_CONF,
            "etc/sysctl.d/50-ddos.conf": """\
# syncookies break TCP options (window scaling, SACK): use a big SYN backlog instead
net.ipv4.tcp_syncookies = 0
net.ipv4.tcp_max_syn_backlog = 8192
net.ipv4.tcp_synack_retries = 2
""",
        },
        "counters": {"TCPReqQFullDrop": 48211, "TCPReqQFullDoCookies": 0, "ListenOverflows": 3166,
                     "ListenDrops": 51377, "SyncookiesSent": 0, "TWRecycled": 0, "TCPTimeWaitOverflow": 0,
                     "TW": 120992001},
        "tcp": {"ActiveOpens": 30211, "PassiveOpens": 98233412, "AttemptFails": 20, "EstabResets": 1900332,
                "CurrEstab": 9800, "InSegs": 3902733110, "OutSegs": 4210948721, "RetransSegs": 9988201,
                "InErrs": 3103, "OutRsts": 1402119},
    },

    # Debian 9 (Linux 4.9) web server facing mobile clients behind carrier NAT, with the classic
    # blog list appended to /etc/sysctl.conf: tw_recycle=1 drops their SYNs (PAWSPassive), and the
    # 5,000 TIME_WAIT cap makes connections skip TIME_WAIT. A small machine: orphans towards
    # vanished clients hit tcp_max_orphans (TCPAbortOnMemory).
    "edge-old-kernel-tw-recycle": {
        "kernel": "4.9.0-13-amd64",
        "ehash": 32768, "mem_pages": 92598, "uptime_scale": 1500,
        "sysctl": {
            "net.ipv4.tcp_tw_recycle": "1",
            "net.ipv4.tcp_tw_reuse": "1",
            "net.ipv4.tcp_fin_timeout": "15",
            "net.ipv4.tcp_max_tw_buckets": "5000",
        },
        "files": {
            "etc/sysctl.conf": """\
#
# /etc/sysctl.conf - Configuration file for setting system variables
# See /etc/sysctl.d/ for additional system variables.
# See sysctl.conf (5) for information.
#

#kernel.domainname = example.com

# Uncomment the next line to enable TCP/IP SYN cookies
#net.ipv4.tcp_syncookies=1

# added 2017-03: "fix TIME_WAIT" (from a blog post)
net.ipv4.tcp_tw_recycle = 1
net.ipv4.tcp_tw_reuse = 1
net.ipv4.tcp_fin_timeout = 15
net.ipv4.tcp_max_tw_buckets = 5000
""",
        },
        "counters": {"PAWSPassive": 18644, "PAWSActive": 0, "PAWSEstab": 1207, "TCPTimeWaitOverflow": 2931554,
                     "TCPAbortOnMemory": 3877,
                     "TWRecycled": 7302115, "ListenOverflows": 0, "ListenDrops": 18644, "SyncookiesSent": 0,
                     "TW": 40211873},
        "tcp": {"ActiveOpens": 8812, "PassiveOpens": 51220998, "AttemptFails": 3, "EstabResets": 802119,
                "CurrEstab": 2210, "InSegs": 902733110, "OutSegs": 1010948721, "RetransSegs": 3988201,
                "InErrs": 210, "OutRsts": 702119},
    },

    # A Debian 13 batch host planned with the generic profile: its job calls an HTTPS API
    # (10.1.4.20:443) with a new connection per call. The evidence contradicts the profile.
    "generic-batch-client": {
        "kernel": "6.12.48+deb13-amd64",
        "ehash": 131072, "mem_pages": 382947, "uptime_scale": 600,
        "files": {},
        "counters": {"ListenOverflows": 0, "SyncookiesSent": 0, "TWRecycled": 0, "TCPTimeWaitOverflow": 0,
                     "TW": 20113211},
        "tcp": {"ActiveOpens": 20140211, "PassiveOpens": 3110, "AttemptFails": 1210, "EstabResets": 2011,
                "CurrEstab": 40, "InSegs": 402733110, "OutSegs": 391948721, "RetransSegs": 40441, "OutRsts": 20122},
    },

    # A Debian 13 application server behind the load balancer, with a connection pool that still
    # churns: 30% of the ports towards PostgreSQL sit in TIME_WAIT. Worth fixing in the pool; not
    # yet a reason for tcp_tw_reuse.
    "web-pool-moderate": {
        "kernel": "6.12.48+deb13-amd64",
        "ehash": 131072, "mem_pages": 382947, "uptime_scale": 1200,
        "files": {},
        "counters": {"ListenOverflows": 0, "SyncookiesSent": 0, "TWRecycled": 0, "TCPTimeWaitOverflow": 0,
                     "TW": 12113211},
        "tcp": {"ActiveOpens": 10140211, "PassiveOpens": 9810133, "AttemptFails": 210, "EstabResets": 2011,
                "CurrEstab": 640, "InSegs": 302733110, "OutSegs": 291948721, "RetransSegs": 20441, "OutRsts": 10122},
    },

    # MySQL 5.7 on CentOS 7 (Linux 3.10): a 2016 "database tuning" file still enables tw_recycle
    # (its clients are app servers, no NAT: a warning, not an error) and forces cookies for every
    # SYN. Idle pooled connections cross a firewall.
    "db-centos7-legacy": {
        "kernel": "3.10.0-1160.102.1.el7.x86_64",
        "ehash": 131072, "mem_pages": 382947, "uptime_scale": 5000,
        "sysctl": {
            "net.ipv4.tcp_tw_recycle": "1",
            "net.ipv4.tcp_syncookies": "2",
        },
        "files": {
            "etc/sysctl.conf": """\
# System default settings live in /usr/lib/sysctl.d/00-system.conf.
# To override those settings, enter new settings here, or in an /etc/sysctl.d/<name>.conf file
#
# For more information, see sysctl.conf(5) and sysctl.d(5).
""",
            "etc/sysctl.d/90-mysql.conf": """\
# database tuning, 2016
net.ipv4.tcp_tw_recycle = 1
net.ipv4.tcp_syncookies = 2
""",
        },
        "counters": {"PAWSPassive": 0, "PAWSActive": 0, "PAWSEstab": 211, "SyncookiesSent": 81220433,
                     "SyncookiesRecv": 80911203, "SyncookiesFailed": 1022, "ListenOverflows": 0, "ListenDrops": 0,
                     "TWRecycled": 0, "TCPTimeWaitOverflow": 0, "TW": 902113},
        "tcp": {"ActiveOpens": 20112, "PassiveOpens": 81220433, "AttemptFails": 12, "EstabResets": 22310,
                "CurrEstab": 410, "InSegs": 1402733110, "OutSegs": 1511948721, "RetransSegs": 120441, "OutRsts": 24022},
    },
}
