import { legacySecurityAnnotation } from '../../rules/kubernetes/legacy-security-annotation';
import { testRule } from '../helpers/rule-tester';

const deployment = (annotations: string, spec: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n${annotations}    spec:\n${spec}`;
const app = '      containers:\n        - name: app\n          image: nginx:1.27\n';

testRule(legacySecurityAnnotation, {
  valid: [
    {
      name: 'the fields, no annotations',
      text: deployment(
        '        team: web\n',
        `      securityContext:\n        seccompProfile: {type: RuntimeDefault}\n${app}`,
      ),
    },
    {
      name: "annotations on the Deployment's own metadata do not reach the pod",
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\nspec:\n  template:\n    spec:\n      containers: [{name: app}]\n',
    },
  ],
  invalid: [
    {
      name: 'pod seccomp annotation: moved into the pod securityContext, comment on the next key kept',
      text: deployment(
        '        seccomp.security.alpha.kubernetes.io/pod: runtime/default\n        team: web # owner\n',
        app,
      ),
      findings: [
        {
          range: '9:9-9:49',
          message:
            /"seccomp.security.alpha.kubernetes.io\/pod" is ignored by Kubernetes since v1.27: set seccompProfile: \{type: RuntimeDefault\} in the pod's securityContext/,
        },
      ],
      fixed: [
        deployment(
          '        team: web # owner\n',
          `${app}      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n`,
        ),
      ],
    },
    {
      name: 'container seccomp annotation with a localhost profile, in a Pod',
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: {container.seccomp.security.alpha.kubernetes.io/app: localhost/profiles/app.json}\nspec:\n  containers:\n    - name: app\n',
      findings: [{ range: '4:17-4:67', message: /in the securityContext of container "app"/ }],
      fixed: [
        'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: {}\nspec:\n  containers:\n    - name: app\n      securityContext:\n        seccompProfile: {type: Localhost, localhostProfile: "profiles/app.json"}\n',
      ],
    },
    {
      name: 'the field is already set: only the annotation goes',
      text: deployment(
        '        seccomp.security.alpha.kubernetes.io/pod: docker/default\n        team: web\n',
        `      securityContext: {seccompProfile: {type: RuntimeDefault}}\n${app}`,
      ),
      findings: [{ range: '9:9-9:49' }],
      fixed: [
        deployment('        team: web\n', `      securityContext: {seccompProfile: {type: RuntimeDefault}}\n${app}`),
      ],
    },
    {
      name: 'AppArmor annotation: a fix that is offered, not preferred (v1.30+)',
      text: deployment('        container.apparmor.security.beta.kubernetes.io/app: runtime/default\n', app),
      findings: [
        {
          range: '9:9-9:59',
          message: /is deprecated since Kubernetes v1.30: set appArmorProfile: \{type: RuntimeDefault\}/,
        },
      ],
      fixed: [
        deployment(
          '',
          `${app}          securityContext:\n            appArmorProfile:\n              type: RuntimeDefault\n`,
        ).replace('      annotations:\n', '      annotations: {}\n'),
      ],
    },
    {
      name: 'an annotation for a container the pod does not have',
      text: deployment(
        '        container.apparmor.security.beta.kubernetes.io/gone: unconfined\n        team: web\n',
        app,
      ),
      findings: [{ range: '9:9-9:60', message: /this pod has no container "gone": remove it/ }],
      fixed: [deployment('        team: web\n', app)],
    },
  ],
});
