import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import { addServiceListItem } from '../fixes/compose-edit';
import { scalarItems, serviceSetting, serviceSettings, settingLocation } from '../model/compose';

export const composeCapabilitiesNotDropped = defineRule({
  id: 'BH-C003',
  title: 'Service does not drop all capabilities',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "Docker keeps about fourteen capabilities by default (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, MKNOD, AUDIT_WRITE…). Most services need none of them. Dropping ALL and adding back only what the process uses is the least-privilege baseline, and it is what Kubernetes' restricted Pod Security level demands too.",
    attacker:
      'Each kept capability is a piece of root: NET_RAW lets a compromised service spoof packets and ARP-poison its neighbours, SETUID/SETGID and DAC_OVERRIDE help it escalate inside the container, and every capability widens what a kernel exploit can reach.',
    fix: 'Add `cap_drop: [ALL]` to the service and add back only what it needs with `cap_add`, e.g. NET_BIND_SERVICE for a port below 1024, or CHOWN/SETUID/SETGID for images whose entrypoint switches users.',
    example: {
      language: 'yaml',
      bad: 'services:\n  api:\n    image: registry.example/api:3.2',
      good: 'services:\n  api:\n    image: registry.example/api:3.2\n    cap_drop: [ALL]',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      const privileged = serviceSetting(source, service, 'privileged')?.value;
      if (isScalar(privileged) && (privileged.value === true || privileged.value === 'true')) continue;
      const layers = serviceSettings(source, service, 'cap_drop');
      const dropsAll = layers.some((layer) =>
        scalarItems(document, layer.value).some((item) => item.text.trim().toUpperCase() === 'ALL'),
      );
      if (dropsAll) continue;
      // Not applied by --fix: images whose entrypoint starts as root and switches users (gosu, su-exec)
      // need CHOWN, SETUID and SETGID back, which only the author can tell.
      const edit = addServiceListItem(source, service, 'cap_drop', 'ALL');
      const fixes = edit ? [{ title: 'Drop all capabilities (cap_drop: [ALL])', edits: [edit] }] : [];
      const nearest = layers[0];
      if (nearest) {
        report({
          ...settingLocation(source, nearest),
          message: `Service "${service.name}" drops some capabilities but not ALL; the rest of Docker's default set stays. Use cap_drop: [ALL] and add back only what it needs.`,
          fixes,
        });
      } else {
        report({
          range: service.nameRange,
          message: `Service "${service.name}" keeps Docker's default capabilities. Add cap_drop: [ALL] and add back only what it needs with cap_add.`,
          fixes,
        });
      }
    }
  },
});
