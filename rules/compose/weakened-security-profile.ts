import { defineRule } from '../engine/rule';
import { removeServiceListItem } from '../fixes/compose-edit';
import { inheritedNote, scalarItems, serviceSettings, settingLocation } from '../model/compose';

/** `security_opt` values that switch a confinement off, by their normalised `name=value` spelling. */
const weakening: Record<string, string> = {
  'seccomp=unconfined':
    'turns off the seccomp filter, so all ~300 system calls reach the kernel (mount, kexec_load, unshare…)',
  'apparmor=unconfined': 'turns off the AppArmor profile that keeps the container out of /proc, /sys and mounts',
  'label=disable':
    'turns off SELinux labelling, so the container is no longer kept off host files and other containers',
  'systempaths=unconfined': 'unmasks /proc and /sys paths the runtime hides, such as /proc/kcore and /sys/firmware',
};

export const composeWeakenedSecurityProfile = defineRule({
  id: 'BH-C004',
  title: 'Service disables seccomp, AppArmor or SELinux',
  severity: 'error',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'Docker confines every container with a seccomp filter (it blocks mount, reboot, kexec_load, ptrace without SYS_PTRACE, unshare… about 44 system calls), an AppArmor or SELinux profile and masked /proc and /sys paths. These are the layers that stop a kernel bug or a leftover capability from becoming a host compromise. `seccomp:unconfined`, `apparmor:unconfined`, `label:disable` and `systempaths=unconfined` switch them off.',
    attacker:
      'Without seccomp a compromised service can call every kernel interface, including the rarely used ones most kernel exploits target; without AppArmor/SELinux or masked paths it can write to /proc and /sys files that reach the host.',
    fix: 'Remove the option. If the service needs one blocked system call, copy Docker\'s default seccomp profile, allow just that call and point `security_opt: ["seccomp=./profile.json"]` at it; find the call with `strace` rather than turning the filter off.',
    example: {
      language: 'yaml',
      bad: 'services:\n  app:\n    image: registry.example/app:1.4\n    security_opt: ["seccomp:unconfined"]',
      good: 'services:\n  app:\n    image: registry.example/app:1.4\n    security_opt: ["seccomp=./seccomp/app.json"]',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      for (const setting of serviceSettings(source, service, 'security_opt')) {
        for (const item of scalarItems(document, setting.value)) {
          const normalised = item.text
            .trim()
            .toLowerCase()
            .replace(/^([a-z]+):/, '$1=');
          const effect = weakening[normalised];
          if (!effect) continue;
          const edit = removeServiceListItem(source, service, setting, item.node);
          report({
            ...settingLocation(source, setting, item.node),
            message: `Service "${service.name}" sets security_opt "${item.text}"${inheritedNote(setting)}, which ${effect}. Remove it; if one system call is missing, allow just that call in a custom profile.`,
            fixes: edit ? [{ title: `Remove ${item.text} from security_opt`, edits: [edit] }] : [],
          });
        }
      }
    }
  },
});
