import { defineRule } from '../engine/rule';
import { removeServiceListItem } from '../fixes/compose-edit';
import { inheritedNote, scalarItems, serviceSettings, settingLocation } from '../model/compose';

export const composeHostDevice = defineRule({
  id: 'BH-C008',
  title: 'Service gets a host device',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: 'A `devices:` entry hands a host device node to the container with read and write (and mknod) access by default. Some devices are needed on purpose (a GPU, a serial adapter, /dev/fuse), but each is a direct line into a kernel driver, and disks, /dev/mem or /dev/kmsg give away the host outright.',
    attacker:
      'With a block device (/dev/sda) a compromised service reads or rewrites the host disk below every file permission; with /dev/mem or /dev/kmsg it reads kernel memory or logs; any device driver bug becomes reachable from the container.',
    fix: 'Remove devices the service does not need. For the ones it does, pass the narrowest node and restrict the permissions (`/dev/ttyUSB0:/dev/ttyUSB0:r`), and document why in a comment.',
    example: {
      language: 'yaml',
      bad: 'services:\n  backup:\n    image: registry.example/backup:1.0\n    devices: ["/dev/sda:/dev/sda"]',
      good: 'services:\n  backup:\n    image: registry.example/backup:1.0\n    volumes: ["data:/data:ro"]',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      for (const setting of serviceSettings(source, service, 'devices')) {
        for (const item of scalarItems(document, setting.value)) {
          const device = item.text.split(':')[0] ?? item.text;
          const edit = removeServiceListItem(source, service, setting, item.node);
          report({
            ...settingLocation(source, setting, item.node),
            message: `Service "${service.name}" gets the host device ${device}${inheritedNote(setting)}, with direct access to its kernel driver. Remove it unless the service needs it, and restrict it (e.g. ":r") if so.`,
            fixes: edit ? [{ title: `Remove ${device} from devices`, edits: [edit] }] : [],
          });
        }
      }
    }
  },
});
