import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';
import { setServiceValue } from '../fixes/compose-edit';
import { inheritedNote, serviceSetting, settingLocation } from '../model/compose';

export const nonRootUser = '"10001:10001"';

/** `root`, `0`, `0:0`, `root:root`, `0:1000`: the user part decides. */
export function isRootUser(value: unknown): boolean {
  const user = String(value).trim().split(':')[0] ?? '';
  return user === 'root' || user === '0';
}

export const composeRootUser = defineRule({
  id: 'BH-C009',
  title: 'Service runs as root',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "`user: root` (or `0`, `0:0`) overrides whatever non-root user the image chose and runs the service as UID 0. Unless the daemon remaps user namespaces, that is the host's root user, limited only by capabilities, seccomp and AppArmor.",
    attacker:
      'Code execution in the service is root in the container: it can rewrite the application, read every mounted secret, and every host mount, shared namespace or kernel bug becomes a root-on-the-host problem.',
    fix: 'Remove the override or set an unprivileged user, e.g. `user: "10001:10001"`, and give that user ownership of the directories it writes (in the image or with a volume). Listen on ports above 1024 so no capability is needed.',
    example: {
      language: 'yaml',
      bad: 'services:\n  api:\n    image: registry.example/api:3.2\n    user: root',
      good: 'services:\n  api:\n    image: registry.example/api:3.2\n    user: "10001:10001"',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const setting = serviceSetting(source, service, 'user');
      const value = setting?.value;
      if (!setting || !isScalar(value) || value.value === null || !isRootUser(value.value)) continue;
      const edit = setServiceValue(source, service, 'user', nonRootUser);
      const fixes: Fix[] = edit ? [{ title: `Run as user ${nonRootUser}`, edits: [edit] }] : [];
      report({
        ...settingLocation(source, setting, value),
        message: `Service "${service.name}" runs as root (user: ${String(value.value)})${inheritedNote(setting)}; a compromise of it is root in the container and close to root on the host. Run it as an unprivileged user such as ${nonRootUser}.`,
        fixes,
      });
    }
  },
});
