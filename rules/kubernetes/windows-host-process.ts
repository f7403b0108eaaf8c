import { defineRule } from '../engine/rule';
import { removeEntry } from '../fixes/yaml-edit';
import { describeContainer, evaluates, podSecurityScopes, settingRange, yamlBoolean } from '../model/pod-security';
import { getMap, getPair, type YAMLMap } from '../model/yaml';

export const windowsHostProcess = defineRule({
  id: 'BH-K012',
  title: 'Windows HostProcess container',
  severity: 'error',
  appliesTo: ['kubernetes'],
  fixable: true,
  profile: 'recommended',
  aliases: { trivy: ['KSV-0103'], pss: ['windowsHostProcess'] },
  docs: {
    why: "A Windows HostProcess container runs directly on the node as a host process, with the node's network and file system: the Windows equivalent of a privileged container. Pod Security baseline forbids it.",
    attacker:
      'Code in a HostProcess container is code on the Windows node, with whatever account the container runs as, often SYSTEM.',
    fix: 'Remove `windowsOptions.hostProcess: true`; node agents that need it belong in a dedicated, exempted namespace.',
    example: {
      language: 'yaml',
      bad: 'securityContext:\n  windowsOptions:\n    hostProcess: true',
      good: 'securityContext:\n  windowsOptions:\n    runAsUserName: "ContainerUser"',
    },
  },
  check(model, context) {
    for (const { podSpec, policy, report } of podSecurityScopes(model, context)) {
      if (!evaluates(policy, 'windowsHostProcess')) continue;
      const doc = podSpec.owner.document.document;
      const checkContext = (securityContext: YAMLMap | undefined, who: string) => {
        const options = getMap(doc, securityContext, 'windowsOptions');
        const pair = getPair(options, 'hostProcess');
        if (!pair || !options || yamlBoolean(pair.value) !== true) return;
        report({
          range: settingRange(model.source, pair),
          message: `${who} runs as a Windows HostProcess, directly on the node. Pod Security baseline rejects it.`,
          fixes: [
            { title: 'Remove hostProcess', edits: [removeEntry(model.source, options, pair)], isPreferred: true },
          ],
        });
      };
      checkContext(podSpec.securityContext, 'The pod');
      for (const container of podSpec.containers) checkContext(container.securityContext, describeContainer(container));
    }
  },
});
