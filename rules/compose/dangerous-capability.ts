import { defineRule } from '../engine/rule';
import type { Severity } from '../engine/types';
import { removeServiceListItem } from '../fixes/compose-edit';
import { inheritedNote, scalarItems, serviceSettings, settingLocation } from '../model/compose';

interface Danger {
  severity: Severity;
  reason: string;
}

/** Capabilities Docker does not grant by default and that open a way out of the container or into its neighbours. */
const dangerous: Record<string, Danger> = {
  ALL: { severity: 'error', reason: 'grants every capability, which is as good as privileged' },
  SYS_ADMIN: {
    severity: 'error',
    reason: 'allows mounting filesystems and most administration system calls; it is nearly equivalent to root',
  },
  SYS_MODULE: { severity: 'error', reason: 'allows loading kernel modules, i.e. running code in the host kernel' },
  SYS_RAWIO: { severity: 'error', reason: 'allows raw I/O port and /dev/mem access to host hardware and memory' },
  DAC_READ_SEARCH: {
    severity: 'error',
    reason: 'bypasses read permission checks and opens host files by handle, a known container escape',
  },
  SYS_PTRACE: {
    severity: 'warning',
    reason: 'allows tracing other processes and injecting code into them; only debugging containers need it',
  },
  NET_ADMIN: {
    severity: 'warning',
    reason:
      'allows reconfiguring interfaces, routes and firewall rules and sniffing traffic; only network tools need it',
  },
  BPF: { severity: 'warning', reason: 'allows loading eBPF programs, which can read kernel memory and trace the host' },
  PERFMON: {
    severity: 'warning',
    reason: 'allows kernel performance monitoring, which together with BPF traces the host',
  },
  MAC_ADMIN: { severity: 'warning', reason: 'allows changing the AppArmor/SELinux policy that confines containers' },
  MAC_OVERRIDE: {
    severity: 'warning',
    reason: 'allows overriding the AppArmor/SELinux policy that confines containers',
  },
  SYS_TIME: { severity: 'warning', reason: "allows setting the host's clock, which is not namespaced" },
  SYS_BOOT: { severity: 'warning', reason: 'allows rebooting the host and loading a new kernel' },
  SYSLOG: { severity: 'warning', reason: 'allows reading the kernel log, which leaks kernel addresses to exploits' },
};

export const composeDangerousCapability = defineRule({
  id: 'BH-C002',
  title: 'Service adds a dangerous capability',
  severity: 'error',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "Capabilities split root's power into pieces, and Docker already keeps a default set. `cap_add` hands out more, and some of them (SYS_ADMIN, SYS_MODULE, DAC_READ_SEARCH, SYS_RAWIO, ALL) are enough on their own to leave the container; others (NET_ADMIN, SYS_PTRACE, BPF, PERFMON…) let the service spy on or reconfigure what it shares with the host.",
    attacker:
      'With SYS_ADMIN a compromised process mounts the host disk or abuses cgroup release agents; with DAC_READ_SEARCH it reads /etc/shadow of the host by file handle; with SYS_PTRACE it injects code into neighbouring processes; with NET_ADMIN it redirects traffic.',
    fix: 'Remove the capability. When a tool really needs it, run that tool in a separate, short-lived container instead of the long-running service, and prefer narrow alternatives (a device in `devices`, NET_BIND_SERVICE, a seccomp profile).',
    example: {
      language: 'yaml',
      bad: 'services:\n  app:\n    image: registry.example/app:1.4\n    cap_add: [SYS_ADMIN]',
      good: 'services:\n  app:\n    image: registry.example/app:1.4\n    cap_drop: [ALL]',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      for (const setting of serviceSettings(source, service, 'cap_add')) {
        for (const item of scalarItems(document, setting.value)) {
          const capability = item.text.trim().toUpperCase().replace(/^CAP_/, '');
          const danger = dangerous[capability];
          if (!danger) continue;
          const edit = removeServiceListItem(source, service, setting, item.node);
          report({
            ...settingLocation(source, setting, item.node),
            severity: danger.severity,
            message: `Service "${service.name}" adds ${capability}${inheritedNote(setting)}, which ${danger.reason}. Remove it unless the service cannot work without it.`,
            fixes: edit ? [{ title: `Remove ${item.text} from cap_add`, edits: [edit] }] : [],
          });
        }
      }
    }
  },
});
