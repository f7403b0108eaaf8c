import { apparmorUnconfined } from '../../rules/kubernetes/apparmor-unconfined';
import { testRule } from '../helpers/rule-tester';

testRule(apparmorUnconfined, {
  valid: [
    {
      name: 'RuntimeDefault field, localhost annotation',
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: localhost/custom\nspec:\n  securityContext: {appArmorProfile: {type: RuntimeDefault}}\n  containers: [{name: app}]\n',
    },
  ],
  invalid: [
    {
      name: 'Unconfined on a container',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      securityContext:\n        appArmorProfile:\n          type: Unconfined\n',
      findings: [{ range: '8:11-8:15', message: /Container "app" sets the AppArmor profile type to Unconfined/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      securityContext:\n        appArmorProfile:\n          type: RuntimeDefault\n',
      ],
    },
    {
      name: "the unconfined annotation on a Deployment's pod template",
      text: 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    metadata:\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: unconfined\n    spec:\n      containers: [{name: app}]\n',
      findings: [{ range: '7:9-7:59', message: /sets AppArmor to "unconfined"/ }],
      fixed: [
        'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    metadata:\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/app: runtime/default\n    spec:\n      containers: [{name: app}]\n',
      ],
    },
  ],
});
