import { defineRule } from '../engine/rule';
import { componentCommands, flagIsTrue } from '../model/command-flags';

export const apiserverAuditEncryption = defineRule({
  id: 'BH-K062',
  title: 'kube-apiserver without audit log or Secret encryption',
  severity: 'warning',
  appliesTo: ['kubernetes'],
  fixable: false,
  profile: 'recommended',
  aliases: {
    trivy: ['KCV-0018', 'KCV-0019', 'KCV-0030'],
    checkov: ['CKV_K8S_90', 'CKV_K8S_91'],
    kubescape: ['C-0067', 'C-0129', 'C-0130', 'C-0141'],
  },
  docs: {
    why: 'Without `--encryption-provider-config`, Secrets are stored in etcd as base64 text: anyone with a copy of etcd or of its backups reads them all. Without `--audit-log-path` and `--audit-policy-file` (or a webhook backend), there is no record of who read which Secret or created which binding. `--profiling=true` exposes Go profiling endpoints on the API server that reveal internals and cost CPU. The flags need files on the control-plane nodes, so there is no quick fix.',
    attacker:
      'An attacker who obtains an etcd snapshot (from a backup bucket or a compromised control-plane node) reads every Secret in clear; without an audit log their API activity leaves no trace to investigate.',
    fix: 'Write an EncryptionConfiguration (KMS v2 or `secretbox`, see BH-K057) and pass it with `--encryption-provider-config`; write an audit Policy and pass `--audit-policy-file` with `--audit-log-path` (or `--audit-webhook-config-file`); remove `--profiling=true` or set it to false.',
    example: {
      language: 'yaml',
      bad: 'command:\n  - kube-apiserver\n  - --profiling=true',
      good: 'command:\n  - kube-apiserver\n  - --profiling=false\n  - --encryption-provider-config=/etc/kubernetes/enc/config.yaml\n  - --audit-policy-file=/etc/kubernetes/audit/policy.yaml\n  - --audit-log-path=/var/log/kubernetes/audit.log',
    },
  },
  check(model, { report }) {
    for (const command of componentCommands(model, 'kube-apiserver')) {
      const { flags } = command;
      if (!flags.has('encryption-provider-config')) {
        report({
          range: command.anchorRange,
          message:
            'kube-apiserver has no --encryption-provider-config: Secrets are stored in etcd unencrypted. Configure KMS v2 or secretbox encryption and pass the file with this flag.',
        });
      }
      const auditBackend = flags.has('audit-log-path') || flags.has('audit-webhook-config-file');
      if (!auditBackend || !flags.has('audit-policy-file')) {
        const missing = [
          ...(flags.has('audit-policy-file') ? [] : ['--audit-policy-file']),
          ...(auditBackend ? [] : ['--audit-log-path (or --audit-webhook-config-file)']),
        ];
        report({
          range: command.anchorRange,
          message: `kube-apiserver writes no audit log: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing. Without it nobody can tell who read a Secret or changed RBAC.`,
        });
      }
      const profiling = flags.get('profiling');
      if (profiling && flagIsTrue(profiling)) {
        report({
          range: profiling.range,
          message: 'kube-apiserver --profiling is on, exposing Go profiling endpoints. Set --profiling=false.',
          ...(profiling.valueRange
            ? {
                fixes: [
                  {
                    title: 'Set --profiling=false',
                    edits: [{ range: profiling.valueRange, newText: 'false' }],
                    isPreferred: true,
                  },
                ],
              }
            : {}),
        });
      }
    }
  },
});
