import { seccompProfile } from '../../rules/kubernetes/seccomp-profile';
import { testRule } from '../helpers/rule-tester';

testRule(seccompProfile, {
  valid: [
    {
      name: 'pod-level RuntimeDefault covers every container',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  initContainers: [{name: init}]\n  containers: [{name: app}]\n',
    },
    {
      name: 'each container sets Localhost',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {name: app, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}}\n',
    },
  ],
  invalid: [
    {
      name: 'missing everywhere: one finding per container, the fix sets it once for the pod',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: app:1\n',
      findings: [{ range: '5:13-5:16', message: /Container "app" has no seccomp profile/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: app:1\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n',
      ],
    },
    {
      name: 'pod Unconfined: only the explicit setting is reported, as PSA does',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers: [{name: a}, {name: b}]\n',
      findings: [{ range: '6:7-6:11', message: /The pod sets the seccomp profile type to Unconfined/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers: [{name: a}, {name: b}]\n',
      ],
    },
  ],
});

testRule(
  seccompProfile,
  {
    valid: [
      {
        name: 'baseline does not require a profile',
        text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: app}]\n',
      },
    ],
    invalid: [
      {
        name: 'before v1.19 baseline reads the alpha annotations',
        text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: unconfined\nspec:\n  containers: [{name: app}]\n',
        findings: [{ range: '5:5-5:45', message: /sets seccomp to "unconfined"/ }],
        fixed: [
          'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  containers: [{name: app}]\n',
        ],
      },
    ],
  },
  { config: { podSecurity: { level: 'baseline', version: 'v1.18' } } },
);
