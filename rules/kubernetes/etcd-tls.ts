import { defineRule } from '../engine/rule';
import { addFlag, componentCommands, flagIsTrue, flagList } from '../model/command-flags';

const loopback = /^(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?$/;

export const etcdTls = defineRule({
  id: 'BH-K063',
  title: 'etcd accepts clients or peers without certificates',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KCV-0043', 'KCV-0044', 'KCV-0046', 'KCV-0047'],
    checkov: ['CKV_K8S_117', 'CKV_K8S_118', 'CKV_K8S_121'],
    kubescape: ['C-0154', 'C-0155', 'C-0157', 'C-0158'],
  },
  docs: {
    why: "etcd holds the cluster's whole state, every Secret included. Without `--client-cert-auth=true` any client that reaches the client port reads and writes it; without `--peer-client-cert-auth=true` any host can join as a member. `--auto-tls` and `--peer-auto-tls` use self-signed certificates that nobody verifies, and an `http://` URL in `--listen-client-urls` on anything but loopback serves it in clear. The rule reads etcd static pod manifests (by command or image), both flag forms, in `command` and `args`.",
    attacker:
      'Whoever reaches port 2379 of an etcd without client certificate authentication dumps every Secret and rewrites RBAC objects directly in storage, below any admission control or audit log.',
    fix: 'Set `--client-cert-auth=true` and `--peer-client-cert-auth=true` with `--trusted-ca-file` / `--peer-trusted-ca-file` from a CA dedicated to etcd, give real certificates (`--cert-file`, `--peer-cert-file`) instead of auto TLS, and listen on `https://` only.',
    example: {
      language: 'yaml',
      bad: 'command:\n  - etcd\n  - --listen-client-urls=http://0.0.0.0:2379\n  - --auto-tls=true',
      good: 'command:\n  - etcd\n  - --listen-client-urls=https://10.0.0.5:2379,https://127.0.0.1:2379\n  - --client-cert-auth=true\n  - --peer-client-cert-auth=true',
    },
  },
  check(model, { report }) {
    for (const command of componentCommands(model, 'etcd')) {
      const { flags } = command;
      for (const [flag, who] of [
        ['client-cert-auth', 'any client that reaches it can read and write every key, Secrets included'],
        ['peer-client-cert-auth', 'any host can join the cluster as a member'],
      ] as const) {
        const setting = flags.get(flag);
        if (flagIsTrue(setting)) continue;
        const edit = setting?.valueRange
          ? { range: setting.valueRange, newText: 'true' }
          : setting
            ? undefined
            : addFlag(model, command, flag, 'true');
        report({
          range: setting?.range ?? command.anchorRange,
          message: `etcd ${setting ? `sets --${flag}=${setting.value}` : `has no --${flag}=true`}: ${who}. Set --${flag}=true with a trusted CA file.`,
          fixes: edit ? [{ title: `Set --${flag}=true`, edits: [edit], isPreferred: true }] : [],
        });
      }
      for (const flag of ['auto-tls', 'peer-auto-tls']) {
        const setting = flags.get(flag);
        if (setting && flagIsTrue(setting)) {
          report({
            range: setting.range,
            message: `etcd --${flag} uses self-signed certificates that nobody verifies. Give it certificates from the etcd CA instead.`,
          });
        }
      }
      const listen = flags.get('listen-client-urls');
      const plain = flagList(listen).filter((url) => {
        const match = /^http:\/\/([^/]+)/.exec(url);
        return match !== null && !loopback.test(match[1] ?? '');
      });
      if (listen && plain.length > 0) {
        report({
          range: listen.valueRange ?? listen.range,
          message: `etcd listens for clients over plain HTTP on ${plain.join(', ')}: traffic, Secrets included, is unencrypted and unauthenticated. Use https:// URLs.`,
        });
      }
    }
  },
});
