import { defineRule } from '../engine/rule';
import { setMapValue } from '../fixes/yaml-edit';
import { pairAt, settingRange, yamlBoolean } from '../model/pod-security';
import { getPair, getScalar, keyRange, nodeRange, resolveNode } from '../model/yaml';

export const kubeletConfig = defineRule({
  id: 'BH-K064',
  title: 'KubeletConfiguration allows anonymous or unauthorised access',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KCV-0079', 'KCV-0080', 'KCV-0082'],
    checkov: ['CKV_K8S_138', 'CKV_K8S_139', 'CKV_K8S_141'],
    kubescape: ['C-0069', 'C-0172', 'C-0173', 'C-0175'],
  },
  docs: {
    why: "The kubelet API on port 10250 runs commands in pods, reads their logs and lists everything on the node. In a `KubeletConfiguration` file, `authentication.anonymous.enabled` defaults to true and `authorization.mode` to `AlwaysAllow`, so a file that does not set them (kubeadm's does) leaves that API open to anyone who reaches the node. A `readOnlyPort` other than 0 opens the unauthenticated read-only API (usually 10255), which lists pods, their environment and their images.",
    attacker:
      'An attacker on the node network calls `/run` or `/exec` on the kubelet of every node with anonymous access and AlwaysAllow: command execution in every pod, no credentials needed. The read-only port hands them the inventory to pick targets from.',
    fix: 'Set `authentication.anonymous.enabled: false`, `authentication.webhook.enabled: true`, `authorization.mode: Webhook`, and `readOnlyPort: 0`. The quick fixes set each value in place.',
    example: {
      language: 'yaml',
      bad: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 10255',
      good: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0',
    },
  },
  check(model, { report }) {
    for (const object of model.objects) {
      if (object.kind !== 'KubeletConfiguration' || !object.apiVersion.startsWith('kubelet.config.k8s.io/')) continue;
      const doc = object.document.document;
      const kindRange = nodeRange(model.source, getPair(object.node, 'kind')?.value) ?? model.source.rangeAt(0, 0);
      const setFix = (path: string[], value: string, title: string) => {
        const edit = setMapValue(model.source, doc, object.node, path, value);
        return edit ? [{ title, edits: [edit], isPreferred: true }] : [];
      };

      const anonymous = pairAt(doc, object.node, ['authentication', 'anonymous', 'enabled']);
      const anonymousOn = anonymous ? yamlBoolean(resolveNode(doc, anonymous.value)) !== false : true;
      if (anonymousOn) {
        report({
          range: anonymous
            ? settingRange(model.source, anonymous)
            : (keyRange(model.source, getPair(object.node, 'authentication')) ?? kindRange),
          message: `${anonymous ? 'authentication.anonymous.enabled is on' : 'authentication.anonymous.enabled is not set, and defaults to true'}: the kubelet API serves requests without credentials. Set it to false.`,
          fixes: setFix(
            ['authentication', 'anonymous', 'enabled'],
            'false',
            'Set authentication.anonymous.enabled: false',
          ),
        });
      }

      const mode = pairAt(doc, object.node, ['authorization', 'mode']);
      const modeValue = mode ? (resolveNode(doc, mode.value) as { value?: unknown } | undefined)?.value : undefined;
      if (!mode || modeValue === 'AlwaysAllow') {
        report({
          range: mode
            ? (nodeRange(model.source, mode.value) ?? settingRange(model.source, mode))
            : (keyRange(model.source, getPair(object.node, 'authorization')) ?? kindRange),
          message: `${mode ? 'authorization.mode is AlwaysAllow' : 'authorization.mode is not set, and defaults to AlwaysAllow'}: every request the kubelet authenticates may exec into pods. Set it to Webhook.`,
          fixes: setFix(['authorization', 'mode'], 'Webhook', 'Set authorization.mode: Webhook'),
        });
      }

      const readOnly = getPair(object.node, 'readOnlyPort');
      const port = getScalar(doc, object.node, 'readOnlyPort');
      if (readOnly && port !== 0 && port !== '0' && port !== null) {
        report({
          range: nodeRange(model.source, readOnly.value) ?? settingRange(model.source, readOnly),
          message: `readOnlyPort ${String(port)} opens the kubelet's unauthenticated read-only API, which lists the node's pods and their environment. Set it to 0.`,
          fixes: setFix(['readOnlyPort'], '0', 'Set readOnlyPort: 0'),
        });
      }
    }
  },
});
