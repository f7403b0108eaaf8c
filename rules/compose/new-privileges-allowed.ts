import { defineRule } from '../engine/rule';
import { addServiceListItem } from '../fixes/compose-edit';
import { inheritedNote, scalarItems, serviceSettings, settingLocation } from '../model/compose';
import { nodeRange } from '../model/yaml';

const noNewPrivileges = /^no-new-privileges(?:[:=](true|false))?$/i;

export const composeNewPrivilegesAllowed = defineRule({
  id: 'BH-C005',
  title: 'Service does not set no-new-privileges',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "Without the no_new_privs flag a process in the container can gain privileges by executing a setuid or setgid binary (su, sudo, ping on older images, anything an attacker drops with the bit set) or a file with file capabilities. `security_opt: [no-new-privileges:true]` sets the flag for the whole container; it is the Compose equivalent of Kubernetes' `allowPrivilegeEscalation: false`.",
    attacker:
      'An attacker who runs code as the unprivileged user of the service looks for setuid binaries and uses one (or a vulnerability in one) to become root inside the container, the first step to using root-only escape paths.',
    fix: "Add `no-new-privileges:true` to the service's `security_opt`. It rarely breaks anything: only images that rely on sudo or su at runtime notice, and those should not.",
    example: {
      language: 'yaml',
      bad: 'services:\n  api:\n    image: registry.example/api:3.2',
      good: 'services:\n  api:\n    image: registry.example/api:3.2\n    security_opt: ["no-new-privileges:true"]',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      const layers = serviceSettings(source, service, 'security_opt');
      const options = layers.flatMap((setting) =>
        scalarItems(document, setting.value).flatMap((item) => {
          const match = noNewPrivileges.exec(item.text.trim());
          return match ? [{ setting, item, enabled: match[1]?.toLowerCase() !== 'false' }] : [];
        }),
      );
      if (options.some((option) => option.enabled)) continue;
      const disabled = options[0];
      if (disabled) {
        const own = !disabled.setting.inherited;
        const range = nodeRange(source, disabled.item.node);
        report({
          ...settingLocation(source, disabled.setting, disabled.item.node),
          message: `Service "${service.name}" sets "${disabled.item.text}"${inheritedNote(disabled.setting)}, so setuid binaries can still raise privileges. Use no-new-privileges:true.`,
          fixes:
            own && range
              ? [
                  {
                    title: 'Set no-new-privileges:true',
                    edits: [{ range, newText: 'no-new-privileges:true' }],
                    isPreferred: true,
                  },
                ]
              : [],
        });
        continue;
      }
      const edit = addServiceListItem(source, service, 'security_opt', 'no-new-privileges:true');
      const fixes = edit
        ? [{ title: 'Add no-new-privileges:true to security_opt', edits: [edit], isPreferred: true }]
        : [];
      const nearest = layers[0];
      report({
        ...(nearest ? settingLocation(source, nearest) : { range: service.nameRange }),
        message: `Service "${service.name}" does not set no-new-privileges, so a setuid binary in the container can raise a process to root. Add "no-new-privileges:true" to security_opt.`,
        fixes,
      });
    }
  },
});
