import { etcdTls } from '../../rules/kubernetes/etcd-tls';
import { testRule } from '../helpers/rule-tester';
import { staticPod } from './control-plane-fixtures';

const mutual = '        - --client-cert-auth=true\n        - --peer-client-cert-auth=true\n';

testRule(etcdTls, {
  valid: [
    {
      name: 'kubeadm-like etcd',
      text: staticPod('etcd', `${mutual}        - --listen-client-urls=https://127.0.0.1:2379,https://10.0.0.5:2379\n`),
    },
    {
      name: 'plain HTTP on loopback only',
      text: staticPod('etcd', `${mutual}        - --listen-client-urls=http://127.0.0.1:2379\n`),
    },
    {
      name: 'the two-item form',
      text: staticPod('etcd', '        - --client-cert-auth\n        - "true"\n        - --peer-client-cert-auth\n'),
    },
  ],
  invalid: [
    {
      name: 'client-cert-auth=false: rewritten in place',
      text: staticPod('etcd', '        - --client-cert-auth=false\n        - --peer-client-cert-auth=true\n'),
      findings: [{ range: '13:11-13:35', message: /sets --client-cert-auth=false: any client that reaches it/ }],
      fixed: [staticPod('etcd', '        - --client-cert-auth=true\n        - --peer-client-cert-auth=true\n')],
    },
    {
      name: 'peer-client-cert-auth missing: added',
      text: staticPod('etcd', '        - --client-cert-auth=true\n'),
      findings: [{ range: '9:13-9:17', message: /has no --peer-client-cert-auth=true/ }],
      fixed: [staticPod('etcd', '        - --client-cert-auth=true\n        - --peer-client-cert-auth=true\n')],
    },
    {
      name: 'auto TLS and plain HTTP on all interfaces',
      text: staticPod(
        'etcd',
        `${mutual}        - --auto-tls=true\n        - --listen-client-urls=http://0.0.0.0:2379\n`,
      ),
      findings: [
        { range: '15:11-15:26', message: /--auto-tls uses self-signed certificates/ },
        { range: '16:32-16:51', message: /plain HTTP on http:\/\/0\.0\.0\.0:2379/ },
      ],
    },
  ],
});
