import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { addFlag, componentCommands, flagIsFalse, flagList } from '../model/command-flags';

export const apiserverAuthentication = defineRule({
  id: 'BH-K060',
  title: 'kube-apiserver allows anonymous or unauthorised requests',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: {
    trivy: ['KCV-0001', 'KCV-0007', 'KCV-0008', 'KCV-0009'],
    checkov: ['CKV_K8S_68', 'CKV_K8S_74', 'CKV_K8S_75', 'CKV_K8S_77', 'CKV_K8S_88'],
    kubescape: ['C-0005', 'C-0113', 'C-0118', 'C-0119', 'C-0120'],
  },
  docs: {
    why: "In a kube-apiserver static pod manifest (recognised by its command or image), three flags decide who gets in. `--anonymous-auth` defaults to true: requests without credentials are served as `system:anonymous`, limited only by what RBAC grants that user and the `system:unauthenticated` group. `--authorization-mode` defaults to `AlwaysAllow` when no authorization configuration is given, and `AlwaysAllow` anywhere in the list lets every authenticated request through; without `RBAC` roles do nothing, without `Node` kubelets are not confined to their own node's objects. `--insecure-port` other than 0 (on versions before 1.24) serves the whole API over plain HTTP with no authentication at all. Both `--flag=value` and `--flag value`, in `command` or `args`, are read. A missing `--anonymous-auth=false` is a warning: kubeadm leaves it on so that health probes reach `/livez`; newer versions can limit anonymous access to those endpoints with an authentication configuration file.",
    attacker:
      'Anyone who reaches the API port (often the internet, for managed load balancers) calls it without credentials; with `AlwaysAllow` or an insecure port they read every Secret and create privileged pods, which is the whole cluster.',
    fix: 'Set `--anonymous-auth=false` (or limit anonymous requests to the health endpoints with `--authentication-config`), `--authorization-mode=Node,RBAC`, and remove `--insecure-port` or set it to 0. The quick fixes edit the flag in place or add it to the flag list.',
    example: {
      language: 'yaml',
      bad: 'command:\n  - kube-apiserver\n  - --authorization-mode=AlwaysAllow\n  - --anonymous-auth=true',
      good: 'command:\n  - kube-apiserver\n  - --authorization-mode=Node,RBAC\n  - --anonymous-auth=false',
    },
  },
  check(model, { report }) {
    for (const command of componentCommands(model, 'kube-apiserver')) {
      const { flags } = command;
      const fix = (title: string, edit: ReturnType<typeof addFlag>): Fix[] =>
        edit ? [{ title, edits: [edit], isPreferred: true }] : [];

      const anonymous = flags.get('anonymous-auth');
      if (!anonymous) {
        report({
          range: command.anchorRange,
          message:
            'kube-apiserver has no --anonymous-auth flag, so requests without credentials are served as system:anonymous. Set --anonymous-auth=false, or limit anonymous access to the health endpoints.',
          severity: 'warning',
          fixes: fix('Add --anonymous-auth=false', addFlag(model, command, 'anonymous-auth', 'false')),
        });
      } else if (!flagIsFalse(anonymous)) {
        report({
          range: anonymous.range,
          message:
            'kube-apiserver serves requests without credentials as system:anonymous (--anonymous-auth is not false). Set --anonymous-auth=false.',
          fixes: anonymous.valueRange
            ? [
                {
                  title: 'Set --anonymous-auth=false',
                  edits: [{ range: anonymous.valueRange, newText: 'false' }],
                  isPreferred: true,
                },
              ]
            : fix('Add --anonymous-auth=false', addFlag(model, command, 'anonymous-auth', 'false')),
        });
      }

      const mode = flags.get('authorization-mode');
      const modes = flagList(mode);
      if (!mode) {
        report({
          range: command.anchorRange,
          message:
            'kube-apiserver has no --authorization-mode flag, and without an authorization configuration it defaults to AlwaysAllow: every authenticated request is allowed. Set --authorization-mode=Node,RBAC.',
          fixes: fix('Add --authorization-mode=Node,RBAC', addFlag(model, command, 'authorization-mode', 'Node,RBAC')),
        });
      } else {
        const problems = [
          ...(modes.includes('AlwaysAllow') ? ['AlwaysAllow lets every authenticated request through'] : []),
          ...(modes.includes('RBAC') ? [] : ['without RBAC, Roles and bindings are ignored']),
          ...(modes.includes('Node') ? [] : ['without Node, kubelets are not confined to their own node']),
        ];
        if (problems.length > 0 && mode.valueRange) {
          const fixed = ['Node', 'RBAC', ...modes.filter((item) => !['AlwaysAllow', 'Node', 'RBAC'].includes(item))];
          report({
            range: mode.valueRange,
            message: `kube-apiserver --authorization-mode=${mode.value}: ${problems.join('; ')}. Use ${fixed.join(',')}.`,
            fixes: [
              {
                title: `Set --authorization-mode=${fixed.join(',')}`,
                edits: [{ range: mode.valueRange, newText: fixed.join(',') }],
                isPreferred: true,
              },
            ],
          });
        }
      }

      const insecure = flags.get('insecure-port');
      if (insecure?.valueRange && insecure.value !== '0') {
        report({
          range: insecure.range,
          message: `kube-apiserver --insecure-port=${insecure.value} serves the whole API over HTTP without authentication or authorisation (before v1.24). Set it to 0.`,
          fixes: [
            {
              title: 'Set --insecure-port=0',
              edits: [{ range: insecure.valueRange, newText: '0' }],
              isPreferred: true,
            },
          ],
        });
      }
    }
  },
});
