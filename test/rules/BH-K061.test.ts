import { apiserverAdmission } from '../../rules/kubernetes/apiserver-admission';
import { testRule } from '../helpers/rule-tester';
import { staticPod } from './control-plane-fixtures';

testRule(apiserverAdmission, {
  valid: [
    {
      name: 'NodeRestriction enabled',
      text: staticPod('kube-apiserver', '        - --enable-admission-plugins=NodeRestriction,EventRateLimit\n'),
    },
    {
      name: 'the `--flag value` form in args',
      text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: api\n      command: [kube-apiserver]\n      args: [--enable-admission-plugins, "NamespaceLifecycle,NodeRestriction"]\n',
    },
  ],
  invalid: [
    {
      name: 'NodeRestriction missing from the list: appended to the value',
      text: staticPod('kube-apiserver', '        - --enable-admission-plugins=NamespaceLifecycle\n'),
      findings: [{ range: '13:38-13:56', message: /does not include NodeRestriction/ }],
      fixed: [staticPod('kube-apiserver', '        - --enable-admission-plugins=NamespaceLifecycle,NodeRestriction\n')],
    },
    {
      name: 'no flag at all: added',
      text: staticPod('kube-apiserver', '        - --secure-port=6443\n'),
      findings: [{ range: '9:13-9:27', message: /has no --enable-admission-plugins/ }],
      fixed: [
        staticPod(
          'kube-apiserver',
          '        - --secure-port=6443\n        - --enable-admission-plugins=NodeRestriction\n',
        ),
      ],
    },
    {
      name: 'AlwaysAdmit, and PodSecurity disabled in the two-item form',
      text: staticPod(
        'kube-apiserver',
        '        - --enable-admission-plugins=NodeRestriction,AlwaysAdmit\n        - --disable-admission-plugins\n        - PodSecurity\n',
      ),
      findings: [
        { range: '13:38-13:65', message: /includes AlwaysAdmit/ },
        { range: '15:11-15:22', message: /turns off PodSecurity/ },
      ],
    },
  ],
});
