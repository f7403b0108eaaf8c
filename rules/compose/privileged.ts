import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { setServiceValue } from '../fixes/compose-edit';
import { removeEntry } from '../fixes/yaml-edit';
import { inheritedNote, serviceSetting, settingLocation } from '../model/compose';

export const composePrivileged = defineRule({
  id: 'BH-C001',
  title: 'Service runs privileged',
  severity: 'error',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: '`privileged: true` switches off nearly every isolation feature at once: the container gets all capabilities, every host device under /dev, no seccomp or AppArmor/SELinux confinement, and writable /sys and /proc paths. It is no longer a sandbox but a root shell on the host with a different root filesystem.',
    attacker:
      'Whoever gets code execution in the service can mount the host disk, load kernel modules or write to cgroup release agents, and so takes over the host and every other container on it in a few commands.',
    fix: 'Remove `privileged: true`. Grant the one thing the service really needs instead: a single capability with `cap_add`, a single device with `devices`, or a dedicated seccomp profile. If the setting comes from a shared anchor, override it with `privileged: false` in the service.',
    example: {
      language: 'yaml',
      bad: 'services:\n  agent:\n    image: registry.example/agent:2.1\n    privileged: true',
      good: 'services:\n  agent:\n    image: registry.example/agent:2.1\n    cap_add: [NET_ADMIN]',
    },
  },
  check(model, { report }) {
    for (const service of model.services) {
      const setting = serviceSetting(model.source, service, 'privileged');
      const value = setting?.value;
      if (!setting || !isScalar(value) || !(value.value === true || value.value === 'true')) continue;
      const edit = setting.inherited
        ? setServiceValue(model.source, service, 'privileged', 'false')
        : removeEntry(model.source, service.node, setting.pair);
      const fixes: Fix[] = edit
        ? [{ title: setting.inherited ? 'Override with privileged: false' : 'Remove privileged: true', edits: [edit] }]
        : [];
      report({
        ...settingLocation(model.source, setting),
        message: `Service "${service.name}" runs privileged${inheritedNote(setting)}: it gets all capabilities and host devices and no seccomp/AppArmor confinement, so an escape to the host is trivial. Remove it and grant only the capability or device the service needs.`,
        fixes,
      });
    }
  },
});
