#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sysctl-advisor authors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: facts
short_description: TCP socket and sysctl facts from sysctl-advisor snapshot
version_added: "0.1.0"
description:
  - Runs C(sysctl-advisor snapshot) and sets C(ansible_facts.sysctl_advisor) to a summary of it -
    kernel, socket counts by state, the busiest destinations with their share of the local ports,
    the usable local ports, counter rates when sampled, and the TCP keys' live values.
options:
  root:
    description: Treat this folder as the host's filesystem root.
    type: path
    default: /
  sample:
    description: Seconds to sample the counters for rates.
    type: float
    default: 0
  top:
    description: How many destinations to keep.
    type: int
    default: 5
  binary:
    description: The sysctl-advisor program.
    type: path
    default: sysctl-advisor
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
author:
  - sysctl-advisor authors
'''

EXAMPLES = r'''
- sysctl_advisor.tcp.facts:
- debug:
    msg: "{{ ansible_facts.sysctl_advisor.sockets['time-wait'] }} TIME_WAIT sockets"
'''

RETURN = r'''
ansible_facts:
  description: C(sysctl_advisor) with kernel, sockets, top_destinations, usable_local_ports, rates, sysctl.
  returned: always
  type: dict
'''

import json
import os

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            root=dict(type='path', default='/'),
            sample=dict(type='float', default=0),
            top=dict(type='int', default=5),
            binary=dict(type='path', default='sysctl-advisor'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    binary = p['binary'] if os.path.sep in p['binary'] else module.get_bin_path(p['binary'], required=True)
    rc, out, err = module.run_command([binary, 'snapshot', '--format', 'json', '--root', p['root'],
                                       '--sample', str(p['sample'])])
    if rc != 0:
        module.fail_json(msg='sysctl-advisor snapshot exited %d: %s' % (rc, err.strip()), rc=rc)
    snap = json.loads(out)
    sockets = snap.get('sockets') or {}
    facts = dict(
        kernel=snap.get('kernel'),
        hostname=snap.get('hostname'),
        sockets=sockets.get('states') or {},
        top_destinations=(sockets.get('peers') or [])[:p['top']],
        usable_local_ports=snap.get('usable_local_ports'),
        rates=snap.get('rates'),
        sysctl=snap.get('sysctl') or {},
    )
    module.exit_json(changed=False, ansible_facts=dict(sysctl_advisor=facts))


if __name__ == '__main__':
    main()
