import { defineRule } from '../engine/rule';
import { addFlag, componentCommands, flagList } from '../model/command-flags';

export const apiserverAdmission = defineRule({
  id: 'BH-K061',
  title: 'kube-apiserver admission plugins weaken isolation',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KCV-0011', 'KCV-0016'],
    checkov: ['CKV_K8S_79', 'CKV_K8S_85'],
    kubescape: ['C-0122', 'C-0127'],
  },
  docs: {
    why: "`NodeRestriction` is not on by default: without it in `--enable-admission-plugins`, a kubelet may label its own Node to attract sensitive workloads and edit other nodes' objects. `AlwaysAdmit` admits every request whatever the other plugins say. Listing `PodSecurity` in `--disable-admission-plugins` turns off Pod Security Admission, so every `pod-security.kubernetes.io/enforce` label in the cluster is silently ignored. Both flag forms are read, in `command` and `args`.",
    attacker:
      'An attacker who owns one node uses its kubelet credentials to steer pods with secrets onto it (no NodeRestriction); with PodSecurity disabled, anyone who can create a pod in an "enforced" namespace still gets a privileged one.',
    fix: 'Include `NodeRestriction` in `--enable-admission-plugins`, never enable `AlwaysAdmit`, and leave `PodSecurity` enabled (exempt namespaces through the admission configuration instead). The quick fix appends `NodeRestriction` to the list, or adds the flag.',
    example: {
      language: 'yaml',
      bad: 'command:\n  - kube-apiserver\n  - --disable-admission-plugins=PodSecurity',
      good: 'command:\n  - kube-apiserver\n  - --enable-admission-plugins=NodeRestriction',
    },
  },
  check(model, { report }) {
    for (const command of componentCommands(model, 'kube-apiserver')) {
      const enabled = command.flags.get('enable-admission-plugins');
      const plugins = flagList(enabled);
      if (!enabled) {
        const edit = addFlag(model, command, 'enable-admission-plugins', 'NodeRestriction');
        report({
          range: command.anchorRange,
          message:
            'kube-apiserver has no --enable-admission-plugins, so NodeRestriction is off and kubelets can modify other nodes and label their own. Add --enable-admission-plugins=NodeRestriction.',
          fixes: edit
            ? [{ title: 'Add --enable-admission-plugins=NodeRestriction', edits: [edit], isPreferred: true }]
            : [],
        });
      } else if (!plugins.includes('NodeRestriction') && enabled.valueRange) {
        report({
          range: enabled.valueRange,
          message:
            '--enable-admission-plugins does not include NodeRestriction, so kubelets can modify other nodes and label their own. Add it to the list.',
          fixes: [
            {
              title: 'Add NodeRestriction',
              edits: [
                {
                  range: { start: enabled.valueRange.end, end: enabled.valueRange.end },
                  newText: plugins.length > 0 ? ',NodeRestriction' : 'NodeRestriction',
                },
              ],
              isPreferred: true,
            },
          ],
        });
      }
      if (plugins.includes('AlwaysAdmit') && enabled) {
        report({
          range: enabled.valueRange ?? enabled.range,
          message:
            '--enable-admission-plugins includes AlwaysAdmit, which admits every request whatever other plugins decide. Remove it.',
        });
      }
      const disabled = command.flags.get('disable-admission-plugins');
      if (disabled && flagList(disabled).includes('PodSecurity')) {
        report({
          range: disabled.valueRange ?? disabled.range,
          message:
            '--disable-admission-plugins turns off PodSecurity: every pod-security.kubernetes.io/enforce label in the cluster is ignored. Keep the plugin and exempt namespaces in its configuration instead.',
        });
      }
    }
  },
});
