import { defineRule } from '../engine/rule';
import { setServiceValue } from '../fixes/compose-edit';
import { serviceSetting } from '../model/compose';
import { nonRootUser } from './root-user';

export const composeUserNotSet = defineRule({
  id: 'BH-C010',
  title: 'Service does not set a user',
  severity: 'information',
  appliesTo: ['compose'],
  fixable: true,
  profile: 'strict',
  aliases: {},
  docs: {
    why: "Without `user:` the service runs as whatever user the image's Dockerfile chose, and for most images, official ones included, that is root. A Compose file that sets the user states the decision where it is deployed and keeps it when the image changes. This rule is informational because many images do switch to a non-root user themselves.",
    attacker:
      'If the image runs as root, code execution in the service is root in the container, one step from the host through any host mount, shared namespace or kernel bug.',
    fix: 'Check which user the image runs as (`docker image inspect -f "{{.Config.User}}" <image>`). If it is empty or root, set `user: "10001:10001"` (or the image\'s own non-root user) and make the directories it writes belong to that user.',
    example: {
      language: 'yaml',
      bad: 'services:\n  api:\n    image: registry.example/api:3.2',
      good: 'services:\n  api:\n    image: registry.example/api:3.2\n    user: "10001:10001"',
    },
  },
  check(model, { report }) {
    const { source } = model;
    for (const service of model.services) {
      if (serviceSetting(source, service, 'user')?.value) continue;
      const edit = setServiceValue(source, service, 'user', nonRootUser);
      report({
        range: service.nameRange,
        message: `Service "${service.name}" does not set a user, so it runs as the image's user, which is root for most images. Set user: ${nonRootUser} (or the image's non-root user) if the image does not switch itself.`,
        fixes: edit ? [{ title: `Run as user ${nonRootUser}`, edits: [edit] }] : [],
      });
    }
  },
});
