import { isScalar } from 'yaml';
import { defineRule } from '../engine/rule';
import type { Fix, TextEdit } from '../engine/types';
import { addServiceListItem, setServiceValue } from '../fixes/compose-edit';

import { scalarItems, serviceSetting, serviceSettings, settingLocation } from '../model/compose';

export const composeWritableRootFilesystem = defineRule({
  id: 'BH-C011',
  title: 'Service has a writable root filesystem',
  severity: 'warning',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'recommended',
  aliases: {},
  docs: {
    why: "A container's filesystem is writable by default, so a compromised process can replace the application's code, drop tools and persist backdoors that survive until the container is recreated. `read_only: true` makes the image's filesystem immutable at run time; volumes and tmpfs mounts stay writable for the data the service really writes.",
    attacker:
      'An attacker who gets code execution writes a web shell next to the application, downloads a miner or exploit into /usr/local/bin, or edits configuration files the next process start reads.',
    fix: 'Set `read_only: true` and give the service writable space only where it needs it: `tmpfs: [/tmp]` for scratch files, named volumes for data. Run the service once and watch the "Read-only file system" errors to find the paths.',
    example: {
      language: 'yaml',
      bad: 'services:\n  api:\n    image: registry.example/api:3.2',
      good: 'services:\n  api:\n    image: registry.example/api:3.2\n    read_only: true\n    tmpfs: [/tmp]',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      const document = service.document.document;
      const setting = serviceSetting(source, service, 'read_only');
      const value = setting?.value;
      if (isScalar(value) && (value.value === true || value.value === 'true')) continue;
      const readOnly = setServiceValue(source, service, 'read_only', 'true');
      const fixes: Fix[] = [];
      if (readOnly) fixes.push({ title: 'Set read_only: true', edits: [readOnly] });
      const hasTmp = serviceSettings(source, service, 'tmpfs').some((layer) =>
        scalarItems(document, layer.value).some((item) => item.text.split(':')[0] === '/tmp'),
      );
      const tmpfs = hasTmp ? undefined : addServiceListItem(source, service, 'tmpfs', '/tmp');
      if (readOnly && tmpfs) {
        const edits: TextEdit[] = [readOnly, tmpfs];
        fixes.push({ title: 'Set read_only: true with a writable tmpfs at /tmp', edits });
      }
      report({
        ...(setting ? settingLocation(source, setting, value) : { range: service.nameRange }),
        message: `Service "${service.name}" ${setting ? 'sets read_only to false' : 'has a writable root filesystem'}, so a compromised process can change its code and plant tools. Set read_only: true and mount tmpfs or volumes where it must write.`,
        fixes,
      });
    }
  },
});
