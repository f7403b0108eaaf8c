import { hostNamespaces } from '../../rules/kubernetes/host-namespaces';
import { testRule } from '../helpers/rule-tester';

testRule(hostNamespaces, {
  valid: [
    {
      name: 'false values',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: false\n  containers: [{name: app}]\n',
    },
  ],
  invalid: [
    {
      name: 'all three host namespaces in a DaemonSet, each its own finding',
      text: 'apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      hostPID: true\n      hostIPC: True\n      containers: [{name: agent}]\n',
      findings: [
        { range: '6:7-6:18', message: /hostNetwork: true gives the pod the node's network stack/ },
        { range: '7:7-7:14', message: /hostPID/ },
        { range: '8:7-8:14', message: /hostIPC/ },
      ],
      fixed: [
        'apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n      hostPID: true\n      hostIPC: True\n      containers: [{name: agent}]\n',
      ],
    },
  ],
});
