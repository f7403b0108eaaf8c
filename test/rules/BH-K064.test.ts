import { kubeletConfig } from '../../rules/kubernetes/kubelet-config';
import { testRule } from '../helpers/rule-tester';

const header = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';
const secure =
  'authentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\nauthorization:\n  mode: Webhook\n';

testRule(kubeletConfig, {
  valid: [
    { name: "kubeadm's settings", text: `${header}${secure}readOnlyPort: 0\n` },
    {
      name: 'another kind is not a kubelet configuration',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {readOnlyPort: "10255"}\n',
    },
  ],
  invalid: [
    {
      name: 'read-only port open, on the value, set to 0',
      text: `${header}${secure}readOnlyPort: 10255\n`,
      findings: [
        { range: '10:15-10:20', message: /readOnlyPort 10255 opens the kubelet's unauthenticated read-only API/ },
      ],
      fixed: [`${header}${secure}readOnlyPort: 0\n`],
    },
    {
      name: 'anonymous on and AlwaysAllow, flow style',
      text: `${header}authentication: {anonymous: {enabled: true}}\nauthorization: {mode: AlwaysAllow}\n`,
      findings: [
        { range: '3:30-3:37', message: /authentication\.anonymous\.enabled is on/ },
        { range: '4:23-4:34', message: /authorization\.mode is AlwaysAllow/ },
      ],
      fixed: [`${header}authentication: {anonymous: {enabled: false}}\nauthorization: {mode: AlwaysAllow}\n`],
    },
    {
      name: 'nothing set: the defaults are open; fixes add the settings',
      text: `${header}cgroupDriver: systemd\n`,
      findings: [
        { range: '2:7-2:27', message: /anonymous\.enabled is not set, and defaults to true/ },
        { range: '2:7-2:27', message: /authorization\.mode is not set, and defaults to AlwaysAllow/ },
      ],
      fixed: [`${header}cgroupDriver: systemd\nauthentication:\n  anonymous:\n    enabled: false\n`],
    },
  ],
});
