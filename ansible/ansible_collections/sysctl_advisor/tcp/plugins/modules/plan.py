#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sysctl-advisor authors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: plan
short_description: Plan and apply TCP sysctl settings with sysctl-advisor
version_added: "0.1.0"
description:
  - Runs C(sysctl-advisor plan --format json) on the host and returns the plan (changes with the
    evidence for each, findings, rules that could not be evaluated) as data.
  - With C(state=applied) applies the plan with C(sysctl-advisor apply --plan), which writes a
    journal first and restores every key it changed when a write fails; the task then fails and
    says that the host was rolled back.
  - Check mode is a dry run (nothing is applied; C(changed) says whether changes are pending).
    Diff mode shows each pending key's current and proposed value.
options:
  profile:
    description: Deployment profile (C(sysctl-advisor profiles)); default is the one the evidence suggests.
    type: str
  root:
    description: Treat this folder as the host's filesystem root (a copy of another host, tests).
    type: path
    default: /
  state:
    description: C(planned) only reports; C(applied) applies pending changes.
    type: str
    choices: [planned, applied]
    default: planned
  plan:
    description:
      - A plan reviewed earlier (the C(plan) this module returned) to apply instead of planning now.
        sysctl-advisor refuses it when it does not match the host.
    type: dict
  sample:
    description: Seconds to sample the counters for rate() rules.
    type: float
    default: 0
  persist:
    description: Persist applied values to /etc/sysctl.d/90-sysctl-advisor.conf (under C(root)).
    type: bool
    default: true
  state_dir:
    description: The journal folder (default ROOT/var/lib/sysctl-advisor).
    type: path
  binary:
    description: The sysctl-advisor program.
    type: path
    default: sysctl-advisor
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
author:
  - sysctl-advisor authors
'''

EXAMPLES = r'''
- name: What would change on the load balancers (dry run, with diffs)
  sysctl_advisor.tcp.plan:
    profile: load-balancer
  check_mode: true
  diff: true
  register: lb_plan

- name: Apply, rolled back by the tool if any write fails
  sysctl_advisor.tcp.plan:
    profile: web-behind-lb
    state: applied
'''

RETURN = r'''
plan:
  description: The plan document (schema sysctl-advisor/plan/v1).
  returned: always
  type: dict
changes:
  description: Pending changes (key, current, proposed, rule, severity, reason).
  returned: always
  type: list
  elements: dict
findings:
  description: Findings (advice no sysctl fixes).
  returned: always
  type: list
  elements: dict
applied:
  description: Whether sysctl-advisor apply ran and succeeded.
  returned: always
  type: bool
rolled_back:
  description: The apply failed and sysctl-advisor restored every key it had changed.
  returned: on apply failure
  type: bool
'''

import json
import os
import tempfile

from ansible.module_utils.basic import AnsibleModule


def run_json(module, args):
    rc, out, err = module.run_command(args, environ_update={'NO_COLOR': '1'})
    if rc != 0:
        module.fail_json(msg='%s exited %d: %s' % (' '.join(args[:2]), rc, err.strip()), rc=rc, stderr=err)
    try:
        return json.loads(out)
    except ValueError as e:
        module.fail_json(msg='%s printed no JSON: %s' % (' '.join(args[:2]), e), stdout=out, stderr=err)


def lines(changes, field):
    return ''.join('%s = %s\n' % (c['key'], c.get(field) if c.get(field) is not None else '(unknown)') for c in changes)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            profile=dict(type='str'),
            root=dict(type='path', default='/'),
            state=dict(type='str', choices=['planned', 'applied'], default='planned'),
            plan=dict(type='dict'),
            sample=dict(type='float', default=0),
            persist=dict(type='bool', default=True),
            state_dir=dict(type='path'),
            binary=dict(type='path', default='sysctl-advisor'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    binary = p['binary'] if os.path.sep in p['binary'] else module.get_bin_path(p['binary'], required=True)
    selection = ['--root', p['root']]
    if p['profile']:
        selection += ['--profile', p['profile']]

    if p['plan'] is not None:
        plan = p['plan']
    else:
        plan = run_json(module, [binary, 'plan', '--format', 'json', '--sample', str(p['sample'])] + selection)
    changes = plan.get('changes', [])
    result = dict(plan=plan, changes=changes, findings=plan.get('findings', []), applied=False,
                  changed=False)
    if module._diff:
        result['diff'] = dict(before=lines(changes, 'current'), after=lines(changes, 'proposed'),
                              before_header='live values', after_header='plan (%s)' % plan.get('profile', ''))
    if p['state'] == 'planned' or not changes:
        module.exit_json(**result)
    result['changed'] = True
    if module.check_mode:
        module.exit_json(**result)

    fd, path = tempfile.mkstemp(prefix='sysctl-advisor-plan.', suffix='.json')
    try:
        with os.fdopen(fd, 'w') as f:
            json.dump(plan, f)
        args = [binary, 'apply', '--plan', path, '--yes', '--root', p['root']]
        if not p['persist']:
            args.append('--no-persist')
        if p['state_dir']:
            args += ['--state-dir', p['state_dir']]
        rc, out, err = module.run_command(args, environ_update={'NO_COLOR': '1'})
    finally:
        os.unlink(path)
    result.update(stdout=out, stderr=err, rc=rc)
    if rc == 3:
        result.update(changed=False, rolled_back=True)
        module.fail_json(msg='apply failed and sysctl-advisor restored every key it had changed: %s' % err.strip(), **result)
    if rc != 0:
        result['changed'] = False
        module.fail_json(msg='sysctl-advisor apply refused the plan (nothing changed): %s' % err.strip(), **result)
    result['applied'] = True
    module.exit_json(**result)


if __name__ == '__main__':
    main()
