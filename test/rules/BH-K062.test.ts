import { apiserverAuditEncryption } from '../../rules/kubernetes/apiserver-audit-encryption';
import { testRule } from '../helpers/rule-tester';
import { staticPod } from './control-plane-fixtures';

const hardened =
  '        - --encryption-provider-config=/etc/kubernetes/enc.yaml\n        - --audit-policy-file=/etc/kubernetes/audit.yaml\n        - --audit-log-path=/var/log/audit.log\n';

testRule(apiserverAuditEncryption, {
  valid: [
    {
      name: 'encryption and audit configured, profiling off',
      text: staticPod('kube-apiserver', `${hardened}        - --profiling=false\n`),
    },
    {
      name: 'a webhook audit backend counts, two-item form',
      text: staticPod(
        'kube-apiserver',
        '        - --encryption-provider-config\n        - /etc/enc.yaml\n        - --audit-policy-file\n        - /etc/audit.yaml\n        - --audit-webhook-config-file=/etc/webhook.yaml\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'nothing configured: encryption and audit, each on the container',
      text: staticPod('kube-apiserver', '        - --secure-port=6443\n'),
      findings: [
        { range: '9:13-9:27', message: /no --encryption-provider-config: Secrets are stored in etcd unencrypted/ },
        {
          range: '9:13-9:27',
          message: /--audit-policy-file and --audit-log-path \(or --audit-webhook-config-file\) are missing/,
        },
      ],
    },
    {
      name: '--profiling=true is fixed in place',
      text: staticPod('kube-apiserver', `${hardened}        - --profiling=true\n`),
      findings: [{ range: '16:11-16:27', message: /--profiling is on/ }],
      fixed: [staticPod('kube-apiserver', `${hardened}        - --profiling=false\n`)],
    },
  ],
});
