import { apiserverAuthentication } from '../../rules/kubernetes/apiserver-authentication';
import { testRule } from '../helpers/rule-tester';
import { staticPod } from './control-plane-fixtures';

const secure = '        - --anonymous-auth=false\n        - --authorization-mode=Node,RBAC\n';

testRule(apiserverAuthentication, {
  valid: [
    { name: 'kubeadm-like flags', text: staticPod('kube-apiserver', secure) },
    {
      name: 'the `--flag value` form, flags in args',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: api\n      image: registry.k8s.io/kube-apiserver:v1.30.0\n      args: ["--anonymous-auth", "false", "--authorization-mode", "RBAC,Node,Webhook"]\n',
    },
    {
      name: 'other containers are not the API server',
      text: staticPod('kube-scheduler', '        - --profiling=true\n'),
    },
  ],
  invalid: [
    {
      name: 'AlwaysAllow: on the value, fixed in place keeping other modes',
      text: staticPod(
        'kube-apiserver',
        '        - --anonymous-auth=false\n        - --authorization-mode=AlwaysAllow,Webhook\n',
      ),
      findings: [
        {
          range: '14:32-14:51',
          message: /AlwaysAllow lets every authenticated request through; without RBAC.*Use Node,RBAC,Webhook\./,
        },
      ],
      fixed: [
        staticPod(
          'kube-apiserver',
          '        - --anonymous-auth=false\n        - --authorization-mode=Node,RBAC,Webhook\n',
        ),
      ],
    },
    {
      name: '`--anonymous-auth true` as two items: the whole flag, the value rewritten',
      text: staticPod(
        'kube-apiserver',
        '        - --anonymous-auth\n        - "true"\n        - --authorization-mode=Node,RBAC\n',
      ),
      findings: [{ range: '13:11-14:17', message: /--anonymous-auth is not false/ }],
      fixed: [
        staticPod(
          'kube-apiserver',
          '        - --anonymous-auth\n        - "false"\n        - --authorization-mode=Node,RBAC\n',
        ),
      ],
    },
    {
      name: 'a bare --anonymous-auth is true',
      text: staticPod('kube-apiserver', '        - --anonymous-auth\n        - --authorization-mode=Node,RBAC\n'),
      findings: [{ range: '13:11-13:27' }],
      fixed: [
        staticPod(
          'kube-apiserver',
          '        - --anonymous-auth\n        - --authorization-mode=Node,RBAC\n        - --anonymous-auth=false\n',
        ),
      ],
    },
    {
      name: 'missing flags: on the container name, added to the command',
      text: staticPod('kube-apiserver', '        - --authorization-mode=Node,RBAC\n'),
      findings: [{ range: '9:13-9:27', message: /no --anonymous-auth flag/, severity: 'warning' }],
      fixed: [
        staticPod('kube-apiserver', '        - --authorization-mode=Node,RBAC\n        - --anonymous-auth=false\n'),
      ],
    },
    {
      name: 'no authorization mode, insecure port open, in args of a multi-document file',
      text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${staticPod('kube-apiserver', '').replace('        - kube-apiserver\n', '        - kube-apiserver\n      args:\n        - --anonymous-auth=false\n        - --insecure-port=8080\n')}`,
      findings: [
        { range: '13:13-13:27', message: /defaults to AlwaysAllow/ },
        { range: '19:11-19:31', message: /--insecure-port=8080 serves the whole API over HTTP/ },
      ],
      fixed: [
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${staticPod('kube-apiserver', '').replace('        - kube-apiserver\n', '        - kube-apiserver\n      args:\n        - --anonymous-auth=false\n        - --insecure-port=8080\n        - --authorization-mode=Node,RBAC\n')}`,
      ],
    },
  ],
});
