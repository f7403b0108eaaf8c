import { windowsHostProcess } from '../../rules/kubernetes/windows-host-process';
import { testRule } from '../helpers/rule-tester';

testRule(windowsHostProcess, {
  valid: [
    {
      name: 'hostProcess: false',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {windowsOptions: {hostProcess: false}}\n  containers: [{name: app}]\n',
    },
  ],
  invalid: [
    {
      name: 'pod-level HostProcess',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n      runAsUserName: "NT AUTHORITY\\\\SYSTEM"\n  containers: [{name: app}]\n',
      findings: [{ range: '6:7-6:18', message: /The pod runs as a Windows HostProcess/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    windowsOptions:\n      runAsUserName: "NT AUTHORITY\\\\SYSTEM"\n  containers: [{name: app}]\n',
      ],
    },
  ],
});
