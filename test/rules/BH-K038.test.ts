import { sharedProcessNamespace } from '../../rules/kubernetes/shared-process-namespace';
import { testRule } from '../helpers/rule-tester';

const pod = (specLines: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;

testRule(sharedProcessNamespace, {
  valid: [
    {
      name: 'shared, but nobody is privileged',
      text: pod('  shareProcessNamespace: true\n  containers:\n    - name: app\n    - name: sidecar\n'),
    },
    {
      name: 'a privileged container without a shared namespace',
      text: pod('  containers:\n    - name: app\n    - name: agent\n      securityContext: {privileged: true}\n'),
    },
    {
      name: 'shareProcessNamespace: false',
      text: pod(
        '  shareProcessNamespace: false\n  containers:\n    - name: app\n    - name: agent\n      securityContext: {privileged: true}\n',
      ),
    },
    {
      name: 'a privileged regular init container has finished before the others start',
      text: pod(
        '  shareProcessNamespace: true\n  initContainers:\n    - name: setup\n      securityContext: {privileged: true}\n  containers:\n    - name: app\n',
      ),
    },
    {
      name: 'no neighbour to reach',
      text: pod(
        '  shareProcessNamespace: true\n  containers:\n    - name: only\n      securityContext: {privileged: true}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'SYS_PTRACE next to the app: on the value, related to the capability, removal fix',
      text: pod(
        '  shareProcessNamespace: true\n  containers:\n    - name: app\n    - name: profiler\n      securityContext:\n        capabilities:\n          add: [SYS_PTRACE]\n',
      ),
      findings: [
        {
          range: '6:26-6:30',
          message: /while container "profiler" adds the SYS_PTRACE capability: it can read and ptrace/,
        },
      ],
      fixed: [
        pod(
          '  containers:\n    - name: app\n    - name: profiler\n      securityContext:\n        capabilities:\n          add: [SYS_PTRACE]\n',
        ),
      ],
    },
    {
      name: 'YAML 1.1 "yes", a privileged sidecar init container and ALL capabilities, in flow style',
      text: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec: {shareProcessNamespace: yes, initContainers: [{name: proxy, restartPolicy: Always, securityContext: {privileged: on}}], containers: [{name: app, securityContext: {capabilities: {add: [ALL]}}}]}\n',
      findings: [{ range: '5:35-5:38', message: /init container "proxy" is privileged \(and 1 more\)/ }],
      fixed: [
        'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec: {initContainers: [{name: proxy, restartPolicy: Always, securityContext: {privileged: on}}], containers: [{name: app, securityContext: {capabilities: {add: [ALL]}}}]}\n',
      ],
    },
  ],
});
