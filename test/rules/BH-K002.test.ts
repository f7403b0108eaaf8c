import { privilegedContainer } from '../../rules/kubernetes/privileged-container';
import { testRule } from '../helpers/rule-tester';

const pod = (containers: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${containers}`;

testRule(privilegedContainer, {
  valid: [
    { name: 'privileged: false', text: pod('    - name: app\n      securityContext:\n        privileged: false\n') },
    {
      name: 'a quoted "true" is a string the API server rejects, not a privileged container',
      text: pod('    - name: app\n      securityContext: {privileged: "yes"}\n'),
    },
  ],
  invalid: [
    {
      name: 'block style, the key is removed with its comment',
      text: pod(
        '    - name: app\n      securityContext:\n        privileged: true # needs /dev\n        runAsNonRoot: true\n',
      ),
      findings: [{ range: '9:9-9:19', message: /Container "app" is privileged/ }],
      fixed: [pod('    - name: app\n      securityContext:\n        runAsNonRoot: true\n')],
    },
    {
      name: 'YAML 1.1 "yes" in an init container of a Deployment, flow style',
      text: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n        - {name: setup, securityContext: {privileged: yes, runAsUser: 0}}\n      containers: [{name: app}]\n',
      findings: [{ range: '7:43-7:53', message: /Init container "setup"/ }],
      fixed: [
        'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      initContainers:\n        - {name: setup, securityContext: {runAsUser: 0}}\n      containers: [{name: app}]\n',
      ],
    },
    {
      name: 'the only key of the securityContext',
      text: pod('    - name: app\n      securityContext:\n        privileged: true\n'),
      findings: [{ range: '9:9-9:19' }],
      fixed: [pod('    - name: app\n      securityContext: {}\n')],
    },
  ],
});
