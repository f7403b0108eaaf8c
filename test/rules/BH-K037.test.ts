import { rootGroup } from '../../rules/kubernetes/root-group';
import { testRule } from '../helpers/rule-tester';

const pod = (specLines: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${specLines}`;

testRule(rootGroup, {
  valid: [
    { name: 'a non-root group', text: pod('  securityContext: {runAsGroup: 1000}\n  containers:\n    - name: app\n') },
    {
      name: 'every container overrides the pod-level 0',
      text: pod(
        '  securityContext:\n    runAsGroup: 0\n  containers:\n    - name: app\n      securityContext: {runAsGroup: 10001}\n',
      ),
    },
    { name: 'unset', text: pod('  containers:\n    - name: app\n') },
    {
      name: 'Windows pods cannot set it',
      text: pod('  os: {name: windows}\n  securityContext: {runAsGroup: 0}\n  containers:\n    - name: app\n'),
    },
  ],
  invalid: [
    {
      name: 'pod level: once, on the pod value, naming the containers that inherit it',
      text: pod(
        '  securityContext:\n    runAsGroup: 0\n  initContainers:\n    - name: init\n  containers:\n    - name: app\n      securityContext: {runAsGroup: 1000}\n',
      ),
      findings: [{ range: '7:17-7:18', message: /so init container "init" runs with the root group/ }],
    },
    {
      name: 'container level, and pod level for the container that inherits it',
      text: pod(
        '  securityContext: {runAsGroup: 0}\n  containers:\n    - name: app\n      securityContext:\n        runAsGroup: 0\n    - name: sidecar\n',
      ),
      findings: [
        { range: '6:33-6:34', message: /so container "sidecar" runs/ },
        { range: '10:21-10:22', message: /Container "app" runs with runAsGroup: 0/ },
      ],
    },
    {
      name: 'pod level for every container',
      text: pod('  securityContext: {runAsGroup: 0}\n  containers: [{name: a}, {name: b}]\n'),
      findings: [{ range: '6:33-6:34', message: /so every container runs with the root group/ }],
    },
    {
      name: 'ephemeral container in a Deployment, through an anchor',
      text: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext: &sc {runAsGroup: 0}\n      ephemeralContainers:\n        - name: debug\n          securityContext: *sc\n',
      findings: [{ range: '8:45-8:46' }, { range: '8:45-8:46', message: /Ephemeral container "debug"/ }],
    },
  ],
});
